import { z } from 'zod';

export const options = z
  .object({
    /** Bootstrap resamples for the accuracy interval (fewer are drawn when the work would be very large; the metrics say how many). */
    resamples: z.number().int().min(100).max(100_000).default(1000),
    /** How many of the most unstable rows the churn finding lists. */
    maxExamples: z.number().int().min(1).max(100).default(10),
    /** Mean pairwise churn below this share of examples is never a finding. */
    minChurn: z.number().min(0).max(1).default(0.01),
    /** Churn / mean error rate at which churn is a medium finding (low from half of it, high from twice it). */
    churnErrorRatio: z.number().positive().default(0.5),
    /** Accuracy range (max - min, as a share) from which the spread is a finding. */
    minAccuracyRange: z.number().min(0).max(1).default(0.01),
    /** Significance level of the spread test. */
    alpha: z.number().gt(0).lt(1).default(0.05),
    /** Ensemble gain over the mean run (as a share) from which it is a finding; medium from three times it. */
    minEnsembleGain: z.number().min(0).max(1).default(0.01),
    /** What the runs are: retrainings with another seed, or samples of one model (an LLM evaluation); auto: samples when the runs give only correct/score. */
    runsAre: z.enum(['auto', 'seeds', 'samples']).default('auto'),
  })
  .strict();

export type Options = z.output<typeof options>;
