import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { charNgramStrings, foldForHashing, hashedNgramCounts, hashedTfidf, murmur3Bytes, wordNgramStrings } from '../src/math/hashed-tfidf.js';
import { PROXY_FIXTURES, readArrays } from './helpers/proxy-fixture.js';

const encoder = new TextEncoder();
const hashOf = (text: string): number => {
  const bytes = encoder.encode(text);
  return murmur3Bytes(bytes, 0, bytes.length, 0);
};
const textFixture = JSON.parse(readFileSync(join(PROXY_FIXTURES, 'text.json'), 'utf8')) as {
  texts: string[];
  labels: number[];
  blockBuckets: number;
  murmur3: [string, number][];
};
const all = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

/** Values of one CSR row by column. */
function rowOf(matrix: { indptr: Int32Array; indices: Int32Array; values: Float32Array }, row: number): Map<number, number> {
  const out = new Map<number, number>();
  for (let p = matrix.indptr[row]; p < matrix.indptr[row + 1]; p++) out.set(matrix.indices[p], matrix.values[p]);
  return out;
}

describe('murmur3Bytes', () => {
  it("equals scikit-learn's murmurhash3_32(s, seed=0) on the UTF-8 bytes, ASCII and not", () => {
    expect(textFixture.murmur3.length).toBeGreaterThan(10);
    for (const [text, expected] of textFixture.murmur3) expect(hashOf(text)).toBe(expected);
  });

  it('hashes a byte range as the bytes on their own', () => {
    const bytes = encoder.encode('xx café yy');
    expect(murmur3Bytes(bytes, 3, 3 + encoder.encode('café').length)).toBe(hashOf('café'));
  });
});

describe('n-grams', () => {
  it("takes scikit-learn's words (two or more word characters) and char_wb n-grams", () => {
    const folded = foldForHashing('Hello, WÖRLD! a b_c 東京は');
    expect(wordNgramStrings(folded, [1, 2])).toEqual(['hello', 'wörld', 'b_c', '東京は', 'hello wörld', 'wörld b_c', 'b_c 東京は']);
    // ' a ' is shorter than 4, so it counts once at n = 3 and stops.
    expect(charNgramStrings(foldForHashing('ab\t\u00a0a'), [2, 4])).toEqual([' a', 'ab', 'b ', ' ab', 'ab ', ' ab ', ' a', 'a ', ' a ']);
  });

  it('the streaming counts equal counting the reference n-gram strings', () => {
    const texts = [...textFixture.texts.slice(0, 60), 'Ünïcödé  naïve\u0301 ΟΔΟΣ İstanbul 🙂🙂', '', '   ', 'x', 'a\u2003b\u3000cd'];
    const bits = 16;
    const counts = hashedNgramCounts((row) => texts[row], texts.length, { hashBits: bits });
    const half = 2 ** (bits - 1);
    for (let row = 0; row < texts.length; row++) {
      const folded = foldForHashing(texts[row]);
      const expected = new Map<number, number>();
      for (const gram of wordNgramStrings(folded, [1, 2])) {
        const bucket = Math.abs(hashOf(gram)) % half;
        expected.set(bucket, (expected.get(bucket) ?? 0) + 1);
      }
      for (const gram of charNgramStrings(folded, [2, 4])) {
        const bucket = half + (Math.abs(hashOf(gram)) % half);
        expected.set(bucket, (expected.get(bucket) ?? 0) + 1);
      }
      const got = new Map<number, number>();
      for (let p = counts.indptr[row]; p < counts.indptr[row + 1]; p++) got.set(counts.indices[p], counts.counts[p]);
      expect(got).toEqual(expected);
    }
    expect(counts.emptyRows).toBe(2);
  });
});

describe('hashedTfidf', () => {
  it("builds scikit-learn's hashed TF-IDF of 600 texts exactly (idf on all rows, and on fold 0's training rows)", () => {
    const arrays = readArrays('text');
    const texts = textFixture.texts;
    const fold = arrays.get('fold')!.data;
    const cases: [string, Int32Array][] = [
      ['', all(texts.length)],
      ['fold0_', Int32Array.from([...fold.keys()].filter((i) => fold[i] !== 0))],
    ];
    for (const [prefix, fitRows] of cases) {
      const result = hashedTfidf((row) => texts[row], texts.length, fitRows, { hashBits: 12 });
      expect(result.wordBuckets).toBe(textFixture.blockBuckets);
      const { indptr, indices, values } = result.matrix;
      expect(Array.from(indptr)).toEqual(Array.from(arrays.get(`${prefix}indptr`)!.data));
      expect(Array.from(indices)).toEqual(Array.from(arrays.get(`${prefix}indices`)!.data));
      const reference = arrays.get(`${prefix}data`)!.data;
      let largest = 0;
      for (let p = 0; p < values.length; p++) largest = Math.max(largest, Math.abs(values[p] - reference[p]));
      expect(largest).toBeLessThanOrEqual(1e-7); // float32 rounding of the same double at most
    }
  });

  it('matches TF-IDF computed by hand on three tiny documents, idf from the fit rows only', () => {
    const docs = ['apple banana', 'Apple cherry CHERRY', 'banana'];
    const options = { hashBits: 16, wordNgrams: [1, 1] as const, charNgrams: null, sublinearTf: false };
    const bucket = (word: string) => Math.abs(hashOf(word)) % 2 ** 16;
    const [apple, banana, cherry] = ['apple', 'banana', 'cherry'].map(bucket);
    expect(new Set([apple, banana, cherry]).size).toBe(3);
    // Fit rows 0 and 2: n = 2, df(apple) = 1, df(banana) = 2, df(cherry) = 0 (never seen: the largest idf).
    const idfApple = Math.log(3 / 2) + 1;
    const idfBanana = Math.log(3 / 3) + 1;
    const idfCherry = Math.log(3 / 1) + 1;
    const raw = hashedTfidf((row) => docs[row], 3, Int32Array.from([0, 2]), options);
    const norm0 = Math.hypot(idfApple, idfBanana);
    expect(rowOf(raw.matrix, 0).get(apple)).toBeCloseTo(idfApple / norm0, 6);
    expect(rowOf(raw.matrix, 0).get(banana)).toBeCloseTo(idfBanana / norm0, 6);
    const norm1 = Math.hypot(idfApple, 2 * idfCherry);
    expect(rowOf(raw.matrix, 1).get(apple)).toBeCloseTo(idfApple / norm1, 6);
    expect(rowOf(raw.matrix, 1).get(cherry)).toBeCloseTo((2 * idfCherry) / norm1, 6);
    expect(rowOf(raw.matrix, 2)).toEqual(new Map([[banana, 1]]));
    expect(raw.fitBuckets).toBe(2);
    // Sublinear tf: the count 2 becomes 1 + ln 2.
    const sublinear = hashedTfidf((row) => docs[row], 3, Int32Array.from([0, 2]), { ...options, sublinearTf: true });
    const tf = 1 + Math.LN2;
    const normS = Math.hypot(idfApple, tf * idfCherry);
    expect(rowOf(sublinear.matrix, 1).get(cherry)).toBeCloseTo((tf * idfCherry) / normS, 6);
  });

  it('gives words and character n-grams half the squared norm each, and leaves empty texts empty', () => {
    const texts = ['the cat sat', '', 'a'];
    const result = hashedTfidf((row) => texts[row], 3, all(3), { hashBits: 10 });
    let words = 0;
    let chars = 0;
    for (const [column, value] of rowOf(result.matrix, 0)) {
      if (column < result.wordBuckets) words += value * value;
      else chars += value * value;
    }
    expect(words).toBeCloseTo(0.5, 6);
    expect(chars).toBeCloseTo(0.5, 6);
    expect(rowOf(result.matrix, 1).size).toBe(0);
    // 'a' has no word (one letter) but character n-grams (' a', 'a ', ' a '): a unit row of them.
    let squares = 0;
    for (const [column, value] of rowOf(result.matrix, 2)) {
      expect(column).toBeGreaterThanOrEqual(result.wordBuckets);
      squares += value * value;
    }
    expect(squares).toBeCloseTo(1, 6);
    expect(result.emptyRows).toBe(1);
  });

  it('signed hashing gives an n-gram the sign of its hash', () => {
    const words = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta'];
    const signs = words.map((word) => (hashOf(word) >= 0 ? 1 : -1));
    expect(new Set(signs).size).toBe(2); // both signs occur among these words
    const result = hashedTfidf((row) => words[row], words.length, all(words.length), { hashBits: 16, wordNgrams: [1, 1], charNgrams: null, signed: true });
    for (let row = 0; row < words.length; row++) {
      const cells = [...rowOf(result.matrix, row).values()];
      expect(cells.length).toBe(1);
      expect(Math.sign(cells[0])).toBe(signs[row]);
      expect(Math.abs(cells[0])).toBeCloseTo(1, 6);
    }
  });

  it('refuses bad options', () => {
    expect(() => hashedTfidf(() => '', 1, all(1), { hashBits: 40 })).toThrow(/hashBits/);
    expect(() => hashedTfidf(() => '', 1, all(1), { wordNgrams: null, charNgrams: null })).toThrow(/word or character/);
    expect(() => hashedTfidf(() => '', 1, all(1), { charNgrams: [3, 2] })).toThrow(/min <= max/);
    expect(() => hashedTfidf(() => '', 1, Int32Array.from([1]))).toThrow(/outside/);
  });
});
