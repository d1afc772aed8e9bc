import { describe, expect, it } from 'vitest';
import { cochranQ, friedman, spreadTest } from '../src/math/significance.js';

const close = (actual: number, expected: number, relative = 1e-9) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected) + 1e-300);

describe("Cochran's Q", () => {
  it('hand-computed case: Q = 2 (3·14 - 36) / (18 - 14) = 3, df 2, p = exp(-1.5)', () => {
    const result = cochranQ([Uint8Array.from([1, 1, 0, 1]), Uint8Array.from([1, 0, 0, 1]), Uint8Array.from([0, 0, 0, 1])]);
    expect(result.test).toBe('cochran-q');
    expect(result.statistic).toBeCloseTo(3, 12);
    expect(result.df).toBe(2);
    close(result.pValue, Math.exp(-1.5), 1e-10);
  });
  it('is 0 with p = 1 when no example separates the runs', () => {
    expect(cochranQ([Uint8Array.from([1, 0]), Uint8Array.from([1, 0])])).toEqual({ test: 'cochran-q', statistic: 0, df: 1, pValue: 1 });
  });
});

describe("Friedman's test", () => {
  it('matches scipy.stats.friedmanchisquare on fractional scores (with ties)', () => {
    const a = [0.2, 0.9, 0.5, 1.0, 0.0, 0.3];
    const b = [0.4, 0.9, 0.1, 0.7, 0.0, 0.3];
    const c = [0.1, 0.8, 0.6, 1.0, 0.2, 0.5];
    const result = friedman([a, b, c]);
    close(result.statistic, 0.8999999999999999, 1e-12);
    close(result.pValue, 0.6376281516217732, 1e-9);
  });
  it("equals Cochran's Q on 0/1 data", () => {
    const runs = [
      [1, 1, 0, 1],
      [1, 0, 0, 1],
      [0, 0, 0, 1],
    ];
    expect(friedman(runs).statistic).toBeCloseTo(3, 12);
  });
  it('spreadTest picks Cochran for 0/1 and Friedman otherwise', () => {
    expect(
      spreadTest([
        [1, 0],
        [0, 1],
      ]).test,
    ).toBe('cochran-q');
    expect(
      spreadTest([
        [1, 0.5],
        [0, 1],
      ]).test,
    ).toBe('friedman');
  });
});
