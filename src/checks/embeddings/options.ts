import { z } from 'zod';

export const options = z
  .object({
    /** Outliers: mean distance to the k nearest neighbours above q3 + fence x IQR of all rows' (3 = Tukey's far out). */
    outlierFence: z.number().gt(0).default(3),
    /** Example rows per finding. */
    maxExamples: z.number().int().min(0).default(5),
  })
  .strict();

export type Options = z.output<typeof options>;
