/** The seed-instability check's metrics as the report holds them: what its remedies and charts read. */
import { z } from 'zod';
import { m, metricsSchema } from '../support/metrics-schema.js';

const interval = z.tuple([z.number(), z.number()]);

/** One population of runs: every run of one model (or of the only model). */
const population = {
  /** The model whose runs these are, when several models were given (null for the only one). */
  model: m.string(),
  /** `seed`: retrainings with another seed; `run`: repeats that may differ only by sampling (an LLM evaluation). */
  runKind: m.oneOf(['seed', 'run']),
  /** `labels` (predicted classes against the labels) or `scores` (per-row scores without classes). */
  scoring: m.oneOf(['labels', 'scores']),
  runs: m.strings(),
  /** Rows every run covers (labelled, with a prediction or a score in every run): what every figure is measured on. */
  commonRows: m.number(),
  coverage: m.list(z.object({ run: z.string(), rows: z.number(), missingShared: z.number() })),
  perRun: m.list(
    z.object({
      run: z.string(),
      accuracy: z.number(),
      macroF1: z.number().nullable(),
      errorRate: z.number(),
      ci95: interval,
      logLoss: z.number().nullable().optional(),
    }),
  ),
  accuracy: m.object({ mean: m.number(), std: m.number(), min: m.number(), max: m.number(), ci95: m.pair(), iqm: m.optional(m.number()) }),
  bootstrap: m.object({ resamples: m.number(), seed: m.number(), method: m.string() }),
  churn: m.object({
    meanPairwise: m.number(),
    maxPairwise: m.number(),
    maxPair: m.array(z.string()),
    /** Run by run: the share of rows on which the two disagree. */
    matrix: m.array(z.array(z.number())),
    measure: m.string(),
  }),
  unstableRows: m.number(),
  unstableShare: m.number(),
  /** The ensemble of the runs against the mean single run, paired over rows and runs (labels only). */
  ensemble: m.object({
    accuracy: m.number(),
    gainOverMean: m.number(),
    gainOverBest: m.number(),
    method: m.oneOf(['mean-probabilities', 'majority-vote']),
    gainInterval: m.pair(),
    gainStandardError: m.number(),
    resamples: m.number(),
  }),
  majorityBaseline: m.number(),
  majorityClass: m.string(),
  failedRuns: m.strings(),
  spreadTest: m.object({ test: m.oneOf(['cochran-q', 'friedman']), statistic: m.number(), df: m.number(), pValue: m.number() }),
};

const populationSchema = z.object(population);
export type PopulationMetrics = z.output<typeof populationSchema>;

export const seedInstabilityMetrics = metricsSchema({
  /** The only model's figures, or with several models the first one's (each model is in `byModel`). */
  ...population,
  /** With several models: their names, each one's figures, and those with one run (no seed population). */
  models: m.optional(z.array(z.string())),
  byModel: m.optional(z.array(populationSchema)),
  modelsWithOneRun: m.optional(z.array(z.string())),
});

export type SeedInstabilityMetrics = z.output<typeof seedInstabilityMetrics>;
