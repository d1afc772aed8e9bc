import { chiSquareSurvival } from './special.js';

/** Tests of whether runs (seeds) differ by more than sampling noise on the same examples. */

export interface SpreadTest {
  test: 'cochran-q' | 'friedman';
  statistic: number;
  df: number;
  pValue: number;
}

/**
 * Cochran's Q test (Cochran 1950) that k runs have the same accuracy, paired on the same
 * examples. `correct[j][i]` is 1 when run j got example i right, else 0.
 *   Q = (k - 1) (k Σ_j C_j² - N²) / (k N - Σ_i R_i²),
 * C_j the run totals, R_i the example totals, N the grand total; Q ~ χ²(k - 1) under H0.
 * When no example is right in some runs and wrong in others the runs cannot differ: Q = 0, p = 1.
 */
export function cochranQ(correct: readonly ArrayLike<number>[]): SpreadTest {
  const k = correct.length;
  if (k < 2) throw new RangeError("Cochran's Q needs two or more runs");
  const n = correct[0].length;
  const columnTotals = new Float64Array(k);
  let rowSquares = 0;
  let grand = 0;
  for (let i = 0; i < n; i++) {
    let rowTotal = 0;
    for (let j = 0; j < k; j++) {
      const v = correct[j][i];
      if (v !== 0) {
        rowTotal += v;
        columnTotals[j] += v;
      }
    }
    rowSquares += rowTotal * rowTotal;
    grand += rowTotal;
  }
  let columnSquares = 0;
  for (let j = 0; j < k; j++) columnSquares += columnTotals[j] * columnTotals[j];
  const denominator = k * grand - rowSquares;
  const statistic = denominator === 0 ? 0 : ((k - 1) * (k * columnSquares - grand * grand)) / denominator;
  return { test: 'cochran-q', statistic, df: k - 1, pValue: denominator === 0 ? 1 : chiSquareSurvival(statistic, k - 1) };
}

/**
 * Friedman's test (Friedman 1937) for fractional scores (LLM-style `score` in [0, 1]): the runs
 * are ranked within each example (average ranks for ties) and
 *   χ²_F = [12 / (n k (k+1)) Σ_j R_j² - 3 n (k+1)] / (1 - Σ (t³ - t) / (n k (k² - 1))),
 * with the tie correction scipy.stats.friedmanchisquare applies; χ²_F ~ χ²(k - 1) under H0.
 * On 0/1 scores it equals Cochran's Q. Unlike scipy it accepts k = 2. All tied: 0, p = 1.
 */
export function friedman(scores: readonly ArrayLike<number>[]): SpreadTest {
  const k = scores.length;
  if (k < 2) throw new RangeError("Friedman's test needs two or more runs");
  const n = scores[0].length;
  const rankSums = new Float64Array(k);
  const order = new Int32Array(k);
  const values = new Float64Array(k);
  let ties = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      values[j] = scores[j][i];
      order[j] = j;
    }
    // insertion sort of run indices by score (k is small)
    for (let a = 1; a < k; a++) {
      const idx = order[a];
      let b = a - 1;
      while (b >= 0 && values[order[b]] > values[idx]) {
        order[b + 1] = order[b];
        b--;
      }
      order[b + 1] = idx;
    }
    let start = 0;
    while (start < k) {
      let end = start + 1;
      while (end < k && values[order[end]] === values[order[start]]) end++;
      const t = end - start;
      const rank = (start + 1 + end) / 2; // average of ranks start+1 .. end
      for (let a = start; a < end; a++) rankSums[order[a]] += rank;
      if (t > 1) ties += t * (t * t - 1);
      start = end;
    }
  }
  let squares = 0;
  for (let j = 0; j < k; j++) squares += rankSums[j] * rankSums[j];
  const correction = 1 - ties / (k * (k * k - 1) * n);
  if (n === 0 || correction <= 1e-12) return { test: 'friedman', statistic: 0, df: k - 1, pValue: 1 };
  const statistic = ((12 / (k * n * (k + 1))) * squares - 3 * n * (k + 1)) / correction;
  return { test: 'friedman', statistic, df: k - 1, pValue: chiSquareSurvival(statistic, k - 1) };
}

/** Cochran's Q on 0/1 correctness, Friedman's test on fractional scores. */
export function spreadTest(scores: readonly ArrayLike<number>[]): SpreadTest {
  for (const run of scores) {
    for (let i = 0; i < run.length; i++) {
      const v = run[i];
      if (v !== 0 && v !== 1) return friedman(scores);
    }
  }
  return cochranQ(scores);
}
