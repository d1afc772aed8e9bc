/**
 * Embeddings (issue 15): scikit-learn's digits (8x8 images as 64-d vectors) with planted exact
 * and near copies, outliers and flipped labels (test/reference/embeddings_digits.py,
 * fixtures/embeddings/digits/). Near duplicates by the inverted-file search against exact search, every planted copy
 * found, the planted outliers in the top 5% of the k-NN distance, the neighbour vote beside
 * confident learning; the same findings from .npy, .npz, a vector column and a Parquet list
 * column written by DuckDB; bad arrays are one exit-2 line each.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeNpy } from '../src/io/npy.js';
import { exactNeighbours, normalizeRows } from '../src/math/neighbours.js';
import { ivfNeighbours } from '../src/math/ivf.js';
import { knnDistanceScores, nearPairs, neighbourVotes, outlierCut, pairClusters } from '../src/math/neighbour-scores.js';
import { sphericalKMeans } from '../src/math/kmeans.js';
import { createRandom } from '../src/math/random.js';
import { audit, fixture } from './helpers/cli.js';

const dir = (name: string) => fixture(`embeddings/digits/${name}`);
const truth = JSON.parse(readFileSync(dir('truth.json'), 'utf8')) as {
  rows: number;
  pairs: { kind: string; ids: [string, string] }[];
  outliers: string[];
  flipped: string[];
};
const ids = readFileSync(dir('data.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split(',')[0]);
const rowOf = new Map(ids.map((id, row) => [id, row]));
const digits = decodeNpy(new Uint8Array(readFileSync(dir('embeddings.npy'))), 'embeddings.npy');
const vectors = Float32Array.from(digits.data);
const D = digits.shape[1];
const pairKey = (a: number, b: number) => `${Math.min(a, b)}-${Math.max(a, b)}`;

describe('neighbour scores (by hand)', () => {
  // Rows 0-2 point the same way, row 3 is 45 degrees off, row 4 opposite.
  const neighbours = exactNeighbours(Float32Array.from([1, 0, 1, 0, 2, 0, 1, 1, -1, 0]), 2, 2);
  it('near pairs at a similarity and their clusters', () => {
    const pairs = nearPairs(neighbours, 5, 0.999);
    expect([...pairs.a].map((a, p) => `${a}-${pairs.b[p]}`)).toEqual(['0-1', '0-2', '1-2']);
    const { clusters, clusterOf } = pairClusters(pairs, 5);
    expect(clusters.map((c) => [...c])).toEqual([[0, 1, 2]]);
    expect([...clusterOf]).toEqual([0, 0, 0, -1, -1]);
  });
  it('k-NN distance: the mean distance to the k nearest', () => {
    const scores = knnDistanceScores(neighbours, 5);
    // Row 3's two nearest are rows 0 and 1 (all three at 1 - cos 45 degrees; ties keep the lower rows).
    expect(scores[3]).toBeCloseTo(1 - Math.SQRT1_2, 6);
    // Row 4 (pointing at -x): its nearest is row 3 (135 degrees) then a row at 180 degrees.
    expect(scores[4]).toBeCloseTo((1 + Math.SQRT1_2 + 2) / 2, 5);
    const cut = outlierCut([1, 2, 3, 4, 5], 3);
    expect(cut).toEqual({ q1: 2, median: 3, q3: 4, cutoff: 10 });
  });
  it('the neighbour vote: the majority label, ties to the lower class', () => {
    const vote = neighbourVotes(neighbours, Int32Array.from([0, 0, 1, 1, -1]), 2);
    // Rows 0 and 1 see one row of each class (a tie: class 0); rows 2 and 3 see rows 0 and 1; row 4 sees rows 3 and 0.
    expect([...vote.topLabel]).toEqual([0, 0, 0, 0, 0]);
    expect([...vote.ownCount]).toEqual([1, 1, 0, 0, 0]);
    expect([...vote.voters]).toEqual([2, 2, 2, 2, 2]);
  });
  it('spherical k-means separates two well-apart directions', () => {
    const points = Float32Array.from([1, 0.01, 1, -0.01, 0.99, 0, 0, 1, 0.01, 1, -0.01, 0.98]);
    const result = sphericalKMeans(normalizeRows(points, 2), 2, { k: 2, seed: 1 });
    const a = result.assignment;
    expect(a[0]).toBe(a[1]);
    expect(a[0]).toBe(a[2]);
    expect(a[3]).toBe(a[4]);
    expect(a[3]).toBe(a[5]);
    expect(a[0]).not.toBe(a[3]);
  });
});

describe('digits: near duplicates by the inverted-file search against exact search', () => {
  const exact = exactNeighbours(vectors, D, 10);
  // The near-duplicates check's rule: closer than 0.13 x the median nearest-neighbour distance.
  const nearest = Array.from({ length: truth.rows }, (_, i) => exact.distances[i * 10]).sort((x, y) => x - y);
  const median = (nearest[(truth.rows - 1) >> 1] + nearest[truth.rows >> 1]) / 2;
  const threshold = 1 - 0.13 * median;
  const pairsOf = (found: typeof exact) => {
    const p = nearPairs(found, truth.rows, threshold);
    return new Set([...p.a].map((a, i) => pairKey(a, p.b[i])));
  };
  it('recall of the exact pairs at least 0.95, and every planted copy found', async () => {
    const exactPairs = pairsOf(exact);
    const approximate = pairsOf(await ivfNeighbours(vectors, D, 10));
    const recall = [...exactPairs].filter((key) => approximate.has(key)).length / exactPairs.size;
    expect(recall).toBeGreaterThanOrEqual(0.95);
    const planted = truth.pairs.map((p) => pairKey(rowOf.get(p.ids[0])!, rowOf.get(p.ids[1])!));
    expect(planted).toHaveLength(80);
    for (const key of planted) expect(approximate.has(key)).toBe(true);
  });
});

describe('digits through the CLI', () => {
  const run = audit([dir('data.csv'), '--embeddings', dir('embeddings.npy'), '--probs', dir('probs.npy'), '-f', 'json']);
  const report = run.json;
  const planted = new Set(truth.pairs.map((p) => pairKey(rowOf.get(p.ids[0])!, rowOf.get(p.ids[1])!)));

  it('reports the embedding findings and leaves nothing to the text checks', () => {
    expect(run.status, run.stderr).toBe(1); // the leaked copies are high
    expect(report.findings.map((f: { id: string }) => f.id).sort()).toEqual(
      [
        'calibration/underconfident',
        'embeddings/neighbour-label-disagreement',
        'embeddings/outliers',
        'label-noise/mislabelled-rows',
        'leakage/train-eval-overlap',
        'near-duplicates/embedding-near-duplicates',
      ].sort(),
    );
    expect(report.inputs.embeddings).toMatchObject({ path: dir('embeddings.npy'), format: 'npy', rows: 1897, dimensions: 64, rowsWithoutVector: 0 });
    expect(report.checks.embeddings.metrics.search).toBe('exact');
  });

  it('near duplicates: exactly the 80 planted pairs, and the leaked ones across splits', () => {
    const m = report.checks['near-duplicates'].metrics;
    expect(m.space).toBe('embeddings');
    const found = new Set((m.clusters as number[][]).map(([a, b]) => pairKey(a, b)));
    expect(found).toEqual(planted);
    const splits = readFileSync(dir('data.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[2]);
    const crossing = [...planted].filter((key) => {
      const [a, b] = key.split('-').map(Number);
      return splits[a] !== splits[b];
    }).length;
    const leaked = report.checks.leakage.metrics;
    expect(leaked.nearBy).toBe('embeddings');
    expect(leaked.totalLeakedRows).toBe(crossing);
    const f = report.findings.find((x: { id: string }) => x.id === 'leakage/train-eval-overlap');
    expect(f.summary).toContain(`embedding cosine similarity ≥ ${Number(m.threshold.toFixed(4))}`);
  });

  it('outliers: every planted one is flagged, and the flagged rows are the top of the k-NN distance, within 5%', () => {
    const m = report.checks.embeddings.metrics;
    const flagged = new Set(m.outliers as number[]);
    for (const id of truth.outliers) expect(flagged.has(rowOf.get(id)!)).toBe(true);
    expect(flagged.size).toBeLessThanOrEqual(0.05 * truth.rows);
    const scores = knnDistanceScores(exactNeighbours(vectors, D, 10), truth.rows);
    const ranked = [...scores.keys()].sort((a, b) => scores[b] - scores[a]);
    expect(new Set(ranked.slice(0, flagged.size))).toEqual(flagged);
    const f = report.findings.find((x: { id: string }) => x.id === 'embeddings/outliers');
    expect(f.metrics.count).toBe(flagged.size);
    expect(f.summary).toContain(`${flagged.size} of 1897 rows`);
  });

  it('neighbour labels find the flipped labels, and label-noise reports them beside confident learning', () => {
    const m = report.checks.embeddings.metrics;
    const flipped = new Set(truth.flipped.map((id) => rowOf.get(id)!));
    const flagged = m.neighbourDisagreements as number[];
    const hits = flagged.filter((row) => flipped.has(row)).length;
    expect(hits / flipped.size).toBeGreaterThanOrEqual(0.85); // recall
    expect(hits / flagged.length).toBeGreaterThanOrEqual(0.7); // precision
    const noise = report.checks['label-noise'].metrics;
    const both = (noise.rows as number[]).filter((row) => new Set(flagged).has(row)).length;
    expect(noise.neighbourLabels).toMatchObject({ k: 10, confidentLearning: noise.issueCount, neighbourFlagged: flagged.length, both });
    const f = report.findings.find((x: { id: string }) => x.id === 'label-noise/mislabelled-rows');
    expect(f.summary).toContain(`the 10 nearest neighbours of ${both} of the ${noise.issueCount} flagged rows mostly carry another label too`);
  });

  it('the same findings from the .npz, a vector column and a Parquet list column written by DuckDB', () => {
    const ids = (r: typeof run) => r.json.findings.map((f: { id: string; metrics: { count?: number } }) => `${f.id} ${f.metrics.count ?? ''}`);
    const expected = ids(run);
    for (const args of [
      [dir('data.csv'), '--embeddings', dir('embeddings.npz')],
      [dir('vectors.csv'), '--embedding-col', 'embedding'],
      [dir('data.csv'), '--embeddings', dir('vectors.parquet')],
    ]) {
      const other = audit([...args, '--probs', dir('probs.npy'), '-f', 'json']);
      expect(other.status, other.stderr).toBe(1);
      expect(ids(other)).toEqual(expected);
    }
    const column = audit([dir('vectors.csv'), '--embedding-col', 'embedding', '--probs', dir('probs.npy'), '-f', 'json']).json;
    expect(column.inputs.data.roles.text).toBeNull();
    expect(column.inputs.data.roles.assignments).toContainEqual({ column: 'embedding', role: 'embedding', reason: 'given with --embedding-col' });
  });

  it('says it in Chinese with the same numbers', () => {
    const zh = audit([dir('data.csv'), '--embeddings', dir('embeddings.npy'), '--probs', dir('probs.npy'), '-f', 'json', '--lang', 'zh']).json;
    const outliers = zh.findings.find((x: { id: string }) => x.id === 'embeddings/outliers');
    expect(outliers.title).toBe(`${outliers.metrics.count} 行离群：在嵌入空间中远离其他所有行`);
    const near = zh.findings.find((x: { id: string }) => x.id === 'near-duplicates/embedding-near-duplicates');
    expect(near.summary).toContain('嵌入向量余弦相似度 ≥');
    expect(near.summary).toContain(`${near.metrics.nearDuplicateRows} 行`);
  });
});

describe('bad embeddings: one exit-2 line naming the file', () => {
  const cases: [string[], RegExp][] = [
    [['--embeddings', dir('bad/flat.npy')], /flat\.npy: expected a 2-D array of shape \(rows, dimensions\), got shape \(1897\)/],
    [['--embeddings', dir('bad/short.npy')], /short\.npy: has 1896 rows and the data has 1897/],
    [['--embeddings', dir('bad/nan.npy')], /nan\.npy: row 7 \(0-based\) holds NaN in dimension 1/],
    [['--embedding-col', 'label'], /column "label": the cell is not a list of numbers \("digit-/],
    [['--embedding-col', 'nope'], /--embedding-col "nope" is not a column of the data/],
    [['--embeddings', dir('data.csv')], /--embeddings takes a NumPy array/],
    [['--embeddings', dir('embeddings.npy'), '--embedding-col', 'label'], /either --embeddings FILE or --embedding-col NAME, not both/],
  ];
  for (const [args, message] of cases) {
    it(args.join(' ').replace(/\/.*\//, ''), () => {
      const result = audit([dir('data.csv'), ...args]);
      expect(result.status).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(message);
    });
  }
});

describe('underperforming clusters: the slice search over k-means clusters of the embedding space', () => {
  it('a model that saw few eights errs in the cluster that holds them; the slice search finds it, and its class mix explains it', () => {
    const run = audit([dir('data.csv'), '--embeddings', dir('embeddings.npy'), '--probs', dir('probs-weak-eights.npy'), '-f', 'json']);
    const metrics = run.json.checks.slices.metrics;
    // The cluster is found (significant against the rest) ...
    const slice = metrics.explainedByClassMix[0];
    expect(slice, run.stderr).toBeDefined();
    expect(Object.keys(slice.predicates)).toEqual(['embedding cluster']);
    // The rows of the slice are mostly eights, and the model errs on those more than anywhere else.
    const labels = readFileSync(dir('data.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[1]);
    const eights = labels.filter((l) => l === 'digit-8').length;
    expect(slice.predicates['embedding cluster']).toMatch(/^cluster \d+ \(.*digit-8/);
    expect(slice.errorRate).toBeGreaterThan(2 * metrics.overallErrorRate);
    expect(slice.qValue).toBeLessThanOrEqual(0.05);
    expect(eights).toBeGreaterThan(150);
    // ... but its errors are the eights' errors: each row at its class's error rate predicts nearly
    // all of them (issue 27), so it is not a weak slice; the per-class metrics say where the model fails.
    expect(slice.classMix.z).toBeLessThan(2);
    expect(slice.classMix.expectedErrorRate).toBeGreaterThan(2 * metrics.overallErrorRate);
    expect(run.json.findings.find((f: { id: string }) => f.id === 'slices/weak-slices')).toBeUndefined();
    const recall = run.json.checks.performance.metrics.ensemble.perClass.find((c: { class: string }) => c.class === 'digit-8').recall;
    expect(recall).toBeLessThan(0.25);
    // Without embeddings only the split column is left to search, and the eights stay hidden.
    const plain = audit([dir('data.csv'), '--probs', dir('probs-weak-eights.npy'), '-f', 'json']);
    expect(plain.json.checks.slices.metrics.search.columns).toEqual(['split']);
    expect(plain.json.checks.slices.metrics.explainedByClassMix).toEqual([]);
    expect(metrics.search.columns).toEqual(['split', 'embedding cluster']);
  });
});

describe('labels as a NumPy array (--labels FILE.npy)', () => {
  it('class indices in data order give the same findings as the label column', () => {
    const withColumn = audit([dir('data.csv'), '--embeddings', dir('embeddings.npy'), '--probs', dir('probs.npy'), '-f', 'json']).json;
    const withArray = audit([
      dir('unlabelled.csv'),
      '--labels',
      dir('labels.npy'),
      '--embeddings',
      dir('embeddings.npy'),
      '--probs',
      dir('probs.npy'),
      '-f',
      'json',
    ]);
    expect(withArray.status, withArray.stderr).toBe(1);
    const counts = (report: typeof withColumn) =>
      report.findings.map((f: { id: string; metrics: { count?: number; issueCount?: number } }) => `${f.id} ${f.metrics.count ?? f.metrics.issueCount ?? ''}`);
    expect(counts(withArray.json)).toEqual(counts(withColumn));
    expect(withArray.json.inputs.data.classes).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(withArray.json.inputs.data.labelSource).toBe(dir('labels.npy'));
  });
  it('refuses a label column beside it, and an array that is not one label per row', () => {
    const both = audit([dir('data.csv'), '--labels', dir('labels.npy')]);
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/--labels was given and the data has a label column "label"/);
    const matrix = audit([dir('unlabelled.csv'), '--labels', dir('probs.npy')]);
    expect(matrix.status).toBe(2);
    expect(matrix.stderr).toMatch(/probs\.npy: expected a 1-D array of class indices, got shape \(1897, 10\)/);
    // bad/flat.npy holds pixel values 0..16: class indices beyond the two classes named.
    const beyond = audit([dir('unlabelled.csv'), '--labels', dir('bad/flat.npy'), '--classes', 'a,b']);
    expect(beyond.status).toBe(2);
    expect(beyond.stderr).toMatch(/flat\.npy: row \d+ \(0-based\) holds class \d+ and --classes names 2/);
  });
});

describe('rows without a vector', () => {
  it('empty cells and all-zero vectors are counted and left out', () => {
    const dir2 = mkdtempSync(join(tmpdir(), 'trainaudit-emb-'));
    const lines = readFileSync(dir('vectors.csv'), 'utf8').trim().split('\n');
    const zero = `[${new Array(64).fill('0.0').join(', ')}]`;
    // Every 50th row loses its vector, every 70th (not a 50th) gets the zero vector.
    const edited = lines.slice(1).map((line, i) => {
      const cut = line.indexOf(',"[');
      const head = line.slice(0, cut);
      if ((i + 1) % 50 === 0) return `${head},`;
      if ((i + 1) % 70 === 0) return `${head},"${zero}"`;
      return line;
    });
    writeFileSync(join(dir2, 'holes.csv'), [lines[0], ...edited].join('\n') + '\n');
    const expectedMissing = edited.filter((_, i) => (i + 1) % 50 === 0 || (i + 1) % 70 === 0).length;
    const run = audit([join(dir2, 'holes.csv'), '--embedding-col', 'embedding', '-f', 'json']);
    expect([0, 1]).toContain(run.status);
    expect(run.json.inputs.embeddings.rowsWithoutVector).toBe(expectedMissing);
    const m = run.json.checks.embeddings.metrics;
    expect(m.rowsWithVector).toBe(1897 - expectedMissing);
    const nd = run.json.checks['near-duplicates'].metrics;
    expect(nd.embeddedRows).toBe(1897 - expectedMissing);
    // No row without a vector is anyone's neighbour or in a cluster.
    const without = new Set(edited.flatMap((_, i) => ((i + 1) % 50 === 0 || (i + 1) % 70 === 0 ? [i] : [])));
    for (const cluster of nd.clusters as number[][]) for (const row of cluster) expect(without.has(row)).toBe(false);
    for (const row of m.outliers as number[]) expect(without.has(row)).toBe(false);
  });
});

describe('beyond 5,000 rows: the inverted-file search, checked against exact search in every audit', () => {
  it('reports the recall of the exact top-10 on 200 sampled rows', () => {
    const dir2 = mkdtempSync(join(tmpdir(), 'trainaudit-emb-'));
    const n = 6000;
    const d = 32;
    const random = createRandom(5);
    const normal = () => Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
    const centres = Array.from({ length: 40 }, () => Array.from({ length: d }, normal));
    const values = new Float32Array(n * d);
    for (let i = 0; i < n; i++) {
      const centre = centres[i % centres.length];
      // Every 300th row points anywhere: 20 outliers.
      for (let c = 0; c < d; c++) values[i * d + c] = i % 300 === 7 ? 3 * normal() : centre[c] + 0.5 * normal();
    }
    // Every 300th row from row 100 is a copy of the row before it: 20 planted pairs.
    for (let i = 100; i < n; i += 300) values.copyWithin(i * d, (i - 1) * d, i * d);
    // A .npy as numpy writes it: magic, version 1.0, header padded to a multiple of 64 bytes.
    let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${n}, ${d}), }`;
    header += ' '.repeat((64 - ((10 + header.length + 1) % 64)) % 64) + '\n';
    const length = Buffer.alloc(2);
    length.writeUInt16LE(header.length);
    writeFileSync(
      join(dir2, 'emb.npy'),
      Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]), length, Buffer.from(header, 'latin1'), Buffer.from(values.buffer)]),
    );
    writeFileSync(join(dir2, 'data.csv'), ['id,label', ...Array.from({ length: n }, (_, i) => `r${i},c${i % centres.length}`)].join('\n') + '\n');
    const run = audit([join(dir2, 'data.csv'), '--embeddings', join(dir2, 'emb.npy'), '--checks', 'embeddings,near-duplicates', '-f', 'json']);
    expect(run.status, run.stderr).toBe(0);
    const m = run.json.checks.embeddings.metrics;
    expect(m.search).toBe('ivf');
    // 2 x sqrt(6,000) cells; the probes were calibrated on 500 rows to reach 0.97 there.
    expect(m.searchIndex).toMatchObject({ cells: 155, calibrationRows: 500 });
    expect(m.searchIndex.calibrationRecall).toBeGreaterThanOrEqual(0.97);
    expect(m.searchRecall.sampledRows).toBe(200);
    expect(m.searchRecall.recallAt10).toBeGreaterThanOrEqual(0.95);
    // The findings say their neighbours came from an approximate search, and how good it was.
    const outliers = run.json.findings.find((f: { id: string }) => f.id === 'embeddings/outliers');
    expect(outliers.metrics.count).toBeGreaterThanOrEqual(20);
    expect(outliers.summary).toContain(`it found ${(m.searchRecall.recallAt10 * 100).toFixed(1)}% of the exact 10 nearest on 200 sampled rows`);
    // The planted copies are found, and their finding says the same of its neighbours.
    const copies = run.json.findings.find((f: { id: string }) => f.id === 'near-duplicates/embedding-near-duplicates');
    expect(copies.metrics.nearDuplicateRows).toBeGreaterThanOrEqual(20);
    expect(copies.metrics.searchRecall).toBeCloseTo(m.searchRecall.recallAt10, 4);
    expect(copies.summary).toContain(`it found ${(m.searchRecall.recallAt10 * 100).toFixed(1)}% of the exact 10 nearest on 200 sampled rows`);
  });
});
