/** Counts of each class index in `codes` (negative codes are unlabelled and ignored). */
export function classCounts(codes: ArrayLike<number>, classCount: number): number[] {
  const counts = new Array<number>(classCount).fill(0);
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i];
    if (code >= 0 && code < classCount) counts[code]++;
  }
  return counts;
}

/** Largest count over smallest; Infinity when a class has no rows, 1 for fewer than two classes. */
export function imbalanceRatio(counts: readonly number[]): number {
  if (counts.length < 2) return 1;
  const max = Math.max(...counts);
  const min = Math.min(...counts);
  return min === 0 ? (max === 0 ? 1 : Infinity) : max / min;
}

/** Shannon entropy of the class distribution divided by log(K): 1 is perfectly balanced. */
export function normalizedEntropy(counts: readonly number[]): number {
  const total = counts.reduce((a, b) => a + b, 0);
  if (counts.length < 2 || total === 0) return 1;
  let entropy = 0;
  for (const count of counts) {
    if (count === 0) continue;
    const p = count / total;
    entropy -= p * Math.log(p);
  }
  return entropy / Math.log(counts.length);
}
