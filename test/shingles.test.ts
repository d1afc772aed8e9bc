import { describe, expect, it } from 'vitest';
import { createHashBuffer, shingleHashes, shingleSet, shingleStrings, sortUnique } from '../src/math/shingles.js';
import { jaccardSorted } from '../src/math/jaccard.js';
import { foldText } from '../src/math/normalize.js';

function stringJaccard(a: string, b: string): number {
  const A = shingleStrings(foldText(a));
  const B = shingleStrings(foldText(b));
  let shared = 0;
  for (const s of A) if (B.has(s)) shared++;
  return A.size + B.size === 0 ? 1 : shared / (A.size + B.size - shared);
}

describe('shingleHashes', () => {
  it('hashes every 5-gram of the folded text', () => {
    const buffer = createHashBuffer(4);
    // "hello world": hello, ello_, llo_w, lo_wo, o_wor, _worl, world
    expect(shingleHashes('  Hello   WORLD ', 42, buffer)).toBe(7);
    expect(shingleStrings(foldText('  Hello   WORLD '))).toEqual(new Set(['hello', 'ello ', 'llo w', 'lo wo', 'o wor', ' worl', 'world']));
    expect(shingleSet('  Hello   WORLD ', 42)).toEqual(shingleSet('hello world', 42));
    expect(shingleSet('hello world', 42).length).toBe(7);
  });

  it('treats short texts as one shingle and empty texts as none', () => {
    const buffer = createHashBuffer();
    expect(shingleHashes('abc', 1, buffer)).toBe(1);
    expect(shingleHashes('', 1, buffer)).toBe(0);
    expect(shingleHashes(' \t\n ', 1, buffer)).toBe(0);
    expect(shingleSet('ab', 1)).not.toEqual(shingleSet('abc', 1));
    expect(shingleSet('AbC', 1)).toEqual(shingleSet('abc', 1));
  });

  it('keeps repeats in the sequence and removes them in the set', () => {
    const buffer = createHashBuffer();
    expect(shingleHashes('aaaaaaa', 3, buffer)).toBe(3);
    expect(buffer.data[0]).toBe(buffer.data[1]);
    expect(shingleSet('aaaaaaa', 3).length).toBe(1);
  });

  it('counts code points, not UTF-16 units', () => {
    expect(shingleHashes('😀😀😀😀😀😀', 5, createHashBuffer())).toBe(2);
    expect(shingleSet('😀😀😀😀😀😀', 5).length).toBe(1);
    expect(shingleHashes('😀😀', 5, createHashBuffer())).toBe(1);
  });

  it('is seeded', () => {
    expect(shingleSet('the same text', 1)).not.toEqual(shingleSet('the same text', 2));
    expect(shingleSet('the same text', 1)).toEqual(shingleSet('the same text', 1));
  });

  it('gives the exact string Jaccard on ASCII and non-ASCII texts alike', () => {
    const pairs: [string, string][] = [
      [
        'Comfortable headphones with rich bass, though they get warm after an hour.',
        'Comfortable headphones with rich bass, though they get warm after one hour.',
      ],
      ['cafe au lait with sugar', 'café au lait with sugar'],
      ['Über den Wolken muss die Freiheit wohl grenzenlos sein', 'über den wolken muß die freiheit wohl grenzenlos sein'],
      ['今天天气很好，我们去公园散步吧', '今天天气不错，我们去公园散步吧'],
      ['emoji 😀 inside text', 'emoji 😀 inside the text'],
      ['abc', 'abcd'],
      ['short', 'short text'],
    ];
    for (const [a, b] of pairs) {
      const hashed = jaccardSorted(shingleSet(a, 42), shingleSet(b, 42));
      expect(hashed).toBe(stringJaccard(a, b));
      expect(shingleSet(a, 42).length).toBe(shingleStrings(foldText(a)).size);
    }
    expect(jaccardSorted(shingleSet(pairs[0][0], 42), shingleSet(pairs[0][1], 42))).toBe(64 / 77);
  });

  it('collides no more than a random 32-bit hash would (birthday bound)', () => {
    let state = 99;
    const random = () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 4294967296;
    };
    const letters = 'abcdefghijklmnopqrstuvwxyz  .,éü';
    let text = '';
    for (let i = 0; i < 200000; i++) text += letters[Math.floor(random() * letters.length)];
    const strings = shingleStrings(foldText(text));
    const collisions = strings.size - shingleSet(text, 42).length;
    // ~198,000 distinct 5-grams into 2^32 values: n^2 / 2^33 = 4.6 expected collisions.
    expect(strings.size).toBeGreaterThan(190000);
    expect(collisions).toBeLessThanOrEqual(12);
    // A realistic text (a few thousand distinct 5-grams) has none.
    const small = text.slice(0, 5000);
    expect(shingleSet(small, 42).length).toBe(shingleStrings(foldText(small)).size);
  });

  it('writes the same content hash for texts that fold to the same text', () => {
    const buffer = createHashBuffer();
    const content = new Uint32Array(6);
    shingleHashes('Hello   World', 42, buffer, content, 0);
    shingleHashes(' hello world', 42, buffer, content, 2);
    shingleHashes('hello worlds', 42, buffer, content, 4);
    expect([content[0], content[1]]).toEqual([content[2], content[3]]);
    expect([content[0], content[1]]).not.toEqual([content[4], content[5]]);
  });

  it('sortUnique sorts and deduplicates in place', () => {
    const values = Uint32Array.from([5, 3, 4000000000, 3, 5, 1]);
    expect(sortUnique(values, 6)).toBe(4);
    expect(Array.from(values.subarray(0, 4))).toEqual([1, 3, 5, 4000000000]);
  });
});
