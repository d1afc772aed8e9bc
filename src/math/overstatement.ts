/**
 * How much some rows inflate a measured accuracy: accuracy over all evaluation rows minus accuracy
 * without the flagged ones (leaked copies of training rows, say), with a bootstrap interval. Rows
 * are grouped by (flagged, score) profile, so a resample costs profiles, not rows.
 */
import { drawProfileWeights, quantileSorted, scoreProfiles } from './bootstrap.js';
import { createRandom } from './random.js';

export interface Overstatement {
  /** Accuracy (mean score) over every row, and over the rows not flagged. */
  all: number;
  clean: number;
  /** all - clean: positive when the flagged rows inflate the figure. */
  overstatement: number;
  interval: [number, number];
  standardError: number;
  rows: number;
  flagged: number;
  resamples: number;
}

/** `score[i]` in [0, 1] (e.g. correctness averaged over runs), `flagged[i]` 0 or 1, aligned by row. */
export function measureOverstatement(score: ArrayLike<number>, flagged: ArrayLike<number>, options: { resamples: number; seed: number }): Overstatement | null {
  const n = score.length;
  let flaggedCount = 0;
  for (let i = 0; i < n; i++) flaggedCount += flagged[i] ? 1 : 0;
  if (n === 0 || flaggedCount === 0 || flaggedCount === n) return null;
  const profiles = scoreProfiles([Float64Array.from({ length: n }, (_, i) => (flagged[i] ? 1 : 0)), score]);
  const { count, counts, values } = profiles;
  const statistic = (weights: ArrayLike<number>) => {
    let total = 0;
    let sum = 0;
    let cleanTotal = 0;
    let cleanSum = 0;
    for (let p = 0; p < count; p++) {
      const w = weights[p];
      total += w;
      sum += w * values[p * 2 + 1];
      if (values[p * 2] === 0) {
        cleanTotal += w;
        cleanSum += w * values[p * 2 + 1];
      }
    }
    return { all: sum / total, clean: cleanTotal === 0 ? NaN : cleanSum / cleanTotal };
  };
  const point = statistic(counts);
  const random = createRandom(options.seed);
  const weights = new Float64Array(count);
  const draws: number[] = [];
  for (let b = 0; b < options.resamples; b++) {
    if (drawProfileWeights(random, counts, weights) === 0) continue;
    const s = statistic(weights);
    if (Number.isFinite(s.clean)) draws.push(s.all - s.clean);
  }
  const sorted = Float64Array.from(draws).sort();
  const mean = draws.reduce((a, b) => a + b, 0) / Math.max(1, draws.length);
  const variance = draws.reduce((a, d) => a + (d - mean) ** 2, 0) / Math.max(1, draws.length - 1);
  return {
    all: point.all,
    clean: point.clean,
    overstatement: point.all - point.clean,
    interval: draws.length > 0 ? [quantileSorted(sorted, 0.025), quantileSorted(sorted, 0.975)] : [NaN, NaN],
    standardError: Math.sqrt(variance),
    rows: n,
    flagged: flaggedCount,
    resamples: draws.length,
  };
}
