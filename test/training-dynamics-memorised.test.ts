/**
 * Memorised label noise (issue 27, item 2): a wide MLP trained for 200 epochs predicts every one
 * of its 600 training rows as labelled, the 60 flipped ones included. Over all snapshots no row's
 * area under the margin is negative, yet 54 of the 60 lowest are flips. The margin is read
 * before the run fitted its labels. Fixtures: test/reference/training_dynamics_memorised.py.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FIT_ACCURACY, trainingDynamics } from '../src/math/training-dynamics.js';
import { audit, fixture } from './helpers/cli.js';

const dir = (name: string) => (file: string) => fixture(`training-dynamics/${name}`, file);
const memorised = dir('memorised');
const clean = dir('memorised-clean');
const numbers = (text: string) => new Set(text.match(/\d+(?:\.\d+)?(?:e[-+]?\d+)?%?/g) ?? []);

interface Truth {
  flipped: number[];
  rows: number;
  epochs: number;
  trainAccuracyByEpoch: number[];
  aum: number[];
  flipsAmongLowestAum: number;
  negativeAumRows: number;
}
const truthOf = (at: (file: string) => string): Truth => JSON.parse(readFileSync(at('truth.json'), 'utf8'));
const idsOf = (at: (file: string) => string) =>
  readFileSync(at('data.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => Number(line.split(',')[0]));
const run = (at: (file: string) => string, ...extra: string[]) =>
  audit([at('data.csv'), at('snapshots.jsonl.gz'), '--checks', 'training-dynamics', '-f', 'json', '--fail-on', 'none', ...extra]);
/** numpy's memorisation point: the first epoch whose training accuracy on the given labels reaches FIT_ACCURACY. */
const fitEpoch = (truth: Truth) => truth.trainAccuracyByEpoch.findIndex((a) => a >= FIT_ACCURACY - 1e-9) + 1;

describe('per-example margin before the run fitted its labels (by hand)', () => {
  it('a row wrong for two snapshots, then memorised for four: negative before the fit, positive over all', () => {
    // 200 rows of 2 classes; the run predicts row 0 as its label 1 from snapshot 3 on, and every other row right throughout.
    const n = 200;
    const labels = Int32Array.from({ length: n }, (_, i) => (i === 0 ? 1 : 0));
    const snapshot = (p1: number) => {
      const probs = new Float64Array(2 * n);
      for (let i = 0; i < n; i++) probs.set(i === 0 ? [1 - p1, p1] : [0.9, 0.1], 2 * i);
      return { probs, pred: null, covered: new Uint8Array(n).fill(1) };
    };
    const d = trainingDynamics([[snapshot(0.1), snapshot(0.2), snapshot(0.9), snapshot(0.9), snapshot(0.9), snapshot(0.9)]], labels, 2);
    // 199 of 200 right at snapshots 1 and 2 (99.5%): fitted at snapshot 1 already, so only its margin counts.
    expect(d.fittedAt).toEqual([1]);
    expect(d.aumBeforeFit[0]).toBeCloseTo(-0.8, 12);
    expect(d.aum[0]).toBeCloseTo((-0.8 - 0.6 + 4 * 0.8) / 6, 12);
    // With two rows wrong early (99% right), the run fits its labels at snapshot 3: margins -0.8, -0.6, 0.8.
    const two = Int32Array.from(labels, (l, i) => (i === 1 ? 1 : l));
    const snap2 = (p1: number) => {
      const s = snapshot(p1);
      s.probs.set([1 - p1, p1], 2);
      return s;
    };
    const d2 = trainingDynamics([[snap2(0.1), snap2(0.2), snap2(0.9), snap2(0.9), snap2(0.9), snap2(0.9)]], two, 2);
    expect(d2.fittedAt).toEqual([3]);
    expect(d2.aumBeforeFit[0]).toBeCloseTo((-0.8 - 0.6 + 0.8) / 3, 12);
    expect(d2.aum[0]).toBeGreaterThan(0);
    // A run that never fits its labels reads the margin over all its snapshots.
    const d3 = trainingDynamics([[snap2(0.1), snap2(0.2)]], two, 2);
    expect(d3.fittedAt).toEqual([null]);
    expect([...d3.aumBeforeFit]).toEqual([...d3.aum]);
  });
});

describe('a wide MLP that memorises its 10% flipped digits labels (real partial_fit histories)', () => {
  const truth = truthOf(memorised);
  const ids = idsOf(memorised);
  const flipped = new Set(truth.flipped);
  const report = run(memorised).json;
  const metrics = report.checks['training-dynamics'].metrics;

  it('the fixture is what the issue describes: memorised, no negative margin over training, flips ranked lowest', () => {
    expect(truth.rows).toBe(600);
    expect(truth.flipped).toHaveLength(60);
    expect(truth.trainAccuracyByEpoch.at(-1)).toBe(1);
    expect(truth.negativeAumRows).toBe(0);
    expect(truth.flipsAmongLowestAum).toBe(54);
    expect(metrics.rowsMeasured).toBe(600);
  });

  it('flags the flips by their margin before the run fitted its labels: precision at least 0.7', () => {
    const rows: number[] = metrics.flagged['low-margin'];
    const hits = rows.filter((row) => flipped.has(ids[row])).length;
    const precision = hits / rows.length;
    const recall = hits / flipped.size;
    // Measured: 35 rows, all flips (precision 1.000, recall 0.583). Over all snapshots: none.
    console.log(`memorised fixture: low-margin ${rows.length} rows, precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`);
    expect(rows.length).toBeGreaterThan(0);
    expect(precision).toBeGreaterThanOrEqual(0.7);
    expect(recall).toBeGreaterThanOrEqual(0.5);
    // Every flagged row's margin over all snapshots is positive (numpy's): the absolute rule alone finds none.
    for (const row of rows) expect(truth.aum[row]).toBeGreaterThan(0);
    // The snapshot where the run fitted its labels is numpy's, from the training accuracy of the written files.
    expect(metrics.memorisation).toEqual({ fitAccuracy: FIT_ACCURACY, fittedAtSnapshot: [fitEpoch(truth)], aumWindow: 'before-fit' });
    expect(fitEpoch(truth)).toBe(43);
  });

  it('the finding says the margin is read before memorisation, with its numbers, in English and Chinese', () => {
    const low = report.findings.find((f: { id: string }) => f.id === 'training-dynamics/low-margin');
    expect(low.severity).toBe('medium');
    expect(low.title).toContain('before the model memorised its labels');
    expect(low.summary).toContain(`${metrics.counts['low-margin']} of 600 training rows`);
    expect(low.summary).toContain('1 of 1 run came to predict 99.5% of the training rows as labelled (at snapshot 43 of 200)');
    expect(low.examples[0].aumBeforeFit).toBeLessThan(0);
    expect(low.examples[0].aum).toBeGreaterThan(0);
    const zh = run(memorised, '--lang', 'zh').json.findings.find((f: { id: string }) => f.id === 'training-dynamics/low-margin');
    expect(zh.title).toContain('记住其标签之前');
    expect(zh.summary).toContain('第 43 个');
    expect(numbers(zh.title)).toEqual(numbers(low.title));
    expect(numbers(zh.summary)).toEqual(numbers(low.summary));
    const relabel = report.remedies.find((r: { id: string }) => r.id === 'relabel');
    expect(relabel.evidence).toContain('before the model memorised its labels');
  });
});

describe('the same network on clean labels: memorises with nothing to find', () => {
  it('flags at most 1% of its rows, at low severity', () => {
    const truth = truthOf(clean);
    expect(truth.flipped).toHaveLength(0);
    const report = run(clean).json;
    const metrics = report.checks['training-dynamics'].metrics;
    expect(metrics.memorisation.fittedAtSnapshot).toEqual([fitEpoch(truth)]);
    // Measured: 6 rows (1.0%), hard digits the network got wrong in its first 13 epochs.
    expect(metrics.counts['low-margin']).toBeLessThanOrEqual(6);
    const low = report.findings.find((f: { id: string }) => f.id === 'training-dynamics/low-margin');
    if (low) expect(low.severity).toBe('low');
  });
});
