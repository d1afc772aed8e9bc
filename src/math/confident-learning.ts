/**
 * Confident learning (Northcutt, Jiang and Chuang, "Confident Learning: Estimating Uncertainty
 * in Dataset Labels", JAIR 70, 2021): finds rows whose given label is likely wrong from
 * out-of-sample predicted probabilities.
 *
 * 1. Per-class thresholds t[c]: the mean predicted probability of class c over the rows labelled c.
 * 2. The confident joint C[i][j]: rows labelled i whose probability of class j reaches t[j]
 *    (the most probable class when several do), calibrated so that row i sums to the number of
 *    rows labelled i and the whole matrix to the number of rows.
 * 3. Pruning by noise rate: for every off-diagonal cell C[i][j], the C[i][j] rows labelled i with
 *    the largest margin p[j] - p[i] are flagged; rows whose most probable class is their given
 *    label are then cleared.
 * 4. Flagged rows are ranked by a label-quality score (self-confidence or normalised margin).
 *
 * The defaults follow the behaviour of cleanlab 2.x `filter.find_label_issues` (filter_by
 * 'prune_by_noise_rate') so that results can be compared with it; the implementation is our own
 * and runs in time linear in rows x classes: per (class, class) pair a selection, never a sort of
 * all rows. Pure functions on typed arrays: probabilities are row-major (rows x k), labels are
 * class indices with -1 for rows left out of the analysis.
 */

export type QualityMethod = 'self_confidence' | 'normalized_margin';

/** Fuzzy comparison used when testing a probability against a threshold. */
export const THRESHOLD_EPSILON = 1e-6;
/** Thresholds are never below this, so a class with near-zero probabilities still needs some. */
export const THRESHOLD_FLOOR = 2e-6;
/** Threshold of a class nobody is labelled with: unreachable, so no row is counted into it. */
export const ABSENT_CLASS_THRESHOLD = 2;

export interface PreparedInputs {
  /** Clean probabilities: non-negative, each analysed row summing to 1 (the input array when it already was). */
  probs: Float64Array;
  /** Given labels with -1 for rows that cannot be analysed (no label, or no valid probabilities). */
  labels: Int32Array;
  /** Rows analysed. */
  analysed: number;
  /** Rows whose probabilities had to be renormalised or clipped (slightly-off exports). */
  renormalised: number;
}

/**
 * Makes probabilities safe to use: negative values are clipped to 0 and rows that do not sum to 1
 * are renormalised (exported files often carry 1.00001 or -1e-9). Rows with a non-finite value or
 * nothing positive are left out (label -1). Copies only when something has to change.
 */
export function prepareInputs(probs: Float64Array, labels: Int32Array, k: number): PreparedInputs {
  const n = labels.length;
  if (probs.length !== n * k) throw new Error(`probabilities have ${probs.length} values, expected ${n} x ${k}`);
  let out = probs;
  let outLabels = labels;
  let analysed = 0;
  let renormalised = 0;
  for (let row = 0; row < n; row++) {
    const label = labels[row];
    if (label < 0) continue;
    const offset = row * k;
    let sum = 0;
    let finite = true;
    let negative = false;
    for (let c = 0; c < k; c++) {
      const p = probs[offset + c];
      if (!Number.isFinite(p)) {
        finite = false;
        break;
      }
      if (p < 0) negative = true;
      else sum += p;
    }
    if (!finite || sum <= 0 || label >= k) {
      if (outLabels === labels) outLabels = Int32Array.from(labels);
      outLabels[row] = -1;
      continue;
    }
    analysed++;
    if (negative || Math.abs(sum - 1) > 1e-12) {
      if (out === probs) out = Float64Array.from(probs);
      for (let c = 0; c < k; c++) {
        const p = probs[offset + c];
        out[offset + c] = p > 0 ? p / sum : 0;
      }
      renormalised++;
    }
  }
  return { probs: out, labels: outLabels, analysed, renormalised };
}

/** Number of analysed rows per given class. */
export function labelCounts(labels: Int32Array, k: number): number[] {
  const counts = new Array<number>(k).fill(0);
  for (let row = 0; row < labels.length; row++) {
    const label = labels[row];
    if (label >= 0 && label < k) counts[label]++;
  }
  return counts;
}

/** Per-class threshold: mean self-confidence of the rows given that label (floored), or 2 for an absent class. */
export function confidentThresholds(probs: Float64Array, labels: Int32Array, k: number): Float64Array {
  const sums = new Float64Array(k);
  const counts = new Float64Array(k);
  for (let row = 0; row < labels.length; row++) {
    const label = labels[row];
    if (label < 0) continue;
    sums[label] += probs[row * k + label];
    counts[label]++;
  }
  const thresholds = new Float64Array(k);
  for (let c = 0; c < k; c++) thresholds[c] = counts[c] === 0 ? ABSENT_CLASS_THRESHOLD : Math.max(sums[c] / counts[c], THRESHOLD_FLOOR);
  return thresholds;
}

/** Index of the largest probability of a row; ties go to the lowest class. */
export function rowArgmax(probs: Float64Array, row: number, k: number): number {
  const offset = row * k;
  let best = 0;
  let bestValue = probs[offset];
  for (let c = 1; c < k; c++) {
    const p = probs[offset + c];
    if (p > bestValue) {
      bestValue = p;
      best = c;
    }
  }
  return best;
}

/**
 * The raw confident joint: counts[i][j] is the number of rows given label i that are confidently
 * class j (p[j] >= t[j] - epsilon; with several such classes, the most probable class of the row).
 * Rows with no confident class are not counted. Every diagonal cell is at least 1.
 */
export function confidentJoint(probs: Float64Array, labels: Int32Array, k: number, thresholds: Float64Array): number[][] {
  const counts = new Float64Array(k * k);
  const limits = new Float64Array(k);
  for (let c = 0; c < k; c++) limits[c] = thresholds[c] - THRESHOLD_EPSILON;
  for (let row = 0; row < labels.length; row++) {
    const label = labels[row];
    if (label < 0) continue;
    const offset = row * k;
    let confident = 0;
    let firstConfident = -1;
    let best = 0;
    let bestValue = probs[offset];
    for (let c = 0; c < k; c++) {
      const p = probs[offset + c];
      if (p >= limits[c]) {
        confident++;
        if (firstConfident < 0) firstConfident = c;
      }
      if (p > bestValue) {
        bestValue = p;
        best = c;
      }
    }
    if (confident === 0) continue;
    counts[label * k + (confident === 1 ? firstConfident : best)]++;
  }
  const joint: number[][] = [];
  for (let i = 0; i < k; i++) {
    const row = Array.from(counts.subarray(i * k, (i + 1) * k));
    row[i] = Math.max(row[i], 1);
    joint.push(row);
  }
  return joint;
}

/** Rounds half to even, as numpy's round does. */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * Rounds each value to an integer so that the integers add up to the rounded total: rounds
 * every value, then moves the shortfall (or excess) one unit at a time onto the values whose
 * rounding lost (or gained) the most. Ties: when adding, the later index first; when removing,
 * the earlier index first (the order cleanlab's rounding produces for small vectors).
 */
export function roundPreservingSum(values: readonly number[]): number[] {
  const ints = values.map(roundHalfEven);
  const target = roundHalfEven(values.reduce((a, b) => a + b, 0));
  let total = ints.reduce((a, b) => a + b, 0);
  while (Math.abs(total - target) > 1e-6) {
    const diff = roundHalfEven(target - total);
    const step = diff < 0 ? -1 : 1;
    const changes = Math.min(Math.abs(diff), values.length);
    const order = values.map((_, index) => index);
    const residual = values.map((value, index) => value - ints[index]);
    // Ascending residual, ties by index; reversed when adding so the largest residual comes first.
    order.sort((a, b) => residual[a] - residual[b] || a - b);
    if (step > 0) order.reverse();
    for (let t = 0; t < changes; t++) ints[order[t]] += step;
    total = ints.reduce((a, b) => a + b, 0);
  }
  return ints;
}

/**
 * Calibrates a confident joint to the given labels: row i is rescaled to the number of rows
 * labelled i, the whole matrix to the number of rows, and each row is rounded to integers that
 * keep its total. The result estimates the joint counts of (given label, true label).
 */
export function calibrateConfidentJoint(joint: readonly (readonly number[])[], counts: readonly number[]): number[][] {
  const k = joint.length;
  const tiny = 1e-100;
  const scaled = joint.map((row, i) => {
    const sum = row.reduce((a, b) => a + b, 0);
    return row.map((value) => (value / Math.max(sum, tiny)) * counts[i]);
  });
  const total = scaled.reduce((a, row) => a + row.reduce((b, v) => b + v, 0), 0);
  const labelled = counts.reduce((a, b) => a + b, 0);
  const factor = labelled / Math.max(total, tiny);
  const out: number[][] = [];
  for (let i = 0; i < k; i++) out.push(roundPreservingSum(scaled[i].map((value) => value * factor)));
  return out;
}

/**
 * How many rows to prune per (given, true) cell: the calibrated joint, except that a class whose
 * diagonal is below `minPerClass` keeps that many rows, the difference being taken evenly off
 * its non-zero off-diagonal cells (truncated to integers).
 */
export function pruneCounts(calibrated: readonly (readonly number[])[], minPerClass: number): number[][] {
  const k = calibrated.length;
  return calibrated.map((row, i) => {
    if (row[i] >= minPerClass) return row.slice();
    const deficit = minPerClass - row[i];
    let nonZero = 0;
    for (let j = 0; j < k; j++) if (row[j] !== 0) nonZero++;
    const share = deficit / Math.max(nonZero - 1, 1);
    return row.map((value, j) => (j === i ? minPerClass : Math.trunc(Math.max(value - share, 0))));
  });
}

export interface NoiseEstimate {
  /** Estimated share of analysed rows whose given label is wrong: 1 - trace / total of the calibrated joint. */
  noiseRate: number;
  /** Estimated wrong labels among the rows given each class: count and share of that class. */
  perClass: { count: number; share: number }[];
  /** P(given = i | true = j): column-normalised calibrated joint. */
  noiseMatrix: number[][];
  /** P(true = j | given = i): row-normalised calibrated joint. */
  inverseNoiseMatrix: number[][];
}

export function estimateNoise(calibrated: readonly (readonly number[])[]): NoiseEstimate {
  const k = calibrated.length;
  let total = 0;
  let trace = 0;
  const rowSums = new Array<number>(k).fill(0);
  const colSums = new Array<number>(k).fill(0);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      total += calibrated[i][j];
      rowSums[i] += calibrated[i][j];
      colSums[j] += calibrated[i][j];
    }
    trace += calibrated[i][i];
  }
  return {
    noiseRate: total === 0 ? 0 : (total - trace) / total,
    perClass: calibrated.map((row, i) => ({ count: rowSums[i] - row[i], share: rowSums[i] === 0 ? 0 : (rowSums[i] - row[i]) / rowSums[i] })),
    noiseMatrix: calibrated.map((row) => row.map((value, j) => (colSums[j] === 0 ? 0 : value / colSums[j]))),
    inverseNoiseMatrix: calibrated.map((row, i) => row.map((value) => (rowSums[i] === 0 ? 0 : value / rowSums[i]))),
  };
}

/**
 * The value that would sit at position `rank` (0-based) if `values[0..length)` were sorted in
 * descending order. Reorders `values` in place. Expected linear time: median-of-three pivot and
 * three-way partitioning, so runs of equal values (hard votes) do not degrade it.
 */
export function selectDescending(values: Float64Array, length: number, rank: number): number {
  let lo = 0;
  let hi = length - 1;
  for (;;) {
    if (lo === hi) return values[lo];
    const mid = (lo + hi) >>> 1;
    const a = values[lo];
    const b = values[mid];
    const c = values[hi];
    const pivot = a > b ? (b > c ? b : a > c ? c : a) : a > c ? a : b > c ? c : b;
    // Partition into [> pivot][== pivot][< pivot].
    let lt = lo;
    let i = lo;
    let gt = hi;
    while (i <= gt) {
      const v = values[i];
      if (v > pivot) {
        values[i] = values[lt];
        values[lt] = v;
        lt++;
        i++;
      } else if (v < pivot) {
        values[i] = values[gt];
        values[gt] = v;
        gt--;
      } else {
        i++;
      }
    }
    if (rank < lt) hi = lt - 1;
    else if (rank > gt) lo = gt + 1;
    else return pivot;
  }
}

/** Buckets of the margin histogram used to find each cell's cut without sorting. */
const MARGIN_BUCKETS = 4096;

/**
 * Prune by noise rate: for every given class i and every other class j, flags the counts[i][j]
 * rows labelled i with the largest margin p[j] - p[i] (ties: lower rows first). Classes with at
 * most `minPerClass` rows are left alone. Rows whose most probable class is their given label are
 * cleared at the end. Returns a 0/1 mask over all rows.
 *
 * Linear time: each class's probabilities are gathered once into columns; per cell, one pass
 * builds a histogram of the margins, the bucket holding the cut is found from the top, and only
 * the rows in or above that bucket are selected exactly.
 */
export function pruneByNoiseRate(probs: Float64Array, labels: Int32Array, k: number, counts: readonly (readonly number[])[], minPerClass = 1): Uint8Array {
  const n = labels.length;
  const mask = new Uint8Array(n);
  // Rows grouped by given class (counting sort), in row order within a class.
  const sizes = new Int32Array(k);
  for (let row = 0; row < n; row++) if (labels[row] >= 0) sizes[labels[row]]++;
  const starts = new Int32Array(k + 1);
  for (let c = 0; c < k; c++) starts[c + 1] = starts[c] + sizes[c];
  const grouped = new Int32Array(starts[k]);
  const fill = starts.slice(0, k);
  for (let row = 0; row < n; row++) if (labels[row] >= 0) grouped[fill[labels[row]]++] = row;
  let largest = 0;
  for (let c = 0; c < k; c++) largest = Math.max(largest, sizes[c]);
  const columns = new Float64Array(largest * k);
  const margins = new Float64Array(largest);
  const buckets = new Uint16Array(largest);
  const histogram = new Int32Array(MARGIN_BUCKETS);
  const candidates = new Int32Array(largest);
  const scratch = new Float64Array(largest);
  const scale = MARGIN_BUCKETS / 2;

  for (let i = 0; i < k; i++) {
    const size = sizes[i];
    if (size <= minPerClass) continue;
    let any = false;
    for (let j = 0; j < k; j++) if (j !== i && counts[i][j] > 0) any = true;
    if (!any) continue;
    const start = starts[i];
    // Column-major copy of this class's rows: columns[c * size + t].
    for (let t = 0; t < size; t++) {
      const offset = grouped[start + t] * k;
      for (let c = 0; c < k; c++) columns[c * size + t] = probs[offset + c];
    }
    const own = i * size;
    for (let j = 0; j < k; j++) {
      const take = j === i ? 0 : counts[i][j];
      if (take <= 0) continue;
      if (take >= size) {
        for (let t = 0; t < size; t++) mask[grouped[start + t]] = 1;
        continue;
      }
      const other = j * size;
      histogram.fill(0);
      for (let t = 0; t < size; t++) {
        const m = columns[other + t] - columns[own + t];
        margins[t] = m;
        let b = Math.floor((m + 1) * scale);
        if (!(b >= 0)) b = 0;
        else if (b >= MARGIN_BUCKETS) b = MARGIN_BUCKETS - 1;
        buckets[t] = b;
        histogram[b]++;
      }
      // The bucket holding the take-th largest margin.
      let floor = MARGIN_BUCKETS - 1;
      let seen = histogram[floor];
      while (seen < take) seen += histogram[--floor];
      let found = 0;
      for (let t = 0; t < size; t++) {
        if (buckets[t] >= floor) {
          candidates[found] = t;
          scratch[found] = margins[t];
          found++;
        }
      }
      const cut = selectDescending(scratch, found, take - 1);
      let above = 0;
      for (let u = 0; u < found; u++) if (margins[candidates[u]] > cut) above++;
      let ties = take - above;
      for (let u = 0; u < found; u++) {
        const t = candidates[u];
        const m = margins[t];
        if (m > cut || (m === cut && ties-- > 0)) mask[grouped[start + t]] = 1;
      }
    }
  }
  for (let row = 0; row < n; row++) {
    if (mask[row] && rowArgmax(probs, row, k) === labels[row]) mask[row] = 0;
  }
  return mask;
}

/** Label-quality score of one row: lower means the given label is less likely right. In [0, 1]. */
export function labelQuality(probs: Float64Array, row: number, label: number, k: number, method: QualityMethod): number {
  const offset = row * k;
  const self = probs[offset + label];
  if (method === 'self_confidence') return self;
  let other = -Infinity;
  for (let c = 0; c < k; c++) if (c !== label && probs[offset + c] > other) other = probs[offset + c];
  if (other === -Infinity) other = 0;
  return (self - other + 1) / 2;
}

/** Orders rows by label quality, lowest first (ties by row). Sorts only the given rows. */
export function rankByQuality(
  probs: Float64Array,
  labels: Int32Array,
  k: number,
  rows: ArrayLike<number>,
  method: QualityMethod,
): { rows: Int32Array; scores: Float64Array } {
  const m = rows.length;
  const raw = new Float64Array(m);
  const order = new Array<number>(m);
  for (let t = 0; t < m; t++) {
    raw[t] = labelQuality(probs, rows[t], labels[rows[t]], k, method);
    order[t] = t;
  }
  order.sort((a, b) => raw[a] - raw[b] || rows[a] - rows[b]);
  const rankedRows = new Int32Array(m);
  const scores = new Float64Array(m);
  for (let t = 0; t < m; t++) {
    rankedRows[t] = rows[order[t]];
    scores[t] = raw[order[t]];
  }
  return { rows: rankedRows, scores };
}

export interface LabelIssueOptions {
  /** Score used to rank the flagged rows (cleanlab's default for ranking: self_confidence). */
  method?: QualityMethod;
  /** A class keeps at least this many rows; classes with no more rows than this are not pruned. */
  minPerClass?: number;
}

export interface LabelIssues {
  /** Flagged rows, most likely error first. */
  rows: Int32Array;
  /** Label-quality score of each flagged row (same order). */
  scores: Float64Array;
  /** Most probable class of each flagged row (same order): the suggested label. */
  suggested: Int32Array;
  thresholds: Float64Array;
  /** Raw confident joint (given x true), diagonal at least 1. */
  joint: number[][];
  /** Confident joint calibrated to the label counts (given x true). */
  calibrated: number[][];
  noise: NoiseEstimate;
  labelCounts: number[];
  analysed: number;
  renormalised: number;
}

/** Confident learning end to end: thresholds, joint, calibration, pruning by noise rate, ranking. */
export function findLabelIssues(probs: Float64Array, labels: Int32Array, k: number, options: LabelIssueOptions = {}): LabelIssues {
  const method = options.method ?? 'self_confidence';
  const minPerClass = options.minPerClass ?? 1;
  const prepared = prepareInputs(probs, labels, k);
  const p = prepared.probs;
  const given = prepared.labels;
  const counts = labelCounts(given, k);
  const thresholds = confidentThresholds(p, given, k);
  const joint = confidentJoint(p, given, k, thresholds);
  const calibrated = calibrateConfidentJoint(joint, counts);
  const mask = pruneByNoiseRate(p, given, k, pruneCounts(calibrated, minPerClass), minPerClass);
  let flagged = 0;
  for (let row = 0; row < mask.length; row++) flagged += mask[row];
  const candidates = new Int32Array(flagged);
  for (let row = 0, t = 0; row < mask.length; row++) if (mask[row]) candidates[t++] = row;
  const ranked = rankByQuality(p, given, k, candidates, method);
  const suggested = new Int32Array(ranked.rows.length);
  for (let t = 0; t < suggested.length; t++) suggested[t] = rowArgmax(p, ranked.rows[t], k);
  return {
    rows: ranked.rows,
    scores: ranked.scores,
    suggested,
    thresholds,
    joint,
    calibrated,
    noise: estimateNoise(calibrated),
    labelCounts: counts,
    analysed: prepared.analysed,
    renormalised: prepared.renormalised,
  };
}
