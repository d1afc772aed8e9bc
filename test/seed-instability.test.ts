import { describe, expect, it } from 'vitest';
import { runCheckSync } from './helpers/run-check.js';
import { makeContext, makeInputs } from './helpers/inputs.js';
import { runChecks, toPlainJson } from '../src/checks/run.js';
import { seedInstability } from '../src/checks/seed-instability.js';
import type { Parsed } from './helpers/cli.js';

const run = (context: ReturnType<typeof makeContext>) => {
  const result = runCheckSync(seedInstability, context);
  return { metrics: toPlainJson(result.metrics) as Record<string, Parsed>, findings: toPlainJson(result.findings) as Parsed[] };
};
const options = (extra: Record<string, unknown> = {}) => seedInstability.options!.parse(extra);

/** Ten rows, six "a" then four "b"; three runs of hard predictions (no probabilities). */
function failedRunCase() {
  const labels = ['a', 'a', 'a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'];
  const s1 = ['b', 'a', 'a', 'a', 'a', 'a', 'a', 'b', 'b', 'b']; // 0.8
  const s2 = ['a', 'b', 'a', 'a', 'a', 'a', 'b', 'b', 'b', 'b']; // 0.9
  const s3 = new Array(10).fill('a'); // 0.6 = always the majority class
  const predictions = [s1, s2, s3].flatMap((preds, r) => preds.map((pred, id) => ({ id, seed: `s${r + 1}`, pred })));
  return makeContext({ header: ['text', 'label'], rows: labels.map((label, i) => [`review number ${i}`, label]), predictions }, options());
}

describe('seed-instability on hand-computed runs', () => {
  it('per-run metrics, churn, unstable rows, majority-vote ensemble, failed runs, Cochran Q', () => {
    const { metrics } = run(failedRunCase());
    expect(metrics.runs).toEqual(['s1', 's2', 's3']);
    expect(metrics.commonRows).toBe(10);
    expect(metrics.perRun.map((entry: Parsed) => entry.accuracy)).toEqual([0.8, 0.9, 0.6]);
    expect(metrics.perRun[2].macroF1).toBeCloseTo(0.375, 12); // a: 2·6/(12+4) = 0.75, b: 0
    expect(metrics.perRun[0]).not.toHaveProperty('logLoss'); // no probabilities
    expect(metrics.accuracy.mean).toBeCloseTo(0.7666666666666667, 12);
    expect(metrics.accuracy.std).toBeCloseTo(Math.sqrt((0.0333333 ** 2 + 0.1333333 ** 2 + 0.1666667 ** 2) / 2), 6);
    expect(metrics.accuracy).not.toHaveProperty('iqm'); // fewer than 4 runs
    expect(metrics.churn).toEqual({
      meanPairwise: expect.closeTo(0.4, 12),
      maxPairwise: 0.5,
      maxPair: ['s2', 's3'],
      measure: 'predicted-class',
      matrix: [
        [0, 0.3, 0.4],
        [0.3, 0, 0.5],
        [0.4, 0.5, 0],
      ],
    });
    expect(metrics.unstableRows).toBe(6);
    expect(metrics.ensemble.method).toBe('majority-vote');
    expect(metrics.ensemble.accuracy).toBe(0.9);
    expect(metrics.ensemble.gainOverMean).toBeCloseTo(0.9 - 0.7666666666666667, 12);
    expect(metrics.ensemble.gainOverBest).toBeCloseTo(0, 12);
    expect(metrics.majorityBaseline).toBe(0.6);
    expect(metrics.majorityClass).toBe('a');
    expect(metrics.failedRuns).toEqual(['s3']);
    // Q = 2 (3·181 - 23²) / (3·23 - 57) = 7/3
    expect(metrics.spreadTest.test).toBe('cochran-q');
    expect(metrics.spreadTest.statistic).toBeCloseTo(7 / 3, 12);
    expect(metrics.spreadTest.pValue).toBeCloseTo(Math.exp(-7 / 6), 10);
    const [lo, hi] = metrics.accuracy.ci95;
    expect(lo).toBeLessThan(metrics.accuracy.mean);
    expect(hi).toBeGreaterThan(metrics.accuracy.mean);
  });

  it('findings: failed runs, churn, ensemble gain, accuracy spread within noise', () => {
    const { findings } = run(failedRunCase());
    const byKey = new Map(findings.map((finding) => [finding.key, finding]));
    expect([...byKey.keys()].sort()).toEqual(['accuracy-spread', 'churn', 'ensemble-gain', 'failed-runs']);
    const failed = byKey.get('failed-runs');
    expect(failed.severity).toBe('high');
    expect(failed.summary).toContain('1 of 3 runs ("s3") reach no more than the 60.0% accuracy of always predicting the majority class "a"');
    expect(failed.summary).toContain('Without it the mean accuracy is 85.0% instead of 76.7% (+8.3 points)');
    const churn = byKey.get('churn');
    expect(churn.severity).toBe('high'); // 0.4 / 0.2333 = 1.71 >= 2 x 0.5
    expect(churn.metrics.churnToErrorRatio).toBeCloseTo(0.4 / (1 - 0.7666666666666667), 12);
    expect(churn.examples.map((example: Parsed) => example.row)).toEqual([0, 1, 6, 7, 8, 9]);
    expect(churn.examples[0]).toMatchObject({
      row: 0,
      line: 2,
      flipRate: expect.closeTo(2 / 3, 12),
      label: 'a',
      predictions: ['b', 'a', 'a'],
      text: 'review number 0',
    });
    expect(byKey.get('ensemble-gain').severity).toBe('medium');
    expect(byKey.get('ensemble-gain').summary).toContain('a majority vote of the runs gives 90.0% accuracy: +13.3 points over the mean single run (76.7%)');
    const spread = byKey.get('accuracy-spread');
    expect(spread.severity).toBe('low');
    expect(spread.summary).toContain('within sampling noise');
  });

  it('LLM-style records with only "correct": scores, churn as score difference, no ensemble', () => {
    const correct = [
      [true, true, false, false],
      [true, false, false, false],
      [true, true, true, false],
    ];
    const predictions = correct.flatMap((values, r) => values.map((value, id) => ({ id, run: `r${r}`, correct: value })));
    const { metrics, findings } = run(makeContext({ header: ['question'], rows: [['q1'], ['q2'], ['q3'], ['q4']], predictions }, options()));
    expect(metrics.scoring).toBe('scores');
    expect(metrics.perRun.map((entry: Parsed) => [entry.accuracy, entry.macroF1, entry.errorRate])).toEqual([
      [0.5, null, 0.5],
      [0.25, null, 0.75],
      [0.75, null, 0.25],
    ]);
    expect(metrics.accuracy.std).toBeCloseTo(0.25, 12);
    // r0/r1 and r0/r2 differ on one question of four, r1/r2 on two.
    expect(metrics.churn).toEqual({
      meanPairwise: expect.closeTo(1 / 3, 12),
      maxPairwise: 0.5,
      maxPair: ['r1', 'r2'],
      measure: 'score-difference',
      matrix: [
        [0, 0.25, 0.25],
        [0.25, 0, 0.5],
        [0.25, 0.5, 0],
      ],
    });
    // Each run's own bootstrap interval over its four questions holds its accuracy.
    for (const entry of metrics.perRun) {
      expect(entry.ci95[0]).toBeLessThanOrEqual(entry.accuracy);
      expect(entry.ci95[1]).toBeGreaterThanOrEqual(entry.accuracy);
      expect(entry.ci95[0]).toBeGreaterThanOrEqual(0);
      expect(entry.ci95[1]).toBeLessThanOrEqual(1);
    }
    expect(metrics.unstableRows).toBe(2);
    expect(metrics.ensemble).toBeNull();
    expect(metrics.failedRuns).toEqual([]);
    expect(metrics.spreadTest).toEqual({ test: 'cochran-q', statistic: expect.closeTo(3, 12), df: 2, pValue: expect.closeTo(Math.exp(-1.5), 12) });
    expect(findings.find((finding) => finding.key === 'churn').examples[0]).toMatchObject({ row: 1, scores: [1, 0, 1] });
  });

  it("fractional scores use Friedman's test", () => {
    const scores = [
      [0.2, 0.9, 0.5, 1.0, 0.0, 0.3],
      [0.4, 0.9, 0.1, 0.7, 0.0, 0.3],
      [0.1, 0.8, 0.6, 1.0, 0.2, 0.5],
    ];
    const predictions = scores.flatMap((values, r) => values.map((score, id) => ({ id, seed: r, score })));
    const { metrics } = run(makeContext({ header: ['prompt'], rows: scores[0].map((_, i) => [`p${i}`]), predictions }, options()));
    expect(metrics.spreadTest.test).toBe('friedman');
    expect(metrics.spreadTest.statistic).toBeCloseTo(0.9, 12); // scipy.stats.friedmanchisquare
    expect(metrics.spreadTest.pValue).toBeCloseTo(0.6376281516217732, 10);
  });

  it('compares runs on the rows they share, and reports the rest', () => {
    const labels = ['x', 'y', 'x', 'y', 'x'];
    const predictions = [
      ...labels.map((label, id) => ({ id, seed: 1, probs: { x: label === 'x' ? 0.9 : 0.2, y: label === 'x' ? 0.1 : 0.8 } })),
      ...labels.slice(0, 3).map((label, id) => ({ id, seed: 2, probs: { x: 0.6, y: 0.4 } })),
    ];
    const { metrics, findings } = run(makeContext({ header: ['label'], rows: labels.map((label) => [label]), predictions }, options()));
    expect(metrics.commonRows).toBe(3);
    expect(metrics.coverage).toEqual([
      { run: '1', rows: 5, missingShared: 0 },
      { run: '2', rows: 3, missingShared: 2 },
    ]);
    expect(metrics.perRun.map((entry: Parsed) => entry.accuracy)).toEqual([1, 2 / 3]);
    expect(metrics.perRun[1].logLoss).toBeCloseTo(-(2 * Math.log(0.6) + Math.log(0.4)) / 3, 12);
    // ensemble of [0.9,0.1]+[0.6,0.4] etc: row 1 averages [0.4, 0.6] -> y, right
    expect(metrics.ensemble).toMatchObject({ accuracy: 1, method: 'mean-probabilities' });
    const coverage = findings.find((finding) => finding.key === 'partial-coverage');
    expect(coverage.severity).toBe('low'); // 2 of 5 left out
    expect(coverage.examples).toEqual([
      { row: 3, line: 5, missingFrom: ['2'] },
      { row: 4, line: 6, missingFrom: ['2'] },
    ]);
    expect(coverage.summary).toContain('"2" lacks 2 of the 5 examples some run covers; the runs are compared on the 3 examples all of them cover');
  });

  it('handles 100 runs', () => {
    const rows = 60;
    const labels = Array.from({ length: rows }, (_, i) => (i % 3 === 0 ? 'c' : i % 3 === 1 ? 'b' : 'a'));
    const predictions = [];
    for (let r = 0; r < 100; r++) {
      for (let i = 0; i < rows; i++) predictions.push({ id: i, seed: `seed${r}`, pred: (i * 7 + r) % 5 === 0 ? 'a' : labels[i] });
    }
    const { metrics } = run(makeContext({ header: ['label'], rows: labels.map((label) => [label]), predictions }, options({ resamples: 200 })));
    expect(metrics.runs).toHaveLength(100);
    expect(metrics.perRun).toHaveLength(100);
    expect(typeof metrics.accuracy.iqm).toBe('number');
    expect(metrics.bootstrap.resamples).toBe(200);
    expect(metrics.churn.meanPairwise).toBeGreaterThan(0);
  });

  it('is skipped with one run and reports an error when the runs share no row', async () => {
    const one = makeInputs({
      header: ['label'],
      rows: [['a'], ['b']],
      predictions: [
        { id: 0, pred: 'a' },
        { id: 1, pred: 'b' },
      ],
    });
    const skipped = await runChecks([seedInstability], one);
    expect(skipped.checks['seed-instability']).toEqual({ status: 'skipped', reason: 'needs two or more runs (seeds); got 1', metrics: {} });
    const disjoint = makeInputs({
      header: ['label'],
      rows: [['a'], ['b']],
      predictions: [
        { id: 0, seed: 1, pred: 'a' },
        { id: 1, seed: 2, pred: 'b' },
      ],
    });
    const failed = await runChecks([seedInstability], disjoint);
    expect(failed.checks['seed-instability'].status).toBe('error');
    expect(failed.checks['seed-instability'].reason).toMatch(/share no labelled example/);
  });

  it('keeps data-derived names as values, never as object keys', () => {
    const labels = ['__proto__', 'constructor', '__proto__', 'constructor'];
    const predictions = [1, 2].flatMap((seed) =>
      labels.map((label, id) => ({ id, seed: seed === 1 ? '__proto__' : 'x', pred: id === 0 && seed === 2 ? 'constructor' : label })),
    );
    const { metrics } = run(makeContext({ header: ['label'], rows: labels.map((label) => [label]), predictions }, options()));
    expect(metrics.runs).toEqual(['__proto__', 'x']);
    expect(metrics.majorityClass).toBe('__proto__');
    expect(Object.getPrototypeOf(metrics)).toBe(Object.prototype);
  });
});
