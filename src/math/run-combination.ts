/** Several runs as one input to confident learning: averaged probabilities (or vote shares), and how many runs disagree with a label. */
import { rowArgmax } from './confident-learning.js';

/** One run as the combination step sees it (a subset of the data model's Run). */
export interface RunPredictions {
  covered: Uint8Array;
  probs: Float64Array | null;
  pred: Int32Array | null;
}

export interface CombinedRuns {
  /** Row-major probabilities (NaN where no run contributes). */
  probs: Float64Array;
  /** Where they came from: averaged probabilities, or the shares of the runs' votes. */
  source: 'probabilities' | 'votes';
  /** Runs that contributed. */
  runsUsed: number;
  /** Per row: how many runs contributed. */
  coverage: Int32Array;
}

/**
 * Combines the runs into one probability matrix: the mean of the probabilities of the runs that
 * cover each row; without any probabilities, the share of the covering runs' votes for each class.
 * A single run with probabilities and full coverage is returned as is (no copy).
 */
export function combineRuns(runs: readonly RunPredictions[], rowCount: number, k: number): CombinedRuns | null {
  const withProbs = runs.filter((run) => run.probs !== null);
  const source = withProbs.length > 0 ? 'probabilities' : 'votes';
  const used = source === 'probabilities' ? withProbs : runs.filter((run) => run.pred !== null);
  if (used.length === 0) return null;
  const coverage = new Int32Array(rowCount);
  if (source === 'probabilities') {
    for (const run of used) {
      const covered = run.covered;
      const probs = run.probs!;
      for (let row = 0; row < rowCount; row++) if (covered[row] && probs[row * k] === probs[row * k]) coverage[row]++;
    }
    if (used.length === 1) return { probs: used[0].probs!, source, runsUsed: 1, coverage };
  }
  const sums = new Float64Array(rowCount * k);
  if (source === 'probabilities') {
    for (const run of used) {
      const covered = run.covered;
      const probs = run.probs!;
      for (let row = 0; row < rowCount; row++) {
        const offset = row * k;
        // NaN (a row the run has no record for) fails the self-comparison.
        if (!covered[row] || probs[offset] !== probs[offset]) continue;
        for (let c = 0; c < k; c++) sums[offset + c] += probs[offset + c];
      }
    }
  } else {
    for (const run of used) {
      const covered = run.covered;
      const pred = run.pred!;
      for (let row = 0; row < rowCount; row++) {
        const vote = pred[row];
        if (!covered[row] || vote < 0 || vote >= k) continue;
        sums[row * k + vote] += 1;
        coverage[row]++;
      }
    }
  }
  for (let row = 0; row < rowCount; row++) {
    const offset = row * k;
    const count = coverage[row];
    if (count === 0) {
      for (let c = 0; c < k; c++) sums[offset + c] = NaN;
    } else if (count > 1) {
      const scale = 1 / count;
      for (let c = 0; c < k; c++) sums[offset + c] *= scale;
    }
  }
  return { probs: sums, source, runsUsed: used.length, coverage };
}

/**
 * Agreement across runs that a row's label is wrong: the share of the runs covering the row whose
 * predicted class differs from the given label (NaN when no run predicts the row).
 */
export function runDisagreement(runs: readonly RunPredictions[], labels: Int32Array, k: number, rows: ArrayLike<number>): Float64Array {
  const out = new Float64Array(rows.length);
  for (let t = 0; t < rows.length; t++) {
    const row = rows[t];
    let voters = 0;
    let against = 0;
    for (const run of runs) {
      if (!run.covered[row]) continue;
      let pred = -1;
      if (run.pred) pred = run.pred[row];
      else if (run.probs && !Number.isNaN(run.probs[row * k])) pred = rowArgmax(run.probs, row, k);
      if (pred < 0) continue;
      voters++;
      if (pred !== labels[row]) against++;
    }
    out[t] = voters === 0 ? NaN : against / voters;
  }
  return out;
}
