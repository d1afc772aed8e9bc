/**
 * Lower-cased words and numbers of a text: the tokens of /[\p{L}\p{M}]+|\p{N}+/gu on the
 * lower-cased text, that is maximal runs of letters-and-marks and maximal runs of digits, found by
 * a scan over character codes instead of a regular expression (a third of the time on a million
 * texts, and no array per text). Code points are classed once each: ASCII by a table, the rest by
 * the same Unicode property escapes, cached.
 */

const OTHER = 0;
const LETTER = 1;
const NUMBER = 2;

/** Class of each UTF-16 code unit's code point below 0x10000; 255 until first asked. */
const bmp = new Uint8Array(0x10000).fill(255);
const astral = new Map<number, number>();
const letterOrMark = /^[\p{L}\p{M}]$/u;
const numeric = /^\p{N}$/u;

function classify(codePoint: number): number {
  const char = String.fromCodePoint(codePoint);
  return letterOrMark.test(char) ? LETTER : numeric.test(char) ? NUMBER : OTHER;
}

for (let c = 0; c < 128; c++) bmp[c] = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) ? LETTER : c >= 48 && c <= 57 ? NUMBER : OTHER;

function classAt(codePoint: number): number {
  if (codePoint < 0x10000) {
    let cls = bmp[codePoint];
    if (cls === 255) cls = bmp[codePoint] = classify(codePoint);
    return cls;
  }
  let cls = astral.get(codePoint);
  if (cls === undefined) astral.set(codePoint, (cls = classify(codePoint)));
  return cls;
}

/** Calls `visit` with each token of `text`, in order (see the module comment). */
export function forEachWordToken(text: string, visit: (token: string) => void): void {
  const lower = text.toLowerCase();
  const n = lower.length;
  let start = -1;
  let runClass = OTHER;
  for (let i = 0; i < n;) {
    const unit = lower.charCodeAt(i);
    let codePoint = unit;
    let width = 1;
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < n) {
      const next = lower.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        codePoint = (unit - 0xd800) * 0x400 + (next - 0xdc00) + 0x10000;
        width = 2;
      }
    }
    const cls = classAt(codePoint);
    if (cls !== runClass) {
      if (runClass !== OTHER) visit(lower.slice(start, i));
      runClass = cls;
      start = i;
    }
    i += width;
  }
  if (runClass !== OTHER) visit(lower.slice(start, n));
}

/** The tokens of `text` as an array. */
export function wordTokens(text: string): string[] {
  const out: string[] = [];
  forEachWordToken(text, (token) => out.push(token));
  return out;
}
