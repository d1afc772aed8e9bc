/**
 * Spherical k-means (cosine): k-means++ seeding and Lloyd iterations on a seeded sample of the
 * unit-length rows, then every row assigned to its most similar centroid. Fitting on a sample
 * keeps a million rows to one assignment pass; the clusters are regions of the embedding space
 * for the slice search, not a model to be exact about.
 */
import { createRandom } from './random.js';

export interface KMeansResult {
  k: number;
  /** Cluster of each row (-1 for a row without a vector). */
  assignment: Int32Array;
  /** k x dimensions unit centroids. */
  centroids: Float32Array;
  sizes: Int32Array;
  iterations: number;
}

export interface KMeansOptions {
  k: number;
  seed: number;
  /** Rows the centroids are fitted on (all when fewer). */
  sampleSize?: number;
  maxIterations?: number;
  /** Rows to leave out (1 = no vector). */
  missing?: Uint8Array;
}

function dotAt(a: Float32Array, ao: number, b: Float32Array, bo: number, d: number): number {
  let s = 0;
  for (let c = 0; c < d; c++) s += a[ao + c] * b[bo + c];
  return s;
}

function nearest(unit: Float32Array, offset: number, centroids: Float32Array, k: number, d: number): number {
  let best = 0;
  let bestDot = -Infinity;
  for (let c = 0; c < k; c++) {
    const dot = dotAt(unit, offset, centroids, c * d, d);
    if (dot > bestDot) {
      bestDot = dot;
      best = c;
    }
  }
  return best;
}

/** `unit` must hold unit-length rows (math/neighbours normalizeRows). */
export function sphericalKMeans(unit: Float32Array, dimensions: number, options: KMeansOptions): KMeansResult {
  const d = dimensions;
  const n = unit.length / d;
  const random = createRandom(options.seed);
  const present: number[] = [];
  for (let i = 0; i < n; i++) if (!options.missing?.[i]) present.push(i);
  const k = Math.max(1, Math.min(options.k, present.length));
  // Seeded sample without replacement (partial Fisher-Yates).
  const sampleSize = Math.min(present.length, options.sampleSize ?? 20000);
  const pool = present.slice();
  for (let i = 0; i < sampleSize; i++) {
    const j = i + random.int(pool.length - i);
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  const sample = pool.slice(0, sampleSize).sort((a, b) => a - b);
  // k-means++: each next centre drawn with probability proportional to its distance (1 - cos) to the nearest chosen.
  const centroids = new Float32Array(k * d);
  const gap = new Float64Array(sample.length).fill(Infinity);
  let chosen = sample[random.int(sample.length)];
  for (let c = 0; c < k; c++) {
    centroids.set(unit.subarray(chosen * d, chosen * d + d), c * d);
    let total = 0;
    for (let s = 0; s < sample.length; s++) {
      const distance = Math.max(0, 1 - dotAt(unit, sample[s] * d, centroids, c * d, d));
      if (distance < gap[s]) gap[s] = distance;
      total += gap[s];
    }
    if (c + 1 === k) break;
    let target = random.next() * total;
    chosen = sample[sample.length - 1];
    for (let s = 0; s < sample.length; s++) {
      target -= gap[s];
      if (target < 0) {
        chosen = sample[s];
        break;
      }
    }
  }
  const sampleAssignment = new Int32Array(sample.length).fill(-1);
  const sums = new Float64Array(k * d);
  const maxIterations = options.maxIterations ?? 25;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    let changed = 0;
    sums.fill(0);
    for (let s = 0; s < sample.length; s++) {
      const row = sample[s];
      const c = nearest(unit, row * d, centroids, k, d);
      if (c !== sampleAssignment[s]) changed++;
      sampleAssignment[s] = c;
      for (let j = 0; j < d; j++) sums[c * d + j] += unit[row * d + j];
    }
    for (let c = 0; c < k; c++) {
      let norm = 0;
      for (let j = 0; j < d; j++) norm += sums[c * d + j] * sums[c * d + j];
      if (norm === 0) continue; // an emptied cluster keeps its centre
      const scale = 1 / Math.sqrt(norm);
      for (let j = 0; j < d; j++) centroids[c * d + j] = sums[c * d + j] * scale;
    }
    if (changed === 0) break;
  }
  const assignment = new Int32Array(n).fill(-1);
  const sizes = new Int32Array(k);
  for (const row of present) {
    const c = nearest(unit, row * d, centroids, k, d);
    assignment[row] = c;
    sizes[c]++;
  }
  return { k, assignment, centroids, sizes, iterations };
}
