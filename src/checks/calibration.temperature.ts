/**
 * The calibration check's measurement for `calibrate`: temperature scaling cross-fitted over
 * stratified folds of the evaluation rows (each fold scaled by the temperature fitted on the
 * others), giving log loss, Brier score and ECE after, beside before, on the same rows. The
 * intervals of the log-loss and Brier changes are normal ones over rows (each row's change
 * averaged over the runs first): per-row means, so the central limit theorem serves at any size.
 */
import type { Run } from '../data/model.js';
import { calibration as calibrate } from '../math/calibration.js';
import { crossFitTemperature } from '../math/temperature-scaling.js';
import { PROBABILITY_FLOOR } from '../math/prior-correction.js';

export interface TemperatureScaling {
  rows: number;
  runs: number;
  folds: number;
  /** Per run, fitted on every evaluation row: the temperature to apply now. */
  temperatures: number[];
  logLossBefore: number;
  logLossAfter: number;
  /** Log loss removed (before - after), with its 95% interval and standard error. */
  logLossGain: number;
  logLossGainInterval: [number, number];
  logLossGainStandardError: number;
  brierBefore: number;
  brierAfter: number;
  brierGain: number;
  brierGainInterval: [number, number];
  eceBefore: number;
  eceAfter: number;
  method: string;
}

const Z = 1.959963984540054;

function meanAndError(values: Float64Array): { mean: number; se: number } {
  const n = values.length;
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / n;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  return { mean, se: n > 1 ? Math.sqrt(squares / (n - 1) / n) : 0 };
}

/** Cross-fitted temperature scaling of each run on `rows` (labelled, every run with probabilities there); `eceBefore`: each run's ECE on `rows` with `bins`, if known. */
export function measureTemperatureScaling(
  runs: readonly Run[],
  labels: Int32Array,
  k: number,
  rows: Int32Array,
  options: { folds: number; seed: number; bins: number; eceBefore?: readonly number[] },
): TemperatureScaling | null {
  const n = rows.length;
  if (n < options.folds * 2 || runs.length === 0) return null;
  const logLossChange = new Float64Array(n);
  const brierChange = new Float64Array(n);
  let logLossBefore = 0;
  let brierBefore = 0;
  let eceBefore = 0;
  let eceAfter = 0;
  const temperatures: number[] = [];
  runs.forEach((run, r) => {
    const probs = run.probs!;
    const scaled = crossFitTemperature(probs, k, rows, labels, { folds: options.folds, seed: options.seed + r });
    temperatures.push(scaled.temperature);
    for (let i = 0; i < n; i++) {
      const offset = rows[i] * k;
      const y = labels[rows[i]];
      const before = -Math.log(Math.max(probs[offset + y], PROBABILITY_FLOOR));
      const after = -Math.log(Math.max(scaled.probs[offset + y], PROBABILITY_FLOOR));
      let b0 = 0;
      let b1 = 0;
      for (let c = 0; c < k; c++) {
        const target = c === y ? 1 : 0;
        b0 += (probs[offset + c] - target) ** 2;
        b1 += (scaled.probs[offset + c] - target) ** 2;
      }
      logLossBefore += before / (n * runs.length);
      brierBefore += b0 / (n * runs.length);
      logLossChange[i] += (before - after) / runs.length;
      brierChange[i] += (b0 - b1) / runs.length;
    }
    // Each run's ECE on these rows and bins, when the caller has it already.
    eceBefore += (options.eceBefore?.[r] ?? calibrate(probs, k, labels, { bins: options.bins, rows }).ece) / runs.length;
    eceAfter += calibrate(scaled.probs, k, labels, { bins: options.bins, rows }).ece / runs.length;
  });
  const ll = meanAndError(logLossChange);
  const brier = meanAndError(brierChange);
  return {
    rows: n,
    runs: runs.length,
    folds: options.folds,
    temperatures,
    logLossBefore,
    logLossAfter: logLossBefore - ll.mean,
    logLossGain: ll.mean,
    logLossGainInterval: [ll.mean - Z * ll.se, ll.mean + Z * ll.se],
    logLossGainStandardError: ll.se,
    brierBefore,
    brierAfter: brierBefore - brier.mean,
    brierGain: brier.mean,
    brierGainInterval: [brier.mean - Z * brier.se, brier.mean + Z * brier.se],
    eceBefore,
    eceAfter,
    method:
      'one temperature per run, fitted by log loss on 4 of 5 stratified folds of the evaluation rows and applied to the fifth; normal intervals over rows',
  };
}
