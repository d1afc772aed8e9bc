/**
 * Does a model predict each answer as often as it is the gold answer? Predictions and gold answers
 * are paired on the same rows, so their marginals are compared with tests for paired tables:
 *
 * - Stuart-Maxwell (Stuart 1955; Maxwell 1970) for all answers at once: d_i = n_i. - n_.i (gold
 *   count minus predicted count) for k-1 answers, V_ii = n_i. + n_.i - 2 n_ii,
 *   V_ij = -(n_ij + n_ji), statistic d' V^-1 d, chi-square with k-1 degrees of freedom
 *   (statsmodels' `SquareTable.homogeneity('stuart_maxwell')`). With two answers it is McNemar's
 *   chi-square (b - c)^2 / (b + c).
 * - Per answer, the exact McNemar test of rows predicted as it but gold otherwise against rows gold
 *   as it but predicted otherwise: which answer the model over-predicts.
 *
 * Answers that are neither predicted nor gold on any row are left out (they carry no information
 * and make V singular); so are answers whose only rows are on the diagonal (then d_i = 0).
 */
import { chiSquareSurvival } from './special.js';
import { mcnemarExact } from './paired-comparison.js';

export interface AnswerMarginal {
  /** Rows whose prediction is this answer, and rows whose gold answer it is. */
  predicted: number;
  gold: number;
  /** Predicted as this answer while the gold answer is another / gold this answer while predicted another. */
  overPredicted: number;
  underPredicted: number;
  /** Exact McNemar p-value of overPredicted against underPredicted. */
  pValue: number;
}

export interface MarginalHomogeneity {
  rows: number;
  statistic: number;
  df: number;
  pValue: number;
  perAnswer: AnswerMarginal[];
}

/** Solves A x = b for a symmetric positive (semi)definite A by Gaussian elimination with partial pivoting; null when singular. */
function solve(a: Float64Array, b: Float64Array, m: number): Float64Array | null {
  const A = a.slice();
  const x = b.slice();
  for (let col = 0; col < m; col++) {
    let pivot = col;
    for (let r = col + 1; r < m; r++) if (Math.abs(A[r * m + col]) > Math.abs(A[pivot * m + col])) pivot = r;
    if (Math.abs(A[pivot * m + col]) < 1e-12) return null;
    if (pivot !== col) {
      for (let c = 0; c < m; c++) [A[col * m + c], A[pivot * m + c]] = [A[pivot * m + c], A[col * m + c]];
      [x[col], x[pivot]] = [x[pivot], x[col]];
    }
    for (let r = col + 1; r < m; r++) {
      const f = A[r * m + col] / A[col * m + col];
      if (f === 0) continue;
      for (let c = col; c < m; c++) A[r * m + c] -= f * A[col * m + c];
      x[r] -= f * x[col];
    }
  }
  for (let r = m - 1; r >= 0; r--) {
    let s = x[r];
    for (let c = r + 1; c < m; c++) s -= A[r * m + c] * x[c];
    x[r] = s / A[r * m + r];
  }
  return x;
}

/** The k x k table of gold answer (row) by predicted answer (column) over paired codes (negative codes skipped). */
export function pairedTable(gold: ArrayLike<number>, predicted: ArrayLike<number>, k: number): Float64Array {
  const table = new Float64Array(k * k);
  for (let i = 0; i < gold.length; i++) {
    const g = gold[i];
    const p = predicted[i];
    if (g >= 0 && p >= 0 && g < k && p < k) table[g * k + p]++;
  }
  return table;
}

/** Stuart-Maxwell test of marginal homogeneity of a k x k table (rows gold, columns predicted), with per-answer exact McNemar tests. */
export function marginalHomogeneity(table: ArrayLike<number>, k: number): MarginalHomogeneity {
  const rowSum = new Float64Array(k);
  const colSum = new Float64Array(k);
  let rows = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const v = table[i * k + j];
      rowSum[i] += v;
      colSum[j] += v;
      rows += v;
    }
  }
  const perAnswer: AnswerMarginal[] = [];
  for (let c = 0; c < k; c++) {
    const diagonal = table[c * k + c];
    const over = colSum[c] - diagonal;
    const under = rowSum[c] - diagonal;
    perAnswer.push({ predicted: colSum[c], gold: rowSum[c], overPredicted: over, underPredicted: under, pValue: mcnemarExact(over, under) });
  }
  // Answers with off-diagonal rows; the last of them is dropped (the d_i sum to zero).
  const active: number[] = [];
  for (let c = 0; c < k; c++) if (perAnswer[c].overPredicted + perAnswer[c].underPredicted > 0) active.push(c);
  if (active.length < 2) return { rows, statistic: 0, df: Math.max(0, active.length - 1), pValue: 1, perAnswer };
  const used = active.slice(0, -1);
  const m = used.length;
  const d = new Float64Array(m);
  const V = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    const i = used[a];
    d[a] = rowSum[i] - colSum[i];
    for (let b = 0; b < m; b++) {
      const j = used[b];
      V[a * m + b] = a === b ? rowSum[i] + colSum[i] - 2 * table[i * k + i] : -(table[i * k + j] + table[j * k + i]);
    }
  }
  const x = solve(V, d, m);
  let statistic = 0;
  if (x) for (let a = 0; a < m; a++) statistic += d[a] * x[a];
  return { rows, statistic, df: m, pValue: x ? chiSquareSurvival(statistic, m) : 1, perAnswer };
}
