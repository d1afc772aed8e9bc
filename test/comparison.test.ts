import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  mcnemarExact,
  minimumDetectableDifference,
  normalQuantile,
  pairedBootstrap,
  probabilityOfImprovement,
  runMeanSquares,
  runShrinkage,
  varianceParts,
} from '../src/math/paired-comparison.js';
import { createRandom } from '../src/math/random.js';
import { parseMetrics } from '../src/checks/support/metrics-schema.js';
import { comparisonMetrics } from '../src/checks/comparison/metrics.js';
import { audit, fixture, root } from './helpers/cli.js';
import { writeComparisonInputs } from './helpers/comparison-inputs.js';

const expected = JSON.parse(readFileSync(join(root, 'test/reference/comparison-expected.json'), 'utf8'));
const close = (actual: number, wanted: number, tolerance = 1e-9) => expect(Math.abs(actual - wanted), `${actual} vs ${wanted}`).toBeLessThanOrEqual(tolerance);

describe('paired comparison math', () => {
  it('exact McNemar, probability of improvement and the normal quantile by hand', () => {
    expect(mcnemarExact(0, 5)).toBeCloseTo(2 / 32, 15);
    expect(mcnemarExact(3, 3)).toBe(1);
    expect(mcnemarExact(0, 0)).toBe(1);
    // b = 1, c = 9: 2 (1 + 10) / 1024.
    expect(mcnemarExact(1, 9)).toBeCloseTo(22 / 1024, 14);
    expect(probabilityOfImprovement([0.5, 0.6], [0.7, 0.6])).toBe((2 + 1.5) / 4);
    close(normalQuantile(0.975), 1.959963984540054, 1e-13);
    close(normalQuantile(0.8), 0.8416212335729143, 1e-13);
    close(normalQuantile(0.001), -3.090232306167813, 1e-12);
  });

  it('two sides drawn from the same process (A/A) are called different in about 5% of 200 comparisons, not more and not much less', () => {
    const random = createRandom(11);
    let different = 0;
    const trials = 200;
    for (let t = 0; t < trials; t++) {
      // 400 examples of varying difficulty; 3 runs per side, each right with the example's probability.
      const difficulty = Array.from({ length: 400 }, () => 0.5 + 0.5 * random.next());
      const side = () => Array.from({ length: 3 }, () => Float64Array.from(difficulty, (p) => (random.next() < p ? 1 : 0)));
      const result = pairedBootstrap(side(), side(), { resamples: 400, seed: t });
      if (result.interval[0] > 0 || result.interval[1] < 0) different++;
    }
    // 5% expected; 3 binomial standard errors of sampling tolerance (about 4.6 points) above, and
    // not far below either: resampling runs as well as examples without shrinking the run
    // deviations counted this interaction twice and called about 1% of these different.
    const se = Math.sqrt((0.05 * 0.95) / trials);
    expect(different / trials).toBeLessThanOrEqual(0.05 + 3 * se);
    expect(different / trials).toBeGreaterThanOrEqual(0.05 - 2 * se);
  });

  it('the run and interaction mean squares and the run shrinkage by hand', () => {
    // Runs (1, 0, 1, 1) and (1, 1, 0, 0): run means 0.75 and 0.5 around 0.625, so MS_runs =
    // 4 x 2 x 0.125^2 = 0.125; residuals +-0.125, +-0.625, +-0.375, +-0.375 give 1.375 / 3.
    const runs = [Float64Array.of(1, 0, 1, 1), Float64Array.of(1, 1, 0, 0)];
    const squares = runMeanSquares(runs);
    close(squares.runs, 0.125, 1e-15);
    close(squares.interaction, 1.375 / 3, 1e-15);
    // The runs differ no more than their disagreements per example imply: nothing left to resample.
    expect(runShrinkage(runs)).toBe(0);
    // A run effect: the second run is right on every example the first is, and on two more.
    const shifted = [Float64Array.of(1, 0, 0, 1, 0, 1, 0, 1), Float64Array.of(1, 1, 1, 1, 0, 1, 0, 1)];
    // MS_runs = 8 x 2 x 0.125^2 = 0.25; residuals +-0.125 on the six agreeing examples and
    // +-0.375 on the two others: MS_int = (12 x 0.125^2 + 4 x 0.375^2) / 7 = 0.75 / 7.
    close(runShrinkage(shifted), Math.sqrt(1 - 0.75 / 7 / 0.25), 1e-15);
    expect(runMeanSquares([Float64Array.of(1, 0)])).toEqual({ runs: 0, interaction: 0 });
  });

  it('the detectable difference shrinks with more runs when runs add noise', () => {
    const parts = varianceParts([Float64Array.of(1, 0, 1, 1), Float64Array.of(1, 1, 0, 0)], [Float64Array.of(1, 1, 1, 0), Float64Array.of(0, 1, 1, 1)]);
    expect(minimumDetectableDifference(parts, 10, 10)).toBeLessThan(minimumDetectableDifference(parts, 2, 2));
  });
});

describe('comparison on real models (digits: gradient boosting as baseline, logistic regression as candidate)', () => {
  const digits = (name: string) => fixture(`real-models/digits/${name}`);
  const run = audit([digits('data.csv'), digits('logreg-10.jsonl'), '--baseline-runs', digits('gboost-5.jsonl'), '--checks', 'comparison', '-f', 'json']);
  const report = JSON.parse(run.stdout);
  const metrics = report.checks.comparison.metrics.comparisons[0];

  it('matches the numpy/scipy reference to 1e-9', () => {
    expect(run.status).toBe(0);
    expect(metrics.baselineRuns.map((r: { accuracy: number }) => r.accuracy)).toEqual(expected.baselineRuns);
    expect(metrics.candidateRuns.map((r: { accuracy: number }) => r.accuracy)).toEqual(expected.candidateRuns);
    for (const key of ['difference', 'probabilityOfImprovement', 'minimumDetectableDifference', 'standardError', 'pValue']) close(metrics[key], expected[key]);
    for (const i of [0, 1]) {
      close(metrics.interval[i], expected.interval[i]);
      close(metrics.probabilityOfImprovementInterval[i], expected.probabilityOfImprovementInterval[i]);
      close(metrics.unpaired.baselineInterval[i], expected.baselineInterval[i]);
      close(metrics.unpaired.candidateInterval[i], expected.candidateInterval[i]);
    }
    for (const side of ['baseline', 'candidate'] as const) {
      close(metrics.calibration[side].ece, expected.sides[side].ece);
      close(metrics.calibration[side].brier, expected.sides[side].brier);
      close(metrics.churn[side], expected.sides[side].churn);
    }
    close(metrics.churn.between, expected.sides.churnBetween);
    close(metrics.bootstrap.runShrinkage.baseline, expected.runShrinkage.baseline);
    close(metrics.bootstrap.runShrinkage.candidate, expected.runShrinkage.candidate);
    expect(metrics.bootstrap).toMatchObject({ resamples: expected.resamples, seed: expected.seed });
    expect(metrics.flips.pairs).toHaveLength(50);
    metrics.flips.pairs.forEach((pair: { negative: number; positive: number; pValue: number }, i: number) => {
      expect([pair.negative, pair.positive]).toEqual([expected.pairs[i].negative, expected.pairs[i].positive]);
      close(pair.pValue, expected.pairs[i].pValue, 1e-12);
    });
    expect([metrics.majority.negative, metrics.majority.positive]).toEqual([expected.majority.negative, expected.majority.positive]);
    close(metrics.majority.pValue, expected.majority.pValue, 1e-12);
  });

  it('writes metrics its schema parses with no field falling back', () => {
    expect(parseMetrics(comparisonMetrics, report.checks.comparison.metrics).fallbacks).toEqual([]);
  });

  it('calls the clear difference (+1.7 points) better, and the reverse worse, failing the gate', () => {
    expect(metrics.verdict).toBe('better');
    expect(report.findings.map((f: { id: string; severity: string }) => [f.id, f.severity])).toContainEqual(['comparison/improvement', 'info']);
    const improvement = report.findings.find((f: { id: string }) => f.id === 'comparison/improvement');
    expect(improvement.title).toBe('The candidate is better than the baseline: +1.7 points of accuracy');
    expect(improvement.summary).toContain('95% paired bootstrap interval [+0.8, +2.5]');
    const reverse = audit([digits('data.csv'), digits('gboost-5.jsonl'), '--baseline-runs', digits('logreg-10.jsonl'), '--checks', 'comparison', '-f', 'json']);
    expect(reverse.status).toBe(1);
    const regression = JSON.parse(reverse.stdout).findings.find((f: { id: string }) => f.id === 'comparison/regression');
    expect(regression.severity).toBe('high');
    expect(regression.title).toBe('The candidate is worse than the baseline: -1.7 points of accuracy');
    expect(regression.examples.length).toBeGreaterThan(0);
  });

  it('is skipped with the reason when there is no baseline', () => {
    const alone = audit([digits('data.csv'), digits('logreg-10.jsonl'), '--checks', 'comparison', '-f', 'json']);
    expect(JSON.parse(alone.stdout).checks.comparison).toMatchObject({ status: 'skipped', reason: expect.stringContaining('--baseline-runs') });
  });
});

describe('a candidate better overall but worse on one site', () => {
  it('gets the improvement and the slice regression, named by site', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trainaudit-comparison-'));
    writeComparisonInputs(dir, 'site-d-worse');
    const run = audit(['data.csv', 'cand.jsonl', '--baseline-runs', 'base.jsonl', '--slice-cols', 'site', '--checks', 'comparison', '-f', 'json'], {
      cwd: dir,
    });
    const report = JSON.parse(run.stdout);
    const ids = report.findings.map((f: { id: string }) => f.id);
    expect(ids).toContain('comparison/improvement');
    const slice = report.findings.find((f: { id: string }) => f.id === 'comparison/group-regression:site=D');
    expect(slice).toBeDefined();
    // 300 of 2,000 rows losing about 13 points costs about 2 points overall: high.
    expect(slice.severity).toBe('high');
    expect(slice.title).toMatch(/^The candidate loses 1[0-6]\.\d points on site = "D" \(\+[4-6]\.\d overall\)$/);
    expect(ids.filter((id: string) => id.startsWith('comparison/group-regression'))).toEqual(['comparison/group-regression:site=D']);
    expect(run.status).toBe(1);
    // With declared slices and a discovered one, the metrics parse with the check's schema, no field falling back.
    expect(parseMetrics(comparisonMetrics, report.checks.comparison.metrics).fallbacks).toEqual([]);
  });

  it('two sides from the same process: no difference detectable, with what more runs would detect', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trainaudit-comparison-'));
    writeComparisonInputs(dir, 'same');
    const run = audit(['data.csv', 'cand.jsonl', '--baseline-runs', 'base.jsonl', '--slice-cols', 'site', '--checks', 'comparison', '-f', 'json'], {
      cwd: dir,
    });
    const report = JSON.parse(run.stdout);
    expect(run.status).toBe(0);
    const verdict = report.findings.find((f: { id: string }) => f.id === 'comparison/no-detectable-difference');
    expect(verdict.summary).toMatch(/It would detect a true difference of \d\.\d points with 80% power; with 10 runs per side, \d\.\d points\./);
    expect(report.findings.filter((f: { id: string }) => f.id.startsWith('comparison/group-regression'))).toEqual([]);
    // The remedies quote it: more seeds, with the detectable difference.
    const moreSeeds = report.remedies.find((r: { id: string }) => r.id === 'more-seeds');
    expect(moreSeeds.evidence).toMatch(
      /^No difference detectable between the candidate and the baseline \([-+]\d\.\d points, interval \[[-+]\d\.\d, [-+]\d\.\d\]\): this evaluation detects \d\.\d points; 10 runs per side would detect \d\.\d points\./,
    );
  });
});
