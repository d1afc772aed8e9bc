"""Writes fixtures/npy/: the demo's three seeds of probabilities as NumPy arrays, by numpy itself
(an independent writer of the format the .npy reader follows), rows in the order of
fixtures/demo/data.csv and columns in class order (negative, neutral, positive).

  - seed-1.npy: float32, C order (what torch.softmax(...).numpy() gives);
  - seed-2.npy: float64, Fortran order, big-endian (a transposed view saved as is);
  - seed-3.npz: savez_compressed with the logits (log of the probabilities) as `pred_probs`
    beside the labels, as cleanlab's examples keep them;
  - bad/: a cut-off file, a wrong shape, an object array (pickle), an .npz of two unnamed arrays,
    a row that does not sum to 1, a NaN.

    /usr/bin/python3 test/reference/npy_writer.py   # numpy 1.24
"""

import csv
import json
import os

import numpy as np

ROOT = os.path.join(os.path.dirname(__file__), '..', '..')
OUT = os.path.join(ROOT, 'fixtures', 'npy')
CLASSES = ['negative', 'neutral', 'positive']

with open(os.path.join(ROOT, 'fixtures', 'demo', 'data.csv'), newline='') as f:
    rows = list(csv.DictReader(f))
ids = [r['id'] for r in rows]
labels = np.array([CLASSES.index(r['label']) for r in rows], dtype=np.int64)

probs = {}
with open(os.path.join(ROOT, 'fixtures', 'demo', 'preds.jsonl')) as f:
    for line in f:
        r = json.loads(line)
        probs.setdefault(r['seed'], {})[str(r['id'])] = [r['probs'][c] for c in CLASSES]

def matrix(seed):
    m = np.array([probs[seed][i] for i in ids], dtype=np.float64)
    return m / m.sum(axis=1, keepdims=True)

os.makedirs(os.path.join(OUT, 'bad'), exist_ok=True)
np.save(os.path.join(OUT, 'seed-1.npy'), matrix(1).astype(np.float32))
fortran = np.asfortranarray(matrix(2)).astype('>f8', order='F')
assert fortran.flags['F_CONTIGUOUS'] and not fortran.flags['C_CONTIGUOUS']
np.save(os.path.join(OUT, 'seed-2.npy'), fortran)
np.savez_compressed(os.path.join(OUT, 'seed-3.npz'), pred_probs=np.log(np.clip(matrix(3), 1e-15, None)), labels=labels)

with open(os.path.join(OUT, 'seed-1.npy'), 'rb') as f:
    whole = f.read()
with open(os.path.join(OUT, 'bad', 'truncated.npy'), 'wb') as f:
    f.write(whole[: len(whole) - 100])
np.save(os.path.join(OUT, 'bad', 'wrong-shape.npy'), matrix(1)[:, :2].copy())
np.save(os.path.join(OUT, 'bad', 'objects.npy'), np.array([{'a': 1}, None], dtype=object), allow_pickle=True)
np.savez(os.path.join(OUT, 'bad', 'two-arrays.npz'), matrix(1), matrix(2))
off = matrix(1) * 0.9
np.save(os.path.join(OUT, 'bad', 'not-summing.npy'), off)
nan = matrix(1)
nan[7, 1] = np.nan
np.save(os.path.join(OUT, 'bad', 'nan.npy'), nan)
print('wrote', sorted(os.listdir(OUT)), sorted(os.listdir(os.path.join(OUT, 'bad'))))
