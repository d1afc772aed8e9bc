import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tableFromRows } from '../src/data/table.js';
import type { FeatureMatrix } from '../src/math/feature-matrix.js';
import { fitLogistic, predictProba } from '../src/math/logistic-regression.js';
import { prepareProxyFeatures } from '../src/math/proxy-features.js';
import { PROXY_FIXTURES, readArrays } from './helpers/proxy-fixture.js';

const rowsOf = (...rows: number[]) => Int32Array.from(rows);

/** Cell (row, column) of either matrix kind. */
function cell(matrix: FeatureMatrix, row: number, column: number): number {
  if (matrix.kind === 'dense') return matrix.values[row * matrix.dims + column];
  for (let p = matrix.indptr[row]; p < matrix.indptr[row + 1]; p++) if (matrix.indices[p] === column) return matrix.values[p];
  return 0;
}

function rowValues(matrix: FeatureMatrix, row: number): number[] {
  return Array.from({ length: matrix.dims }, (_, column) => cell(matrix, row, column));
}

describe('prepareProxyFeatures: numeric columns', () => {
  const table = tableFromRows(
    ['age', 'income', 'flat', 'late'],
    [
      [10, 100, 5, ''],
      [20, '', 5, ''],
      [30, 300, 5, ''],
      [1000, 50, 7, 1],
      ['', 'n/a', 5, 2],
    ],
  );

  it('standardises with the mean and deviation of the fit rows only; missing -> 0 with an indicator when the fit rows miss values', () => {
    const { matrix, description } = prepareProxyFeatures(table, { numeric: ['age', 'income', 'flat', 'late'] }, { fitRows: rowsOf(0, 1, 2) });
    // age over rows 0-2: mean 20, population sd sqrt(200/3); row 3 (1000) is not a fit row.
    const sdAge = Math.sqrt(200 / 3);
    // income over rows 0-2: 100 and 300 (row 1 missing): mean 200, sd 100; missing in a fit row -> indicator.
    expect(description.blocks.map((block) => `${block.kind}:${'column' in block ? block.column : ''}`)).toEqual([
      'numeric:age',
      'numeric:income',
      'missing:income',
      'numeric:flat',
    ]);
    expect(description.numeric).toEqual({ columns: 3, missingIndicators: 1, constant: ['flat'], skipped: ['late'] });
    expect(matrix.kind).toBe('dense');
    expect(matrix.dims).toBe(4);
    const expected = [
      [-10 / sdAge, -1, 0, 0],
      [0, 0, 1, 0],
      [10 / sdAge, 1, 0, 0],
      [980 / sdAge, -1.5, 0, 2], // flat is constant (5) in the fit rows: only centred
      [0, 0, 1, 0], // 'n/a' is missing; '' too
    ];
    for (let row = 0; row < 5; row++) {
      const values = rowValues(matrix, row);
      for (let column = 0; column < 4; column++) expect(values[column]).toBeCloseTo(expected[row][column], 5);
    }
    const ageBlock = description.blocks[0];
    expect(ageBlock.kind === 'numeric' && ageBlock.mean).toBe(20);
  });

  it('changes with the fit rows, never with the held-out rows', () => {
    const a = prepareProxyFeatures(table, { numeric: ['age'] }, { fitRows: rowsOf(0, 1, 2) }).matrix;
    const other = tableFromRows(['age'], [[10], [20], [30], [-5], [123456]]);
    const b = prepareProxyFeatures(other, { numeric: ['age'] }, { fitRows: rowsOf(0, 1, 2) }).matrix;
    for (let row = 0; row < 3; row++) expect(cell(b, row, 0)).toBe(cell(a, row, 0));
    const c = prepareProxyFeatures(table, { numeric: ['age'] }, { fitRows: rowsOf(0, 3) }).matrix;
    expect(cell(c, 0, 0)).toBeCloseTo(-1, 6); // mean 505, sd 495
  });
});

describe('prepareProxyFeatures: categorical columns', () => {
  // Fit rows 0-7: a x3, d x2 (first seen before b), b x2, c x1; 'e' appears only in row 8; row 9 missing.
  const cities = ['a', 'd', 'a', 'b', 'd', 'c', 'b', 'a', 'e', ''];
  const table = tableFromRows(
    ['city'],
    cities.map((city) => [city]),
  );
  const fitRows = rowsOf(0, 1, 2, 3, 4, 5, 6, 7);

  it('keeps the most frequent levels of the fit rows (ties: first seen) and puts the rest into "other"', () => {
    const { matrix, description } = prepareProxyFeatures(table, { categorical: ['city'] }, { fitRows, maxLevels: 3 });
    expect(description.blocks).toEqual([{ kind: 'levels', column: 'city', start: 0, width: 4, levels: ['a', 'd', 'b'], other: true }]);
    expect(description.categorical).toEqual({ columns: 1, features: 4, levelsDropped: 1 });
    const expected: Record<string, number[]> = { a: [1, 0, 0, 0], d: [0, 1, 0, 0], b: [0, 0, 1, 0], c: [0, 0, 0, 1], e: [0, 0, 0, 1], '': [0, 0, 0, 0] };
    cities.forEach((city, row) => expect(rowValues(matrix, row)).toEqual(expected[city]));
  });

  it('makes no "other" column when every fit-row level is kept; an unseen level then sets nothing', () => {
    const { matrix, description } = prepareProxyFeatures(table, { categorical: ['city'] }, { fitRows });
    const block = description.blocks[0];
    expect(block.kind === 'levels' && block.levels).toEqual(['a', 'd', 'b', 'c']);
    expect(block.kind === 'levels' && block.other).toBe(false);
    expect(rowValues(matrix, 8)).toEqual([0, 0, 0, 0]);
  });

  it('one-hot encodes a high-cardinality column too (one string per row)', () => {
    const many = Array.from({ length: 6000 }, (_, i) => [i < 4500 ? `id-${i}` : i % 2 === 0 ? 'even' : 'odd']);
    const wide = tableFromRows(['key'], many);
    expect(wide.column('key')!.codes).toBeNull();
    const { matrix, description } = prepareProxyFeatures(
      wide,
      { categorical: ['key'] },
      { fitRows: Int32Array.from({ length: 6000 }, (_, i) => i), maxLevels: 2 },
    );
    const block = description.blocks[0];
    expect(block.kind === 'levels' && block.levels).toEqual(['even', 'odd']);
    expect(matrix.kind).toBe('dense');
    expect(rowValues(matrix, 0)).toEqual([0, 0, 1]);
    expect(rowValues(matrix, 4501)).toEqual([0, 1, 0]);
  });
});

describe('prepareProxyFeatures: layout, embeddings, text', () => {
  it('lays out numeric, categorical, embeddings, then text; dense only without text and when small and dense enough', () => {
    const table = tableFromRows(
      ['x', 'group', 'note'],
      [
        [1, 'u', 'red apple'],
        [2, 'v', 'green apple'],
        [3, 'u', ''],
      ],
    );
    const embeddings = { vectors: Float32Array.from([0.5, 0, -1, 2, 0, 0]), dimensions: 2 };
    const fitRows = rowsOf(0, 1, 2);
    const dense = prepareProxyFeatures(table, { numeric: ['x'], categorical: ['group'], embeddings }, { fitRows });
    expect(dense.matrix.kind).toBe('dense');
    expect(dense.description.blocks.map((block) => [block.kind, block.start, block.width])).toEqual([
      ['numeric', 0, 1],
      ['levels', 1, 2],
      ['embedding', 3, 2],
    ]);
    expect(rowValues(dense.matrix, 1).slice(1)).toEqual([0, 1, -1, 2]);
    const sparse = prepareProxyFeatures(table, { numeric: ['x'], categorical: ['group'], embeddings }, { fitRows, maxDenseCells: 10 });
    expect(sparse.matrix.kind).toBe('csr');
    for (let row = 0; row < 3; row++) expect(rowValues(sparse.matrix, row)).toEqual(rowValues(dense.matrix, row));
    expect(sparse.description.nonzeros).toBe(sparse.matrix.kind === 'csr' ? sparse.matrix.indices.length : -1);

    const withText = prepareProxyFeatures(table, { numeric: ['x'], text: 'note' }, { fitRows, text: { hashBits: 8 } });
    expect(withText.matrix.kind).toBe('csr');
    expect(withText.matrix.dims).toBe(1 + 256);
    expect(withText.description.text).toMatchObject({ column: 'note', buckets: 256, wordBuckets: 128, charBuckets: 128, emptyRows: 1 });
    expect(withText.description.blocks.at(-1)).toEqual({ kind: 'text', column: 'note', start: 1, width: 256 });
  });

  it('builds the fixture texts into the same matrix as scikit-learn, and a proxy learner on it predicts the held-out fold', () => {
    const fixture = JSON.parse(readFileSync(join(PROXY_FIXTURES, 'text.json'), 'utf8')) as { texts: string[]; labels: number[] };
    const table = tableFromRows(
      ['text', 'label'],
      fixture.texts.map((text, i) => [text, fixture.labels[i]]),
    );
    const arrays = readArrays('text');
    const fold = arrays.get('fold')!.data;
    const fitRows = Int32Array.from([...fold.keys()].filter((i) => fold[i] !== 0));
    const { matrix } = prepareProxyFeatures(table, { text: 'text' }, { fitRows, text: { hashBits: 12 } });
    if (matrix.kind !== 'csr') throw new Error('text features are sparse');
    expect(Array.from(matrix.indices)).toEqual(Array.from(arrays.get('fold0_indices')!.data));
    const reference = arrays.get('fold0_data')!.data;
    let largest = 0;
    for (let p = 0; p < reference.length; p++) largest = Math.max(largest, Math.abs(matrix.values[p] - reference[p]));
    expect(largest).toBeLessThanOrEqual(1e-7);
    // The proxy learner on these features predicts the held-out fold well above chance (3 classes).
    const y = Int32Array.from(fixture.labels);
    const model = fitLogistic(matrix, y, 3, { rows: fitRows });
    const held = Int32Array.from([...fold.keys()].filter((i) => fold[i] === 0));
    const p = predictProba(model, matrix, held);
    let correct = 0;
    held.forEach((row, i) => {
      const scores = [p[i * 3], p[i * 3 + 1], p[i * 3 + 2]];
      if (scores.indexOf(Math.max(...scores)) === y[row]) correct++;
    });
    expect(correct / held.length).toBeGreaterThan(0.85);
  });

  it('a subset of the rows: matrix row i is data row rows[i], the same values as in the full matrix (text, numbers, categories)', () => {
    const fixture = JSON.parse(readFileSync(join(PROXY_FIXTURES, 'text.json'), 'utf8')) as { texts: string[]; labels: number[] };
    const table = tableFromRows(
      ['text', 'n', 'c'],
      fixture.texts.map((text, i) => [text, (i * 7) % 13, ['a', 'b', 'c'][i % 3]]),
    );
    const fitRows = Int32Array.from({ length: 200 }, (_, i) => i * 2);
    const columns = { text: 'text', numeric: ['n'], categorical: ['c'] };
    const full = prepareProxyFeatures(table, columns, { fitRows, text: { hashBits: 12 } }).matrix;
    const rows = Int32Array.from(new Set([...fitRows, 1, 3, 401, 599])).sort();
    const subset = prepareProxyFeatures(table, columns, { fitRows, rows, text: { hashBits: 12 } }).matrix;
    expect(subset.rows).toBe(rows.length);
    for (const i of [0, 1, 2, 150, rows.length - 1]) expect(rowValues(subset, i)).toEqual(rowValues(full, rows[i]));
    // Fit rows must be among the rows of the matrix.
    expect(() => prepareProxyFeatures(table, columns, { fitRows: Int32Array.from([5]), rows: Int32Array.from([1, 2]) })).toThrow(/not among the rows/);
  });

  it('refuses unknown columns, bad embeddings and fit rows out of range', () => {
    const table = tableFromRows(['x'], [[1], [2]]);
    expect(() => prepareProxyFeatures(table, { numeric: ['y'] }, { fitRows: rowsOf(0) })).toThrow(/no column "y"/);
    expect(() => prepareProxyFeatures(table, { embeddings: { vectors: new Float32Array(3), dimensions: 2 } }, { fitRows: rowsOf(0) })).toThrow(/embeddings/);
    expect(() => prepareProxyFeatures(table, { numeric: ['x'] }, { fitRows: rowsOf(2) })).toThrow(/outside/);
    expect(() => prepareProxyFeatures(table, { numeric: ['x'] }, { fitRows: rowsOf() })).toThrow(/at least one fit row/);
  });
});
