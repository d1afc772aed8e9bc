/**
 * Trimmed mean as scipy.stats.trim_mean(values, proportion): sorts, removes
 * floor(proportion * n) values from each end (never a fraction of a value), and averages the
 * rest. NaN for an empty input or when nothing is left.
 */
export function trimMean(values: ArrayLike<number>, proportion: number): number {
  const n = values.length;
  if (!(proportion >= 0 && proportion < 0.5)) throw new RangeError(`trim proportion must be in [0, 0.5), got ${proportion}`);
  const cut = Math.floor(proportion * n);
  if (n === 0 || cut >= n - cut) return NaN;
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (let i = cut; i < n - cut; i++) sum += sorted[i];
  return sum / (n - 2 * cut);
}

/**
 * Interquartile mean (Agarwal et al. 2021, rliable): the mean of the middle 50%, computed as
 * rliable does with scipy.stats.trim_mean(scores, proportiontocut=0.25). With 5 runs it drops
 * the lowest and the highest (floor(1.25) = 1) and averages the middle 3.
 */
export function interquartileMean(values: ArrayLike<number>): number {
  return trimMean(values, 0.25);
}
