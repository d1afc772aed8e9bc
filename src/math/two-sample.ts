/**
 * Two-sample statistics for distribution shift between a training and an evaluation split:
 * - Kolmogorov-Smirnov: D = max |F1 - F2| over the pooled values (ties handled as step
 *   functions), two-sided p-value exact for samples up to 10,000 per side (the probability that a
 *   uniformly random lattice path from (0, 0) to (n1, n2) leaves the band |x/n1 - y/n2| < D,
 *   computed as a path-probability recursion along the band, so nothing overflows), and the
 *   Kolmogorov limit with Stephens' small-sample correction beyond;
 * - the 1-Wasserstein distance (the area between the two empirical distribution functions);
 * - Pearson's chi-square test of homogeneity on a 2 x K table of counts, with Yates' continuity
 *   correction when it has one degree of freedom (as scipy's chi2_contingency by default);
 * - the Jensen-Shannon distance (natural log) between two count vectors.
 */
import { chiSquareSurvival } from './special.js';

/** The values in ascending order: a Float64Array already in order is read as it is (callers sort once for several statistics). */
function sorted(values: ArrayLike<number>): Float64Array {
  if (values instanceof Float64Array && isAscending(values)) return values;
  return Float64Array.from(values).sort();
}

function isAscending(values: Float64Array): boolean {
  for (let i = 1; i < values.length; i++) if (!(values[i - 1] <= values[i])) return false;
  return true;
}

/** The largest distance between the two empirical distribution functions. */
export function ksStatistic(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const x = sorted(a);
  const y = sorted(b);
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const value = Math.min(x[i], y[j]);
    while (i < x.length && x[i] === value) i++;
    while (j < y.length && y[j] === value) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/**
 * P(D >= d) for samples of n1 and n2 under the null, exactly: d is first rounded to the lattice
 * (a multiple of 1 / lcm(n1, n2)), then the probability that a random path stays strictly inside
 * |n2 x - n1 y| < h g is summed along the band, column by column.
 */
export function ksExactPValue(d: number, n1: number, n2: number): number {
  const g = gcd(n1, n2);
  const lcm = (n1 / g) * n2;
  const h = Math.round(d * lcm);
  if (h === 0) return 1;
  const limit = h * g; // inside: |n2 * x - n1 * y| < limit
  // inside[y] for the current x: probability of reaching (x, y) by a path that stayed inside.
  let previous = new Float64Array(n2 + 1);
  let current = new Float64Array(n2 + 1);
  let low = 0;
  let high = 0;
  previous[0] = 1;
  // x = 0 column: moving up only.
  for (let y = 1; y <= n2; y++) {
    if (Math.abs(-n1 * y) >= limit) break;
    previous[y] = (previous[y - 1] * (n2 - (y - 1))) / (n1 + n2 - (y - 1));
    high = y;
  }
  for (let x = 1; x <= n1; x++) {
    // y range inside the band for this x: |n2 x - n1 y| < limit.
    const yLow = Math.max(0, Math.floor((n2 * x - limit) / n1) + 1);
    const yHigh = Math.min(n2, Math.ceil((n2 * x + limit) / n1) - 1);
    for (let y = yLow; y <= yHigh; y++) {
      const used = x - 1 + y;
      // From (x - 1, y) by a step of sample 1, or from (x, y - 1) by a step of sample 2.
      const fromLeft = y >= low && y <= high ? (previous[y] * (n1 - (x - 1))) / (n1 + n2 - used) : 0;
      const fromBelow = y > yLow ? (current[y - 1] * (n2 - (y - 1))) / (n1 + n2 - (x + y - 1)) : 0;
      current[y] = fromLeft + fromBelow;
    }
    if (yHigh < yLow) return 1;
    [previous, current] = [current, previous];
    low = yLow;
    high = yHigh;
  }
  const inside = high >= n2 && low <= n2 ? previous[n2] : 0;
  return Math.min(1, Math.max(0, 1 - inside));
}

/** The Kolmogorov limit Q(lambda) = 2 sum (-1)^(k-1) exp(-2 k^2 lambda^2). */
function kolmogorovSurvival(lambda: number): number {
  if (lambda <= 0) return 1;
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sum += (k % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-17) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

export interface KsResult {
  statistic: number;
  pValue: number;
  method: 'exact' | 'asymptotic';
}

/** Two-sided two-sample Kolmogorov-Smirnov test: exact up to 10,000 values per side. */
export function ksTwoSample(a: ArrayLike<number>, b: ArrayLike<number>): KsResult {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) return { statistic: NaN, pValue: NaN, method: 'exact' };
  const statistic = ksStatistic(a, b);
  if (Math.max(n1, n2) <= 10_000) return { statistic, pValue: ksExactPValue(statistic, n1, n2), method: 'exact' };
  const en = Math.sqrt((n1 * n2) / (n1 + n2));
  return { statistic, pValue: kolmogorovSurvival((en + 0.12 + 0.11 / en) * statistic), method: 'asymptotic' };
}

/** The 1-Wasserstein (earth mover's) distance between two samples on the real line. */
export function wassersteinDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const x = sorted(a);
  const y = sorted(b);
  if (x.length === 0 || y.length === 0) return NaN;
  let i = 0;
  let j = 0;
  let distance = 0;
  let at = Math.min(x[0], y[0]);
  while (i < x.length || j < y.length) {
    const next = Math.min(i < x.length ? x[i] : Infinity, j < y.length ? y[j] : Infinity);
    distance += Math.abs(i / x.length - j / y.length) * (next - at);
    at = next;
    while (i < x.length && x[i] === next) i++;
    while (j < y.length && y[j] === next) j++;
  }
  return distance;
}

export interface ChiSquareResult {
  statistic: number;
  pValue: number;
  dof: number;
}

/** Chi-square test of homogeneity of two rows of counts over the same K categories. */
export function chiSquareHomogeneity(first: ArrayLike<number>, second: ArrayLike<number>): ChiSquareResult {
  const k = first.length;
  const columns: number[] = [];
  for (let c = 0; c < k; c++) if (first[c] + second[c] > 0) columns.push(c);
  const rows = [first, second];
  const rowTotals = rows.map((row) => columns.reduce((s, c) => s + row[c], 0));
  const total = rowTotals[0] + rowTotals[1];
  const dof = rowTotals.every((t) => t > 0) ? columns.length - 1 : 0;
  if (dof <= 0 || total === 0) return { statistic: 0, pValue: 1, dof: Math.max(0, dof) };
  let statistic = 0;
  for (const c of columns) {
    const columnTotal = first[c] + second[c];
    for (let r = 0; r < 2; r++) {
      const expected = (rowTotals[r] * columnTotal) / total;
      let observed = rows[r][c];
      if (dof === 1) {
        // Yates: move each count half a unit toward its expectation (no further than it).
        const diff = expected - observed;
        observed += Math.sign(diff) * Math.min(0.5, Math.abs(diff));
      }
      statistic += ((observed - expected) * (observed - expected)) / expected;
    }
  }
  return { statistic, pValue: chiSquareSurvival(statistic, dof), dof };
}

/** Jensen-Shannon distance (square root of the divergence, natural log) between two count vectors. */
export function jensenShannonDistance(first: ArrayLike<number>, second: ArrayLike<number>): number {
  const sum = (v: ArrayLike<number>) => {
    let total = 0;
    for (let i = 0; i < v.length; i++) total += v[i];
    return total;
  };
  const a = sum(first);
  const b = sum(second);
  if (a === 0 || b === 0) return NaN;
  let divergence = 0;
  for (let i = 0; i < first.length; i++) {
    const p = first[i] / a;
    const q = second[i] / b;
    const m = (p + q) / 2;
    if (p > 0) divergence += p * Math.log(p / m);
    if (q > 0) divergence += q * Math.log(q / m);
  }
  return Math.sqrt(Math.max(0, divergence / 2));
}
