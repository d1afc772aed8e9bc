/**
 * Ascending sort of a Float64Array in place, with the result of `values.sort()`: a counting sort
 * when the values take few distinct values (ages, ratings, lengths: one Map pass and a fill
 * instead of n log n comparisons), else the native sort. Arrays holding NaN or -0 go to the native
 * sort, which orders them its own way (NaN last, -0 before 0) where a Map cannot tell them apart.
 */

/** Distinct values beyond which the counting gives way to the native sort. */
export const MAX_COUNTED_VALUES = 4096;

export function sortNumbers(values: Float64Array): Float64Array {
  if (!countingSort(values)) values.sort();
  return values;
}

/** Sorts by counting when at most MAX_COUNTED_VALUES distinct values (no NaN, no -0) occur; false (values untouched) otherwise. */
function countingSort(values: Float64Array): boolean {
  const counts = new Map<number, number>();
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (x !== x || (x === 0 && 1 / x < 0)) return false;
    const count = counts.get(x);
    if (count !== undefined) counts.set(x, count + 1);
    else if (counts.size === MAX_COUNTED_VALUES) return false;
    else counts.set(x, 1);
  }
  const distinct = Float64Array.from(counts.keys()).sort();
  let at = 0;
  for (const x of distinct) {
    const count = counts.get(x)!;
    values.fill(x, at, at + count);
    at += count;
  }
  return true;
}
