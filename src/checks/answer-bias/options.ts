import { z } from 'zod';

export const options = z
  .object({
    /** A run is biased when the Stuart-Maxwell test of its predicted against its gold answers has a Holm-adjusted p-value (over the runs) below this ... */
    alpha: z.number().gt(0).lt(1).default(0.01),
    /** ... and some answer is predicted on at least this much more of the rows than it is the gold answer (an absolute share). */
    minShareGap: z.number().gt(0).max(1).default(0.1),
    /** Tasks with more answers than this are not multiple choice: no finding. */
    maxAnswers: z.number().int().min(2).max(100).default(26),
    /** Runs are judged on at least this many rows with a gold answer and a prediction. */
    minRows: z.number().int().min(10).default(30),
    /** Folds of the cross-fitted prior correction that sizes the remedy. */
    folds: z.number().int().min(2).max(20).default(5),
    /** Bootstrap resamples of the corrections' gains. */
    resamples: z.number().int().min(100).max(100_000).default(1000),
    /** Apply to every classifier, not only prompted multiple-choice answers (task llm, or classes that are choice letters). */
    anyClassifier: z.boolean().default(false),
    /** Example rows per finding. */
    maxExamples: z.number().int().min(0).default(5),
  })
  .strict();

export type Options = z.output<typeof options>;
