import { z } from 'zod';

export const options = z
  .object({
    /** The validation metric to judge checkpoints by (e.g. "f1_macro"); default: accuracy-like, else the first. */
    metric: z.string().min(1).optional(),
    /** A curve needs this many points before its shape is judged. */
    minPoints: z.number().int().min(3).default(5),
    /** A change counts when it exceeds this many times the curve's own point-to-point noise. */
    noiseMultiple: z.number().gt(0).default(3),
    /** ...and this share of the value (loss curves, where no absolute scale exists). */
    minRelativeChange: z.number().min(0).default(0.05),
    /** A best-vs-last shortfall of a metric in [0, 1] counts from this many points (0.005 = 0.5 points). */
    minCheckpointGain: z.number().min(0).default(0.005),
    /** Still improving: the end slope's t statistic reaches this... */
    trendT: z.number().gt(0).default(3),
    /** ...and as many more steps would add this share of the improvement made so far. */
    minRelativeGain: z.number().min(0).default(0.02),
    /** A training loss point this many times its running median is a spike. */
    lossSpikeRatio: z.number().gt(1).default(3),
    /** A gradient-norm point this many times its running median is an explosion. */
    gradSpikeRatio: z.number().gt(1).default(10),
    /** A run whose last step is below this share of the longest run's ended early (failed or cut short). */
    shortRunShare: z.number().gt(0).lt(1).default(0.5),
    /** Seeds' final validation metrics (in [0, 1]) spread over this range is medium; half of it low. */
    spreadMedium: z.number().gt(0).default(0.02),
  })
  .strict();

export type Options = z.output<typeof options>;
