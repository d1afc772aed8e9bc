import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run } from '../src/run.js';
import { performance } from '../src/checks/performance/check.js';
import { runCheckSync } from './helpers/run-check.js';
import { fixture, type Parsed } from './helpers/cli.js';

/** scikit-learn's figures (test/reference/performance_metrics.py) for the real-model fixtures and one synthetic case. */
interface Expected {
  perClass: { precision: number; recall: number; f1: number; support: number }[];
  accuracy: number;
  macroF1: number;
  weightedF1: number;
  balancedAccuracy: number;
  confusion: number[][];
  logLoss: number;
  rocAuc?: number;
  averagePrecision?: number;
  topK?: Record<string, number>;
}
interface Case {
  name: string;
  classes: string[];
  perRun: Expected[];
  ensemble: Expected;
  inputs?: { labels: number[]; runs: number[][][] };
}
const cases = JSON.parse(readFileSync(new URL('./reference/performance-expected.json', import.meta.url), 'utf8')) as Case[];

type Metrics = Record<string, Parsed>;

function expectMatches(actual: Metrics, expected: Expected) {
  const close = (a: number, b: number, what: string) => expect(Math.abs(a - b), `${what}: ${a} vs ${b}`).toBeLessThan(1e-9);
  close(actual.accuracy, expected.accuracy, 'accuracy');
  close(actual.microF1, expected.accuracy, 'micro F1');
  close(actual.macroF1, expected.macroF1, 'macro F1');
  close(actual.weightedF1, expected.weightedF1, 'weighted F1');
  close(actual.balancedAccuracy, expected.balancedAccuracy, 'balanced accuracy');
  close(actual.logLoss, expected.logLoss, 'log loss');
  expected.perClass.forEach((entry, c) => {
    close(actual.perClass[c].precision, entry.precision, `precision ${c}`);
    close(actual.perClass[c].recall, entry.recall, `recall ${c}`);
    close(actual.perClass[c].f1, entry.f1, `f1 ${c}`);
    expect(actual.perClass[c].support).toBe(entry.support);
  });
  if (expected.rocAuc !== undefined) close(actual.rocAuc, expected.rocAuc, 'ROC AUC');
  if (expected.averagePrecision !== undefined) close(actual.averagePrecision, expected.averagePrecision, 'average precision');
  for (const [top, value] of Object.entries(expected.topK ?? {})) close(actual.topK[top], value, `top-${top}`);
}

describe('performance: every figure as scikit-learn gives it', () => {
  for (const reference of cases.filter((c) => !c.inputs)) {
    it(`${reference.name}: per run and for the ensemble`, async () => {
      const [dataset, file] = reference.name.split('/');
      const { report } = await run({
        data: fixture(`real-models/${dataset}/data.csv`),
        predictions: [fixture(`real-models/${dataset}/${file}.jsonl`)],
        checks: ['performance'],
      });
      const metrics = report.checks.performance.metrics as Metrics;
      expect(metrics.classes).toEqual(reference.classes);
      expect(metrics.perRun).toHaveLength(reference.perRun.length);
      reference.perRun.forEach((expected, r) => expectMatches(metrics.perRun[r], expected));
      expectMatches(metrics.ensemble, reference.ensemble);
      expect(metrics.ensemble.confusion.counts).toEqual(reference.ensemble.confusion);
      expect(metrics.ensemble.method).toBe('mean of probabilities');
      // A healthy model: no class it never gets right.
      expect(report.findings.filter((f) => f.id.startsWith('performance/class-never-right'))).toEqual([]);
    });
  }

  const synthetic = cases.find((c) => c.inputs)!;
  it('a class never predicted, tied probabilities and a zero probability for the label', () => {
    const { labels, runs } = synthetic.inputs!;
    const predictions = runs.flatMap((probs, r) => probs.map((p, id) => ({ id, seed: r + 1, probs: p })));
    const result = runCheckSync(performance, { header: ['label'], rows: labels.map((y) => [synthetic.classes[y]]), predictions, roles: { idCol: null } }, {});
    const metrics = result.metrics as Metrics;
    synthetic.perRun.forEach((expected, r) => expectMatches(metrics.perRun[r], expected));
    expectMatches(metrics.ensemble, synthetic.ensemble);
    // Class "d" (15 rows) is never predicted: the finding, with what it is predicted as instead.
    const never = result.findings.find((f) => f.key === 'class-never-right:d')!;
    expect(never.severity).toBe('high'); // 25% of the rows
    expect(never.metrics).toMatchObject({ class: 'd', recall: 0, support: 15, correct: 0, precision: 0, rows: 60, runs: 2 });
    expect(never.title).toBe('The model almost never gets class "d" right: recall 0.0% of 15 rows');
    const share = never.metrics.mostPredictedShare as number;
    expect(never.summary).toContain(
      `Of the 15 rows labelled "d", the ensemble of the 2 runs predicts "d" for 0 (recall 0.0%; 0.0% on average over the runs); it predicts "${never.metrics.mostPredictedAs as string}" for ${(share * 100).toFixed(1)}% of them.`,
    );
    expect(never.examples.every((e) => e.label === 'd')).toBe(true);
    const zh = runCheckSync(
      performance,
      { header: ['label'], rows: labels.map((y) => [synthetic.classes[y]]), predictions, roles: { idCol: null } },
      {},
      undefined,
      'zh',
    ).findings.find((f) => f.key === 'class-never-right:d')!;
    expect(zh.title).toBe('模型几乎从不能正确预测类别 "d"：召回率为 0.0%（共 15 行）');
    expect(zh.summary).toContain('在标签为 "d" 的 15 行中，2 次运行的集成只对 0 行预测为 "d"（召回率 0.0%；各次运行平均为 0.0%）');
  });
});

describe('performance: confusions', () => {
  it('reports a pair of classes confused in a large share of cases, in both languages', () => {
    // 30 rows a class; 12 "cat" rows predicted "dog", 3 "dog" rows predicted "cat"; "bird" right.
    const rows: string[][] = [];
    const predictions: { id: number; pred: string }[] = [];
    const add = (label: string, pred: string, count: number) => {
      for (let i = 0; i < count; i++) {
        predictions.push({ id: rows.length, pred });
        rows.push([label]);
      }
    };
    add('cat', 'cat', 18);
    add('cat', 'dog', 12);
    add('dog', 'dog', 27);
    add('dog', 'cat', 3);
    add('bird', 'bird', 30);
    const spec = { header: ['label'], rows, predictions, roles: { idCol: null } };
    const result = runCheckSync(performance, spec, {});
    expect(result.findings.map((f) => [f.key, f.severity])).toEqual([['confused-pair:cat->dog', 'medium']]);
    const pair = result.findings[0];
    expect(pair.title).toBe('Class "cat" is predicted as "dog" for 40.0% of its rows');
    expect(pair.summary).toContain(
      'Of the 30 rows labelled "cat", the model predicts "dog" for 12 (40.0%); the other way, of the 30 rows labelled "dog", 3 are predicted as "cat".',
    );
    expect(pair.examples.map((e) => [e.label, e.predicted])).toEqual(Array(5).fill(['cat', 'dog']));
    const metrics = result.metrics as Metrics;
    expect(metrics.ensemble.topConfusions[0]).toEqual({ class: 'cat', predictedAs: 'dog', count: 12, share: 0.4 });
    // Rows: classes in sorted order (bird, cat, dog); normalised by the true class's rows.
    expect(metrics.ensemble.confusion.counts).toEqual([
      [30, 0, 0],
      [0, 18, 12],
      [0, 3, 27],
    ]);
    expect(metrics.ensemble.confusion.normalised[1]).toEqual([0, 0.6, 0.4]);
    const zh = runCheckSync(performance, spec, {}, undefined, 'zh').findings[0];
    expect(zh.title).toBe('类别 "cat" 有 40.0% 的行被预测为 "dog"');
    expect(zh.summary).toContain('在标签为 "cat" 的 30 行中，模型把 12 行（40.0%）预测为 "dog"；反过来，标签为 "dog" 的 30 行中有 3 行被预测为 "cat"。');
  });
});
