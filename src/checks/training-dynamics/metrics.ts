/** The training-dynamics check's metrics as the report holds them: what its remedies, chart and export rows read. */
import { z } from 'zod';
import { m, metricsSchema } from '../support/metrics-schema.js';

/** A 0-based data row. */
const row = z.number().int().min(0);
/** A value per group of rows (a finding key); the three groups that need probabilities are absent without them. */
const perGroup = <T extends z.ZodType>(value: T) => ({
  'hard-to-learn': value.optional(),
  'low-margin': value.optional(),
  ambiguous: value.optional(),
  'never-learned': value.optional(),
  'often-forgotten': value.optional(),
});

export const trainingDynamicsMetrics = metricsSchema({
  /** Training rows with a prediction at the snapshots: what every share is of. */
  rowsMeasured: m.number(),
  runs: m.number(),
  snapshots: m.number(),
  /** Whether the snapshots carry probabilities (confidence, variability and the margin need them). */
  probabilities: m.boolean(),
  /**
   * When each run fitted its labels (`fitAccuracy` of the rows predicted as labelled) at a 1-based
   * snapshot, null for a run that never did; the margin is read before that point (`before-fit`)
   * when some run did, over all snapshots otherwise.
   */
  memorisation: m.object({ fitAccuracy: z.number(), fittedAtSnapshot: z.array(z.number().nullable()), aumWindow: z.enum(['before-fit', 'all-snapshots']) }),
  thresholds: m.object({
    hardConfidence: z.number(),
    lowVariability: z.number(),
    ambiguousVariability: z.number(),
    aumThreshold: z.number(),
    forgottenEvents: z.number(),
  }),
  /** Rows in each group. */
  counts: m.object(perGroup(z.number())),
  lowMarginShare: m.number(),
  /** Rows binned by confidence (`counts[confidence bin][variability bin]`, confidence in [0, 1], variability in [0, maxVariability]); null without probabilities. */
  dataMap: m.object({ bins: z.number(), maxVariability: z.number(), counts: z.array(z.array(z.number())) }),
  accuracyBySnapshot: m.numbers(),
  /** The rows of each group. */
  flagged: m.object(perGroup(z.array(row))),
  /** Rows of the low-margin, hard-to-learn and never-learned groups, sorted: the rows exported. */
  flaggedRows: m.list(row),
  /** The area under the margin of each of `flaggedRows`, over the window `memorisation` says (null where not finite). */
  aumOfFlagged: m.numbers(),
});

export type TrainingDynamicsMetrics = z.output<typeof trainingDynamicsMetrics>;
