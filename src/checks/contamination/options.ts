import { z } from 'zod';

export const options = z
  .object({
    /** Fine-tuning corpus files scanned for the evaluation items (set by `--train FILE` with `--train-text-cols`). */
    files: z.array(z.string().min(1)).default([]),
    /** Their fields joined (newline) into the text scanned (`--train-text-cols instruction,input`). */
    textCols: z.array(z.string().min(1)).default([]),
    /** Partial results of shard scans (`audit scan-shard`) to merge instead of scanning (`audit merge`). */
    partials: z.array(z.string().min(1)).default([]),
    /** Data columns joined into an evaluation item's text (default: the text column). */
    itemCols: z.array(z.string().min(1)).default([]),
    /** n-gram length in tokens (words; CJK characters): 13 as in the GPT-3 and LLaMA 2 reports. */
    n: z.number().int().min(3).max(50).default(13),
    /** Items with fewer tokens are not judged (a few words match by chance); items between this and n use one n-gram of their length. */
    minTokens: z.number().int().min(3).max(50).default(8),
    /** An item is contaminated when at least this share of its n-grams occurs in the corpus; a row holds an item when it covers this share by itself. */
    minCoverage: z.number().gt(0).max(1).default(0.5),
    /** Example rows per finding, and training rows kept as examples. */
    maxExamples: z.number().int().min(0).default(5),
  })
  .strict();

export type Options = z.output<typeof options>;
