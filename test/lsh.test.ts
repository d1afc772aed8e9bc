import { describe, expect, it } from 'vitest';
import { fmix32 } from '../src/math/normalize.js';
import { bandKeysInto, candidatePairs, candidateProbability, chooseBands, SharedKeyFilter } from '../src/math/lsh.js';

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

/** Pairs by band, key and row, each once, from buckets built with a Map (no size limit): what candidatePairs must give. */
function referencePairs(keys: Uint32Array, n: number, bands: number, ids: Int32Array): [number, number][] {
  const out: [number, number][] = [];
  const seen = new Set<string>();
  for (let band = 0; band < bands; band++) {
    const buckets = new Map<number, number[]>();
    for (const id of ids) {
      const key = keys[band * n + id];
      if (!buckets.has(key)) buckets.set(key, []);
      buckets.get(key)!.push(id);
    }
    for (const key of [...buckets.keys()].sort((a, b) => a - b)) {
      const rows = buckets.get(key)!;
      for (let i = 0; i < rows.length; i++)
        for (let j = i + 1; j < rows.length; j++) {
          const pair = `${rows[i]},${rows[j]}`;
          if (seen.has(pair)) continue;
          seen.add(pair);
          out.push([rows[i], rows[j]]);
        }
    }
  }
  return out;
}

describe('candidatePairs on many rows', () => {
  it('equals buckets built with a Map, whatever share of the keys repeats', () => {
    let state = 12345;
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
    for (const distinct of [50, 3000, 1 << 30]) {
      const n = 5000;
      const bands = 3;
      const keys = new Uint32Array(bands * n);
      // A key from a small pool, scaled over the 32 bits so the radix passes see all digits.
      for (let i = 0; i < keys.length; i++) keys[i] = Math.imul((next() >>> 2) % distinct, 0x9e3779b1) >>> 0;
      const ids = Int32Array.from({ length: n / 2 }, (_, i) => 2 * i);
      const result = candidatePairs(keys, n, bands, ids, { maxBucketSize: 1 << 20, window: 1 });
      expect(Array.from(result.a, (a, i) => [a, result.b[i]])).toEqual(referencePairs(keys, n, bands, ids));
    }
  });
});

describe('SharedKeyFilter', () => {
  it('never misses a repeated key and passes few single ones', () => {
    const filter = new SharedKeyFilter(4);
    // The top 10 bits pick the bit: 0x50000000 twice, the others once each in other slots.
    filter.build(Uint32Array.from([0, 0x50000000, 0x70000000, 0x50000000, 0x90000000]), 1, Int32Array.from([0, 1, 2, 3]));
    expect(filter.mayRepeat(0x50000000)).toBe(true);
    expect(filter.mayRepeat(0x70000000)).toBe(false);
    expect(filter.mayRepeat(0x90000000)).toBe(false);
    // A key sharing a repeated key's slot passes too (a false positive the sort then drops).
    expect(filter.mayRepeat(0x50000001)).toBe(true);
    const rows = 100000;
    const keys = new Uint32Array(rows);
    // Band keys are murmur3-mixed hashes (bandKeysInto): so are these.
    for (let i = 0; i < rows; i++) keys[i] = i % 1000 === 0 ? 42 : fmix32(i + 1);
    const big = new SharedKeyFilter(rows);
    big.build(
      keys,
      0,
      Int32Array.from({ length: rows }, (_, i) => i),
    );
    expect(big.mayRepeat(42)).toBe(true);
    let passed = 0;
    for (let i = 0; i < rows; i++) if (keys[i] !== 42 && big.mayRepeat(keys[i])) passed++;
    // About 1 - exp(-1/8) of the single keys share a slot with another key at 8 or more bits per row.
    expect(passed / rows).toBeLessThan(0.15);
  });
});
