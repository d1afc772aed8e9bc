"""Independent numpy/scipy computation of the comparison check's statistics.

    /usr/bin/python3 test/reference/comparison.py > test/reference/comparison-expected.json

Baseline = fixtures/real-models/digits/gboost-5.jsonl (5 seeds), candidate = logreg-10.jsonl
(10 seeds), both scikit-learn out-of-fold models written by test/reference/real_models.py.
Written from the definitions, not from the TypeScript:
  - correctness = numpy argmax of the probabilities equals the label; every row is shared;
  - difference = mean over candidate runs of their accuracy minus the same for the baseline;
  - probability of improvement = Mann-Whitney U of candidate vs baseline run accuracies / (n m)
    (scipy.stats.mannwhitneyu), i.e. P(X > Y) + P(X = Y) / 2;
  - exact McNemar = scipy.stats.binomtest(b, b + c, 0.5).pvalue (two-sided) for every run pair
    and for the sides' majorities (a row is right for a side when more than half its runs are);
  - per side, a two-way ANOVA of the runs x rows scores: MS_runs = n var(run means) and
    MS_int = the residual mean square (run x row interaction), by the textbook sums of squares;
    the run shrinkage k = sqrt(max(0, 1 - MS_int / MS_runs));
  - the smallest detectable difference = (z_0.975 + z_power) x sqrt((max(0, var_rows(d_i) -
    MS_int_b / R_b - MS_int_c / R_c) + MS_int_b / R_b + MS_int_c / R_c) / n + max(0, var(run
    means_b) - MS_int_b / n) / R_b + the same for c), scipy.stats.norm.ppf;
  - per side, calibration as the calibration check measures it (torchmetrics binning, 15 bins:
    confidence = max probability, bin j = bucketize(right=True) - 1, an extra bin for
    confidence 1; ECE = sum n_j / n |acc_j - conf_j|; Brier = mean sum_k (p_k - y_k)^2), averaged
    over the side's runs; churn = mean over pairs of runs of the share of rows whose argmax differs,
    within each side and between the sides (every baseline run against every candidate run);
  - the paired bootstrap: the Poisson-weight replica of seed_metrics.py (xoshiro128** seeded by
    splitmix32), with, per resample, R_b baseline run draws, then R_c candidate run draws, then one
    Poisson(rows) weight per profile of identical rows (profiles over baseline then candidate runs,
    in order of first row), redrawn while all weights are zero; each run's weighted mean m_r is
    replaced by c + k (m_r - c), c the mean of its side's m_r; percentile interval with numpy's
    default interpolation; p = min(1, 2 (min(#d <= 0, #d >= 0) + 1) / (B + 1)); each side's own
    interval from the means of its drawn runs in the same resamples.
"""

import csv
import json
import math
import os
import sys

import numpy as np
from scipy import stats

sys.path.insert(0, os.path.dirname(__file__))
from seed_metrics import Xoshiro128ss, poisson  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
DIGITS = os.path.join(ROOT, "fixtures", "real-models", "digits")
RESAMPLES = 2000
SEED = 42
POWER = 0.8


def load(pred_path, index, y, classes):
    runs = {}
    for line in open(pred_path, encoding="utf-8"):
        rec = json.loads(line)
        vector = np.array(rec["probs"], dtype=float)
        # The files round to 4 decimals; the tool divides each vector by its sum, and so do we.
        runs.setdefault(str(rec["seed"]), {})[index[str(rec["id"])]] = vector / vector.sum()
    out, probs = [], []
    for name, rows in runs.items():
        p = np.zeros((len(y), len(classes)))
        for row, vector in rows.items():
            p[row] = vector
        probs.append(p)
        out.append(np.array([1.0 if classes[int(np.argmax(p[i]))] == y[i] else 0.0 for i in range(len(y))]))
    return np.array(out), probs


def ece_and_brier(p, codes, bins=15):
    conf = p.max(axis=1)
    right = (p.argmax(axis=1) == codes).astype(float)
    edges = np.linspace(0, 1, bins + 1)
    which = np.where(conf >= 1, bins, np.searchsorted(edges, conf, side="right") - 1)
    ece = 0.0
    for j in range(bins + 1):
        inside = which == j
        if inside.any():
            ece += inside.sum() / len(conf) * abs(right[inside].mean() - conf[inside].mean())
    onehot = np.eye(p.shape[1])[codes]
    return ece, float(((p - onehot) ** 2).sum(axis=1).mean())


def side_stability(probs, codes):
    scores = [ece_and_brier(p, codes) for p in probs]
    preds = [p.argmax(axis=1) for p in probs]
    pairs = [np.mean(preds[i] != preds[j]) for i in range(len(preds)) for j in range(i + 1, len(preds))]
    return {"ece": float(np.mean([e for e, _ in scores])), "brier": float(np.mean([b for _, b in scores])), "churn": float(np.mean(pairs))}, preds


def anova(runs):
    r, n = runs.shape
    if r < 2:
        return 0.0, 0.0
    grand = runs.mean()
    ss_total = float(((runs - grand) ** 2).sum())
    ss_runs = n * float(((runs.mean(axis=1) - grand) ** 2).sum())
    ss_rows = r * float(((runs.mean(axis=0) - grand) ** 2).sum())
    return ss_runs / (r - 1), (ss_total - ss_runs - ss_rows) / ((r - 1) * (n - 1))


def shrinkage(runs):
    ms_runs, ms_int = anova(runs)
    return math.sqrt(max(0.0, 1 - ms_int / ms_runs)) if ms_runs > 0 else 0.0


def paired_bootstrap(base, cand):
    rb, rc = len(base), len(cand)
    kb, kc = shrinkage(base), shrinkage(cand)
    both = np.vstack([base, cand])
    keys = {}
    order = []
    for i in range(both.shape[1]):
        key = tuple(both[:, i])
        if key not in keys:
            keys[key] = 0
            order.append(key)
        keys[key] += 1
    rng = Xoshiro128ss(SEED)
    diffs, poi, side_b, side_c = [], [], [], []
    for _ in range(RESAMPLES):
        while True:
            db = [int(math.floor(rng.next() * rb)) for _ in range(rb)]
            dc = [int(math.floor(rng.next() * rc)) for _ in range(rc)]
            weights = [poisson(rng, keys[key]) for key in order]
            total = sum(weights)
            if total > 0:
                break
        means = np.zeros(rb + rc)
        for w, key in zip(weights, order):
            if w:
                means += w * np.array(key)
        means /= total
        mb, mc = means[:rb], means[rb:]
        b = (mb.mean() + kb * (mb - mb.mean()))[db]
        c = (mc.mean() + kc * (mc - mc.mean()))[dc]
        side_b.append(b.mean())
        side_c.append(c.mean())
        diffs.append(c.mean() - b.mean())
        poi.append(float(np.mean([(x > y) + 0.5 * (x == y) for x in c for y in b])))
    diffs = np.array(diffs)
    below = int(np.sum(diffs <= 0))
    above = int(np.sum(diffs >= 0))
    return {
        "interval": [float(np.percentile(diffs, 2.5)), float(np.percentile(diffs, 97.5))],
        "standardError": float(np.std(diffs, ddof=1)),
        "pValue": min(1.0, 2 * (min(below, above) + 1) / (RESAMPLES + 1)),
        "probabilityOfImprovementInterval": [float(np.percentile(poi, 2.5)), float(np.percentile(poi, 97.5))],
        "baselineInterval": [float(np.percentile(side_b, 2.5)), float(np.percentile(side_b, 97.5))],
        "candidateInterval": [float(np.percentile(side_c, 2.5)), float(np.percentile(side_c, 97.5))],
        "runShrinkage": {"baseline": kb, "candidate": kc},
    }


def main():
    rows = list(csv.DictReader(open(os.path.join(DIGITS, "data.csv"), newline="", encoding="utf-8")))
    index = {r["id"]: n for n, r in enumerate(rows)}
    y = [r["label"] for r in rows]
    classes = sorted(set(y))
    base, base_probs = load(os.path.join(DIGITS, "gboost-5.jsonl"), index, y, classes)
    cand, cand_probs = load(os.path.join(DIGITS, "logreg-10.jsonl"), index, y, classes)
    codes = np.array([classes.index(label) for label in y])
    stable_b, preds_b = side_stability(base_probs, codes)
    stable_c, preds_c = side_stability(cand_probs, codes)
    acc_b, acc_c = base.mean(axis=1), cand.mean(axis=1)
    u = stats.mannwhitneyu(acc_c, acc_b).statistic
    d = cand.mean(axis=0) - base.mean(axis=0)
    n = len(d)
    int_b, int_c = anova(base)[1], anova(cand)[1]
    rb, rc = len(acc_b), len(acc_c)
    example = max(0.0, np.var(d, ddof=1) - int_b / rb - int_c / rc)
    run_b = max(0.0, np.var(acc_b, ddof=1) - int_b / n)
    run_c = max(0.0, np.var(acc_c, ddof=1) - int_c / n)
    se = math.sqrt((example + int_b / rb + int_c / rc) / n + run_b / rb + run_c / rc)
    pairs = []
    for b in base:
        for c in cand:
            neg = int(np.sum((b == 1) & (c == 0)))
            pos = int(np.sum((b == 0) & (c == 1)))
            pairs.append({"negative": neg, "positive": pos, "pValue": float(stats.binomtest(neg, neg + pos, 0.5).pvalue)})
    right_b = base.mean(axis=0) > 0.5
    right_c = cand.mean(axis=0) > 0.5
    neg = int(np.sum(right_b & ~right_c))
    pos = int(np.sum(~right_b & right_c))
    out = {
        "source": "fixtures/real-models/digits: baseline gboost-5.jsonl, candidate logreg-10.jsonl",
        "resamples": RESAMPLES,
        "seed": SEED,
        "baselineRuns": acc_b.tolist(),
        "candidateRuns": acc_c.tolist(),
        "difference": float(acc_c.mean() - acc_b.mean()),
        "probabilityOfImprovement": float(u / (len(acc_c) * len(acc_b))),
        "minimumDetectableDifference": float((stats.norm.ppf(0.975) + stats.norm.ppf(POWER)) * se),
        "pairs": pairs,
        "sides": {"baseline": stable_b, "candidate": stable_c, "churnBetween": float(np.mean([np.mean(b != c) for b in preds_b for c in preds_c]))},
        "majority": {"negative": neg, "positive": pos, "pValue": float(stats.binomtest(neg, neg + pos, 0.5).pvalue)},
        **paired_bootstrap(base, cand),
    }
    json.dump(out, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
