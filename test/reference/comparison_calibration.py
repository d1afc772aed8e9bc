"""Generates fixtures/comparison-calibration/: real scikit-learn models on digits (1,797 rows, the
rows and ids of fixtures/real-models/digits/data.csv) for the calibration tests of the comparison
check (issue 12): do its verdicts hold on real models?

Every run is a 5-fold out-of-fold prediction; the seed shuffles the folds and seeds the model
(the convention of real_models.py), so runs differ in both training set and initialisation.

  - aa-sgd.json.gz: 1,000 runs (seeds 0..999) of one model, StandardScaler + linear SVM by SGD
    (SGDClassifier hinge, alpha 1e-3, 30 epochs). Any two disjoint groups of 5 runs are an A/A
    comparison: both sides trained identically.
  - small-svc.json.gz: 40 runs each of an RBF SVM with C = 0.5 and C = 1 (seeds 0..39, the same
    seeds for both values): a small real difference of regularisation strength (about 0.4 points)
    on models whose predictions move little with the folds. Eight seed sets of 5 + 5 runs.
  - clear/: baseline = SGD linear SVM with alpha 0.1 (strongly regularised), candidate = an MLP
    (64 hidden units, StandardScaler); 5 seeds each, about 4 points apart. JSONL {id, seed, pred}.
  - planted/: digits with a `site` column (A..D, seeded, 15% D) where site D's images come from
    a faint, noisy scanner (pixels x 0.4 + N(0, 1) + 5, rounded, clipped to 0..16). Baseline =
    the SGD linear SVM trained on every training row; candidate = an RBF SVM (C = 3) whose training
    rows leave site D out. The candidate is better overall and worse on site D.
  - truth.json: the accuracies this script measures (overall, per site), for the tests to compare.

The .json.gz pools hold, per run, the predicted class of every row in data order as one string of
digits (classes 0..9 are one character each).

    /usr/bin/python3 test/reference/comparison_calibration.py   # python3-sklearn 1.2.1, numpy 1.24

Takes about 3 minutes on 2 cores; rerunning rewrites the files with the same content.
"""

import csv
import gzip
import json
import os
from multiprocessing import Pool
import warnings

import numpy as np
from sklearn.datasets import load_digits
from sklearn.linear_model import SGDClassifier
from sklearn.model_selection import StratifiedKFold
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..", "fixtures")
OUT = os.path.join(ROOT, "comparison-calibration")

X, Y = load_digits(return_X_y=True)
SITE_RNG = np.random.default_rng(12)
SITES = SITE_RNG.choice(list("ABCD"), len(Y), p=[0.35, 0.3, 0.2, 0.15])
IN_D = SITES == "D"
PLANTED_X = X.astype(float).copy()
PLANTED_X[IN_D] = np.clip(np.round(PLANTED_X[IN_D] * 0.4 + SITE_RNG.normal(0, 1.0, (int(IN_D.sum()), 64)) + 5), 0, 16)


def sgd(alpha, seed):
    return make_pipeline(StandardScaler(), SGDClassifier(loss="hinge", alpha=alpha, max_iter=30, tol=None, random_state=seed))


def make(kind, seed):
    if kind == "sgd":
        return sgd(1e-3, seed)
    if kind == "sgd-alpha0.1":
        return sgd(0.1, seed)
    if kind == "mlp":
        return make_pipeline(StandardScaler(), MLPClassifier((64,), max_iter=200, random_state=seed))
    if kind.startswith("svc-C"):
        return SVC(C=float(kind[5:]))
    raise ValueError(kind)


def out_of_fold(job):
    kind, seed, planted = job
    x = PLANTED_X if planted else X
    pred = np.zeros(len(Y), dtype=int)
    for train, test in StratifiedKFold(n_splits=5, shuffle=True, random_state=seed).split(x, Y):
        if planted and kind != "sgd":
            train = train[SITES[train] != "D"]
        pred[test] = make(kind, seed).fit(x[train], Y[train]).predict(x[test])
    return pred


def write_pool(path, description, runs):
    body = {"source": "test/reference/comparison_calibration.py", "description": description, "rows": len(Y), "runs": runs}
    with gzip.GzipFile(path, "wb", mtime=0) as f:
        f.write(json.dumps(body, separators=(",", ":")).encode("utf-8"))


def write_jsonl(path, ids, preds):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for seed, pred in enumerate(preds):
            for i, p in zip(ids, pred):
                f.write(json.dumps({"id": i, "seed": seed, "pred": str(int(p))}) + "\n")


def accuracy(preds, mask=None):
    right = np.array([p == Y for p in preds], dtype=float)
    return float(right[:, mask].mean() if mask is not None else right.mean())


def main():
    warnings.filterwarnings("ignore")
    digits = list(csv.DictReader(open(os.path.join(ROOT, "real-models", "digits", "data.csv"), newline="", encoding="utf-8")))
    assert [int(r["label"]) for r in digits] == Y.tolist(), "fixtures/real-models/digits/data.csv is not load_digits order"
    ids = [int(r["id"]) for r in digits]
    os.makedirs(os.path.join(OUT, "clear"), exist_ok=True)
    os.makedirs(os.path.join(OUT, "planted"), exist_ok=True)
    jobs = [("sgd", s, False) for s in range(1000)]
    jobs += [(k, s, False) for k in ("svc-C0.5", "svc-C1") for s in range(40)]
    jobs += [(k, s, False) for k in ("sgd-alpha0.1", "mlp") for s in range(5)]
    jobs += [(k, s, True) for k in ("sgd", "svc-C3") for s in range(5)]
    with Pool(2) as pool:
        results = pool.map(out_of_fold, jobs, chunksize=8)
    got = {}
    for (kind, seed, planted), pred in zip(jobs, results):
        got.setdefault((kind, planted), []).append(pred)
    text = lambda preds: ["".join(str(int(p)) for p in pred) for pred in preds]
    write_pool(os.path.join(OUT, "aa-sgd.json.gz"), "SGD linear SVM (hinge, alpha 1e-3, 30 epochs), seeds 0..999", {"sgd": text(got[("sgd", False)])})
    write_pool(os.path.join(OUT, "small-svc.json.gz"), "RBF SVM, C = 0.5 and C = 1, seeds 0..39", {"svc-C0.5": text(got[("svc-C0.5", False)]), "svc-C1": text(got[("svc-C1", False)])})
    write_jsonl(os.path.join(OUT, "clear", "sgd-alpha0.1.jsonl"), ids, got[("sgd-alpha0.1", False)])
    write_jsonl(os.path.join(OUT, "clear", "mlp.jsonl"), ids, got[("mlp", False)])
    with open(os.path.join(OUT, "planted", "data.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "site"] + [f"pixel_{k // 8}_{k % 8}" for k in range(64)] + ["label"])
        for i in range(len(Y)):
            w.writerow([ids[i], SITES[i]] + [int(v) for v in PLANTED_X[i]] + [int(Y[i])])
    write_jsonl(os.path.join(OUT, "planted", "baseline-sgd.jsonl"), ids, got[("sgd", True)])
    write_jsonl(os.path.join(OUT, "planted", "candidate-svc-without-D.jsonl"), ids, got[("svc-C3", True)])
    truth = {
        "source": "test/reference/comparison_calibration.py",
        "aa": {"runs": 1000, "accuracy": accuracy(got[("sgd", False)])},
        "small": {k: accuracy(got[(k, False)]) for k in ("svc-C0.5", "svc-C1")},
        "clear": {k: accuracy(got[(k, False)]) for k in ("sgd-alpha0.1", "mlp")},
        "planted": {
            side: {"overall": accuracy(got[(k, True)]), **{s: accuracy(got[(k, True)], SITES == s) for s in "ABCD"}}
            for side, k in (("baseline", "sgd"), ("candidate", "svc-C3"))
        },
        "plantedSiteRows": {s: int((SITES == s).sum()) for s in "ABCD"},
    }
    with open(os.path.join(OUT, "truth.json"), "w", encoding="utf-8") as f:
        json.dump(truth, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
