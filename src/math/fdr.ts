/**
 * Benjamini-Hochberg control of the false discovery rate: the q-value of the i-th smallest of m
 * p-values is min over j >= i of p_(j) * m / j, capped at 1 (scipy.stats.false_discovery_control
 * with method='bh', statsmodels' multipletests(method='fdr_bh')). A slice whose q-value is at most
 * alpha is reported with an expected share of false discoveries of at most alpha among those reported.
 */
export function benjaminiHochberg(pValues: ArrayLike<number>): Float64Array {
  const out = new Float64Array(pValues.length).fill(NaN);
  const order: number[] = [];
  for (let i = 0; i < pValues.length; i++) {
    const p = pValues[i];
    if (Number.isNaN(p)) continue; // NaN p-values are left out of m and get a NaN q-value
    if (p < 0 || p > 1) throw new RangeError(`p-values must lie in [0, 1], got ${p}`);
    order.push(i);
  }
  // Ascending p, ties by position: a stable order, so the output never depends on the sort.
  order.sort((i, j) => pValues[i] - pValues[j] || i - j);
  const m = order.length;
  let running = 1;
  for (let rank = m; rank >= 1; rank--) {
    const index = order[rank - 1];
    running = Math.min(running, (pValues[index] * m) / rank);
    out[index] = running;
  }
  return out;
}

/** Holm's step-down adjusted p-values (family-wise error), in the input order: statsmodels' multipletests(method='holm'). */
export function holm(pValues: ArrayLike<number>): Float64Array {
  const m = pValues.length;
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => pValues[a] - pValues[b] || a - b);
  const adjusted = new Float64Array(m);
  let running = 0;
  order.forEach((index, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * pValues[index]));
    adjusted[index] = running;
  });
  return adjusted;
}
