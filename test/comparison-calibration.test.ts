/**
 * Are the comparison check's verdicts calibrated on real models? Fixtures written by
 * test/reference/comparison_calibration.py (scikit-learn on digits, out-of-fold, 5 seeds per side;
 * see fixtures/comparison-calibration/SOURCE.md).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { comparison } from '../src/checks/comparison/check.js';
import { audit, fixture } from './helpers/cli.js';
import { runCheckSync } from './helpers/run-check.js';

const here = (...parts: string[]) => fixture('comparison-calibration', ...parts);
const truth = JSON.parse(readFileSync(here('truth.json'), 'utf8'));
const pool = (name: string): Record<string, string[]> => JSON.parse(gunzipSync(readFileSync(here(name))).toString('utf8')).runs;

// The digits table in data order (the pools hold predictions in the same order): 64 pixel
// columns, which the comparison's slice search uses, and the label; no id, so records use rows.
const [digitsHeader, ...digitsRows] = readFileSync(fixture('real-models/digits/data.csv'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => line.split(',').slice(1));

/** The comparison check on baseline and candidate runs given as strings of predicted digits. */
function compare(baseline: string[], candidate: string[]) {
  const predictions: Record<string, unknown>[] = [];
  const add = (runs: string[], model: string) =>
    runs.forEach((run, seed) => {
      for (let row = 0; row < run.length; row++) predictions.push({ id: row, model, seed, pred: run[row] });
    });
  add(baseline, 'baseline');
  add(candidate, 'candidate');
  const classes = Array.from({ length: 10 }, (_, k) => String(k));
  const result = runCheckSync(comparison, { header: digitsHeader, rows: digitsRows, roles: { labelCol: 'label' }, classes, predictions });
  return { metrics: result.metrics.comparisons[0], findings: result.findings };
}

const binomialTolerance = (rate: number, trials: number) => rate + 3 * Math.sqrt((rate * (1 - rate)) / trials);

describe('A/A: two sides trained identically (SGD linear SVM, 100 seedings of 5 + 5 runs)', () => {
  const runs = pool('aa-sgd.json.gz').sgd;
  const seedings = Array.from({ length: 100 }, (_, k) => compare(runs.slice(10 * k, 10 * k + 5), runs.slice(10 * k + 5, 10 * k + 10)));

  it('are called different in at most 5% of comparisons plus sampling tolerance, and not never', () => {
    expect(runs).toHaveLength(1000);
    const different = seedings.filter((s) => s.metrics.verdict !== 'no-detectable-difference').length;
    expect(different / seedings.length).toBeLessThanOrEqual(binomialTolerance(0.05, seedings.length));
    // An interval that counted the run x example interaction twice called none of these different.
    expect(different).toBeGreaterThanOrEqual(1);
  });

  it('find a class or a searched slice that got worse in at most 5% of comparisons (false discoveries controlled)', () => {
    const withGroupRegression = seedings.filter((s) => s.findings.some((f) => f.key.startsWith('group-regression'))).length;
    expect(withGroupRegression / seedings.length).toBeLessThanOrEqual(binomialTolerance(0.05, seedings.length));
    // The search ran over the first 40 pixel columns that vary (maxSearchColumns), naming the rest.
    expect(seedings[0].metrics.discovered.columns).toHaveLength(40);
    expect(seedings[0].metrics.discovered.skippedColumns.length).toBeGreaterThan(0);
    expect(seedings[0].metrics.discovered.slicesSearched).toBeGreaterThan(0);
  });

  it('say what the evaluation could detect: under a point, and less with more runs', () => {
    for (const s of seedings.slice(0, 10)) {
      expect(s.metrics.minimumDetectableDifference).toBeLessThan(0.01);
      expect(s.metrics.withMoreRuns.minimumDetectable).toBeLessThan(s.metrics.minimumDetectableDifference);
    }
  });
});

describe('a small real difference (RBF SVM, C = 0.5 against C = 1: about +0.4 points)', () => {
  const runs = pool('small-svc.json.gz');
  const seedSets = Array.from({ length: 8 }, (_, k) => compare(runs['svc-C0.5'].slice(5 * k, 5 * k + 5), runs['svc-C1'].slice(5 * k, 5 * k + 5)));

  it('is resolved by the paired test where the two sides alone give overlapping intervals (seeds 0-4)', () => {
    const first = seedSets[0].metrics;
    expect(first.difference).toBeGreaterThan(0.003);
    expect(first.difference).toBeLessThan(0.005);
    expect(first.verdict).toBe('better');
    expect(first.interval[0]).toBeGreaterThan(0);
    // Each side's own interval is about +-0.5 points: they overlap.
    expect(first.unpaired.overlap).toBe(true);
    expect(first.unpaired.baselineInterval[1]).toBeGreaterThan(first.unpaired.candidateInterval[0]);
    expect(seedSets[0].findings.map((f) => f.key)).toContain('improvement');
  });

  it('is resolved in every one of 8 disjoint seed sets, none of them called worse', () => {
    const mean = seedSets.reduce((sum, s) => sum + s.metrics.difference, 0) / seedSets.length;
    expect(Math.abs(mean - (truth.small['svc-C1'] - truth.small['svc-C0.5']))).toBeLessThan(1e-12);
    expect(seedSets.map((s) => s.metrics.verdict)).toEqual(Array(8).fill('better'));
    expect(seedSets.every((s) => s.metrics.unpaired.overlap)).toBe(true);
  });
});

describe('a clear difference (SGD with alpha 0.1 against an MLP: about 4 points)', () => {
  const args = (candidate: string, baseline: string) => [
    fixture('real-models/digits/data.csv'),
    here('clear', candidate),
    '--baseline-runs',
    here('clear', baseline),
    '--checks',
    'comparison',
    '-f',
    'json',
  ];

  it('is detected with the right sign, and the reverse fails the gate', () => {
    const better = audit(args('mlp.jsonl', 'sgd-alpha0.1.jsonl'));
    expect(better.status).toBe(0);
    const metrics = JSON.parse(better.stdout).checks.comparison.metrics.comparisons[0];
    expect(metrics.verdict).toBe('better');
    expect(Math.abs(metrics.baselineMean - truth.clear['sgd-alpha0.1'])).toBeLessThan(1e-12);
    expect(Math.abs(metrics.candidateMean - truth.clear.mlp)).toBeLessThan(1e-12);
    expect(metrics.difference).toBeGreaterThan(0.035);
    const worse = audit(args('sgd-alpha0.1.jsonl', 'mlp.jsonl'));
    expect(worse.status).toBe(1);
    expect(JSON.parse(worse.stdout).findings.map((f: { id: string; severity: string }) => [f.id, f.severity])).toContainEqual([
      'comparison/regression',
      'high',
    ]);
  });
});

describe('a candidate better overall and worse on a planted site (site D scanned faint and noisy, left out of its training)', () => {
  it('is found by the slice search when no slice column is declared', () => {
    const undeclared = audit([
      here('planted', 'data.csv'),
      here('planted', 'candidate-svc-without-D.jsonl'),
      '--baseline-runs',
      here('planted', 'baseline-sgd.jsonl'),
      '--checks',
      'comparison',
      '-f',
      'json',
    ]);
    expect(undeclared.status).toBe(1);
    const report = JSON.parse(undeclared.stdout);
    const regressions = report.findings.filter((f: { id: string }) => f.id.startsWith('comparison/group-regression'));
    expect(regressions.map((f: { id: string; severity: string }) => [f.id, f.severity])).toEqual([['comparison/group-regression:site=D', 'high']]);
    expect(regressions[0].summary).toMatch(/found by a slice search: q = .+ over \d+ slices searched among the \d+ rows where the sides' majorities disagree/);
    const discovered = report.checks.comparison.metrics.comparisons[0].discovered;
    expect(discovered.slices[0].predicates).toEqual([{ column: 'site', value: 'D' }]);
    // Pixel values only site D's scanner produces are the same rows again: listed, not reported twice.
    expect(discovered.slices.slice(1).every((slice: { insideReported: boolean }) => slice.insideReported)).toBe(true);
  });

  const run = audit([
    here('planted', 'data.csv'),
    here('planted', 'candidate-svc-without-D.jsonl'),
    '--baseline-runs',
    here('planted', 'baseline-sgd.jsonl'),
    '--slice-cols',
    'site',
    '--checks',
    'comparison',
    '-f',
    'json',
  ]);
  const report = JSON.parse(run.stdout);

  it('gets the overall improvement and a high slice regression on site D alone, and fails the gate', () => {
    expect(run.status).toBe(1);
    const ids = report.findings.map((f: { id: string }) => f.id);
    expect(ids).toContain('comparison/improvement');
    expect(ids.filter((id: string) => id.startsWith('comparison/group-regression'))).toEqual(['comparison/group-regression:site=D']);
    const slice = report.findings.find((f: { id: string }) => f.id === 'comparison/group-regression:site=D');
    expect(slice.severity).toBe('high');
    const lost = truth.planted.candidate.D - truth.planted.baseline.D;
    const gained = truth.planted.candidate.overall - truth.planted.baseline.overall;
    expect(slice.title).toBe(`The candidate loses ${(-lost * 100).toFixed(1)} points on site = "D" (+${(gained * 100).toFixed(1)} overall)`);
    const group = report.checks.comparison.metrics.comparisons[0].groups.find((g: { key: string }) => g.key === 'site=D');
    expect(Math.abs(group.difference - lost)).toBeLessThan(1e-12);
    expect(group.rows).toBe(truth.plantedSiteRows.D);
  });
});
