import { createRandom, poisson, type Random } from './random.js';

/**
 * Rows with the same per-run scores, grouped: `counts[p]` rows share the scores
 * `values[p * runs + r]` (r = 0..runs-1). Profiles appear in the order of their first row, so
 * the grouping is deterministic. With 0/1 correctness and 5 runs there are at most 32 profiles
 * whatever the row count, which is what makes the bootstrap below fast on a million rows.
 */
export interface ScoreProfiles {
  runs: number;
  count: number;
  counts: Float64Array;
  values: Float64Array;
}

/** Groups rows by their vector of per-run scores (each array is one run, aligned by row). */
export function scoreProfiles(scores: readonly ArrayLike<number>[]): ScoreProfiles {
  const runs = scores.length;
  const n = runs === 0 ? 0 : scores[0].length;
  for (const run of scores) if (run.length !== n) throw new RangeError('every run must have a score for the same rows');
  let binary = true;
  for (let r = 0; r < runs && binary; r++) {
    const run = scores[r];
    for (let i = 0; i < n; i++) {
      const v = run[i];
      if (v !== 0 && v !== 1) {
        binary = false;
        break;
      }
    }
  }
  const profileOf = new Int32Array(n);
  let count = 0;
  if (binary && runs <= 20) {
    const table = new Int32Array(1 << runs).fill(-1);
    for (let i = 0; i < n; i++) {
      let key = 0;
      for (let r = 0; r < runs; r++) key = (key << 1) | scores[r][i];
      let p = table[key];
      if (p < 0) p = table[key] = count++;
      profileOf[i] = p;
    }
  } else {
    const index = new Map<string | number, number>();
    const parts = new Array<number>(runs);
    for (let i = 0; i < n; i++) {
      let key: string | number;
      if (binary && runs <= 52) {
        let k = 0;
        for (let r = 0; r < runs; r++) k = k * 2 + scores[r][i];
        key = k;
      } else {
        for (let r = 0; r < runs; r++) parts[r] = scores[r][i];
        key = parts.join(',');
      }
      let p = index.get(key);
      if (p === undefined) {
        p = count++;
        index.set(key, p);
      }
      profileOf[i] = p;
    }
  }
  const counts = new Float64Array(count);
  const values = new Float64Array(count * runs);
  const seen = new Uint8Array(count);
  for (let i = 0; i < n; i++) {
    const p = profileOf[i];
    counts[p]++;
    if (!seen[p]) {
      seen[p] = 1;
      for (let r = 0; r < runs; r++) values[p * runs + r] = scores[r][i];
    }
  }
  return { runs, count, counts, values };
}

/** The q-quantile (0..1) of ascending values with linear interpolation (numpy's default, Hyndman-Fan type 7). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export interface BootstrapOptions {
  /** Resamples requested. */
  resamples: number;
  seed: number;
  /** Coverage of the interval (0.95 for a 95% interval). */
  confidence?: number;
  /** Upper bound on resamples x profiles x runs; above it fewer resamples are drawn (reported). */
  workBudget?: number;
  /** Fewest resamples kept when the work budget reduces them. */
  minResamples?: number;
}

export interface BootstrapResult {
  /** Percentile interval [lo, hi] of the mean score over runs. */
  interval: [number, number];
  /** Resamples actually drawn. */
  resamples: number;
  seed: number;
  /** Distinct per-run score profiles the rows were grouped into. */
  profiles: number;
  method: 'poisson-weights';
}

/**
 * Percentile bootstrap interval of the mean score over runs and examples (e.g. mean accuracy
 * of the seeds), resampling both examples and runs with replacement, as rliable's stratified
 * bootstrap does over runs (Agarwal et al. 2021).
 *
 * Each resample first draws `runs` run indices uniformly with replacement, then gives every
 * example an independent Poisson(1) weight (the Poisson bootstrap: Hanley & MacGibbon 2006;
 * Chamandy et al. 2012), drawn per profile of identical rows as one Poisson(rows in profile)
 * total, which has the same distribution. The statistic is
 *   (1/R) * sum over drawn runs r of  sum_p W_p * s[p, r] / sum_p W_p.
 * It costs O(profiles x runs) per resample instead of O(rows x runs). Draw order (runs, then
 * profiles in order of first row) is fixed, so the interval is reproducible from the seed.
 */
/**
 * One Poisson(rows) weight per profile of identical rows, in profile order (the Poisson bootstrap
 * drawn per profile); returns their total, which may be 0 (the caller redraws).
 */
export function drawProfileWeights(random: Random, counts: Float64Array, weights: Float64Array): number {
  let total = 0;
  for (let p = 0; p < counts.length; p++) {
    const w = poisson(random, counts[p]);
    weights[p] = w;
    total += w;
  }
  return total;
}

export function bootstrapMeanInterval(scores: readonly ArrayLike<number>[], options: BootstrapOptions): BootstrapResult {
  const profiles = scoreProfiles(scores);
  return bootstrapProfilesInterval(profiles, options);
}

export function bootstrapProfilesInterval(profiles: ScoreProfiles, options: BootstrapOptions): BootstrapResult {
  const { runs, count, counts, values } = profiles;
  const confidence = options.confidence ?? 0.95;
  const budget = options.workBudget ?? 2.5e8;
  const minResamples = options.minResamples ?? 200;
  const perResample = Math.max(1, count * (runs + 1));
  let resamples = Math.max(1, Math.floor(options.resamples));
  if (resamples * perResample > budget) resamples = Math.max(Math.min(minResamples, resamples), Math.floor(budget / perResample));
  if (runs === 0 || count === 0) return { interval: [NaN, NaN], resamples: 0, seed: options.seed, profiles: count, method: 'poisson-weights' };

  const random = createRandom(options.seed);
  const stats = new Float64Array(resamples);
  const runDraws = new Float64Array(runs);
  const weights = new Float64Array(count);
  for (let b = 0; b < resamples; b++) {
    let total: number;
    do {
      runDraws.fill(0);
      for (let r = 0; r < runs; r++) runDraws[random.int(runs)]++;
      total = drawProfileWeights(random, counts, weights);
    } while (total === 0);
    let sum = 0;
    for (let p = 0; p < count; p++) {
      const w = weights[p];
      if (w === 0) continue;
      const offset = p * runs;
      let rowSum = 0;
      for (let r = 0; r < runs; r++) if (runDraws[r] !== 0) rowSum += runDraws[r] * values[offset + r];
      sum += w * rowSum;
    }
    stats[b] = sum / (total * runs);
  }
  stats.sort();
  const tail = (1 - confidence) / 2;
  return {
    interval: [quantileSorted(stats, tail), quantileSorted(stats, 1 - tail)],
    resamples,
    seed: options.seed,
    profiles: count,
    method: 'poisson-weights',
  };
}
