/** One row of class probabilities (or logits) in a run's rows x classes array. */
import { InputError } from '../errors.js';

/** Probability vectors within this distance of summing to 1 are renormalised. */
export const PROBABILITY_TOLERANCE = 1e-3;

/** Checks a probability vector in place: NaN, negatives or a sum off by more than the tolerance are errors. */
export function normalizeProbabilities(values: Float64Array, offset: number, k: number, path?: string, line?: number): void {
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const p = values[offset + c];
    if (!Number.isFinite(p)) throw new InputError(`probabilities contain ${String(p)}`, path, line);
    if (p < -PROBABILITY_TOLERANCE) throw new InputError(`probabilities contain a negative value (${p})`, path, line);
    sum += p;
  }
  if (Math.abs(sum - 1) > PROBABILITY_TOLERANCE) {
    throw new InputError(`probabilities sum to ${Number(sum.toPrecision(6))}, not 1 (give logits as "logits" to have them soft-maxed)`, path, line);
  }
  for (let c = 0; c < k; c++) {
    const p = values[offset + c];
    values[offset + c] = p < 0 ? 0 : p / sum;
  }
}

export function softmaxInPlace(values: Float64Array, offset: number, k: number): void {
  let max = -Infinity;
  for (let c = 0; c < k; c++) max = Math.max(max, values[offset + c]);
  let sum = 0;
  for (let c = 0; c < k; c++) {
    const e = Math.exp(values[offset + c] - max);
    values[offset + c] = e;
    sum += e;
  }
  for (let c = 0; c < k; c++) values[offset + c] /= sum;
}

/** Index of the largest value; ties go to the lowest index (as numpy's argmax). */
export function argmax(values: Float64Array, offset: number, k: number): number {
  let best = 0;
  for (let c = 1; c < k; c++) if (values[offset + c] > values[offset + best]) best = c;
  return best;
}
