/**
 * The proxy model inside the audit (a logistic regression on the data's own features): its
 * yardstick against the user's model and its what-ifs for the data remedies, on the retraining
 * experiment's real cases (fixtures/remedy-gains) and on healthy real models.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit, fixture, type Parsed } from './helpers/cli.js';

const root = fixture('remedy-gains');
function report(name: string, extra: string[] = []): Parsed {
  const spec = JSON.parse(readFileSync(join(root, name, 'case.json'), 'utf8')) as { auditArgs: string[] };
  const run = audit([...spec.auditArgs, ...extra, '--format', 'json', '--fail-on', 'none'], { cwd: join(root, name) });
  expect(run.status, run.stderr).toBe(0);
  return run.json;
}
const remedy = (r: Parsed, id: string) => r.remedies.find((x: { id: string }) => x.id === id);

describe('the yardstick: a logistic regression on your features beside your model', () => {
  it('an MLP of 8 hidden units on 300 rows: the proxy does clearly better, and says so with the gap and its interval', () => {
    const r = report('digits-unstable-mlp');
    const y = r.checks.proxy.metrics.yardstick;
    expect(y.gap).toBeGreaterThan(0.05);
    expect(y.gapInterval[0]).toBeGreaterThan(0);
    expect(y.proxyAccuracy - y.modelAccuracy).toBeCloseTo(y.gap, 12);
    const f = r.findings.find((x: { id: string }) => x.id === 'proxy/beats-your-model');
    expect(f.severity).toBe('high');
    expect(f.summary).toContain(`reaches ${(y.proxyAccuracy * 100).toFixed(1)}% [`);
    expect(f.summary).toContain(`on these ${y.rows} evaluation rows against your model's ${(y.modelAccuracy * 100).toFixed(1)}% (mean of 5 runs)`);
    // The gap is the least a search over the model's settings should recover; without over-fitting it does not size regularisation.
    expect(remedy(r, 'hyperparameter-search').expectedGain).toMatchObject({ basis: 'estimated', metric: 'accuracy' });
    expect(remedy(r, 'hyperparameter-search').expectedGain.value).toBeCloseTo(y.gap, 6);
    expect(remedy(r, 'hyperparameter-search').expectedGain.method).toContain('should recover at least that');
    expect(remedy(r, 'regularize').expectedGain.method).not.toContain('should recover at least that');
  });

  it('healthy real models (scikit-learn on breast_cancer, wine, digits): no yardstick finding', () => {
    const cwd = fixture('real-models');
    for (const [dataset, model] of [
      ['breast_cancer', 'logreg-5'],
      ['breast_cancer', 'gboost-5'],
      ['wine', 'gboost-5'],
      ['digits', 'gboost-5'],
    ]) {
      const run = audit([`${dataset}/data.csv`, `${dataset}/${model}.jsonl`, '--format', 'json', '--fail-on', 'none'], { cwd });
      expect(run.status, run.stderr).toBe(0);
      expect(run.json.checks.proxy.metrics.mode).toBe('cross-fit');
      expect(
        run.json.findings.filter((f: { check: string }) => f.check === 'proxy').map((f: { id: string }) => f.id),
        `${dataset} ${model}`,
      ).toEqual([]);
    }
  });
});

describe('what-ifs: the proxy retrained with each data remedy', () => {
  it('flipped training labels (digits): the flagged training rows relabelled or pruned, an estimated gain with its method', () => {
    const r = report('digits-label-noise');
    const m = r.checks.proxy.metrics;
    expect(m).toMatchObject({ mode: 'split', trainingRowsAvailable: 800, trainingRowsUsed: 800, evaluatedRows: 350 });
    const flagged = r.checks['label-noise'].metrics.byRole.training.flagged;
    expect(m.whatIfs.dropFlagged.changedRows).toBe(flagged);
    expect(m.whatIfs.relabel.changedRows).toBeLessThanOrEqual(flagged);
    const best = Math.max(m.whatIfs.relabel.gain, m.whatIfs.dropFlagged.gain);
    const relabel = remedy(r, 'relabel');
    // Retraining measured relabel +10.0 and a penalty search +8.0 points (intervals overlap): both belong at the top.
    expect(relabel.rank).toBeLessThanOrEqual(2);
    expect(remedy(r, 'hyperparameter-search').rank).toBeLessThanOrEqual(2);
    expect(relabel.expectedGain).toMatchObject({ basis: 'estimated' });
    expect(relabel.expectedGain.value).toBeCloseTo(best, 6);
    expect(relabel.expectedGain.method).toMatch(
      /^a logistic regression on your features \(800 training rows\) retrained (with|without) the \d+ flagged training rows/,
    );
    expect(relabel.expectedGain.method).toContain('your model may gain more or less');
  });

  it('a slice nearly absent from training (digits from a second scanner): more of its data, from half its evaluation rows, cross-fitted', () => {
    const r = report('digits-source-shift');
    const w = r.checks.proxy.metrics.whatIfs.sliceData;
    expect(w.changedRows).toBeGreaterThan(20);
    expect(w.gainInterval[0]).toBeGreaterThan(0);
    const targeted = remedy(r, 'targeted-data');
    expect(targeted.rank).toBe(1);
    expect(targeted.expectedGain).toMatchObject({ basis: 'estimated', rows: w.changedRows });
    expect(targeted.expectedGain.method).toContain(`more rows of the weak slice (half of its ${w.groupRows} evaluation rows`);
  });

  it('an under-sampled class (wine): more data of the class the model gets right least often', () => {
    const r = report('wine-undersampled-class');
    const w = r.checks.proxy.metrics.whatIfs.classData;
    expect(w.class).toBe('class_1');
    expect(remedy(r, 'targeted-data').expectedGain).toMatchObject({ basis: 'estimated' });
    expect(remedy(r, 'targeted-data').expectedGain.method).toContain('more rows of class "class_1"');
    // The prior correction measured on your runs wins over the proxy's class weights for rebalance.
    expect(remedy(r, 'rebalance').expectedGain.basis).toBe('measured');
  });

  it('a stronger penalty on tiny data costs accuracy: regularisation is not recommended', () => {
    const r = report('wine-undersampled-class');
    expect(r.checks.proxy.metrics.whatIfs.strongerPenalty.gain).toBeLessThan(0);
    expect(remedy(r, 'regularize')).toMatchObject({ recommended: false });
  });

  it('turned off with --no-proxy, and skipped with the reason when there is nothing to train on', () => {
    expect(report('iris-asymmetric-noise', ['--no-proxy']).checks.proxy).toMatchObject({
      status: 'skipped',
      reason: 'turned off (--no-proxy, or checkOptions.proxy.enabled: false)',
    });
    const run = audit([
      fixture('real-models/planted/data.csv'),
      fixture('real-models/planted/preds.jsonl'),
      '--skip-checks',
      'proxy',
      '--format',
      'json',
      '--fail-on',
      'none',
    ]);
    expect(run.json.checks.proxy.reason).toBe('skipped by --skip-checks');
    const bare = audit([fixture('formats/messy.csv'), '--format', 'json', '--fail-on', 'none']);
    expect(bare.json.checks.proxy.status).toBe('skipped');
  });
});
