import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trainingDynamics } from '../src/math/training-dynamics.js';
import { predictionsFromRecords } from '../src/data/predictions.js';
import { audit, fixture } from './helpers/cli.js';

const noisy = (...parts: string[]) => fixture('training-dynamics/noisy', ...parts);
const tmp = () => mkdtempSync(join(tmpdir(), 'trainaudit-dynamics-'));

describe('per-example dynamics (by hand)', () => {
  it('confidence, variability, margin, correctness and forgetting of two rows over three snapshots', () => {
    // Row 0 (label 0): p(label) 0.9, 0.3, 0.6 -> right, wrong, right: one forgetting event.
    // Row 1 (label 1): p(label) 0.2, 0.2, 0.2, the other class 0.8 throughout: never learned.
    const snapshot = (p0: number, p1: number) => ({ probs: Float64Array.from([p0, 1 - p0, 1 - p1, p1]), pred: null, covered: Uint8Array.from([1, 1]) });
    const d = trainingDynamics([[snapshot(0.9, 0.2), snapshot(0.3, 0.2), snapshot(0.6, 0.2)]], Int32Array.from([0, 1]), 2);
    expect([...d.rows]).toEqual([0, 1]);
    expect(d.confidence[0]).toBeCloseTo(0.6, 12);
    expect(d.variability[0]).toBeCloseTo(Math.sqrt((0.3 ** 2 + 0.3 ** 2 + 0) / 3), 12); // population sd of 0.9, 0.3, 0.6
    expect(d.aum[0]).toBeCloseTo((0.8 - 0.4 + 0.2) / 3, 12); // margins 0.9-0.1, 0.3-0.7, 0.6-0.4
    expect(d.correctness[0]).toBeCloseTo(2 / 3, 12);
    expect(d.forgetting[0]).toBe(1);
    expect(d.neverLearned[0]).toBe(0);
    expect(d.aum[1]).toBeCloseTo(-0.6, 12);
    expect(d.neverLearned[1]).toBe(1);
    expect(d.accuracyBySnapshot).toEqual([0.5, 0, 0.5]);
  });
});

describe('real MLP runs on digits with 10% flipped labels (test/reference/training_dynamics.py)', () => {
  const truth = JSON.parse(readFileSync(noisy('truth.json'), 'utf8'));
  const expected = JSON.parse(readFileSync(noisy('dynamics-expected.json'), 'utf8'));
  const ids = readFileSync(noisy('data.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => Number(line.split(',')[0]));
  const flipped = new Set<number>(truth.flipped);
  const run = audit([noisy('data.csv'), noisy('snapshots.jsonl.gz'), '--checks', 'training-dynamics,label-noise,seed-instability', '-f', 'json']);
  const report = run.json;
  const dynamics = report.checks['training-dynamics'].metrics;

  /** Precision, recall and F1 of flagged data rows against the flipped ids. */
  const score = (rows: number[]) => {
    const hits = rows.filter((row) => flipped.has(ids[row])).length;
    const precision = rows.length === 0 ? 0 : hits / rows.length;
    const recall = hits / flipped.size;
    return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
  };

  it("every row's statistics equal numpy's from the same files (test/reference/training_dynamics_expected.py)", () => {
    // The same computation through the library, on the records as the loader builds them.
    const text = gunzipSync(readFileSync(noisy('snapshots.jsonl.gz'))).toString('utf8');
    const records = text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const rowOf = new Map(ids.map((id, row) => [id, row]));
    const labels = readFileSync(noisy('data.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => Number(line.split(',')[1]));
    const classes = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
    const { predictions } = predictionsFromRecords(
      records.map((r) => ({ ...r, id: rowOf.get(r.id) })),
      { rowCount: ids.length, classes, labels: { classes, codes: Int32Array.from(labels), source: 'label', positiveClass: -1 } },
    );
    const d = trainingDynamics(
      predictions.snapshots!.map((g) => g.runs),
      Int32Array.from(labels),
      10,
    );
    expect(d.rows.length).toBe(expected.rows.length);
    for (const key of ['confidence', 'variability', 'aum', 'correctness', 'forgetting'] as const) {
      const got = d[key];
      let worst = 0;
      for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - expected[key][i]));
      expect(worst, key).toBeLessThan(1e-9);
    }
    expect([...d.neverLearned]).toEqual(expected.neverLearned);
  });

  it("finds the flipped labels better than confident learning on the same rows (floors: today's figures)", () => {
    const lowMargin = score(dynamics.flagged['low-margin']);
    const hard = score(dynamics.flagged['hard-to-learn']);
    const confident = score(report.checks['label-noise'].metrics.rows);
    // Measured on 2026-12-03: low margin P 0.982 R 0.865 F1 0.920; hard to learn F1 0.711;
    // confident learning on the last snapshot's (in-sample) probabilities F1 0.076.
    expect(lowMargin.f1).toBeGreaterThanOrEqual(0.92 - 1e-3);
    expect(hard.f1).toBeGreaterThanOrEqual(0.711 - 1e-3);
    expect(confident.f1).toBeGreaterThanOrEqual(0.076 - 1e-3);
    expect(lowMargin.f1).toBeGreaterThan(confident.f1);
    // label-noise reports the agreement on the rows both measured.
    const agreement = report.checks['label-noise'].metrics.trainingDynamics;
    expect(agreement).toMatchObject({
      rowsCompared: 1257,
      confidentLearning: report.checks['label-noise'].metrics.issueCount,
      lowMargin: dynamics.flagged['low-margin'].length,
    });
    expect(agreement.both + agreement.onlyLowMargin).toBe(agreement.lowMargin);
  });

  it('bins the data map of the numpy statistics: confidence tenths by variability twentieths', () => {
    const map = report.checks['training-dynamics'].metrics.dataMap;
    expect(map.bins).toBe(10);
    const counts = Array.from({ length: 10 }, () => new Array(10).fill(0));
    const bin = (x: number, top: number) => Math.min(9, Math.max(0, Math.floor((x / top) * 10)));
    expected.confidence.forEach((c: number, i: number) => counts[bin(c, 1)][bin(expected.variability[i], 0.5)]++);
    expect(map.counts).toEqual(counts);
    expect(map.counts.flat().reduce((a: number, b: number) => a + b, 0)).toBe(report.checks['training-dynamics'].metrics.rowsMeasured);
  });

  it('reports hard-to-learn and low-margin rows with examples, and ties them to relabelling', () => {
    const byId = Object.fromEntries(report.findings.map((f: { id: string }) => [f.id, f]));
    const low = byId['training-dynamics/low-margin'];
    expect(low.severity).toBe('medium');
    expect(low.summary).toContain('over 30 snapshots of 5 runs');
    expect(low.examples[0].aum).toBeLessThan(0);
    expect(byId['training-dynamics/hard-to-learn'].examples[0].confidence).toBeLessThan(0.25);
    const relabel = report.remedies.find((r: { id: string }) => r.id === 'relabel');
    expect(relabel.why).toContain('training-dynamics/low-margin');
    // Nothing here sizes what relabelling gains: the gain says how many training rows it would change.
    expect(relabel.expectedGain).toMatchObject({ metric: 'accuracy', basis: 'not-estimable' });
    expect(relabel.expectedGain.rows).toBeGreaterThan(0);
    expect(relabel.evidence).toContain('have a negative area under the margin');
    const curriculum = report.remedies.find((r: { id: string }) => r.id === 'curriculum');
    expect(curriculum.why).toContain('training-dynamics/ambiguous');
  });

  it('the other checks read the last snapshot of each run', () => {
    expect(report.inputs.predictions.snapshots).toEqual(
      [0, 1, 2, 3, 4].map((seed) => ({ run: String(seed), by: 'epoch', count: 30, first: '1', last: '30', used: '30' })),
    );
    expect(report.inputs.predictions.runs).toHaveLength(5);
    // Seed-instability on the snapshots equals seed-instability on the epoch-30 records alone.
    const dir = tmp();
    const last = gunzipSync(readFileSync(noisy('snapshots.jsonl.gz')))
      .toString('utf8')
      .split('\n')
      .filter((line) => line.includes('"epoch":30,'));
    writeFileSync(join(dir, 'last.jsonl'), `${last.map((line) => line.replace(/"epoch":30,/, '')).join('\n')}\n`);
    const alone = audit([noisy('data.csv'), join(dir, 'last.jsonl'), '--checks', 'seed-instability', '-f', 'json']).json;
    expect(alone.checks['seed-instability'].metrics).toEqual(report.checks['seed-instability'].metrics);
    // --snapshot picks another epoch for them.
    const early = audit([noisy('data.csv'), noisy('snapshots.jsonl.gz'), '--checks', 'seed-instability', '--snapshot', '5', '-f', 'json']).json;
    expect(early.inputs.predictions.snapshots[0].used).toBe('5');
    expect(early.checks['seed-instability'].metrics).not.toEqual(report.checks['seed-instability'].metrics);
  });
});

describe('snapshots that cannot be read as such', () => {
  const data = fixture('training-dynamics/noisy/data.csv');
  it('a run mixing records with and without an epoch is an error naming the run', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'p.jsonl'), '{"id": 1, "seed": 1, "epoch": 1, "pred": "0"}\n{"id": 5, "seed": 1, "pred": "0"}\n');
    const run = audit([data, join(dir, 'p.jsonl'), '--checks', 'training-dynamics']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('run "1" mixes records with an epoch, step or checkpoint and records without one');
  });
  it('--snapshot naming an epoch a run lacks, or without snapshots, is an error', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'p.jsonl'), '{"id": 1, "epoch": 1, "pred": "0"}\n{"id": 1, "epoch": 2, "pred": "0"}\n');
    expect(audit([data, join(dir, 'p.jsonl'), '--snapshot', '7']).stderr).toContain('has no snapshot epoch 7 (it has 1, 2)');
    writeFileSync(join(dir, 'q.jsonl'), '{"id": 1, "pred": "0"}\n');
    expect(audit([data, join(dir, 'q.jsonl'), '--snapshot', '7']).stderr).toContain('no prediction record carries an epoch, step or checkpoint');
  });
  it('the same id twice in one snapshot is still a duplicate', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'p.jsonl'), '{"id": 1, "epoch": 1, "pred": "0"}\n{"id": 1, "epoch": 1, "pred": "1"}\n');
    const run = audit([data, join(dir, 'p.jsonl')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('duplicate prediction for id "1" in run "p at epoch=1"');
  });
  it('without snapshots the check is skipped with the reason', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'p.jsonl'), '{"id": 1, "pred": "1"}\n{"id": 5, "pred": "5"}\n');
    const report = audit([data, join(dir, 'p.jsonl'), '--checks', 'training-dynamics', '-f', 'json']).json;
    expect(report.checks['training-dynamics'].status).toBe('skipped');
    expect(report.checks['training-dynamics'].reason).toContain('needs predictions at several epochs');
  });
});
