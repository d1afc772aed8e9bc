/**
 * Classification metrics as scikit-learn defines them, on aligned arrays: `label[i]` and
 * `pred[i]` are class indices of example i; probabilities are row-major (n x k) over the same
 * examples. Checked against sklearn in test/performance-metrics.test.ts.
 */

/** Counts, true class by row and predicted class by column: sklearn.metrics.confusion_matrix. */
export function confusionMatrix(label: ArrayLike<number>, pred: ArrayLike<number>, k: number): Float64Array {
  const matrix = new Float64Array(k * k);
  for (let i = 0; i < label.length; i++) matrix[label[i] * k + pred[i]]++;
  return matrix;
}

/** Per class: right predictions, rows labelled with it, rows predicted as it. */
export interface ClassCounts {
  tp: Float64Array;
  support: Float64Array;
  predicted: Float64Array;
}

/** The per-class counts of aligned labels and predictions (no k x k matrix: fine for any number of classes). */
export function classCounts(label: ArrayLike<number>, pred: ArrayLike<number>, k: number): ClassCounts {
  const tp = new Float64Array(k);
  const support = new Float64Array(k);
  const predicted = new Float64Array(k);
  for (let i = 0; i < label.length; i++) {
    support[label[i]]++;
    predicted[pred[i]]++;
    if (label[i] === pred[i]) tp[label[i]]++;
  }
  return { tp, support, predicted };
}

/** The off-diagonal cells of the confusion matrix as a sparse map from `true * k + predicted` to a count. */
export function confusionCells(label: ArrayLike<number>, pred: ArrayLike<number>, k: number): Map<number, number> {
  const cells = new Map<number, number>();
  for (let i = 0; i < label.length; i++) {
    if (label[i] === pred[i]) continue;
    const key = label[i] * k + pred[i];
    cells.set(key, (cells.get(key) ?? 0) + 1);
  }
  return cells;
}

export interface ClassReport {
  precision: number;
  recall: number;
  f1: number;
  support: number;
  /** Predicted as this class. */
  predicted: number;
  /** Rows of this class predicted right (true positives). */
  correct: number;
}

export interface Report {
  perClass: ClassReport[];
  accuracy: number;
  macroF1: number;
  microF1: number;
  weightedF1: number;
  macroPrecision: number;
  macroRecall: number;
  balancedAccuracy: number;
}

/**
 * sklearn's classification_report with zero_division=0: per class precision TP / predicted,
 * recall TP / support, F1 2TP / (2TP + FP + FN) (0 when undefined); macro averages over the
 * classes present in the labels or the predictions (sklearn's default labels), weighted by
 * support; micro F1 equals accuracy for single-label data. Balanced accuracy: the mean recall
 * over the classes present in the labels (balanced_accuracy_score).
 */
export function classificationReport(counts: ClassCounts): Report {
  const k = counts.tp.length;
  const perClass: ClassReport[] = [];
  let n = 0;
  let correct = 0;
  for (let c = 0; c < k; c++) {
    const support = counts.support[c];
    const predicted = counts.predicted[c];
    const tp = counts.tp[c];
    n += support;
    correct += tp;
    const precision = predicted === 0 ? 0 : tp / predicted;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = support + predicted === 0 ? 0 : (2 * tp) / (support + predicted);
    perClass.push({ precision, recall, f1, support, predicted, correct: tp });
  }
  let present = 0;
  let withLabels = 0;
  let f1Sum = 0;
  let precisionSum = 0;
  let recallSum = 0;
  let weighted = 0;
  let recallOfLabelled = 0;
  for (const entry of perClass) {
    if (entry.support > 0 || entry.predicted > 0) {
      present++;
      f1Sum += entry.f1;
      precisionSum += entry.precision;
      recallSum += entry.recall;
    }
    if (entry.support > 0) {
      withLabels++;
      recallOfLabelled += entry.recall;
    }
    weighted += entry.f1 * entry.support;
  }
  const accuracy = n === 0 ? NaN : correct / n;
  return {
    perClass,
    accuracy,
    macroF1: present === 0 ? NaN : f1Sum / present,
    microF1: accuracy,
    weightedF1: n === 0 ? NaN : weighted / n,
    macroPrecision: present === 0 ? NaN : precisionSum / present,
    macroRecall: present === 0 ? NaN : recallSum / present,
    balancedAccuracy: withLabels === 0 ? NaN : recallOfLabelled / withLabels,
  };
}

/**
 * Area under the ROC curve of a score for the positive examples (`positive[i]` 1 or 0): the
 * Mann-Whitney statistic with ties counted as half, as sklearn.metrics.roc_auc_score gives for a
 * binary task. NaN when either class is absent.
 */
export function rocAuc(score: ArrayLike<number>, positive: ArrayLike<number>): number {
  const order = sortedDescending(score);
  let positives = 0;
  for (let i = 0; i < positive.length; i++) positives += positive[i];
  const negatives = positive.length - positives;
  if (positives === 0 || negatives === 0) return NaN;
  // Walk from the highest score down; a tie block counts each positive-negative pair inside it as half.
  let negativesAbove = 0;
  let sum = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    let blockPositives = 0;
    let blockNegatives = 0;
    while (end < order.length && score[order[end]] === score[order[start]]) {
      if (positive[order[end]]) blockPositives++;
      else blockNegatives++;
      end++;
    }
    // Each positive ranks above every negative below it: negatives - negativesAbove - blockNegatives, plus half the block's.
    sum += blockPositives * (negatives - negativesAbove - blockNegatives + blockNegatives / 2);
    negativesAbove += blockNegatives;
    start = end;
  }
  return sum / (positives * negatives);
}

/**
 * Average precision as sklearn.metrics.average_precision_score: sum over the distinct score
 * thresholds, highest first, of (recall_n - recall_(n-1)) x precision_n. NaN without positives.
 */
export function averagePrecision(score: ArrayLike<number>, positive: ArrayLike<number>): number {
  const order = sortedDescending(score);
  let positives = 0;
  for (let i = 0; i < positive.length; i++) positives += positive[i];
  if (positives === 0) return NaN;
  let truePositives = 0;
  let previousRecall = 0;
  let sum = 0;
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end < order.length && score[order[end]] === score[order[start]]) {
      truePositives += positive[order[end]];
      end++;
    }
    const seen = end;
    const recall = truePositives / positives;
    sum += (recall - previousRecall) * (truePositives / seen);
    previousRecall = recall;
    start = end;
  }
  return sum;
}

/**
 * Top-k accuracy as sklearn.metrics.top_k_accuracy_score: the share of examples whose label is
 * among the k highest probabilities. Ties are broken as sklearn's stable sort then reversal
 * does: among equal probabilities the higher class index ranks first.
 */
export function topKAccuracy(probs: Float64Array, k: number, rows: ArrayLike<number>, label: ArrayLike<number>, top: number): number {
  const n = rows.length;
  if (n === 0) return NaN;
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const offset = rows[i] * k;
    const y = label[i];
    const own = probs[offset + y];
    // Classes ranked above the label: a higher probability, or an equal one at a higher index.
    let above = 0;
    for (let c = 0; c < k && above < top; c++) {
      const p = probs[offset + c];
      if (p > own || (p === own && c > y)) above++;
    }
    if (above < top) hits++;
  }
  return hits / n;
}

/** Machine epsilon of doubles: sklearn 1.2's log_loss clips to [eps, 1 - eps] with eps="auto". */
const DOUBLE_EPS = 2.220446049250313e-16;

/**
 * sklearn.metrics.log_loss (1.2): each row's probabilities are clipped to [eps, 1 - eps] and
 * renormalised, then the mean of -log(p_label). `rows[i]` is the probability row of example i.
 */
export function logLossClipped(probs: Float64Array, k: number, rows: ArrayLike<number>, label: ArrayLike<number>): number {
  const n = rows.length;
  if (n === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const offset = rows[i] * k;
    let total = 0;
    for (let c = 0; c < k; c++) total += clip(probs[offset + c]);
    sum -= Math.log(clip(probs[offset + label[i]]) / total);
  }
  return sum / n;
}

const clip = (p: number) => (p < DOUBLE_EPS ? DOUBLE_EPS : p > 1 - DOUBLE_EPS ? 1 - DOUBLE_EPS : p);

function sortedDescending(score: ArrayLike<number>): Int32Array {
  const order = Int32Array.from({ length: score.length }, (_, i) => i);
  order.sort((a, b) => score[b] - score[a] || a - b);
  return order;
}
