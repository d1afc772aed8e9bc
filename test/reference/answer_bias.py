"""A prompted LLM's multiple-choice answers with an answer bias, and the reference values of the
tests the answer-bias check runs on them (fixtures/answer-bias/).

No public lm-evaluation-harness samples file with per-choice log-likelihoods of a biased 0-shot
run could be found in the stored public repositories, so this script writes one of the same shape,
the way lm-evaluation-harness scores a multiple-choice task: for each of 400 four-choice
questions (subjects "algebra" and "history", a question text of template words, gold answers A-D drawn with probabilities
0.24/0.27/0.25/0.24), the model gives each choice a log-likelihood, its `filtered_resps`:
  - a latent "knows it" draw (probability 0.55 in 5-shot), adding 2.0 nats to the gold choice;
  - Gumbel noise (scale 1) on every choice;
  - in the 0-shot run, 3.0 nats more on choice "B" (a position bias: the model without examples
    favours one letter); in the 5-shot run, 0.4 nats on "B" (a little left).
The two runs (`llm-0shot`, `llm-5shot`) score the same questions (the same knowledge draw and
noise, as one model prompted twice would), written as our prediction JSONL with `probs` over
A/B/C/D: the softmax of the log-likelihoods, rounded to 6 decimals (what `acc` reads: argmax).

Reference values (fixtures/answer-bias/expected.json), per run:
  - share of rows predicted and gold per answer;
  - Stuart-Maxwell test of marginal homogeneity of the gold x predicted table
    (statsmodels SquareTable.homogeneity('stuart_maxwell'));
  - per answer, the exact McNemar p-value (scipy binomtest of predicted-as-it-but-gold-other
    against gold-it-but-predicted-other, p = 1/2, two-sided);
  - accuracy before and after the label-free batch calibration (probabilities divided by their
    mean over the rows, argmax).
Also `tables`: small hand-made tables with their Stuart-Maxwell statistic, for the unit test.

    OMP_NUM_THREADS=1 /usr/bin/python3 test/reference/answer_bias.py   # numpy 1.24, scipy 1.10, statsmodels 0.13.5
"""
import csv
import json
import os

import numpy as np
from scipy.stats import binomtest
from statsmodels.stats.contingency_tables import SquareTable

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "..", "fixtures", "answer-bias"))
CHOICES = ["A", "B", "C", "D"]
N = 400

rng = np.random.default_rng(31)
gold = rng.choice(4, size=N, p=[0.24, 0.27, 0.25, 0.24])
subject = np.where(rng.random(N) < 0.5, "algebra", "history")
knows = rng.random(N) < 0.55
noise = rng.gumbel(size=(N, 4))
TOPICS = {
    "algebra": ["a linear equation", "a quadratic", "a system of two equations", "an inequality", "a polynomial"],
    "history": ["a treaty", "an empire", "a revolution", "a trade route", "a dynasty"],
}


def run_loglik(b_bias):
    ll = noise.copy() - 4.0
    ll[np.arange(N), gold] += 2.0 * knows
    ll[:, 1] += b_bias
    return ll


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def table_of(g, p):
    t = np.zeros((4, 4))
    for a, b in zip(g, p):
        t[a, b] += 1
    return t


def reference(probs):
    pred = probs.argmax(axis=1)
    t = table_of(gold, pred)
    sm = SquareTable(t, shift_zeros=False).homogeneity("stuart_maxwell")
    per = []
    for c in range(4):
        over = int(t[:, c].sum() - t[c, c])
        under = int(t[c, :].sum() - t[c, c])
        per.append({
            "answer": CHOICES[c],
            "predictedShare": float((pred == c).mean()),
            "goldShare": float((gold == c).mean()),
            "overPredicted": over,
            "underPredicted": under,
            "pValue": float(binomtest(over, over + under, 0.5).pvalue) if over + under > 0 else 1.0,
        })
    prior = probs.mean(axis=0)
    batch = (np.log(np.maximum(probs, 1e-15)) - np.log(prior)).argmax(axis=1)
    return {
        "statistic": float(sm.statistic),
        "df": int(sm.df),
        "pValue": float(sm.pvalue),
        "perAnswer": per,
        "accuracy": float((pred == gold).mean()),
        "batchCalibratedAccuracy": float((batch == gold).mean()),
    }


WORDS = np.array("river mountain ledger census harvest bridge engine coin tariff border canal fortress siege grain cotton steam voltage prism orbit vector matrix tangent ratio integer prime factor slope root axis chord arc sector merchant guild charter senate consul pharaoh sultan shogun".split())
qrng = np.random.default_rng(131)
os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, "questions.csv"), "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["id", "subject", "question", "label"])
    for i in range(N):
        topic = TOPICS[subject[i]][i % 5]
        words = " ".join(qrng.choice(WORDS, size=6, replace=False))
        w.writerow([f"q{i:03d}", subject[i], f"Which statement about {topic} ({words}) is correct, given {int(qrng.integers(2, 999))} and {int(qrng.integers(2, 999))}?", CHOICES[gold[i]]])

expected = {"runs": {}}
with open(os.path.join(OUT, "predictions.jsonl"), "w") as f:
    for name, bias in [("llm-0shot", 3.0), ("llm-5shot", 0.4)]:
        probs = np.round(softmax(run_loglik(bias)), 6)
        probs = probs / probs.sum(axis=1, keepdims=True)
        probs = np.round(probs, 6)
        for i in range(N):
            f.write(json.dumps({"id": f"q{i:03d}", "run": name, "probs": {c: float(probs[i, j]) for j, c in enumerate(CHOICES)}}) + "\n")
        expected["runs"][name] = reference(probs)

tables = [
    [[20, 5], [15, 30]],
    [[10, 2, 3], [8, 20, 1], [9, 4, 30]],
    [[5, 30, 1, 2], [1, 40, 2, 0], [0, 25, 6, 1], [2, 28, 0, 7]],
]
expected["tables"] = []
for t in tables:
    sm = SquareTable(np.array(t, dtype=float), shift_zeros=False).homogeneity("stuart_maxwell")
    expected["tables"].append({"table": t, "statistic": float(sm.statistic), "df": int(sm.df), "pValue": float(sm.pvalue)})
with open(os.path.join(OUT, "expected.json"), "w") as f:
    json.dump(expected, f, indent=1)
    f.write("\n")
print(json.dumps({k: {"acc": v["accuracy"], "B": v["perAnswer"][1]["predictedShare"], "goldB": v["perAnswer"][1]["goldShare"], "p": v["pValue"], "batch": v["batchCalibratedAccuracy"]} for k, v in expected["runs"].items()}))
