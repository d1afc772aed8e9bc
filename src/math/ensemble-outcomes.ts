/** Per row, what the runs' ensemble got right: the outcomes the slice statistics count. */
import type { Labels, Predictions } from '../data/model.js';

/** What the model got right per row: the runs' ensemble. */
export interface Outcomes {
  /** Rows with a label and an outcome, ascending. */
  rows: Int32Array;
  /** True when every row of `rows` has a predicted class (not only a `correct`/`score`). */
  classes: boolean;
  /** Ensemble predicted class per row (-1 when only per-example scores were given). */
  pred: Int32Array;
  /** 1 where the ensemble is wrong (on `rows`). */
  wrong: Uint8Array;
  method: string;
}

/**
 * The runs' ensemble per row: the mean of the class probabilities of the runs covering the row
 * when they all have probabilities, else the majority vote of their predicted classes (ties to
 * the lowest class index); a single run is taken as it is. Rows where the runs give only
 * `correct`/`score` are wrong when the mean score is below 0.5.
 */
export function ensembleOutcomes(labels: Labels, predictions: Predictions): Outcomes {
  const n = labels.codes.length;
  const k = predictions.classes.length;
  const runs = predictions.runs;
  const pred = new Int32Array(n).fill(-1);
  const wrong = new Uint8Array(n);
  // Run by run (sequential memory): how many runs cover each row, how many with probabilities, and their sum.
  const covering = new Uint8Array(n);
  const withProbabilities = new Uint8Array(n);
  const sums = runs.length > 1 && predictions.hasProbabilities ? new Float64Array(n * k) : null;
  for (const run of runs) {
    const { covered, probs } = run;
    for (let row = 0; row < n; row++) {
      if (!covered[row]) continue;
      covering[row]++;
      if (sums && probs && Number.isFinite(probs[row * k])) {
        withProbabilities[row]++;
        const offset = row * k;
        for (let c = 0; c < k; c++) sums[offset + c] += probs[offset + c];
      }
    }
  }
  const eligible: number[] = [];
  const votes = new Int32Array(k);
  let byProbabilities = 0;
  let byVote = 0;
  let byScore = 0;
  for (let row = 0; row < n; row++) {
    const label = labels.codes[row];
    if (covering[row] === 0) continue;
    let predicted = -1;
    // Without a label only the runs' correct/score can say whether the row was right.
    if (label < 0) {
      /* fall through to the scores */
    } else if (sums && withProbabilities[row] === covering[row]) {
      const offset = row * k;
      predicted = 0;
      for (let c = 1; c < k; c++) if (sums[offset + c] > sums[offset + predicted]) predicted = c;
      byProbabilities++;
    } else {
      votes.fill(0);
      let voters = 0;
      for (const run of runs) {
        if (!run.covered[row] || !run.pred || run.pred[row] < 0) continue;
        votes[run.pred[row]]++;
        voters++;
      }
      if (voters > 0) {
        predicted = 0;
        for (let c = 1; c < k; c++) if (votes[c] > votes[predicted]) predicted = c;
        byVote++;
      }
    }
    if (predicted >= 0) {
      pred[row] = predicted;
      wrong[row] = predicted === label ? 0 : 1;
      eligible.push(row);
      continue;
    }
    let total = 0;
    let scored = 0;
    for (const run of runs) {
      if (!run.covered[row] || !run.score || !Number.isFinite(run.score[row])) continue;
      total += run.score[row];
      scored++;
    }
    if (scored === 0) continue;
    wrong[row] = total / scored < 0.5 ? 1 : 0;
    eligible.push(row);
    byScore++;
  }
  let method: string;
  if (runs.length === 1) method = 'single run';
  else if (byVote === 0 && byScore === 0) method = 'mean of probabilities';
  else if (byProbabilities === 0 && byScore === 0) method = 'majority vote';
  else if (byProbabilities === 0 && byVote === 0) method = 'mean score';
  else method = 'mixed';
  return { rows: Int32Array.from(eligible), classes: byScore === 0, pred, wrong, method };
}

/** A column as codes: categorical values, or quantile bins for a numeric column with many values; missing cells are their own value. */
