"""Writes fixtures/npy/variants/: valid arrays by numpy itself, the starting points of the
mutation test (test/hostile/numpy-properties.test.ts), beside fixtures/npy/seed-*.{npy,npz}:

  - seed-1-v2.npy, seed-1-v3.npy: seed-1.npy's float32 array in format versions 2.0 and 3.0;
  - seed-1-stored.npz: np.savez (members stored, not deflated) of it as `probs`, beside the
    labels (int64) as `labels`;
  - labels.npy: the demo's labels as int64 class indices (negative, neutral, positive = 0, 1, 2).

    /usr/bin/python3 test/reference/npy_variants.py   # numpy 1.24

It also prints what numpy does with a header naming `shape` twice (it takes the last).
"""

import io
import os

import numpy as np

ROOT = os.path.join(os.path.dirname(__file__), '..', '..')
OUT = os.path.join(ROOT, 'fixtures', 'npy', 'variants')
os.makedirs(OUT, exist_ok=True)

probs = np.load(os.path.join(ROOT, 'fixtures', 'npy', 'seed-1.npy'))
labels = np.load(os.path.join(ROOT, 'fixtures', 'npy', 'seed-3.npz'))['labels']
assert probs.dtype == np.float32 and probs.shape == (488, 3) and labels.dtype == np.int64

for version in [(2, 0), (3, 0)]:
    with open(os.path.join(OUT, 'seed-1-v%d.npy' % version[0]), 'wb') as f:
        np.lib.format.write_array(f, probs, version=version)
np.savez(os.path.join(OUT, 'seed-1-stored.npz'), probs=probs, labels=labels)
np.save(os.path.join(OUT, 'labels.npy'), labels)

header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'shape': (3, 2), }"
header += ' ' * (63 - (10 + len(header)) % 64) + '\n'
raw = b'\x93NUMPY\x01\x00' + len(header).to_bytes(2, 'little') + header.encode('latin1') + np.arange(6, dtype='<f4').tobytes()
print('numpy reads a header naming shape twice as shape', np.load(io.BytesIO(raw)).shape)
print('wrote', sorted(os.listdir(OUT)))
