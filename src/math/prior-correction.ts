/**
 * Prior correction of predicted probabilities: p'(y|x) proportional to w_y p(y|x), one weight per
 * class, fitted by log loss on labelled rows (the bias terms of bias-corrected calibration,
 * Alexandari et al. 2020; under label shift the EM of Saerens et al. 2002 targets the same
 * weights; for prompted LLMs it is contextual calibration, Zhao et al. 2021). It moves the
 * decision boundaries between classes, so, unlike temperature scaling, it can change the argmax:
 * a model trained on a class mix unlike the evaluation's gains accuracy from it.
 *
 * The weights are found as biases b = log w on the log-probabilities by Newton's method on the
 * convex objective sum_i -log softmax(z_i + b)_{y_i} + (lambda/2)|b|^2 (lambda = 1: one
 * pseudo-observation, which keeps b finite when a class is absent from the rows fitted).
 */
import { evenSubset, foldPositions, stratifiedFolds } from './cross-fit.js';

/** Probabilities below this are read as this much (log 0 is not a number). */
export const PROBABILITY_FLOOR = 1e-15;
const RIDGE = 1;

/** The log-probability of class c for data row `row`, floored. */
const logp = (probs: Float64Array, k: number, row: number, c: number) => Math.log(Math.max(probs[row * k + c], PROBABILITY_FLOOR));

/** Solves H x = g in place (H k x k symmetric positive definite, row-major) by Cholesky; returns x. */
function choleskySolve(h: Float64Array, g: Float64Array, k: number): Float64Array {
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = h[i * k + j];
      for (let m = 0; m < j; m++) sum -= l[i * k + m] * l[j * k + m];
      if (i === j) l[i * k + i] = Math.sqrt(Math.max(sum, 1e-12));
      else l[i * k + j] = sum / l[j * k + j];
    }
  }
  const y = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let sum = g[i];
    for (let m = 0; m < i; m++) sum -= l[i * k + m] * y[m];
    y[i] = sum / l[i * k + i];
  }
  const x = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let sum = y[i];
    for (let m = i + 1; m < k; m++) sum -= l[m * k + i] * x[m];
    x[i] = sum / l[i * k + i];
  }
  return x;
}

/** Log-probabilities (floored) of `rows`, row-major rows.length x k: computed once, read by every Newton step. */
export function logProbabilities(probs: Float64Array, k: number, rows: ArrayLike<number>): Float64Array {
  const z = new Float64Array(rows.length * k);
  for (let i = 0; i < rows.length; i++) for (let c = 0; c < k; c++) z[i * k + c] = logp(probs, k, rows[i], c);
  return z;
}

/** Objective, gradient and Hessian of the biases over the positions `at` of `z` (labels `y` per position). */
function evaluate(z: Float64Array, k: number, at: ArrayLike<number>, y: ArrayLike<number>, bias: Float64Array, withHessian: boolean) {
  let loss = 0;
  const grad = new Float64Array(k);
  const hess = withHessian ? new Float64Array(k * k) : null;
  const q = new Float64Array(k);
  for (let t = 0; t < at.length; t++) {
    const offset = at[t] * k;
    let max = -Infinity;
    for (let c = 0; c < k; c++) {
      q[c] = z[offset + c] + bias[c];
      if (q[c] > max) max = q[c];
    }
    let sum = 0;
    for (let c = 0; c < k; c++) sum += q[c] = Math.exp(q[c] - max);
    const label = y[at[t]];
    loss -= Math.log(q[label] / sum);
    for (let c = 0; c < k; c++) {
      q[c] /= sum;
      grad[c] += q[c];
    }
    grad[label] -= 1;
    if (hess) {
      for (let i = 0; i < k; i++) {
        const qi = q[i];
        hess[i * k + i] += qi;
        for (let j = 0; j < k; j++) hess[i * k + j] -= qi * q[j];
      }
    }
  }
  let squares = 0;
  for (let c = 0; c < k; c++) {
    squares += bias[c] ** 2;
    grad[c] += RIDGE * bias[c];
    if (hess) hess[c * k + c] += RIDGE;
  }
  return { loss: loss + (RIDGE / 2) * squares, grad, hess };
}

/** Newton's method on the biases over positions `at` of the log-probabilities `z`. */
function newton(z: Float64Array, k: number, at: ArrayLike<number>, y: ArrayLike<number>): Float64Array {
  let bias = new Float64Array(k);
  let current = evaluate(z, k, at, y, bias, true);
  for (let iteration = 0; iteration < 50; iteration++) {
    const step = choleskySolve(current.hess!, current.grad, k);
    let largest = 0;
    for (let c = 0; c < k; c++) largest = Math.max(largest, Math.abs(step[c]));
    if (largest < 1e-9) break;
    let scale = 1;
    let accepted = false;
    // A step this small that does not lower the loss is rounding noise in the sums: the biases are found.
    const halvings = largest < 1e-6 ? 1 : 30;
    for (let halving = 0; halving < halvings; halving++) {
      const trial = Float64Array.from(bias, (b, c) => b - scale * step[c]);
      // The first trial is nearly always taken: its Hessian then serves the next step (the same
      // sums a second pass would make); later trials, rarely reached, skip it until one is taken.
      const next = evaluate(z, k, at, y, trial, halving === 0);
      if (next.loss <= current.loss) {
        bias = trial;
        current = next.hess ? next : evaluate(z, k, at, y, bias, true);
        accepted = true;
        break;
      }
      scale /= 2;
    }
    if (!accepted) break;
  }
  let mean = 0;
  for (let c = 0; c < k; c++) mean += bias[c] / k;
  return bias.map((b) => b - mean);
}

/**
 * The log-weights (biases) per class that minimise the log loss of the corrected probabilities
 * over `rows`, centred to sum to zero. Newton's method with step halving; at most 50 steps.
 */
export function fitClassBiases(probs: Float64Array, k: number, rows: Int32Array, labels: ArrayLike<number>): Float64Array {
  const z = logProbabilities(probs, k, rows);
  const y = Int32Array.from(rows, (row) => labels[row]);
  return newton(
    z,
    k,
    Int32Array.from(rows, (_, i) => i),
    y,
  );
}

/** The class the corrected probabilities of `row` put first (the lower index on ties). */
export function correctedArgmax(probs: Float64Array, k: number, row: number, bias: ArrayLike<number>): number {
  let best = 0;
  let bestValue = -Infinity;
  for (let c = 0; c < k; c++) {
    const value = logp(probs, k, row, c) + bias[c];
    if (value > bestValue) {
      bestValue = value;
      best = c;
    }
  }
  return best;
}

export interface CrossFittedCorrection {
  /** Corrected predicted class of each of `rows`, each from the biases fitted without its fold. */
  pred: Int32Array;
  /** The biases fitted on all the rows: the correction to apply from now on. */
  bias: Float64Array;
  folds: number;
  /** Rows each fit read at most (an even subset when there are more). */
  fitRows: number;
}

/**
 * Cross-fitted prior correction: stratified folds of `rows` (seeded), biases fitted on the other
 * folds predict each fold. A fit reads at most `maxFitRows` of its rows, an even subset (k
 * weights need far fewer rows than a million; the Hessian costs rows x k^2).
 */
export function crossFitPriorCorrection(
  probs: Float64Array,
  k: number,
  rows: Int32Array,
  labels: ArrayLike<number>,
  options: { folds?: number; seed: number; maxFitRows?: number },
): CrossFittedCorrection {
  const folds = options.folds ?? 5;
  const maxFitRows = options.maxFitRows ?? Math.max(2000, Math.min(20_000, Math.floor(2e6 / (k * k))));
  const fold = stratifiedFolds(labels, rows, folds, options.seed);
  // Log-probabilities and labels by position in `rows`, once.
  const z = logProbabilities(probs, k, rows);
  const y = Int32Array.from(rows, (row) => labels[row]);
  const pred = new Int32Array(rows.length);
  const argmaxAt = (position: number, bias: Float64Array) => {
    let best = 0;
    let bestValue = -Infinity;
    for (let c = 0; c < k; c++) {
      const value = z[position * k + c] + bias[c];
      if (value > bestValue) {
        bestValue = value;
        best = c;
      }
    }
    return best;
  };
  for (const { fit, held } of foldPositions(fold, folds)) {
    const bias = newton(z, k, evenSubset(fit, maxFitRows), y);
    for (const position of held) pred[position] = argmaxAt(position, bias);
  }
  const all = new Int32Array(rows.length).map((_, i) => i);
  return { pred, bias: newton(z, k, evenSubset(all, maxFitRows), y), folds, fitRows: Math.min(rows.length, maxFitRows) };
}

/**
 * Label-free prior correction (batch calibration, Zhou et al. 2024; the content-free estimate of
 * contextual calibration, Zhao et al. 2021, taken from the inputs themselves): the model's answer
 * prior is estimated as the mean over `rows` of its probabilities, and each row's log-probabilities
 * are shifted by minus its log. No label is read, so nothing needs cross-fitting: what it gains on
 * labelled rows is a fair measurement. Returns the corrected argmax of each of `rows` and the biases.
 */
export function batchCalibration(probs: Float64Array, k: number, rows: Int32Array): { pred: Int32Array; bias: Float64Array } {
  const prior = new Float64Array(k);
  for (const row of rows) for (let c = 0; c < k; c++) prior[c] += Math.max(probs[row * k + c], 0) / rows.length;
  const bias = prior.map((p) => -Math.log(Math.max(p, PROBABILITY_FLOOR)));
  const centre = bias.reduce((a, b) => a + b, 0) / k;
  for (let c = 0; c < k; c++) bias[c] -= centre;
  return { pred: Int32Array.from(rows, (row) => correctedArgmax(probs, k, row, bias)), bias };
}
