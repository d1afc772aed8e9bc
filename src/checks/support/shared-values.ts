/**
 * Values computed once per audit and read by several checks, each declared once: its name, the
 * inputs its key is made of and how it is computed (the idea of arethetypeswrong's declared
 * dependencies), instead of a memo key string copied into every check that reads it.
 */
import type { CheckContext } from '../types.js';
import type { Run } from '../../data/model.js';
import { averageProbabilities } from '../../math/ensemble.js';

export interface SharedValue<A extends unknown[], T> {
  /** The value for these inputs, computed by the first check that asks and kept for the others. */
  get(context: Pick<CheckContext, 'memo'>, ...inputs: A): T;
}

/** Declares a shared value: `key` tells two sets of inputs apart, `compute` makes the value. */
export function sharedValue<A extends unknown[], T>(name: string, key: (...inputs: A) => string, compute: (...inputs: A) => T): SharedValue<A, T> {
  return { get: (context, ...inputs) => context.memo(`${name}:${key(...inputs)}`, () => compute(...inputs)) };
}

/**
 * The mean of the runs' class probabilities, row by row (each row over the runs covering it):
 * read by seed-instability and performance (the ensemble's predictions) and calibration (its
 * calibration). The runs must all have probabilities.
 */
export const ensembleMeanProbabilities = sharedValue<[runs: readonly Run[], classes: number], Float64Array>(
  'ensemble:mean-probabilities',
  // The class count follows from the runs (one class order per audit): the run names tell the inputs apart.
  (runs) => JSON.stringify(runs.map((run) => run.name)),
  (runs, classes) =>
    averageProbabilities(
      runs.map((run) => run.probs!),
      classes,
    ),
);
