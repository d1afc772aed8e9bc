/**
 * Per-group classification metrics from a binary confusion matrix, disparity ratios to a
 * reference group (Aequitas), and Fairlearn's between-group differences. A metric whose
 * denominator is zero is NaN (reported as null).
 */

/** Binary confusion counts with respect to one positive class. */
export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export function emptyConfusion(): Confusion {
  return { tp: 0, fp: 0, tn: 0, fn: 0 };
}

/** Adds one example: `actual` and `predicted` are whether the label and the prediction are the positive class. */
export function addToConfusion(confusion: Confusion, actual: boolean, predicted: boolean): void {
  if (actual) {
    if (predicted) confusion.tp++;
    else confusion.fn++;
  } else if (predicted) confusion.fp++;
  else confusion.tn++;
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? NaN : numerator / denominator;
}

export function total(c: Confusion): number {
  return c.tp + c.fp + c.tn + c.fn;
}

/** (TP + TN) / N */
export function accuracy(c: Confusion): number {
  return ratio(c.tp + c.tn, total(c));
}

/** (FP + FN) / N */
export function errorRate(c: Confusion): number {
  return ratio(c.fp + c.fn, total(c));
}

/** False positive rate FP / (FP + TN): share of actual negatives predicted positive. */
export function falsePositiveRate(c: Confusion): number {
  return ratio(c.fp, c.fp + c.tn);
}

/** False negative rate FN / (FN + TP): share of actual positives predicted negative. */
export function falseNegativeRate(c: Confusion): number {
  return ratio(c.fn, c.fn + c.tp);
}

/** True positive rate (recall) TP / (TP + FN). */
export function truePositiveRate(c: Confusion): number {
  return ratio(c.tp, c.tp + c.fn);
}

/** Precision TP / (TP + FP). */
export function precision(c: Confusion): number {
  return ratio(c.tp, c.tp + c.fp);
}

/** Selection rate (TP + FP) / N: share predicted positive (Fairlearn's selection_rate). */
export function selectionRate(c: Confusion): number {
  return ratio(c.tp + c.fp, total(c));
}

/** Prevalence (TP + FN) / N: share actually positive (the base rate). */
export function prevalence(c: Confusion): number {
  return ratio(c.tp + c.fn, total(c));
}

export interface GroupMetrics {
  accuracy: number;
  errorRate: number;
  fpr: number;
  fnr: number;
  precision: number;
  selectionRate: number;
  prevalence: number;
}

export const GROUP_METRIC_NAMES = ['accuracy', 'errorRate', 'fpr', 'fnr', 'precision', 'selectionRate', 'prevalence'] as const;
export type GroupMetricName = (typeof GROUP_METRIC_NAMES)[number];

export function groupMetrics(c: Confusion): GroupMetrics {
  return {
    accuracy: accuracy(c),
    errorRate: errorRate(c),
    fpr: falsePositiveRate(c),
    fnr: falseNegativeRate(c),
    precision: precision(c),
    selectionRate: selectionRate(c),
    prevalence: prevalence(c),
  };
}

/**
 * The counts behind a metric as a proportion `events / trials`, for significance tests of a
 * group against its reference: e.g. fpr is FP out of FP + TN.
 */
export function metricCounts(c: Confusion, metric: GroupMetricName): { events: number; trials: number } {
  switch (metric) {
    case 'accuracy':
      return { events: c.tp + c.tn, trials: total(c) };
    case 'errorRate':
      return { events: c.fp + c.fn, trials: total(c) };
    case 'fpr':
      return { events: c.fp, trials: c.fp + c.tn };
    case 'fnr':
      return { events: c.fn, trials: c.fn + c.tp };
    case 'precision':
      return { events: c.tp, trials: c.tp + c.fp };
    case 'selectionRate':
      return { events: c.tp + c.fp, trials: total(c) };
    case 'prevalence':
      return { events: c.tp + c.fn, trials: total(c) };
  }
}

/** Aequitas disparity: the group's metric over the reference group's; NaN when either is undefined or the reference is 0. */
export function disparityRatio(value: number, reference: number): number {
  if (!Number.isFinite(value) || !Number.isFinite(reference) || reference === 0) return NaN;
  return value / reference;
}

/** Largest minus smallest of the finite values; NaN with fewer than one finite value. */
function range(values: readonly number[]): number {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return max === -Infinity ? NaN : max - min;
}

/**
 * Fairlearn's demographic_parity_difference: the largest minus the smallest selection rate
 * across groups. Groups with no rows are left out.
 */
export function demographicParityDifference(groups: readonly Confusion[]): number {
  return range(groups.map(selectionRate));
}

/**
 * Fairlearn's equalized_odds_difference (agg='worst_case'): the larger of the between-group
 * range of the true positive rate and that of the false positive rate. A group without actual
 * positives (negatives) is left out of the TPR (FPR) range.
 */
export function equalizedOddsDifference(groups: readonly Confusion[]): number {
  const tpr = range(groups.map(truePositiveRate));
  const fpr = range(groups.map(falsePositiveRate));
  if (Number.isNaN(tpr)) return fpr;
  if (Number.isNaN(fpr)) return tpr;
  return Math.max(tpr, fpr);
}
