/**
 * Approximate k nearest neighbours of every row by cosine distance, with an inverted-file index
 * (IVF-Flat, the design of faiss's IndexIVFFlat; Jégou, Douze & Schmid 2011): spherical k-means
 * cells trained on a sample, every row filed under its nearest cell, and every row searched
 * exactly among the rows of its `probes` nearest cells.
 *
 * How many cells to probe is measured, not assumed: because the search within cells is exact, a
 * row's recall at p probes is the share of its exact neighbours filed in its p nearest cells. So
 * the exact neighbours of a seeded calibration sample (brute force) give the recall at every p at
 * once, and the smallest p reaching the target recall is used (faiss's nprobe, tuned per data
 * set), up to a cap. The caller still checks the result on other rows (`exactNeighboursOf`).
 *
 * Every dot product runs in onnxruntime (dot-top-k.ts): the k-means assignments, the filing and
 * the search within cells.
 */
import { dotTopK } from './dot-top-k.js';
import { normalizeRows, type Neighbours } from './neighbours.js';
import { createRandom, type Random } from './random.js';

export interface IvfOptions {
  /** k-means cells; default 2 x sqrt(rows), so that a cell holds about sqrt(rows) / 2 rows. */
  cells?: number;
  /** Cells searched per row (its nearest ones): fixed, instead of calibrated. */
  probes?: number;
  /** The calibration's aim: the share of exact neighbours found on the calibration sample. */
  targetRecall?: number;
  /** The most cells probed per row when the target is not reached with fewer. */
  maxProbes?: number;
  /** Rows of the calibration sample. */
  calibrationRows?: number;
  /** Lloyd iterations of the k-means on the sample. */
  iterations?: number;
  seed?: number;
}

export const IVF_TARGET_RECALL = 0.97;
/** At 1M rows a probe costs about 2 s here: 32 bound the search near a minute. */
export const IVF_MAX_PROBES = 32;
const CALIBRATION_ROWS = 500;

export interface IvfCalibration {
  rows: number;
  /** The calibration rows (seeded). */
  sample: Int32Array;
  target: number;
  /** Recall on the calibration sample at the chosen probes. */
  recall: number;
  /** Recall on the calibration sample at 1, 2, ... maxProbes probes. */
  recallByProbes: number[];
}

export interface IvfNeighbours extends Neighbours {
  method: 'ivf';
  cells: number;
  probes: number;
  /** Null when the probes were fixed by the caller. */
  calibration: IvfCalibration | null;
}

/** Rows the k-means is trained on, per cell (faiss warns below 39). */
const TRAINING_ROWS_PER_CELL = 48;

export function defaultCells(rows: number): number {
  return Math.max(1, Math.min(rows, Math.round(2 * Math.sqrt(rows))));
}

/** A seeded sample of `size` distinct rows of 0..n-1 (a partial Fisher-Yates shuffle). */
function sampleRows(n: number, size: number, random: Random): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = 0; i < size; i++) {
    const j = i + random.int(n - i);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order.slice(0, size);
}

function gather(unit: Float32Array, d: number, rows: ArrayLike<number>, into = new Float32Array(rows.length * d)): Float32Array {
  for (let i = 0; i < rows.length; i++) into.set(unit.subarray(rows[i] * d, rows[i] * d + d), i * d);
  return into;
}

/** Spherical k-means (unit centroids, assignment by largest dot product) on a sample of the rows. */
export async function trainCells(unit: Float32Array, d: number, cells: number, iterations: number, random: Random): Promise<Float32Array> {
  const n = unit.length / d;
  const sampleSize = Math.min(n, Math.max(cells, cells * TRAINING_ROWS_PER_CELL));
  const sample = gather(unit, d, sampleRows(n, sampleSize, random));
  // The sample is in random order: its first rows are random distinct starting centroids.
  const centroids = sample.slice(0, cells * d);
  const sums = new Float64Array(cells * d);
  const counts = new Int32Array(cells);
  for (let iteration = 0; iteration < iterations; iteration++) {
    const nearest = await dotTopK(sample, sampleSize, centroids, cells, d, 1);
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < sampleSize; i++) {
      const c = nearest.indices[i];
      counts[c]++;
      for (let j = 0; j < d; j++) sums[c * d + j] += sample[i * d + j];
    }
    for (let c = 0; c < cells; c++) {
      if (counts[c] === 0) {
        // An empty cell restarts at a random sample row rather than staying dead.
        const r = random.int(sampleSize);
        centroids.set(sample.subarray(r * d, r * d + d), c * d);
        continue;
      }
      let norm = 0;
      for (let j = 0; j < d; j++) norm += sums[c * d + j] * sums[c * d + j];
      const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let j = 0; j < d; j++) centroids[c * d + j] = sums[c * d + j] * scale;
    }
  }
  return centroids;
}

/** Counting sort of `of` (values in 0..groups-1) into CSR form: offsets (groups + 1) and members. */
function groupBy(of: Int32Array, groups: number, stride = 1, take = 1): { offsets: Int32Array; members: Int32Array } {
  const offsets = new Int32Array(groups + 1);
  const rows = of.length / stride;
  for (let i = 0; i < rows; i++) for (let j = 0; j < take; j++) offsets[of[i * stride + j] + 1]++;
  for (let g = 0; g < groups; g++) offsets[g + 1] += offsets[g];
  const cursor = offsets.slice(0, groups);
  const members = new Int32Array(offsets[groups]);
  for (let i = 0; i < rows; i++) for (let j = 0; j < take; j++) members[cursor[of[i * stride + j]]++] = i;
  return { offsets, members };
}

/**
 * Recall at 1..maxProbes probes on calibration rows: for each, the share of its exact k nearest
 * (brute force) whose cell is among its p nearest cells.
 */
async function calibrate(
  unit: Float32Array,
  d: number,
  k: number,
  cellOf: Int32Array,
  nearestCells: Int32Array,
  maxProbes: number,
  cells: number,
  sample: Int32Array,
  target: number,
): Promise<{ probes: number; calibration: IvfCalibration }> {
  const exact = await exactOfUnit(unit, d, k, sample);
  const hitsAtRank = new Float64Array(maxProbes);
  const rankOfCell = new Int32Array(cells).fill(-1);
  let total = 0;
  sample.forEach((row, q) => {
    for (let r = 0; r < maxProbes; r++) rankOfCell[nearestCells[row * maxProbes + r]] = r;
    for (let j = 0; j < k; j++) {
      const other = exact.rows[q * k + j];
      if (other < 0) break;
      total++;
      const rank = rankOfCell[cellOf[other]];
      if (rank >= 0) hitsAtRank[rank]++;
    }
    for (let r = 0; r < maxProbes; r++) rankOfCell[nearestCells[row * maxProbes + r]] = -1;
  });
  const recallByProbes: number[] = [];
  let cumulative = 0;
  for (let r = 0; r < maxProbes; r++) recallByProbes.push(total === 0 ? 1 : (cumulative += hitsAtRank[r]) / total);
  const reached = recallByProbes.findIndex((recall) => recall >= target);
  const probes = reached >= 0 ? reached + 1 : maxProbes;
  return { probes, calibration: { rows: sample.length, sample, target, recall: recallByProbes[probes - 1], recallByProbes } };
}

/** Every row's k nearest other rows by cosine distance, searched in its nearest cells. */
export async function ivfNeighbours(vectors: Float32Array, d: number, k: number, options: IvfOptions = {}): Promise<IvfNeighbours> {
  const n = vectors.length / d;
  const cells = Math.min(n, options.cells ?? defaultCells(n));
  const fixed = options.probes !== undefined ? Math.max(1, Math.min(cells, options.probes)) : null;
  const maxProbes = fixed ?? Math.max(1, Math.min(cells, options.maxProbes ?? IVF_MAX_PROBES));
  const random = createRandom(options.seed ?? 15);
  let unit: Float32Array | null = normalizeRows(vectors, d);
  const centroids = await trainCells(unit, d, cells, options.iterations ?? 10, random);
  const nearest = await dotTopK(unit, n, centroids, cells, d, maxProbes);
  const stride = nearest.k;
  const cellOf = new Int32Array(n);
  for (let i = 0; i < n; i++) cellOf[i] = nearest.indices[i * stride];
  const { probes, calibration } =
    fixed !== null
      ? { probes: fixed, calibration: null }
      : await calibrate(
          unit,
          d,
          k,
          cellOf,
          nearest.indices,
          stride,
          cells,
          sampleRows(n, Math.min(n, options.calibrationRows ?? CALIBRATION_ROWS), random),
          options.targetRecall ?? IVF_TARGET_RECALL,
        );

  // File every row under its nearest cell, the cell's rows stored together.
  const filed = groupBy(cellOf, cells);
  const cellVectors = gather(unit, d, filed.members);
  const position = new Int32Array(n);
  filed.members.forEach((row, at) => (position[row] = at));
  // eslint-disable-next-line no-useless-assignment -- drops the last reference to the normalised copy so it can be freed during the search
  unit = null; // cellVectors holds the same rows, in cell order
  // The rows that search each cell: those with the cell among their `probes` nearest.
  const searching = groupBy(nearest.indices, cells, stride, probes);

  const rows = new Int32Array(n * k).fill(-1);
  const best = new Float32Array(n * k).fill(-Infinity);
  let largest = 0;
  for (let c = 0; c < cells; c++) largest = Math.max(largest, searching.offsets[c + 1] - searching.offsets[c]);
  const queryBuffer = new Float32Array(largest * d);
  for (let c = 0; c < cells; c++) {
    const first = filed.offsets[c];
    const size = filed.offsets[c + 1] - first;
    const askers = searching.members.subarray(searching.offsets[c], searching.offsets[c + 1]);
    if (size === 0 || askers.length === 0) continue;
    for (let q = 0; q < askers.length; q++) queryBuffer.set(cellVectors.subarray(position[askers[q]] * d, position[askers[q]] * d + d), q * d);
    // k + 1: the asking row itself is among its own cell's best.
    const found = await dotTopK(queryBuffer, askers.length, cellVectors.subarray(first * d, (first + size) * d), size, d, k + 1);
    for (let q = 0; q < askers.length; q++) {
      const row = askers[q];
      const o = row * k;
      for (let r = 0; r < found.k; r++) {
        const score = found.scores[q * found.k + r];
        if (score <= best[o + k - 1]) break; // sorted: the rest score lower still
        const other = filed.members[first + found.indices[q * found.k + r]];
        if (other === row) continue;
        let at = k - 1;
        while (at > 0 && best[o + at - 1] < score) {
          best[o + at] = best[o + at - 1];
          rows[o + at] = rows[o + at - 1];
          at--;
        }
        best[o + at] = score;
        rows[o + at] = other;
      }
    }
  }
  const distances = new Float32Array(n * k);
  for (let i = 0; i < n * k; i++) distances[i] = rows[i] >= 0 ? 1 - best[i] : NaN;
  return { k, rows, distances, method: 'ivf', cells, probes, calibration };
}

/**
 * The exact k nearest other rows of some rows among all, by cosine distance (brute force in
 * onnxruntime): the reference an approximate search is checked against on a sample.
 */
export async function exactNeighboursOf(vectors: Float32Array, d: number, k: number, queries: ArrayLike<number>): Promise<Neighbours> {
  return exactOfUnit(normalizeRows(vectors, d), d, k, queries);
}

/** exactNeighboursOf on rows already of unit length. */
async function exactOfUnit(unit: Float32Array, d: number, k: number, queries: ArrayLike<number>): Promise<Neighbours> {
  const n = unit.length / d;
  const found = await dotTopK(gather(unit, d, queries), queries.length, unit, n, d, k + 1);
  const rows = new Int32Array(queries.length * k).fill(-1);
  const distances = new Float32Array(queries.length * k).fill(NaN);
  for (let q = 0; q < queries.length; q++) {
    const query = queries[q];
    let j = 0;
    for (let r = 0; r < found.k && j < k; r++) {
      const other = found.indices[q * found.k + r];
      if (other === query) continue;
      rows[q * k + j] = other;
      distances[q * k + j] = 1 - found.scores[q * found.k + r];
      j++;
    }
  }
  return { k, rows, distances, method: 'exact' };
}
