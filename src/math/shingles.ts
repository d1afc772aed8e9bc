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

/**
 * Writes the hash of every 5-gram of `foldText(text)` (in order, repeats kept) to
 * `buffer.data[0..count)` and returns `count`. When `content` is given, also writes there a
 * 64-bit hash of the folded text (from its shingle sequence and count: equal folded texts get
 * equal hashes), so a caller gets a grouping key from the same pass.
 */
export function shingleHashes(text: string, seed: number, buffer: HashBuffer, content?: Uint32Array, contentOffset = 0): number {
  if (buffer.data.length < text.length + 1) buffer.data = new Uint32Array(Math.max(text.length + 1, buffer.data.length * 2));
  const count = asciiShingles(text, seed, buffer.data, null, 0, content ?? null, contentOffset);
  if (count >= 0) return count;
  const source = streamSource(text, true);
  if (buffer.data.length < source.length + 1) buffer.data = new Uint32Array(Math.max(source.length + 1, buffer.data.length * 2));
  return unicodeShingles(source, seed, buffer.data, null, 0, content ?? null, contentOffset);
}

/**
 * One-permutation binning of the same shingle hashes, without storing them: each hash goes to
 * bin `((h >>> 16) * k) >>> 16` of `bins`, which keeps the smallest (the caller fills `bins`
 * with 0xffffffff first). Returns the number of shingles; writes the content hash as
 * `shingleHashes` does.
 */
export function binShingles(text: string, seed: number, bins: Uint32Array, k: number, content: Uint32Array | null, contentOffset = 0): number {
  const count = asciiShingles(text, seed, null, bins, k, content, contentOffset);
  if (count >= 0) return count;
  bins.fill(0xffffffff);
  return unicodeShingles(streamSource(text, true), seed, null, bins, k, content, contentOffset);
}

function writeContent(content: Uint32Array | null, offset: number, c1: number, c2: number, count: number): void {
  if (!content) return;
  content[offset] = fmix32(c1 ^ count);
  content[offset + 1] = fmix32(c2 ^ Math.imul(count, 0x85ebca6b));
}

/**
 * The ASCII fast path: packed windows, inline lower-casing and whitespace collapsing. Each hash
 * goes to `out` (in order) or, when `out` is null, into the OPH `bins`. Returns -1 at the first
 * non-ASCII character (the caller restarts on the general path; `bins` must be reset).
 */
function asciiShingles(
  source: string,
  seed: number,
  out: Uint32Array | null,
  bins: Uint32Array | null,
  k: number,
  content: Uint32Array | null,
  contentOffset: number,
): number {
  const seedHi = fmix32(seed);
  let lo = 0;
  let chars = 0;
  let count = 0;
  let c1 = 0x811c9dc5 ^ seed;
  let c2 = seed | 0;
  let pendingSpace = false;
  const n = source.length;
  for (let i = 0; i < n; i++) {
    let c = source.charCodeAt(i);
    if (c <= 0x20 || c >= 0x80) {
      if (c >= 0x80) return -1;
      if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) {
        if (chars > 0) pendingSpace = true;
        continue;
      }
    }
    if (pendingSpace) {
      pendingSpace = false;
      const hi = lo >>> 21;
      lo = ((lo << 7) | 0x20) & 0x0fffffff;
      if (++chars >= SHINGLE_SIZE) {
        const x = fmix32(lo ^ Math.imul(hi ^ seedHi, GOLDEN));
        if (out !== null) out[count] = x;
        else {
          const bin = ((x >>> 16) * k) >>> 16;
          if (x < bins![bin]) bins![bin] = x;
        }
        count++;
        c1 = Math.imul(c1 ^ x, FNV_PRIME);
        c2 = (c2 + x) | 0;
      }
    }
    if (c >= 65 && c <= 90) c += 32;
    const hi = lo >>> 21;
    lo = ((lo << 7) | c) & 0x0fffffff;
    if (++chars >= SHINGLE_SIZE) {
      const x = fmix32(lo ^ Math.imul(hi ^ seedHi, GOLDEN));
      if (out !== null) out[count] = x;
      else {
        const bin = ((x >>> 16) * k) >>> 16;
        if (x < bins![bin]) bins![bin] = x;
      }
      count++;
      c1 = Math.imul(c1 ^ x, FNV_PRIME);
      c2 = (c2 + x) | 0;
    }
  }
  if (chars > 0 && chars < SHINGLE_SIZE) {
    const x = packedHash(lo, 0x80 + chars, seedHi);
    if (out !== null) out[count] = x;
    else {
      const bin = ((x >>> 16) * k) >>> 16;
      if (x < bins![bin]) bins![bin] = x;
    }
    count++;
    c1 = Math.imul(c1 ^ x, FNV_PRIME);
    c2 = (c2 + x) | 0;
  }
  writeContent(content, contentOffset, c1, c2, count);
  return count;
}

/** The general path over code points (the source is already NFC and lower-cased). */
function unicodeShingles(
  source: string,
  seed: number,
  out: Uint32Array | null,
  bins: Uint32Array | null,
  k: number,
  content: Uint32Array | null,
  contentOffset: number,
): number {
  seed >>>= 0;
  const seedHi = fmix32(seed);
  let p1 = 0;
  let p2 = 0;
  let lo = 0;
  // The window's five code points, oldest first.
  let w0 = 0;
  let w1 = 0;
  let w2 = 0;
  let w3 = 0;
  let w4 = 0;
  let chars = 0;
  let lastNonAscii = -SHINGLE_SIZE; // position (1-based count) of the newest non-ASCII character
  let count = 0;
  let c1 = 0x811c9dc5 ^ seed;
  let c2 = seed | 0;
  let pendingSpace = false;
  const n = source.length;
  const emit = (x: number): void => {
    if (out !== null) out[count] = x;
    else {
      const bin = ((x >>> 16) * k) >>> 16;
      if (x < bins![bin]) bins![bin] = x;
    }
    count++;
    c1 = Math.imul(c1 ^ x, FNV_PRIME);
    c2 = (c2 + x) | 0;
  };
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
      const hi = lo >>> 21;
      lo = ((lo << 7) | (x & 0x7f)) & 0x0fffffff;
      chars++;
      if (x >= 0x80) lastNonAscii = chars;
      if (chars >= SHINGLE_SIZE) emit(lastNonAscii <= chars - SHINGLE_SIZE ? fmix32(lo ^ Math.imul(hi ^ seedHi, GOLDEN)) : mixPair(p1, p2, seed, 8));
    }
    pendingSpace = false;
  }
  if (chars > 0 && chars < SHINGLE_SIZE) emit(lastNonAscii <= 0 ? packedHash(lo, 0x80 + chars, seedHi) : mixPair(p1, p2, seed, 16 + chars));
  writeContent(content, contentOffset, c1, c2, count);
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
