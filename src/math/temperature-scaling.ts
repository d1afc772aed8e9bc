/**
 * Temperature scaling (Guo et al. 2017): p' = softmax(log p / T), one temperature fitted by log
 * loss on labelled rows. It leaves the argmax where it is, so it changes confidence, never
 * accuracy. The inverse temperature beta = 1/T is found by Newton's method on the convex
 * objective sum_i -log softmax(beta z_i)_{y_i}, z_i the log-probabilities.
 */
import { evenSubset, foldPositions, stratifiedFolds } from './cross-fit.js';
import { logProbabilities, PROBABILITY_FLOOR } from './prior-correction.js';

const MIN_BETA = 0.01;
const MAX_BETA = 100;

/** Derivatives of the objective in beta over positions `at` of the log-probabilities `z` (labels `y` by position). */
function derivatives(z: Float64Array, k: number, at: ArrayLike<number>, y: ArrayLike<number>, beta: number): { loss: number; first: number; second: number } {
  let loss = 0;
  let first = 0;
  let second = 0;
  for (let t = 0; t < at.length; t++) {
    const offset = at[t] * k;
    let max = -Infinity;
    for (let c = 0; c < k; c++) if (beta * z[offset + c] > max) max = beta * z[offset + c];
    let sum = 0;
    let mean = 0;
    let meanSquare = 0;
    for (let c = 0; c < k; c++) {
      const zc = z[offset + c];
      const e = Math.exp(beta * zc - max);
      sum += e;
      mean += e * zc;
      meanSquare += e * zc * zc;
    }
    mean /= sum;
    meanSquare /= sum;
    const zy = z[offset + y[at[t]]];
    loss -= beta * zy - max - Math.log(sum);
    first += mean - zy;
    second += meanSquare - mean * mean;
  }
  return { loss, first, second };
}

/** Newton's method on beta = 1/T over positions `at`. */
function newtonBeta(z: Float64Array, k: number, at: ArrayLike<number>, y: ArrayLike<number>): number {
  let beta = 1;
  let current = derivatives(z, k, at, y, beta);
  for (let iteration = 0; iteration < 60; iteration++) {
    const step = current.second > 1e-12 ? current.first / current.second : Math.sign(current.first) * 0.5;
    if (Math.abs(step) < 1e-10) break;
    let scale = 1;
    let moved = false;
    // A step this small that does not lower the loss is rounding noise in the sums: beta is found.
    const halvings = Math.abs(step) < 1e-6 * beta ? 1 : 40;
    for (let halving = 0; halving < halvings; halving++) {
      const trial = Math.min(MAX_BETA, Math.max(MIN_BETA, beta - scale * step));
      const next = derivatives(z, k, at, y, trial);
      if (next.loss <= current.loss) {
        moved = trial !== beta;
        beta = trial;
        current = next;
        break;
      }
      scale /= 2;
    }
    if (!moved) break;
  }
  return 1 / beta;
}

/** The temperature minimising the log loss over `rows` (between 0.01 and 100). */
export function fitTemperature(probs: Float64Array, k: number, rows: Int32Array, labels: ArrayLike<number>): number {
  return newtonBeta(
    logProbabilities(probs, k, rows),
    k,
    Int32Array.from(rows, (_, i) => i),
    Int32Array.from(rows, (row) => labels[row]),
  );
}

/** softmax(log p / T) of one row into `out`. */
export function scaleRow(probs: Float64Array, k: number, row: number, temperature: number, out: Float64Array): void {
  for (let c = 0; c < k; c++) out[c] = Math.log(Math.max(probs[row * k + c], PROBABILITY_FLOOR));
  scaleLogRow(out, 0, k, temperature, out, 0);
}

/** softmax(z / T) of the k log-probabilities at `z[from..]` into `out[to..]` (`out` may be `z`). */
export function scaleLogRow(z: Float64Array, from: number, k: number, temperature: number, out: Float64Array, to: number): void {
  let max = -Infinity;
  for (let c = 0; c < k; c++) {
    const v = (out[to + c] = z[from + c] / temperature);
    if (v > max) max = v;
  }
  let sum = 0;
  for (let c = 0; c < k; c++) sum += out[to + c] = Math.exp(out[to + c] - max);
  for (let c = 0; c < k; c++) out[to + c] /= sum;
}

/**
 * Cross-fitted temperature scaling of `rows`: each fold's probabilities scaled by the temperature
 * fitted on the other folds. Returns row-major probabilities over data rows (NaN elsewhere), the
 * temperature fitted on all the rows, and the per-fold temperatures.
 */
export function crossFitTemperature(
  probs: Float64Array,
  k: number,
  rows: Int32Array,
  labels: ArrayLike<number>,
  options: { folds?: number; seed: number; maxFitRows?: number },
): { probs: Float64Array; temperature: number; foldTemperatures: number[] } {
  const folds = options.folds ?? 5;
  // One parameter: a few thousand rows pin it down (its standard error falls as 1/sqrt(rows)).
  const maxFitRows = options.maxFitRows ?? 5_000;
  const fold = stratifiedFolds(labels, rows, folds, options.seed);
  // Log-probabilities and labels by position in `rows`, once.
  const z = logProbabilities(probs, k, rows);
  const y = Int32Array.from(rows, (row) => labels[row]);
  const out = new Float64Array(probs.length).fill(NaN);
  const foldTemperatures: number[] = [];
  for (const { fit, held } of foldPositions(fold, folds)) {
    const temperature = newtonBeta(z, k, evenSubset(fit, maxFitRows), y);
    foldTemperatures.push(temperature);
    // z holds each row's floored log-probabilities, as scaleRow computes them.
    for (const position of held) scaleLogRow(z, position * k, k, temperature, out, rows[position] * k);
  }
  const all = new Int32Array(rows.length).map((_, i) => i);
  return { probs: out, temperature: newtonBeta(z, k, evenSubset(all, maxFitRows), y), foldTemperatures };
}
