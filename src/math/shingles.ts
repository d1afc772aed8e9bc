/**
 * Character 5-gram shingles of the folded text (`foldText`: NFC, lower-cased, whitespace
 * collapsed, trimmed), each hashed to a 32-bit integer without creating substrings.
 *
 * Characters are Unicode code points (a surrogate pair is one character). A text shorter than
 * five characters is one shingle: the whole text. An empty text has no shingles.
 *
 * Hashing is seeded and costs O(1) per character whatever the window:
 * - a window of five ASCII characters is packed exactly (7 bits each, 35 bits as a 28-bit and
 *   a 7-bit word) and mixed to 32 bits with murmur3's finaliser;
 * - a window holding any other character is hashed from two polynomial rolling hashes over its
 *   code points (two independent polynomials avoid the structured collisions of one), mixed by
 *   murmur3's 32-bit mix of the 8-byte key with the seed.
 * Both rules depend only on the window, so the same 5-gram gets the same hash in any text.
 */
import { fmix32, isWhitespaceCode, streamSource } from './normalize.js';

export const SHINGLE_SIZE = 5;

const B1 = 0x01000193; // odd multipliers of the two rolling polynomials
const B2 = 0x5bd1e995;
const B1_5 = Math.imul(Math.imul(Math.imul(Math.imul(B1, B1), B1), B1), B1);
const B2_5 = Math.imul(Math.imul(Math.imul(Math.imul(B2, B2), B2), B2), B2);
const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;
const GOLDEN = 0x9e3779b1;
const FNV_PRIME = 0x01000193;

/** murmur3_32 of the 8-byte key (p1, p2) with `seed`, `tag` mixed in as the length. */
export function mixPair(p1: number, p2: number, seed: number, tag: number): number {
  let k = Math.imul(p1, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  let h = seed ^ k;
  h = (h << 13) | (h >>> 19);
  h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  k = Math.imul(p2, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  return fmix32(h ^ tag);
}

/**
 * Hash of an all-ASCII window: `lo` holds the last four characters (7 bits each, newest
 * lowest), `hi` the oldest; for a text shorter than five characters `lo` holds all of them and
 * `hi` is 0x80 + their count (never a character). `seedHi` is `fmix32(seed)`.
 */
export function packedHash(lo: number, hi: number, seedHi: number): number {
  return fmix32(lo ^ Math.imul(hi ^ seedHi, GOLDEN));
}

/** A growable scratch buffer for shingle hashes (reused across rows). */
export interface HashBuffer {
  data: Uint32Array;
}

export function createHashBuffer(capacity = 1024): HashBuffer {
  return { data: new Uint32Array(capacity) };
}

function firstNonAscii(text: string): number {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 0x80) return i;
  return -1;
}

/**
 * Writes the hash of every 5-gram of `foldText(text)` (in order, repeats kept) to
 * `buffer.data[0..count)` and returns `count`. When `content` is given, also writes there a
 * 64-bit hash of the folded text (from its shingle sequence and length: equal folded texts get
 * equal hashes), so a caller gets a grouping key from the same pass.
 */
export function shingleHashes(text: string, seed: number, buffer: HashBuffer, content?: Uint32Array, contentOffset = 0): number {
  const ascii = firstNonAscii(text) < 0;
  const source = ascii ? text : streamSource(text, true);
  if (buffer.data.length < source.length + 1) buffer.data = new Uint32Array(Math.max(source.length + 1, buffer.data.length * 2));
  const count = ascii ? asciiShingles(source, seed, buffer.data) : unicodeShingles(source, seed, buffer.data);
  if (content) {
    const out = buffer.data;
    let c1 = 0x811c9dc5 ^ seed;
    let c2 = seed | 0;
    for (let i = 0; i < count; i++) {
      const h = out[i];
      c1 = Math.imul(c1 ^ h, FNV_PRIME);
      c2 = (c2 + h) | 0;
    }
    content[contentOffset] = fmix32(c1 ^ count);
    content[contentOffset + 1] = fmix32(c2 ^ Math.imul(count, 0x85ebca6b));
  }
  return count;
}

/** The ASCII fast path: packed windows, inline lower-casing and whitespace collapsing. */
function asciiShingles(source: string, seed: number, out: Uint32Array): number {
  const seedHi = fmix32(seed);
  let lo = 0;
  let hi = 0;
  let chars = 0;
  let count = 0;
  let pendingSpace = false;
  const n = source.length;
  for (let i = 0; i < n; i++) {
    let c = source.charCodeAt(i);
    if (c <= 0x20 && (c === 0x20 || (c >= 0x09 && c <= 0x0d))) {
      if (chars > 0) pendingSpace = true;
      continue;
    }
    if (pendingSpace) {
      pendingSpace = false;
      hi = lo >>> 21;
      lo = ((lo << 7) | 0x20) & 0x0fffffff;
      if (++chars >= SHINGLE_SIZE) out[count++] = fmix32(lo ^ Math.imul(hi ^ seedHi, GOLDEN));
    }
    if (c >= 65 && c <= 90) c += 32;
    hi = lo >>> 21;
    lo = ((lo << 7) | c) & 0x0fffffff;
    if (++chars >= SHINGLE_SIZE) out[count++] = fmix32(lo ^ Math.imul(hi ^ seedHi, GOLDEN));
  }
  if (chars > 0 && chars < SHINGLE_SIZE) out[count++] = packedHash(lo, 0x80 + chars, seedHi);
  return count;
}

/** The general path over code points (the source is already NFC and lower-cased). */
function unicodeShingles(source: string, seed: number, out: Uint32Array): number {
  seed >>>= 0;
  const seedHi = fmix32(seed);
  let p1 = 0;
  let p2 = 0;
  let lo = 0;
  let hi = 0;
  // The window's five code points, oldest first.
  let w0 = 0;
  let w1 = 0;
  let w2 = 0;
  let w3 = 0;
  let w4 = 0;
  let chars = 0;
  let lastNonAscii = -SHINGLE_SIZE; // position (1-based count) of the newest non-ASCII character
  let count = 0;
  let pendingSpace = false;
  const n = source.length;
  for (let i = 0; i < n; i++) {
    const c = source.charCodeAt(i);
    if (isWhitespaceCode(c)) {
      if (chars > 0) pendingSpace = true;
      continue;
    }
    let cp = c >= 65 && c <= 90 ? c + 32 : c;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = source.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
        i++;
      }
    }
    for (let step = pendingSpace ? 0 : 1; step < 2; step++) {
      const x = step === 0 ? 0x20 : cp;
      p1 = (Math.imul(p1, B1) - Math.imul(w0, B1_5) + x) | 0;
      p2 = (Math.imul(p2, B2) - Math.imul(w0, B2_5) + x) | 0;
      w0 = w1;
      w1 = w2;
      w2 = w3;
      w3 = w4;
      w4 = x;
      hi = lo >>> 21;
      lo = ((lo << 7) | (x & 0x7f)) & 0x0fffffff;
      chars++;
      if (x >= 0x80) lastNonAscii = chars;
      if (chars >= SHINGLE_SIZE) {
        out[count++] = lastNonAscii <= chars - SHINGLE_SIZE ? fmix32(lo ^ Math.imul(hi ^ seedHi, GOLDEN)) : mixPair(p1, p2, seed, 8);
      }
    }
    pendingSpace = false;
  }
  if (chars > 0 && chars < SHINGLE_SIZE) out[count++] = lastNonAscii <= 0 ? packedHash(lo, 0x80 + chars, seedHi) : mixPair(p1, p2, seed, 16 + chars);
  return count;
}

/** Sorts `hashes[0..count)` in place and removes repeats; returns the number of distinct values. */
export function sortUnique(hashes: Uint32Array, count: number): number {
  if (count <= 1) return count;
  const view = hashes.subarray(0, count);
  view.sort();
  let unique = 1;
  for (let i = 1; i < count; i++) {
    if (view[i] !== view[unique - 1]) view[unique++] = view[i];
  }
  return unique;
}

/** The sorted, distinct shingle hashes of a text (a new array). */
export function shingleSet(text: string, seed: number, buffer: HashBuffer = createHashBuffer()): Uint32Array {
  const count = shingleHashes(text, seed, buffer);
  const unique = sortUnique(buffer.data, count);
  return buffer.data.slice(0, unique);
}

/**
 * Reference implementation with strings (tests and explanations): the distinct 5-grams of
 * `foldText(text)` over code points; the whole text when it is shorter.
 */
export function shingleStrings(folded: string): Set<string> {
  const chars = Array.from(folded);
  const set = new Set<string>();
  if (chars.length === 0) return set;
  if (chars.length < SHINGLE_SIZE) {
    set.add(folded);
    return set;
  }
  for (let i = 0; i + SHINGLE_SIZE <= chars.length; i++) set.add(chars.slice(i, i + SHINGLE_SIZE).join(''));
  return set;
}
