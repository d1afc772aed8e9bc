/**
 * k nearest neighbours of every row of an embedding matrix (rows x dimensions, row-major) by
 * cosine distance (1 - cosine similarity), the row itself left out: exactly, by brute force (the
 * reference, and the choice for small tables), or approximately with an HNSW index from usearch
 * (Malkov & Yashunin 2018), which the tests verify against the exact search.
 */
import { exactSearch, Index, MetricKind, ScalarKind, type BatchMatches } from 'usearch';

export interface Neighbours {
  k: number;
  /** rows x k neighbour rows, nearest first (-1 where fewer than k exist). */
  rows: Int32Array;
  /** rows x k cosine distances, ascending (NaN where absent). */
  distances: Float32Array;
  method: 'exact' | 'hnsw';
}

/** Unit-length copies of the rows (a zero row stays zero: its distance to anything is 1). */
export function normalizeRows(vectors: Float32Array, dimensions: number): Float32Array {
  const out = new Float32Array(vectors.length);
  for (let offset = 0; offset < vectors.length; offset += dimensions) {
    let norm = 0;
    for (let c = 0; c < dimensions; c++) norm += vectors[offset + c] * vectors[offset + c];
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let c = 0; c < dimensions; c++) out[offset + c] = vectors[offset + c] * scale;
  }
  return out;
}

/** Brute force over all pairs: O(rows^2 x dimensions), exact. */
export function exactNeighbours(vectors: Float32Array, dimensions: number, k: number, queries?: readonly number[]): Neighbours {
  const n = vectors.length / dimensions;
  const unit = normalizeRows(vectors, dimensions);
  const list = queries ?? Array.from({ length: n }, (_, i) => i);
  const rows = new Int32Array(list.length * k).fill(-1);
  const distances = new Float32Array(list.length * k).fill(NaN);
  const bestRow = new Int32Array(k);
  const bestDistance = new Float64Array(k);
  list.forEach((query, q) => {
    bestRow.fill(-1);
    bestDistance.fill(Infinity);
    const qo = query * dimensions;
    for (let other = 0; other < n; other++) {
      if (other === query) continue;
      const oo = other * dimensions;
      let dot = 0;
      for (let c = 0; c < dimensions; c++) dot += unit[qo + c] * unit[oo + c];
      const distance = 1 - dot;
      if (distance >= bestDistance[k - 1]) continue;
      // Insert in order (ties keep the lower row first).
      let at = k - 1;
      while (at > 0 && bestDistance[at - 1] > distance) {
        bestDistance[at] = bestDistance[at - 1];
        bestRow[at] = bestRow[at - 1];
        at--;
      }
      bestDistance[at] = distance;
      bestRow[at] = other;
    }
    for (let j = 0; j < k; j++) {
      rows[q * k + j] = bestRow[j];
      distances[q * k + j] = bestRow[j] >= 0 ? bestDistance[j] : NaN;
    }
  });
  return { k, rows, distances, method: 'exact' };
}

export interface HnswOptions {
  /** Graph degree (M): 16 keeps recall of the exact top-10 above 0.95 on clustered 128-d vectors (npm run bench -- --embeddings). */
  connectivity?: number;
  expansionAdd?: number;
  expansionSearch?: number;
  threads?: number;
}

/**
 * HNSW (usearch, single-precision storage: this CPU's f16 path was slower; connectivity 16, expansion 40 on
 * insertion and 56 on search, measured by the bench): every row queried for k + 1 neighbours, itself dropped.
 */
export function approximateNeighbours(vectors: Float32Array, dimensions: number, k: number, options: HnswOptions = {}): Neighbours {
  const n = vectors.length / dimensions;
  const index = new Index({
    dimensions,
    metric: MetricKind.Cos,
    quantization: ScalarKind.F32,
    connectivity: options.connectivity ?? 16,
    expansion_add: options.expansionAdd ?? 40,
    expansion_search: options.expansionSearch ?? 56,
    multi: false,
  });
  const keys = new BigUint64Array(n);
  for (let i = 0; i < n; i++) keys[i] = BigInt(i);
  const threads = options.threads ?? 2;
  index.add(keys, vectors, threads);
  // A flat matrix of n rows: usearch returns one batch of matches (its typings read a Float32Array as one vector).
  const found = index.search(vectors, k + 1, threads) as unknown as BatchMatches;
  const rows = new Int32Array(n * k).fill(-1);
  const distances = new Float32Array(n * k).fill(NaN);
  for (let i = 0; i < n; i++) {
    const count = Number(found.counts[i]);
    let j = 0;
    for (let r = 0; r < count && j < k; r++) {
      const row = Number(found.keys[i * (k + 1) + r]);
      if (row === i) continue;
      rows[i * k + j] = row;
      distances[i * k + j] = found.distances[i * (k + 1) + r];
      j++;
    }
  }
  return { k, rows, distances, method: 'hnsw' };
}

/**
 * The exact k nearest of some rows among all (usearch's brute-force search, SIMD on two threads:
 * for checking an approximate search on a sample, where the JavaScript loop would be slow).
 */
export function exactNeighboursOf(vectors: Float32Array, dimensions: number, k: number, queries: readonly number[]): Neighbours {
  const q = new Float32Array(queries.length * dimensions);
  queries.forEach((row, i) => q.set(vectors.subarray(row * dimensions, (row + 1) * dimensions), i * dimensions));
  const found = exactSearch(vectors, q, dimensions, k + 1, MetricKind.Cos, 2) as unknown as BatchMatches;
  const rows = new Int32Array(queries.length * k).fill(-1);
  const distances = new Float32Array(queries.length * k).fill(NaN);
  queries.forEach((query, i) => {
    let j = 0;
    for (let r = 0; r < k + 1 && j < k; r++) {
      const row = Number(found.keys[i * (k + 1) + r]);
      if (row === query || row >= vectors.length / dimensions) continue;
      rows[i * k + j] = row;
      distances[i * k + j] = found.distances[i * (k + 1) + r];
      j++;
    }
  });
  return { k, rows, distances, method: 'exact' };
}

/** Share of the exact neighbours the approximate search found, over the given queries. */
export function recallAgainst(exact: Neighbours, approximate: Neighbours, queries: readonly number[]): number {
  let hit = 0;
  let total = 0;
  queries.forEach((query, q) => {
    const truth = new Set<number>();
    for (let j = 0; j < exact.k; j++) if (exact.rows[q * exact.k + j] >= 0) truth.add(exact.rows[q * exact.k + j]);
    for (let j = 0; j < approximate.k; j++) if (truth.has(approximate.rows[query * approximate.k + j])) hit++;
    total += truth.size;
  });
  return total === 0 ? 1 : hit / total;
}
