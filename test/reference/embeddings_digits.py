"""Writes fixtures/embeddings/digits/: an image-like case for the embedding checks (issue 15).

scikit-learn's digits (1,797 8x8 images, the 64 pixel intensities 0..16 as the embedding) with
planted problems, all seeded:
  - 40 exact copies of 40 distinct images (appended rows, same label);
  - 40 near copies of 40 other images: 4 pixels moved by +-1 (clipped to 0..16), same label;
  - 20 outliers: images of uniform random pixels 0..16, labelled with a random class;
  - 5% of the original images' labels flipped to another class (seeded).
Rows are shuffled. Out-of-sample class probabilities come from 5-fold cross_val_predict of a
LogisticRegression on the pixels and the labels as given (what cleanlab asks for).

  - data.csv: id, label (as given), split (train 70% / test 30%, stratified);
  - embeddings.npy: rows x 64 float32, in data order (np.save);
  - probs.npy: rows x 10 float32, out-of-sample probabilities (np.save);
  - vectors.csv: data.csv with the embedding as a column of lists ("[0.0, 5.0, ...]"), for
    --embedding-col; vectors.parquet is written from it by embeddings_parquet.mjs (DuckDB);
  - embeddings.npz: the same array as `embeddings` (np.savez_compressed) beside the labels;
  - unlabelled.csv and labels.npy: the same rows without the label column, and the labels as given
    as class indices (int64, np.save), for --labels;
  - bad/: a 1-D array, an array with one row too few, a NaN;
  - probs-weak-eights.npy: out-of-sample probabilities of a model that saw few eights (each
    training fold keeps 1 in 12 of the rows labelled 8): a region of the embedding space where the
    model underperforms, for the slice search over embedding clusters;
  - truth.json: the planted exact and near pairs (ids), the outliers, the flipped ids, and the
    exact top-10 cosine neighbours' statistics used to choose thresholds.

    /usr/bin/python3 test/reference/embeddings_digits.py   # python3-sklearn 1.2.1, numpy 1.24
"""

import csv
import json
import os

import numpy as np
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_predict, train_test_split

ROOT = os.path.join(os.path.dirname(__file__), '..', '..')
OUT = os.path.join(ROOT, 'fixtures', 'embeddings', 'digits')
os.makedirs(OUT, exist_ok=True)
rng = np.random.default_rng(15)

digits = load_digits()
X = digits.data.astype(np.float64)
y = digits.target.copy()
n0 = len(y)
origin = [f'd{i}' for i in range(n0)]
kind = ['original'] * n0

picked = rng.choice(n0, size=80, replace=False)
exact_src, near_src = picked[:40], picked[40:]
rows_X = [X]
rows_y = [y]
for i in exact_src:
    rows_X.append(X[i:i + 1].copy())
    rows_y.append(y[i:i + 1].copy())
    origin.append(f'd{i}')
    kind.append('exact-copy')
for i in near_src:
    copy = X[i].copy()
    pixels = rng.choice(64, size=4, replace=False)
    for p in pixels:
        step = rng.choice([-1.0, 1.0])
        copy[p] = np.clip(copy[p] + step, 0, 16)
        if copy[p] == X[i][p]:
            copy[p] = np.clip(copy[p] - step, 0, 16)
    rows_X.append(copy[None, :])
    rows_y.append(y[i:i + 1].copy())
    origin.append(f'd{i}')
    kind.append('near-copy')
for _ in range(20):
    rows_X.append(rng.integers(0, 17, size=(1, 64)).astype(np.float64))
    rows_y.append(np.array([rng.integers(0, 10)]))
    origin.append(None)
    kind.append('outlier')
X_all = np.vstack(rows_X)
y_true = np.concatenate(rows_y)
n = len(y_true)

# Flip 5% of the original images (not their planted copies: a copy keeps its source's label).
given = y_true.copy()
originals = np.array([i for i in range(n) if kind[i] == 'original' and i not in set(picked)])
flipped = rng.choice(originals, size=int(0.05 * n0), replace=False)
for i in flipped:
    given[i] = (given[i] + rng.integers(1, 10)) % 10

order = rng.permutation(n)
ids = [f'img-{k:04d}' for k in range(n)]
X_s, given_s, true_s = X_all[order], given[order], y_true[order]
id_of_source = {}
for new, old in enumerate(order):
    if kind[old] == 'original':
        id_of_source[f'd{old}'] = ids[new]

split = np.array(['train'] * n, dtype=object)
_, test_idx = train_test_split(np.arange(n), test_size=0.3, random_state=15, stratify=given_s)
split[test_idx] = 'test'

probs = cross_val_predict(LogisticRegression(max_iter=2000, C=0.05), X_s, given_s, cv=5, method='predict_proba').astype(np.float32)

with open(os.path.join(OUT, 'data.csv'), 'w', newline='') as f:
    w = csv.writer(f)
    w.writerow(['id', 'label', 'split'])
    for k in range(n):
        w.writerow([ids[k], f'digit-{given_s[k]}', split[k]])
np.save(os.path.join(OUT, 'embeddings.npy'), X_s.astype(np.float32))
np.save(os.path.join(OUT, 'probs.npy'), probs)
from sklearn.model_selection import StratifiedKFold
weak = np.zeros_like(probs)
for fit, held in StratifiedKFold(5, shuffle=True, random_state=15).split(X_s, given_s):
    eights = fit[given_s[fit] == 8]
    keep = np.concatenate([fit[given_s[fit] != 8], eights[::12]])
    model = LogisticRegression(max_iter=2000, C=0.05).fit(X_s[keep], given_s[keep])
    weak[held] = model.predict_proba(X_s[held])
np.save(os.path.join(OUT, 'probs-weak-eights.npy'), weak.astype(np.float32))
np.savez_compressed(os.path.join(OUT, 'embeddings.npz'), embeddings=X_s.astype(np.float32), labels=given_s)
with open(os.path.join(OUT, 'vectors.csv'), 'w', newline='') as f:
    w = csv.writer(f)
    w.writerow(['id', 'label', 'split', 'embedding'])
    for k in range(n):
        w.writerow([ids[k], f'digit-{given_s[k]}', split[k], '[' + ', '.join(repr(float(v)) for v in X_s[k]) + ']'])
with open(os.path.join(OUT, 'unlabelled.csv'), 'w', newline='') as f:
    w = csv.writer(f)
    w.writerow(['id', 'split'])
    for k in range(n):
        w.writerow([ids[k], split[k]])
np.save(os.path.join(OUT, 'labels.npy'), given_s.astype(np.int64))
os.makedirs(os.path.join(OUT, 'bad'), exist_ok=True)
np.save(os.path.join(OUT, 'bad', 'flat.npy'), X_s[:, 0].astype(np.float32))
np.save(os.path.join(OUT, 'bad', 'short.npy'), X_s[:-1, :2].astype(np.float32))
nan = X_s[:, :2].astype(np.float32).copy()
nan[7, 1] = np.nan
np.save(os.path.join(OUT, 'bad', 'nan.npy'), nan)

# Exact cosine neighbours (numpy) for the thresholds and the test.
unit = X_s / np.linalg.norm(X_s, axis=1, keepdims=True)
sim = unit @ unit.T
np.fill_diagonal(sim, -np.inf)
top = np.argsort(-sim, axis=1, kind='stable')[:, :10]
top_sim = np.take_along_axis(sim, top, axis=1)
new_of_old = {old: new for new, old in enumerate(order)}
pairs = []
for old in range(n):
    if kind[old] in ('exact-copy', 'near-copy'):
        src = int(origin[old][1:])
        pairs.append({'kind': kind[old], 'ids': [ids[new_of_old[src]], ids[new_of_old[old]]], 'cosine': float(sim[new_of_old[src], new_of_old[old]])})
originals_new = [new_of_old[i] for i in range(n0) if i not in set(picked)]
truth = {
    'rows': n,
    'classes': [f'digit-{c}' for c in range(10)],
    'pairs': pairs,
    'outliers': [ids[new_of_old[old]] for old in range(n) if kind[old] == 'outlier'],
    'flipped': sorted(ids[new_of_old[old]] for old in flipped),
    'nearestCosineOfOriginals': {q: float(np.quantile(top_sim[originals_new, 0], q)) for q in (0.5, 0.9, 0.99, 1.0)},
    'meanKnnDistanceQuantiles': {q: float(np.quantile(1 - top_sim.mean(axis=1), q)) for q in (0.25, 0.5, 0.75, 0.95)},
}
with open(os.path.join(OUT, 'truth.json'), 'w') as f:
    json.dump(truth, f, indent=1)
print(json.dumps({k: truth[k] for k in ('rows', 'nearestCosineOfOriginals', 'meanKnnDistanceQuantiles')}), min(p['cosine'] for p in pairs if p['kind'] == 'near-copy'))
