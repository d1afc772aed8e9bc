import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bestAndEnd, curveNoise, endSlope, scheduleSpikes, spikes } from '../src/math/curves.js';
import { parseMetrics } from '../src/checks/support/metrics-schema.js';
import { trainingCurvesMetrics } from '../src/checks/training-curves/metrics.js';
import { audit, fixture } from './helpers/cli.js';
import { falling, jsonlLog } from './helpers/training-logs.js';

const data = fixture('training-dynamics/noisy/data.csv');
/** Audits the logs; the check's metrics, whatever the logs planted (NaN, spikes, no validation), must parse with its schema, no field falling back. */
const curves = (logs: string[], extra: string[] = []) => {
  const run = audit([data, '--logs', ...logs, '--checks', 'training-curves', '-f', 'json', ...extra]);
  expect(parseMetrics(trainingCurvesMetrics, run.json?.checks['training-curves']?.metrics).fallbacks).toEqual([]);
  return run;
};
const ids = (report: { findings: { id: string }[] }) => report.findings.map((f) => f.id);

describe('curve arithmetic (by hand)', () => {
  it('noise from the first differences, robust to a steady trend', () => {
    // A straight line has no noise; alternating +-0.1 around it has differences of +-0.2.
    expect(curveNoise([1, 0.9, 0.8, 0.7, 0.6])).toBe(0);
    const zigzag = [1, 0.9, 1, 0.9, 1, 0.9, 1];
    // diffs -0.1, 0.1, ...: median 0 (odd count... 6 values: median 0), MAD 0.1 -> 1.4826 x 0.1 / sqrt(2)
    expect(curveNoise(zigzag)).toBeCloseTo((1.4826 * 0.1) / Math.SQRT2, 12);
  });
  it('best point, end and shortfall', () => {
    const v = bestAndEnd({ steps: [1, 2, 3, 4, 5, 6], values: [0.5, 0.4, 0.3, 0.35, 0.4, 0.45] }, 'lower')!;
    expect(v.bestIndex).toBe(2);
    expect(v.best).toBe(0.3);
    // The end is the mean of the last 2 points (a tenth, at least 2).
    expect(v.end).toBeCloseTo(0.425, 12);
    expect(v.shortfall).toBeCloseTo(0.125, 12);
    expect(v.lastShortfall).toBeCloseTo(0.15, 12);
  });
  it('the end slope of a line, with zero standard error, projects over the span of the last quarter', () => {
    const s = endSlope({ steps: [0, 1, 2, 3, 4, 5, 6, 7], values: [8, 7, 6, 5, 4, 3, 2, 1] }, 'lower')!;
    expect(s.slope).toBeCloseTo(-1, 12);
    expect(s.points).toBe(3);
    expect(s.span).toBe(2);
    expect(s.projectedGain).toBeCloseTo(2, 12);
    expect(s.standardError).toBeCloseTo(0, 12);
  });
  it('spikes against the running median, and whether they last', () => {
    const values = [1, 1.1, 0.9, 1, 1.05, 0.95, 5, 1, 1, 1, 1.02, 0.98, 9, 8, 9, 8.5];
    const found = spikes({ steps: values.map((_, i) => i), values }, 3);
    expect(found.map((s) => s.step)).toEqual([6, 12]);
    expect(found.map((s) => s.lasting)).toEqual([false, true]);
    expect(scheduleSpikes({ steps: [1, 2, 3, 4], values: [1e-3, 1e-3, 5e-3, 1e-3] })).toEqual([{ step: 3, value: 5e-3, neighbours: 1e-3 }]);
  });
});

describe('real MLP runs with 10% flipped labels (test/reference/training_dynamics.py)', () => {
  const truth = JSON.parse(readFileSync(fixture('training-dynamics/noisy/truth.json'), 'utf8'));
  const run = curves([fixture('training-dynamics/noisy/logs.jsonl')]);
  const report = run.json;
  const metrics = report.checks['training-curves'].metrics;

  it('finds the overfitting onset where the script finds the lowest validation loss', () => {
    const overfit = report.findings.find((f: { id: string }) => f.id === 'training-curves/overfitting');
    expect(overfit.severity).toBe('high');
    for (const [seed, t] of Object.entries<Record<string, number>>(truth.seeds)) {
      const affected = overfit.metrics.affected.find((a: { run: string }) => a.run === seed);
      if (t.bestValidationLossEpoch === truth.epochs)
        expect(affected).toBeUndefined(); // best at the end: no onset
      else expect(affected.epoch).toBe(t.bestValidationLossEpoch);
    }
    expect(overfit.metrics.affected).toHaveLength(4);
    expect(overfit.summary).toContain('epochs 9, 7, 15 and 10 respectively');
  });

  it('measures the best-vs-last gap of validation accuracy as the script does', () => {
    for (const [seed, t] of Object.entries<Record<string, number>>(truth.seeds)) {
      const r = metrics.runs.find((x: { run: string }) => x.run === seed);
      expect(r.checkpoint.best).toBeCloseTo(t.bestValidationAccuracy, 6);
      expect(r.checkpoint.last).toBeCloseTo(t.lastValidationAccuracy, 6);
      expect(r.checkpoint.shortfall).toBeCloseTo(t.bestMinusLastAccuracy, 6);
      expect(r.checkpoint.bestEpoch).toBe(t.bestValidationAccuracyEpoch);
    }
    const cost = report.findings.find((f: { id: string }) => f.id === 'training-curves/last-checkpoint-cost');
    expect(cost.summary).toContain('optimistic for that same split');
    // The regularize remedy is sized by that gap (an upper bound: chosen on validation).
    const regularize = report.remedies.find((r: { id: string }) => r.id === 'regularize');
    expect(regularize.why).toEqual(expect.arrayContaining(['training-curves/overfitting', 'training-curves/last-checkpoint-cost']));
    expect(regularize.expectedGain).toMatchObject({ metric: 'accuracy', basis: 'measured' });
    expect(regularize.evidence).toContain('Keeping the best checkpoint instead of the last recovers');
  });

  it('reads the same figures from the Keras CSVLogger file and the TensorBoard events of seed 0', () => {
    const fromJsonl = metrics.runs.find((x: { run: string }) => x.run === 'seed-0');
    const keras = curves([fixture('training-dynamics/noisy/keras/seed-0.csv')]).json.checks['training-curves'].metrics.runs[0];
    expect(keras.overfitting.bestEpoch - 1).toBe(fromJsonl.overfitting.bestEpoch - 1 - 1); // Keras numbers epochs from 0
    expect(keras.checkpoint.shortfall).toBeCloseTo(fromJsonl.checkpoint.shortfall, 6);
    const events = curves([fixture('training-dynamics/tensorboard/simple')]).json.checks['training-curves'].metrics.runs[0];
    expect(events.overfitting.bestStep).toBe(fromJsonl.overfitting.bestStep);
    expect(events.checkpoint.shortfall).toBeCloseTo(fromJsonl.checkpoint.shortfall, 6); // float32
  });

  it("keeps each run's curves for the HTML report, as logged", () => {
    const curve = (role: string) => metrics.runs[0].curves.find((c: { role: string }) => c.role === role);
    const log = readFileSync(fixture('training-dynamics/noisy/logs.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .filter((r) => r.run === metrics.runs[0].run && r.split === 'validation' && r.metric === 'loss');
    expect(curve('validation-loss').steps).toEqual(log.map((r) => r.step));
    expect(curve('validation-loss').values.map((v: number) => v.toFixed(6))).toEqual(log.map((r) => r.value.toFixed(6)));
    expect(curve('train-loss').steps).toHaveLength(30);
    expect(curve('validation-metric').tag).toBe('validation/accuracy');
  });

  it("reports the seeds' spread of the final and best validation accuracy", () => {
    const spread = report.findings.find((f: { id: string }) => f.id === 'training-curves/seed-spread');
    const finals = Object.values<Record<string, number>>(truth.seeds).map((t) => t.lastValidationAccuracy);
    expect(spread.metrics.min).toBeCloseTo(Math.min(...finals), 6);
    expect(spread.metrics.max).toBeCloseTo(Math.max(...finals), 6);
  });

  it('words it in Chinese with the same numbers', () => {
    const zh = curves([fixture('training-dynamics/noisy/logs.jsonl')], ['--lang', 'zh']).json;
    const overfit = zh.findings.find((f: { id: string }) => f.id === 'training-curves/overfitting');
    expect(overfit.title).toContain('5 次运行中有 4 次');
    expect(overfit.summary).toContain('第 9、7、15、10 轮');
  });
});

describe('a healthy run and the real public logs', () => {
  it('a converged run without overfitting gives no finding above low, and says stopping earlier gains little', () => {
    const report = curves([fixture('training-dynamics/healthy/logs.jsonl')]).json;
    for (const f of report.findings) expect(['info', 'low']).toContain(f.severity);
    expect(ids(report)).not.toContain('training-curves/overfitting');
    expect(ids(report)).not.toContain('training-curves/not-converged');
  });
  it('the Hugging Face and Lightning logs: the last checkpoint is the best, nothing to gain', () => {
    const hf = curves([fixture('training-logs/hf-sentiment')]).json;
    expect(ids(hf)).toEqual(['training-curves/nothing-to-gain']);
    expect(hf.checks['training-curves'].metrics.runs[0].trainerBest.metric).toBe(0.6534430847919005);
    const lightning = curves([fixture('training-logs/lightning-cv')]).json;
    for (const f of lightning.findings) expect(['info', 'low']).toContain(f.severity);
  });
});

describe('a run that logs training loss only', () => {
  it('a real LoRA fine-tune (fixtures/training-logs/lora-train-only): says over-fitting cannot be judged, with its figures, and what to log', () => {
    const report = curves([fixture('training-logs/lora-train-only')]).json;
    expect(ids(report)).toEqual(['training-curves/no-validation']);
    const finding = report.findings[0];
    expect(finding.severity).toBe('low');
    expect(finding.summary).toContain(
      '"lora-train-only" logs training loss and no validation loss or metric (loss from 2.314 at step 10 to 1.282 at step 250)',
    );
    expect(finding.summary).toContain('eval_strategy');
    const zh = curves([fixture('training-logs/lora-train-only')], ['--lang', 'zh']).json;
    expect(zh.findings[0].summary).toContain('loss 从第 10 步的 2.314 降到第 250 步的 1.282');
  });
  it('runs with a validation curve are not told so', () => {
    const report = curves([fixture('training-logs/hf-sentiment'), fixture('training-logs/lora-train-only')]).json;
    const finding = report.findings.find((f: { id: string }) => f.id === 'training-curves/no-validation');
    expect(finding.title).toBe('1 of 2 runs log training loss only: over-fitting cannot be judged');
  });
});

describe('planted problems in synthetic logs', () => {
  it('NaN losses are a divergence (high), and a run that ends early a failed run', () => {
    const log = jsonlLog({
      a: { 'train/loss': [1, 0.8, 0.7, NaN, NaN, NaN], 'validation/loss': [1, 0.9, 0.85, 0.84, 0.83, 0.82] },
      b: { 'train/loss': falling(20), 'validation/loss': falling(20, 1, 0.4) },
      c: { 'train/loss': falling(6), 'validation/loss': falling(6, 1, 0.6) },
    });
    const report = curves([log]).json;
    const diverged = report.findings.find((f: { id: string }) => f.id === 'training-curves/diverged');
    expect(diverged.severity).toBe('high');
    expect(diverged.summary).toContain('"a": 3 non-finite values of train/loss, first at step 400');
    const failed = report.findings.find((f: { id: string }) => f.id === 'training-curves/failed-runs');
    expect(failed.metrics.failed.map((x: { run: string }) => x.run)).toEqual(['a', 'c']);
    expect(failed.summary).toContain('"c": it ends at step 600, the longest run at step 2000');
  });
  it('curves still falling steadily at the end are not converged', () => {
    const report = curves([
      jsonlLog({ a: { 'train/loss': falling(20, 2, 0.5), 'validation/loss': falling(20, 2, 0.8), 'validation/accuracy': falling(20, 0.5, 0.9) } }),
    ]).json;
    const nc = report.findings.find((f: { id: string }) => f.id === 'training-curves/not-converged');
    expect(nc.severity).toBe('medium');
    expect(nc.summary).toContain('More steps');
    const remedies = report.remedies.map((r: { id: string }) => r.id);
    expect(remedies).toContain('hyperparameter-search');
  });
  it('loss spikes that do not recover and a learning-rate jump are instability', () => {
    const loss = [...falling(30, 1, 0.3)];
    loss[20] = 3;
    for (let i = 25; i < 30; i++) loss[i] = 2.5;
    const lr = Array.from({ length: 30 }, () => 1e-3);
    lr[12] = 1e-2;
    const report = curves([jsonlLog({ a: { 'train/loss': loss, 'validation/loss': falling(30, 1, 0.5), learning_rate: lr } })]).json;
    const unstable = report.findings.find((f: { id: string }) => f.id === 'training-curves/unstable');
    expect(unstable.severity).toBe('medium');
    expect(unstable.title).toContain('loss spikes');
    expect(unstable.title).toContain('a learning rate that jumps');
  });
});
