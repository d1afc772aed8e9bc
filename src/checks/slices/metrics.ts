/**
 * The slices check's metrics as the report holds them, and the arguments its remedies and guards
 * read back from its findings: what its evidence, the targeted-data measure, its charts and its
 * guards read. Lenient throughout (support/metrics-schema.ts): a slice or group missing a figure
 * reads it as null, and the readers then leave that slice out, as they always did.
 */
import { z } from 'zod';
import { m, metricsSchema } from '../support/metrics-schema.js';

/**
 * A slice's predicates: `{column: value}` as the metrics write them, or a list of
 * `{column, value}` as the findings do (older reports: `bin` or `range` for a numeric column).
 */
export const predicates = z.union([
  z.record(z.string(), z.unknown()),
  z.array(z.object({ column: m.string(), value: m.json(), bin: m.json(), range: m.json() })),
]);
const somePredicates = predicates.nullable().catch(null);

const classMix = m.object({ expectedErrorRate: m.number(), excessErrors: m.number(), accuracyAtStake: m.number(), z: m.number() });
const training = m.object({ trainingRows: m.number(), trainingShare: m.number(), evaluationShare: m.number(), rarerInTraining: m.boolean() });

/** A discovered slice with more errors (the weak-slices finding lists the same entries). */
export const discoveredSlice = z.object({
  predicates: somePredicates,
  size: m.number(),
  errorRate: m.number(),
  errorRateCi95: m.pair(),
  /** The overall error rate the slice is compared with (mean over runs, as `errorRate`). */
  overallErrorRate: m.number(),
  ensembleErrorRate: m.number(),
  ensembleOverallErrorRate: m.number(),
  lift: m.number(),
  pValue: m.number(),
  qValue: m.number(),
  excessErrors: m.number(),
  accuracyAtStake: m.number(),
  errorShare: m.number(),
  classMix,
  training,
  targetable: m.boolean(),
});

/** A slice where the label's target class is over- or under-represented (no predictions). */
export const skewedSlice = z.object({
  predicates: somePredicates,
  size: m.number(),
  classRate: m.number(),
  overallClassRate: m.number(),
  lift: m.number(),
  pValue: m.number(),
  qValue: m.number(),
});

/** A declared group's metrics (Fairlearn's MetricFrame row) with its disparity ratios to the reference. */
const group = z.object({
  column: m.string(),
  value: m.json(),
  predicates: somePredicates,
  size: m.number(),
  accuracy: m.number(),
  /** The mean over rows of the runs' mean score, with its interval. */
  meanScore: m.number(),
  meanScoreCi95: m.pair(),
  errorRate: m.number(),
  fpr: m.optional(m.number()),
  fnr: m.optional(m.number()),
  precision: m.optional(m.number()),
  selectionRate: m.optional(m.number()),
  prevalence: m.optional(m.number()),
  /** Ratio to the reference group, by metric (null where undefined). */
  disparity: m.record(z.number().nullable()),
  accuracyByRun: m.optional(m.object({ min: m.number(), max: m.number(), range: m.number() })),
});

const strength = m.object({ accuracy: m.number(), baseline: m.number(), lambda: m.number(), rows: m.number() });

export const slicesMetrics = metricsSchema({
  /** Rows evaluated: with predictions, those the ensemble predicts; else the labelled rows. */
  rows: m.number(),
  runs: m.number(),
  ensemble: m.string(),
  positiveClass: m.string(),
  overallErrorRate: m.number(),
  groups: m.list(group),
  columns: m.list(
    z.object({
      column: m.string(),
      reference: m.string(),
      referenceMode: m.oneOf(['rest', 'group']),
      groups: m.number(),
      listedGroups: m.number(),
      demographicParityDifference: m.number(),
      equalizedOddsDifference: m.number(),
    }),
  ),
  /** Columns that give the label (or the prediction) away: Goodman-Kruskal lambda against each. */
  targetProxies: m.list(z.object({ column: m.string(), values: m.number(), label: strength, prediction: strength, search: m.string() })),
  search: m.object({
    target: m.oneOf(['errors', 'label']),
    columns: m.strings(),
    skippedColumns: m.list(z.unknown()),
    proxyColumnsLeftOut: m.strings(),
    proxyColumnsAlone: m.strings(),
    minSupport: m.number(),
    maxDepth: m.number(),
    slicesTested: m.number(),
    testedByLevel: m.numbers(),
  }),
  /** With predictions: the slices weak beyond their class mix, significant after false-discovery control. */
  discovered: m.optional(m.list(discoveredSlice)),
  explainedByClassMix: m.optional(m.list(discoveredSlice)),
  errorRateBasis: m.optional(m.string()),
  /** Without predictions: the class searched for and the slices where it is skewed. */
  labelSkewClass: m.optional(m.string()),
  labelSkew: m.optional(m.list(skewedSlice)),
});

export type SlicesMetrics = z.output<typeof slicesMetrics>;
export type DiscoveredSliceMetrics = z.output<typeof discoveredSlice>;

/** What the remedies read back of the findings. */
export const readBack = {
  /** `targetSlice` absent (an older report) is told from null (no slice targeted data can act on). */
  weakSlices: z.object({ slices: m.list(discoveredSlice), targetSlice: m.optional(m.number()), evaluatedRows: m.number() }),
  labelSkew: z.object({ class: m.string(), slices: m.list(skewedSlice) }),
  disparity: z.object({
    column: m.string(),
    group: m.json(),
    reference: m.json(),
    direction: m.oneOf(['worse', 'better', 'neutral']),
    metric: m.string(),
    value: m.number(),
    referenceValue: m.number(),
    ratio: m.number(),
    groupSize: m.number(),
    size: m.number(),
    qValue: m.number(),
    gap: m.number(),
    predicates: somePredicates,
    classMix,
    targetable: m.boolean(),
  }),
  targetProxy: z.object({ column: m.string(), target: m.string(), lambda: m.number(), accuracy: m.number() }),
};
