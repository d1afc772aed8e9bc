/**
 * Top-label calibration of class probabilities: expected and maximum calibration error with
 * equal-width confidence bins, the multiclass Brier score, and reliability-diagram data.
 *
 * Binning matches torchmetrics (`_binning_bucketize`, the default 15 bins): confidence is the
 * largest probability of the row, the predicted class its argmax (ties to the lowest index);
 * boundaries are numpy/torch linspace(0, 1, bins + 1), i.e. b_j = j * (1 / bins) with b_bins = 1;
 * bin j holds b_j <= confidence < b_{j+1} (torch.bucketize(..., right=True) - 1), and a
 * confidence of exactly 1 falls into an extra, last bin [1, 1] of its own, as in torchmetrics.
 * ECE = Σ_j (n_j / n) |acc_j - conf_j| (Guo et al. 2017); MCE = max over non-empty bins of
 * |acc_j - conf_j|. torchmetrics works in float32; this works in float64.
 */

export interface CalibrationBin {
  /** Lower and upper boundary: the bin holds lower <= confidence < upper (the extra bin: confidence = 1). */
  lower: number;
  upper: number;
  count: number;
  /** Mean confidence and accuracy of the rows in the bin; null when the bin is empty. */
  meanConfidence: number | null;
  accuracy: number | null;
}

export interface CalibrationResult {
  rows: number;
  ece: number;
  mce: number;
  /**
   * Multiclass Brier score (Brier 1950): mean over rows of Σ_k (p_k - y_k)², y the one-hot
   * label; 0 is perfect, 2 the worst. Not divided by the number of classes.
   */
  brier: number;
  accuracy: number;
  meanConfidence: number;
  /** `bins` equal-width bins, plus the extra confidence-1 bin only when it holds rows. */
  bins: CalibrationBin[];
}

/** Bin boundaries as numpy.linspace(0, 1, bins + 1) computes them. */
export function binBoundaries(bins: number): Float64Array {
  const step = 1 / bins;
  const boundaries = new Float64Array(bins + 1);
  for (let j = 0; j < bins; j++) boundaries[j] = j * step;
  boundaries[bins] = 1;
  return boundaries;
}

/** Bin index of a confidence: the j with b_j <= c < b_{j+1}; `bins` for c >= 1. */
export function binIndex(confidence: number, boundaries: Float64Array): number {
  const bins = boundaries.length - 1;
  if (confidence >= 1) return bins;
  if (!(confidence > 0)) return 0;
  let j = Math.min(bins - 1, Math.floor(confidence * bins));
  while (j > 0 && confidence < boundaries[j]) j--;
  while (j < bins - 1 && confidence >= boundaries[j + 1]) j++;
  return j;
}

/**
 * Calibration of row-major probabilities (rows x k) against labels (class index per row).
 * `rows` selects the rows to use (all rows with a label >= 0 and finite probabilities otherwise).
 */
export function calibration(
  probs: Float64Array,
  k: number,
  labels: ArrayLike<number>,
  options: { bins?: number; rows?: ArrayLike<number> } = {},
): CalibrationResult {
  const bins = options.bins ?? 15;
  const boundaries = binBoundaries(bins);
  const counts = new Float64Array(bins + 1);
  const confSums = new Float64Array(bins + 1);
  const correctSums = new Float64Array(bins + 1);
  let brierSum = 0;
  let n = 0;
  const select = options.rows;
  const total = select ? select.length : labels.length;
  for (let index = 0; index < total; index++) {
    const row = select ? select[index] : index;
    const label = labels[row];
    const offset = row * k;
    if (label < 0 || !Number.isFinite(probs[offset])) continue;
    let best = 0;
    let squares = 0;
    for (let c = 0; c < k; c++) {
      const p = probs[offset + c];
      if (p > probs[offset + best]) best = c;
      const diff = c === label ? p - 1 : p;
      squares += diff * diff;
    }
    const confidence = probs[offset + best];
    const j = binIndex(confidence, boundaries);
    counts[j]++;
    confSums[j] += confidence;
    if (best === label) correctSums[j]++;
    brierSum += squares;
    n++;
  }
  let ece = 0;
  let mce = 0;
  let confTotal = 0;
  let correctTotal = 0;
  const out: CalibrationBin[] = [];
  for (let j = 0; j <= bins; j++) {
    confTotal += confSums[j];
    correctTotal += correctSums[j];
    const count = counts[j];
    if (j === bins && count === 0) break;
    const meanConfidence = count > 0 ? confSums[j] / count : null;
    const accuracy = count > 0 ? correctSums[j] / count : null;
    if (count > 0) {
      const gap = Math.abs(accuracy! - meanConfidence!);
      ece += (count / n) * gap;
      if (gap > mce) mce = gap;
    }
    out.push({ lower: boundaries[Math.min(j, bins)], upper: j < bins ? boundaries[j + 1] : 1, count, meanConfidence, accuracy });
  }
  if (n === 0) return { rows: 0, ece: NaN, mce: NaN, brier: NaN, accuracy: NaN, meanConfidence: NaN, bins: out };
  return { rows: n, ece, mce, brier: brierSum / n, accuracy: correctTotal / n, meanConfidence: confTotal / n, bins: out };
}
