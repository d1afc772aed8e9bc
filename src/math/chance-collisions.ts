/**
 * How many rows of a table would repeat an earlier row by chance alone. In a table of a few
 * low-cardinality columns, different people share feature vectors: with columns independent and
 * each value drawn from its column's frequencies, a vector v has probability pi_v = prod_j p_j(v_j),
 * n rows show E[distinct] = sum_v (1 - (1 - pi_v)^n) different vectors, and
 * E[repeats] = n - E[distinct] rows repeat an earlier one. Exact, by enumerating the product of the
 * columns' values, when that product has at most `maxCells` cells.
 */

/** Expected repeated rows under independence, or null when the product space is too large. */
export function expectedChanceRepeats(columnFrequencies: readonly (readonly number[])[], n: number, maxCells = 2_000_000): number | null {
  let cells = 1;
  for (const freq of columnFrequencies) {
    cells *= freq.length;
    if (cells > maxCells) return null;
  }
  if (n <= 1) return 0;
  let distinct = 0;
  // Depth-first over the columns, carrying the product of the frequencies so far.
  const visit = (column: number, probability: number): void => {
    if (probability === 0) return;
    if (column === columnFrequencies.length) {
      // 1 - (1 - pi)^n, stable for small pi.
      distinct += -Math.expm1(n * Math.log1p(-probability));
      return;
    }
    for (const p of columnFrequencies[column]) visit(column + 1, probability * p);
  };
  visit(0, 1);
  return Math.max(0, n - distinct);
}

/** Each column's value frequencies over `rows` (missing cells, code -1, count as one more value). */
export function columnFrequencies(codes: readonly Int32Array[], levelCounts: readonly number[], rows: ArrayLike<number>): number[][] {
  return codes.map((column, j) => {
    const counts = new Float64Array(levelCounts[j] + 1);
    for (let i = 0; i < rows.length; i++) {
      const code = column[rows[i]];
      counts[code < 0 ? levelCounts[j] : code]++;
    }
    return Array.from(counts, (c) => c / rows.length).filter((p) => p > 0);
  });
}
