/** The training-curves check's metrics as the report holds them: what its remedy's measure and its charts read. */
import { z } from 'zod';
import { m, metricsSchema } from '../support/metrics-schema.js';
import { SEVERITIES } from '../../core/vocabulary.js';

/** One run's curves read as facts (training-curves/analyse.ts `RunCurves`), with the prediction run it matches. */
const run = z.object({
  run: z.string(),
  format: z.string(),
  path: z.string(),
  /** Points of its longest series. */
  steps: z.number(),
  /** The last step of any series (null for a log without steps). */
  lastStep: z.number().nullable(),
  /** Tags of the series read as training loss, validation loss and validation metric. */
  trainLoss: z.string().nullable(),
  validationLoss: z.string().nullable(),
  validationMetric: z.object({ tag: z.string(), metric: z.string(), higherIsBetter: z.boolean() }).nullable(),
  /** Validation loss best at `bestStep` and then worse beyond its noise while training loss still falls. */
  overfitting: z
    .object({
      bestStep: z.number(),
      bestEpoch: z.number().nullable(),
      best: z.number(),
      end: z.number(),
      rise: z.number(),
      noise: z.number(),
      trainAtBest: z.number(),
      trainEnd: z.number(),
      gap: z.number(),
    })
    .nullable(),
  /** The validation metric (or loss) at its best and at the last checkpoint. */
  checkpoint: z
    .object({
      tag: z.string(),
      metric: z.string(),
      higherIsBetter: z.boolean(),
      best: z.number(),
      bestStep: z.number(),
      bestEpoch: z.number().nullable(),
      last: z.number(),
      lastStep: z.number(),
      shortfall: z.number(),
      noise: z.number(),
      significant: z.boolean(),
      unitInterval: z.boolean(),
    })
    .nullable(),
  /** Training and validation still improving at the end (`t`: the end slope over its standard error, null when that is 0). */
  notConverged: z.array(z.object({ series: z.string(), projectedGain: z.number(), relativeGain: z.number(), t: z.number().nullable(), span: z.number() })),
  nonFinite: z.array(z.object({ tag: z.string(), count: z.number(), firstStep: z.number() })),
  spikes: z.array(
    z.object({
      tag: z.string(),
      kind: z.enum(['loss', 'grad-norm']),
      count: z.number(),
      lasting: z.number(),
      worst: z.object({ step: z.number(), value: z.number(), baseline: z.number() }),
    }),
  ),
  /** Learning-rate points more than twice both neighbours. */
  scheduleSpikes: z.array(z.object({ tag: z.string(), count: z.number(), first: z.object({ step: z.number(), value: z.number(), neighbours: z.number() }) })),
  /** Why the run failed, or null. */
  failed: z.string().nullable(),
  /** What the trainer recorded as best (Hugging Face `best_metric`, `best_model_checkpoint`). */
  trainerBest: z.object({ metric: z.number().nullable(), checkpoint: z.string().nullable(), step: z.number().nullable() }).nullable(),
  /** Where a log file stopped being readable. */
  truncated: z.object({ offset: z.number(), records: z.number() }).nullable(),
  /** The curves behind the figures, at most 200 finite points each (evenly thinned). */
  curves: z.array(
    z.object({
      tag: z.string(),
      role: z.enum(['train-loss', 'validation-loss', 'validation-metric']),
      steps: z.array(z.number()),
      values: z.array(z.number()),
    }),
  ),
  /** The prediction run of the same name (or `model/<name>`), when there is one. */
  matchedPredictionRun: z.string().nullable(),
});

export const trainingCurvesMetrics = metricsSchema({
  runs: m.list(run),
  logFiles: m.number(),
  /** Spread across seeds of the final and best validation metric (runs on the same metric that did not fail); null with fewer than two. */
  spread: m.object({
    runs: z.number(),
    metric: z.string(),
    unitInterval: z.boolean(),
    finals: z.array(z.object({ run: z.string(), value: z.number() })),
    mean: z.number(),
    sd: z.number(),
    min: z.number(),
    max: z.number(),
    bestMean: z.number(),
    bestSd: z.number(),
    bestSteps: z.object({ min: z.number(), max: z.number() }),
    medianBestStep: z.number(),
  }),
  /** Mean over all runs of the best-minus-last shortfall of a [0, 1] validation metric (0 when none is significant): what keeping the best checkpoint would recover, at most. */
  checkpointGain: m.number(),
  checkpointGainMetric: m.string(),
  /** Mean over the runs behind the gain of the last value of that metric (for the gain's standard error). */
  checkpointLastMean: m.number(),
  /** The evaluation rows of the data: the validation set's size when the logs score the same rows. */
  evaluationRows: m.number(),
  /** The most severe of the findings. */
  severity: m.oneOf(SEVERITIES),
});

export type TrainingCurvesMetrics = z.output<typeof trainingCurvesMetrics>;
