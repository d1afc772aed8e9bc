import { z } from 'zod';

export const options = z
  .object({
    /** false turns the proxy model off (also `--no-proxy`). */
    enabled: z.boolean().default(true),
    /** The proxy trains on at most this many training rows, drawn by the audit's seed. */
    maxTrainingRows: z.number().int().min(50).default(20_000),
    /** With a text column the rows are costlier to fit: at most this many. */
    maxTextTrainingRows: z.number().int().min(50).default(2_000),
    /** It is judged on at most this many evaluation rows, drawn by the audit's seed. */
    maxEvaluationRows: z.number().int().min(50).default(5_000),
    /** Inverse L2 penalty of the logistic regression (scikit-learn's C). */
    C: z.number().gt(0).default(1),
    /** L-BFGS steps at most per fit. */
    maxIterations: z.number().int().min(5).default(100),
    /** Folds of the cross-fit when there is no split (every row both trains and is evaluated). */
    folds: z.number().int().min(2).max(20).default(5),
    /** The proxy's margin over your model from which it is a finding (with an interval above 0). */
    minGap: z.number().min(0).max(1).default(0.02),
    /** Bootstrap resamples of the paired intervals. */
    resamples: z.number().int().min(100).max(100_000).default(1000),
  })
  .strict();

export type Options = z.output<typeof options>;
