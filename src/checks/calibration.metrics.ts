/** The calibration check's metrics as the report holds them: what its remedies and charts read. */
import { z } from 'zod';
import { m, metricsSchema } from './support/metrics-schema.js';

/** A reliability-diagram bin: `lower <= confidence < upper` (confidence 1 alone in `[1, 1]`); null rates when empty. */
const bin = z.object({ lower: z.number(), upper: z.number(), count: z.number(), meanConfidence: z.number().nullable(), accuracy: z.number().nullable() });
const summary = { ece: z.number(), mce: z.number(), brier: z.number(), accuracy: z.number(), meanConfidence: z.number() };

export const calibrationMetrics = metricsSchema({
  nBins: m.number(),
  binning: m.string(),
  /** Labelled rows every run with probabilities covers: what every figure is measured on. */
  commonRows: m.number(),
  runsWithoutProbabilities: m.strings(),
  /** Mean of the runs' ECE. */
  meanEce: m.number(),
  perRun: m.list(z.object({ run: z.string(), ...summary, bins: z.array(bin) })),
  /** The runs' mean probabilities (two runs or more). */
  ensemble: m.object({ ece: m.number(), mce: m.number(), brier: m.number(), accuracy: m.number(), meanConfidence: m.number() }),
  /** The diagram shown: the ensemble's, else the first run's (`binsOf`). */
  bins: m.list(bin),
  binsOf: m.string(),
  /** Temperature scaling cross-fitted over folds of the evaluation rows (calibration.temperature.ts). */
  temperatureScaling: m.object({
    rows: m.number(),
    runs: m.number(),
    folds: m.number(),
    temperatures: m.numbers(),
    logLossBefore: m.number(),
    logLossAfter: m.number(),
    logLossGain: m.number(),
    logLossGainInterval: m.pair(),
    logLossGainStandardError: m.number(),
    brierBefore: m.number(),
    brierAfter: m.number(),
    brierGain: m.number(),
    brierGainInterval: m.pair(),
    eceBefore: m.number(),
    eceAfter: m.number(),
    method: m.string(),
  }),
});

export type CalibrationMetrics = z.output<typeof calibrationMetrics>;
