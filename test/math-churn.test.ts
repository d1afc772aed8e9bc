import { describe, expect, it } from 'vitest';
import { churn, flipRates, pairwiseChurn, scoreDisagreement, scoreFlipRates } from '../src/math/churn.js';

// Three runs, four examples, classes 0..2.
const A = Int32Array.from([0, 1, 2, 1]);
const B = Int32Array.from([0, 1, 1, 1]);
const C = Int32Array.from([2, 1, 1, 0]);

describe('churn', () => {
  it('is the share of examples whose predicted class differs', () => {
    expect(churn(A, B)).toBe(0.25);
    expect(churn(A, C)).toBe(0.75);
    expect(churn(B, C)).toBe(0.5);
    expect(churn(A, A)).toBe(0);
  });

  it('pairs: mean, max and the pair with the max', () => {
    const result = pairwiseChurn([A, B, C]);
    expect(result.meanPairwise).toBe(0.5);
    expect(result.maxPairwise).toBe(0.75);
    expect(result.maxPair).toEqual([0, 2]);
    expect(Array.from(result.matrix)).toEqual([0, 0.25, 0.75, 0.25, 0, 0.5, 0.75, 0.5, 0]);
  });

  it('flip rate per example is the share of disagreeing pairs, and averages to the mean churn', () => {
    const rates = flipRates([A, B, C], 3);
    expect(Array.from(rates)).toEqual([2 / 3, 0, 2 / 3, 2 / 3]);
    expect(rates.reduce((s, v) => s + v, 0) / rates.length).toBeCloseTo(0.5, 12);
  });

  it('for scores: mean absolute difference per pair and per example', () => {
    const s1 = Float64Array.from([1, 0, 0.5]);
    const s2 = Float64Array.from([1, 1, 0]);
    const s3 = Float64Array.from([0, 1, 0.5]);
    expect(scoreDisagreement(s1, s2)).toBeCloseTo(0.5, 12); // (0 + 1 + 0.5) / 3
    const rates = scoreFlipRates([s1, s2, s3]);
    // example 0: |1-1|, |1-0|, |1-0| -> 2/3; example 1: 1, 1, 0 -> 2/3; example 2: 0.5, 0, 0.5 -> 1/3
    expect(rates[0]).toBeCloseTo(2 / 3, 12);
    expect(rates[1]).toBeCloseTo(2 / 3, 12);
    expect(rates[2]).toBeCloseTo(1 / 3, 12);
  });

  it('rejects runs of different lengths', () => {
    expect(() => churn(A, Int32Array.from([1]))).toThrow(/same examples/);
  });
});
