/**
 * Containment of evaluation items in training text by n-gram overlap, as the GPT-3 (Brown et al.
 * 2020, appendix C) and LLaMA 2 (Touvron et al. 2023, appendix A.6) reports measure it: the items'
 * word 13-grams after normalisation are indexed (as hashes), the training text is scanned once, and
 * each item gets the share of its n-grams found in the training text (its coverage).
 *
 * Normalisation: Unicode NFKC, lower case; words are runs of letters, digits and marks; every
 * CJK character (Han, kana, Hangul) is a token of its own, so Chinese, which has no spaces, is read
 * in character n-grams; everything else (punctuation, spaces, template markup such as "###") only
 * separates tokens. An item with fewer tokens than `n` but at least `minTokens` uses one n-gram of
 * its whole length; shorter items are not judged (a few words match by chance).
 *
 * Hashes: each token is hashed twice (two 32-bit FNV-1a lanes, finalised), each n-gram is a
 * polynomial of its tokens' hashes per lane, and the two lanes make one 52-bit key: for 1e6 item
 * n-grams against 1e10 training n-grams, about 2 chance matches in all, never enough to cover an item.
 *
 * Memory is the index (items' n-grams) plus per-item counters; the scan keeps nothing per training row.
 */
import { fmix32 } from './normalize.js';

export const NGRAM_SIZE = 13;
export const MIN_ITEM_TOKENS = 8;

const CJK_CLASS = '\\u3040-\\u30ff\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\uac00-\\ud7af\\u{20000}-\\u{2fa1f}';
const CJK = new RegExp(`[${CJK_CLASS}]`, 'u');
/** One CJK character, or a run of other letters, digits and marks. */
const TOKEN = new RegExp(`[${CJK_CLASS}]|(?:(?![${CJK_CLASS}])[\\p{L}\\p{N}\\p{M}])+`, 'gu');

/** The tokens of a text after normalisation: words, and CJK characters one by one. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const match of text.normalize('NFKC').toLowerCase().matchAll(TOKEN)) out.push(match[0]);
  return out;
}

export const isCjk = (token: string) => CJK.test(token);

function tokenHash(token: string, seed: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < token.length; i++) {
    h ^= token.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h >>> 0);
}

const P1 = 0x9e3779b1;
const P2 = 0x85ebca77;

/** The 52-bit keys of a token list's n-grams (n = `n`, or the whole list when it is shorter and `whole`). */
export function ngramKeys(tokens: readonly string[], n: number, whole = false): number[] {
  const size = tokens.length >= n ? n : whole ? tokens.length : 0;
  if (size === 0) return [];
  const a = tokens.map((token) => tokenHash(token, 0x1b873593));
  const b = tokens.map((token) => tokenHash(token, 0x5bd1e995));
  const keys: number[] = [];
  for (let start = 0; start + size <= tokens.length; start++) {
    let h1 = 0;
    let h2 = 0;
    for (let j = start; j < start + size; j++) {
      h1 = (Math.imul(h1, P1) + a[j]) | 0;
      h2 = (Math.imul(h2, P2) + b[j]) | 0;
    }
    h1 = fmix32(h1 >>> 0);
    h2 = fmix32(h2 >>> 0);
    keys.push(h1 * 0x100000 + (h2 >>> 12));
  }
  return keys;
}

/** The evaluation items' n-grams: key -> (item, position) entries, chained. */
export class ContainmentIndex {
  readonly n: number;
  /** Per item: offset of its first n-gram in the position arrays, and how many it has (0: not judged). */
  readonly offsets: Int32Array;
  readonly sizes: Int32Array;
  /** Per item: its tokens (for the report), and the n-gram length used. */
  readonly tokens: Int32Array;
  private readonly head = new Map<number, number>();
  private readonly entryItem: number[] = [];
  private readonly entryPosition: number[] = [];
  private readonly entryNext: number[] = [];
  readonly positions: number;

  constructor(items: readonly (string | null)[], options: { n?: number; minTokens?: number } = {}) {
    this.n = options.n ?? NGRAM_SIZE;
    const minTokens = Math.min(options.minTokens ?? MIN_ITEM_TOKENS, this.n);
    this.offsets = new Int32Array(items.length);
    this.sizes = new Int32Array(items.length);
    this.tokens = new Int32Array(items.length);
    let offset = 0;
    items.forEach((item, index) => {
      const tokens = item === null ? [] : tokenize(item);
      this.tokens[index] = tokens.length;
      const keys = tokens.length >= minTokens ? ngramKeys(tokens, this.n, true) : [];
      // An item's repeated n-gram counts once.
      const unique = [...new Set(keys)];
      this.offsets[index] = offset;
      this.sizes[index] = unique.length;
      unique.forEach((key, position) => {
        this.entryItem.push(index);
        this.entryPosition.push(offset + position);
        this.entryNext.push(this.head.get(key) ?? -1);
        this.head.set(key, this.entryItem.length - 1);
      });
      offset += unique.length;
    });
    this.positions = offset;
  }

  get items(): number {
    return this.sizes.length;
  }

  /** Calls `hit(item, position)` for every item n-gram equal to `key`. */
  lookup(key: number, hit: (item: number, position: number) => void): void {
    for (let entry = this.head.get(key) ?? -1; entry >= 0; entry = this.entryNext[entry]) hit(this.entryItem[entry], this.entryPosition[entry]);
  }

  /** The keys of a training text's n-grams: of length n, and of each length of the items shorter than n. */
  keysOf(text: string): number[] {
    const tokens = tokenize(text);
    const keys = ngramKeys(tokens, this.n, false);
    for (const length of this.shortLengths()) for (const key of ngramKeys(tokens, length, false)) keys.push(key);
    return keys;
  }

  private lengths: number[] | null = null;
  private shortLengths(): number[] {
    if (this.lengths === null) {
      const lengths = new Set<number>();
      for (let i = 0; i < this.items; i++) if (this.sizes[i] > 0 && this.tokens[i] < this.n) lengths.add(this.tokens[i]);
      this.lengths = [...lengths].sort((a, b) => a - b);
    }
    return this.lengths;
  }
}

/**
 * What a scan of training text found, per item: which of its n-grams occur anywhere (`found`, one
 * byte per item n-gram), the largest share of it one training row holds, and how many rows hold
 * any of it. Partial results of separate scans (shards) merge into the result of one scan.
 */
export interface ContainmentCounts {
  found: Uint8Array;
  bestRowCoverage: Float64Array;
  rowsWithHits: Int32Array;
  rowsScanned: number;
}

export function emptyCounts(index: ContainmentIndex): ContainmentCounts {
  return { found: new Uint8Array(index.positions), bestRowCoverage: new Float64Array(index.items), rowsWithHits: new Int32Array(index.items), rowsScanned: 0 };
}

/**
 * Scans one training row's text into `counts`; returns the items it holds at least `rowShare` of
 * (by itself) with that share, for the caller to keep as examples.
 */
export function scanRow(index: ContainmentIndex, counts: ContainmentCounts, text: string, rowShare: number): { item: number; coverage: number }[] {
  counts.rowsScanned++;
  const keys = index.keysOf(text);
  if (keys.length === 0) return [];
  const hits = new Map<number, Set<number>>();
  for (const key of keys) {
    index.lookup(key, (item, position) => {
      counts.found[position] = 1;
      let set = hits.get(item);
      if (!set) hits.set(item, (set = new Set()));
      set.add(position);
    });
  }
  const held: { item: number; coverage: number }[] = [];
  for (const [item, set] of hits) {
    counts.rowsWithHits[item]++;
    const coverage = set.size / index.sizes[item];
    if (coverage > counts.bestRowCoverage[item]) counts.bestRowCoverage[item] = coverage;
    if (coverage >= rowShare) held.push({ item, coverage });
  }
  return held.sort((a, b) => a.item - b.item);
}

/** Merges `other` into `into` (the same index): what one scan of both parts would have counted. */
export function mergeCounts(into: ContainmentCounts, other: ContainmentCounts): void {
  if (into.found.length !== other.found.length || into.rowsWithHits.length !== other.rowsWithHits.length)
    throw new RangeError('partial results of different indexes cannot be merged');
  for (let i = 0; i < into.found.length; i++) into.found[i] |= other.found[i];
  for (let i = 0; i < into.rowsWithHits.length; i++) {
    into.rowsWithHits[i] += other.rowsWithHits[i];
    if (other.bestRowCoverage[i] > into.bestRowCoverage[i]) into.bestRowCoverage[i] = other.bestRowCoverage[i];
  }
  into.rowsScanned += other.rowsScanned;
}

/** Per item, the share of its n-grams found anywhere in the scanned text (NaN for items not judged). */
export function coverage(index: ContainmentIndex, counts: ContainmentCounts): Float64Array {
  const out = new Float64Array(index.items);
  for (let item = 0; item < index.items; item++) {
    const size = index.sizes[item];
    if (size === 0) {
      out[item] = NaN;
      continue;
    }
    let found = 0;
    const offset = index.offsets[item];
    for (let p = 0; p < size; p++) found += counts.found[offset + p];
    out[item] = found / size;
  }
  return out;
}
