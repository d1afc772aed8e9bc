"""F1 of label-noise detection against known label flips on a real dataset (COMPAS).

There is no cleanlab here (PyPI is unreachable), so the comparison is built as closely as we can:
  1. Real data: ../shared/data/compas/compas-scores-two-years.csv (7,214 people). Two tasks:
     `two_year_recid` (binary), `score_text` (Low/Medium/High) and `age_cat` (3 age bands: an
     easy task, to see a strong model), from 8 features (age, age^2, log1p of prior and
     juvenile counts, sex, charge degree).
  2. A known 10% of the labels are flipped with a fixed seed (binary: to the other class;
     3 classes: to a uniformly chosen other class).
  3. Out-of-sample probabilities: 5-fold stratified cross-validation of a multinomial logistic
     regression (L2, fitted with scipy's L-BFGS) trained on the noisy labels, repeated with
     3 fold seeds = 3 "runs".
  4. The reference detector: confident_learning.find_label_issues, our numpy re-implementation of
     cleanlab 2.x's default find_label_issues, on run 0 alone and on the runs' mean.
  5. Our detector (src/math/confident-learning.ts) runs on the same probabilities through
     test/reference/label-noise-detect.ts (see the commands below) and must match.

Commands:
  python3 test/reference/label_noise_f1.py --out /tmp/label-noise
  npx tsc --outDir /tmp/cl-build --rootDir . --module nodenext --moduleResolution nodenext \
    --target es2022 --types node --skipLibCheck src/math/confident-learning.ts test/reference/label-noise-detect.ts
  node /tmp/cl-build/test/reference/label-noise-detect.js detect /tmp/label-noise/compas-binary.json
  node /tmp/cl-build/test/reference/label-noise-detect.js detect /tmp/label-noise/compas-score-text.json
  node /tmp/cl-build/test/reference/label-noise-detect.js detect /tmp/label-noise/compas-age-cat.json
  python3 test/reference/label_noise_f1.py --fixture fixtures/label-noise   # writes the test fixture
"""

import argparse
import csv
import json
import os
import sys

import numpy as np
from scipy.optimize import minimize

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import confident_learning as cl  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "data", "compas", "compas-scores-two-years.csv"))
FLIP_SEED = 20240
FLIP_SHARE = 0.10
FOLDS = 5
RUN_SEEDS = [0, 1, 2]
FEATURES = ["age", "age2", "priors", "juv_fel", "juv_misd", "juv_other", "male", "felony"]


def load():
    with open(DATA, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        col = {}
        for i, name in enumerate(header):
            col.setdefault(name, i)  # first occurrence of duplicated names
        rows = list(reader)
    ids = [r[col["id"]] for r in rows]
    age = np.array([float(r[col["age"]]) for r in rows])
    raw = {
        "age": age,
        "age2": age**2,
        "priors": np.log1p([float(r[col["priors_count"]]) for r in rows]),
        "juv_fel": np.log1p([float(r[col["juv_fel_count"]]) for r in rows]),
        "juv_misd": np.log1p([float(r[col["juv_misd_count"]]) for r in rows]),
        "juv_other": np.log1p([float(r[col["juv_other_count"]]) for r in rows]),
        "male": np.array([1.0 if r[col["sex"]] == "Male" else 0.0 for r in rows]),
        "felony": np.array([1.0 if r[col["c_charge_degree"]] == "F" else 0.0 for r in rows]),
    }
    plain = {
        "age": age,
        "priors_count": np.array([float(r[col["priors_count"]]) for r in rows]),
        "juv_fel_count": np.array([float(r[col["juv_fel_count"]]) for r in rows]),
        "juv_misd_count": np.array([float(r[col["juv_misd_count"]]) for r in rows]),
        "juv_other_count": np.array([float(r[col["juv_other_count"]]) for r in rows]),
        "sex": [r[col["sex"]] for r in rows],
        "c_charge_degree": [r[col["c_charge_degree"]] for r in rows],
    }
    X = np.column_stack([raw[name] for name in FEATURES])
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    targets = {
        "compas-binary": [r[col["two_year_recid"]] for r in rows],
        "compas-score-text": [r[col["score_text"]] for r in rows],
        # A high-accuracy regime: age_cat is a function of age, which the model sees.
        "compas-age-cat": [r[col["age_cat"]] for r in rows],
    }
    return ids, X, plain, targets


def flip_labels(y, k, seed):
    rng = np.random.default_rng(seed)
    n = len(y)
    flipped = np.sort(rng.choice(n, int(round(FLIP_SHARE * n)), replace=False))
    noisy = y.copy()
    noisy[flipped] = (y[flipped] + rng.integers(1, k, len(flipped))) % k
    return noisy, flipped


def fit_softmax(X, y, k, l2=1e-2):
    n, d = X.shape
    Xb = np.hstack([X, np.ones((n, 1))])
    Y = np.eye(k)[y]

    def loss(w):
        W = w.reshape(d + 1, k)
        Z = Xb @ W
        Z -= Z.max(axis=1, keepdims=True)
        logp = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))
        P = np.exp(logp)
        reg = 0.5 * l2 * (W[:-1] ** 2).sum()
        grad = Xb.T @ (P - Y) / n
        grad[:-1] += l2 * W[:-1]
        return -(Y * logp).sum() / n + reg, grad.ravel()

    res = minimize(loss, np.zeros((d + 1) * k), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    return res.x.reshape(d + 1, k)


def predict(W, X):
    Z = np.hstack([X, np.ones((len(X), 1))]) @ W
    Z -= Z.max(axis=1, keepdims=True)
    P = np.exp(Z)
    return P / P.sum(axis=1, keepdims=True)


def cross_val_probs(X, y, k, seed):
    rng = np.random.default_rng(seed)
    fold = np.empty(len(y), dtype=int)
    for c in range(k):  # stratified by the (noisy) label
        rows = np.flatnonzero(y == c)
        rng.shuffle(rows)
        fold[rows] = np.arange(len(rows)) % FOLDS
    probs = np.zeros((len(y), k))
    for f in range(FOLDS):
        test = fold == f
        W = fit_softmax(X[~test], y[~test], k)
        probs[test] = predict(W, X[test])
    return probs


def scores(flagged, truth):
    flagged = set(int(i) for i in flagged)
    truth = set(int(i) for i in truth)
    hits = len(flagged & truth)
    p = hits / len(flagged) if flagged else 0.0
    r = hits / len(truth) if truth else 0.0
    return {"flagged": len(flagged), "precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def build(task, raw_y, X):
    classes = sorted(set(raw_y), key=lambda c: (float(c), c) if c.replace(".", "", 1).isdigit() else (float("inf"), c))
    index = {c: i for i, c in enumerate(classes)}
    y = np.array([index[c] for c in raw_y])
    k = len(classes)
    noisy, flipped = flip_labels(y, k, FLIP_SEED)
    runs = [cross_val_probs(X, noisy, k, seed) for seed in RUN_SEEDS]
    return classes, y, noisy, flipped, runs


def report(task, classes, noisy, flipped, runs):
    mean = np.mean(runs, axis=0)
    out = {"task": task, "rows": len(noisy), "classes": classes, "flipped": len(flipped)}
    single = cl.find_label_issues(noisy, runs[0])
    averaged = cl.find_label_issues(noisy, mean)
    out["accuracyVsNoisy"] = round(float((runs[0].argmax(1) == noisy).mean()), 4)
    out["reference_singleRun"] = scores(single["rows"], flipped)
    out["reference_averaged"] = scores(averaged["rows"], flipped)
    out["reference_averaged_noiseRate"] = round(float(averaged["noiseRate"]), 4)
    out["baseline_argmaxNeqGiven_run0"] = scores(np.flatnonzero(runs[0].argmax(1) != noisy), flipped)
    out["referenceRows_singleRun"] = single["rows"].tolist()
    out["referenceRows_averaged"] = averaged["rows"].tolist()
    return out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default="/tmp/label-noise")
    parser.add_argument("--fixture", default=None, help="write fixtures/label-noise from a subset of the binary task")
    parser.add_argument("--fixture-rows", type=int, default=400)
    args = parser.parse_args()
    ids, X, plain, targets = load()
    os.makedirs(args.out, exist_ok=True)
    for task, raw_y in targets.items():
        classes, y, noisy, flipped, runs = build(task, raw_y, X)
        summary = report(task, classes, noisy, flipped, runs)
        with open(os.path.join(args.out, f"{task}.json"), "w") as f:
            json.dump({"name": task, "classes": classes, "labels": noisy.tolist(), "flipped": flipped.tolist(), "runs": [r.tolist() for r in runs]}, f)
        with open(os.path.join(args.out, f"{task}.reference.json"), "w") as f:
            json.dump(summary, f)
        print(json.dumps({k: v for k, v in summary.items() if not k.startswith("referenceRows")}))
        if args.fixture and task == "compas-score-text":
            write_fixture(args.fixture, args.fixture_rows, ids, plain, classes, noisy, flipped, runs)


def write_fixture(folder, count, ids, plain, classes, noisy, flipped, runs):
    rng = np.random.default_rng(7)
    rows = np.sort(rng.choice(len(noisy), count, replace=False))
    os.makedirs(folder, exist_ok=True)
    flipped_set = set(int(i) for i in flipped)
    with open(os.path.join(folder, "data.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "age", "priors_count", "juv_fel_count", "juv_misd_count", "juv_other_count", "sex", "c_charge_degree", "label"])
        for r in rows:
            w.writerow([ids[r], int(plain["age"][r]), int(plain["priors_count"][r]), int(plain["juv_fel_count"][r]), int(plain["juv_misd_count"][r]), int(plain["juv_other_count"][r]), plain["sex"][r], plain["c_charge_degree"][r], classes[noisy[r]]])
    with open(os.path.join(folder, "preds.jsonl"), "w") as f:
        for seed, probs in zip(RUN_SEEDS, runs):
            for r in rows:
                f.write(json.dumps({"id": ids[r], "seed": seed, "probs": {c: round(float(p), 6) for c, p in zip(classes, probs[r])}}) + "\n")
    sub_labels = noisy[rows]
    sub_flipped = [i for i, r in enumerate(rows) if int(r) in flipped_set]
    # As the loader reads them: rounded to 6 decimals, then each vector renormalised to sum to 1.
    stored = [np.round(p[rows], 6) for p in runs]
    mean = np.mean([q / q.sum(axis=1, keepdims=True) for q in stored], axis=0)
    ref = cl.find_label_issues(sub_labels, mean)
    truth = {
        "source": "python3 test/reference/label_noise_f1.py --fixture fixtures/label-noise",
        "task": f"COMPAS score_text (Low/Medium/High, column label) from 8 features; 10% of all 7214 labels flipped with seed {FLIP_SEED}; probabilities from 5-fold CV logistic regression on all rows, fold seeds 0, 1, 2; {count} rows sampled with seed 7",
        "classes": classes,
        "flippedRows": sub_flipped,
        "flippedIds": [ids[rows[i]] for i in sub_flipped],
        "reference": {"rows": ref["rows"].tolist(), **scores(ref["rows"], sub_flipped), "noiseRate": round(float(ref["noiseRate"]), 6)},
    }
    with open(os.path.join(folder, "truth.json"), "w") as f:
        json.dump(truth, f, indent=1)
        f.write("\n")
    print(json.dumps({"fixture": folder, "rows": count, "flipped": len(sub_flipped), "reference": truth["reference"]}))


if __name__ == "__main__":
    main()
