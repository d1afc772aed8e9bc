/**
 * Paired comparison of two sets of runs (baseline and candidate) on the same examples: the
 * difference of mean scores with a bootstrap that resamples examples jointly for both sides and
 * runs within each side, the probability of improvement over run pairs (rliable; Agarwal et al.
 * 2021), exact McNemar tests (Dietterich 1998), and the smallest difference the evaluation could
 * detect. Scores are per example in [0, 1] (correctness, or a graded score); each array is one run
 * aligned by row, every row scored by every run.
 */
import { createRandom } from './random.js';
import { drawProfileWeights, quantileSorted, scoreProfiles } from './bootstrap.js';
import { logFactorial, regularizedGammaQ } from './special.js';

export interface PairedBootstrapOptions {
  resamples: number;
  seed: number;
  /** Upper bound on resamples x profiles x runs; fewer resamples above it. */
  workBudget?: number;
}

export interface PairedBootstrapResult {
  /** Mean score of each run on the rows. */
  baselineRuns: number[];
  candidateRuns: number[];
  /** Candidate mean minus baseline mean (means over runs and rows). */
  difference: number;
  /** Percentile 95% interval of the difference. */
  interval: [number, number];
  /** Standard deviation of the resampled differences. */
  standardError: number;
  /** Two-sided bootstrap p-value of "no difference": 2 x the smaller tail share, (count + 1) / (B + 1). */
  pValue: number;
  /** Each side's own (unpaired) 95% interval of its mean, from the same resamples. */
  baselineInterval: [number, number];
  candidateInterval: [number, number];
  /** The factor each side's run deviations are shrunk by (runShrinkage). */
  runShrinkage: { baseline: number; candidate: number };
  /** P(candidate run > baseline run) over run pairs, ties counted half (Mann-Whitney U / (n m)), and its 95% interval. */
  probabilityOfImprovement: number;
  probabilityOfImprovementInterval: [number, number];
  resamples: number;
  seed: number;
  rows: number;
}

/** P(x > y) + P(x = y) / 2 over all pairs (x from `candidate`, y from `baseline`). */
export function probabilityOfImprovement(baseline: ArrayLike<number>, candidate: ArrayLike<number>): number {
  let wins = 0;
  for (let i = 0; i < candidate.length; i++) {
    for (let j = 0; j < baseline.length; j++) wins += candidate[i] > baseline[j] ? 1 : candidate[i] === baseline[j] ? 0.5 : 0;
  }
  return wins / (candidate.length * baseline.length);
}

/** The arithmetic mean. */
export const mean = (values: ArrayLike<number>) => {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
};

/**
 * Two-way analysis of variance of one side's scores (runs x examples, no replication): the mean
 * squares of runs and of the run x example interaction (the residual). Zero with one run.
 */
export function runMeanSquares(runs: readonly ArrayLike<number>[]): { runs: number; interaction: number } {
  const r = runs.length;
  const n = r > 0 ? runs[0].length : 0;
  if (r < 2 || n < 2) return { runs: 0, interaction: 0 };
  const runMeans = runs.map(mean);
  const grand = mean(runMeans);
  let runSquares = 0;
  for (const m of runMeans) runSquares += (m - grand) ** 2;
  let residual = 0;
  for (let i = 0; i < n; i++) {
    let exampleMean = 0;
    for (const run of runs) exampleMean += run[i];
    exampleMean /= r;
    for (let s = 0; s < r; s++) residual += (runs[s][i] - exampleMean - runMeans[s] + grand) ** 2;
  }
  return { runs: (n * runSquares) / (r - 1), interaction: residual / ((r - 1) * (n - 1)) };
}

/**
 * How far a side's resampled run deviations are shrunk: sqrt(max(0, 1 - MS_interaction / MS_runs)).
 * Resampling examples already carries the run x example interaction (each example's mean over
 * runs varies with it); resampling whole runs as well would count it again, which made A/A
 * comparisons come out different in about 1% of cases at a nominal 5% and cost power. Shrinking
 * the run deviations by this factor leaves them the variance of the run effect alone (the
 * method-of-moments estimate of the crossed random-effects model; Davison & Hinkley 1997, 3.8;
 * Owen 2007 on the pigeonhole bootstrap's double count).
 */
export function runShrinkage(runs: readonly ArrayLike<number>[]): number {
  const squares = runMeanSquares(runs);
  return squares.runs > 0 ? Math.sqrt(Math.max(0, 1 - squares.interaction / squares.runs)) : 0;
}

/**
 * The paired bootstrap. Each resample draws the baseline's run indices, then the candidate's
 * (uniformly with replacement, as many as each side has), then a Poisson(1) weight per example,
 * drawn per profile of identical rows as one Poisson(rows in profile) total (as
 * bootstrapMeanInterval does), redrawn while every weight is zero. Each run's weighted mean is
 * taken back towards its side's mean by the side's runShrinkage; the statistic is the mean over
 * drawn candidate runs minus that over drawn baseline runs; the probability of improvement is
 * taken over the same drawn run means.
 */
export function pairedBootstrap(
  baseline: readonly ArrayLike<number>[],
  candidate: readonly ArrayLike<number>[],
  options: PairedBootstrapOptions,
): PairedBootstrapResult {
  const rb = baseline.length;
  const rc = candidate.length;
  if (rb === 0 || rc === 0) throw new RangeError('both sides need at least one run');
  const profiles = scoreProfiles([...baseline, ...candidate]);
  const { count, counts, values } = profiles;
  const runs = rb + rc;
  const n = baseline[0].length;
  const baselineRuns = baseline.map(mean);
  const candidateRuns = candidate.map(mean);
  const difference = mean(candidateRuns) - mean(baselineRuns);
  const shrinkBase = runShrinkage(baseline);
  const shrinkCand = runShrinkage(candidate);
  const budget = options.workBudget ?? 2.5e8;
  let resamples = Math.max(1, Math.floor(options.resamples));
  const perResample = Math.max(1, count * (runs + 1));
  if (resamples * perResample > budget) resamples = Math.max(Math.min(200, resamples), Math.floor(budget / perResample));

  const random = createRandom(options.seed);
  const differences = new Float64Array(resamples);
  const baseMeans = new Float64Array(resamples);
  const candMeans = new Float64Array(resamples);
  const improvements = new Float64Array(resamples);
  const baseDraw = new Int32Array(rb);
  const candDraw = new Int32Array(rc);
  const weights = new Float64Array(count);
  const runMeans = new Float64Array(runs);
  const drawnBase = new Float64Array(rb);
  const drawnCand = new Float64Array(rc);
  for (let b = 0; b < resamples; b++) {
    let total: number;
    do {
      for (let r = 0; r < rb; r++) baseDraw[r] = random.int(rb);
      for (let r = 0; r < rc; r++) candDraw[r] = random.int(rc);
      total = drawProfileWeights(random, counts, weights);
    } while (total === 0);
    runMeans.fill(0);
    for (let p = 0; p < count; p++) {
      const w = weights[p];
      if (w === 0) continue;
      const offset = p * runs;
      for (let r = 0; r < runs; r++) runMeans[r] += w * values[offset + r];
    }
    for (let r = 0; r < runs; r++) runMeans[r] /= total;
    const centreBase = mean(runMeans.subarray(0, rb));
    const centreCand = mean(runMeans.subarray(rb));
    for (let r = 0; r < rb; r++) drawnBase[r] = centreBase + shrinkBase * (runMeans[baseDraw[r]] - centreBase);
    for (let r = 0; r < rc; r++) drawnCand[r] = centreCand + shrinkCand * (runMeans[rb + candDraw[r]] - centreCand);
    baseMeans[b] = mean(drawnBase);
    candMeans[b] = mean(drawnCand);
    differences[b] = candMeans[b] - baseMeans[b];
    improvements[b] = probabilityOfImprovement(drawnBase, drawnCand);
  }
  let below = 0;
  let above = 0;
  let sum = 0;
  for (const d of differences) {
    if (d <= 0) below++;
    if (d >= 0) above++;
    sum += d;
  }
  const average = sum / resamples;
  let squares = 0;
  for (const d of differences) squares += (d - average) ** 2;
  const sorted = differences.slice().sort();
  const sortedImprovements = improvements.slice().sort();
  const sortedBase = baseMeans.sort();
  const sortedCand = candMeans.sort();
  return {
    baselineRuns,
    candidateRuns,
    difference,
    interval: [quantileSorted(sorted, 0.025), quantileSorted(sorted, 0.975)],
    standardError: resamples > 1 ? Math.sqrt(squares / (resamples - 1)) : NaN,
    pValue: Math.min(1, (2 * (Math.min(below, above) + 1)) / (resamples + 1)),
    baselineInterval: [quantileSorted(sortedBase, 0.025), quantileSorted(sortedBase, 0.975)],
    candidateInterval: [quantileSorted(sortedCand, 0.025), quantileSorted(sortedCand, 0.975)],
    runShrinkage: { baseline: shrinkBase, candidate: shrinkCand },
    probabilityOfImprovement: probabilityOfImprovement(baselineRuns, candidateRuns),
    probabilityOfImprovementInterval: [quantileSorted(sortedImprovements, 0.025), quantileSorted(sortedImprovements, 0.975)],
    resamples,
    seed: options.seed,
    rows: n,
  };
}

/**
 * Exact McNemar test: two-sided binomial test of the discordant pairs, `b` (baseline right,
 * candidate wrong) against `c` (the reverse), at p = 1/2 (scipy.stats.binomtest(b, b + c)).
 */
export function mcnemarExact(b: number, c: number): number {
  const n = b + c;
  if (n === 0) return 1;
  const k = Math.min(b, c);
  // P(X <= k) for X ~ Binomial(n, 1/2), summed in log space from the largest term.
  const logHalf = n * Math.log(0.5);
  let tail = 0;
  for (let i = 0; i <= k; i++) tail += Math.exp(logFactorial(n) - logFactorial(i) - logFactorial(n - i) + logHalf);
  return Math.min(1, 2 * tail);
}

/** Quantile of the standard normal (Acklam's rational approximation, refined by one Halley step). */
export function normalQuantile(p: number): number {
  if (p <= 0 || p >= 1) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  let x: number;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - low) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  // One Halley step against an accurate erfc brings the approximation (1e-9) to double precision.
  const e = 0.5 * erfc(-x / Math.SQRT2) - p;
  const u = e * Math.sqrt(2 * Math.PI) * Math.exp((x * x) / 2);
  return x - u / (1 + (x * u) / 2);
}

/** Complementary error function from the regularised upper incomplete gamma: erfc(x) = Q(1/2, x^2) for x >= 0. */
function erfc(x: number): number {
  const q = regularizedGammaQ(0.5, x * x);
  return x >= 0 ? q : 2 - q;
}

export interface VarianceParts {
  /** Variance of the per-example paired difference of the side means, over examples. */
  exampleVariance: number;
  /** Variance of the run means within each side (0 with one run). */
  baselineRunVariance: number;
  candidateRunVariance: number;
  /** Each side's run x example interaction mean square (runMeanSquares; 0 with one run). */
  baselineInteraction: number;
  candidateInteraction: number;
  /** The runs each side had when measured. */
  baselineRuns: number;
  candidateRuns: number;
  rows: number;
}

const sampleVariance = (values: ArrayLike<number>) => {
  if (values.length < 2) return 0;
  const m = mean(values);
  let s = 0;
  for (let i = 0; i < values.length; i++) s += (values[i] - m) ** 2;
  return s / (values.length - 1);
};

/** The parts the difference's variance is made of: examples, runs, and runs x examples within each side. */
export function varianceParts(baseline: readonly ArrayLike<number>[], candidate: readonly ArrayLike<number>[]): VarianceParts {
  const n = baseline[0].length;
  const diffs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let a = 0;
    let c = 0;
    for (const run of baseline) a += run[i];
    for (const run of candidate) c += run[i];
    diffs[i] = c / candidate.length - a / baseline.length;
  }
  return {
    exampleVariance: sampleVariance(diffs),
    baselineRunVariance: sampleVariance(baseline.map(mean)),
    candidateRunVariance: sampleVariance(candidate.map(mean)),
    baselineInteraction: runMeanSquares(baseline).interaction,
    candidateInteraction: runMeanSquares(candidate).interaction,
    baselineRuns: baseline.length,
    candidateRuns: candidate.length,
    rows: n,
  };
}

/**
 * The smallest true difference a two-sided test at `alpha` detects with probability `power`,
 * (z_{1-alpha/2} + z_{power}) x SE, for `baselineRuns` and `candidateRuns` runs per side (the
 * measured counts, or more to ask what more runs would buy). With the crossed model score =
 * example + run + run x example, per side: SE^2 = (example part + interaction_b / R_b +
 * interaction_c / R_c) / rows + run effect_b / R_b + run effect_c / R_c, where the example part
 * is the per-example difference's variance less the interaction it carried at the measured run
 * counts, and a run effect is the run means' variance less interaction / rows (floored at 0).
 */
export function minimumDetectableDifference(parts: VarianceParts, baselineRuns: number, candidateRuns: number, alpha = 0.05, power = 0.8): number {
  const n = parts.rows;
  const example = Math.max(0, parts.exampleVariance - parts.baselineInteraction / parts.baselineRuns - parts.candidateInteraction / parts.candidateRuns);
  const runEffectBase = Math.max(0, parts.baselineRunVariance - parts.baselineInteraction / n);
  const runEffectCand = Math.max(0, parts.candidateRunVariance - parts.candidateInteraction / n);
  const variance =
    (example + parts.baselineInteraction / baselineRuns + parts.candidateInteraction / candidateRuns) / n +
    runEffectBase / baselineRuns +
    runEffectCand / candidateRuns;
  return (normalQuantile(1 - alpha / 2) + normalQuantile(power)) * Math.sqrt(variance);
}
