/** Copies of per-row arrays restricted to some rows, for the comparison check and its slice search. */

/** source[rows[i]] for each i, by a plain loop (TypedArray.from with a map function is several times slower at 1M rows). */
export function gather<T extends Float64Array | Int32Array>(source: ArrayLike<number>, rows: ArrayLike<number>, into: T): T {
  for (let i = 0; i < rows.length; i++) into[i] = source[rows[i]];
  return into;
}

/** Each run's scores at `positions`. */
export const pick = (scores: readonly Float64Array[], positions: ArrayLike<number>) =>
  scores.map((run) => gather(run, positions, new Float64Array(positions.length)));
