/**
 * MinHash signatures by one-permutation hashing (OPH; Li, Owen and Zhang, NIPS 2012) with
 * optimal densification (Shrivastava, ICML 2017).
 *
 * Each shingle hash is computed once. Its top bits pick one of `k` bins and the bin keeps its
 * smallest hash: O(1) per shingle whatever `k`, where `k` independent permutations would cost
 * O(k) per shingle. A bin no shingle fell into borrows the value of the first non-empty bin
 * along its own seeded probe sequence (the same sequence for every set), which keeps
 * P[signature[j] of A = signature[j] of B] equal to the Jaccard similarity of A and B for every
 * bin j.
 */
import { binShingles, createHashBuffer, shingleHashes } from './shingles.js';

/** splitmix32 step: the seeded generator behind the probe sequences. */
function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) >>> 0;
  let z = state.s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/** A seeded permutation of 0..n-1 (Fisher-Yates). */
export function seededPermutation(n: number, seed: number): Uint16Array {
  const perm = new Uint16Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const state = { s: seed >>> 0 };
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor((splitmix32(state) / 4294967296) * (i + 1));
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  return perm;
}

/** Bin of a 32-bit hash among `k` bins: its top 16 bits scaled to [0, k). */
export function binOf(hash: number, k: number): number {
  return ((hash >>> 16) * k) >>> 16;
}

export const MAX_SIGNATURE_SIZE = 1024;

/** Marks an empty bin while sketching (a shingle hashing to it is treated as absent: p = 2^-32). */
const EMPTY = 0xffffffff;

/** One-permutation MinHash with optimal densification; reuse one instance for all rows. */
export class OnePermutationMinHash {
  /** Probe sequences: for bin j, `probes[j*k .. j*k+k)` is a seeded permutation of the bins. */
  private readonly probes: Uint16Array;
  /** Per-bin minimum of the set being sketched (EMPTY where no shingle fell). */
  private readonly bins: Uint32Array;
  private readonly empties: Uint16Array;

  constructor(
    readonly k: number,
    readonly seed: number,
  ) {
    if (!Number.isInteger(k) || k < 1 || k > MAX_SIGNATURE_SIZE)
      throw new RangeError(`signature size must be an integer in 1..${MAX_SIGNATURE_SIZE}, got ${k}`);
    this.probes = new Uint16Array(k * k);
    for (let j = 0; j < k; j++) this.probes.set(seededPermutation(k, (seed ^ Math.imul(j + 1, 0x27d4eb2d)) >>> 0), j * k);
    this.bins = new Uint32Array(k);
    this.empties = new Uint16Array(k);
  }

  /**
   * Writes the signature of the set of `hashes[0..count)` (repeats allowed) to
   * `out[offset .. offset+k)`. An empty set gets an all-zero signature and `false` is returned.
   */
  sketch(hashes: Uint32Array | readonly number[], count: number, out: Uint32Array, offset = 0): boolean {
    const k = this.k;
    const bins = this.bins;
    bins.fill(EMPTY);
    for (let i = 0; i < count; i++) {
      const h = hashes[i] >>> 0;
      const bin = ((h >>> 16) * k) >>> 16;
      if (h < bins[bin]) bins[bin] = h;
    }
    return this.densify(out, offset);
  }

  /**
   * The signature of a text's shingle set (`shingleHashes`), computed in one pass without
   * storing the shingles; also writes the folded-content hash to `content` when given.
   * Identical to `sketch` over `shingleHashes(text)`.
   */
  sketchText(text: string, seed: number, out: Uint32Array, offset = 0, content: Uint32Array | null = null, contentOffset = 0): boolean {
    this.bins.fill(EMPTY);
    binShingles(text, seed, this.bins, this.k, content, contentOffset);
    return this.densify(out, offset);
  }

  /** Copies the bins to `out`, filling each empty bin from the first non-empty one on its probe sequence. */
  private densify(out: Uint32Array, offset: number): boolean {
    const k = this.k;
    const bins = this.bins;
    const empties = this.empties;
    let emptyCount = 0;
    for (let j = 0; j < k; j++) {
      const value = bins[j];
      out[offset + j] = value;
      empties[emptyCount] = j;
      emptyCount += +(value === EMPTY);
    }
    if (emptyCount === k) {
      out.fill(0, offset, offset + k);
      return false;
    }
    if (emptyCount === k - 1) {
      // Every probe sequence ends at the one non-empty bin.
      let only = 0;
      while (bins[only] === EMPTY) only++;
      out.fill(bins[only], offset, offset + k);
      return true;
    }
    // Probe step by step for all the empty bins at once: each round reads the next probe of every
    // bin still unfilled and keeps (without a branch) those that met an empty bin again. The
    // value kept is each bin's first non-empty probe, as a probe loop per bin finds it, without
    // that loop's mispredicted exit per bin.
    const probes = this.probes;
    for (let step = 0; emptyCount > 0; step++) {
      let left = 0;
      for (let e = 0; e < emptyCount; e++) {
        const j = empties[e];
        const value = bins[probes[j * k + step]];
        out[offset + j] = value;
        empties[left] = j;
        left += +(value === EMPTY);
      }
      emptyCount = left;
    }
    return true;
  }
}

/** Share of equal positions of two signatures: the MinHash estimate of their Jaccard similarity. */
export function estimateJaccard(signatures: Uint32Array, k: number, a: number, b: number): number {
  let equal = 0;
  const oa = a * k;
  const ob = b * k;
  for (let j = 0; j < k; j++) if (signatures[oa + j] === signatures[ob + j]) equal++;
  return equal / k;
}

/**
 * Signatures of the shingle sets of `texts` (see `shingleHashes`), one row of `k` values per
 * text in one Uint32Array (`texts.length` x `k`). Convenient for tests and small inputs; the
 * near-duplicate search streams rows instead of keeping the whole matrix.
 */
export function minhashSignatures(texts: readonly string[], k: number, seed: number): Uint32Array {
  const hasher = new OnePermutationMinHash(k, seed);
  const buffer = createHashBuffer();
  const out = new Uint32Array(texts.length * k);
  texts.forEach((text, row) => {
    const count = shingleHashes(text, seed, buffer);
    hasher.sketch(buffer.data, count, out, row * k);
  });
  return out;
}
