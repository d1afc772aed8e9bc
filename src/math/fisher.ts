import { chiSquareSurvival, logFactorial } from './special.js';

/**
 * Tests of a 2x2 table [[a, b], [c, d]] (rows: two groups; columns: event, no event):
 * Fisher's exact test for small counts, Pearson's chi-square (the two-sided pooled
 * two-proportion z-test: chi2 = z^2) for large ones, and the switch between them.
 */

/** Relative tolerance under which two table probabilities count as equal (as R's fisher.test). */
const TIE_TOLERANCE = 1e-7;
const LOG_TIE = Math.log1p(TIE_TOLERANCE);
/** A tail is summed until what is left is below this share of the sum. */
const TAIL_EPSILON = 1e-17;

/**
 * log P(X = x) for X hypergeometric: `x` successes in `draws` draws without replacement from a
 * population of `total` holding `successes` successes (scipy's hypergeom.pmf(x, total, successes, draws)).
 */
export function hypergeometricLogPmf(x: number, total: number, successes: number, draws: number): number {
  const failures = total - successes;
  if (x < Math.max(0, draws - failures) || x > Math.min(successes, draws)) return -Infinity;
  return (
    logFactorial(successes) +
    logFactorial(failures) +
    logFactorial(draws) +
    logFactorial(total - draws) -
    logFactorial(total) -
    logFactorial(x) -
    logFactorial(successes - x) -
    logFactorial(draws - x) -
    logFactorial(failures - draws + x)
  );
}

function checkTable(a: number, b: number, c: number, d: number): void {
  for (const v of [a, b, c, d]) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`a 2x2 table needs non-negative integer counts, got [[${a}, ${b}], [${c}, ${d}]]`);
  }
}

/**
 * Two-sided p-value of Fisher's exact test on [[a, b], [c, d]], defined as scipy.stats.fisher_exact
 * defines it: the probability, with the margins fixed, of every table no more likely than the
 * observed one. Computed in log space from log-factorials; the sums walk outwards from the
 * observed table (and from the first table on the far side of the mode that is no more likely)
 * with the ratio of consecutive probabilities, stopping when the rest of a tail is negligible, so
 * the cost grows with the spread of the distribution, not with the counts. Tables whose
 * probability is within a relative 1e-7 of the observed one count as ties (as R does; scipy uses
 * 1e-14 with its own pmf, which only matters for exact ties, included by both). A p-value below
 * the smallest double comes back as 0.
 */
export function fisherExact(a: number, b: number, c: number, d: number): number {
  checkTable(a, b, c, d);
  const n1 = a + b;
  const n2 = c + d;
  const m = a + c; // first column total: the number of draws
  const total = n1 + n2;
  if (n1 === 0 || n2 === 0 || m === 0 || b + d === 0) return 1;
  const lo = Math.max(0, m - n2);
  const hi = Math.min(n1, m);
  const logPmf = (x: number) => hypergeometricLogPmf(x, total, n1, m);
  const mode = Math.floor(((m + 1) * (n1 + 1)) / (total + 2));
  const logObserved = logPmf(a);
  if (logPmf(mode) - logObserved <= LOG_TIE) return 1;

  // Ratio P(x + 1) / P(x) and P(x - 1) / P(x).
  const up = (x: number) => ((n1 - x) * (m - x)) / ((x + 1) * (n2 - m + x + 1));
  const down = (x: number) => (x * (n2 - m + x)) / ((n1 - x + 1) * (m - x + 1));

  /** Sum of P(x)/P(observed) from `start` (whose ratio is `first`) outwards in `direction`. */
  const tail = (start: number, first: number, direction: 1 | -1): number => {
    let sum = 0;
    let r = first;
    let x = start;
    for (;;) {
      sum += r;
      if (direction === 1 ? x >= hi : x <= lo) break;
      const q = direction === 1 ? up(x) : down(x);
      r *= q;
      x += direction;
      // Past the mode each ratio is below the last, so what is left is at most r / (1 - q).
      if (q < 1 && r / (1 - q) < sum * TAIL_EPSILON) break;
    }
    return sum;
  };

  let sum: number;
  if (a < mode) {
    sum = tail(a, 1, -1);
    // First x above the mode with P(x) <= P(observed) (times the tolerance): binary search.
    let left = mode;
    let right = hi + 1;
    while (left < right) {
      const mid = Math.floor((left + right) / 2);
      if (logPmf(mid) - logObserved <= LOG_TIE) right = mid;
      else left = mid + 1;
    }
    if (left <= hi) sum += tail(left, Math.exp(logPmf(left) - logObserved), 1);
  } else {
    sum = tail(a, 1, 1);
    let left = lo - 1;
    let right = mode;
    while (left < right) {
      const mid = Math.floor((left + right + 1) / 2);
      if (logPmf(mid) - logObserved <= LOG_TIE) left = mid;
      else right = mid - 1;
    }
    if (left >= lo) sum += tail(left, Math.exp(logPmf(left) - logObserved), -1);
  }
  return Math.min(1, Math.exp(logObserved + Math.log(sum)));
}

/**
 * Pearson's chi-square statistic of [[a, b], [c, d]] without continuity correction and its
 * p-value on one degree of freedom (scipy.stats.chi2_contingency(table, correction=False)). The
 * same p-value as the two-sided pooled two-proportion z-test of a/(a+b) against c/(c+d).
 */
export function chiSquare2x2(a: number, b: number, c: number, d: number): { statistic: number; pValue: number } {
  checkTable(a, b, c, d);
  const n1 = a + b;
  const n2 = c + d;
  const m1 = a + c;
  const m2 = b + d;
  const total = n1 + n2;
  if (n1 === 0 || n2 === 0 || m1 === 0 || m2 === 0) return { statistic: 0, pValue: 1 };
  const diff = a * d - b * c;
  // Divide step by step: the products of four margins overflow 2^53 for large tables.
  const statistic = (((total * (diff / n1)) / n2) * (diff / m1)) / m2;
  return { statistic, pValue: chiSquareSurvival(statistic, 1) };
}

export interface TwoByTwoTestOptions {
  /** Fisher's exact test is used when an expected count is below this (default 10). */
  minExpected?: number;
  /** ... or when the table holds fewer than this many rows (default 1000). */
  minTotal?: number;
}

export interface TwoByTwoTestResult {
  pValue: number;
  test: 'fisher' | 'chi-square';
}

/**
 * Tests whether the event rates of the two rows of [[a, b], [c, d]] differ (two-sided).
 * Fisher's exact test unless every expected count is at least `minExpected` (10, twice
 * Cochran's rule of 5, because slices are ranked by these p-values) and the table holds at least
 * `minTotal` (1000) rows; then Pearson's chi-square, whose p-value is within a few percent of
 * Fisher's there and costs nothing to compute.
 */
export function twoByTwoTest(a: number, b: number, c: number, d: number, options: TwoByTwoTestOptions = {}): TwoByTwoTestResult {
  checkTable(a, b, c, d);
  const minExpected = options.minExpected ?? 10;
  const minTotal = options.minTotal ?? 1000;
  const total = a + b + c + d;
  if (total >= minTotal) {
    const n1 = a + b;
    const n2 = c + d;
    const m1 = a + c;
    const m2 = b + d;
    const smallestExpected = (Math.min(n1, n2) * Math.min(m1, m2)) / total;
    if (smallestExpected >= minExpected) return { pValue: chiSquare2x2(a, b, c, d).pValue, test: 'chi-square' };
  }
  return { pValue: fisherExact(a, b, c, d), test: 'fisher' };
}
