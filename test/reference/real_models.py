"""Generates the real-model fixtures under fixtures/real-models/: predictions of real scikit-learn
models on the datasets scikit-learn ships (breast_cancer, wine, digits), for the tests that a
healthy model passes the gate and that planted problems are found (issue 10, items 15 and 16).

Healthy (nothing planted): for each dataset, 5-fold out-of-fold class probabilities of
  - logreg: StandardScaler + LogisticRegression, seeds = the shuffle of the folds;
  - gboost: GradientBoostingClassifier(subsample=0.8), seeds = the folds and the subsampling;
5 seeds each (10 seeds of logreg on digits). Files: <dataset>/data.csv, <dataset>/<model>-<n>.jsonl.

Planted (breast_cancer, under planted/): a `site` column (A is the largest site), a split column
(train/test), and three planted problems in the test split:
  - flipped labels: 14 test rows of site A get the other label (so the largest group carries the
    label noise);
  - train/test copies: 15 test rows are copied verbatim into the training split;
  - a hard subgroup: site D gets most of the cases closest to the decision boundary (by a clean
    out-of-fold model), and its test rows are measured with more noise (2 standard deviations per
    feature), so every model errs more there.
Two models x 5 seeds (logreg trained on a seeded 90% subsample of train, gboost with seeded
subsampling), predicting the test split, in one file whose records carry "model" and "seed".
The planted rows are listed in planted/truth.json.

    /usr/bin/python3 test/reference/real_models.py     # Debian's python3-sklearn 1.2.1, numpy 1.24
"""

import csv
import json
import os
import re

import numpy as np
from sklearn.datasets import load_breast_cancer, load_digits, load_wine
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "fixtures", "real-models")


def column_name(name):
    return re.sub(r"[^a-z0-9]+", "_", str(name).lower()).strip("_")


def model(kind, seed, classes):
    if kind == "logreg":
        return make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000, C=1.0))
    trees = 40 if classes > 3 else 100
    return GradientBoostingClassifier(n_estimators=trees, max_depth=3, subsample=0.8, random_state=seed)


def out_of_fold(kind, x, y, seed, classes):
    probs = np.zeros((len(y), classes))
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)
    for train, test in folds.split(x, y):
        fitted = model(kind, seed, classes).fit(x[train], y[train])
        probs[test] = fitted.predict_proba(x[test])
    return probs


def write_data(path, header, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def number(value):
    text = f"{value:.6g}"
    return text


def record(row_id, seed, probs, names, model_name=None):
    out = {"id": row_id}
    if model_name is not None:
        out["model"] = model_name
    out["seed"] = seed
    # An array in the sorted order of the class names (the audit's class order), 4 decimals.
    order = sorted(range(len(names)), key=lambda c: names[c])
    out["probs"] = [round(float(probs[c]), 4) for c in order]
    return out


def write_runs(path, runs):
    with open(path, "w") as out:
        for records in runs:
            for item in records:
                out.write(json.dumps(item, separators=(",", ":")) + "\n")


def healthy():
    for name, loader, plans in [
        ("breast_cancer", load_breast_cancer, [("logreg", 5), ("gboost", 5)]),
        ("wine", load_wine, [("logreg", 5), ("gboost", 5)]),
        ("digits", load_digits, [("logreg", 10), ("gboost", 5)]),
    ]:
        data = loader()
        x, y = data.data, data.target
        names = [str(t) for t in data.target_names]
        features = [column_name(f) for f in data.feature_names]
        rows = [[i + 1, *[number(v) for v in x[i]], names[y[i]]] for i in range(len(y))]
        write_data(os.path.join(ROOT, name, "data.csv"), ["id", *features, "label"], rows)
        cache = {}
        for kind, seeds in plans:
            runs = []
            for seed in range(1, seeds + 1):
                if (kind, seed) not in cache:
                    cache[(kind, seed)] = out_of_fold(kind, x, y, seed, len(names))
                probs = cache[(kind, seed)]
                runs.append([record(i + 1, seed, probs[i], names) for i in range(len(y))])
            write_runs(os.path.join(ROOT, name, f"{kind}-{seeds}.jsonl"), runs)
            accuracy = [float(np.mean(np.argmax(cache[(kind, s)], 1) == y)) for s in range(1, seeds + 1)]
            print(name, kind, seeds, "accuracy per seed", [round(a, 4) for a in accuracy])


def planted():
    rng = np.random.default_rng(20261202)
    data = load_breast_cancer()
    x, y = data.data.copy(), data.target.copy()
    names = [str(t) for t in data.target_names]
    features = [column_name(f) for f in data.feature_names]
    n = len(y)
    # The hard subgroup: site D (a referral clinic) sees the ambiguous cases. Rows are ranked by how
    # close a clean out-of-fold model puts them to the decision boundary; most of the 120 hardest
    # go to site D, the other rows spread over A (the largest), B, C and, rarely, D.
    margin = np.abs(out_of_fold("logreg", x, y, 0, 2)[:, 1] - 0.5)
    hardest = np.argsort(margin, kind="stable")[:120]
    site = rng.choice(np.array(["A", "B", "C", "D"]), size=n, p=[0.5, 0.25, 0.2, 0.05])
    site[hardest] = np.where(rng.random(len(hardest)) < 0.75, "D", site[hardest])
    split = np.where(rng.random(n) < 0.5, "train", "test")
    test = np.flatnonzero(split == "test")
    # ... and, since its new scanner came in after training, blurred measurements in the test split.
    blurred = test[site[test] == "D"]
    x[blurred] = x[blurred] + rng.normal(0, 2.0, size=(len(blurred), x.shape[1])) * x.std(axis=0)
    train = np.flatnonzero(split == "train")
    # Flipped labels: test rows of site A (the largest group), not of the hard site.
    flip = rng.choice(test[site[test] == "A"], size=14, replace=False)
    y_given = y.copy()
    y_given[flip] = 1 - y_given[flip]
    # Train/test copies: test rows repeated verbatim (features, site, label) in the training split.
    copied = rng.choice(test[~np.isin(test, flip)], size=15, replace=False)

    rows = []
    for i in range(n):
        rows.append([i + 1, split[i], site[i], *[number(v) for v in x[i]], names[y_given[i]]])
    copies = []
    for k, i in enumerate(copied):
        copies.append([n + k + 1, "train", site[i], *[number(v) for v in x[i]], names[y_given[i]]])
    write_data(os.path.join(ROOT, "planted", "data.csv"), ["id", "split", "site", *features, "label"], rows + copies)

    # The models train on the training split (with the copies) as given, and predict the test split.
    x_train = np.vstack([x[train], x[copied]])
    y_train = np.concatenate([y_given[train], y_given[copied]])
    runs = []
    for kind in ["logreg", "gboost"]:
        for seed in range(1, 6):
            local = np.random.default_rng(seed)
            if kind == "logreg":
                pick = local.choice(len(y_train), size=int(0.9 * len(y_train)), replace=False)
                fitted = model(kind, seed, 2).fit(x_train[pick], y_train[pick])
            else:
                fitted = model(kind, seed, 2).fit(x_train, y_train)
            probs = fitted.predict_proba(x[test])
            runs.append([record(int(i) + 1, seed, probs[j], names, kind) for j, i in enumerate(test)])
            wrong = np.argmax(probs, 1) != y_given[test]
            print("planted", kind, seed, "accuracy", round(1 - wrong.mean(), 4), "site D error", round(wrong[site[test] == "D"].mean(), 3), "elsewhere", round(wrong[site[test] != "D"].mean(), 3))
    write_runs(os.path.join(ROOT, "planted", "preds.jsonl"), runs)
    truth = {
        "flippedIds": sorted(int(i) + 1 for i in flip),
        "copiedTestIds": sorted(int(i) + 1 for i in copied),
        "copyIds": list(range(n + 1, n + len(copied) + 1)),
        "hardSubgroup": {"site": "D"},
        "testRows": int(len(test)),
    }
    with open(os.path.join(ROOT, "planted", "truth.json"), "w") as out:
        json.dump(truth, out, indent=2)
        out.write("\n")


if __name__ == "__main__":
    healthy()
    planted()
