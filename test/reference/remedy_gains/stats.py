"""Measures: accuracy, balanced accuracy, log loss, expected calibration error, the paired
two-way bootstrap of a gain, the prior correction and temperature scaling fitted on the
evaluation rows."""

import numpy as np
from scipy.optimize import minimize, minimize_scalar

BOOTSTRAP_RESAMPLES = 2000


def accuracy(probs, y):
    return float(np.mean(probs.argmax(1) == y))


def balanced_accuracy(probs, y):
    """Mean recall over the classes present in y (scikit-learn's balanced_accuracy_score)."""
    pred = probs.argmax(1)
    recalls = [np.mean(pred[y == c] == c) for c in np.unique(y)]
    return float(np.mean(recalls))


def log_loss(probs, y):
    p = np.clip(probs[np.arange(len(y)), y], 1e-15, 1.0)
    return float(-np.mean(np.log(p)))


def ece(probs, y, bins=15):
    """Expected calibration error of the top-label confidence, 15 equal-width bins."""
    conf = probs.max(1)
    correct = probs.argmax(1) == y
    edges = np.linspace(0, 1, bins + 1)
    total = 0.0
    for b in range(bins):
        inside = (conf > edges[b]) & (conf <= edges[b + 1]) if b > 0 else (conf >= 0) & (conf <= edges[1])
        if inside.any():
            total += inside.mean() * abs(conf[inside].mean() - correct[inside].mean())
    return float(total)


class Bootstrap:
    """Two-way bootstrap over test rows and seeds, the same resamples for every remedy of a
    case (common random numbers). A gain's replicate b is the mean over resampled seeds and
    resampled rows of (correct after - correct before), the seeds and rows paired."""

    def __init__(self, rows, seeds, seed, resamples=BOOTSTRAP_RESAMPLES):
        rng = np.random.default_rng(seed)
        self.row_counts = np.stack([np.bincount(rng.integers(0, rows, rows), minlength=rows) for _ in range(resamples)]).astype(float)  # B x N
        self.seed_counts = np.stack([np.bincount(rng.integers(0, seeds, seeds), minlength=seeds) for _ in range(resamples)]).astype(float)  # B x S
        self.rows = rows
        self.seeds = seeds

    def interval(self, diff):
        """diff: S x N array of per-seed, per-row differences; 95% percentile interval of the mean."""
        per_seed = diff @ self.row_counts.T / self.rows  # S x B
        replicates = np.sum(per_seed.T * self.seed_counts, axis=1) / self.seeds  # B
        lo, hi = np.percentile(replicates, [2.5, 97.5])
        return float(lo), float(hi)


def prior_weights(probs, y, K):
    """Per-class weights w (p' proportional to w_y * p) minimising the log loss on (probs, y);
    w_0 = 1, the others exp(v). The post-hoc prior (label-shift) correction."""

    def loss(v):
        w = np.exp(np.concatenate([[0.0], v]))
        q = probs * w
        q /= q.sum(1, keepdims=True)
        return -np.mean(np.log(np.clip(q[np.arange(len(y)), y], 1e-15, 1.0)))

    res = minimize(loss, np.zeros(K - 1), method="L-BFGS-B", bounds=[(-12, 12)] * (K - 1))
    return np.exp(np.concatenate([[0.0], res.x]))


def apply_prior(probs, w):
    q = probs * w
    return q / q.sum(1, keepdims=True)


def temperature(probs, y):
    """Temperature T minimising the log loss of softmax(log p / T) on (probs, y)."""
    logits = np.log(np.clip(probs, 1e-15, 1.0))

    def loss(log_t):
        q = apply_temperature_logits(logits, np.exp(log_t))
        return -np.mean(np.log(np.clip(q[np.arange(len(y)), y], 1e-15, 1.0)))

    res = minimize_scalar(loss, bounds=(-3, 3), method="bounded", options={"xatol": 1e-6})
    return float(np.exp(res.x))


def apply_temperature_logits(logits, t):
    z = logits / t
    z = z - z.max(1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(1, keepdims=True)


def apply_temperature(probs, t):
    return apply_temperature_logits(np.log(np.clip(probs, 1e-15, 1.0)), t)
