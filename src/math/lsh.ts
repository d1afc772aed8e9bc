/**
 * Locality-sensitive hashing over MinHash signatures (banding): the signature is cut into
 * `bands` bands of `rows` values; two sets become a candidate pair when all values of at
 * least one band agree. With Jaccard similarity s that happens with probability
 * 1 - (1 - s^rows)^bands.
 */
import { fmix32 } from './normalize.js';

/** P[candidate] for a pair of similarity `s` with `bands` bands of `rows` rows. */
export function candidateProbability(s: number, bands: number, rows: number): number {
  return 1 - Math.pow(1 - Math.pow(s, rows), bands);
}

export interface BandChoice {
  bands: number;
  rows: number;
  /** Similarity at which recall is optimised: threshold + (1 - threshold) / 4 (0.85 at 0.8). */
  target: number;
  /** P[missed] for a pair of similarity `target`. */
  falseNegativeAtTarget: number;
  /** P[missed] for a pair exactly at the threshold. */
  falseNegativeAtThreshold: number;
  /** P[candidate] for a pair of similarity threshold / 2: the verification cost driver. */
  falsePositiveAtHalf: number;
}

/**
 * Picks bands x rows (bands * rows <= k) minimising the false-negative probability at the
 * target similarity (threshold + (1 - threshold) / 4, i.e. 0.85 for 0.8), within a budget of
 * false positives: P[candidate] at half the threshold at most `falsePositiveBudget`. Ties go
 * to fewer hash values used. When no choice meets the budget (very low thresholds), the sum
 * of both error probabilities is minimised instead.
 */
export function chooseBands(threshold: number, k: number, falsePositiveBudget = 0.02): BandChoice {
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError(`threshold must be in (0, 1], got ${threshold}`);
  const target = threshold + (1 - threshold) / 4;
  const low = threshold / 2;
  let best: BandChoice | null = null;
  let fallback: BandChoice | null = null;
  let fallbackCost = Infinity;
  for (let rows = 1; rows <= k; rows++) {
    for (let bands = 1; bands * rows <= k; bands++) {
      const choice: BandChoice = {
        bands,
        rows,
        target,
        falseNegativeAtTarget: 1 - candidateProbability(target, bands, rows),
        falseNegativeAtThreshold: 1 - candidateProbability(threshold, bands, rows),
        falsePositiveAtHalf: candidateProbability(low, bands, rows),
      };
      if (choice.falsePositiveAtHalf <= falsePositiveBudget) {
        if (
          !best ||
          choice.falseNegativeAtTarget < best.falseNegativeAtTarget - 1e-15 ||
          (Math.abs(choice.falseNegativeAtTarget - best.falseNegativeAtTarget) <= 1e-15 && bands * rows < best.bands * best.rows)
        ) {
          best = choice;
        }
      }
      const cost = choice.falseNegativeAtTarget + choice.falsePositiveAtHalf;
      if (cost < fallbackCost) {
        fallbackCost = cost;
        fallback = choice;
      }
    }
  }
  return best ?? fallback!;
}

/**
 * Hashes each band (`rows` consecutive signature values) of the signature at
 * `signature[offset ..)` to one 32-bit key and writes it band-major: `keys[band * stride + row]`.
 * Bands may take consecutive positions because optimal densification leaves neighbouring bins
 * no more correlated than any two bins.
 */
export function bandKeysInto(
  signature: Uint32Array,
  offset: number,
  bands: number,
  rows: number,
  seed: number,
  keys: Uint32Array,
  stride: number,
  row: number,
): void {
  let p = offset;
  for (let band = 0; band < bands; band++) {
    let h = (seed ^ Math.imul(band + 1, 0x9e3779b1)) | 0;
    for (let r = 0; r < rows; r++) h = Math.imul(h ^ signature[p++], 0x01000193);
    keys[band * stride + row] = fmix32(h ^ rows);
  }
}

export interface CandidateOptions {
  /** A bucket with more members than this is oversized: each member is paired only with the next `window` members. */
  maxBucketSize: number;
  window: number;
  /**
   * Two-sided search: per row, which sides it stands for (bit 0: side 0, bit 1: side 1). When
   * given, a pair is emitted only when it can join the two sides (one row covers side 0 and the
   * other side 1).
   */
  sideMask?: Uint8Array | null;
}

export interface CandidatePairs {
  /** Pairs `(a[i], b[i])` with a < b, each pair once. */
  a: Int32Array;
  b: Int32Array;
  count: number;
  /** Buckets cut to a window because they were larger than `maxBucketSize`. */
  oversizedBuckets: number;
}

/**
 * Candidate pairs among the rows `ids` (ascending) from band keys laid out band-major with
 * stride `n`. Each band is sorted by key (stable LSD radix sort) and every bucket of equal keys
 * emits its pairs; a pair is emitted only in the first band where it shares a bucket, so each
 * pair appears once. Deterministic order: by band, key, then row. Before the sort, a bit filter
 * (`SharedKeyFilter`) drops the rows whose key is certainly unique in the band (most of them),
 * which changes no pair and no order.
 */
export function candidatePairs(keys: Uint32Array, n: number, bands: number, ids: Int32Array, options: CandidateOptions): CandidatePairs {
  const m = ids.length;
  const { maxBucketSize, window } = options;
  const sideMask = options.sideMask ?? null;
  const sorter = new BandSorter(m);
  // Rows that sat in an oversized bucket of a band: that band did not necessarily pair them.
  const oversized = new Uint8Array(bands * n);
  let outA = new Int32Array(1024);
  let outB = new Int32Array(1024);
  let count = 0;
  let oversizedBuckets = 0;

  const emit = (x: number, y: number, band: number): void => {
    if (sideMask) {
      const mx = sideMask[x];
      const my = sideMask[y];
      if (!((mx & 1 && my & 2) || (mx & 2 && my & 1))) return;
    }
    for (let earlier = 0; earlier < band; earlier++) {
      const base = earlier * n;
      if (keys[base + x] === keys[base + y] && oversized[base + x] === 0) return;
    }
    if (count === outA.length) {
      const nextA = new Int32Array(count * 2);
      nextA.set(outA);
      outA = nextA;
      const nextB = new Int32Array(count * 2);
      nextB.set(outB);
      outB = nextB;
    }
    outA[count] = x;
    outB[count] = y;
    count++;
  };

  for (let band = 0; band < bands; band++) {
    const base = band * n;
    const kept = sorter.sort(keys, base, ids);
    const keyA = sorter.keys;
    const valA = sorter.rows;
    // Sorted by key; rows ascending within a key (stable sort of ascending ids).
    let start = 0;
    while (start < kept) {
      let end = start + 1;
      const key = keyA[start];
      while (end < kept && keyA[end] === key) end++;
      const size = end - start;
      if (size >= 2) {
        if (size <= maxBucketSize) {
          for (let i = start; i < end; i++) for (let j = i + 1; j < end; j++) emit(valA[i], valA[j], band);
        } else {
          oversizedBuckets++;
          for (let i = start; i < end; i++) {
            const stop = Math.min(end, i + 1 + window);
            for (let j = i + 1; j < stop; j++) emit(valA[i], valA[j], band);
          }
          for (let i = start; i < end; i++) oversized[base + valA[i]] = 1;
        }
      }
      start = end;
    }
  }
  return { a: outA.subarray(0, count), b: outB.subarray(0, count), count, oversizedBuckets };
}

/**
 * The rows of one band whose key may be shared, sorted by key (stable LSD radix sort, three
 * passes of 11 bits): rows whose key is certainly unique (`SharedKeyFilter`) are left out first,
 * as they can be in no bucket of two or more.
 */
class BandSorter {
  keys: Uint32Array;
  rows: Int32Array;
  private otherKeys: Uint32Array;
  private otherRows: Int32Array;
  private readonly hist = new Int32Array(3 * 2048);
  private readonly shared: SharedKeyFilter;

  constructor(m: number) {
    this.keys = new Uint32Array(m);
    this.rows = new Int32Array(m);
    this.otherKeys = new Uint32Array(m);
    this.otherRows = new Int32Array(m);
    this.shared = new SharedKeyFilter(m);
  }

  /** Sorts the kept rows of `ids` by `keys[base + row]` into `keys`/`rows`; returns how many were kept. */
  sort(keys: Uint32Array, base: number, ids: Int32Array): number {
    const { hist, shared } = this;
    shared.build(keys, base, ids);
    hist.fill(0);
    let keyA = this.keys;
    let valA = this.rows;
    let keyB = this.otherKeys;
    let valB = this.otherRows;
    let kept = 0;
    for (let i = 0; i < ids.length; i++) {
      const key = keys[base + ids[i]];
      if (!shared.mayRepeat(key)) continue;
      keyA[kept] = key;
      valA[kept] = ids[i];
      kept++;
      hist[key & 0x7ff]++;
      hist[2048 + ((key >>> 11) & 0x7ff)]++;
      hist[4096 + (key >>> 22)]++;
    }
    for (let pass = 0; pass < 3; pass++) {
      const h = pass * 2048;
      const shift = pass * 11;
      let sum = 0;
      for (let d = 0; d < 2048; d++) {
        const c = hist[h + d];
        hist[h + d] = sum;
        sum += c;
      }
      for (let i = 0; i < kept; i++) {
        const key = keyA[i];
        const d = pass === 2 ? key >>> 22 : (key >>> shift) & 0x7ff;
        const at = hist[h + d]++;
        keyB[at] = key;
        valB[at] = valA[i];
      }
      [keyA, keyB] = [keyB, keyA];
      [valA, valB] = [valB, valA];
    }
    this.keys = keyA;
    this.rows = valA;
    this.otherKeys = keyB;
    this.otherRows = valB;
    return kept;
  }
}

/**
 * Which keys of one band may occur more than once: two bit sets over a hash of the key (about 8
 * bits per row; the key's top bits pick the bit: band keys are already murmur3-mixed), one marking slots seen, one slots seen twice. A key met once has its slot marked
 * twice only when another key shares the slot, so `mayRepeat` is false only for keys that occur
 * exactly once (no false negatives; false positives just go through the sort).
 */
export class SharedKeyFilter {
  private readonly seen: Int32Array;
  private readonly twice: Int32Array;
  private readonly shift: number;

  constructor(rows: number) {
    let bits = 10;
    while (1 << bits < 8 * rows && bits < 30) bits++;
    this.shift = 32 - bits;
    this.seen = new Int32Array(1 << (bits - 5));
    this.twice = new Int32Array(1 << (bits - 5));
  }

  /** Marks the keys `keys[base + ids[i]]` of one band (forgetting any earlier band). */
  build(keys: Uint32Array, base: number, ids: Int32Array): void {
    const { seen, twice, shift } = this;
    seen.fill(0);
    twice.fill(0);
    for (let i = 0; i < ids.length; i++) {
      const slot = keys[base + ids[i]] >>> shift;
      const word = slot >>> 5;
      const bit = 1 << (slot & 31);
      if (seen[word] & bit) twice[word] |= bit;
      else seen[word] |= bit;
    }
  }

  /** False only when the key occurred exactly once in the last band built (or not at all). */
  mayRepeat(key: number): boolean {
    const slot = key >>> this.shift;
    return (this.twice[slot >>> 5] & (1 << (slot & 31))) !== 0;
  }
}
