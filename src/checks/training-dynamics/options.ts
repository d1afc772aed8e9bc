import { z } from 'zod';

export const options = z
  .object({
    /** Hard to learn: mean probability of the label below this... */
    hardConfidence: z.number().gt(0).lt(1).default(0.25),
    /** ...and its variability across snapshots below this (the lower-left of a data map). */
    lowVariability: z.number().gt(0).lt(1).default(0.2),
    /** Ambiguous: variability at least this (the model keeps changing its mind). */
    ambiguousVariability: z.number().gt(0).lt(1).default(0.2),
    /** Low margin: area under the margin below this. */
    aumThreshold: z.number().min(-1).max(1).default(0),
    /** Often forgotten: at least this many forgetting events per run. */
    forgottenEvents: z.number().min(1).default(2),
    /** Example rows per finding. */
    maxExamples: z.number().int().min(0).default(5),
  })
  .strict();

export type Options = z.output<typeof options>;
