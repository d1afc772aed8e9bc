/** Quantile bins of a numeric column (equal-count intervals), with readable labels: how the slice search codes numbers. */

/**
 * Cuts a numeric column into at most `bins` quantile bins (deterministic: cut points are data
 * values at the k/bins quantiles, duplicates merged). Bin i holds [cut_i, cut_{i+1}), the last one
 * [cut, max]. Non-finite values get -1.
 */
export function quantileBins(values: ArrayLike<number>, bins: number): { codes: Int32Array; labels: string[]; cuts: number[] } {
  // The k/bins quantile is the value at position floor(k * n / bins) of the sorted values; it is
  // read from the distinct values and their counts (few for most columns), sorting all values
  // only when there are many distinct ones.
  const counts = new Map<number, number>();
  let n = 0;
  let many = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    n++;
    if (many) continue;
    counts.set(v, (counts.get(v) ?? 0) + 1);
    if (counts.size > 65_536) many = true;
  }
  let cuts: { cuts: number[]; max: number } | null = null;
  if (n > 0 && many) {
    const sorted = new Float64Array(n);
    let j = 0;
    for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) sorted[j++] = values[i];
    sorted.sort();
    const quantiles: number[] = [];
    for (let k = 1; k < bins; k++) quantiles.push(sorted[Math.floor((k * n) / bins)]);
    cuts = cutPoints(sorted[0], sorted[n - 1], quantiles);
  } else if (n > 0) {
    const distinct = Float64Array.from(counts.keys());
    cuts = cutsFromCounts(
      distinct,
      Float64Array.from(distinct, (v) => counts.get(v)!),
      bins,
    );
  }
  return assignBins(values, cuts);
}

/**
 * The same bins for a dictionary-encoded column, from its levels' numbers (NaN for a level that
 * is not a number) and the per-row level codes (-1 missing): no per-row parsing or sorting.
 */
export function quantileBinsOfLevels(levelValues: ArrayLike<number>, codes: Int32Array, bins: number): { codes: Int32Array; labels: string[]; cuts: number[] } {
  const counts = new Float64Array(levelValues.length);
  for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) counts[codes[i]]++;
  const present: number[] = [];
  for (let l = 0; l < levelValues.length; l++) if (counts[l] > 0 && Number.isFinite(levelValues[l])) present.push(l);
  const distinct = Float64Array.from(present, (l) => levelValues[l]);
  const found =
    present.length === 0
      ? null
      : cutsFromCounts(
          distinct,
          Float64Array.from(present, (l) => counts[l]),
          bins,
        );
  const levelBins = assignBins(levelValues, found);
  const out = new Int32Array(codes.length).fill(-1);
  for (let i = 0; i < codes.length; i++) if (codes[i] >= 0) out[i] = levelBins.codes[codes[i]];
  return { codes: out, labels: levelBins.labels, cuts: levelBins.cuts };
}

/** Cut points from distinct values (any order) and their counts. */
function cutsFromCounts(distinct: Float64Array, counts: Float64Array, bins: number): { cuts: number[]; max: number } {
  const order = Array.from(distinct.keys()).sort((a, b) => distinct[a] - distinct[b]);
  let n = 0;
  for (let i = 0; i < counts.length; i++) n += counts[i];
  const quantiles: number[] = [];
  let seen = 0;
  let k = 1;
  for (const d of order) {
    seen += counts[d];
    while (k < bins && Math.floor((k * n) / bins) < seen) {
      quantiles.push(distinct[d]);
      k++;
    }
  }
  return cutPoints(distinct[order[0]], distinct[order[order.length - 1]], quantiles);
}

function cutPoints(min: number, max: number, quantiles: number[]): { cuts: number[]; max: number } {
  const cuts: number[] = [min];
  for (const cut of quantiles) if (cut > cuts[cuts.length - 1]) cuts.push(cut);
  return { cuts, max };
}

function assignBins(values: ArrayLike<number>, found: { cuts: number[]; max: number } | null): { codes: Int32Array; labels: string[]; cuts: number[] } {
  const codes = new Int32Array(values.length).fill(-1);
  if (!found) return { codes, labels: [], cuts: [] };
  const { cuts, max } = found;
  const labels = cuts.map((cut, i) =>
    i + 1 < cuts.length ? `[${formatNumber(cut)}, ${formatNumber(cuts[i + 1])})` : `[${formatNumber(cut)}, ${formatNumber(max)}]`,
  );
  const last = cuts.length - 1;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    // Last cut <= v, by binary search.
    let lo = 0;
    let hi = last;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (cuts[mid] <= v) lo = mid;
      else hi = mid - 1;
    }
    codes[i] = lo;
  }
  return { codes, labels, cuts };
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
}
