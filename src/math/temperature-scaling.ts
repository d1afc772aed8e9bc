/**
 * Temperature scaling (Guo et al. 2017): p' = softmax(log p / T), one temperature fitted by log
 * loss on labelled rows. It leaves the argmax where it is, so it changes confidence, never
 * accuracy. The inverse temperature beta = 1/T is found by Newton's method on the convex
 * objective sum_i -log softmax(beta z_i)_{y_i}, z_i the log-probabilities.
 */
import { evenSubset, foldPositions, stratifiedFolds } from './cross-fit.js';
import { PROBABILITY_FLOOR } from './prior-correction.js';

const MIN_BETA = 0.01;
const MAX_BETA = 100;

/** Derivatives of the objective in beta over `rows`. */
function derivatives(probs: Float64Array, k: number, rows: Int32Array, labels: ArrayLike<number>, beta: number): { loss: number; first: number; second: number } {
  let loss = 0;
  let first = 0;
  let second = 0;
  const z = new Float64Array(k);
  for (let t = 0; t < rows.length; t++) {
    const row = rows[t];
    let max = -Infinity;
    for (let c = 0; c < k; c++) {
      z[c] = Math.log(Math.max(probs[row * k + c], PROBABILITY_FLOOR));
      if (beta * z[c] > max) max = beta * z[c];
    }
    let sum = 0;
    let mean = 0;
    let meanSquare = 0;
    for (let c = 0; c < k; c++) {
      const e = Math.exp(beta * z[c] - max);
      sum += e;
      mean += e * z[c];
      meanSquare += e * z[c] * z[c];
    }
    mean /= sum;
    meanSquare /= sum;
    const y = labels[row];
    loss -= beta * z[y] - max - Math.log(sum);
    first += mean - z[y];
    second += meanSquare - mean * mean;
  }
  return { loss, first, second };
}

/** The temperature minimising the log loss over `rows` (between 0.01 and 100). */
export function fitTemperature(probs: Float64Array, k: number, rows: Int32Array, labels: ArrayLike<number>): number {
  let beta = 1;
  let current = derivatives(probs, k, rows, labels, beta);
  for (let iteration = 0; iteration < 60; iteration++) {
    const step = current.second > 1e-12 ? current.first / current.second : Math.sign(current.first) * 0.5;
    if (Math.abs(step) < 1e-10) break;
    let scale = 1;
    let moved = false;
    for (let halving = 0; halving < 40; halving++) {
      const trial = Math.min(MAX_BETA, Math.max(MIN_BETA, beta - scale * step));
      const next = derivatives(probs, k, rows, labels, trial);
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

/** softmax(log p / T) of one row into `out`. */
export function scaleRow(probs: Float64Array, k: number, row: number, temperature: number, out: Float64Array): void {
  let max = -Infinity;
  for (let c = 0; c < k; c++) {
    out[c] = Math.log(Math.max(probs[row * k + c], PROBABILITY_FLOOR)) / temperature;
    if (out[c] > max) max = out[c];
  }
  let sum = 0;
  for (let c = 0; c < k; c++) sum += out[c] = Math.exp(out[c] - max);
  for (let c = 0; c < k; c++) out[c] /= sum;
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
  const maxFitRows = options.maxFitRows ?? 50_000;
  const fold = stratifiedFolds(labels, rows, folds, options.seed);
  const out = new Float64Array(probs.length).fill(NaN);
  const scaled = new Float64Array(k);
  const pick = (positions: Int32Array) => evenSubset(positions, maxFitRows).map((position) => rows[position]);
  const foldTemperatures: number[] = [];
  for (const { fit, held } of foldPositions(fold, folds)) {
    const temperature = fitTemperature(probs, k, pick(fit), labels);
    foldTemperatures.push(temperature);
    for (const position of held) {
      const row = rows[position];
      scaleRow(probs, k, row, temperature, scaled);
      out.set(scaled, row * k);
    }
  }
  const all = new Int32Array(rows.length).map((_, i) => i);
  return { probs: out, temperature: fitTemperature(probs, k, pick(all), labels), foldTemperatures };
}
