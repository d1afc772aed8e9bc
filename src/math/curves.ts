/**
 * What a training curve says, as numbers: its noise, where it is best, how far it ends from its
 * best, whether it is still moving at the end, and where it spikes. Curves are (step, value)
 * pairs sorted by step; `better` says which direction is an improvement. Pure functions.
 */

export type Direction = 'lower' | 'higher';

export interface Curve {
  steps: ArrayLike<number>;
  values: ArrayLike<number>;
}

/** The finite points of a curve, in step order. */
export function finitePoints(curve: Curve): { steps: number[]; values: number[] } {
  const steps: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < curve.values.length; i++) {
    const v = curve.values[i];
    if (Number.isFinite(v) && Number.isFinite(curve.steps[i])) {
      steps.push(curve.steps[i]);
      values.push(v);
    }
  }
  return { steps, values };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The point-to-point noise of a curve: 1.4826 x the median absolute deviation of its first
 * differences, over sqrt(2) (the differences of independent noise have twice its variance).
 * Subtracting the differences' median removes a steady trend. 0 for fewer than 3 points.
 */
export function curveNoise(values: readonly number[]): number {
  if (values.length < 3) return 0;
  const diffs: number[] = [];
  for (let i = 1; i < values.length; i++) diffs.push(values[i] - values[i - 1]);
  const center = median(diffs);
  return (1.4826 * median(diffs.map((d) => Math.abs(d - center)))) / Math.SQRT2;
}

/** How many points make up "the end" of a curve of n points: a tenth, at least 2 (1 for short curves). */
export function tailLength(n: number): number {
  return n < 4 ? 1 : Math.max(2, Math.ceil(n / 10));
}

const mean = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) / values.length;

export interface BestAndEnd {
  bestIndex: number;
  bestStep: number;
  best: number;
  last: number;
  /** Mean of the last `tailLength` points: the end, with its noise averaged. */
  end: number;
  /** How much worse the end is than the best (>= 0 in the worse direction). */
  shortfall: number;
  /** How much worse the last point is than the best. */
  lastShortfall: number;
  noise: number;
  points: number;
}

/** The best point of a curve and how far its end falls from it. */
export function bestAndEnd(curve: Curve, better: Direction): BestAndEnd | null {
  const { steps, values } = finitePoints(curve);
  if (values.length === 0) return null;
  let bestIndex = 0;
  for (let i = 1; i < values.length; i++) if (better === 'lower' ? values[i] < values[bestIndex] : values[i] > values[bestIndex]) bestIndex = i;
  const m = tailLength(values.length);
  const end = mean(values.slice(values.length - m));
  const sign = better === 'lower' ? 1 : -1;
  const best = values[bestIndex];
  const last = values[values.length - 1];
  return {
    bestIndex,
    bestStep: steps[bestIndex],
    best,
    last,
    end,
    shortfall: sign * (end - best),
    lastShortfall: sign * (last - best),
    noise: curveNoise(values),
    points: values.length,
  };
}

/** The value of a curve at the last logged step at or before `step` (NaN when none). */
export function valueAt(curve: Curve, step: number): number {
  const { steps, values } = finitePoints(curve);
  let out = NaN;
  for (let i = 0; i < steps.length && steps[i] <= step; i++) out = values[i];
  return out;
}

export interface EndSlope {
  /** Least-squares slope of value on step over the last part of the curve. */
  slope: number;
  /** Its standard error, from the residuals. */
  standardError: number;
  /** The steps the last part spans, and how much the fitted line would move over as many more. */
  span: number;
  projectedGain: number;
  points: number;
}

/**
 * The slope over the last quarter of a curve (at least 3 points), its standard error, and the
 * improvement (positive = better) the fitted line projects over as many more steps.
 */
export function endSlope(curve: Curve, better: Direction): EndSlope | null {
  const { steps, values } = finitePoints(curve);
  const n = Math.max(3, Math.ceil(values.length / 4));
  if (values.length < 4 || n < 3) return null;
  const xs = steps.slice(steps.length - n);
  const ys = values.slice(values.length - n);
  const mx = mean(xs);
  const my = mean(ys);
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i] - mx) ** 2;
    sxy += (xs[i] - mx) * (ys[i] - my);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  let rss = 0;
  for (let i = 0; i < n; i++) rss += (ys[i] - my - slope * (xs[i] - mx)) ** 2;
  const standardError = n > 2 ? Math.sqrt(rss / (n - 2) / sxx) : Infinity;
  const span = xs[n - 1] - xs[0];
  return { slope, standardError, span, projectedGain: (better === 'lower' ? -1 : 1) * slope * span, points: n };
}

/** The total improvement from the first point to the best one (>= 0). */
export function improvementSoFar(curve: Curve, better: Direction): number {
  const { values } = finitePoints(curve);
  if (values.length === 0) return 0;
  const best = better === 'lower' ? Math.min(...values) : Math.max(...values);
  return Math.abs(best - values[0]);
}

export interface Spike {
  index: number;
  step: number;
  value: number;
  /** The running median of the points before it. */
  baseline: number;
  /** True when the curve stayed above 1.5 x the baseline over the points after it (lasting damage). */
  lasting: boolean;
}

/**
 * Points more than `ratio` x the running median of the `window` points before them, and far
 * outside those points' own spread, on a log scale: per-batch losses are heavy-tailed (a batch at
 * ten times the median is ordinary in some runs, alarming in others), so a point counts only when
 * it is also 6 times the window's point-to-point noise (`curveNoise` of the logs) above the median. Needs 5
 * earlier points and positive values. Consecutive points above the baseline are one episode;
 * `lasting` when the median of the next `window` points stays above 1.5 x the baseline (and
 * beyond 3 robust deviations).
 */
export function spikes(curve: Curve, ratio: number, window = 20): Spike[] {
  const { steps, values } = finitePoints(curve);
  const out: Spike[] = [];
  if (values.some((v) => v <= 0)) return out;
  const logs = values.map(Math.log);
  let previous = -2;
  for (let i = 5; i < values.length; i++) {
    const before = logs.slice(Math.max(0, i - window), i);
    const base = median(before);
    const spread = curveNoise(before); // from differences: a steady fall is not spread
    if (logs[i] - base > Math.log(ratio) && logs[i] - base > 6 * spread) {
      const continues = previous === i - 1;
      previous = i;
      if (continues) continue;
      const after = logs.slice(i + 1, i + 1 + window);
      const lasting = after.length >= 3 && median(after) - base > Math.max(Math.log(1.5), 3 * spread);
      out.push({ index: i, step: steps[i], value: values[i], baseline: Math.exp(base), lasting });
    }
  }
  return out;
}

/** Learning-rate points more than twice both neighbours: a schedule that jumps up for one log and back. */
export function scheduleSpikes(curve: Curve): { step: number; value: number; neighbours: number }[] {
  const { steps, values } = finitePoints(curve);
  const out: { step: number; value: number; neighbours: number }[] = [];
  for (let i = 1; i + 1 < values.length; i++) {
    const around = Math.max(values[i - 1], values[i + 1]);
    if (around > 0 && values[i] > 2 * around) out.push({ step: steps[i], value: values[i], neighbours: around });
  }
  return out;
}

/** Indices of the points that are NaN or infinite. */
export function nonFinite(curve: Curve): number[] {
  const out: number[] = [];
  for (let i = 0; i < curve.values.length; i++) if (!Number.isFinite(curve.values[i])) out.push(i);
  return out;
}

/** Sample mean and standard deviation (n - 1). */
export function meanAndSd(values: readonly number[]): { mean: number; sd: number } {
  const m = mean(values);
  if (values.length < 2) return { mean: m, sd: 0 };
  return { mean: m, sd: Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1)) };
}
