/**
 * The nearest-neighbour two-sample test (Schilling 1986; Henze 1988): pool the two samples, find
 * every point's k nearest neighbours in the pool, and count how often a neighbour comes from the
 * point's own sample. If both samples come from one distribution the share is what chance gives;
 * when they differ, points sit among their own kind. This is the k-NN form of the classifier
 * two-sample test: the share is a k-NN domain classifier's vote. The p-value is by permutation of
 * the sample labels over the fixed neighbour graph (exact in distribution under exchangeability).
 */
import { createRandom } from './random.js';

export interface KnnTwoSampleResult {
  /** Share of (point, neighbour) pairs inside the pool whose neighbour is from the point's own sample. */
  sameShare: number;
  /** Its mean over the permutations: what chance gives for these sample sizes. */
  expectedShare: number;
  pValue: number;
  permutations: number;
  /** Pairs counted (neighbours outside the pool are left out). */
  pairs: number;
}

/**
 * `neighbours`: rows x k (-1 = none); `side`: per row 0 (first sample), 1 (second) or -1 (in
 * neither: left out as a point and as a neighbour).
 */
export function knnTwoSample(neighbours: Int32Array, k: number, side: Int8Array, options: { permutations?: number; seed: number }): KnnTwoSampleResult {
  const n = side.length;
  // The graph restricted to the pool, as flat (point, neighbour) index pairs into `members`.
  const members: number[] = [];
  const position = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) if (side[i] >= 0) position[i] = members.push(i) - 1;
  const from: number[] = [];
  const to: number[] = [];
  for (const i of members) {
    for (let j = 0; j < k; j++) {
      const other = neighbours[i * k + j];
      if (other < 0 || side[other] < 0) continue;
      from.push(position[i]);
      to.push(position[other]);
    }
  }
  const labels = Int8Array.from(members, (i) => side[i]);
  const same = (lab: Int8Array) => {
    let count = 0;
    for (let p = 0; p < from.length; p++) if (lab[from[p]] === lab[to[p]]) count++;
    return from.length === 0 ? NaN : count / from.length;
  };
  const observed = same(labels);
  const permutations = options.permutations ?? 199;
  const random = createRandom(options.seed);
  const shuffled = labels.slice();
  let atLeast = 0;
  let sum = 0;
  for (let t = 0; t < permutations; t++) {
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = random.int(i + 1);
      const swap = shuffled[i];
      shuffled[i] = shuffled[j];
      shuffled[j] = swap;
    }
    const value = same(shuffled);
    sum += value;
    if (value >= observed) atLeast++;
  }
  return {
    sameShare: observed,
    expectedShare: permutations > 0 ? sum / permutations : NaN,
    pValue: (1 + atLeast) / (1 + permutations),
    permutations,
    pairs: from.length,
  };
}
