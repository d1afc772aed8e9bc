"""Reference values for the performance check, computed by scikit-learn from the real-model
fixtures (fixtures/real-models: breast_cancer logreg-5, wine gboost-5, digits logreg-10) and one
small synthetic case with a class the model never predicts and tied probabilities.

Per run (probabilities normalised to sum to 1, as the audit does; predicted class = the first
largest probability) and for the ensemble (mean of the runs' probabilities): classification_report
(zero_division=0), confusion_matrix, balanced_accuracy_score, log_loss, top_k_accuracy_score and,
for binary tasks, roc_auc_score and average_precision_score of the positive class (the second
class in sorted order, as the audit's default).

    /usr/bin/python3 test/reference/performance_metrics.py   # writes test/reference/performance-expected.json
"""

import csv
import json
import os

import numpy as np
from sklearn.metrics import (
    average_precision_score,
    balanced_accuracy_score,
    classification_report,
    confusion_matrix,
    log_loss,
    roc_auc_score,
    top_k_accuracy_score,
)

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "..", "fixtures", "real-models")


def metrics(y, probs, k, normalise=True):
    # Runs are normalised as the audit loads them; the ensemble (their mean) is used as it is.
    if normalise:
        probs = probs / probs.sum(axis=1, keepdims=True)
    pred = np.argmax(probs, axis=1)
    labels = list(range(k))
    report = classification_report(y, pred, labels=labels, output_dict=True, zero_division=0)
    out = {
        "perClass": [{"precision": report[str(c)]["precision"], "recall": report[str(c)]["recall"], "f1": report[str(c)]["f1-score"], "support": report[str(c)]["support"]} for c in labels],
        "accuracy": float(np.mean(pred == y)),
        "macroF1": report["macro avg"]["f1-score"],
        "weightedF1": report["weighted avg"]["f1-score"],
        "balancedAccuracy": balanced_accuracy_score(y, pred),
        "confusion": confusion_matrix(y, pred, labels=labels).tolist(),
        "logLoss": log_loss(y, probs, labels=labels),
    }
    # Macro F1 over the classes present in labels or predictions (sklearn's default labels).
    from sklearn.metrics import f1_score
    out["macroF1Present"] = f1_score(y, pred, average="macro", zero_division=0)
    if k == 2:
        out["rocAuc"] = roc_auc_score(y, probs[:, 1])
        out["averagePrecision"] = average_precision_score(y, probs[:, 1])
    else:
        out["topK"] = {str(t): top_k_accuracy_score(y, probs, k=t, labels=labels) for t in (2, 3, 5) if t < k}
    return out


def real_case(dataset, file):
    with open(os.path.join(FIXTURES, dataset, "data.csv")) as f:
        rows = list(csv.DictReader(f))
    classes = sorted({row["label"] for row in rows})
    index = {row["id"]: i for i, row in enumerate(rows)}
    y = np.array([classes.index(row["label"]) for row in rows])
    runs = {}
    with open(os.path.join(FIXTURES, dataset, file)) as f:
        for line in f:
            record = json.loads(line)
            runs.setdefault(str(record["seed"]), np.zeros((len(rows), len(classes))))[index[str(record["id"])]] = record["probs"]
    return classes, y, [runs[name] for name in sorted(runs, key=int)]


def case(name, classes, y, runs, inputs=None):
    k = len(classes)
    normalised = [p / p.sum(axis=1, keepdims=True) for p in runs]
    out = {"name": name, "classes": classes, "perRun": [metrics(y, p, k) for p in runs], "ensemble": metrics(y, np.mean(normalised, axis=0), k, normalise=False)}
    if inputs is not None:
        out["inputs"] = inputs
    return out


cases = [
    case("breast_cancer/logreg-5", *real_case("breast_cancer", "logreg-5.jsonl")),
    case("wine/gboost-5", *real_case("wine", "gboost-5.jsonl")),
    case("digits/logreg-10", *real_case("digits", "logreg-10.jsonl")),
]

# Synthetic: 4 classes, class "d" is never predicted, and probabilities tie (0.4, 0.4, 0.1, 0.1).
rng = np.random.default_rng(7)
n, k = 60, 4
y = np.array([i % 4 for i in range(n)])
runs = []
for r in range(2):
    p = rng.dirichlet(np.ones(3), size=n)
    p = np.hstack([p, np.zeros((n, 1))])
    p[y == 0, 0] += 1.0
    p[::7] = [0.4, 0.4, 0.1, 0.1]
    p = np.round(p / p.sum(axis=1, keepdims=True), 4)
    p[:, 3] = 0
    p[:, 2] = np.round(1 - p[:, 0] - p[:, 1], 4)
    p[::7] = [0.4, 0.4, 0.1, 0.1]
    runs.append(p)
cases.append(case("synthetic", ["a", "b", "c", "d"], y, runs, {"labels": y.tolist(), "runs": [p.tolist() for p in runs]}))

with open(os.path.join(HERE, "performance-expected.json"), "w") as f:
    json.dump(cases, f, indent=1)
    f.write("\n")
print("wrote", len(cases), "cases")
