/**
 * How well one column predicts a target (the label, or the model's prediction) on its own:
 * Goodman and Kruskal's lambda, the share of the errors of always guessing the most frequent
 * target that guessing the most frequent target of the row's column value removes.
 * lambda = (sum over values of the largest cell - largest target total) / (n - largest target total).
 */

export interface ProxyStrength {
  /** Accuracy of predicting the target by the most frequent target of each column value. */
  accuracy: number;
  /** Accuracy of always predicting the most frequent target. */
  baseline: number;
  /** Goodman and Kruskal's lambda (0: no help over the baseline, 1: the column determines the target). */
  lambda: number;
  rows: number;
}

/**
 * `codes` and `target` are per data row (-1: none); only `rows` count, and only those with both
 * a column value and a target. `levels` and `classes` bound the codes. Null with fewer than two
 * target values among the counted rows (nothing to predict).
 */
export function proxyStrength(codes: Int32Array, levels: number, target: Int32Array, classes: number, rows: Int32Array): ProxyStrength | null {
  const cells = new Float64Array(levels * classes);
  const totals = new Float64Array(classes);
  let n = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const level = codes[row];
    const t = target[row];
    if (level < 0 || t < 0) continue;
    cells[level * classes + t]++;
    totals[t]++;
    n++;
  }
  let largestTotal = 0;
  let present = 0;
  for (let c = 0; c < classes; c++) {
    if (totals[c] > 0) present++;
    largestTotal = Math.max(largestTotal, totals[c]);
  }
  if (present < 2) return null;
  let correct = 0;
  for (let level = 0; level < levels; level++) {
    let largest = 0;
    for (let c = 0; c < classes; c++) largest = Math.max(largest, cells[level * classes + c]);
    correct += largest;
  }
  return { accuracy: correct / n, baseline: largestTotal / n, lambda: (correct - largestTotal) / (n - largestTotal), rows: n };
}
