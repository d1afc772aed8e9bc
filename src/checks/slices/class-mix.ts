/**
 * A slice (or a declared group) against what its class mix predicts, and its presence in
 * training: what tells a weakness of its own, which new data of it can fix, from one that only
 * restates per-class error or that training already covers.
 */
import type { CheckContext } from '../types.js';
import type { Labels } from '../../data/model.js';
import type { Mode } from '../../math/slice-groups.js';
import type { SliceClassMix, SlicePresence } from './findings.js';

/**
 * The error rate of some rows as the mean over the runs of each run's error rate on the rows it
 * scored (so it agrees with seed-instability's accuracy), and how many runs took part.
 */
export function meanRunErrorRate(runs: Mode['runs'], rows: ArrayLike<number>): { rate: number; runs: number } {
  let sum = 0;
  let used = 0;
  for (const run of runs) {
    if (!run.score) continue;
    let wrong = 0;
    let count = 0;
    for (let i = 0; i < rows.length; i++) {
      const value = run.score[rows[i]];
      if (value !== value) continue;
      wrong += 1 - value;
      count++;
    }
    if (count === 0) continue;
    sum += wrong / count;
    used++;
  }
  return { rate: used === 0 ? NaN : sum / used, runs: used };
}

/** A group targeted data can act on: its rows over every data row, and the accuracy at stake beyond its class mix. */
export interface TargetGroup {
  stake: number;
  rows: Uint8Array;
}

/** Per class, the error rate over the evaluated rows of that class (mean over runs, or the ensemble's); null without labels. */
export function classErrorRates(mode: Mode, labels: Labels, rows: Int32Array, runMeans: boolean): Float64Array | null {
  const k = labels.classes.length;
  if (k === 0 || !mode.outcomes) return null;
  const byClass: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < rows.length; i++) {
    const y = labels.codes[rows[i]];
    if (y >= 0) byClass[y].push(rows[i]);
  }
  return Float64Array.from(byClass, (members) => {
    if (members.length === 0) return 0;
    if (runMeans) return meanRunErrorRate(mode.runs, members).rate;
    let wrong = 0;
    for (const row of members) wrong += mode.outcomes!.wrong[row];
    return wrong / members.length;
  });
}

/** The slice against what its class mix predicts (issue 27: a slice that only restates per-class error is not weak). */
export function classMixOf(classRates: Float64Array, labels: Labels, members: readonly number[], rate: number, evaluated: number): SliceClassMix | null {
  let expected = 0;
  let variance = 0;
  let counted = 0;
  for (const row of members) {
    const y = labels.codes[row];
    if (y < 0) continue;
    const p = classRates[y];
    expected += p;
    variance += p * (1 - p);
    counted++;
  }
  if (counted === 0) return null;
  const size = members.length;
  const excessErrors = size * rate - (expected * size) / counted;
  return {
    expectedErrorRate: expected / counted,
    excessErrors,
    accuracyAtStake: evaluated === 0 ? 0 : Math.max(0, excessErrors) / evaluated,
    z: variance > 0 ? excessErrors / Math.sqrt((variance * size) / counted) : excessErrors > 0 ? 1e9 : 0,
  };
}

/** How common a group is among the training rows (the rows the search did not evaluate) against the evaluated rows. */
export function presenceInTraining(context: CheckContext, member: (row: number) => boolean, sizeEvaluated: number, evaluated: number): SlicePresence | null {
  const roles = context.rowRoles;
  if (roles.trainingRows === 0 || evaluated === 0) return null;
  let inTraining = 0;
  for (let row = 0; row < roles.evaluation.length; row++) {
    if (roles.evaluation[row]) continue;
    if (member(row)) inTraining++;
  }
  const trainingShare = inTraining / roles.trainingRows;
  const evaluationShare = sizeEvaluated / evaluated;
  return { trainingRows: inTraining, trainingShare, evaluationShare, rarerInTraining: trainingShare < 0.8 * evaluationShare };
}
