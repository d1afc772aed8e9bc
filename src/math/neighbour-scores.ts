/**
 * What the k nearest neighbours of every row say about it (pure functions over `Neighbours`):
 * - outlier score: the mean cosine distance to its k nearest neighbours (the k-NN distance
 *   cleanlab's out-of-distribution score is built on; larger = farther from everything);
 * - neighbour labels: how many of its neighbours carry each other label (a k-NN vote);
 * - near pairs: neighbour pairs at or above a cosine similarity, joined into clusters.
 */
import type { Neighbours } from './neighbours.js';
import { quantileSorted } from './bootstrap.js';
import { UnionFind } from './union-find.js';

/** Mean distance to the k nearest neighbours (NaN for a row with none). */
export function knnDistanceScores(neighbours: Neighbours, rows: number): Float64Array {
  const { k, distances } = neighbours;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let sum = 0;
    let count = 0;
    for (let j = 0; j < k; j++) {
      const d = distances[i * k + j];
      if (Number.isNaN(d)) continue;
      sum += Math.max(0, d);
      count++;
    }
    out[i] = count === 0 ? NaN : sum / count;
  }
  return out;
}

function finiteSorted(values: ArrayLike<number>): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) out.push(values[i]);
  return Float64Array.from(out).sort();
}

/** The q-quantile (linear interpolation, numpy's default) of the finite values. */
export function quantileOf(values: ArrayLike<number>, q: number): number {
  return quantileSorted(finiteSorted(values), q);
}

export interface OutlierCut {
  q1: number;
  median: number;
  q3: number;
  /** q3 + fence x (q3 - q1): Tukey's far-out fence for fence = 3. */
  cutoff: number;
}

/** Tukey's fence on the scores: rows above q3 + fence x IQR are outliers. */
export function outlierCut(scores: ArrayLike<number>, fence: number): OutlierCut {
  const sorted = finiteSorted(scores);
  const q1 = quantileSorted(sorted, 0.25);
  const median = quantileSorted(sorted, 0.5);
  const q3 = quantileSorted(sorted, 0.75);
  return { q1, median, q3, cutoff: q3 + fence * (q3 - q1) };
}

export interface NeighbourVote {
  /** The label most of the row's neighbours carry (-1 when it has none). */
  topLabel: Int32Array;
  /** Neighbours carrying topLabel. */
  topCount: Int32Array;
  /** Neighbours carrying the row's own label. */
  ownCount: Int32Array;
  /** Labelled neighbours. */
  voters: Int32Array;
}

/** Counts the labels of each row's neighbours (labels < 0 are unlabelled and do not vote). Ties go to the lower class. */
export function neighbourVotes(neighbours: Neighbours, labels: ArrayLike<number>, classes: number): NeighbourVote {
  const { k, rows: near } = neighbours;
  const n = labels.length;
  const topLabel = new Int32Array(n).fill(-1);
  const topCount = new Int32Array(n);
  const ownCount = new Int32Array(n);
  const voters = new Int32Array(n);
  const counts = new Int32Array(classes);
  for (let i = 0; i < n; i++) {
    counts.fill(0);
    for (let j = 0; j < k; j++) {
      const other = near[i * k + j];
      if (other < 0) continue;
      const label = labels[other];
      if (label < 0) continue;
      counts[label]++;
      voters[i]++;
    }
    let best = -1;
    for (let c = 0; c < classes; c++) if (counts[c] > 0 && (best < 0 || counts[c] > counts[best])) best = c;
    topLabel[i] = best;
    topCount[i] = best >= 0 ? counts[best] : 0;
    ownCount[i] = labels[i] >= 0 ? counts[labels[i]] : 0;
  }
  return { topLabel, topCount, ownCount, voters };
}

export interface NearPairs {
  a: Int32Array;
  b: Int32Array;
  similarity: Float64Array;
}

/** Distinct neighbour pairs (a < b) whose cosine similarity is at least `threshold`, by a then b. */
export function nearPairs(neighbours: Neighbours, rows: number, threshold: number): NearPairs {
  const { k, rows: near, distances } = neighbours;
  const found = new Map<number, number>();
  const keys: number[] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < k; j++) {
      const other = near[i * k + j];
      if (other < 0) continue;
      const similarity = Math.min(1, 1 - distances[i * k + j]);
      if (!(similarity >= threshold)) break; // distances ascend: the rest are farther
      const a = Math.min(i, other);
      const b = Math.max(i, other);
      const key = a * rows + b;
      const seen = found.get(key);
      if (seen === undefined) {
        found.set(key, similarity);
        keys.push(key);
      } else if (similarity > seen) found.set(key, similarity);
    }
  }
  keys.sort((x, y) => x - y);
  const out: NearPairs = { a: new Int32Array(keys.length), b: new Int32Array(keys.length), similarity: new Float64Array(keys.length) };
  keys.forEach((key, p) => {
    out.a[p] = Math.floor(key / rows);
    out.b[p] = key % rows;
    out.similarity[p] = found.get(key)!;
  });
  return out;
}

/** Connected components of two or more rows, largest first (ties by first row); each sorted. */
export function pairClusters(pairs: NearPairs, rows: number): { clusters: Int32Array[]; clusterOf: Int32Array } {
  const sets = new UnionFind(rows);
  for (let p = 0; p < pairs.a.length; p++) sets.union(pairs.a[p], pairs.b[p]);
  const members = new Map<number, number[]>();
  for (let row = 0; row < rows; row++) {
    if (sets.size[sets.find(row)] < 2) continue;
    const root = sets.find(row);
    let list = members.get(root);
    if (!list) members.set(root, (list = []));
    list.push(row);
  }
  const clusters = [...members.values()].map((list) => Int32Array.from(list)).sort((x, y) => y.length - x.length || x[0] - y[0]);
  const clusterOf = new Int32Array(rows).fill(-1);
  clusters.forEach((cluster, c) => cluster.forEach((row) => (clusterOf[row] = c)));
  return { clusters, clusterOf };
}
