/**
 * The data remedies the proxy retrains with, built from what earlier checks flagged: the label
 * errors' suggested labels (label-noise), the duplicate groups and near-duplicate clusters
 * (duplicates, near-duplicates), class weights, and the weak slice's rows up-weighted to their
 * share of the evaluation rows (slices). Each changes only training rows.
 */
import type { CheckContext } from '../types.js';
import { labelNoise } from '../label-noise.js';
import { duplicates } from '../duplicates.js';
import { nearDuplicates } from '../near-duplicates.js';
import { CHANCE_FACTOR } from '../support/dedup-index.js';
import { recordOf } from '../../own-keys.js';
import { targetSliceRows } from '../support/target-slice.js';
import { atMatrixRows, trainingRowMask, type ProxySetup, type TrainingChange } from './train.js';
import type { Options } from './options.js';
import type { WhatIfDetail, WhatIfId } from './metrics.js';

export type { WhatIfId };

/** The what-ifs built from the data (the penalties and more data of a group are planned by the check). */
type DataWhatIfId = 'relabel' | 'dropFlagged' | 'deduplicate' | 'classWeights' | 'sliceWeights';

export type WhatIf = {
  [Id in DataWhatIfId]: {
    id: Id;
    /** Training rows the change touches (relabelled, dropped or weighted). */
    changedRows: number;
    change: TrainingChange;
    detail: WhatIfDetail<Id>;
  };
}[DataWhatIfId];

/** The flagged training rows given their suggested labels; none from a model too weak for its flags to mean label errors. */
function relabel(context: CheckContext<Options>, setup: ProxySetup, training: Uint8Array): WhatIf | null {
  const m = context.earlier(labelNoise);
  if (!m || m.weakModel === true) return null;
  const rows = m.rows;
  const suggested = m.suggestedLabels;
  const classIndex = new Map(setup.classes.map((name, c) => [name, c]));
  const labels = Int32Array.from(context.labels!.codes);
  let changed = 0;
  rows.forEach((row, t) => {
    const c = typeof suggested[t] === 'string' ? classIndex.get(suggested[t]) : undefined;
    if (row >= labels.length || !training[row] || c === undefined || c === labels[row]) return;
    labels[row] = c;
    changed++;
  });
  return changed === 0 ? null : { id: 'relabel', changedRows: changed, change: { labels: atMatrixRows(setup, labels) }, detail: { flaggedRows: rows.length } };
}

/** The flagged training rows dropped (cleanlab's pruning): what relabelling gains at least, when the flags are right. */
function dropFlagged(context: CheckContext<Options>, setup: ProxySetup, training: Uint8Array): WhatIf | null {
  const m = context.earlier(labelNoise);
  if (!m || m.weakModel === true) return null;
  const weights = new Float64Array(training.length).fill(1);
  let changed = 0;
  for (const row of m.rows) {
    if (row >= weights.length || !training[row] || weights[row] === 0) continue;
    weights[row] = 0;
    changed++;
  }
  return changed === 0 ? null : { id: 'dropFlagged', changedRows: changed, change: { weights: atMatrixRows(setup, weights) }, detail: {} };
}

/** Every training row of a duplicate group or near-duplicate cluster but its first dropped; chance coincidences are not groups. */
function deduplicate(context: CheckContext<Options>, setup: ProxySetup, training: Uint8Array): WhatIf | null {
  const groups: number[][] = [];
  const exact = context.earlier(duplicates);
  const pairs = exact?.identicalPairs ?? null;
  const expected = exact?.expectedPairs ?? null;
  const byChance = pairs !== null && expected !== null && pairs <= CHANCE_FACTOR * expected;
  if (exact && !byChance) groups.push(...exact.groups);
  groups.push(...(context.earlier(nearDuplicates)?.clusters ?? []));
  const weights = new Float64Array(training.length).fill(1);
  let changed = 0;
  for (const group of groups) {
    let kept = false;
    for (const row of [...group].sort((a, b) => a - b)) {
      if (row >= weights.length || !training[row] || weights[row] === 0) continue;
      if (!kept) kept = true;
      else {
        weights[row] = 0;
        changed++;
      }
    }
  }
  return changed === 0
    ? null
    : { id: 'deduplicate', changedRows: changed, change: { weights: atMatrixRows(setup, weights) }, detail: { groups: groups.length } };
}

/** Class weights inversely proportional to the training rows' class frequencies (scikit-learn's "balanced"). */
function classWeights(setup: ProxySetup): WhatIf | null {
  const k = setup.classes.length;
  const counts = new Float64Array(k);
  const isTraining = new Uint8Array(setup.labels.length);
  for (const fold of setup.folds) for (const row of fold.train) isTraining[row] = 1;
  let total = 0;
  for (let row = 0; row < isTraining.length; row++) {
    if (!isTraining[row] || setup.labels[row] < 0) continue;
    counts[setup.labels[row]]++;
    total++;
  }
  const present = counts.filter((c) => c > 0).length;
  const perClass = Array.from(counts, (c) => (c > 0 ? total / (present * c) : 1));
  if (perClass.every((w) => Math.abs(w - 1) < 0.05)) return null;
  const weights = Float64Array.from(setup.labels, (y) => (y >= 0 ? perClass[y] : 1));
  return { id: 'classWeights', changedRows: total, change: { weights }, detail: { weights: recordOf(setup.classes, perClass) } };
}

/** The target slice's training rows weighted up to the slice's share of the evaluated rows (at most 20 times). */
function sliceWeights(context: CheckContext<Options>, setup: ProxySetup, training: Uint8Array): WhatIf | null {
  const slice = targetSliceRows(context);
  if (!slice) return null;
  let trainingRows = 0;
  let inTraining = 0;
  for (let row = 0; row < training.length; row++) {
    if (!training[row]) continue;
    trainingRows++;
    if (slice[row]) inTraining++;
  }
  let inEvaluated = 0;
  for (const row of setup.evaluated) if (slice[setup.dataRows[row]]) inEvaluated++;
  if (inTraining === 0 || trainingRows === 0) return null;
  const factor = Math.min(20, inEvaluated / setup.evaluated.length / (inTraining / trainingRows));
  if (!(factor > 1.05)) return null;
  const weights = Float64Array.from(setup.dataRows, (row) => (slice[row] ? factor : 1));
  return {
    id: 'sliceWeights',
    changedRows: inTraining,
    change: { weights },
    detail: { factor, trainingShare: inTraining / trainingRows, evaluationShare: inEvaluated / setup.evaluated.length },
  };
}

/**
 * Every what-if the earlier checks make possible, in a fixed order. One that changes fewer than
 * 1% of the training rows (and fewer than 3) is left out: a refit then moves a prediction or two
 * by chance, and the estimate would be that chance.
 */
export function buildWhatIfs(context: CheckContext<Options>, setup: ProxySetup): WhatIf[] {
  const training = trainingRowMask(setup, context.data.rowCount);
  let trainingRows = 0;
  for (const t of training) trainingRows += t;
  const enough = (w: WhatIf | null): w is WhatIf => w !== null && w.changedRows >= Math.max(3, 0.01 * trainingRows);
  return [
    relabel(context, setup, training),
    dropFlagged(context, setup, training),
    deduplicate(context, setup, training),
    classWeights(setup),
    sliceWeights(context, setup, training),
  ].filter(enough);
}
