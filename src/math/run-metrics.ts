/**
 * Per-run classification metrics on aligned arrays: `pred[i]` and `label[i]` are class indices
 * of the same example (callers gather the rows every run covers).
 */

/** Share of examples with pred === label; NaN for none. */
export function accuracy(pred: ArrayLike<number>, label: ArrayLike<number>): number {
  const n = pred.length;
  if (n === 0) return NaN;
  let right = 0;
  for (let i = 0; i < n; i++) if (pred[i] === label[i]) right++;
  return right / n;
}

/**
 * Macro-averaged F1 as sklearn.metrics.f1_score(label, pred, average='macro') with its default
 * labels: the unweighted mean of per-class F1 = 2TP / (2TP + FP + FN) over the classes that
 * occur in the labels or the predictions.
 */
export function macroF1(pred: ArrayLike<number>, label: ArrayLike<number>, k: number): number {
  const tp = new Float64Array(k);
  const fp = new Float64Array(k);
  const fn = new Float64Array(k);
  for (let i = 0; i < pred.length; i++) {
    const p = pred[i];
    const y = label[i];
    if (p === y) tp[p]++;
    else {
      fp[p]++;
      fn[y]++;
    }
  }
  let sum = 0;
  let classes = 0;
  for (let c = 0; c < k; c++) {
    const denominator = 2 * tp[c] + fp[c] + fn[c];
    if (denominator === 0) continue;
    sum += (2 * tp[c]) / denominator;
    classes++;
  }
  return classes === 0 ? NaN : sum / classes;
}

/** Probabilities are clipped to [LOG_LOSS_EPS, 1] before the log, as sklearn's log_loss did with eps=1e-15. */
export const LOG_LOSS_EPS = 1e-15;

/**
 * Mean negative log-likelihood of the labels: mean over examples of -log(max(p_label, 1e-15)).
 * `probs` is row-major over data rows (rows x k) and `rows[i]` the data row of example i.
 */
export function logLoss(probs: Float64Array, k: number, rows: ArrayLike<number>, label: ArrayLike<number>): number {
  const n = rows.length;
  if (n === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const p = probs[rows[i] * k + label[i]];
    sum -= Math.log(p > LOG_LOSS_EPS ? p : LOG_LOSS_EPS);
  }
  return sum / n;
}

/** Mean and sample standard deviation (n - 1; NaN for fewer than two values), min and max. */
export function summarize(values: ArrayLike<number>): { mean: number; std: number; min: number; max: number } {
  const n = values.length;
  if (n === 0) return { mean: NaN, std: NaN, min: NaN, max: NaN };
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[i] - mean) * (values[i] - mean);
  return { mean, std: n < 2 ? NaN : Math.sqrt(squares / (n - 1)), min, max };
}
