/** The proxy check's metrics as the report holds them: what its remedy measures and evidence read. */
import { z } from 'zod';
import { m, metricsSchema } from '../support/metrics-schema.js';

const interval = z.tuple([z.number(), z.number()]);
/** Values by penalty C of the grid (`"0.01"`, `"0.1"`, ...); null where a share of no rows. */
const byPenalty = z.record(z.string(), z.number().nullable());

/** The proxy retrained with one change against it as it is, on the evaluated rows (paired bootstrap over rows). */
const gain = {
  /** Training rows the change touches: relabelled, dropped, weighted or added (0 for a penalty). */
  changedRows: z.number(),
  accuracyBefore: z.number(),
  accuracyAfter: z.number(),
  gain: z.number(),
  gainInterval: interval,
  /** Null when the bootstrap drew one resample only (its work budget). */
  gainStandardError: z.number().nullable(),
};

/** More rows of a group, half of its evaluation rows each judged by a fit on the other half. */
const groupData = {
  /** The group's evaluation rows. */
  groupRows: z.number(),
  /** The rows that would bring the group to its share of the evaluation rows; the gain is scaled by `factor` in the logarithm of its rows, at most `bound` (its errors there). Absent without predictions or when no more rows are needed. */
  scale: z.object({ neededRows: z.number(), factor: z.number(), bound: z.number() }).optional(),
  scaledGain: z.number().optional(),
  scaledInterval: interval.optional(),
};

/** What each what-if records beside its gain. */
const details = {
  /** label-noise's flagged training rows given their suggested labels. */
  relabel: { flaggedRows: z.number() },
  /** The flagged training rows dropped. */
  dropFlagged: {},
  /** Every duplicate and near-duplicate training row but one per group dropped. */
  deduplicate: { groups: z.number() },
  /** Class weights inversely proportional to the training class frequencies, by class. */
  classWeights: { weights: z.record(z.string(), z.number()) },
  /** The weak slice's training rows weighted by `factor` up to its share of the evaluated rows. */
  sliceWeights: { factor: z.number(), trainingShare: z.number(), evaluationShare: z.number() },
  /** A ten times stronger penalty than your model's regime (`from`). */
  strongerPenalty: { C: z.number(), from: z.number() },
  /** The penalty a small search picks, with each C's held-out accuracy. */
  tunedPenalty: { C: z.number(), from: z.number(), scores: byPenalty },
  /** More rows of the weak slice. */
  sliceData: groupData,
  /** More rows of the class your model gets right least often. */
  classData: { ...groupData, class: z.string(), recall: z.number() },
};

export type WhatIfId = keyof typeof details;
/** What a what-if records beside its gain (built by the check). */
export type WhatIfDetail<Id extends WhatIfId> = z.output<z.ZodObject<(typeof details)[Id]>>;

/** A what-if's entry: absent when it did not apply, lenient on its own. */
const whatIf = <S extends z.ZodRawShape>(detail: S) => m.optional(m.object({ ...gain, ...detail }));

export const proxyMetrics = metricsSchema({
  /** `split`: trained on the training rows, judged on the evaluation rows; `cross-fit`: over folds of every labelled row. */
  mode: m.oneOf(['split', 'cross-fit']),
  folds: m.number(),
  trainingRowsAvailable: m.number(),
  /** Training rows each fit reads (per fold in cross-fit), at most the options' cap. */
  trainingRowsUsed: m.number(),
  evaluationRowsAvailable: m.number(),
  evaluatedRows: m.number(),
  /** Its features: numeric and categorical columns (counts), the text column and embedding dimensions when used. */
  features: m.object({
    dims: z.number(),
    kind: z.enum(['dense', 'csr']),
    numeric: z.number(),
    categorical: z.number(),
    text: z.string().nullable(),
    embeddings: z.number().nullable(),
  }),
  /** The inverse L2 penalty of the baseline proxy: the one whose predictions agree most with your runs'. */
  C: m.number(),
  /** `like`: that C, with each C's agreement (empty without predictions); `tuned`: the C a small search picks. */
  penalty: m.object({ like: z.number(), agreement: byPenalty, tuned: z.number() }),
  /** Steps of each baseline fit, and whether every one converged. */
  iterations: m.numbers(),
  converged: m.boolean(),
  proxyAccuracy: m.number(),
  /** The tuned proxy against your runs on the evaluated rows every run predicts (null without predictions or with fewer than 20 such rows). */
  yardstick: m.object({
    rows: z.number(),
    runs: z.number(),
    proxyAccuracy: z.number(),
    proxyInterval: interval,
    modelAccuracy: z.number(),
    /** Proxy minus your model (paired over rows and runs). */
    gap: z.number(),
    gapInterval: interval,
    gapStandardError: z.number().nullable(),
  }),
  /** Each what-if that applied, in this order. */
  whatIfs: m.object({
    relabel: whatIf(details.relabel),
    dropFlagged: whatIf(details.dropFlagged),
    deduplicate: whatIf(details.deduplicate),
    classWeights: whatIf(details.classWeights),
    sliceWeights: whatIf(details.sliceWeights),
    strongerPenalty: whatIf(details.strongerPenalty),
    tunedPenalty: whatIf(details.tunedPenalty),
    sliceData: whatIf(details.sliceData),
    classData: whatIf(details.classData),
  }),
});

export type ProxyMetrics = z.output<typeof proxyMetrics>;
export type WhatIfs = NonNullable<ProxyMetrics['whatIfs']>;
/** A what-if's entry in the metrics. */
export type WhatIfEntry<Id extends WhatIfId> = NonNullable<WhatIfs[Id]>;
