/**
 * The distribution-shift check (issue 15): a tabular case with planted drift
 * (test/reference/distribution_shift.py, fixtures/distribution-shift/) whose per-feature figures
 * equal scipy's ks_2samp, wasserstein_distance, chi2_contingency and jensenshannon to 1e-9; the
 * same figures from a --train file; embedding shift by the nearest-neighbour two-sample test on
 * digits (none for a random split, found for a split by class); Chinese wording.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { knnTwoSample } from '../src/math/knn-two-sample.js';
import { exactNeighbours } from '../src/math/neighbours.js';
import { createRandom } from '../src/math/random.js';
import { audit, fixture } from './helpers/cli.js';

const shift = (name: string) => fixture(`distribution-shift/${name}`);
const expected = JSON.parse(readFileSync(shift('expected.json'), 'utf8')) as Record<
  string,
  { statistic: number; pValue: number; effect: number; dof?: number }
>;
const idsOf = (report: { findings: { id: string }[] }) =>
  report.findings
    .map((f) => f.id)
    .filter((id) => id.startsWith('distribution-shift/'))
    .sort();

describe('the nearest-neighbour two-sample test', () => {
  const random = createRandom(3);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
  // Cosine distance: the second sample is turned towards dimension 1 by `turn`.
  const sample = (n: number, turn: number) => Float32Array.from({ length: n * 4 }, (_, i) => (i % 4 === 0 ? 3 : i % 4 === 1 ? turn : 0) + normal());
  const test = (offset: number) => {
    const vectors = new Float32Array([...sample(150, 0), ...sample(150, offset)]);
    const neighbours = exactNeighbours(vectors, 4, 10);
    const side = Int8Array.from({ length: 300 }, (_, i) => (i < 150 ? 0 : 1));
    return knnTwoSample(neighbours.rows, 10, side, { permutations: 199, seed: 1 });
  };
  it('one distribution: a same-side share near chance and a large p-value', () => {
    const r = test(0);
    expect(Math.abs(r.sameShare - r.expectedShare)).toBeLessThan(0.05);
    expect(r.pValue).toBeGreaterThan(0.05);
  });
  it('two distributions: neighbours from the own side, the smallest p-value 199 permutations give', () => {
    const r = test(6);
    expect(r.sameShare).toBeGreaterThan(0.8);
    expect(r.expectedShare).toBeCloseTo(149 / 299, 1);
    expect(r.pValue).toBe(1 / 200);
  });
});

describe('a tabular split with planted drift', () => {
  const run = audit([shift('data.csv'), shift('preds.jsonl'), '-f', 'json']);
  const m = run.json.checks['distribution-shift'].metrics;
  const split = m.splits[0];

  it('agrees with scipy to 1e-9 on every feature, the label, the text length and the confidence', () => {
    expect(m.reference).toEqual({ name: 'train', rows: 1200, source: 'split-column' });
    expect(split.split).toBe('test');
    const byName = new Map<string, { statistic: number; pValue: number; effect: number }>(split.features.map((f: { feature: string }) => [f.feature, f]));
    byName.set('label', split.label);
    byName.set('confidence', split.confidence);
    for (const [name, scipy] of Object.entries(expected)) {
      const ours = byName.get(name)!;
      expect(ours, name).toBeDefined();
      expect(Math.abs(ours.statistic - scipy.statistic), `${name} statistic`).toBeLessThan(1e-9);
      expect(Math.abs(ours.pValue - scipy.pValue), `${name} p-value`).toBeLessThan(1e-9);
      expect(Math.abs(ours.effect - scipy.effect), `${name} effect`).toBeLessThan(1e-9);
    }
  });

  it('flags the planted drift and only it: significance and effect size both', () => {
    expect(idsOf(run.json)).toEqual([
      'distribution-shift/confidence-shift:test',
      'distribution-shift/feature-drift:test',
      'distribution-shift/label-shift:test',
      'distribution-shift/text-shift:test',
    ]);
    expect([...split.drifted].sort()).toEqual(['age', 'length(text)', 'region']);
    // device differs significantly (p = 0.004) with a negligible effect: not flagged; income and score not significant.
    const device = split.features.find((f: { feature: string }) => f.feature === 'device');
    expect(device.qValue).toBeLessThan(0.05);
    expect(device.effect).toBeLessThan(0.1);
    const drift = run.json.findings.find((f: { id: string }) => f.id === 'distribution-shift/feature-drift:test');
    expect(drift.title).toBe('3 of 6 features drifted between the training split and "test"');
    expect(drift.summary).toContain('region (χ² = 319.6');
    expect(drift.summary).toContain(`Wasserstein ${Number(expected.age.effect.toFixed(4))} std; mean 38 → 46.05`);
    const text = run.json.findings.find((f: { id: string }) => f.id === 'distribution-shift/text-shift:test');
    expect(text.metrics.baselineOovRate).toBe(0);
    expect(text.metrics.risen.map((t: { token: string }) => t.token).sort()).toEqual(['broken', 'cracked', 'late', 'missing', 'refund']);
  });

  it('ties the findings to monitor-drift and domain-mixing with the numbers', () => {
    const remedies = new Map(run.json.remedies.map((r: { id: string }) => [r.id, r]));
    for (const id of ['monitor-drift', 'domain-mixing']) {
      const remedy = remedies.get(id) as { why: string[]; evidence: string };
      expect(remedy, id).toBeDefined();
      expect(remedy.why).toContain('distribution-shift/feature-drift:test');
      expect(remedy.evidence).toContain('Split "test" against training: 3 drifted features (age, region, length(text))');
    }
  });

  it('the same figures from a --train file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trainaudit-shift-'));
    const lines = readFileSync(shift('data.csv'), 'utf8').trim().split('\n');
    writeFileSync(join(dir, 'train.csv'), [lines[0], ...lines.slice(1).filter((l) => l.split(',')[1] === 'train')].join('\n') + '\n');
    writeFileSync(join(dir, 'test.csv'), [lines[0], ...lines.slice(1).filter((l) => l.split(',')[1] === 'test')].join('\n') + '\n');
    const other = audit([join(dir, 'test.csv'), '--train', join(dir, 'train.csv'), '-f', 'json']).json;
    const om = other.checks['distribution-shift'].metrics;
    expect(om.reference).toEqual({ name: 'training file', rows: 1200, source: 'train-file' });
    for (const name of ['age', 'region', 'income', 'length(text)']) {
      const a = om.splits[0].features.find((f: { feature: string }) => f.feature === name);
      expect(Math.abs(a.statistic - expected[name].statistic), name).toBeLessThan(1e-9);
      expect(Math.abs(a.effect - expected[name].effect), name).toBeLessThan(1e-9);
    }
    expect(Math.abs(om.splits[0].label.statistic - expected.label.statistic)).toBeLessThan(1e-9);
    const drift = other.findings.find((f: { id: string }) => f.id === 'distribution-shift/feature-drift:test');
    expect(drift.title).toBe('3 of 6 features drifted between the training file and "test"');
  });

  it('says it in Chinese with the same numbers', () => {
    const zh = audit([shift('data.csv'), shift('preds.jsonl'), '-f', 'json', '--lang', 'zh']).json;
    const label = zh.findings.find((f: { id: string }) => f.id === 'distribution-shift/label-shift:test');
    expect(label.title).toBe(`训练划分与 "test" 之间的标签分布发生偏移（JS ${Number(expected.label.effect.toFixed(4))}）`);
    const text = zh.findings.find((f: { id: string }) => f.id === 'distribution-shift/text-shift:test');
    expect(text.summary).toContain('"refund" 0 →');
  });
});

describe('embedding shift on digits', () => {
  const digits = (name: string) => fixture(`embeddings/digits/${name}`);
  it('a random split: no shift of any kind', () => {
    const report = audit([digits('data.csv'), '--embeddings', digits('embeddings.npy'), '--probs', digits('probs.npy'), '-f', 'json']).json;
    expect(idsOf(report)).toEqual([]);
    const e = report.checks['distribution-shift'].metrics.splits[0].embedding;
    expect(e.pValue).toBeGreaterThan(0.05);
  });
  it('a split by class: the test rows sit apart, and the label prior moved', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trainaudit-shift-'));
    const lines = readFileSync(digits('data.csv'), 'utf8').trim().split('\n');
    // Eights and nines go to test, with a tenth of the rest.
    const rows = lines.slice(1).map((line, i) => {
      const [id, label] = line.split(',');
      return `${id},${label},${label === 'digit-8' || label === 'digit-9' || i % 10 === 0 ? 'test' : 'train'}`;
    });
    writeFileSync(join(dir, 'data.csv'), [lines[0], ...rows].join('\n') + '\n');
    const report = audit([join(dir, 'data.csv'), '--embeddings', digits('embeddings.npy'), '-f', 'json']).json;
    expect(idsOf(report)).toEqual(['distribution-shift/embedding-shift:test', 'distribution-shift/label-shift:test']);
    const f = report.findings.find((x: { id: string }) => x.id === 'distribution-shift/embedding-shift:test');
    expect(f.metrics.sameShare - f.metrics.expectedShare).toBeGreaterThan(0.1);
    expect(f.metrics.pValue).toBe(1 / 200);
    expect(f.summary).toContain(`${(f.metrics.sameShare * 100).toFixed(1)}% come from the row's own side`);
  });
});

describe('the HTML report', () => {
  it("draws each compared feature's effect size beside the feature-drift finding", () => {
    const html = audit([shift('data.csv'), shift('preds.jsonl'), '-f', 'html']).stdout;
    expect(html).toContain('Feature shift: training against &quot;test&quot;');
    expect(html).toContain('Effect size of each of the 6 features compared');
    expect(html).toContain('3 reach 0.1 with q &lt;= 0.05 and are flagged. Largest: age at 0.886.');
  });
});
