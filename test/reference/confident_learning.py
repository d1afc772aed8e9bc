"""Independent numpy reference for src/math/confident-learning.ts.

A from-scratch re-implementation of what cleanlab 2.x's default
``cleanlab.filter.find_label_issues(labels, pred_probs, filter_by='prune_by_noise_rate')``
computes, written from its documented behaviour (per-class thresholds, confident joint,
calibration, prune by noise rate, ``min_examples_per_class=1``, clearing rows whose argmax is the
given label) and from ``cleanlab.rank.get_label_quality_scores`` (self_confidence,
normalized_margin). cleanlab itself cannot be installed here (no PyPI), so this is the closest
honest stand-in. It is vectorised numpy and shares no code with the TypeScript module.

Ties: cleanlab sorts margins with numpy's default (unstable) argsort; this reference uses
stable sorts so that ties resolve to the lower row, as the TypeScript module does.

Run ``python3 test/reference/confident_learning.py`` to print the expected values pasted into
test/confident-learning.test.ts.
"""

import json
import sys

import numpy as np

EPS = 1e-6
THRESHOLD_FLOOR = 2e-6


def thresholds(labels, probs):
    k = probs.shape[1]
    t = np.full(k, 2.0)
    for c in range(k):
        sel = labels == c
        if sel.any():
            t[c] = probs[sel, c].mean()
    return np.maximum(t, THRESHOLD_FLOOR)


def raw_joint(labels, probs, t):
    k = probs.shape[1]
    confident = probs >= (t - EPS)[None, :]
    n_conf = confident.sum(axis=1)
    first = confident.argmax(axis=1)
    best = probs.argmax(axis=1)
    guess = np.where(n_conf > 1, best, first)
    keep = n_conf > 0
    cj = np.zeros((k, k), dtype=np.int64)
    np.add.at(cj, (labels[keep], guess[keep]), 1)
    cj[np.diag_indices(k)] = np.maximum(np.diag(cj), 1)
    return cj


def round_keep_sum(x):
    x = np.asarray(x, dtype=float)
    ints = np.round(x)
    target = np.round(x.sum())
    while abs(ints.sum() - target) > 1e-6:
        diff = np.round(target - ints.sum())
        step = -1.0 if diff < 0 else 1.0
        n = min(int(abs(diff)), len(x))
        order = np.argsort(x - ints, kind="stable")
        if step > 0:
            order = order[::-1]
        ints[order[:n]] += step
    return ints.astype(np.int64)


def calibrate(cj, counts):
    cj = cj.astype(float)
    rows = cj / np.maximum(cj.sum(axis=1, keepdims=True), 1e-100) * counts[:, None]
    rows = rows / max(rows.sum(), 1e-100) * counts.sum()
    return np.vstack([round_keep_sum(r) for r in rows])


def keep_at_least(calibrated, n):
    # Works on the transposed matrix (columns = given class), as cleanlab's helper does.
    pcm = calibrated.T.astype(float)
    diag = np.diag(pcm).copy()
    new_diag = np.maximum(diag, n)
    deficit = new_diag - diag
    nonzero = np.maximum(np.count_nonzero(pcm, axis=0) - 1.0, 1.0)
    out = pcm - deficit / nonzero
    out[out < 0] = 0
    out[np.diag_indices(len(out))] = new_diag
    return np.trunc(out).astype(np.int64).T  # back to (given, true)


def prune(labels, probs, counts_gt, min_per_class=1):
    n, k = probs.shape
    mask = np.zeros(n, dtype=bool)
    for i in range(k):
        rows = np.flatnonzero(labels == i)
        if len(rows) <= min_per_class:
            continue
        for j in range(k):
            take = counts_gt[i, j]
            if j == i or take <= 0:
                continue
            margin = probs[rows, j] - probs[rows, i]
            order = np.argsort(-margin, kind="stable")
            mask[rows[order[:take]]] = True
    mask &= probs.argmax(axis=1) != labels
    return mask


def quality(labels, probs, method):
    idx = np.arange(len(labels))
    self_conf = probs[idx, labels]
    if method == "self_confidence":
        return self_conf
    others = probs.copy()
    others[idx, labels] = -np.inf
    return (self_conf - others.max(axis=1) + 1) / 2


def find_label_issues(labels, probs, method="self_confidence", min_per_class=1):
    labels = np.asarray(labels, dtype=np.int64)
    probs = np.asarray(probs, dtype=float)
    k = probs.shape[1]
    counts = np.bincount(labels, minlength=k)
    t = thresholds(labels, probs)
    cj = raw_joint(labels, probs, t)
    cal = calibrate(cj, counts)
    mask = prune(labels, probs, keep_at_least(cal, min_per_class), min_per_class)
    idx = np.flatnonzero(mask)
    q = quality(labels, probs, method)[idx]
    order = np.argsort(q, kind="stable")
    return {
        "thresholds": t,
        "joint": cj,
        "calibrated": cal,
        "rows": idx[order],
        "scores": q[order],
        "noiseRate": 1 - np.trace(cal) / cal.sum(),
    }


def _case(name, labels, probs, method="self_confidence"):
    r = find_label_issues(labels, probs, method)
    return {
        "case": name,
        "method": method,
        "thresholds": [round(float(v), 12) for v in r["thresholds"]],
        "joint": r["joint"].tolist(),
        "calibrated": r["calibrated"].tolist(),
        "rows": r["rows"].tolist(),
        "scores": [round(float(v), 12) for v in r["scores"]],
        "noiseRate": round(float(r["noiseRate"]), 12),
    }


# The worked example of test/confident-learning.test.ts (3 classes, 10 rows).
WORKED_LABELS = [0, 0, 0, 0, 1, 1, 1, 2, 2, 2]
WORKED_PROBS = [
    [0.9, 0.05, 0.05],
    [0.8, 0.1, 0.1],
    [0.2, 0.7, 0.1],
    [0.1, 0.1, 0.8],
    [0.1, 0.8, 0.1],
    [0.3, 0.6, 0.1],
    [0.7, 0.2, 0.1],
    [0.1, 0.1, 0.8],
    [0.05, 0.05, 0.9],
    [0.2, 0.5, 0.3],
]


def synthetic(seed, n, k, flip):
    """Dirichlet-ish probabilities around the true class, with a share of labels flipped."""
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, k, n)
    logits = rng.normal(0, 1, (n, k))
    logits[np.arange(n), truth] += 2.0
    probs = np.exp(logits)
    probs /= probs.sum(axis=1, keepdims=True)
    probs = np.round(probs, 4)
    probs /= probs.sum(axis=1, keepdims=True)
    labels = truth.copy()
    flipped = rng.choice(n, int(flip * n), replace=False)
    labels[flipped] = (truth[flipped] + rng.integers(1, k, len(flipped))) % k
    return labels, probs


if __name__ == "__main__":
    out = [
        _case("worked", WORKED_LABELS, WORKED_PROBS),
        _case("worked-margin", WORKED_LABELS, WORKED_PROBS, "normalized_margin"),
    ]
    labels, probs = synthetic(7, 60, 4, 0.2)
    out.append(_case("synthetic-60x4", labels, probs))
    if "--dump-synthetic" in sys.argv:
        print(json.dumps({"labels": labels.tolist(), "probs": probs.round(12).tolist()}))
    else:
        for case in out:
            print(json.dumps(case))
