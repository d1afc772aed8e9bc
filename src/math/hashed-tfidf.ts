/**
 * Hashed TF-IDF of a text column, as scikit-learn builds it from
 *   HashingVectorizer(analyzer='word', ngram_range=(1, 2), alternate_sign=False, norm=None)
 *   HashingVectorizer(analyzer='char_wb', ngram_range=(2, 4), alternate_sign=False, norm=None)
 *   TfidfTransformer(sublinear_tf=True, smooth_idf=True) on each, fitted on the fit rows,
 * with each block L2-normalised and the row then L2-normalised (so a text's words and its
 * character n-grams weigh the same whatever their counts). test/reference/proxy_logistic.py
 * builds the same matrix in scikit-learn; the fixture test compares them.
 *
 * - Text: Unicode NFC, then lower-cased (scikit-learn's `preprocessor` in the reference).
 * - Words: maximal runs of at least two word characters, scikit-learn's `(?u)\b\w\w+\b`; Python's
 *   `\w` is exactly [\p{L}\p{N}_] (checked over all code points both Unicode versions know), so
 *   combining marks split words as they do in scikit-learn. Word n-grams join words with a space.
 * - Character n-grams (`char_wb`): each whitespace-separated word padded with one space on each
 *   side; n-grams of its code points that fit, a padded word shorter than n counted once as a
 *   whole. Whitespace is what Python's `str.split()` splits on.
 * - Hashing: MurmurHash3 x86 32-bit, seed 0, of the n-gram's UTF-8 bytes, read as a signed
 *   integer h; bucket |h| mod (block size), in the block's half of the 2^hashBits buckets (words
 *   first); with `signed`, the count adds sign(h) as `alternate_sign=True` does (h >= 0 counts +1).
 * - TF-IDF: tf = count, or 1 + ln(count) when sublinear (with `signed`, applied to |count|, the
 *   sign kept); idf = ln((1 + n) / (1 + df)) + 1 with n the fit rows and df the fit rows holding
 *   the bucket. Buckets no fit row holds get the largest idf, as in scikit-learn.
 *
 * Deterministic; the n-grams are hashed from a byte buffer without creating substrings.
 */
import { fmix32 } from './normalize.js';
import { csrMatrix, type CsrMatrix } from './feature-matrix.js';

export interface HashedTfidfOptions {
  /** 2^hashBits buckets in all (default 18), split evenly between the word and the character block when both are on. */
  hashBits?: number;
  /** Word n-gram lengths [min, max] (default [1, 2]); null: no word block. */
  wordNgrams?: readonly [number, number] | null;
  /** Character n-gram lengths [min, max] within padded words (default [2, 4]); null: no character block. */
  charNgrams?: readonly [number, number] | null;
  /** tf = 1 + ln(count) (default true). */
  sublinearTf?: boolean;
  /** Signed hashing: half the n-grams count -1 (default false). */
  signed?: boolean;
}

export interface HashedTfidf {
  matrix: CsrMatrix;
  wordBuckets: number;
  charBuckets: number;
  /** Fit rows, and buckets held by at least one of them. */
  fitRows: number;
  fitBuckets: number;
  /** Rows with no n-gram (empty or missing text, or only one-letter words without character n-grams). */
  emptyRows: number;
}

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** MurmurHash3 x86 32-bit of bytes[start, end) with `seed`, as a signed 32-bit integer (scikit-learn's murmurhash3_32). */
export function murmur3Bytes(bytes: Uint8Array, start: number, end: number, seed = 0): number {
  let h = seed | 0;
  const length = end - start;
  const blockEnd = start + (length & ~3);
  for (let i = start; i < blockEnd; i += 4) {
    let k = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = length & 3;
  if (tail > 0) {
    let k = bytes[blockEnd];
    if (tail > 1) k ^= bytes[blockEnd + 1] << 8;
    if (tail > 2) k ^= bytes[blockEnd + 2] << 16;
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
  }
  return fmix32(h ^ length) | 0;
}

/** Python's str.isspace(): what str.split() and `\s` split on. */
export function isPythonSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
  if (c < 0x85) return false;
  return (
    c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
  );
}

const WORD_CHARACTER = /^[\p{L}\p{N}_]$/u;
const wordCache = new Map<number, boolean>();

/** Python's `\w` for a code point. */
export function isWordCharacter(c: number): boolean {
  if (c < 0x80) return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f;
  let word = wordCache.get(c);
  if (word === undefined) {
    word = WORD_CHARACTER.test(String.fromCodePoint(c));
    if (wordCache.size < 65536) wordCache.set(c, word);
  }
  return word;
}

/** The text n-grams are taken from: NFC, lower-cased. */
export function foldForHashing(text: string): string {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return text.normalize('NFC').toLowerCase();
  return text.toLowerCase();
}

/** Reference n-grams as strings (tests, explanations): the word n-grams of a folded text. */
export function wordNgramStrings(folded: string, [low, high]: readonly [number, number]): string[] {
  const tokens: string[] = [];
  let current = '';
  for (const ch of folded + ' ') {
    if (isWordCharacter(ch.codePointAt(0)!)) current += ch;
    else {
      if (Array.from(current).length >= 2) tokens.push(current);
      current = '';
    }
  }
  const out: string[] = [];
  for (let n = low; n <= high; n++) for (let i = 0; i + n <= tokens.length; i++) out.push(tokens.slice(i, i + n).join(' '));
  return out;
}

/** Reference n-grams as strings: scikit-learn's char_wb n-grams of a folded text. */
export function charNgramStrings(folded: string, [low, high]: readonly [number, number]): string[] {
  const out: string[] = [];
  const words: string[][] = [];
  let current: string[] = [];
  for (const ch of folded + ' ') {
    if (isPythonSpace(ch.codePointAt(0)!)) {
      if (current.length > 0) words.push(current);
      current = [];
    } else current.push(ch);
  }
  for (const word of words) {
    const padded = [' ', ...word, ' '];
    for (let n = low; n <= high; n++) {
      if (padded.length <= n) {
        out.push(padded.join(''));
        break;
      }
      for (let i = 0; i + n <= padded.length; i++) out.push(padded.slice(i, i + n).join(''));
    }
  }
  return out;
}

/** UTF-8 bytes and code-point boundaries of the current text, in reusable buffers. */
class Utf8Buffer {
  bytes: Uint8Array = new Uint8Array(256);
  /** Byte offset where each code point starts; one more entry at the end. */
  starts: Int32Array = new Int32Array(256);
  codePoints: Int32Array = new Int32Array(256);
  count = 0;
  length = 0;

  reset(): void {
    this.count = 0;
    this.length = 0;
  }

  push(cp: number): void {
    if (this.length + 4 > this.bytes.length) this.bytes = grow(this.bytes, (this.bytes.length + 4) * 2);
    if (this.count + 2 > this.starts.length) {
      this.starts = growInt(this.starts, this.starts.length * 2);
      this.codePoints = growInt(this.codePoints, this.codePoints.length * 2);
    }
    this.starts[this.count] = this.length;
    this.codePoints[this.count++] = cp;
    const b = this.bytes;
    if (cp < 0x80) b[this.length++] = cp;
    else if (cp < 0x800) {
      b[this.length++] = 0xc0 | (cp >> 6);
      b[this.length++] = 0x80 | (cp & 0x3f);
    } else if (cp < 0x10000) {
      b[this.length++] = 0xe0 | (cp >> 12);
      b[this.length++] = 0x80 | ((cp >> 6) & 0x3f);
      b[this.length++] = 0x80 | (cp & 0x3f);
    } else {
      b[this.length++] = 0xf0 | (cp >> 18);
      b[this.length++] = 0x80 | ((cp >> 12) & 0x3f);
      b[this.length++] = 0x80 | ((cp >> 6) & 0x3f);
      b[this.length++] = 0x80 | (cp & 0x3f);
    }
    this.starts[this.count] = this.length;
  }
}

function grow(array: Uint8Array, length: number): Uint8Array {
  const next = new Uint8Array(length);
  next.set(array);
  return next;
}

function growInt(array: Int32Array, length: number): Int32Array {
  const next = new Int32Array(length);
  next.set(array);
  return next;
}

function growFloat(array: Float64Array, length: number): Float64Array {
  const next = new Float64Array(length);
  next.set(array);
  return next;
}

/** Code points of a string (a lone surrogate becomes U+FFFD, as UTF-8 encoders write it). */
function codePointsOf(text: string, out: Utf8Buffer): void {
  out.reset();
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdfff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (cp <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        cp = ((cp - 0xd800) << 10) + (next - 0xdc00) + 0x10000;
        i++;
      } else cp = 0xfffd;
    }
    out.push(cp);
  }
}

/** Counts a text's hashed n-grams into `counts` (length all buckets), listing new buckets in `touched`. */
class NgramCounter {
  private readonly text = new Utf8Buffer();
  private readonly joined = new Utf8Buffer();
  private tokenStarts: Int32Array = new Int32Array(64);
  private tokenEnds: Int32Array = new Int32Array(64);
  touched: Int32Array = new Int32Array(1024);
  touchedCount = 0;

  constructor(
    readonly counts: Float64Array,
    private readonly words: readonly [number, number] | null,
    private readonly chars: readonly [number, number] | null,
    private readonly wordBuckets: number,
    private readonly charBuckets: number,
    private readonly signed: boolean,
  ) {}

  private add(bytes: Uint8Array, start: number, end: number, offset: number, buckets: number): void {
    const h = murmur3Bytes(bytes, start, end, 0);
    const bucket = offset + (Math.abs(h) % buckets);
    if (this.counts[bucket] === 0) {
      if (this.touchedCount === this.touched.length) this.touched = growInt(this.touched, this.touched.length * 2);
      this.touched[this.touchedCount++] = bucket;
    }
    this.counts[bucket] += this.signed && h < 0 ? -1 : 1;
  }

  count(folded: string): void {
    this.touchedCount = 0;
    codePointsOf(folded, this.text);
    if (this.words) this.countWords(this.words);
    if (this.chars) this.countChars(this.chars);
  }

  /** Words of two or more word characters, written to `joined` separated by single spaces. */
  private countWords([low, high]: readonly [number, number]): void {
    const { text, joined } = this;
    joined.reset();
    let tokens = 0;
    let runStart = -1;
    for (let i = 0; i <= text.count; i++) {
      const word = i < text.count && isWordCharacter(text.codePoints[i]);
      if (word && runStart < 0) runStart = i;
      if (!word && runStart >= 0) {
        if (i - runStart >= 2) {
          if (tokens + 1 > this.tokenStarts.length) {
            this.tokenStarts = growInt(this.tokenStarts, this.tokenStarts.length * 2);
            this.tokenEnds = growInt(this.tokenEnds, this.tokenEnds.length * 2);
          }
          if (tokens > 0) joined.push(0x20);
          this.tokenStarts[tokens] = joined.length;
          for (let c = runStart; c < i; c++) joined.push(text.codePoints[c]);
          this.tokenEnds[tokens++] = joined.length;
        }
        runStart = -1;
      }
    }
    for (let n = low; n <= high; n++) {
      for (let t = 0; t + n <= tokens; t++) this.add(joined.bytes, this.tokenStarts[t], this.tokenEnds[t + n - 1], 0, this.wordBuckets);
    }
  }

  /** char_wb n-grams: each whitespace-separated word padded with a space on both sides. */
  private countChars([low, high]: readonly [number, number]): void {
    const { text } = this;
    const padded = this.joined;
    const offset = this.words ? this.wordBuckets : 0;
    let wordStart = -1;
    for (let i = 0; i <= text.count; i++) {
      const space = i === text.count || isPythonSpace(text.codePoints[i]);
      if (!space && wordStart < 0) wordStart = i;
      if (space && wordStart >= 0) {
        padded.reset();
        padded.push(0x20);
        for (let c = wordStart; c < i; c++) padded.push(text.codePoints[c]);
        padded.push(0x20);
        const length = padded.count;
        for (let n = low; n <= high; n++) {
          if (length <= n) {
            this.add(padded.bytes, 0, padded.length, offset, this.charBuckets);
            break;
          }
          for (let s = 0; s + n <= length; s++) this.add(padded.bytes, padded.starts[s], padded.starts[s + n], offset, this.charBuckets);
        }
        wordStart = -1;
      }
    }
  }
}

export interface HashedCounts {
  /** CSR offsets, buckets (increasing within a row) and n-gram counts (signed sums with `signed`). */
  indptr: Int32Array;
  indices: Int32Array;
  counts: Float64Array;
  buckets: number;
  wordBuckets: number;
  charBuckets: number;
  emptyRows: number;
}

interface ResolvedOptions {
  words: readonly [number, number] | null;
  chars: readonly [number, number] | null;
  buckets: number;
  wordBuckets: number;
  charBuckets: number;
  sublinear: boolean;
  signed: boolean;
}

function resolve(options: HashedTfidfOptions): ResolvedOptions {
  const bits = options.hashBits ?? 18;
  const words = options.wordNgrams === undefined ? ([1, 2] as const) : options.wordNgrams;
  const chars = options.charNgrams === undefined ? ([2, 4] as const) : options.charNgrams;
  if (!(Number.isInteger(bits) && bits >= 2 && bits <= 26)) throw new RangeError(`hashBits must be an integer in [2, 26], got ${bits}`);
  if (!words && !chars) throw new RangeError('hashed TF-IDF needs word or character n-grams');
  for (const range of [words, chars]) {
    if (range && !(Number.isInteger(range[0]) && Number.isInteger(range[1]) && range[0] >= 1 && range[1] >= range[0]))
      throw new RangeError(`n-gram lengths must satisfy 1 <= min <= max, got [${range.join(', ')}]`);
  }
  const buckets = 2 ** bits;
  const wordBuckets = words ? (chars ? buckets / 2 : buckets) : 0;
  return { words, chars, buckets, wordBuckets, charBuckets: buckets - wordBuckets, sublinear: options.sublinearTf ?? true, signed: options.signed ?? false };
}

/** The hashed n-gram counts of `rowCount` texts (`textOf(row)`, '' for a missing one). */
export function hashedNgramCounts(textOf: (row: number) => string, rowCount: number, options: HashedTfidfOptions = {}): HashedCounts {
  const { words, chars, buckets, wordBuckets, charBuckets, signed } = resolve(options);
  const scratch = new Float64Array(buckets);
  const counter = new NgramCounter(scratch, words, chars, wordBuckets, charBuckets, signed);
  const indptr = new Int32Array(rowCount + 1);
  let indices: Int32Array = new Int32Array(Math.max(1024, rowCount * 16));
  let counts: Float64Array = new Float64Array(indices.length);
  let stored = 0;
  let emptyRows = 0;
  for (let row = 0; row < rowCount; row++) {
    counter.count(foldForHashing(textOf(row)));
    const touched = counter.touched.subarray(0, counter.touchedCount);
    touched.sort();
    if (stored + touched.length > indices.length) {
      const size = Math.max(indices.length * 2, stored + touched.length);
      indices = growInt(indices, size);
      counts = growFloat(counts, size);
    }
    const before = stored;
    for (let t = 0; t < touched.length; t++) {
      const bucket = touched[t];
      const count = scratch[bucket];
      scratch[bucket] = 0;
      if (count === 0) continue; // signed counts that cancelled
      indices[stored] = bucket;
      counts[stored++] = count;
    }
    if (stored === before) emptyRows++;
    indptr[row + 1] = stored;
  }
  return { indptr, indices: indices.slice(0, stored), counts: counts.slice(0, stored), buckets, wordBuckets, charBuckets, emptyRows };
}

/**
 * The hashed TF-IDF matrix of `rowCount` texts (`textOf(row)`, '' for a missing one), its idf
 * fitted on `fitRows`. Rows hold their buckets in increasing order.
 */
export function hashedTfidf(textOf: (row: number) => string, rowCount: number, fitRows: Int32Array, options: HashedTfidfOptions = {}): HashedTfidf {
  const { sublinear } = resolve(options);
  const { indptr, indices, counts, buckets: total, wordBuckets, charBuckets, emptyRows } = hashedNgramCounts(textOf, rowCount, options);

  // Document frequencies over the fit rows, then idf.
  const df = new Int32Array(total);
  for (let i = 0; i < fitRows.length; i++) {
    const row = fitRows[i];
    if (!(row >= 0 && row < rowCount)) throw new RangeError(`fit row ${row} is outside [0, ${rowCount})`);
    for (let p = indptr[row]; p < indptr[row + 1]; p++) df[indices[p]]++;
  }
  const idf = new Float64Array(total);
  let fitBuckets = 0;
  for (let b = 0; b < total; b++) {
    idf[b] = Math.log((1 + fitRows.length) / (1 + df[b])) + 1;
    if (df[b] > 0) fitBuckets++;
  }

  // tf-idf, each block L2-normalised, then the row (blocks present: 1 or 2) normalised.
  const values = counts;
  const out = new Float32Array(values.length);
  for (let row = 0; row < rowCount; row++) {
    const start = indptr[row];
    const end = indptr[row + 1];
    let split = start;
    while (split < end && indices[split] < wordBuckets) split++;
    let blocks = 0;
    for (const [from, to] of [
      [start, split],
      [split, end],
    ]) {
      let squares = 0;
      for (let p = from; p < to; p++) {
        const count = values[p];
        const tf = sublinear ? Math.sign(count) * (1 + Math.log(Math.abs(count))) : count;
        const weight = tf * idf[indices[p]];
        values[p] = weight;
        squares += weight * weight;
      }
      if (squares > 0) {
        blocks++;
        const inverse = 1 / Math.sqrt(squares);
        for (let p = from; p < to; p++) values[p] *= inverse;
      }
    }
    const rowScale = blocks === 2 ? Math.SQRT1_2 : 1;
    for (let p = start; p < end; p++) out[p] = values[p] * rowScale;
  }
  const matrix = csrMatrix(indptr, indices, out, total);
  return { matrix, wordBuckets, charBuckets, fitRows: fitRows.length, fitBuckets, emptyRows };
}
