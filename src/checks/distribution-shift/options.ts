import { z } from 'zod';
import { TRAINING_SPLIT_NAMES } from '../../core/vocabulary.js';

export const options = z
  .object({
    /** Split values (case-insensitive) that name the training split (the reference); every other value is an evaluation split. */
    trainNames: z
      .array(z.string())
      .min(1)
      .default([...TRAINING_SPLIT_NAMES]),
    /** A test counts when its Benjamini-Hochberg q-value is at most this... */
    alpha: z.number().gt(0).lt(1).default(0.05),
    /** ...and its effect size reaches this: Wasserstein distance in reference standard deviations (numbers), Jensen-Shannon distance (categories, labels, tokens). */
    minEffect: z.number().gt(0).max(1).default(0.1),
    /** Embedding shift: excess share of same-split nearest neighbours over chance. */
    minNeighbourExcess: z.number().gt(0).max(1).default(0.1),
    /** Columns with more distinct values than this (ids, free text) are not compared as categories. */
    maxLevels: z.number().int().min(2).default(200),
    /** Permutations of the nearest-neighbour two-sample test. */
    permutations: z.number().int().min(19).max(9999).default(199),
    /** Features listed per finding. */
    maxListed: z.number().int().min(1).default(8),
  })
  .strict();

export type Options = z.output<typeof options>;
