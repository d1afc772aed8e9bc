import { describe, expect, it } from 'vitest';
import { bandKeysInto, candidatePairs, candidateProbability, chooseBands } from '../src/math/lsh.js';

describe('candidateProbability', () => {
  it('is 1 - (1 - s^r)^b', () => {
    expect(candidateProbability(0.85, 16, 8)).toBeCloseTo(0.9938423009146505, 14);
    expect(candidateProbability(0.4, 16, 8)).toBeCloseTo(0.010434377683231522, 14);
    expect(candidateProbability(1, 3, 4)).toBe(1);
    expect(candidateProbability(0, 3, 4)).toBe(0);
  });
});

describe('chooseBands', () => {
  // Expected values from an independent brute force in Python over all b * r <= k.
  it('minimises misses at the target similarity within the false-positive budget', () => {
    const choice = chooseBands(0.8, 128);
    expect([choice.bands, choice.rows]).toEqual([16, 8]);
    expect(choice.target).toBeCloseTo(0.85, 15);
    expect(choice.falseNegativeAtTarget).toBeCloseTo(0.006157699085349355, 14);
    expect(choice.falsePositiveAtHalf).toBeLessThanOrEqual(0.02);
    expect([chooseBands(0.7, 128).bands, chooseBands(0.7, 128).rows]).toEqual([18, 7]);
    expect([chooseBands(0.9, 128).bands, chooseBands(0.9, 128).rows]).toEqual([14, 9]);
    expect([chooseBands(0.8, 64).bands, chooseBands(0.8, 64).rows]).toEqual([9, 7]);
    expect([chooseBands(1, 128).bands, chooseBands(1, 128).rows]).toEqual([1, 6]);
  });

  it('rejects thresholds outside (0, 1]', () => {
    expect(() => chooseBands(0, 128)).toThrow(RangeError);
    expect(() => chooseBands(1.5, 128)).toThrow(RangeError);
  });
});

describe('bandKeysInto', () => {
  it('gives equal keys to equal bands only', () => {
    const keys = new Uint32Array(3 * 2);
    const a = Uint32Array.from([1, 2, 3, 4, 5, 6]);
    const b = Uint32Array.from([1, 2, 3, 4, 5, 7]);
    bandKeysInto(a, 0, 3, 2, 42, keys, 2, 0);
    bandKeysInto(b, 0, 3, 2, 42, keys, 2, 1);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).toBe(keys[3]);
    expect(keys[4]).not.toBe(keys[5]);
    // The same values in another band give another key.
    const c = Uint32Array.from([3, 4, 1, 2, 5, 6]);
    const other = new Uint32Array(3);
    bandKeysInto(c, 0, 3, 2, 42, other, 1, 0);
    expect(other[0]).not.toBe(keys[2]);
  });
});

describe('candidatePairs', () => {
  // 6 rows, 2 bands, band-major keys.
  const keys = Uint32Array.from([1, 2, 1, 3, 1, 2, /* band 1 */ 5, 5, 6, 7, 8, 6]);
  const ids = Int32Array.from([0, 1, 2, 3, 4, 5]);

  it('pairs rows sharing a bucket, each pair once, ordered by band, key and row', () => {
    const result = candidatePairs(keys, 6, 2, ids, { maxBucketSize: 100, window: 1 });
    const pairs = Array.from(result.a, (a, i) => [a, result.b[i]]);
    expect(pairs).toEqual([
      [0, 2],
      [0, 4],
      [2, 4],
      [1, 5],
      [0, 1],
      [2, 5],
    ]);
    expect(result.count).toBe(6);
    expect(result.oversizedBuckets).toBe(0);
  });

  it('does not emit a pair again when a later band joins it too', () => {
    const again = Uint32Array.from([1, 2, 1, 3, 4, 5, /* band 1 */ 9, 8, 9, 7, 6, 5]);
    const result = candidatePairs(again, 6, 2, ids, { maxBucketSize: 100, window: 1 });
    expect(Array.from(result.a, (a, i) => [a, result.b[i]])).toEqual([[0, 2]]);
  });

  it('cuts oversized buckets to a window and retries their pairs in later bands', () => {
    const result = candidatePairs(keys, 6, 2, ids, { maxBucketSize: 2, window: 1 });
    expect(Array.from(result.a, (a, i) => [a, result.b[i]])).toEqual([
      [0, 2],
      [2, 4],
      [1, 5],
      [0, 1],
      [2, 5],
    ]);
    expect(result.oversizedBuckets).toBe(1);
    const retry = Uint32Array.from([1, 1, 1, 2, 2, 2, /* band 1 */ 3, 4, 3, 5, 6, 7]);
    const second = candidatePairs(retry, 6, 2, ids, { maxBucketSize: 2, window: 1 });
    expect(Array.from(second.a, (a, i) => [a, second.b[i]])).toEqual([
      [0, 1],
      [1, 2],
      [3, 4],
      [4, 5],
      [0, 2],
    ]);
  });

  it('only considers the given rows, and with side masks only pairs across sides', () => {
    const subset = candidatePairs(keys, 6, 2, Int32Array.from([0, 1, 4]), { maxBucketSize: 100, window: 1 });
    expect(Array.from(subset.a, (a, i) => [a, subset.b[i]])).toEqual([
      [0, 4],
      [0, 1],
    ]);
    const sideMask = Uint8Array.from([1, 2, 1, 1, 2, 3]);
    const cross = candidatePairs(keys, 6, 2, ids, { maxBucketSize: 100, window: 1, sideMask });
    expect(Array.from(cross.a, (a, i) => [a, cross.b[i]])).toEqual([
      [0, 4],
      [2, 4],
      [1, 5],
      [0, 1],
      [2, 5],
    ]);
  });
});
