/**
 * Nearest neighbours by cosine distance: the exact search by hand, and usearch's HNSW against it
 * on scikit-learn's digits (1,797 8x8 images as 64 features, fixtures/real-models/digits) and on
 * 20,000 seeded clustered vectors: recall of the exact top-10 at least 0.95.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { approximateNeighbours, exactNeighbours, recallAgainst } from '../src/math/neighbours.js';
import { createRandom } from '../src/math/random.js';
import { fixture } from './helpers/cli.js';

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

describe('HNSW against exact search', () => {
  it('digits (1,797 x 64): recall of the exact top-10 at least 0.95', () => {
    const lines = readFileSync(fixture('real-models/digits/data.csv'), 'utf8').trim().split('\n');
    const header = lines[0].split(',');
    const pixels = header.map((name, c) => (name.startsWith('pixel_') ? c : -1)).filter((c) => c >= 0);
    const n = lines.length - 1;
    const vectors = new Float32Array(n * pixels.length);
    lines.slice(1).forEach((line, row) => {
      const cells = line.split(',');
      pixels.forEach((c, j) => (vectors[row * pixels.length + j] = Number(cells[c])));
    });
    const all = Array.from({ length: n }, (_, i) => i);
    const recall = recallAgainst(exactNeighbours(vectors, pixels.length, 10), approximateNeighbours(vectors, pixels.length, 10), all);
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });

  it('20,000 clustered vectors of 32 dimensions: recall at least 0.95 on a 1,000-row sample', () => {
    const random = createRandom(11);
    const normal = () => Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
    const n = 20_000;
    const d = 32;
    const centres = Array.from({ length: 50 }, () => Array.from({ length: d }, normal));
    const vectors = new Float32Array(n * d);
    for (let i = 0; i < n; i++) {
      const centre = centres[Math.floor(random.next() * centres.length)];
      for (let c = 0; c < d; c++) vectors[i * d + c] = centre[c] + 0.6 * normal();
    }
    const sample = Array.from({ length: 1000 }, (_, i) => i * 20);
    const recall = recallAgainst(exactNeighbours(vectors, d, 10, sample), approximateNeighbours(vectors, d, 10), sample);
    expect(recall).toBeGreaterThanOrEqual(0.95);
  });
});
