/**
 * The performance check's measurement for `rebalance`: does re-weighting the classes'
 * probabilities raise accuracy on rows the weights were not fitted on? Each run's probabilities on
 * the evaluation rows get one weight per class (prior correction, math/prior-correction.ts),
 * cross-fitted over stratified folds; the gain is paired with the uncorrected predictions on the
 * same rows, with a bootstrap over rows and runs.
 */
import type { Labels, Run } from '../../data/model.js';
import { crossFitPriorCorrection } from '../../math/prior-correction.js';
import { pairedBootstrap } from '../../math/paired-comparison.js';
import { sharedRows } from '../../math/coverage.js';
import { classCounts, classificationReport } from '../../math/classification-metrics.js';
import { recordOf } from '../../own-keys.js';

export interface PriorCorrection {
  rows: number;
  runs: number;
  folds: number;
  /** Mean over runs of accuracy before and after (held-out folds), and the gain with its interval. */
  accuracyBefore: number;
  accuracyAfter: number;
  gain: number;
  gainInterval: [number, number];
  gainStandardError: number;
  balancedAccuracyBefore: number;
  balancedAccuracyAfter: number;
  /** The weights fitted on every evaluation row (geometric mean 1), averaged over the runs in log space: what to apply now. */
  weights: Record<string, number>;
  /** Share of the rows predicted as each class, and share labelled so, before the correction (mean over runs). */
  predictedShare: Record<string, number>;
  labelShare: Record<string, number>;
  resamples: number;
  method: string;
}

/** Rows with a label and probabilities in every run; null when fewer than `minRows`. */
function usableRows(runs: readonly Run[], labels: Labels, k: number, minRows: number): Int32Array | null {
  const shared = sharedRows(
    runs.map((run) => run.covered),
    (row) => labels.codes[row] >= 0 && runs.every((run) => Number.isFinite(run.probs![row * k])),
  );
  return shared.rows.length >= minRows ? shared.rows : null;
}

const balanced = (label: Int32Array, pred: Int32Array, k: number) => classificationReport(classCounts(label, pred, k)).balancedAccuracy;

/**
 * Cross-fitted prior correction of every run with probabilities; null when fewer than `minRows`
 * labelled rows are predicted by every such run, or there are too many classes to fit.
 */
export function measurePriorCorrection(
  runs: readonly Run[],
  labels: Labels,
  options: { folds: number; seed: number; resamples: number; minRows: number; maxClasses: number },
): PriorCorrection | null {
  const k = labels.classes.length;
  const withProbs = runs.filter((run) => run.probs !== null);
  if (withProbs.length === 0 || k < 2 || k > options.maxClasses) return null;
  const rows = usableRows(withProbs, labels, k, Math.max(options.minRows, options.folds * 2));
  if (!rows) return null;
  const n = rows.length;
  const y = Int32Array.from(rows, (row) => labels.codes[row]);
  const before: Uint8Array[] = [];
  const after: Uint8Array[] = [];
  const logWeights = new Float64Array(k);
  const predictedCounts = new Float64Array(k);
  let balancedBefore = 0;
  let balancedAfter = 0;
  withProbs.forEach((run, r) => {
    const probs = run.probs!;
    const corrected = crossFitPriorCorrection(probs, k, rows, labels.codes, { folds: options.folds, seed: options.seed + r });
    const predBefore = new Int32Array(n);
    const hitBefore = new Uint8Array(n);
    const hitAfter = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const offset = rows[i] * k;
      let best = 0;
      for (let c = 1; c < k; c++) if (probs[offset + c] > probs[offset + best]) best = c;
      predBefore[i] = best;
      predictedCounts[best]++;
      hitBefore[i] = best === y[i] ? 1 : 0;
      hitAfter[i] = corrected.pred[i] === y[i] ? 1 : 0;
    }
    before.push(hitBefore);
    after.push(hitAfter);
    balancedBefore += balanced(y, predBefore, k);
    balancedAfter += balanced(y, corrected.pred, k);
    for (let c = 0; c < k; c++) logWeights[c] += corrected.bias[c] / withProbs.length;
  });
  const paired = pairedBootstrap(before, after, { resamples: options.resamples, seed: options.seed });
  const R = withProbs.length;
  const labelCounts = new Float64Array(k);
  for (const c of y) labelCounts[c]++;
  const byClass = (value: (c: number) => number): Record<string, number> =>
    recordOf(
      labels.classes,
      labels.classes.map((_, c) => value(c)),
    );
  return {
    rows: n,
    runs: R,
    folds: options.folds,
    accuracyBefore: paired.baselineRuns.reduce((a, b) => a + b, 0) / R,
    accuracyAfter: paired.candidateRuns.reduce((a, b) => a + b, 0) / R,
    gain: paired.difference,
    gainInterval: paired.interval,
    gainStandardError: paired.standardError,
    balancedAccuracyBefore: balancedBefore / R,
    balancedAccuracyAfter: balancedAfter / R,
    weights: byClass((c) => Math.exp(logWeights[c])),
    predictedShare: byClass((c) => predictedCounts[c] / (n * R)),
    labelShare: byClass((c) => labelCounts[c] / n),
    resamples: paired.resamples,
    method:
      'class weights on the probabilities, fitted by log loss on 4 of 5 stratified folds of the evaluation rows and applied to the fifth; paired bootstrap over rows and runs',
  };
}

/** The classes whose weights move most (largest |log w| first), for the wording. */
export function strongestWeights(weights: Record<string, number>, limit = 3): { class: string; weight: number }[] {
  return Object.entries(weights)
    .map(([name, weight]) => ({ class: name, weight }))
    .sort((a, b) => Math.abs(Math.log(b.weight)) - Math.abs(Math.log(a.weight)) || (a.class < b.class ? -1 : 1))
    .slice(0, limit);
}
