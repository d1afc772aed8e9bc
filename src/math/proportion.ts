/**
 * Wilson score interval of a proportion (Wilson 1927): well behaved near 0 and 1 and for small n,
 * unlike the normal approximation. `rate` may be a mean of per-run rates; n is the rows behind it.
 */
export function wilsonInterval(rate: number, n: number, z = 1.959963984540054): [number, number] {
  if (!(n > 0) || !Number.isFinite(rate)) return [NaN, NaN];
  const p = Math.min(1, Math.max(0, rate));
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
