/**
 * Near-duplicate search over texts: character 5-gram shingles of the folded text, MinHash
 * signatures (one-permutation hashing), LSH banding for candidates, and exact Jaccard
 * verification of every candidate, so no reported pair is below the threshold.
 *
 * Texts equal after folding (`foldText`) are grouped first (exact hash + key check) and only
 * one representative per group enters LSH: copies of the same text cannot make giant buckets,
 * and their similarity is exactly 1. Clusters are the connected components of verified pairs
 * and of those groups.
 *
 * One pass over the texts (`runSketchPass`, shared with a worker thread on large inputs)
 * computes shingles, the folded-content hash and the band keys; the full signature matrix is
 * never kept (band keys are rows x bands words instead of rows x k, plus k/2 bytes per row for
 * a similarity prefilter). Shingle sets are rebuilt only for rows in candidate pairs.
 */
import { foldText } from './normalize.js';
import { createHashBuffer, shingleHashes, sortUnique } from './shingles.js';
import { runSketchPass } from './sketch-pass.js';
import { candidatePairs, chooseBands, type BandChoice, type CandidatePairs } from './lsh.js';
import { groupByHash } from './exact-groups.js';
import { intersectionSize } from './jaccard.js';
import { UnionFind } from './union-find.js';
import { phaseTimer } from './phase-timer.js';

/** The texts to search: `text(i)` for i in 0..count-1 ('' for a missing text). */
export interface TextSource {
  readonly count: number;
  text(item: number): string;
}

export interface NearDuplicateOptions {
  /** Jaccard similarity at or above which two texts are near duplicates. */
  threshold: number;
  /** MinHash signature size k (bins). */
  hashes: number;
  seed: number;
  /** Buckets larger than this pair each member with its next `window` members only. */
  maxBucketSize: number;
  window: number;
  /**
   * Optional two-sided search (e.g. evaluation vs training texts): side (0 or 1) per item;
   * with `crossOnly`, only pairs that can join the two sides are verified.
   */
  side?: Uint8Array | null;
  crossOnly?: boolean;
  /** When given, receives the seconds spent in each phase (for benchmarks; never in reports). */
  timings?: Record<string, number>;
  /** Let a worker thread take half of the per-row pass on large inputs (default true); the result is the same. */
  parallel?: boolean;
}

export interface NearDuplicateIndex {
  threshold: number;
  bands: BandChoice;
  hashes: number;
  count: number;
  /** Items with a non-empty text. */
  textItems: number;
  /** Representative (first item) of each item's folded-text group; -1 for an empty text. */
  repOf: Int32Array;
  /** Groups of items with equal folded text (two or more), largest first. */
  foldedGroups: Int32Array[];
  /** Distinct candidate pairs of representatives from LSH. */
  candidatePairs: number;
  /** Candidate pairs whose exact Jaccard similarity reached the threshold. */
  verifiedPairs: number;
  /** The verified pairs (representatives, a < b) and their exact similarity. */
  pairA: Int32Array;
  pairB: Int32Array;
  pairSimilarity: Float64Array;
  oversizedBuckets: number;
  /** Connected components (two or more items) of verified pairs and folded groups; largest first. */
  clusters: Int32Array[];
  /** Cluster index per item, or -1. */
  clusterOf: Int32Array;
}

/** Texts equal after folding, grouped: each item's representative (-1 for an empty text) and the representatives in order. */
function foldedRepresentatives(source: TextSource, content: Uint32Array, valid: Uint8Array) {
  const n = source.count;
  const folded = groupByHash(n, content, valid, (item) => foldText(source.text(item)));
  const repOf = new Int32Array(n).fill(-1);
  let reps = 0;
  for (let i = 0; i < n; i++) {
    if (!valid[i]) continue;
    const g = folded.groupOf[i];
    repOf[i] = g >= 0 ? folded.groups[g][0] : i;
    if (repOf[i] === i) reps++;
  }
  const ids = new Int32Array(reps);
  for (let i = 0, t = 0; i < n; i++) if (repOf[i] === i) ids[t++] = i;
  return { folded, repOf, ids };
}

/** Sorted distinct shingle hashes of the items in candidate pairs, built once per item into one growing pool. */
class ShingleSets {
  readonly start: Int32Array;
  readonly length: Int32Array;
  pool = new Uint32Array(1 << 16);
  private used = 0;
  private readonly buffer = createHashBuffer();

  constructor(
    private readonly source: TextSource,
    private readonly seed: number,
  ) {
    this.start = new Int32Array(source.count).fill(-1);
    this.length = new Int32Array(source.count);
  }

  ensure(item: number): void {
    if (this.start[item] >= 0) return;
    const { buffer } = this;
    const count = shingleHashes(this.source.text(item), this.seed, buffer);
    const unique = sortUnique(buffer.data, count);
    if (this.used + unique > this.pool.length) {
      const next = new Uint32Array(Math.max(this.pool.length * 2, this.used + unique));
      next.set(this.pool.subarray(0, this.used));
      this.pool = next;
    }
    this.pool.set(buffer.data.subarray(0, unique), this.used);
    this.start[item] = this.used;
    this.length[item] = unique;
    this.used += unique;
  }
}

/** The verified pairs (a < b) and their exact similarity. */
interface VerifiedPairs {
  pairA: Int32Array;
  pairB: Int32Array;
  pairSimilarity: Float64Array;
  verified: number;
}

/** Exact verification of the candidates over sorted distinct shingle hashes, after the byte-sketch and size prefilters. */
function verifyCandidates(candidates: CandidatePairs, sketches: Uint8Array, half: number, threshold: number, sets: ShingleSets): VerifiedPairs {
  let pairA = new Int32Array(256);
  let pairB = new Int32Array(256);
  let pairSimilarity = new Float64Array(256);
  let verified = 0;
  // Minimum share of equal signature bytes worth an exact check (see `prefilterShare`).
  const minEqual = Math.ceil(prefilterShare(threshold) * half - 1e-9);
  for (let c = 0; c < candidates.count; c++) {
    const a = candidates.a[c];
    const b = candidates.b[c];
    let equal = 0;
    for (let j = 0, oa = a * half, ob = b * half; j < half; j++) equal += +(sketches[oa + j] === sketches[ob + j]);
    if (equal < minEqual) continue;
    sets.ensure(a);
    sets.ensure(b);
    const sizeA = sets.length[a];
    const sizeB = sets.length[b];
    // |A ∩ B| <= min(|A|, |B|): skip the merge when even that cannot reach the threshold.
    if (Math.min(sizeA, sizeB) / Math.max(sizeA, sizeB) < threshold) continue;
    const pool = sets.pool;
    const shared = intersectionSize(pool, sets.start[a], sets.start[a] + sizeA, pool, sets.start[b], sets.start[b] + sizeB);
    const similarity = shared / (sizeA + sizeB - shared);
    if (similarity < threshold) continue;
    if (verified === pairA.length) {
      pairA = grow(pairA);
      pairB = grow(pairB);
      const next = new Float64Array(verified * 2);
      next.set(pairSimilarity);
      pairSimilarity = next;
    }
    pairA[verified] = a;
    pairB[verified] = b;
    pairSimilarity[verified] = similarity;
    verified++;
  }
  return { pairA, pairB, pairSimilarity, verified };
}

/** Connected components (two or more items) of the folded groups and the verified pairs, largest first, and each item's cluster. */
function clustersOf(n: number, repOf: Int32Array, pairs: VerifiedPairs): { clusters: Int32Array[]; clusterOf: Int32Array } {
  const uf = new UnionFind(n);
  for (let i = 0; i < n; i++) if (repOf[i] >= 0 && repOf[i] !== i) uf.union(repOf[i], i);
  for (let p = 0; p < pairs.verified; p++) uf.union(pairs.pairA[p], pairs.pairB[p]);
  const clusters = uf.groups(2);
  const clusterOf = new Int32Array(n).fill(-1);
  clusters.forEach((cluster, index) => {
    for (const item of cluster) clusterOf[item] = index;
  });
  return { clusters, clusterOf };
}

export function findNearDuplicates(source: TextSource, options: NearDuplicateOptions): NearDuplicateIndex {
  const { threshold, hashes: k, seed, maxBucketSize, window } = options;
  const n = source.count;
  const timings = options.timings;
  const lap = phaseTimer(timings);
  const choice = chooseBands(threshold, k);
  const { bands, rows } = choice;
  // One pass over the texts: band keys, byte sketches (the low byte of every other signature
  // value, b-bit minwise hashing: enough to estimate a candidate's similarity and skip exact
  // verification of pairs far below the threshold) and folded-content hashes.
  const pass = runSketchPass((i) => source.text(i), n, { hashes: k, bands, rows, seed }, options.parallel ?? true, timings);
  const { keys, content, valid, sketches, textRows: textItems } = pass;
  const half = k >>> 1;

  if (timings) timings.workerRows = pass.workerRows;
  lap('sketch');
  const { folded, repOf, ids } = foldedRepresentatives(source, content, valid);

  // Which sides each representative's group covers (bit 0: side 0, bit 1: side 1).
  let sideMask: Uint8Array | null = null;
  if (options.crossOnly && options.side) {
    sideMask = new Uint8Array(n);
    for (let i = 0; i < n; i++) if (repOf[i] >= 0) sideMask[repOf[i]] |= 1 << options.side[i];
  }
  lap('group');
  const candidates = candidatePairs(keys, n, bands, ids, { maxBucketSize, window, sideMask });
  lap('lsh');
  const pairs = verifyCandidates(candidates, sketches, half, threshold, new ShingleSets(source, seed));
  const { verified } = pairs;
  lap('verify');
  const { clusters, clusterOf } = clustersOf(n, repOf, pairs);
  lap('cluster');
  return {
    threshold,
    bands: choice,
    hashes: k,
    count: n,
    textItems,
    repOf,
    foldedGroups: folded.groups,
    candidatePairs: candidates.count,
    verifiedPairs: verified,
    pairA: pairs.pairA.slice(0, verified),
    pairB: pairs.pairB.slice(0, verified),
    pairSimilarity: pairs.pairSimilarity.slice(0, verified),
    oversizedBuckets: candidates.oversizedBuckets,
    clusters,
    clusterOf,
  };
}

/**
 * Share of equal signature bytes below which a candidate is not verified: the share a pair at
 * similarity `threshold - 0.2` would show (a chance byte match has probability 1/256). A pair
 * at the threshold shows `threshold` on average with a standard deviation near
 * sqrt(t(1 - t)/64) (0.05 for 0.8 over the 64 stored bytes of k = 128, somewhat more with the
 * correlation densification adds): 0.2 is about four deviations, so true pairs are not lost
 * while unrelated candidates (most of them on large data) skip the exact merge.
 */
export function prefilterShare(threshold: number): number {
  const s = Math.max(0, threshold - 0.2);
  return s + (1 - s) / 256;
}

function grow(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const next = new Int32Array(array.length * 2);
  next.set(array);
  return next;
}
