/**
 * Prediction churn between runs (Milani Fard et al. 2016; Bhojanapalli et al. 2021): the share
 * of examples whose predicted class differs between two runs. All arrays are aligned to the
 * same examples (callers pass only rows every run covers).
 */

/** Share of positions where `a` and `b` differ; NaN for no examples. */
export function churn(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (b.length !== n) throw new RangeError('churn needs predictions for the same examples');
  if (n === 0) return NaN;
  let differ = 0;
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) differ++;
  return differ / n;
}

/**
 * Mean absolute difference of two score vectors: for 0/1 correctness, the share of examples
 * one run gets right and the other wrong; for fractional scores (LLM-style `score`) its
 * natural extension. Used as churn when runs carry scores but no predicted classes.
 */
export function scoreDisagreement(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (b.length !== n) throw new RangeError('disagreement needs scores for the same examples');
  if (n === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.abs(a[i] - b[i]);
  return sum / n;
}

export interface PairwiseChurn {
  /** Mean over the R(R-1)/2 pairs of runs. */
  meanPairwise: number;
  /** Largest churn of any pair, and that pair (run indices, first found in row-major order). */
  maxPairwise: number;
  maxPair: [number, number];
  /** R x R symmetric matrix, row-major, zeros on the diagonal. */
  matrix: Float64Array;
}

/** Churn for every pair of runs; `distance` is `churn` for classes, `scoreDisagreement` for scores. */
export function pairwiseChurn(runs: readonly ArrayLike<number>[], distance: (a: ArrayLike<number>, b: ArrayLike<number>) => number = churn): PairwiseChurn {
  const r = runs.length;
  const matrix = new Float64Array(r * r);
  let sum = 0;
  let pairs = 0;
  let max = -Infinity;
  let maxPair: [number, number] = [0, 0];
  for (let i = 0; i < r; i++) {
    for (let j = i + 1; j < r; j++) {
      const value = distance(runs[i], runs[j]);
      matrix[i * r + j] = matrix[j * r + i] = value;
      sum += value;
      pairs++;
      if (value > max) {
        max = value;
        maxPair = [i, j];
      }
    }
  }
  return { meanPairwise: pairs === 0 ? NaN : sum / pairs, maxPairwise: pairs === 0 ? NaN : max, maxPair, matrix };
}

/**
 * Per-example flip rate: the share of pairs of runs that disagree on the example's predicted
 * class, (R² - Σ_k c_k²) / (R(R-1)) with c_k the number of runs predicting class k. Its mean over
 * examples equals the mean pairwise churn; 0 when every run agrees.
 */
export function flipRates(runs: readonly ArrayLike<number>[], classCount: number): Float64Array {
  const r = runs.length;
  const n = r === 0 ? 0 : runs[0].length;
  const rates = new Float64Array(n);
  if (r < 2) return rates;
  const counts = new Int32Array(classCount);
  const denominator = r * (r - 1);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < r; k++) counts[runs[k][i]]++;
    let squares = 0;
    for (let k = 0; k < r; k++) {
      const c = runs[k][i];
      const count = counts[c];
      if (count !== 0) {
        squares += count * count;
        counts[c] = 0;
      }
    }
    rates[i] = (r * r - squares) / denominator;
  }
  return rates;
}

/**
 * Per-example flip rate for scores: the mean |s_a - s_b| over pairs of runs, computed from the
 * sorted scores as Σ_i (2i - R + 1) s_(i) / (R(R-1)/2). Equals `flipRates` on 0/1 correctness
 * when runs predict one of two classes.
 */
export function scoreFlipRates(runs: readonly ArrayLike<number>[]): Float64Array {
  const r = runs.length;
  const n = r === 0 ? 0 : runs[0].length;
  const rates = new Float64Array(n);
  if (r < 2) return rates;
  const values = new Float64Array(r);
  const pairs = (r * (r - 1)) / 2;
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < r; k++) values[k] = runs[k][i];
    values.sort();
    let sum = 0;
    for (let k = 0; k < r; k++) sum += (2 * k - r + 1) * values[k];
    rates[i] = sum / pairs;
  }
  return rates;
}
