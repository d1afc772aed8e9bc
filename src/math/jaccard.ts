/**
 * Exact Jaccard similarity of two sets given as sorted arrays of distinct integers
 * (e.g. `shingleSet`): |A ∩ B| / |A ∪ B| by one merge, O(|A| + |B|).
 */

/** Size of the intersection of two sorted arrays of distinct values (ranges `[aStart, aEnd)`, `[bStart, bEnd)`). */
export function intersectionSize(a: ArrayLike<number>, aStart: number, aEnd: number, b: ArrayLike<number>, bStart: number, bEnd: number): number {
  let i = aStart;
  let j = bStart;
  let shared = 0;
  while (i < aEnd && j < bEnd) {
    const x = a[i];
    const y = b[j];
    if (x === y) {
      shared++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return shared;
}

/** Jaccard similarity of two sorted sets; 1 when both are empty, 0 when exactly one is. */
export function jaccardSorted(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return jaccardRanges(a, 0, a.length, b, 0, b.length);
}

/** Jaccard similarity of the sorted ranges `a[aStart, aEnd)` and `b[bStart, bEnd)`. */
export function jaccardRanges(a: ArrayLike<number>, aStart: number, aEnd: number, b: ArrayLike<number>, bStart: number, bEnd: number): number {
  const sizeA = aEnd - aStart;
  const sizeB = bEnd - bStart;
  if (sizeA === 0 && sizeB === 0) return 1;
  const shared = intersectionSize(a, aStart, aEnd, b, bStart, bEnd);
  return shared / (sizeA + sizeB - shared);
}

/**
 * Upper bound on the Jaccard similarity of sets of sizes `sizeA` and `sizeB`:
 * min / max. A pair whose bound is below the threshold cannot verify.
 */
export function jaccardUpperBound(sizeA: number, sizeB: number): number {
  if (sizeA === 0 && sizeB === 0) return 1;
  return Math.min(sizeA, sizeB) / Math.max(sizeA, sizeB);
}
