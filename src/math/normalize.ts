/**
 * Text normalisation for duplicate detection, as strings (reference, tests, verification of
 * hash groups) and as a streaming hash that creates no string for ASCII text (the hot path).
 *
 * - `normalizeText`: Unicode NFC, trimmed, every whitespace run collapsed to one space. Two rows
 *   are exact duplicates when their normalised texts are equal.
 * - `foldText`: `normalizeText` lower-cased: what near-duplicate shingling reads.
 *
 * "Whitespace" is exactly what JavaScript's `\s` matches, so the streaming and the string
 * versions agree on every input.
 */

/** True for the code units JavaScript's `\s` matches. */
export function isWhitespaceCode(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

const WHITESPACE_RUN = /\s+/g;

/** NFC, trimmed, whitespace runs collapsed to one space. */
export function normalizeText(text: string): string {
  return text.normalize('NFC').replace(WHITESPACE_RUN, ' ').trim();
}

/** `normalizeText`, lower-cased: the text near-duplicate shingles are taken from. */
export function foldText(text: string): string {
  return normalizeText(text).toLowerCase();
}

/**
 * The text the streaming functions read: the input itself when it is ASCII (NFC is the
 * identity there and ASCII letters are lower-cased inline), else its NFC form, lower-cased
 * when `fold`. Whitespace is collapsed by the reader, not here.
 */
export function streamSource(text: string, fold: boolean): string {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) >= 0x80) {
      const nfc = text.normalize('NFC');
      return fold ? nfc.toLowerCase() : nfc;
    }
  }
  return text;
}

const FNV_PRIME = 0x01000193;
const M1 = 0x85ebca6b;
const M2 = 0xc2b2ae35;

/** murmur3's 32-bit finaliser: a bijection on 32-bit integers with full avalanche. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, M1);
  h ^= h >>> 13;
  h = Math.imul(h, M2);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * 64-bit hash (two 32-bit words: FNV-1a and djb2-xor, both finalised by murmur3's mix) of the
 * normalised text, computed while streaming over the characters: no intermediate string for
 * ASCII input. Not collision-proof (callers verify groups by the exact text), only cheap.
 * Writes the words to `out[offset]` and `out[offset + 1]` and returns the length of the
 * normalised text in code units (0: empty). Equal normalised texts give equal hashes; `fold`
 * hashes `foldText` instead.
 */
export function normalizedHash(text: string, fold: boolean, seed: number, out: Uint32Array, offset = 0): number {
  // ASCII text is read as is; the first non-ASCII character restarts on the normalised text.
  const length = hashStream(text, fold, seed, out, offset, true);
  return length >= 0 ? length : hashStream(streamSource(text, fold), fold, seed, out, offset, false);
}

function hashStream(source: string, fold: boolean, seed: number, out: Uint32Array, offset: number, asciiOnly: boolean): number {
  let h1 = 0x811c9dc5 ^ seed;
  let h2 = fmix32(seed ^ 0x9e3779b9) | 0;
  let length = 0;
  let pendingSpace = false;
  const n = source.length;
  for (let i = 0; i < n; i++) {
    let c = source.charCodeAt(i);
    if (c <= 0x20 || c >= 0x80) {
      if (c >= 0x80 && asciiOnly) return -1;
      if (isWhitespaceCode(c)) {
        if (length > 0) pendingSpace = true;
        continue;
      }
    }
    if (pendingSpace) {
      h1 = Math.imul(h1 ^ 0x20, FNV_PRIME);
      h2 = ((h2 << 5) + h2) ^ 0x20;
      length++;
      pendingSpace = false;
    }
    if (fold && c >= 65 && c <= 90) c += 32;
    h1 = Math.imul(h1 ^ c, FNV_PRIME);
    h2 = ((h2 << 5) + h2) ^ c;
    length++;
  }
  out[offset] = fmix32(h1 ^ length);
  out[offset + 1] = fmix32((h2 ^ Math.imul(length, M2)) >>> 0);
  return length;
}
