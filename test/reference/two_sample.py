"""scipy's two-sample statistics on seeded samples, for test/two-sample.test.ts
(fixtures/two-sample/scipy.json): ks_2samp (two-sided, method 'exact' below 10,000 per side),
wasserstein_distance, chi2_contingency (Yates' correction for one degree of freedom, its default)
and jensenshannon (natural log).

    /usr/bin/python3 test/reference/two_sample.py   # python3-scipy 1.10.1, numpy 1.24
"""

import json
import os

import numpy as np
from scipy.spatial.distance import jensenshannon
from scipy.stats import chi2_contingency, ks_2samp, wasserstein_distance

rng = np.random.default_rng(2026)
cases = []
def ks_case(name, a, b):
    r = ks_2samp(a, b, alternative='two-sided', method='exact')
    cases.append({'kind': 'ks', 'name': name, 'a': [float(x) for x in a], 'b': [float(x) for x in b],
                  'statistic': float(r.statistic), 'pValue': float(r.pvalue),
                  'wasserstein': float(wasserstein_distance(a, b))})

ks_case('same normal, 40 and 60', rng.normal(0, 1, 40), rng.normal(0, 1, 60))
ks_case('shifted normal, 200 and 150', rng.normal(0, 1, 200), rng.normal(0.4, 1, 150))
ks_case('equal sizes 100', rng.normal(0, 1, 100), rng.normal(0.2, 1.3, 100))
ks_case('integer ages with ties, 300 and 250', rng.integers(18, 80, 300), rng.integers(25, 80, 250))
ks_case('tiny, 5 and 7', rng.normal(0, 1, 5), rng.normal(1, 1, 7))
ks_case('strong shift, 1000 and 800', rng.exponential(1, 1000), rng.exponential(1.5, 800))
ks_case('one sample inside the other, 30 and 3000', rng.uniform(0, 1, 30), rng.uniform(0, 1, 3000))
ks_case('unequal, 2000 and 1999', rng.normal(0, 1, 2000), rng.normal(0.05, 1, 1999))

big_a, big_b = np.round(rng.normal(0, 1, 12000), 4), np.round(rng.normal(0.03, 1, 15000), 4)
r = ks_2samp(big_a, big_b, method='asymp')
cases.append({'kind': 'ks-asymp', 'name': 'asymptotic, 12000 and 15000', 'a': [float(x) for x in big_a], 'b': [float(x) for x in big_b], 'statistic': float(r.statistic), 'pValue': float(r.pvalue)})

def chi_case(name, a, b):
    stat, p, dof, _ = chi2_contingency(np.array([a, b]))
    m = np.array(a, dtype=float) + 0
    cases.append({'kind': 'chi2', 'name': name, 'a': a, 'b': b, 'statistic': float(stat), 'pValue': float(p), 'dof': int(dof),
                  'jensenShannon': float(jensenshannon(np.array(a, dtype=float), np.array(b, dtype=float)))})

chi_case('four channels', [120, 80, 40, 10], [100, 95, 30, 25])
chi_case('two categories (Yates)', [30, 70], [45, 55])
chi_case('two categories, small counts (Yates)', [3, 9], [8, 4])
chi_case('label prior, three classes', [400, 350, 250], [90, 60, 50])
chi_case('same proportions', [10, 20, 30], [20, 40, 60])

out = os.path.join(os.path.dirname(__file__), '..', '..', 'fixtures', 'two-sample', 'scipy.json')
with open(out, 'w') as f:
    json.dump({'scipy': __import__('scipy').__version__, 'cases': cases}, f)
print('wrote', len(cases), 'cases')
