/**
 * Ensembles of runs (seeds): averaged class probabilities, or a majority vote of predicted
 * classes. Inputs are row-major like `Run.probs` (rows x k, NaN where a run has no record) and
 * `Run.pred` (-1 where absent); each row averages over the runs that cover it.
 */

/**
 * Mean of the runs' probability vectors per row, over the runs with a finite vector for that
 * row; NaN for rows no run covers. `rows` restricts the work to those rows (others stay NaN).
 */
export function averageProbabilities(runs: readonly Float64Array[], k: number, rows?: ArrayLike<number>): Float64Array {
  if (runs.length === 0) throw new RangeError('an ensemble needs at least one run');
  const rowCount = runs[0].length / k;
  const out = new Float64Array(rowCount * k);
  const count = rows ? rows.length : rowCount;
  const covering = new Float64Array(count);
  // One pass per run over contiguous memory, then one division pass.
  for (const probs of runs) {
    for (let index = 0; index < count; index++) {
      const offset = (rows ? rows[index] : index) * k;
      if (!Number.isFinite(probs[offset])) continue;
      for (let c = 0; c < k; c++) out[offset + c] += probs[offset + c];
      covering[index]++;
    }
  }
  if (rows) {
    // rows outside the selection stay NaN
    const selected = new Uint8Array(rowCount);
    for (let index = 0; index < count; index++) selected[rows[index]] = 1;
    for (let row = 0; row < rowCount; row++) if (!selected[row]) out.fill(NaN, row * k, row * k + k);
  }
  for (let index = 0; index < count; index++) {
    const offset = (rows ? rows[index] : index) * k;
    const n = covering[index];
    if (n === 0) out.fill(NaN, offset, offset + k);
    else for (let c = 0; c < k; c++) out[offset + c] /= n;
  }
  return out;
}

/** Index of the largest probability per row (ties to the lowest index, as numpy.argmax); -1 for NaN rows. */
export function argmaxRows(probs: Float64Array, k: number): Int32Array {
  const rowCount = probs.length / k;
  const out = new Int32Array(rowCount);
  for (let row = 0; row < rowCount; row++) {
    const offset = row * k;
    if (!Number.isFinite(probs[offset])) {
      out[row] = -1;
      continue;
    }
    let best = 0;
    for (let c = 1; c < k; c++) if (probs[offset + c] > probs[offset + best]) best = c;
    out[row] = best;
  }
  return out;
}

/**
 * Majority (plurality) vote of the runs' predicted classes per row, over the runs with a
 * prediction (>= 0) for that row; -1 where none has one. Ties go to the tied class with the
 * highest mean probability when `meanProbs` (rows x k) is given and finite for the row, and
 * otherwise to the lowest class index.
 */
export function majorityVote(runs: readonly Int32Array[], k: number, meanProbs?: Float64Array | null): Int32Array {
  if (runs.length === 0) throw new RangeError('a vote needs at least one run');
  const rowCount = runs[0].length;
  const out = new Int32Array(rowCount);
  const votes = new Int32Array(k);
  for (let row = 0; row < rowCount; row++) {
    votes.fill(0);
    let any = false;
    for (const pred of runs) {
      const c = pred[row];
      if (c >= 0) {
        votes[c]++;
        any = true;
      }
    }
    if (!any) {
      out[row] = -1;
      continue;
    }
    let best = 0;
    const offset = row * k;
    const useProbs = meanProbs != null && Number.isFinite(meanProbs[offset]);
    for (let c = 1; c < k; c++) {
      if (votes[c] > votes[best]) best = c;
      else if (votes[c] === votes[best] && useProbs && meanProbs[offset + c] > meanProbs[offset + best]) best = c;
    }
    out[row] = best;
  }
  return out;
}
