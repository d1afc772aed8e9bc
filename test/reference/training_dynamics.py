"""Generates fixtures/training-dynamics/: real training runs, epoch by epoch, for the
training-curves and training-dynamics checks (issue 13).

scikit-learn's MLPClassifier is trained with `partial_fit` (one pass over the training rows per
call) on digits (1,797 8x8 images) with 10% of the training labels flipped to another class
(seeded). A stratified split keeps 70% for training, 30% for validation (validation labels are
clean: that is what a held-out set measures). Five seeds (0..4) seed the network and the batch
order; the split and the flips are the same for every seed.

  - noisy/data.csv: the training rows (id, label as given, 64 pixel columns);
  - noisy/snapshots.jsonl.gz: for each seed and each epoch 1..EPOCHS, the class probabilities of
    every training row ({id, seed, epoch, probs}, 4 decimals);
  - noisy/logs.jsonl: the curves, generic JSONL {run, step, epoch, split, metric, value}: training
    loss (log loss on the training rows as given), validation loss and validation accuracy;
  - noisy/keras/seed-0.csv: seed 0's curves as Keras' CSVLogger writes them
    (epoch,accuracy,loss,val_accuracy,val_loss), by Python's csv module;
  - noisy/truth.json: the flipped ids, and per seed what this script computes directly: the epoch
    of the lowest validation loss (the overfitting onset), the best and the last validation
    accuracy and their gap;
  - healthy/logs.jsonl: the same network on clean labels with weight decay (alpha = 1) and a
    decaying step, 5 seeds: a run that converges without overfitting;
  - tensorboard/: seed 0's noisy curves as TensorBoard event files, written by
    tfevents_writer.py (an independent writer: Python protobuf + crcmod).

    /usr/bin/python3 test/reference/training_dynamics.py   # python3-sklearn 1.2.1, numpy 1.24

Rerunning rewrites the files with the same content (about a minute on 2 cores).
"""

import csv
import gzip
import json
import os
import warnings

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier
from sklearn.metrics import log_loss

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "fixtures", "training-dynamics")
EPOCHS = 30
SEEDS = range(5)
FLIP_SHARE = 0.10
CLASSES = np.arange(10)

X, Y = load_digits(return_X_y=True)
X = X / 16.0
ids = np.arange(len(Y))
tr, va = train_test_split(ids, test_size=0.3, stratify=Y, random_state=7)
tr = np.sort(tr)
va = np.sort(va)
rng = np.random.default_rng(13)
flipped = np.sort(rng.choice(tr, int(round(FLIP_SHARE * len(tr))), replace=False))
given = Y.copy()
for i in flipped:
    given[i] = rng.choice([c for c in CLASSES if c != Y[i]])


def train(seed, labels, alpha, lr, decay):
    model = MLPClassifier(hidden_layer_sizes=(128,), alpha=alpha, learning_rate_init=lr, batch_size=32, random_state=seed, shuffle=True)
    curve = []
    probs_by_epoch = []
    for epoch in range(1, EPOCHS + 1):
        if decay:
            model.learning_rate_init = lr / (1 + 0.2 * (epoch - 1))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model.partial_fit(X[tr], labels[tr], classes=CLASSES)
        p_tr = model.predict_proba(X[tr])
        p_va = model.predict_proba(X[va])
        curve.append({
            "epoch": epoch,
            "train_loss": float(log_loss(labels[tr], p_tr, labels=CLASSES)),
            "train_accuracy": float(np.mean(p_tr.argmax(1) == labels[tr])),
            "val_loss": float(log_loss(Y[va], p_va, labels=CLASSES)),
            "val_accuracy": float(np.mean(p_va.argmax(1) == Y[va])),
        })
        probs_by_epoch.append(p_tr)
    return curve, probs_by_epoch


def log_records(run, curve, steps_per_epoch):
    out = []
    for point in curve:
        step = point["epoch"] * steps_per_epoch
        out.append({"run": run, "step": step, "epoch": point["epoch"], "split": "train", "metric": "loss", "value": round(point["train_loss"], 6)})
        out.append({"run": run, "step": step, "epoch": point["epoch"], "split": "validation", "metric": "loss", "value": round(point["val_loss"], 6)})
        out.append({"run": run, "step": step, "epoch": point["epoch"], "split": "validation", "metric": "accuracy", "value": round(point["val_accuracy"], 6)})
    return out


def main():
    steps_per_epoch = int(np.ceil(len(tr) / 32))
    noisy = os.path.join(OUT, "noisy")
    os.makedirs(os.path.join(noisy, "keras"), exist_ok=True)
    with open(os.path.join(noisy, "data.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "label"] + [f"px{j}" for j in range(64)])
        for i in tr:
            w.writerow([int(i), int(given[i])] + [int(round(v * 16)) for v in X[i]])
    truth = {"flipped": [int(i) for i in flipped], "trainRows": len(tr), "validationRows": len(va), "epochs": EPOCHS, "seeds": {}}
    logs = []
    with gzip.GzipFile(os.path.join(noisy, "snapshots.jsonl.gz"), "wb", mtime=0) as gz:
        for seed in SEEDS:
            curve, probs = train(seed, given, alpha=1e-5, lr=0.01, decay=False)
            logs += log_records(f"seed-{seed}", curve, steps_per_epoch)
            val_loss = [p["val_loss"] for p in curve]
            val_acc = [p["val_accuracy"] for p in curve]
            onset = int(np.argmin(val_loss))
            best_acc = int(np.argmax(val_acc))
            truth["seeds"][f"seed-{seed}"] = {
                "bestValidationLossEpoch": curve[onset]["epoch"],
                "bestValidationLoss": val_loss[onset],
                "lastValidationLoss": val_loss[-1],
                "bestValidationAccuracy": val_acc[best_acc],
                "bestValidationAccuracyEpoch": curve[best_acc]["epoch"],
                "lastValidationAccuracy": val_acc[-1],
                "bestMinusLastAccuracy": val_acc[best_acc] - val_acc[-1],
                "lastTrainLoss": curve[-1]["train_loss"],
                "lastTrainAccuracy": curve[-1]["train_accuracy"],
            }
            if seed == 0:
                with open(os.path.join(noisy, "keras", "seed-0.csv"), "w", newline="") as f:
                    w = csv.writer(f, lineterminator="\n")
                    w.writerow(["epoch", "accuracy", "loss", "val_accuracy", "val_loss"])
                    for p in curve:
                        # Keras numbers epochs from 0.
                        w.writerow([p["epoch"] - 1, p["train_accuracy"], p["train_loss"], p["val_accuracy"], p["val_loss"]])
                with open(os.path.join(noisy, "seed-0-curve.json"), "w") as f:
                    json.dump({"stepsPerEpoch": steps_per_epoch, "curve": curve}, f, indent=1)
            for e, p in enumerate(probs):
                for row, i in enumerate(tr):
                    record = {"id": int(i), "seed": seed, "epoch": e + 1, "probs": [round(float(v), 4) for v in p[row]]}
                    gz.write((json.dumps(record, separators=(",", ":")) + "\n").encode())
    with open(os.path.join(noisy, "logs.jsonl"), "w") as f:
        for r in logs:
            f.write(json.dumps(r) + "\n")
    with open(os.path.join(noisy, "truth.json"), "w") as f:
        json.dump(truth, f, indent=1)

    healthy = os.path.join(OUT, "healthy")
    os.makedirs(healthy, exist_ok=True)
    hlogs = []
    hsum = {}
    for seed in SEEDS:
        curve, _ = train(seed, Y, alpha=1.0, lr=0.003, decay=True)
        hlogs += log_records(f"seed-{seed}", curve, steps_per_epoch)
        hsum[f"seed-{seed}"] = {"bestValidationLossEpoch": curve[int(np.argmin([p["val_loss"] for p in curve]))]["epoch"], "lastValidationAccuracy": curve[-1]["val_accuracy"]}
    with open(os.path.join(healthy, "logs.jsonl"), "w") as f:
        for r in hlogs:
            f.write(json.dumps(r) + "\n")
    with open(os.path.join(healthy, "truth.json"), "w") as f:
        json.dump(hsum, f, indent=1)


if __name__ == "__main__":
    main()
