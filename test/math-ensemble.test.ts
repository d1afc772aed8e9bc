import { describe, expect, it } from 'vitest';
import { argmaxRows, averageProbabilities, majorityVote } from '../src/math/ensemble.js';

describe('averageProbabilities', () => {
  it('averages over the runs that cover each row', () => {
    const run1 = Float64Array.from([0.6, 0.4, 0.3, 0.7, NaN, NaN]);
    const run2 = Float64Array.from([0.2, 0.8, NaN, NaN, NaN, NaN]);
    const mean = averageProbabilities([run1, run2], 2);
    expect(mean[0]).toBeCloseTo(0.4, 12);
    expect(mean[1]).toBeCloseTo(0.6, 12);
    expect(Array.from(mean.slice(2, 4))).toEqual([0.3, 0.7]); // only run 1 covers row 1
    expect(Number.isNaN(mean[4]) && Number.isNaN(mean[5])).toBe(true); // no run covers row 2
    expect(Array.from(argmaxRows(mean, 2))).toEqual([1, 1, -1]);
  });

  it('restricted to some rows leaves the others NaN', () => {
    const run = Float64Array.from([0.6, 0.4, 0.3, 0.7]);
    const mean = averageProbabilities([run, run], 2, [1]);
    expect(Number.isNaN(mean[0])).toBe(true);
    expect(Array.from(mean.slice(2))).toEqual([0.3, 0.7]);
  });
});

describe('argmaxRows', () => {
  it('breaks ties towards the lowest class index', () => {
    expect(Array.from(argmaxRows(Float64Array.from([0.5, 0.5, 0.2, 0.4, 0.4]), 5))).toEqual([0]);
    expect(Array.from(argmaxRows(Float64Array.from([0.2, 0.4, 0.4]), 3))).toEqual([1]);
  });
});

describe('majorityVote', () => {
  it('takes the most frequent class over the runs with a prediction', () => {
    const r1 = Int32Array.from([0, 1, -1, 0]);
    const r2 = Int32Array.from([1, -1, -1, 0]);
    const r3 = Int32Array.from([1, 1, -1, 1]);
    expect(Array.from(majorityVote([r1, r2, r3], 2))).toEqual([1, 1, -1, 0]);
  });

  it('breaks ties by the lowest class index, or by the highest mean probability when given', () => {
    const r1 = Int32Array.from([0, 2]);
    const r2 = Int32Array.from([1, 1]);
    expect(Array.from(majorityVote([r1, r2], 3))).toEqual([0, 1]);
    const meanProbs = Float64Array.from([0.3, 0.6, 0.1, 0.1, 0.3, 0.6]);
    expect(Array.from(majorityVote([r1, r2], 3, meanProbs))).toEqual([1, 2]);
    const unknown = Float64Array.from([NaN, NaN, NaN, 0.1, 0.3, 0.6]);
    expect(Array.from(majorityVote([r1, r2], 3, unknown))).toEqual([0, 2]);
  });
});
