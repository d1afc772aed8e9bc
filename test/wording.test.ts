/**
 * Wording that must agree with its own numbers: an ensemble below the best run is not sold as a
 * gain, and averaging that raises the calibration error is not said to bring it down.
 */
import { describe, expect, it } from 'vitest';
import { runCheckSync } from './helpers/run-check.js';
import { seedInstability } from '../src/checks/seed-instability.js';
import { audit, fixture } from './helpers/cli.js';

describe('the ensemble against the best run', () => {
  it('says so in the headline when the ensemble gains over the mean run but stays below the best one', () => {
    const labels = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? 'a' : 'b'));
    const flip = (label: string) => (label === 'a' ? 'b' : 'a');
    // s1 errs on row 0 (90%); s2 on rows 1-4 and s3 on rows 1, 2, 5, 6 (60% each): their majority vote errs on rows 1 and 2 (80%).
    const wrong: Record<string, number[]> = { s1: [0], s2: [1, 2, 3, 4], s3: [1, 2, 5, 6] };
    const predictions = Object.entries(wrong).flatMap(([seed, rows]) =>
      labels.map((label, id) => ({ id, seed, pred: rows.includes(id) ? flip(label) : label })),
    );
    const run = runCheckSync(
      seedInstability,
      { header: ['text', 'label'], rows: labels.map((label, i) => [`review number ${i}`, label]), predictions },
      { minEnsembleGain: 0.01 },
    );
    const gain = run.findings.find((finding) => finding.key === 'ensemble-gain')!;
    expect(gain.metrics).toMatchObject({ ensembleAccuracy: 0.8, bestAccuracy: 0.9 });
    expect(gain.metrics.gainOverMean).toBeCloseTo(0.1, 12);
    expect(gain.title).toBe('Ensembling the runs gains +10.0 points over the mean run, but stays below the best run');
    expect(gain.summary).toContain('and -10.0 over the best run ("s1", 90.0%)');
    const zh = runCheckSync(
      seedInstability,
      { header: ['text', 'label'], rows: labels.map((label, i) => [`review number ${i}`, label]), predictions },
      { minEnsembleGain: 0.01 },
      new Map(),
      'zh',
    );
    expect(zh.findings.find((finding) => finding.key === 'ensemble-gain')!.title).toBe('集成各次运行比单次运行的平均值提高 10.0 个百分点，但仍不及最好的运行');
  });
});

describe('calibration of the ensemble', () => {
  it('does not say averaging brings the error down when it raises it (demo: 0.098 per run, 0.125 for the ensemble)', () => {
    const run = audit([fixture('demo/data.csv'), fixture('demo/preds.jsonl'), '-f', 'json', '--fail-on', 'none']);
    const finding = run.json.findings.find((f: { id: string }) => f.id === 'calibration/overconfident');
    expect(finding.metrics.ensembleEce).toBeGreaterThan(finding.metrics.meanEce);
    expect(finding.summary).not.toContain('brings ECE to');
    expect(finding.summary).toContain("Averaging the runs' probabilities does not lower it: the ensemble's ECE is 0.125");
  });
});

describe('calibration direction', () => {
  it('quotes a bin that errs in the direction of the headline, from the run it describes', () => {
    const run = audit([fixture('demo/data.csv'), fixture('demo/preds.jsonl'), '-f', 'json', '--fail-on', 'none']);
    const finding = run.json.findings.find((f: { id: string }) => f.id === 'calibration/overconfident');
    expect(finding.metrics.meanConfidence).toBeGreaterThan(finding.metrics.meanAccuracy);
    expect(finding.metrics.gapBin.meanConfidence).toBeGreaterThan(finding.metrics.gapBin.accuracy);
    expect(finding.metrics.gapBinRun).toBe('3');
    expect(finding.summary).toContain(`In run "3"'s 93%-100% confidence bin (73 examples) the model claims 97.9% and is right 83.6% of the time.`);
  });

  it('shows right answers given with little confidence as the examples of underconfidence', () => {
    const run = audit([fixture('slices/data.csv'), fixture('slices/preds.jsonl'), '-f', 'json', '--fail-on', 'none']);
    const finding = run.json.findings.find((f: { id: string }) => f.id === 'calibration/underconfident');
    expect(finding.metrics.gapBin.meanConfidence).toBeLessThan(finding.metrics.gapBin.accuracy);
    expect(finding.examples.length).toBeGreaterThan(0);
    for (const example of finding.examples) {
      expect(example.predicted).toBe(example.label);
      expect(example.confidence).toBeLessThan(finding.metrics.meanConfidence);
    }
  });
});
