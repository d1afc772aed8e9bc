import { describe, expect, it } from 'vitest';
import { runCheckSync } from './helpers/run-check.js';
import { makeContext, makeInputs } from './helpers/inputs.js';
import { runChecks, toPlainJson } from '../src/checks/run.js';
import { calibration } from '../src/checks/calibration.js';
import type { Parsed } from './helpers/cli.js';

const run = (context: ReturnType<typeof makeContext>) => {
  const result = runCheckSync(calibration, context);
  return { metrics: toPlainJson(result.metrics) as Record<string, Parsed>, findings: toPlainJson(result.findings) as Parsed[] };
};
const options = (extra: Record<string, unknown> = {}) => calibration.options!.parse(extra);

describe('calibration check', () => {
  it('one run, right every time at 60% confidence: ECE 0.4, underconfident, high', () => {
    const labels = ['a', 'b', 'a', 'b'];
    const predictions = labels.map((label, id) => ({ id, probs: label === 'a' ? { a: 0.6, b: 0.4 } : { a: 0.4, b: 0.6 } }));
    const { metrics, findings } = run(makeContext({ header: ['label'], rows: labels.map((label) => [label]), predictions }, options()));
    expect(metrics.nBins).toBe(15);
    expect(metrics.commonRows).toBe(4);
    expect(metrics.ensemble).toBeNull();
    expect(metrics.perRun).toHaveLength(1);
    const only = metrics.perRun[0];
    expect(only.ece).toBeCloseTo(0.4, 12);
    expect(only.mce).toBeCloseTo(0.4, 12);
    expect(only.brier).toBeCloseTo(2 * 0.16, 12); // (0.6-1)² + 0.4²
    expect(only.accuracy).toBe(1);
    expect(only.meanConfidence).toBeCloseTo(0.6, 12);
    expect(metrics.bins).toHaveLength(15);
    expect(metrics.bins[9]).toEqual({ lower: 9 * (1 / 15), upper: 10 * (1 / 15), count: 4, meanConfidence: 0.6, accuracy: 1 });
    expect(findings).toHaveLength(1);
    expect(findings[0].key).toBe('underconfident');
    expect(findings[0].severity).toBe('high');
    expect(findings[0].summary).toContain(
      'Mean confidence is 60.0% against 100.0% accuracy on 4 examples: expected calibration error 0.400 (15 bins) of run "run"',
    );
    // Nothing is wrong: the examples of underconfidence are the right answers given with the least confidence.
    expect(
      findings[0].examples.map((example: { row: number; predicted: string; label: string; confidence: number }) => [
        example.row,
        example.predicted === example.label,
        example.confidence,
      ]),
    ).toEqual([
      [0, true, 0.6],
      [1, true, 0.6],
      [2, true, 0.6],
      [3, true, 0.6],
    ]);
  });

  it('two runs: per run, the ensemble, and the confidently wrong rows as examples', () => {
    const labels = ['a', 'a', 'b', 'b'];
    const r1 = [
      [0.99, 0.01],
      [0.9, 0.1],
      [0.95, 0.05],
      [0.2, 0.8],
    ];
    const r2 = [
      [0.97, 0.03],
      [0.6, 0.4],
      [0.85, 0.15],
      [0.1, 0.9],
    ];
    const predictions = [r1, r2].flatMap((probs, s) => probs.map(([a, b], id) => ({ id, seed: `s${s}`, probs: { a, b } })));
    const { metrics, findings } = run(makeContext({ header: ['text', 'label'], rows: labels.map((label, i) => [`row ${i}`, label]), predictions }, options()));
    // ensemble: [0.98, 0.02] right, [0.75, 0.25] right, [0.9, 0.1] wrong, [0.15, 0.85] right
    // bins: 14 -> {0.98}, 11 -> {0.75}, 13 -> {0.9, wrong}, 12 -> {0.85}
    expect(metrics.ensemble.accuracy).toBe(0.75);
    expect(metrics.ensemble.ece).toBeCloseTo((0.02 + 0.25 + 0.9 + 0.15) / 4, 12);
    expect(metrics.ensemble.mce).toBeCloseTo(0.9, 12);
    expect(metrics.ensemble.brier).toBeCloseTo((2 * 0.02 ** 2 + 2 * 0.25 ** 2 + 2 * 0.9 ** 2 + 2 * 0.15 ** 2) / 4, 12);
    expect(metrics.binsOf).toBe('ensemble');
    expect(metrics.perRun.map((entry: Parsed) => entry.run)).toEqual(['s0', 's1']);
    // run s0: bin 14 holds 0.99 (right) and 0.95 (wrong): mean 0.97, accuracy 0.5
    expect(metrics.perRun[0].ece).toBeCloseTo((2 * 0.47 + 0.1 + 0.2) / 4, 12);
    expect(findings[0].key).toBe('overconfident');
    expect(findings[0].examples).toEqual([{ row: 2, line: 4, label: 'b', predicted: 'a', confidence: expect.closeTo(0.9, 12), text: 'row 2' }]);
  });

  it('is quiet below the threshold and skipped without probabilities', async () => {
    const labels = ['a', 'b', 'a', 'b'];
    const predictions = labels.map((label, id) => ({ id, probs: { a: label === 'a' ? 0.98 : 0.02, b: label === 'a' ? 0.02 : 0.98 } }));
    expect(run(makeContext({ header: ['label'], rows: labels.map((label) => [label]), predictions }, options())).findings).toEqual([]);
    const hard = makeInputs({
      header: ['label'],
      rows: [['a'], ['b']],
      predictions: [
        { id: 0, pred: 'a' },
        { id: 1, pred: 'b' },
      ],
    });
    const output = await runChecks([calibration], hard);
    expect(output.checks.calibration.status).toBe('skipped');
  });
});

describe('calibration check wording', () => {
  it('names the confidence-1 bin plainly when it has the largest gap', () => {
    const labels = ['a', 'b', 'a', 'b'];
    const predictions = labels.map((_, id) => ({ id, probs: { a: 1, b: 0 } }));
    const { findings } = run(makeContext({ header: ['label'], rows: labels.map((label) => [label]), predictions }, options()));
    expect(findings[0].key).toBe('overconfident');
    expect(findings[0].summary).toContain('At a confidence of exactly 100% (4 examples) the model claims 100.0% and is right 50.0% of the time.');
  });
});
