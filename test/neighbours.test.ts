/**
 * Nearest neighbours by cosine distance: the exact search by hand; onnxruntime's dot products and
 * top-k (dot-top-k.ts) against the plain JavaScript brute force; the inverted-file search
 * (ivf.ts) against exact search on scikit-learn's digits (1,797 8x8 images as 64 features,
 * fixtures/real-models/digits) and on 20,000 seeded clustered vectors: recall of the exact
 * top-10 at least 0.95.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exactNeighbours, recallAgainst } from '../src/math/neighbours.js';
import { dotTopK, dotTopKKernel } from '../src/math/dot-top-k.js';
import { dotTopKJs } from '../src/math/dot-top-k-js.js';
import { dotTopKOnnx } from '../src/math/dot-top-k-onnx.js';
import { exactNeighboursOf, ivfNeighbours } from '../src/math/ivf.js';
import { createRandom } from '../src/math/random.js';
import { fixture } from './helpers/cli.js';

function digitVectors(): { vectors: Float32Array; d: number; n: number } {
  const lines = readFileSync(fixture('real-models/digits/data.csv'), 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const pixels = header.map((name, c) => (name.startsWith('pixel_') ? c : -1)).filter((c) => c >= 0);
  const n = lines.length - 1;
  const vectors = new Float32Array(n * pixels.length);
  lines.slice(1).forEach((line, row) => {
    const cells = line.split(',');
    pixels.forEach((c, j) => (vectors[row * pixels.length + j] = Number(cells[c])));
  });
  return { vectors, d: pixels.length, n };
}

function clustered(n: number, d: number, centreCount: number, spread: number, seed: number): Float32Array {
  const random = createRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
  const centres = Array.from({ length: centreCount }, () => Array.from({ length: d }, normal));
  const vectors = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const centre = centres[Math.floor(random.next() * centres.length)];
    for (let c = 0; c < d; c++) vectors[i * d + c] = centre[c] + spread * normal();
  }
  return vectors;
}

describe('exact neighbours (by hand)', () => {
  it('orders by cosine distance and leaves the row itself out', () => {
    // Row 0 points along x; row 1 is 45 degrees off; row 2 along y; row 3 is row 0 scaled.
    const vectors = Float32Array.from([1, 0, 1, 1, 0, 1, 3, 0]);
    const found = exactNeighbours(vectors, 2, 2);
    expect(Array.from(found.rows.subarray(0, 2))).toEqual([3, 1]);
    expect(found.distances[0]).toBeCloseTo(0, 6);
    expect(found.distances[1]).toBeCloseTo(1 - Math.SQRT1_2, 6);
    expect(Array.from(found.rows.subarray(4, 6))).toEqual([1, 0]); // row 2: 45 degrees, then 90 (row 0 before row 3 on the tie)
  });
});

describe('dot products and top-k in onnxruntime', () => {
  it('the k largest dot products of each query, by hand', async () => {
    // Base rows: (1,0), (0,2), (3,1); queries (1,1) -> 4, 2, 1 and (0,-1) -> 0, -1, -2.
    const found = await dotTopK(Float32Array.from([1, 1, 0, -1]), 2, Float32Array.from([1, 0, 0, 2, 3, 1]), 3, 2, 2);
    expect(found.k).toBe(2);
    expect([...found.indices]).toEqual([2, 1, 0, 2]);
    expect([...found.scores]).toEqual([4, 2, 0, -1]);
  });

  it('caps k at the base rows and takes queries in blocks past the score budget', async () => {
    const base = Float32Array.from([1, 0, 0, 1]);
    const found = await dotTopK(Float32Array.from([2, 1]), 1, base, 2, 2, 5);
    expect(found.k).toBe(2);
    expect([...found.indices]).toEqual([0, 1]);
    // 9,000 queries against 2,000 base rows: 18M scores, more than one block of 16M.
    const d = 4;
    const queries = clustered(9000, d, 5, 0.3, 3);
    const rows = clustered(2000, d, 5, 0.3, 4);
    const blocked = await dotTopK(queries, 9000, rows, 2000, d, 3);
    for (const q of [0, 4500, 8999]) {
      let bestRow = -1;
      let bestScore = -Infinity;
      for (let r = 0; r < 2000; r++) {
        let dot = 0;
        for (let c = 0; c < d; c++) dot += queries[q * d + c] * rows[r * d + c];
        if (dot > bestScore) [bestRow, bestScore] = [r, dot];
      }
      expect(blocked.indices[q * 3]).toBe(bestRow);
      expect(blocked.scores[q * 3]).toBeCloseTo(bestScore, 4);
    }
  });

  it('exact neighbours of sampled rows equal the JavaScript brute force (digits)', async () => {
    const { vectors, d, n } = digitVectors();
    const sample = Array.from({ length: 100 }, (_, i) => i * 17);
    const reference = exactNeighbours(vectors, d, 10, sample);
    const found = await exactNeighboursOf(vectors, d, 10, sample);
    for (let i = 0; i < sample.length * 10; i++) expect(found.distances[i]).toBeCloseTo(reference.distances[i], 5);
    // Equal distances may come in either order: the neighbour sets agree but for such ties.
    expect(recallAgainst(reference, { ...found, rows: scatter(found.rows, sample, n, 10) }, sample)).toBeGreaterThanOrEqual(0.99);
  });
});

/** Rows of a sample's neighbours placed at their query rows, as recallAgainst reads an all-rows search. */
function scatter(rows: Int32Array, sample: number[], n: number, k: number): Int32Array {
  const out = new Int32Array(n * k).fill(-1);
  sample.forEach((row, q) => out.set(rows.subarray(q * k, q * k + k), row * k));
  return out;
}

describe('the JavaScript kernel (used when onnxruntime-node is not installed)', () => {
  it('the k largest dot products by hand, ties to the lower row, k capped at the base rows', () => {
    const found = dotTopKJs(Float32Array.from([1, 1, 0, -1]), 2, Float32Array.from([1, 0, 0, 2, 3, 1]), 3, 2, 2);
    expect([...found.indices]).toEqual([2, 1, 0, 2]);
    expect([...found.scores]).toEqual([4, 2, 0, -1]);
    // Base rows (1,0), (1,5), (1,-5) all score 1 against the query (1,0).
    const ties = dotTopKJs(Float32Array.from([1, 0]), 1, Float32Array.from([1, 0, 1, 5, 1, -5]), 3, 2, 5);
    expect(ties.k).toBe(3);
    expect([...ties.indices]).toEqual([0, 1, 2]);
  });

  it("gives onnxruntime's top-k on clustered vectors of odd width (37 dimensions)", async () => {
    const d = 37;
    const queries = clustered(300, d, 8, 0.5, 21);
    const base = clustered(2500, d, 8, 0.5, 22);
    const js = dotTopKJs(queries, 300, base, 2500, d, 11);
    const onnx = await dotTopKOnnx(queries, 300, base, 2500, d, 11);
    let same = 0;
    for (let i = 0; i < js.indices.length; i++) {
      expect(js.scores[i]).toBeCloseTo(onnx.scores[i], 4);
      if (js.indices[i] === onnx.indices[i]) same++;
    }
    // Float sums in another order may swap near-equal scores; the scores above agree everywhere.
    expect(same / js.indices.length).toBeGreaterThan(0.99);
  });

  it('this checkout has onnxruntime-node (a dev dependency), so the audit uses it', async () => {
    expect((await dotTopKKernel()).kernel).toBe('onnxruntime');
  });
});

describe('the inverted-file search against exact search', () => {
  it('digits (1,797 x 64): recall of the exact top-10 at least 0.95', async () => {
    const { vectors, d, n } = digitVectors();
    const all = Array.from({ length: n }, (_, i) => i);
    const found = await ivfNeighbours(vectors, d, 10);
    expect(found.method).toBe('ivf');
    expect(found.cells).toBe(85); // 2 x sqrt(1,797)
    expect(recallAgainst(exactNeighbours(vectors, d, 10), found, all)).toBeGreaterThanOrEqual(0.95);
  });

  it('20,000 clustered vectors of 32 dimensions: recall at least 0.95 on a 1,000-row sample', async () => {
    const d = 32;
    const vectors = clustered(20_000, d, 50, 0.6, 11);
    const sample = Array.from({ length: 1000 }, (_, i) => i * 20);
    const recall = recallAgainst(exactNeighbours(vectors, d, 10, sample), await ivfNeighbours(vectors, d, 10), sample);
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });

  it('calibration: the recall it predicts at p probes is the recall a search at p probes reaches on its rows', async () => {
    const d = 32;
    const vectors = clustered(12_000, d, 30, 0.9, 13);
    const calibrated = await ivfNeighbours(vectors, d, 10, { targetRecall: 0.99 });
    const calibration = calibrated.calibration!;
    expect(calibration.rows).toBe(500);
    expect(calibration.recallByProbes).toHaveLength(32);
    // Non-decreasing in p; the chosen p is the first to reach the target.
    for (let p = 1; p < 32; p++) expect(calibration.recallByProbes[p]).toBeGreaterThanOrEqual(calibration.recallByProbes[p - 1]);
    expect(calibration.recallByProbes[calibrated.probes - 1]).toBeGreaterThanOrEqual(0.99);
    if (calibrated.probes > 1) expect(calibration.recallByProbes[calibrated.probes - 2]).toBeLessThan(0.99);
    const sample = [...calibration.sample];
    const exact = exactNeighbours(vectors, d, 10, sample);
    for (const p of [1, 2, 4]) {
      const fixed = await ivfNeighbours(vectors, d, 10, { probes: p });
      expect(recallAgainst(exact, fixed, sample)).toBeCloseTo(calibration.recallByProbes[p - 1], 2);
    }
  });

  it('with one cell probed and no cluster structure, recall falls: the sampled check is what tells', async () => {
    const d = 32;
    const vectors = clustered(8000, d, 1, 1, 12); // one isotropic blob: neighbours straddle every cell boundary
    const sample = Array.from({ length: 400 }, (_, i) => i * 20);
    const exact = exactNeighbours(vectors, d, 10, sample);
    const one = recallAgainst(exact, await ivfNeighbours(vectors, d, 10, { probes: 1 }), sample);
    const many = recallAgainst(exact, await ivfNeighbours(vectors, d, 10, { probes: 32 }), sample);
    expect(one).toBeLessThan(0.8);
    expect(many).toBeGreaterThan(one);
  });

  it('a handful of rows: every cell searched, fewer than k neighbours marked absent, the row never its own neighbour', async () => {
    const vectors = Float32Array.from([1, 0, 0.9, 0.1, 0, 1]);
    const found = await ivfNeighbours(vectors, 2, 4, { probes: 8 });
    expect(found.cells).toBeLessThanOrEqual(3);
    expect([...found.rows.subarray(0, 4)]).toEqual([1, 2, -1, -1]);
    expect(found.distances[2]).toBeNaN();
    for (let row = 0; row < 3; row++) expect([...found.rows.subarray(row * 4, row * 4 + 4)]).not.toContain(row);
  });
});
