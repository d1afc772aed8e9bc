/** The training dynamics of an audit, computed once and shared (training-dynamics, label-noise). */
import type { CheckContext } from '../types.js';
import { trainingDynamics, type Dynamics } from '../../math/training-dynamics.js';

/** Area under the margin below this: another class outscored the given label on average over training. */
export const AUM_THRESHOLD = 0;

/** Null without labels or snapshots. */
export function dynamicsOf(context: CheckContext<unknown>): Dynamics | null {
  const groups = context.predictions?.snapshots;
  const labels = context.labels;
  if (!groups || groups.length === 0 || !labels) return null;
  return context.memo('training-dynamics', () =>
    trainingDynamics(
      groups.map((g) => g.runs),
      labels.codes,
      labels.classes.length,
    ),
  );
}

/** The rows (data row indices) whose area under the margin is below the threshold: before their run memorised its labels, as training-dynamics flags them. */
export function lowMarginRows(dynamics: Dynamics, threshold = AUM_THRESHOLD): number[] {
  const out: number[] = [];
  for (let i = 0; i < dynamics.rows.length; i++) if (dynamics.aumBeforeFit[i] < threshold) out.push(dynamics.rows[i]);
  return out;
}
