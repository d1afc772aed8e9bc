/**
 * Rows by role: which data rows are evaluation rows and which are training rows.
 *
 * Performance, slices, calibration, ensembles and every remedy's gain are measured on the
 * evaluation rows; predictions on training rows (out-of-fold probabilities, per-epoch snapshots)
 * feed label noise and training dynamics. A row is a training row when the split column names the
 * training split (`train`, `training`); every other row is an evaluation row: the split column's
 * evaluation values (validation, test, ...) and rows without a split value (they are not known to
 * be training rows, and dropping them would lose them silently). With `--train FILE` the data file
 * is the evaluation set; without a split column every row is an evaluation row.
 */
import { TRAINING_SPLIT_NAMES } from '../core/vocabulary.js';
import type { Predictions, Roles, Run } from './model.js';
import type { DataTable } from './table.js';

export type RowRoleSource = 'split-column' | 'train-file' | 'all-rows';

export interface RowRoles {
  /** Where the evaluation rows come from. */
  source: RowRoleSource;
  /** 1 for an evaluation row of the data file. */
  evaluation: Uint8Array;
  evaluationRows: number;
  /** Data rows the split column marks as training rows. */
  trainingRows: number;
  /** The split column's values on evaluation rows, sorted (empty without a split column). */
  evaluationSplits: string[];
}

/** The roles of the data rows, from the split column (training names as `trainNames`, case-insensitive). */
export function rowRoles(data: DataTable, roles: Pick<Roles, 'split'>, hasTrainFile: boolean, trainNames: readonly string[] = TRAINING_SPLIT_NAMES): RowRoles {
  const n = data.rowCount;
  const evaluation = new Uint8Array(n);
  const split = roles.split ? (data.column(roles.split) ?? null) : null;
  if (!split) {
    evaluation.fill(1);
    return { source: hasTrainFile ? 'train-file' : 'all-rows', evaluation, evaluationRows: n, trainingRows: 0, evaluationSplits: [] };
  }
  const training = new Set(trainNames.map((name) => name.trim().toLowerCase()));
  const splits = new Set<string>();
  let trainingRows = 0;
  for (let row = 0; row < n; row++) {
    const missing = split.isMissing(row);
    const value = missing ? '' : split.get(row).trim();
    if (!missing && training.has(value.toLowerCase())) {
      trainingRows++;
      continue;
    }
    evaluation[row] = 1;
    if (!missing) splits.add(value);
  }
  return {
    source: hasTrainFile ? 'train-file' : 'split-column',
    evaluation,
    evaluationRows: n - trainingRows,
    trainingRows,
    evaluationSplits: [...splits].sort(),
  };
}

/** How the prediction runs were restricted for a check that reads evaluation rows. */
export interface EvaluationView {
  predictions: Predictions;
  /** `evaluation`: the runs' evaluation rows only; `all`: every covered row (no prediction on an evaluation row, or no training row covered). */
  rows: 'evaluation' | 'all';
  /** Rows with a prediction in some run that the view leaves out (training rows). */
  leftOut: number;
}

/**
 * The predictions restricted to the evaluation rows: each run's `covered` mask loses its training
 * rows (its predictions stay where they are, indexed by data row). When no run covers an
 * evaluation row, every covered row is kept: the predictions are then all there is to measure.
 */
export function evaluationView(predictions: Predictions, roles: RowRoles): EvaluationView {
  if (roles.trainingRows === 0) return { predictions, rows: 'evaluation', leftOut: 0 };
  const n = roles.evaluation.length;
  let onEvaluation = 0;
  const onTraining = new Uint8Array(n);
  for (const run of predictions.runs) {
    for (let row = 0; row < n; row++) {
      if (!run.covered[row]) continue;
      if (roles.evaluation[row]) onEvaluation++;
      else onTraining[row] = 1;
    }
  }
  let leftOut = 0;
  for (let row = 0; row < n; row++) leftOut += onTraining[row];
  if (leftOut === 0) return { predictions, rows: 'evaluation', leftOut: 0 };
  if (onEvaluation === 0) return { predictions, rows: 'all', leftOut: 0 };
  const restrict = (run: Run): Run => {
    const covered = new Uint8Array(n);
    let count = 0;
    for (let row = 0; row < n; row++) {
      if (run.covered[row] && roles.evaluation[row]) {
        covered[row] = 1;
        count++;
      }
    }
    return { ...run, covered, count };
  };
  const runs = predictions.runs.map(restrict);
  const snapshots = predictions.snapshots?.map((s) => ({ ...s, runs: s.runs.map(restrict) })) ?? predictions.snapshots;
  return { predictions: { ...predictions, runs, snapshots }, rows: 'evaluation', leftOut };
}
