import { z } from 'zod';

export const options = z
  .object({
    /** A class whose recall (the ensemble's, or the one run's) is at most this is one the model (almost) never gets right. */
    maxRecall: z.number().min(0).max(1).default(0.1),
    /** Classes with fewer labelled rows than this get no finding (too few to judge). */
    minSupport: z.number().int().min(1).default(10),
    /** A true class predicted as one other class in at least this share of its rows is a confused pair (three or more classes). */
    minConfusionShare: z.number().gt(0).max(1).default(0.2),
    /** ... with at least this many rows. */
    minConfusionCount: z.number().int().min(1).default(5),
    /** Most confusions listed in the metrics (largest first). */
    maxConfusions: z.number().int().min(1).default(20),
    /** Per-class tables and the confusion matrix are listed up to this many classes. */
    maxClasses: z.number().int().min(2).default(100),
    /** Bootstrap resamples of the ensemble's accuracy, macro F1 and balanced accuracy (drawn per confusion-matrix cell; fewer above 2.5e8 cell draws). */
    resamples: z.number().int().min(0).max(100_000).default(1000),
    /** Folds of the cross-fitted prior correction (the measurement behind `rebalance`). */
    priorCorrectionFolds: z.number().int().min(2).max(20).default(5),
    /** A held-out accuracy gain from the prior correction of at least this (and an interval above 0) is a finding. */
    minPriorCorrectionGain: z.number().min(0).max(1).default(0.005),
    /** Example rows per finding. */
    maxExamples: z.number().int().min(0).default(5),
  })
  .strict();

export type Options = z.output<typeof options>;
