/**
 * k nearest neighbours of every row of an embedding matrix (rows x dimensions, row-major) by
 * cosine distance (1 - cosine similarity), the row itself left out: the shape every search
 * returns, and the exact brute force in JavaScript (the reference, and the choice for small
 * tables). The approximate search for large tables is ivf.ts, which the tests and every audit
 * verify against exact search.
 */

export interface Neighbours {
  k: number;
  /** rows x k neighbour rows, nearest first (-1 where fewer than k exist). */
  rows: Int32Array;
  /** rows x k cosine distances, ascending (NaN where absent). */
  distances: Float32Array;
  method: 'exact' | 'ivf';
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
