/**
 * The measurements behind the remedies' expected gains, on real inputs: the retraining
 * experiment's cases (fixtures/remedy-gains, test/reference/remedy_gains/), each a real dataset
 * with one documented planted problem.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit, fixture, type Parsed } from './helpers/cli.js';
import { collisionProbability, expectedIdenticalPairs, identicalPairs } from '../src/math/chance-collisions.js';
import { measureOverstatement } from '../src/math/overstatement.js';
import { describeGain, shrunkGain } from '../src/remedies/gain.js';
import { rowRoles, evaluationView } from '../src/data/row-roles.js';
import { tableFromRows } from '../src/data/table.js';
import type { Predictions, Run } from '../src/data/model.js';

const root = fixture('remedy-gains');
const cases = new Map<string, Parsed>();
/** The JSON report of one case, audited as the experiment audited it (memoised). */
function report(name: string, extra: string[] = []): Parsed {
  const key = [name, ...extra].join(' ');
  if (!cases.has(key)) {
    const spec = JSON.parse(readFileSync(join(root, name, 'case.json'), 'utf8')) as { auditArgs: string[] };
    const run = audit([...spec.auditArgs, ...extra, '--format', 'json', '--fail-on', 'none'], { cwd: join(root, name) });
    expect(run.status, run.stderr).toBe(0);
    cases.set(key, run.json);
  }
  return cases.get(key);
}
const remedy = (r: Parsed, id: string) => r.remedies.find((x: { id: string }) => x.id === id);
const findingOf = (r: Parsed, id: string) => r.findings.find((x: { id: string }) => x.id === id);

describe('shrinkage and wording of a gain', () => {
  it('shrinks by the share of its variance that is signal, counts a bound as 3/8 of it, keeps a loss as it is', () => {
    expect(shrunkGain({ value: 0.05, interval: null, basis: 'measured', standardError: 0.025 })).toBeCloseTo(0.04, 12); // 0.05 x 0.0025 / 0.003125
    expect(shrunkGain({ value: 0.05, interval: null, basis: 'measured', standardError: 0.05 })).toBeCloseTo(0.025, 12); // one standard error: half
    expect(shrunkGain({ value: 0.09, interval: null, basis: 'upper-bound' })).toBeCloseTo(0.03375, 12); // (0.045)^3 / (0.045^2 + 0.09^2/12)
    expect(shrunkGain({ value: -0.01, interval: null, basis: 'measured', standardError: 0.005 })).toBe(-0.01);
    expect(shrunkGain({ value: 0, interval: null, basis: 'not-estimable' })).toBeNull();
    // Without a standard error, the interval gives one.
    const se = 0.02 / 1.959963984540054;
    expect(shrunkGain({ value: 0.04, interval: [0.02, 0.06], basis: 'measured' })).toBeCloseTo(0.04 ** 3 / (0.04 ** 2 + se ** 2), 12);
  });

  it('reads the same numbers in both languages', () => {
    const gain = {
      metric: 'accuracy',
      value: 0.0314,
      interval: [0.012, 0.05] as [number, number],
      unit: 'fraction' as const,
      basis: 'measured' as const,
      method: 'm',
    };
    expect(describeGain(gain, 'en')).toBe('+3.1 points [+1.2, +5.0] (measured on these inputs: m)');
    expect(describeGain(gain, 'zh')).toBe('+3.1 个百分点 [+1.2, +5.0](在这些输入上实测:m)');
    expect(describeGain({ ...gain, basis: 'upper-bound', interval: null }, 'en')).toBe('at most +3.1 points (an upper bound: m)');
    expect(describeGain({ ...gain, metric: 'logLoss', value: 0.0212, interval: [0.01, 0.03] }, 'en')).toBe(
      '+0.0212 [+0.0100, +0.0300] (measured on these inputs: m)',
    );
  });
});

describe('identical rows by chance', () => {
  it('expected identical pairs under independence, by hand', () => {
    // Two columns: (0.5, 0.5) and (0.25, 0.75): s = 0.5 and 0.625; 10 rows: 45 pairs x 0.3125.
    const s = [collisionProbability([5, 5], 10), collisionProbability([2.5, 7.5], 10)];
    expect(s[0]).toBeCloseTo(0.5, 12);
    expect(s[1]).toBeCloseTo(0.625, 12);
    expect(expectedIdenticalPairs(s, 10)).toBeCloseTo(14.0625, 12);
    expect(
      identicalPairs([
        [1, 2, 3],
        [4, 5],
      ]),
    ).toBe(4);
  });

  it('a table of a few categorical columns (COMPAS): coincidences, not copies; no duplicate, leakage or conflict findings, no deduplicate', () => {
    const r = report('compas-categorical-duplicates');
    const ids = r.findings.map((f: { id: string }) => f.id);
    expect(ids).toContain('duplicates/identical-feature-vectors');
    for (const id of ['duplicates/exact-duplicates', 'leakage/train-eval-overlap', 'conflicting-labels/conflicting-labels']) expect(ids).not.toContain(id);
    expect(r.remedies.map((x: { id: string }) => x.id)).not.toContain('deduplicate');
    const m = r.checks.duplicates.metrics;
    expect(m.identicalPairs).toBeLessThan(10 * m.expectedPairs);
    expect(r.checks.leakage.metrics.chanceCollisions).toEqual({ identicalPairs: m.identicalPairs, expectedPairs: m.expectedPairs });
    const f = findingOf(r, 'duplicates/identical-feature-vectors');
    expect(f.severity).toBe('info');
    expect(f.summary).toContain(
      `${Math.round(m.identicalPairs)} pairs of identical rows, where columns with these value frequencies, drawn independently, would make about ${Math.round(m.expectedPairs)}`,
    );
  });

  it('planted copies in 30 continuous features (breast cancer) stay duplicates, and the training copies are what de-duplication drops', () => {
    const r = report('breast-cancer-duplicates-leakage');
    const f = findingOf(r, 'duplicates/exact-duplicates');
    expect(f.metrics.identicalPairs).toBeGreaterThan(1000 * f.metrics.expectedPairs);
    // 260 copies of 40 training rows: 260 training rows to drop (the other repeats cross into evaluation).
    // The proxy retrained without them sizes it.
    expect(remedy(r, 'deduplicate').expectedGain).toMatchObject({ basis: 'estimated', rows: f.metrics.trainingRowsRemoved });
    expect(r.checks.proxy.metrics.whatIfs.deduplicate.changedRows).toBe(f.metrics.trainingRowsRemoved);
    expect(f.metrics.trainingRowsRemoved).toBeGreaterThanOrEqual(260);
  });
});

describe('rows by role', () => {
  const data = tableFromRows(
    ['id', 'split'],
    [
      ['a', 'train'],
      ['b', 'train'],
      ['c', 'validation'],
      ['d', 'test'],
      ['e', ''],
    ],
  );
  const run = (covered: number[]): Run => ({
    name: 'r',
    model: null,
    path: 'p',
    covered: Uint8Array.from(covered),
    count: covered.reduce((a, b) => a + b, 0),
    pred: null,
    probs: null,
    score: Float64Array.from(covered, () => 1),
    lines: new Int32Array(5),
  });
  const predictions = (runs: Run[]): Predictions => ({
    paths: [],
    digests: [],
    runs,
    records: 0,
    classes: [],
    hasProbabilities: false,
    unmatched: { count: 0, examples: [] },
    uncovered: { count: 0, rows: [] },
  });

  it('training rows are the split column’s training values; every other row (a missing split too) is evaluated', () => {
    const roles = rowRoles(data, { split: 'split' }, false);
    expect(Array.from(roles.evaluation)).toEqual([0, 0, 1, 1, 1]);
    expect(roles).toMatchObject({ source: 'split-column', evaluationRows: 3, trainingRows: 2, evaluationSplits: ['test', 'validation'] });
    expect(rowRoles(data, { split: null }, false)).toMatchObject({ source: 'all-rows', evaluationRows: 5, trainingRows: 0 });
  });

  it('the evaluation view drops the training rows from each run; with no evaluated row it keeps them all', () => {
    const roles = rowRoles(data, { split: 'split' }, false);
    const view = evaluationView(predictions([run([1, 1, 1, 1, 0])]), roles);
    expect(view).toMatchObject({ rows: 'evaluation', leftOut: 2 });
    expect(Array.from(view.predictions.runs[0].covered)).toEqual([0, 0, 1, 1, 0]);
    expect(view.predictions.runs[0].count).toBe(2);
    const onlyTraining = evaluationView(predictions([run([1, 1, 0, 0, 0])]), roles);
    expect(onlyTraining.rows).toBe('all');
    expect(Array.from(onlyTraining.predictions.runs[0].covered)).toEqual([1, 1, 0, 0, 0]);
  });

  it('out-of-fold predictions on training rows beside evaluation predictions: accuracy, slices and the ensemble read the evaluation rows', () => {
    // digits-label-noise: 800 training rows (out-of-fold) and 350 validation rows.
    const r = report('digits-label-noise');
    for (const check of ['performance', 'seed-instability', 'calibration', 'slices']) {
      expect(r.checks[check].metrics.rowsRead, check).toMatchObject({
        rows: 'evaluation',
        source: 'split-column',
        evaluationRows: 350,
        trainingRows: 800,
        trainingRowsLeftOut: 800,
      });
    }
    expect(r.checks['seed-instability'].metrics.commonRows).toBe(350);
    expect(r.checks['label-noise'].metrics.rowsRead).toMatchObject({ rows: 'all' });
    // No slice is the split itself, and label noise counts the training rows' flags apart.
    for (const slice of r.checks.slices.metrics.discovered ?? []) expect(Object.keys(slice.predicates)).not.toContain('split');
    expect(r.checks['label-noise'].metrics.byRole.training.rows + r.checks['label-noise'].metrics.byRole.evaluation.rows).toBe(1150);
    // Logistic regression is deterministic: on the evaluation rows the runs agree, and no ensemble gain is claimed.
    expect(r.checks['seed-instability'].metrics.ensemble.gainOverMean).toBe(0);
    expect(r.remedies.map((x: { id: string }) => x.id)).not.toContain('ensemble');
  });
});

describe('prior correction (rebalance), cross-fitted', () => {
  it('iris with versicolor labelled virginica in training: the correction gains on held-out folds, and says which class and weights', () => {
    const r = report('iris-asymmetric-noise');
    const f = findingOf(r, 'performance/prior-shift');
    const prior = r.checks.performance.metrics.priorCorrection;
    expect(f.metrics.gain).toBe(prior.gain);
    expect(prior.gainInterval[0]).toBeGreaterThan(0);
    expect(prior.accuracyAfter - prior.accuracyBefore).toBeCloseTo(prior.gain, 12);
    expect(f.metrics.favoured.class).toBe('versicolor');
    expect(prior.weights.versicolor).toBeGreaterThan(1);
    expect(f.summary).toContain(`raises accuracy from ${(prior.accuracyBefore * 100).toFixed(1)}% to ${(prior.accuracyAfter * 100).toFixed(1)}%`);
    expect(f.summary).toContain(`"versicolor" × ${prior.weights.versicolor.toFixed(2)}`);
    const rebalance = remedy(r, 'rebalance');
    expect(rebalance).toMatchObject({ outcome: 'accuracy', recommended: true });
    expect(rebalance.rank).toBeLessThanOrEqual(2);
    expect(rebalance.expectedGain).toMatchObject({ basis: 'measured', metric: 'accuracy' });
    expect(rebalance.expectedGain.value).toBeCloseTo(prior.gain, 6);
    expect(rebalance.expectedGain.interval[0]).toBeCloseTo(prior.gainInterval[0], 6);
  });

  it('a healthy model: the correction gains nothing, no finding, and rebalance is not recommended when something calls for it', () => {
    const r = report('breast-cancer-duplicates-leakage');
    expect(findingOf(r, 'performance/prior-shift')).toBeUndefined();
    const rebalance = remedy(r, 'rebalance');
    expect(rebalance.recommended).toBe(false);
    expect(rebalance.expectedGain.value).toBeLessThanOrEqual(0);
  });
});

describe('ensemble gain, with its interval over rows and runs', () => {
  it('an unstable MLP: the ensemble is the top accuracy remedy, its gain measured with an interval above 0', () => {
    const r = report('digits-unstable-mlp');
    const ensemble = remedy(r, 'ensemble');
    const m = r.checks['seed-instability'].metrics.ensemble;
    expect(ensemble.rank).toBe(1);
    expect(ensemble.expectedGain).toMatchObject({
      basis: 'measured',
      value: Math.round(m.gainOverMean * 1e6) / 1e6,
      standardError: Math.round(m.gainStandardError * 1e6) / 1e6,
    });
    expect(m.gainInterval[0]).toBeGreaterThan(0);
    expect(m.gainInterval[0]).toBeLessThan(m.gainOverMean);
    expect(m.gainInterval[1]).toBeGreaterThan(m.gainOverMean);
    // Distillation keeps at most that: an upper bound, ranked below.
    expect(remedy(r, 'distill').expectedGain.basis).toBe('upper-bound');
    expect(remedy(r, 'distill').rank).toBeGreaterThan(ensemble.rank);
  });
});

describe('an over-fit model', () => {
  it('in-sample training predictions: the gap is said; label noise reads the evaluation rows only; tuning and regularisation are sized by the logs', () => {
    const r = report('compas-overfit-gbm');
    const f = findingOf(r, 'label-noise/in-sample-predictions');
    expect(f.severity).toBe('high');
    expect(f.metrics.trainingAccuracy - f.metrics.evaluationAccuracy).toBeGreaterThan(0.2);
    expect(r.checks['label-noise'].metrics.trainingLeftOut).toBe(true);
    expect(r.checks['label-noise'].metrics.byRole.training.rows).toBe(0);
    const gain = r.checks['training-curves'].metrics.checkpointGain;
    for (const id of ['regularize', 'hyperparameter-search']) {
      expect(remedy(r, id).why).toContain('label-noise/in-sample-predictions');
      expect(remedy(r, id).expectedGain).toMatchObject({ basis: 'measured', metric: 'accuracy' });
      expect(remedy(r, id).expectedGain.value).toBeCloseTo(gain, 6);
    }
    expect(remedy(r, 'regularize').expectedGain.method).toContain('so this is optimistic');
    // A model 5 points above the majority guess: its flags are not label errors, and nothing asks to relabel on them.
    const noise = findingOf(r, 'label-noise/mislabelled-rows');
    expect(noise.metrics.weakModel).toBe(true);
    expect(noise.severity).toBe('low');
    expect(noise.summary).toContain('so most of these flags are its own errors, not label errors');
    expect(r.remedies.map((x: { id: string }) => x.id)).not.toContain('fix-evaluation-labels');
    expect(remedy(r, 'relabel')?.why ?? []).not.toContain('label-noise/mislabelled-rows');
  });
});

describe('a slice nearly absent from training', () => {
  it('digits from a second scanner, 2% of training and 30% of evaluation: weak beyond its class mix, rarer in training; targeted data leads', () => {
    const r = report('digits-source-shift');
    const f = findingOf(r, 'slices/weak-slices');
    const target = f.metrics.slices[f.metrics.targetSlice];
    // The scanner's images are rotated: the search finds them by a corner pixel, or by their source.
    expect(target.size).toBeGreaterThan(60);
    expect(target.classMix.z).toBeGreaterThan(2);
    expect(target.training.rarerInTraining).toBe(true);
    expect(target.training.trainingShare).toBeLessThan(0.05);
    const targeted = remedy(r, 'targeted-data');
    expect(targeted.rank).toBe(1);
    // Estimated on the proxy (more rows of the slice), which wins over the bound of its excess errors.
    expect(targeted.expectedGain).toMatchObject({ basis: 'estimated', rows: r.checks.proxy.metrics.whatIfs.sliceData.changedRows });
    expect(targeted.expectedGain.value).toBeGreaterThan(0.05);
    // Augmentation re-uses the slice's few training rows: on the proxy, weighting them up gains little.
    expect(remedy(r, 'augment').expectedGain.basis).toBe('estimated');
    expect(remedy(r, 'augment').rank).toBeGreaterThan(targeted.rank);
  });
});

describe('leakage: how much the leaked rows inflate accuracy', () => {
  it('by hand: accuracy over all rows minus without the flagged ones', () => {
    const score = [1, 1, 1, 0, 1, 0, 1, 0, 0, 1];
    const flagged = [1, 1, 0, 0, 0, 0, 0, 0, 0, 0];
    const o = measureOverstatement(score, flagged, { resamples: 500, seed: 3 })!;
    expect(o.all).toBeCloseTo(0.6, 12);
    expect(o.clean).toBeCloseTo(0.5, 12);
    expect(o.overstatement).toBeCloseTo(0.1, 12);
    expect(o.interval[0]).toBeLessThanOrEqual(0.1);
    expect(o.interval[1]).toBeGreaterThanOrEqual(0.1);
    expect(measureOverstatement(score, new Array(10).fill(0), { resamples: 10, seed: 1 })).toBeNull();
  });

  it('breast cancer with 20 evaluation rows copied into training: an honesty remedy quoting the overstatement', () => {
    const r = report('breast-cancer-duplicates-leakage');
    const o = r.checks.leakage.metrics.overstatement;
    const fix = remedy(r, 'fix-leakage');
    expect(fix.outcome).toBe('honesty');
    expect(fix.expectedGain).toMatchObject({
      metric: 'overstatement',
      basis: 'measured',
      value: Math.round(o.overstatement * 1e6) / 1e6,
      rows: r.checks.leakage.metrics.totalLeakedRows,
    });
    expect(r.checks.leakage.metrics.totalLeakedRows).toBe(20);
  });
});

describe('temperature scaling (calibrate), cross-fitted', () => {
  it('recommended only when the held-out log-loss gain’s interval excludes 0; its accuracy never moves', () => {
    for (const name of ['digits-unstable-mlp', 'wine-undersampled-class']) {
      const r = report(name);
      const t = r.checks.calibration.metrics.temperatureScaling;
      const calibrate = remedy(r, 'calibrate');
      expect(calibrate.outcome).toBe('probability');
      expect(calibrate.recommended, name).toBe(t.logLossGainInterval[0] > 0);
      expect(t.logLossAfter).toBeCloseTo(t.logLossBefore - t.logLossGain, 12);
    }
  });
});
