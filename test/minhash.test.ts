import { describe, expect, it } from 'vitest';
import { OnePermutationMinHash, binOf, estimateJaccard, minhashSignatures, seededPermutation } from '../src/math/minhash.js';
import { jaccardSorted } from '../src/math/jaccard.js';
import { createHashBuffer, shingleHashes, shingleSet } from '../src/math/shingles.js';

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state;
  };
}

/** Two sets of 32-bit hashes: |A| = |B| = size, sharing `shared` values. */
function setPair(size: number, shared: number, next: () => number): [Uint32Array, Uint32Array] {
  const common = Array.from({ length: shared }, next);
  const a = Uint32Array.from([...common, ...Array.from({ length: size - shared }, next)]);
  const b = Uint32Array.from([...common, ...Array.from({ length: size - shared }, next)]);
  return [a, b];
}

describe('seededPermutation', () => {
  it('is a deterministic permutation', () => {
    const p = seededPermutation(50, 3);
    expect(Array.from(p).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(p).toEqual(seededPermutation(50, 3));
    expect(p).not.toEqual(seededPermutation(50, 4));
  });
});

describe('OnePermutationMinHash', () => {
  it('keeps the smallest hash per bin and fills empty bins from non-empty ones', () => {
    expect(binOf(0x3fffffff, 4)).toBe(0);
    expect(binOf(0x40000000, 4)).toBe(1);
    expect(binOf(0xffffffff, 4)).toBe(3);
    const hasher = new OnePermutationMinHash(4, 7);
    const out = new Uint32Array(6);
    expect(hasher.sketch(Uint32Array.from([5, 3, 0x40000000, 0xc0000001, 0xc0000009]), 5, out, 1)).toBe(true);
    expect(out[0]).toBe(0);
    expect(out[1]).toBe(3);
    expect(out[2]).toBe(0x40000000);
    expect([3, 0x40000000, 0xc0000001]).toContain(out[3]);
    expect(out[4]).toBe(0xc0000001);
    expect(out[5]).toBe(0);
    // Same seed, same borrowing.
    const again = new Uint32Array(6);
    new OnePermutationMinHash(4, 7).sketch(Uint32Array.from([0xc0000001, 3, 0x40000000]), 3, again, 1);
    expect(again).toEqual(out);
  });

  it('gives a one-element set that value everywhere and an empty set zeros', () => {
    const hasher = new OnePermutationMinHash(16, 1);
    const out = new Uint32Array(16).fill(9);
    hasher.sketch([123456789], 1, out);
    expect(Array.from(out)).toEqual(new Array(16).fill(123456789));
    expect(hasher.sketch([], 0, out)).toBe(false);
    expect(Array.from(out)).toEqual(new Array(16).fill(0));
  });

  it('estimates Jaccard similarity without bias', () => {
    const next = lcg(11);
    const k = 128;
    for (const shared of [20, 50, 80, 90]) {
      const truth = shared / (200 - shared);
      let sum = 0;
      let squares = 0;
      const trials = 200;
      for (let t = 0; t < trials; t++) {
        const [a, b] = setPair(100, shared, next);
        const hasher = new OnePermutationMinHash(k, t);
        const sig = new Uint32Array(2 * k);
        hasher.sketch(a, a.length, sig, 0);
        hasher.sketch(b, b.length, sig, k);
        const error = estimateJaccard(sig, k, 0, 1) - truth;
        sum += error;
        squares += error * error;
      }
      expect(Math.abs(sum / trials)).toBeLessThan(0.02);
      expect(Math.sqrt(squares / trials)).toBeLessThan(0.08);
    }
  });

  it('matches in every bin with probability J, also in densified bins (sparse sets)', () => {
    // |A| = |B| = 30, 20 shared: J = 0.5; 30 hashes in 128 bins leave most bins empty.
    const next = lcg(5);
    const k = 128;
    const trials = 2000;
    const perBin = new Float64Array(k);
    for (let t = 0; t < trials; t++) {
      const [a, b] = setPair(30, 20, next);
      const hasher = new OnePermutationMinHash(k, 1000 + t);
      const sig = new Uint32Array(2 * k);
      hasher.sketch(a, a.length, sig, 0);
      hasher.sketch(b, b.length, sig, k);
      for (let j = 0; j < k; j++) if (sig[j] === sig[k + j]) perBin[j]++;
    }
    let total = 0;
    for (let j = 0; j < k; j++) total += perBin[j];
    expect(Math.abs(total / (k * trials) - 0.5)).toBeLessThan(0.01);
    // Each bin alone: standard error sqrt(0.25 / 2000) = 0.011; allow 4.5 of them.
    for (let j = 0; j < k; j++) expect(Math.abs(perBin[j] / trials - 0.5)).toBeLessThan(0.05);
  });

  it('sketchText equals sketching the stored shingle hashes, content hash included', () => {
    const texts = [
      '',
      'abc',
      'Hello  World',
      'Caf\u00e9 au lait, s\u2019il vous pla\u00eet',
      '今天天气很好，我们去公园散步吧',
      'x'.repeat(3000),
      'emoji 😀 inside',
      'The QUICK brown fox',
    ];
    const hasher = new OnePermutationMinHash(64, 9);
    const buffer = createHashBuffer(8);
    for (const text of texts) {
      const a = new Uint32Array(64);
      const b = new Uint32Array(64);
      const contentA = new Uint32Array(2);
      const contentB = new Uint32Array(2);
      const count = shingleHashes(text, 9, buffer, contentA);
      expect(hasher.sketch(buffer.data, count, a)).toBe(count > 0);
      expect(hasher.sketchText(text, 9, b, 0, contentB)).toBe(count > 0);
      expect(b).toEqual(a);
      expect(contentB).toEqual(contentA);
    }
  });

  it('minhashSignatures estimates text similarity', () => {
    const texts = [
      'Comfortable headphones with rich bass, though they get warm after an hour.',
      'Comfortable headphones with rich bass, though they get warm after one hour.',
      'Comfortable headphones with rich bass, though they get warm after an hour.',
      'Stopped working after two weeks and support never replied to my emails.',
    ];
    const k = 256;
    const sig = minhashSignatures(texts, k, 42);
    expect(sig.length).toBe(4 * k);
    expect(estimateJaccard(sig, k, 0, 2)).toBe(1);
    const exact = jaccardSorted(shingleSet(texts[0], 42), shingleSet(texts[1], 42));
    expect(exact).toBe(64 / 77);
    expect(Math.abs(estimateJaccard(sig, k, 0, 1) - exact)).toBeLessThan(0.12);
    expect(estimateJaccard(sig, k, 0, 3)).toBeLessThan(0.15);
  });
});

describe('densification', () => {
  it('fills each empty bin from the first non-empty bin along its own probe sequence (a loop per bin as reference)', () => {
    const k = 64;
    const seed = 99;
    const hasher = new OnePermutationMinHash(k, seed);
    let state = 7;
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
    for (let trial = 0; trial < 300; trial++) {
      const count = 1 + (trial % 90);
      const hashes = Uint32Array.from({ length: count }, () => next() ^ (next() << 16));
      const out = new Uint32Array(k);
      hasher.sketch(hashes, count, out);
      const bins = new Uint32Array(k).fill(0xffffffff);
      for (const h of hashes) bins[binOf(h, k)] = Math.min(bins[binOf(h, k)], h);
      for (let j = 0; j < k; j++) {
        let expected = bins[j];
        if (expected === 0xffffffff) {
          const probes = seededPermutation(k, (seed ^ Math.imul(j + 1, 0x27d4eb2d)) >>> 0);
          let p = 0;
          while (bins[probes[p]] === 0xffffffff) p++;
          expected = bins[probes[p]];
        }
        expect(out[j]).toBe(expected);
      }
    }
  });
});
