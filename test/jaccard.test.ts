import { describe, expect, it } from 'vitest';
import { intersectionSize, jaccardRanges, jaccardSorted, jaccardUpperBound } from '../src/math/jaccard.js';

describe('jaccard', () => {
  it('computes |A ∩ B| / |A ∪ B| of sorted sets', () => {
    expect(jaccardSorted([1, 2, 3, 4], [3, 4, 5])).toBe(2 / 5);
    expect(jaccardSorted([1, 2], [1, 2])).toBe(1);
    expect(jaccardSorted([1, 2], [3])).toBe(0);
    expect(jaccardSorted([], [])).toBe(1);
    expect(jaccardSorted([], [1])).toBe(0);
    expect(intersectionSize([1, 5, 9, 4000000000], 0, 4, [5, 9, 4000000000], 0, 3)).toBe(3);
  });

  it('works on ranges of a shared pool', () => {
    const pool = Uint32Array.from([1, 2, 3, 9, 2, 3, 4]);
    expect(jaccardRanges(pool, 0, 4, pool, 4, 7)).toBe(2 / 5);
  });

  it('bounds the similarity by the size ratio', () => {
    expect(jaccardUpperBound(8, 10)).toBe(0.8);
    expect(jaccardUpperBound(0, 0)).toBe(1);
  });
});
