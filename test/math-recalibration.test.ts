import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evenSubset, foldPositions, stratifiedFolds, stratifiedFoldsByMap } from '../src/math/cross-fit.js';
import { correctedArgmax, crossFitPriorCorrection, fitClassBiases } from '../src/math/prior-correction.js';
import { crossFitTemperature, fitTemperature, scaleLogRow, scaleRow } from '../src/math/temperature-scaling.js';

// A logistic regression trained with class 3 under-sampled, on 897 digits it did not see
// (test/reference/recalibration.py, scipy's optima).
const reference = JSON.parse(readFileSync(new URL('../fixtures/recalibration/digits.json', import.meta.url), 'utf8')) as {
  classes: number;
  labels: number[];
  probs: number[][];
  biases: number[];
  temperature: number;
  accuracyBefore: number;
  accuracyAfterCorrection: number;
  logLossBefore: number;
  logLossAfterTemperature: number;
};
const k = reference.classes;
const n = reference.labels.length;
const probs = Float64Array.from(reference.probs.flat());
const labels = Int32Array.from(reference.labels);
const allRows = new Int32Array(n).map((_, i) => i);

describe('stratified folds', () => {
  it('by hand: one class of four rows, seed 1, is its shuffle dealt round-robin; counted classes equal the lists of a Map', () => {
    // Both paths: the same folds for integer labels (counted) as through the Map of lists.
    const y = Int32Array.from([2, 0, 2, 2, 5, 0, 0, 2, 5, 2, 0]);
    const rows = Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(Array.from(stratifiedFolds(y, rows, 3, 1))).toEqual(Array.from(stratifiedFoldsByMap(y, rows, 3, 1)));
    // A subset of rows, in another order, and a label beyond the counted range (the Map path).
    const subset = Int32Array.from([9, 3, 0, 10, 4]);
    expect(Array.from(stratifiedFolds(y, subset, 2, 5))).toEqual(Array.from(stratifiedFoldsByMap(y, subset, 2, 5)));
    const wide = Float64Array.from([1.5, 70000, 1.5, -1, 3]);
    expect(Array.from(stratifiedFolds(wide, Int32Array.from([0, 1, 2, 3, 4]), 2, 3))).toEqual(
      Array.from(stratifiedFoldsByMap(wide, Int32Array.from([0, 1, 2, 3, 4]), 2, 3)),
    );
    // A single class: positions shuffled, then dealt 0, 1, 0, 1.
    const one = stratifiedFolds(Int32Array.from([4, 4, 4, 4]), Int32Array.from([0, 1, 2, 3]), 2, 1);
    expect([...one].sort()).toEqual([0, 0, 1, 1]);
    let state = 3;
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0);
    for (let trial = 0; trial < 50; trial++) {
      const labels = Int32Array.from({ length: 500 }, () => next() % (1 + (trial % 7)));
      const picked = Int32Array.from({ length: 300 }, () => next() % 500);
      expect(Array.from(stratifiedFolds(labels, picked, 5, trial))).toEqual(Array.from(stratifiedFoldsByMap(labels, picked, 5, trial)));
    }
  });

  it('deals each class over the folds, sizes within one, the same for the same seed', () => {
    const y = Int32Array.from({ length: 103 }, (_, i) => (i < 60 ? 0 : i < 95 ? 1 : 2));
    const rows = Int32Array.from({ length: 103 }, (_, i) => i);
    const fold = stratifiedFolds(y, rows, 5, 7);
    expect(Array.from(fold)).toEqual(Array.from(stratifiedFolds(y, rows, 5, 7)));
    for (let f = 0; f < 5; f++) {
      const perClass = [0, 1, 2].map((c) => rows.filter((r) => y[r] === c && fold[r] === f).length);
      expect(perClass[0]).toBe(12); // 60 / 5
      expect(perClass[1]).toBe(7); // 35 / 5
    }
    const sizes = [0, 1, 2, 3, 4].map((f) => fold.filter((x) => x === f).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    const parts = foldPositions(fold, 5);
    for (const { fit, held } of parts) expect(fit.length + held.length).toBe(103);
    expect(parts.flatMap((p) => Array.from(p.held)).sort((a, b) => a - b)).toEqual(Array.from(rows));
  });

  it('an even subset keeps every position when there are few, and spreads them when there are many', () => {
    const positions = Int32Array.from({ length: 10 }, (_, i) => i * 2);
    expect(evenSubset(positions, 20)).toBe(positions);
    expect(Array.from(evenSubset(positions, 5))).toEqual([0, 4, 8, 12, 16]);
  });
});

describe('prior correction (class log-weights by log loss)', () => {
  it('finds scipy’s optimum and its accuracy on an under-sampled class', () => {
    const bias = fitClassBiases(probs, k, allRows, labels);
    for (let c = 0; c < k; c++) expect(bias[c]).toBeCloseTo(reference.biases[c], 5);
    let before = 0;
    let after = 0;
    for (let i = 0; i < n; i++) {
      before += correctedArgmax(probs, k, i, new Float64Array(k)) === labels[i] ? 1 : 0;
      after += correctedArgmax(probs, k, i, bias) === labels[i] ? 1 : 0;
    }
    expect(before / n).toBeCloseTo(reference.accuracyBefore, 12);
    expect(after / n).toBeCloseTo(reference.accuracyAfterCorrection, 12);
    // The under-sampled class gets the largest weight.
    expect(bias.indexOf(Math.max(...bias))).toBe(3);
  });

  it('cross-fitted: each fold is predicted by weights fitted without it, deterministically', () => {
    const result = crossFitPriorCorrection(probs, k, allRows, labels, { seed: 11 });
    expect(Array.from(result.pred)).toEqual(Array.from(crossFitPriorCorrection(probs, k, allRows, labels, { seed: 11 }).pred));
    const fold = stratifiedFolds(labels, allRows, 5, 11);
    const parts = foldPositions(fold, 5);
    const { fit, held } = parts[2];
    const bias = fitClassBiases(probs, k, fit, labels);
    for (const position of held) expect(result.pred[position]).toBe(correctedArgmax(probs, k, position, bias));
    // Held-out accuracy still gains, a little less than the in-sample fit.
    let after = 0;
    for (let i = 0; i < n; i++) after += result.pred[i] === labels[i] ? 1 : 0;
    expect(after / n).toBeGreaterThan(reference.accuracyBefore + 0.02);
    expect(after / n).toBeLessThanOrEqual(reference.accuracyAfterCorrection + 0.005);
  });

  it('keeps the weights finite when a class is absent from the rows fitted', () => {
    const withoutThrees = allRows.filter((i) => labels[i] !== 3);
    const bias = fitClassBiases(probs, k, withoutThrees, labels);
    expect(bias.every(Number.isFinite)).toBe(true);
    expect(bias[3]).toBeLessThan(Math.min(...Array.from(bias).filter((_, c) => c !== 3)));
  });
});

describe('temperature scaling', () => {
  const logLoss = (p: Float64Array) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum -= Math.log(Math.max(p[i * k + labels[i]], 1e-15));
    return sum / n;
  };

  it('finds scipy’s temperature and its log loss', () => {
    const t = fitTemperature(probs, k, allRows, labels);
    expect(t).toBeCloseTo(reference.temperature, 6);
    const scaled = new Float64Array(n * k);
    const row = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      scaleRow(probs, k, i, t, row);
      scaled.set(row, i * k);
    }
    expect(logLoss(probs)).toBeCloseTo(reference.logLossBefore, 10);
    expect(logLoss(scaled)).toBeCloseTo(reference.logLossAfterTemperature, 8);
  });

  it('scaleLogRow: softmax(z / T) by hand, at an offset, equal to scaleRow', () => {
    const z = Float64Array.from([9, Math.log(0.5), Math.log(0.25), Math.log(0.25)]);
    const out = new Float64Array(5);
    scaleLogRow(z, 1, 3, 1, out, 2);
    expect(Array.from(out.subarray(2))).toEqual([0.5, 0.25, 0.25].map((x) => expect.closeTo(x, 15)));
    // T = 2: square roots 0.70711, 0.5, 0.5 over their sum 1.70711.
    scaleLogRow(z, 1, 3, 2, out, 0);
    expect(out[0]).toBeCloseTo(0.41421356, 8);
    expect(out[1]).toBeCloseTo(0.29289322, 8);
    expect(out[2]).toBeCloseTo(0.29289322, 8);
    const p = Float64Array.from([0.5, 0.25, 0.25]);
    const viaProbs = new Float64Array(3);
    scaleRow(p, 3, 0, 2, viaProbs);
    expect(Array.from(viaProbs)).toEqual(Array.from(out.subarray(0, 3)));
  });

  it('cross-fitted: every row scaled by a temperature fitted without its fold; the argmax never moves', () => {
    const result = crossFitTemperature(probs, k, allRows, labels, { seed: 5 });
    expect(result.foldTemperatures).toHaveLength(5);
    for (const t of result.foldTemperatures) expect(Math.abs(t - reference.temperature)).toBeLessThan(0.1);
    for (let i = 0; i < n; i++) {
      const before = correctedArgmax(probs, k, i, new Float64Array(k));
      expect(correctedArgmax(result.probs, k, i, new Float64Array(k))).toBe(before);
    }
    expect(logLoss(result.probs)).toBeLessThan(reference.logLossBefore);
  });
});
