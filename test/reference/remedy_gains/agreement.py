"""How well the audit's ranking of accuracy remedies agrees with the gains realized by applying
them (run.py writes each case's report.json and realized.json).

Per case, over the remedies the report ranks in its accuracy section (remedies whose `outcome`
is "accuracy"; for a report without `outcome`, the ids in ACCURACY_IDS) that have a realized gain:
  - spearman: Spearman's rho between the report's `score` and the realized gain (null with fewer
    than 3 remedies or a constant side);
  - top1Hit: the report's top remedy (of those) has the best realized gain, or its realized gain
    lies within the best one's 95% interval;
  - regret: best realized gain minus the top remedy's realized gain, in points;
  - nonPositiveInTop3: a remedy whose expected accuracy gain is <= 0 is among the first three of
    the accuracy section (null when none of the three states an expected accuracy gain);
    top3WithoutExpectedGain: how many of those three state none.
Besides: regretAll, the best realized gain among every accuracy remedy realized in the case
(ranked by the report or not) minus the top remedy's, which also counts what the report missed.

    OMP_NUM_THREADS=1 /usr/bin/python3 test/reference/remedy_gains/agreement.py [CASE_DIR ...]
"""

import json
import os
import sys

import numpy as np
from scipy.stats import spearmanr

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_ROOT = os.path.normpath(os.path.join(HERE, "..", "..", "..", "fixtures", "remedy-gains"))

# The brief's list of accuracy remedies, as the catalogue spells them (src/remedies/catalogue):
# early-stopping is the catalogue's regularize (last-checkpoint-cost), pretrained its
# transfer-learning, feature-engineering its domain-knowledge; more-data and early-stopping are
# kept in case a later catalogue adds them.
ACCURACY_IDS = {
    "ensemble", "distill", "rebalance", "relabel", "deduplicate", "targeted-data", "augment", "regularize",
    "hyperparameter-search", "early-stopping", "feature-engineering", "pretrained", "more-data",
    "transfer-learning", "domain-knowledge",
}


def accuracy_section(report):
    remedies = sorted(report.get("remedies", []), key=lambda r: r.get("rank", 0))
    if any("outcome" in r for r in remedies):
        return [r for r in remedies if r.get("outcome") == "accuracy"]
    return [r for r in remedies if r.get("id") in ACCURACY_IDS]


def expected_accuracy_gain(remedy):
    """The remedy's expected accuracy gain, or None when it states none. The new form
    ({value, interval, basis, method}) is an accuracy gain by definition; today's form counts
    only when its metric is accuracy (its other metrics are rows touched or calibration error)."""
    gain = remedy.get("expectedGain")
    if not isinstance(gain, dict) or not isinstance(gain.get("value"), (int, float)):
        return None
    if gain.get("basis") == "not-estimable":
        return None
    if "method" in gain or "interval" in gain or gain.get("metric") == "accuracy" or remedy.get("outcome") == "accuracy":
        return float(gain["value"])
    return None


def case_agreement(report, realized):
    gains = realized["remedies"]
    section = accuracy_section(report)
    ranked = [r for r in section if r["id"] in gains]
    out = {
        "case": realized["case"],
        "accuracyRemedies": [r["id"] for r in section],
        "withRealizedGain": [r["id"] for r in ranked],
        "withoutRealizedGain": [r["id"] for r in section if r["id"] not in gains],
        "scores": {r["id"]: r.get("score") for r in ranked},
        "realized": {r["id"]: gains[r["id"]]["gain"] for r in ranked},
    }
    realized_accuracy = {rid: g for rid, g in gains.items() if rid in ACCURACY_IDS}
    best_all = max(realized_accuracy, key=lambda rid: (realized_accuracy[rid]["gain"], rid)) if realized_accuracy else None
    out["bestRealizedAll"] = best_all
    if not ranked:
        out.update({"spearman": None, "top": None, "best": None, "top1Hit": None, "regret": None, "regretAll": None})
    else:
        scores = np.array([float(r.get("score", 0.0)) for r in ranked])
        real = np.array([gains[r["id"]]["gain"] for r in ranked])
        rho = None
        if len(ranked) >= 3 and np.ptp(scores) > 0 and np.ptp(real) > 0:
            rho = round(float(spearmanr(scores, real).correlation), 4)
        top = ranked[0]["id"]
        best = ranked[int(np.argmax(real))]["id"]
        lo, hi = gains[best]["interval"]
        top_gain = gains[top]["gain"]
        out.update({
            "spearman": rho,
            "top": top,
            "best": best,
            "top1Hit": bool(top == best or lo <= top_gain <= hi),
            "regret": round(float(gains[best]["gain"] - top_gain), 4),
            "regretAll": round(float(realized_accuracy[best_all]["gain"] - top_gain), 4) if best_all else None,
        })
    top3 = section[:3]
    expected = [expected_accuracy_gain(r) for r in top3]
    stated = [e for e in expected if e is not None]
    out["top3"] = [r["id"] for r in top3]
    out["top3ExpectedGains"] = expected
    out["nonPositiveInTop3"] = None if not stated else any(e <= 0 for e in stated)
    out["top3WithoutExpectedGain"] = sum(1 for e in expected if e is None)
    return out


def summarize(rows):
    def mean(key):
        values = [r[key] for r in rows if r.get(key) is not None]
        return (round(float(np.mean([float(v) for v in values])), 4), len(values)) if values else (None, 0)

    return {key: {"mean": mean(key)[0], "cases": mean(key)[1]} for key in ("spearman", "top1Hit", "regret", "regretAll", "nonPositiveInTop3", "top3WithoutExpectedGain")}


def load_cases(dirs):
    out = []
    for d in dirs:
        rp, gp = os.path.join(d, "report.json"), os.path.join(d, "realized.json")
        if os.path.exists(rp) and os.path.exists(gp):
            with open(rp) as f:
                report = json.load(f)
            with open(gp) as f:
                realized = json.load(f)
            out.append(case_agreement(report, realized))
    return out


def case_dirs(root=DEFAULT_ROOT):
    return [os.path.join(root, name) for name in sorted(os.listdir(root)) if os.path.isdir(os.path.join(root, name))]


def fmt(value, digits=2):
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return f"{value:+.{digits}f}" if isinstance(value, float) else str(value)


def table(rows, summary):
    lines = []
    header = f"{'case':34} {'n':>2} {'spearman':>8} {'top (realized)':>30} {'best (realized)':>30} {'hit':>4} {'regret':>7} {'regretAll':>9} {'<=0 in top3':>11} {'no gain in top3':>15}"
    lines.append(header)
    lines.append("-" * len(header))
    for r in rows:
        top = f"{r['top']} ({fmt(r['realized'].get(r['top']))})" if r["top"] else "-"
        best = f"{r['best']} ({fmt(r['realized'].get(r['best']))})" if r["best"] else "-"
        lines.append(f"{r['case']:34} {len(r['withRealizedGain']):>2} {fmt(r['spearman']):>8} {top:>30} {best:>30} {fmt(r['top1Hit']):>4} {fmt(r['regret']):>7} {fmt(r['regretAll']):>9} {fmt(r['nonPositiveInTop3']):>11} {r['top3WithoutExpectedGain']:>15}")
    lines.append("-" * len(header))
    s = summary
    lines.append(
        f"{'mean over cases':34} {'':>2} {fmt(s['spearman']['mean']):>8} {'':>30} {'':>30} {fmt(s['top1Hit']['mean']):>4} {fmt(s['regret']['mean']):>7} {fmt(s['regretAll']['mean']):>9} {fmt(s['nonPositiveInTop3']['mean']):>11} {fmt(s['top3WithoutExpectedGain']['mean']):>15}"
    )
    lines.append(f"(n = accuracy remedies ranked and realized; spearman over the {s['spearman']['cases']} cases with 3+ of them; hit = share of cases; regret in points;")
    lines.append(f" <=0 in top3: share of the {s['nonPositiveInTop3']['cases']} cases whose top 3 state an expected accuracy gain; no gain in top3: how many of the top 3 state none)")
    return "\n".join(lines)


def main(argv):
    dirs = argv if argv else case_dirs()
    rows = load_cases(dirs)
    summary = summarize(rows)
    print(table(rows, summary))
    return rows, summary


if __name__ == "__main__":
    main(sys.argv[1:])
