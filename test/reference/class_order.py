"""Writes fixtures/class-order/breast-cancer-predict-proba.jsonl: out-of-fold probabilities of a
scikit-learn model on load_breast_cancer (StandardScaler + LogisticRegression, 5 stratified folds
shuffled by seed 1), written as a practitioner writes them: `model.predict_proba(X).tolist()`, so
the columns follow the encoded target (0 = malignant, 1 = benign), not the sorted names. The data
file is fixtures/real-models/breast_cancer/data.csv (same ids, labels as names).

    OMP_NUM_THREADS=1 /usr/bin/python3 test/reference/class_order.py
"""
import json
import os

import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "fixtures", "class-order", "breast-cancer-predict-proba.jsonl")


def main():
    data = load_breast_cancer()
    x, y = data.data, data.target
    probs = np.zeros((len(y), 2))
    for train, test in StratifiedKFold(5, shuffle=True, random_state=1).split(x, y):
        model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(x[train], y[train])
        probs[test] = model.predict_proba(x[test])
    with open(OUT, "w") as out:
        for i, p in enumerate(probs.tolist()):
            out.write(json.dumps({"id": i + 1, "probs": [round(v, 4) for v in p]}, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
