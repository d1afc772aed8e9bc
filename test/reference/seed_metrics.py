"""Independent numpy/scipy computation of the seed-instability and calibration metrics.

    python3 test/reference/seed_metrics.py fixtures/multi-seed/data.csv fixtures/multi-seed/preds.jsonl

Prints the metrics as JSON. test/seed-fixture.test.ts pastes these numbers and checks that the
TypeScript checks reproduce them to 1e-4. Written from the definitions, not from the TypeScript:
  - runs in order of first appearance; a row is compared when every run covers it and it has a label;
  - probabilities renormalised to sum 1 (as the loader does), predicted class = numpy argmax;
  - macro F1 over the classes present in labels or predictions (sklearn's default);
  - log loss with probabilities clipped at 1e-15;
  - IQM = scipy.stats.trim_mean(accuracies, 0.25) (rliable);
  - churn = share of rows where two runs' predicted classes differ;
  - Cochran's Q from its formula, cross-checked against scipy.stats.friedmanchisquare on the 0/1
    correctness (the two statistics coincide on binary data), p from scipy.stats.chi2.sf;
  - ECE/MCE with torchmetrics' binning: boundaries np.linspace(0, 1, 16), bin index
    np.searchsorted(boundaries, confidence, side='right') - 1 (= torch.bucketize(right=True) - 1),
    so a confidence of exactly 1 gets a 16th bin; Brier = mean_i sum_k (p_ik - y_ik)^2;
  - bootstrap: (1) `bootstrap_replica`: the same Poisson-weight bootstrap, re-implemented here
    from its description (xoshiro128** seeded by splitmix32, Knuth/PTRS Poisson draws), which must
    reproduce the TypeScript interval; (2) `bootstrap_multinomial`: a plain numpy bootstrap
    (examples and runs drawn with replacement, 20000 resamples) that the interval must agree with
    up to Monte Carlo error.
"""

import csv
import json
import math
import sys

import numpy as np
from scipy import stats

M32 = 0xFFFFFFFF


def load(data_path, pred_paths):
    with open(data_path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    ids = [r["id"] for r in rows]
    index = {i: n for n, i in enumerate(ids)}
    labels_raw = [r["label"] for r in rows]
    classes = sorted(set(labels_raw))
    y_all = np.array([classes.index(v) for v in labels_raw])
    runs = {}
    for path in pred_paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                name = str(rec.get("seed", path))
                runs.setdefault(name, {})[index[rec["id"]]] = rec["probs"]
    names = list(runs)
    K = len(classes)
    N = len(rows)
    probs = {}
    covered = {}
    for name in names:
        P = np.full((N, K), np.nan)
        C = np.zeros(N, dtype=bool)
        for row, p in runs[name].items():
            v = np.array([p.get(c, 0.0) for c in classes], dtype=float)
            P[row] = v / v.sum()
            C[row] = True
        probs[name] = P
        covered[name] = C
    return names, classes, y_all, probs, covered


def macro_f1(pred, y, K):
    f1s = []
    for c in range(K):
        tp = np.sum((pred == c) & (y == c))
        fp = np.sum((pred == c) & (y != c))
        fn = np.sum((pred != c) & (y == c))
        if tp + fp + fn == 0:
            continue
        f1s.append(2 * tp / (2 * tp + fp + fn))
    return float(np.mean(f1s))


# --- the replica of the Poisson-weight bootstrap (see src/math/random.ts, src/math/bootstrap.ts) ---
class Xoshiro128ss:
    def __init__(self, seed):
        sm = [seed & M32]

        def splitmix():
            sm[0] = (sm[0] + 0x9E3779B9) & M32
            z = sm[0]
            z = ((z ^ (z >> 16)) * 0x85EBCA6B) & M32
            z = ((z ^ (z >> 13)) * 0xC2B2AE35) & M32
            return (z ^ (z >> 16)) & M32

        self.s = [splitmix() for _ in range(4)]

    def next_u32(self):
        s0, s1, s2, s3 = self.s
        rotl = lambda x, k: ((x << k) | (x >> (32 - k))) & M32
        result = (rotl((s1 * 5) & M32, 7) * 9) & M32
        t = (s1 << 9) & M32
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 11)
        self.s = [s0, s1, s2, s3]
        return result

    def next(self):
        return self.next_u32() / 4294967296.0


LOG_FACT = [0.0, 0.0]
for _k in range(2, 128):
    LOG_FACT.append(LOG_FACT[-1] + math.log(_k))


def log_factorial(k):
    if k < 128:
        return LOG_FACT[k]
    x = k + 1.0
    inv = 1 / x
    inv2 = inv * inv
    return (x - 0.5) * math.log(x) - x + 0.9189385332046728 + inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 / 1680)))


def poisson(rng, lam):
    if not lam > 0:
        return 0
    if lam < 10:
        limit = math.exp(-lam)
        k = 0
        prod = rng.next()
        while prod > limit:
            k += 1
            prod *= rng.next()
        return k
    slam = math.sqrt(lam)
    loglam = math.log(lam)
    b = 0.931 + 2.53 * slam
    a = -0.059 + 0.02483 * b
    invalpha = 1.1239 + 1.1328 / (b - 3.4)
    vr = 0.9277 - 3.6224 / (b - 2)
    while True:
        u = rng.next() - 0.5
        v = rng.next()
        us = 0.5 - abs(u)
        if us == 0:
            continue
        k = math.floor((2 * a / us + b) * u + lam + 0.43)
        if us >= 0.07 and v <= vr:
            return k
        if k < 0 or (us < 0.013 and v > us):
            continue
        if math.log(v) + math.log(invalpha) - math.log(a / (us * us) + b) <= -lam + k * loglam - log_factorial(k):
            return k


def bootstrap_replica(correct, resamples, seed):
    R, n = correct.shape
    # profiles in order of first row
    keys = {}
    order = []
    for i in range(n):
        key = tuple(int(v) for v in correct[:, i])
        if key not in keys:
            keys[key] = 0
            order.append(key)
        keys[key] += 1
    rng = Xoshiro128ss(seed)
    out = []
    for _ in range(resamples):
        while True:
            draws = [0] * R
            for _r in range(R):
                draws[int(math.floor(rng.next() * R))] += 1
            weights = [poisson(rng, keys[key]) for key in order]
            total = sum(weights)
            if total > 0:
                break
        s = 0.0
        for w, key in zip(weights, order):
            if w == 0:
                continue
            s += w * sum(draws[r] * key[r] for r in range(R) if draws[r])
        out.append(s / (total * R))
    out = np.sort(np.array(out))
    return [float(np.percentile(out, 2.5)), float(np.percentile(out, 97.5))]


def bootstrap_multinomial(correct, resamples, seed):
    R, n = correct.shape
    rng = np.random.default_rng(seed)
    out = np.empty(resamples)
    for b in range(resamples):
        runs = rng.integers(0, R, R)
        rows = rng.integers(0, n, n)
        out[b] = correct[runs][:, rows].mean()
    return [float(np.percentile(out, 2.5)), float(np.percentile(out, 97.5))]


def calibration(P, y, bins=15):
    conf = P.max(axis=1)
    pred = P.argmax(axis=1)
    acc = (pred == y).astype(float)
    boundaries = np.linspace(0, 1, bins + 1)
    idx = np.searchsorted(boundaries, conf, side="right") - 1
    count = np.bincount(idx, minlength=bins + 1).astype(float)
    conf_sum = np.bincount(idx, weights=conf, minlength=bins + 1)
    acc_sum = np.bincount(idx, weights=acc, minlength=bins + 1)
    nonempty = count > 0
    conf_bin = np.where(nonempty, conf_sum / np.maximum(count, 1), 0)
    acc_bin = np.where(nonempty, acc_sum / np.maximum(count, 1), 0)
    gaps = np.abs(acc_bin - conf_bin)
    ece = float(np.sum(gaps * count / count.sum()))
    mce = float(gaps[nonempty].max())
    onehot = np.eye(P.shape[1])[y]
    brier = float(np.mean(np.sum((P - onehot) ** 2, axis=1)))
    out_bins = []
    for j in range(bins + 1):
        if j == bins and count[j] == 0:
            break
        out_bins.append({"count": int(count[j]), "meanConfidence": float(conf_bin[j]) if count[j] else None, "accuracy": float(acc_bin[j]) if count[j] else None})
    return {"ece": ece, "mce": mce, "brier": brier, "accuracy": float(acc.mean()), "meanConfidence": float(conf.mean()), "bins": out_bins}


def main():
    data_path, pred_paths = sys.argv[1], sys.argv[2:]
    names, classes, y_all, probs, covered = load(data_path, pred_paths)
    K = len(classes)
    R = len(names)
    common = np.all([covered[nm] for nm in names], axis=0) & (y_all >= 0)
    rows = np.nonzero(common)[0]
    y = y_all[rows]
    P = np.stack([probs[nm][rows] for nm in names])  # R x n x K
    pred = P.argmax(axis=2)
    correct = (pred == y[None, :]).astype(int)
    acc = correct.mean(axis=1)

    per_run = []
    for r, nm in enumerate(names):
        p_label = np.clip(P[r, np.arange(len(rows)), y], 1e-15, None)
        per_run.append({"run": nm, "accuracy": float(acc[r]), "macroF1": macro_f1(pred[r], y, K), "errorRate": float(1 - acc[r]), "logLoss": float(-np.mean(np.log(p_label)))})

    pairs = []
    for a in range(R):
        for b in range(a + 1, R):
            pairs.append((float(np.mean(pred[a] != pred[b])), a, b))
    churn_values = [c for c, _, _ in pairs]
    max_pair = max(pairs, key=lambda t: t[0])  # first maximum in (a, b) order
    unstable = int(np.sum(np.any(pred != pred[0:1], axis=0)))
    # flip rate per example: share of pairs of runs that disagree
    flip = np.zeros(len(rows))
    for a in range(R):
        for b in range(a + 1, R):
            flip += pred[a] != pred[b]
    flip /= R * (R - 1) / 2
    top = sorted(range(len(rows)), key=lambda i: (-flip[i], rows[i]))[:5]

    mean_probs = P.mean(axis=0)
    ens_pred = mean_probs.argmax(axis=1)
    ens_acc = float(np.mean(ens_pred == y))
    counts = np.bincount(y, minlength=K)
    baseline = float(counts.max() / len(rows))

    # Cochran's Q
    col = correct.sum(axis=1)
    row_tot = correct.sum(axis=0)
    Ntot = correct.sum()
    Q = (R - 1) * (R * np.sum(col**2) - Ntot**2) / (R * Ntot - np.sum(row_tot**2))
    friedman = stats.friedmanchisquare(*correct.astype(float))

    out = {
        "runs": names,
        "commonRows": int(len(rows)),
        "perRun": per_run,
        "accuracy": {
            "mean": float(acc.mean()),
            "std": float(acc.std(ddof=1)),
            "min": float(acc.min()),
            "max": float(acc.max()),
            "iqm": float(stats.trim_mean(acc, 0.25)),
            "ci95Replica": bootstrap_replica(correct, 1000, 42),
            "ci95Multinomial": bootstrap_multinomial(correct, 20000, 0),
        },
        "churn": {"meanPairwise": float(np.mean(churn_values)), "maxPairwise": max_pair[0], "maxPair": [names[max_pair[1]], names[max_pair[2]]]},
        "unstableRows": unstable,
        "mostUnstable": [{"row": int(rows[i]), "flipRate": float(flip[i])} for i in top],
        "ensemble": {"accuracy": ens_acc, "gainOverMean": ens_acc - float(acc.mean()), "gainOverBest": ens_acc - float(acc.max())},
        "majorityBaseline": baseline,
        "failedRuns": [nm for r, nm in enumerate(names) if acc[r] <= baseline],
        "spreadTest": {"statistic": float(Q), "df": R - 1, "pValue": float(stats.chi2.sf(Q, R - 1)), "friedmanStatistic": float(friedman.statistic), "friedmanPValue": float(friedman.pvalue)},
        "calibration": {
            "perRun": [dict(run=nm, **calibration(P[r], y)) for r, nm in enumerate(names)],
            "ensemble": calibration(mean_probs, y),
        },
    }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
