"""Per-row training dynamics of fixtures/training-dynamics/noisy/ computed with numpy from the
files as written (4-decimal probabilities, renormalised to sum to 1 as the loader does), for
test/training-dynamics.test.ts: confidence and variability (np.mean, np.std with ddof 0) of
p(label) over the 30 epochs, area under the margin (p(label) minus the largest other), share of
epochs predicting the label (argmax, ties to the lowest class), forgetting events (right then
wrong); each averaged over the 5 seeds. Writes noisy/dynamics-expected.json for every row.

    /usr/bin/python3 test/reference/training_dynamics_expected.py
"""
import csv
import gzip
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
D = os.path.join(HERE, "..", "..", "fixtures", "training-dynamics", "noisy")

ids, labels = [], []
with open(os.path.join(D, "data.csv")) as f:
    for r in csv.DictReader(f):
        ids.append(int(r["id"]))
        labels.append(int(r["label"]))
row_of = {i: n for n, i in enumerate(ids)}
labels = np.array(labels)
P = np.zeros((5, 30, len(ids), 10))
with gzip.open(os.path.join(D, "snapshots.jsonl.gz"), "rt") as f:
    for line in f:
        r = json.loads(line)
        P[r["seed"], r["epoch"] - 1, row_of[r["id"]]] = r["probs"]
P = P / P.sum(axis=3, keepdims=True)
n = len(ids)
pl = P[:, :, np.arange(n), labels]  # seeds x epochs x rows
other = P.copy()
other[:, :, np.arange(n), labels] = -np.inf
margin = pl - other.max(axis=3)
correct = P.argmax(axis=3) == labels[None, None, :]
forget = (correct[:, :-1, :] & ~correct[:, 1:, :]).sum(axis=1)
out = {
    "rows": list(range(n)),
    "confidence": pl.mean(axis=1).mean(axis=0).tolist(),
    "variability": pl.std(axis=1).mean(axis=0).tolist(),
    "aum": margin.mean(axis=1).mean(axis=0).tolist(),
    "correctness": correct.mean(axis=1).mean(axis=0).tolist(),
    "forgetting": forget.mean(axis=0).tolist(),
    "neverLearned": (~correct.any(axis=(0, 1))).astype(int).tolist(),
}
with open(os.path.join(D, "dynamics-expected.json"), "w") as f:
    json.dump(out, f)
