"""Generates fixtures/training-dynamics/memorised/ and memorised-clean/: a wide network trained
until it memorises its flipped labels (issue 27, item 2), for test/training-dynamics-memorised.test.ts.

scikit-learn's MLPClassifier, one hidden layer of 1,024 units, no weight decay (alpha = 0), Adam
at 0.002, batches of 32, trained with `partial_fit` (one pass per call) for 200 epochs on 600
training rows of digits (a stratified draw from the 1,797 8x8 images, BSD licence). In
memorised/, 60 of the 600 labels (10%, seeded) are flipped to another class; by epoch 50 the
network predicts every training row as its given label, flips included. memorised-clean/ is the
same network on the same rows with their true labels: a model that memorises with nothing to find.
One seed (0) each.

  - data.csv: the training rows (id, label as given, 64 pixel columns);
  - snapshots.jsonl.gz: the class probabilities of every training row after each epoch 1..200
    ({id, seed, epoch, probs}, 4 decimals), the format of test/reference/training_dynamics.py;
  - truth.json: the flipped ids, the training accuracy on the given labels after each epoch,
    and what numpy computes directly from the written files: each row's area under the margin
    (mean over epochs of p(label) minus the largest other probability), the share of flips among
    the 60 rows of lowest AUM, and how many rows have AUM < 0.

    OMP_NUM_THREADS=1 /usr/bin/python3 test/reference/training_dynamics_memorised.py
    # python3-sklearn 1.2.1, numpy 1.24; about 30 s

Rerunning rewrites the files with the same content.
"""

import csv
import gzip
import io
import json
import os
import warnings

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "fixtures", "training-dynamics")
EPOCHS = 200
ROWS = 600
FLIPS = 60
SEED = 0
CLASSES = np.arange(10)

X, Y = load_digits(return_X_y=True)
X = X / 16.0
ids = np.arange(len(Y))
tr, _ = train_test_split(ids, train_size=ROWS, stratify=Y, random_state=7)
tr = np.sort(tr)
rng = np.random.default_rng(13)
flipped = np.sort(rng.choice(tr, FLIPS, replace=False))
noisy_labels = Y.copy()
for i in flipped:
    noisy_labels[i] = rng.choice([c for c in CLASSES if c != Y[i]])


def train(labels):
    model = MLPClassifier(hidden_layer_sizes=(1024,), alpha=0.0, learning_rate_init=0.002, batch_size=32, random_state=SEED, shuffle=True)
    probs = []
    for _ in range(EPOCHS):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model.partial_fit(X[tr], labels[tr], classes=CLASSES)
        probs.append(model.predict_proba(X[tr]))
    return probs


def write(name, labels, flips):
    d = os.path.join(OUT, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "data.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "label"] + [f"px{j}" for j in range(64)])
        for i in tr:
            w.writerow([int(i), int(labels[i])] + [int(round(v * 16)) for v in X[i]])
    probs = train(labels)
    lines = []
    for e, p in enumerate(probs):
        for row, i in enumerate(tr):
            lines.append(json.dumps({"id": int(i), "seed": SEED, "epoch": e + 1, "probs": [round(float(v), 4) for v in p[row]]}, separators=(",", ":")))
    with gzip.GzipFile(os.path.join(d, "snapshots.jsonl.gz"), "wb", mtime=0) as gz:
        gz.write(("\n".join(lines) + "\n").encode())
    # What the written files say, as the audit reads them (4-decimal probabilities, renormalised).
    P = np.array([[json.loads(line)["probs"] for line in lines[e * ROWS:(e + 1) * ROWS]] for e in range(EPOCHS)])
    P = P / P.sum(axis=2, keepdims=True)
    given = labels[tr]
    pl = P[:, np.arange(ROWS), given]
    other = P.copy()
    other[:, np.arange(ROWS), given] = -np.inf
    aum = (pl - other.max(axis=2)).mean(axis=0)
    accuracy = (P.argmax(axis=2) == given[None, :]).mean(axis=1)
    is_flip = np.isin(tr, flips)
    lowest = np.argsort(aum, kind="stable")[:FLIPS]
    truth = {
        "flipped": [int(i) for i in flips],
        "rows": ROWS,
        "epochs": EPOCHS,
        "trainAccuracyByEpoch": [round(float(a), 6) for a in accuracy],
        "aum": [round(float(a), 6) for a in aum],
        "flipsAmongLowestAum": int(is_flip[lowest].sum()),
        "lowestAumRows": len(lowest),
        "negativeAumRows": int((aum < 0).sum()),
    }
    with open(os.path.join(d, "truth.json"), "w") as f:
        json.dump(truth, f, indent=1)
    print(name, "flips among the", FLIPS, "lowest AUM:", truth["flipsAmongLowestAum"], "AUM < 0:", truth["negativeAumRows"], "accuracy at 50/200:", accuracy[49], accuracy[-1])


if __name__ == "__main__":
    write("memorised", noisy_labels, flipped)
    write("memorised-clean", Y, np.array([], dtype=int))
