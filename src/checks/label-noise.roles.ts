/**
 * Label noise by the role of the rows (data/row-roles.ts). Flagged training rows are what
 * relabelling changes (an accuracy remedy); flagged evaluation rows change what accuracy is
 * measured to be (an honesty remedy). And predictions on training rows only reveal label errors
 * when they are out-of-sample: a model scored on rows it was fitted to gets them right far more
 * often than new rows, and that gap is itself the sign of over-fitting.
 */
import type { RowRoles } from '../data/row-roles.js';
import type { Run } from '../data/model.js';

export interface RoleCounts {
  /** Labelled rows with a prediction, and how many of them are flagged. */
  rows: number;
  flagged: number;
}

export interface FlaggedByRole {
  training: RoleCounts;
  evaluation: RoleCounts & {
    /**
     * Over the evaluation rows, mean over the runs of accuracy under the suggested labels (for the
     * flagged rows) minus accuracy under the given ones: how far the measured accuracy may be off
     * because of them, at most.
     */
    accuracyShiftIfRelabelled: number | null;
  };
}

/** Counts of analysed and flagged rows per role, and the evaluation bound; null without a split. */
export function flaggedByRole(
  roles: RowRoles,
  analysed: (row: number) => boolean,
  flagged: readonly number[],
  suggested: readonly number[],
  runs: readonly Run[],
  codes: Int32Array,
): FlaggedByRole | null {
  if (roles.source === 'all-rows') return null;
  const out: FlaggedByRole = { training: { rows: 0, flagged: 0 }, evaluation: { rows: 0, flagged: 0, accuracyShiftIfRelabelled: null } };
  for (let row = 0; row < codes.length; row++) {
    if (!analysed(row)) continue;
    if (roles.evaluation[row]) out.evaluation.rows++;
    else out.training.rows++;
  }
  const evalFlagged: { row: number; suggested: number }[] = [];
  flagged.forEach((row, t) => {
    if (roles.evaluation[row]) {
      out.evaluation.flagged++;
      evalFlagged.push({ row, suggested: suggested[t] });
    } else out.training.flagged++;
  });
  const withClasses = runs.filter((run) => run.pred !== null);
  if (evalFlagged.length > 0 && withClasses.length > 0) {
    let shift = 0;
    for (const run of withClasses) {
      let predicted = 0;
      for (let row = 0; row < codes.length; row++) if (roles.evaluation[row] && run.covered[row] && codes[row] >= 0 && run.pred![row] >= 0) predicted++;
      if (predicted === 0) continue;
      let change = 0;
      for (const { row, suggested: s } of evalFlagged) {
        if (!run.covered[row] || run.pred![row] < 0) continue;
        change += (run.pred![row] === s ? 1 : 0) - (run.pred![row] === codes[row] ? 1 : 0);
      }
      shift += change / predicted / withClasses.length;
    }
    out.evaluation.accuracyShiftIfRelabelled = shift;
  }
  return out;
}

export interface InSampleCheck {
  trainingRows: number;
  evaluationRows: number;
  trainingAccuracy: number;
  /** Training accuracy re-weighted to the evaluation rows' class mix (per-class recall x evaluation share). */
  trainingAccuracyAtEvaluationMix: number;
  evaluationAccuracy: number;
  gap: number;
  /** One-sided z test of training above evaluation accuracy. */
  z: number;
  inSample: boolean;
}

/**
 * Do the predictions on training rows look in-sample? Accuracy of the predicted class `pred` on
 * training rows (at the evaluation's class mix) against evaluation rows: a gap of at least
 * `minGap` with z at least 3.3 (p < 0.0005) says so. Null without both roles predicted.
 */
export function inSampleCheck(roles: RowRoles, pred: Int32Array, codes: Int32Array, k: number, minGap = 0.05): InSampleCheck | null {
  if (roles.source === 'all-rows' || roles.trainingRows === 0) return null;
  const trainSupport = new Float64Array(k);
  const trainRight = new Float64Array(k);
  const evalSupport = new Float64Array(k);
  let trainRows = 0;
  let trainCorrect = 0;
  let evalRows = 0;
  let evalCorrect = 0;
  for (let row = 0; row < codes.length; row++) {
    const y = codes[row];
    if (y < 0 || pred[row] < 0) continue;
    const right = pred[row] === y ? 1 : 0;
    if (roles.evaluation[row]) {
      evalRows++;
      evalCorrect += right;
      evalSupport[y]++;
    } else {
      trainRows++;
      trainCorrect += right;
      trainSupport[y]++;
      trainRight[y] += right;
    }
  }
  if (trainRows < 30 || evalRows < 30) return null;
  let atMix = 0;
  let covered = 0;
  for (let c = 0; c < k; c++) {
    if (evalSupport[c] === 0 || trainSupport[c] === 0) continue;
    atMix += (evalSupport[c] / evalRows) * (trainRight[c] / trainSupport[c]);
    covered += evalSupport[c] / evalRows;
  }
  const trainingAccuracyAtEvaluationMix = covered > 0 ? atMix / covered : trainCorrect / trainRows;
  const evaluationAccuracy = evalCorrect / evalRows;
  const gap = trainingAccuracyAtEvaluationMix - evaluationAccuracy;
  const pooled = (trainCorrect + evalCorrect) / (trainRows + evalRows);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / trainRows + 1 / evalRows));
  const z = se > 0 ? gap / se : gap > 0 ? Infinity : 0;
  return {
    trainingRows: trainRows,
    evaluationRows: evalRows,
    trainingAccuracy: trainCorrect / trainRows,
    trainingAccuracyAtEvaluationMix,
    evaluationAccuracy,
    gap,
    z: Number.isFinite(z) ? z : 1e9,
    inSample: gap >= minGap && z >= 3.3,
  };
}

export interface ModelSkill {
  /** Accuracy of the combined prediction on the analysed rows, and of always predicting their most frequent label. */
  accuracy: number;
  majorityBaseline: number;
  majorityClass: number;
  /** (accuracy - baseline) / (1 - baseline): 0 for a model no better than the majority guess, 1 for a perfect one. */
  skill: number;
  rows: number;
}

/** Skill below which a model's confident disagreements are mostly its own errors, not label errors. */
export const MIN_SKILL = 0.25;

/** How far the combined predictions are above always guessing the majority label, over the analysed rows. */
export function modelSkill(pred: Int32Array, codes: Int32Array, k: number): ModelSkill | null {
  const counts = new Float64Array(k);
  let rows = 0;
  let right = 0;
  for (let row = 0; row < codes.length; row++) {
    const y = codes[row];
    if (y < 0 || pred[row] < 0) continue;
    counts[y]++;
    rows++;
    if (pred[row] === y) right++;
  }
  if (rows === 0) return null;
  let majority = 0;
  for (let c = 1; c < k; c++) if (counts[c] > counts[majority]) majority = c;
  const baseline = counts[majority] / rows;
  const accuracy = right / rows;
  return { accuracy, majorityBaseline: baseline, majorityClass: majority, skill: baseline >= 1 ? 0 : (accuracy - baseline) / (1 - baseline), rows };
}
