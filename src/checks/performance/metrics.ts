/** The performance check's metrics as the report holds them: what its remedy's measure and its charts read. */
import { z } from 'zod';
import { m, metricsSchema } from '../support/metrics-schema.js';

const interval = z.tuple([z.number(), z.number()]);
/** A rate is null where it is undefined (a class never predicted has no precision). */
const rate = z.number().nullable();

/** Scores of one set of predictions (a run, or the ensemble of the runs). */
const scores = {
  rows: z.number(),
  accuracy: rate,
  macroF1: rate,
  microF1: rate,
  weightedF1: rate,
  macroPrecision: rate,
  macroRecall: rate,
  balancedAccuracy: rate,
  /** With probabilities on every evaluated row. */
  logLoss: rate,
  /** Binary task with probabilities: the class scored. */
  rocAuc: rate,
  averagePrecision: rate,
  /** More than two classes with probabilities: accuracy within the top 2, 3, 5 classes (those fewer than the classes). */
  topK: z.record(z.string(), z.number()).nullable(),
  scoredClass: z.string().optional(),
  /** Up to `maxClasses` classes. */
  perClass: z.array(z.object({ class: z.string(), precision: rate, recall: rate, f1: rate, support: z.number(), predicted: z.number() })).optional(),
};
export type Scores = z.output<z.ZodObject<typeof scores>>;

const ensemble = z.object({
  ...scores,
  /** `mean of probabilities`, `majority vote` or `single run`. */
  method: z.string(),
  /** Percentile bootstrap over rows (drawn per confusion-matrix cell); `{ resamples: 0 }` without rows. */
  intervals: z.object({
    resamples: z.number(),
    seed: z.number().optional(),
    accuracy: interval.optional(),
    macroF1: interval.optional(),
    balancedAccuracy: interval.optional(),
    method: z.string().optional(),
  }),
  topConfusions: z.array(z.object({ class: z.string(), predictedAs: z.string(), count: z.number(), share: z.number() })),
  /** Up to `maxClasses` classes: counts and rows normalised by the true class's support (null for a class without rows). */
  confusion: z.object({ classes: z.array(z.string()), counts: z.array(z.array(z.number())), normalised: z.array(z.array(rate)) }).optional(),
});
export type EnsembleScores = z.output<typeof ensemble>;

/** What every report of the cross-fitted prior correction (prior-correction.ts) gives: performance's in full, answer-bias's for its biased runs. */
export const priorCorrectionFields = {
  rows: m.number(),
  runs: m.number(),
  folds: m.number(),
  accuracyBefore: m.number(),
  accuracyAfter: m.number(),
  gain: m.number(),
  gainInterval: m.pair(),
  gainStandardError: m.number(),
  weights: m.record(z.number()),
  method: m.string(),
};

export const performanceMetrics = metricsSchema({
  classes: m.strings(),
  positiveClass: m.string(),
  perRun: m.list(z.object({ run: z.string(), model: z.string().nullable(), ...scores })),
  ensemble: m.object(ensemble.shape),
  /** The cross-fitted prior correction of the runs' probabilities (performance/prior-correction.ts); null when it cannot be fitted. */
  priorCorrection: m.object({
    ...priorCorrectionFields,
    balancedAccuracyBefore: m.number(),
    balancedAccuracyAfter: m.number(),
    predictedShare: m.record(z.number()),
    labelShare: m.record(z.number()),
    resamples: m.number(),
  }),
  /** Benchmark items: the findings withheld (answer positions are no classes). */
  benchmark: m.optional(z.object({ harness: z.string(), findingsWithheld: z.array(z.string()) })),
});

export type PerformanceMetrics = z.output<typeof performanceMetrics>;
