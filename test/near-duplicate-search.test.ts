/**
 * The near-duplicate search against an exact reference: every pair of a few thousand synthetic
 * texts with Jaccard >= 0.8 is found by an exact all-pairs similarity join (prefix filtering,
 * Chaudhuri et al. 2006, over string shingles: independent of MinHash and of the hashing), and
 * recall is measured on all pairs whose true similarity is >= 0.85.
 */
import { mulberry32, randomWords, zipfSampler } from '../src/math/synthetic.js';
import { describe, expect, it } from 'vitest';
import { findNearDuplicates } from '../src/math/near-duplicates.js';
import { foldText } from '../src/math/normalize.js';
import { shingleStrings } from '../src/math/shingles.js';

/** Background texts (8-25 Zipf-distributed words) and planted variants at a range of similarities. */
function corpus(background: number, planted: number, seed: number): string[] {
  const random = mulberry32(seed);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const word = zipfSampler(randomWords(3000, random), random);
  const sentence = () => Array.from({ length: 8 + Math.floor(random() * 18) }, word).join(' ');
  const texts: string[] = [];
  for (let i = 0; i < background; i++) texts.push(sentence());
  for (let p = 0; p < planted; p++) {
    const base = sentence();
    let variant = base;
    const edits = Math.floor(random() * 4); // 0..3 character edits
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(random() * variant.length);
      const kind = random();
      const char = letters[Math.floor(random() * 26)];
      if (kind < 0.4) variant = variant.slice(0, at) + char + variant.slice(at + 1);
      else if (kind < 0.7) variant = variant.slice(0, at) + char + variant.slice(at);
      else variant = variant.slice(0, at) + variant.slice(at + 1);
    }
    if (random() < 0.3) variant = variant.toUpperCase();
    if (random() < 0.3) variant = `  ${variant.replace(/ /g, '   ')} `;
    texts.push(base, variant);
  }
  return texts;
}

/** All pairs with Jaccard >= threshold, exactly (prefix-filtered all-pairs join over string shingles). */
function exactJoin(texts: string[], threshold: number): Map<string, number> {
  const sets = texts.map((text) => [...shingleStrings(foldText(text))]);
  const frequency = new Map<string, number>();
  for (const set of sets) for (const s of set) frequency.set(s, (frequency.get(s) ?? 0) + 1);
  const order = (a: string, b: string) => frequency.get(a)! - frequency.get(b)! || (a < b ? -1 : a > b ? 1 : 0);
  for (const set of sets) set.sort(order);
  const index = new Map<string, number[]>();
  const pairs = new Map<string, number>();
  sets.forEach((set, i) => {
    if (set.length === 0) return;
    const prefix = set.length - Math.ceil(threshold * set.length) + 1;
    const seen = new Set<number>();
    for (let p = 0; p < prefix; p++) {
      for (const j of index.get(set[p]) ?? []) {
        if (seen.has(j)) continue;
        seen.add(j);
        const other = new Set(sets[j]);
        let shared = 0;
        for (const s of set) if (other.has(s)) shared++;
        const similarity = shared / (set.length + other.size - shared);
        if (similarity >= threshold) pairs.set(`${j},${i}`, similarity);
      }
      const list = index.get(set[p]);
      if (list) list.push(i);
      else index.set(set[p], [i]);
    }
  });
  return pairs;
}

describe('findNearDuplicates', () => {
  const texts = corpus(3000, 700, 2024);
  const reference = exactJoin(texts, 0.8);
  const index = findNearDuplicates({ count: texts.length, text: (i) => texts[i] }, { threshold: 0.8, hashes: 128, seed: 42, maxBucketSize: 128, window: 8 });

  it('finds at least 95% of the pairs with true similarity >= 0.85', () => {
    let truePairs = 0;
    let found = 0;
    for (const [key, similarity] of reference) {
      if (similarity < 0.85) continue;
      truePairs++;
      const [a, b] = key.split(',').map(Number);
      if (index.clusterOf[a] >= 0 && index.clusterOf[a] === index.clusterOf[b]) found++;
    }
    let low = 0;
    let lowFound = 0;
    for (const [key, similarity] of reference) {
      if (similarity >= 0.85) continue;
      low++;
      const [a, b] = key.split(',').map(Number);
      if (index.clusterOf[a] >= 0 && index.clusterOf[a] === index.clusterOf[b]) lowFound++;
    }
    console.log(
      `recall at >= 0.85: ${found} / ${truePairs}; at 0.8-0.85: ${lowFound} / ${low}; candidates ${index.candidatePairs}, verified ${index.verifiedPairs}`,
    );
    expect(truePairs).toBeGreaterThan(300);
    expect(found / truePairs).toBeGreaterThanOrEqual(0.95);
  });

  it('finds pairs planted right at 0.85-0.88, the hardest range, with >= 95% recall', () => {
    // Variants re-drawn until their exact similarity lies in [0.85, 0.88].
    const random = mulberry32(77);
    const base = corpus(0, 400, 99).filter((_, i) => i % 2 === 0);
    const hard: string[] = [];
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const similarity = (a: string, b: string) => {
      const A = shingleStrings(foldText(a));
      const B = shingleStrings(foldText(b));
      let shared = 0;
      for (const x of A) if (B.has(x)) shared++;
      return shared / (A.size + B.size - shared);
    };
    for (const text of base) {
      for (let attempt = 0; attempt < 200; attempt++) {
        let variant = text;
        const edits = 1 + Math.floor(random() * 3);
        for (let e = 0; e < edits; e++) {
          const at = Math.floor(random() * variant.length);
          variant = variant.slice(0, at) + letters[Math.floor(random() * 26)] + variant.slice(at + 1);
        }
        const s = similarity(text, variant);
        if (s >= 0.85 && s <= 0.88) {
          hard.push(text, variant);
          break;
        }
      }
    }
    const rows = [...corpus(2000, 0, 5), ...hard];
    const offset = rows.length - hard.length;
    const result = findNearDuplicates({ count: rows.length, text: (i) => rows[i] }, { threshold: 0.8, hashes: 128, seed: 42, maxBucketSize: 128, window: 8 });
    const planted = hard.length / 2;
    let found = 0;
    for (let p = 0; p < planted; p++) {
      const a = offset + 2 * p;
      if (result.clusterOf[a] >= 0 && result.clusterOf[a] === result.clusterOf[a + 1]) found++;
    }
    console.log(`recall at 0.85-0.88: ${found} / ${planted} = ${(found / planted).toFixed(4)}`);
    expect(planted).toBeGreaterThan(300);
    expect(found / planted).toBeGreaterThanOrEqual(0.95);
  });

  it('reports no pair below the threshold, each with its exact similarity', () => {
    expect(index.verifiedPairs).toBeGreaterThan(0);
    for (let p = 0; p < index.verifiedPairs; p++) {
      const a = index.pairA[p];
      const b = index.pairB[p];
      const key = a < b ? `${a},${b}` : `${b},${a}`;
      expect(reference.has(key)).toBe(true);
      expect(index.pairSimilarity[p]).toBe(reference.get(key));
      expect(index.pairSimilarity[p]).toBeGreaterThanOrEqual(0.8);
    }
  });

  it('is deterministic', () => {
    const again = findNearDuplicates({ count: texts.length, text: (i) => texts[i] }, { threshold: 0.8, hashes: 128, seed: 42, maxBucketSize: 128, window: 8 });
    expect(again.clusters).toEqual(index.clusters);
    expect(again.candidatePairs).toBe(index.candidatePairs);
  });
});

describe('findNearDuplicates on a hand-checked set', () => {
  const texts = [
    'Comfortable headphones with rich bass, though they get warm after an hour.',
    'Battery lasts all day and the screen is bright enough to read outside.',
    'Comfortable headphones with rich bass, though they get warm after one hour.', // 64/77 = 0.831 with 0
    'Battery lasts all day and the screen is bright enough to use outside.', // 58/73 = 0.795 with 1
    '',
    'COMFORTABLE headphones with rich bass,   though they get warm after an hour. ', // same folded text as 0
    'Something else entirely.',
  ];
  const index = findNearDuplicates({ count: texts.length, text: (i) => texts[i] }, { threshold: 0.8, hashes: 128, seed: 42, maxBucketSize: 128, window: 8 });

  it('clusters the pair just above the threshold and not the one just below', () => {
    expect(index.clusters.map((c) => Array.from(c))).toEqual([[0, 2, 5]]);
    expect(index.textItems).toBe(6);
    expect(Array.from(index.repOf)).toEqual([0, 1, 2, 3, -1, 0, 6]);
    expect(index.foldedGroups.map((g) => Array.from(g))).toEqual([[0, 5]]);
    expect(index.verifiedPairs).toBe(1);
    expect([index.pairA[0], index.pairB[0], index.pairSimilarity[0]]).toEqual([0, 2, 64 / 77]);
  });

  it('with a threshold of 0.79 also joins the lower pair', () => {
    const lower = findNearDuplicates({ count: texts.length, text: (i) => texts[i] }, { threshold: 0.79, hashes: 128, seed: 42, maxBucketSize: 128, window: 8 });
    expect(lower.clusters.map((c) => Array.from(c))).toEqual([
      [0, 2, 5],
      [1, 3],
    ]);
  });

  it('verifies only pairs across sides in a two-sided search', () => {
    const side = Uint8Array.from([0, 0, 1, 1, 1, 1, 1]);
    const cross = findNearDuplicates(
      { count: texts.length, text: (i) => texts[i] },
      { threshold: 0.8, hashes: 128, seed: 42, maxBucketSize: 128, window: 8, side, crossOnly: true },
    );
    expect(cross.verifiedPairs).toBe(1);
    expect([cross.pairA[0], cross.pairB[0]]).toEqual([0, 2]);
  });
});
