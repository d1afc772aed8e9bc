/**
 * Real scikit-learn models on the datasets scikit-learn ships (fixtures/real-models, written by
 * test/reference/real_models.py): a healthy model passes the gate, and planted problems are found.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { audit, fixture } from './helpers/cli.js';

const HIGH = new Set(['critical', 'high']);
const cwd = fixture('real-models');

describe('healthy models (nothing planted): no finding at high or above, and the default gate passes', () => {
  const runs = [
    ['breast_cancer', 'logreg-5'],
    ['breast_cancer', 'gboost-5'],
    ['wine', 'logreg-5'],
    ['wine', 'gboost-5'],
    ['digits', 'logreg-10'],
    ['digits', 'gboost-5'],
  ];
  for (const [dataset, model] of runs) {
    it(`${dataset}, ${model}`, () => {
      const run = audit([`${dataset}/data.csv`, `${dataset}/${model}.jsonl`, '--format', 'json'], { cwd });
      expect(run.status, run.stderr).toBe(0);
      const report = run.json;
      expect(report.findings.filter((f: { severity: string }) => HIGH.has(f.severity)).map((f: { id: string }) => f.id)).toEqual([]);
      // The performance check ran on every run, and no slice is defined by the label.
      expect(report.checks.performance.status).not.toBe('error');
      for (const slice of report.checks.slices.metrics.discovered ?? []) expect(Object.keys(slice.predicates)).not.toContain('label');
    });
  }

  it('two models given as files of their own (--model) are two seed populations, never one', () => {
    const mixed = audit(['breast_cancer/data.csv', 'breast_cancer/logreg-5.jsonl', 'breast_cancer/gboost-5.jsonl', '--format', 'json'], { cwd });
    // Both files number their seeds 1-5: read as one population, seed 1 would be given twice.
    expect(mixed.status).toBe(2);
    expect(mixed.stderr).toContain('duplicate prediction for id "1" in run "1"');
    const run = audit(
      ['breast_cancer/data.csv', '--model', 'logreg=breast_cancer/logreg-5.jsonl', '--model', 'gboost=breast_cancer/gboost-5.jsonl', '--format', 'json'],
      { cwd },
    );
    expect(run.status, run.stderr).toBe(0);
    const report = run.json;
    expect(report.inputs.predictions.runs.map((r: { name: string; model: string }) => [r.name, r.model]).slice(0, 6)).toEqual([
      ['logreg/1', 'logreg'],
      ['logreg/2', 'logreg'],
      ['logreg/3', 'logreg'],
      ['logreg/4', 'logreg'],
      ['logreg/5', 'logreg'],
      ['gboost/1', 'gboost'],
    ]);
    const seeds = report.checks['seed-instability'].metrics;
    expect(seeds.models).toEqual(['logreg', 'gboost']);
    expect(seeds.byModel.map((m: { model: string; runs: string[] }) => [m.model, m.runs.length])).toEqual([
      ['logreg', 5],
      ['gboost', 5],
    ]);
    for (const f of report.findings.filter((f: { check: string }) => f.check === 'seed-instability')) {
      expect(f.id).toMatch(/:(logreg|gboost)$/);
      expect(f.title).toMatch(/^"(logreg|gboost)": /);
    }
  });
});

describe('planted problems (breast_cancer, two models x 5 seeds): each is found', () => {
  const truth = JSON.parse(readFileSync(fixture('real-models/planted/truth.json'), 'utf8')) as {
    flippedIds: number[];
    copiedTestIds: number[];
    copyIds: number[];
    hardSubgroup: Record<string, string>;
  };
  const run = audit(['planted/data.csv', 'planted/preds.jsonl', '--format', 'json'], { cwd });
  const report = run.json;
  const byId = (id: string) => report.findings.find((f: { id: string }) => f.id === id);

  it('flipped labels: most of them flagged as likely mislabelled', () => {
    const noise = report.checks['label-noise'].metrics;
    const flagged = new Set(noise.rows.map((row: number) => row + 1)); // ids are row + 1
    const found = truth.flippedIds.filter((id) => flagged.has(id));
    expect(found.length).toBeGreaterThanOrEqual(12); // of 14
    // The flagged rows that are not planted flips sit in the hard site, and the finding says so.
    const finding = byId('label-noise/mislabelled-rows');
    expect(finding.metrics.hardGroup).toMatchObject({ column: 'site', value: 'D' });
    expect(finding.summary).toContain('sit in site = "D"');
    expect(finding.summary).toContain('rows there are often hard rather than mislabelled');
  });

  it('train/test copies: the leakage check finds every copied row', () => {
    const leak = byId('leakage/train-eval-overlap');
    expect(leak.severity).toBe('high');
    expect(leak.metrics.totalLeakedRows).toBe(truth.copiedTestIds.length);
  });

  it('the hard subgroup is the weakest discovered slice, and no slice is defined by the label', () => {
    const weak = byId('slices/weak-slices');
    expect(weak.metrics.slices[0].predicates).toEqual(truth.hardSubgroup);
    expect(weak.summary).toContain('The weakest slice, site = "D"');
    for (const slice of report.checks.slices.metrics.discovered) expect(Object.keys(slice.predicates)).not.toContain('label');
    // The rate quoted is the mean over the 10 runs (as seed-instability's accuracy), the ensemble's beside it.
    expect(weak.summary).toContain("means over the 10 runs; the runs' ensemble, which the search tests, errs on");
  });

  it('the two models are never one seed population, and the training rows without predictions are expected', () => {
    const seedFindings = report.findings.filter((f: { check: string }) => f.check === 'seed-instability');
    expect(seedFindings.length).toBeGreaterThan(0);
    for (const f of seedFindings) expect(f.id).toMatch(/:(logreg|gboost)$/);
    const uncovered = byId('input-integrity/rows-without-predictions');
    expect(uncovered.severity).toBe('info');
    expect(uncovered.title).toContain('(the training split)');
  });
});
