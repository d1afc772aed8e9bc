import { z } from 'zod';

export const options = z
  .object({
    /** Paired bootstrap resamples of the overall difference (fewer above the work budget). */
    resamples: z.number().int().min(100).max(100_000).default(2000),
    /** Resamples for each class and slice value. */
    groupResamples: z.number().int().min(100).max(100_000).default(1000),
    /** Classes and slice values with fewer shared rows than this are not compared (too few to judge). */
    minGroupRows: z.number().int().min(2).default(30),
    /** False discovery rate over the classes and slice values tested. */
    alpha: z.number().gt(0).lt(1).default(0.05),
    /** A regression confined to a group is high when it costs at least this share of the overall accuracy, else medium. */
    highGroupCost: z.number().gt(0).max(1).default(0.01),
    /** Power at which the smallest detectable difference is stated. */
    power: z.number().gt(0.5).lt(1).default(0.8),
    /** Search for slices (conjunctions of column values) where the candidate lost more rows than elsewhere. */
    discover: z.boolean().default(true),
    /** A searched slice needs at least this many rows where the sides' majorities disagree. */
    discoverMinRows: z.number().int().min(2).default(10),
    /** Most predicates in a searched slice. */
    discoverDepth: z.number().int().min(1).max(3).default(2),
    /** Searched slices kept (distinct ones, best first). */
    maxDiscovered: z.number().int().min(1).default(3),
    /** The search's columns: at most this many; categorical up to maxLevels values, numeric ones in `bins` quantile bins. */
    maxSearchColumns: z.number().int().min(1).default(40),
    maxLevels: z.number().int().min(2).default(20),
    bins: z.number().int().min(2).max(50).default(5),
    /** Example rows per finding. */
    maxExamples: z.number().int().min(0).default(5),
  })
  .strict();

export type Options = z.output<typeof options>;
