"""Writes fixtures/distribution-shift/: a tabular case of train/test shift and scipy's figures for it
(issue 15: the per-feature results must agree with scipy to 1e-9).

  - data.csv: 1,200 training and 400 test rows (seeded), with a split column and
      age       numeric, test older (mean 38 -> 46, same spread): drift;
      income    numeric, same distribution on both sides: no drift;
      score     numeric, a shift too small to matter (0.02 std): significant at most, never an effect;
      region    categorical, test mostly "north": drift;
      device    categorical, same mix: no drift;
      label     positive 30% in train, 55% in test: label prior shift;
      text      reviews whose test vocabulary adds words (refund, broken, late) never seen in training;
  - preds.jsonl: one run's probabilities for every row, less confident on test;
  - expected.json: for each feature scipy's ks_2samp (statistic, p-value; exact method as scipy
    chooses it), wasserstein_distance / the training standard deviation (ddof = 1), and for the
    categories chi2_contingency (statistic, p-value, dof) and jensenshannon of the counts; the
    same for the label, the text length and the top-class probability.

    /usr/bin/python3 test/reference/distribution_shift.py   # numpy 1.24, scipy 1.10
"""

import csv
import json
import os

import numpy as np
from scipy.spatial.distance import jensenshannon
from scipy.stats import chi2_contingency, ks_2samp, wasserstein_distance

ROOT = os.path.join(os.path.dirname(__file__), '..', '..')
OUT = os.path.join(ROOT, 'fixtures', 'distribution-shift')
os.makedirs(OUT, exist_ok=True)
rng = np.random.default_rng(2026)

N_TRAIN, N_TEST = 1200, 400
COMMON = 'the product works good great fine price value delivery arrived quality screen battery sound design'.split()
NEW = ['refund', 'broken', 'late', 'cracked', 'missing']

rows = []
for split, n in (('train', N_TRAIN), ('test', N_TEST)):
    test = split == 'test'
    age = np.round(rng.normal(46 if test else 38, 9, n), 1)
    income = np.round(rng.lognormal(10.5, 0.4, n), 2)
    score = np.round(rng.normal(0.02 if test else 0.0, 1.0, n), 4)
    region = rng.choice(['north', 'south', 'east', 'west'], size=n, p=[0.7, 0.1, 0.1, 0.1] if test else [0.25, 0.25, 0.25, 0.25])
    device = rng.choice(['web', 'ios', 'android'], size=n, p=[0.5, 0.3, 0.2])
    label = (rng.random(n) < (0.55 if test else 0.3)).astype(int)
    for i in range(n):
        words = list(rng.choice(COMMON, size=rng.integers(6, 14)))
        if test and rng.random() < 0.6:
            words += list(rng.choice(NEW, size=rng.integers(1, 4)))
        rng.shuffle(words)
        p_true = rng.uniform(0.55, 0.8) if test else rng.uniform(0.75, 0.98)
        p_pos = p_true if label[i] == 1 else 1 - p_true
        rows.append({
            'id': f'{split}-{i:04d}', 'split': split, 'age': age[i], 'income': income[i], 'score': score[i],
            'region': region[i], 'device': device[i], 'label': 'positive' if label[i] else 'negative', 'text': ' '.join(words),
            'p_pos': round(float(p_pos), 4),
        })

with open(os.path.join(OUT, 'data.csv'), 'w', newline='') as f:
    w = csv.writer(f)
    w.writerow(['id', 'split', 'age', 'income', 'score', 'region', 'device', 'label', 'text'])
    for r in rows:
        w.writerow([r['id'], r['split'], r['age'], r['income'], r['score'], r['region'], r['device'], r['label'], r['text']])
with open(os.path.join(OUT, 'preds.jsonl'), 'w') as f:
    for r in rows:
        f.write(json.dumps({'id': r['id'], 'probs': {'negative': round(1 - r['p_pos'], 4), 'positive': r['p_pos']}}) + '\n')

train = [r for r in rows if r['split'] == 'train']
test = [r for r in rows if r['split'] == 'test']


def numeric(values_a, values_b):
    a = np.array(values_a, dtype=float)
    b = np.array(values_b, dtype=float)
    ks = ks_2samp(a, b)
    return {'statistic': float(ks.statistic), 'pValue': float(ks.pvalue), 'effect': float(wasserstein_distance(a, b) / np.std(a, ddof=1))}


def categorical(values_a, values_b):
    levels = sorted(set(values_a) | set(values_b))
    table = np.array([[values_a.count(v) for v in levels], [values_b.count(v) for v in levels]])
    chi2, p, dof, _ = chi2_contingency(table)
    return {'statistic': float(chi2), 'pValue': float(p), 'dof': int(dof), 'effect': float(jensenshannon(table[0], table[1]))}


expected = {
    'age': numeric([r['age'] for r in train], [r['age'] for r in test]),
    'income': numeric([r['income'] for r in train], [r['income'] for r in test]),
    'score': numeric([r['score'] for r in train], [r['score'] for r in test]),
    'region': categorical([r['region'] for r in train], [r['region'] for r in test]),
    'device': categorical([r['device'] for r in train], [r['device'] for r in test]),
    'label': categorical([r['label'] for r in train], [r['label'] for r in test]),
    'length(text)': numeric([len(r['text']) for r in train], [len(r['text']) for r in test]),
    'confidence': numeric([max(r['p_pos'], round(1 - r['p_pos'], 4)) for r in train], [max(r['p_pos'], round(1 - r['p_pos'], 4)) for r in test]),
}
with open(os.path.join(OUT, 'expected.json'), 'w') as f:
    json.dump(expected, f, indent=1)
print(json.dumps({k: {kk: round(vv, 4) for kk, vv in v.items()} for k, v in expected.items()}))
