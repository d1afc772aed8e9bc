import { describe, expect, it } from 'vitest';
import { accuracy, logLoss, macroF1, summarize } from '../src/math/run-metrics.js';

describe('run metrics', () => {
  const label = Int32Array.from([0, 0, 1, 1, 2, 2]);
  const pred = Int32Array.from([0, 1, 1, 1, 0, 2]);
  it('accuracy', () => {
    expect(accuracy(pred, label)).toBeCloseTo(4 / 6, 12);
  });
  it('macro F1 by hand: class 0 tp1 fp1 fn1 -> 0.5; class 1 tp2 fp1 fn0 -> 0.8; class 2 tp1 fp0 fn1 -> 2/3', () => {
    expect(macroF1(pred, label, 3)).toBeCloseTo((0.5 + 0.8 + 2 / 3) / 3, 12);
  });
  it('macro F1 averages only the classes present in labels or predictions', () => {
    expect(macroF1(Int32Array.from([0, 1]), Int32Array.from([0, 1]), 4)).toBe(1);
  });
  it('log loss clips at 1e-15', () => {
    const probs = Float64Array.from([0.8, 0.2, 0.0, 1.0]);
    expect(logLoss(probs, 2, [0, 1], [0, 0])).toBeCloseTo((-Math.log(0.8) - Math.log(1e-15)) / 2, 12);
  });
  it('summarize uses the sample standard deviation', () => {
    const s = summarize([0.7, 0.8, 0.9]);
    expect(s.mean).toBeCloseTo(0.8, 12);
    expect(s.std).toBeCloseTo(0.1, 12);
    expect([s.min, s.max]).toEqual([0.7, 0.9]);
    expect(Number.isNaN(summarize([1]).std)).toBe(true);
  });
});
