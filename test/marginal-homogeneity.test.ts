import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { marginalHomogeneity, pairedTable } from '../src/math/marginal-homogeneity.js';
import { holm } from '../src/math/fdr.js';
import { batchCalibration } from '../src/math/prior-correction.js';
import { fixture } from './helpers/cli.js';

// Reference values: statsmodels SquareTable.homogeneity('stuart_maxwell') and scipy binomtest (test/reference/answer_bias.py).
const expected = JSON.parse(readFileSync(fixture('answer-bias', 'expected.json'), 'utf8'));
const CHOICES = ['A', 'B', 'C', 'D'];

function fixtureRun(name: string) {
  const gold = new Map<string, number>();
  for (const line of readFileSync(fixture('answer-bias', 'questions.csv'), 'utf8').trim().split('\n').slice(1)) {
    const id = line.slice(0, line.indexOf(','));
    gold.set(id, CHOICES.indexOf(line.slice(line.lastIndexOf(',') + 1)));
  }
  const ids = [...gold.keys()];
  const probs = new Float64Array(ids.length * 4);
  for (const line of readFileSync(fixture('answer-bias', 'predictions.jsonl'), 'utf8').trim().split('\n')) {
    const record = JSON.parse(line);
    if (record.run !== name) continue;
    const row = ids.indexOf(record.id);
    CHOICES.forEach((c, j) => (probs[row * 4 + j] = record.probs[c]));
  }
  const labels = Int32Array.from(ids, (id) => gold.get(id)!);
  const pred = Int32Array.from(ids, (_, row) => {
    let best = 0;
    for (let c = 1; c < 4; c++) if (probs[row * 4 + c] > probs[row * 4 + best]) best = c;
    return best;
  });
  return { labels, pred, probs };
}

describe('Stuart-Maxwell test of marginal homogeneity', () => {
  it('matches statsmodels on hand-made 2x2, 3x3 and 4x4 tables', () => {
    for (const reference of expected.tables) {
      const k = reference.table.length;
      const result = marginalHomogeneity(reference.table.flat(), k);
      expect(result.statistic).toBeCloseTo(reference.statistic, 9);
      expect(result.df).toBe(reference.df);
      expect(result.pValue).toBeCloseTo(reference.pValue, 9);
    }
  });

  it("is McNemar's chi-square (b - c)^2 / (b + c) for two answers", () => {
    const result = marginalHomogeneity([20, 5, 15, 30], 2);
    expect(result.statistic).toBeCloseTo((15 - 5) ** 2 / 20, 12);
    expect(result.perAnswer[1]).toMatchObject({ predicted: 35, gold: 45, overPredicted: 5, underPredicted: 15 });
  });

  it('gives no evidence when predicted and gold marginals are equal, or nothing is off the diagonal', () => {
    expect(marginalHomogeneity([10, 3, 3, 10], 2).statistic).toBe(0);
    const diagonal = marginalHomogeneity([5, 0, 0, 0, 7, 0, 0, 0, 9], 3);
    expect(diagonal.pValue).toBe(1);
    expect(diagonal.df).toBe(0);
  });

  it('matches statsmodels and scipy on both runs of the answer-bias fixture', () => {
    for (const name of ['llm-0shot', 'llm-5shot']) {
      const { labels, pred } = fixtureRun(name);
      const reference = expected.runs[name];
      const result = marginalHomogeneity(pairedTable(labels, pred, 4), 4);
      expect(result.rows).toBe(400);
      expect(result.statistic).toBeCloseTo(reference.statistic, 8);
      expect(result.df).toBe(reference.df);
      expect(Math.abs(result.pValue - reference.pValue)).toBeLessThan(1e-9 + 1e-6 * reference.pValue);
      result.perAnswer.forEach((entry, c) => {
        const want = reference.perAnswer[c];
        expect(entry.predicted / 400).toBeCloseTo(want.predictedShare, 12);
        expect(entry.gold / 400).toBeCloseTo(want.goldShare, 12);
        expect(entry.overPredicted).toBe(want.overPredicted);
        expect(entry.underPredicted).toBe(want.underPredicted);
        expect(Math.abs(entry.pValue - want.pValue)).toBeLessThan(1e-12 + 1e-9 * want.pValue);
      });
    }
  });
});

describe('batch calibration', () => {
  it('divides the probabilities by their mean over the rows: the accuracy scipy computes', () => {
    for (const name of ['llm-0shot', 'llm-5shot']) {
      const { labels, probs } = fixtureRun(name);
      const rows = Int32Array.from({ length: 400 }, (_, i) => i);
      const { pred, bias } = batchCalibration(probs, 4, rows);
      const accuracy = pred.reduce((sum, p, i) => sum + (p === labels[i] ? 1 : 0), 0) / 400;
      expect(accuracy).toBeCloseTo(expected.runs[name].batchCalibratedAccuracy, 12);
      expect(bias.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 12);
    }
  });
});

describe('Holm adjustment', () => {
  it('matches statsmodels multipletests(method="holm") on hand values', () => {
    // multipletests([0.01, 0.04, 0.03, 0.005], method='holm')[1] = [0.03, 0.06, 0.06, 0.02]
    const adjusted = holm([0.01, 0.04, 0.03, 0.005]);
    expect(Array.from(adjusted).map((p) => Number(p.toFixed(12)))).toEqual([0.03, 0.06, 0.06, 0.02]);
    expect(Array.from(holm([0.6, 0.9]))).toEqual([1, 1]);
  });
});
