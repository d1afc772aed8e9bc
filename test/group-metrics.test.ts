import { describe, expect, it } from 'vitest';
import {
  accuracy,
  addToConfusion,
  demographicParityDifference,
  disparityRatio,
  emptyConfusion,
  equalizedOddsDifference,
  errorRate,
  falseNegativeRate,
  falsePositiveRate,
  groupMetrics,
  metricCounts,
  precision,
  prevalence,
  selectionRate,
  truePositiveRate,
  type Confusion,
} from '../src/math/group-metrics.js';

// Hand-computed confusion matrices (N = 100 each unless stated).
const A: Confusion = { tp: 30, fp: 10, tn: 50, fn: 10 };
const B: Confusion = { tp: 10, fp: 20, tn: 60, fn: 10 };
const C: Confusion = { tp: 5, fp: 5, tn: 5, fn: 5 }; // N = 20

describe('per-group metrics', () => {
  it('computes each metric of A by hand', () => {
    expect(accuracy(A)).toBe(0.8); // (30 + 50) / 100
    expect(errorRate(A)).toBe(0.2); // (10 + 10) / 100
    expect(falsePositiveRate(A)).toBe(10 / 60); // FP / (FP + TN)
    expect(falseNegativeRate(A)).toBe(0.25); // 10 / 40
    expect(truePositiveRate(A)).toBe(0.75); // 30 / 40
    expect(precision(A)).toBe(0.75); // 30 / 40
    expect(selectionRate(A)).toBe(0.4); // (30 + 10) / 100
    expect(prevalence(A)).toBe(0.4); // (30 + 10) / 100
    expect(groupMetrics(B)).toEqual({ accuracy: 0.7, errorRate: 0.3, fpr: 0.25, fnr: 0.5, precision: 1 / 3, selectionRate: 0.3, prevalence: 0.2 });
  });

  it('builds the matrix from examples and leaves undefined metrics NaN', () => {
    const c = emptyConfusion();
    addToConfusion(c, true, true);
    addToConfusion(c, true, false);
    addToConfusion(c, true, true);
    expect(c).toEqual({ tp: 2, fp: 0, tn: 0, fn: 1 });
    expect(Number.isNaN(falsePositiveRate(c))).toBe(true); // no actual negatives
    expect(falseNegativeRate(c)).toBe(1 / 3);
    expect(Number.isNaN(accuracy(emptyConfusion()))).toBe(true);
  });

  it('gives the counts behind each metric', () => {
    expect(metricCounts(A, 'fpr')).toEqual({ events: 10, trials: 60 });
    expect(metricCounts(A, 'fnr')).toEqual({ events: 10, trials: 40 });
    expect(metricCounts(A, 'precision')).toEqual({ events: 30, trials: 40 });
    expect(metricCounts(A, 'selectionRate')).toEqual({ events: 40, trials: 100 });
    expect(metricCounts(A, 'errorRate')).toEqual({ events: 20, trials: 100 });
    expect(metricCounts(B, 'prevalence')).toEqual({ events: 20, trials: 100 });
    expect(metricCounts(B, 'accuracy')).toEqual({ events: 70, trials: 100 });
  });
});

describe('disparities and differences', () => {
  it('divides by the reference group (Aequitas)', () => {
    expect(disparityRatio(falsePositiveRate(B), falsePositiveRate(A))).toBeCloseTo(1.5, 15); // 0.25 / (1/6)
    expect(disparityRatio(falseNegativeRate(B), falseNegativeRate(A))).toBe(2); // 0.5 / 0.25
    expect(disparityRatio(selectionRate(B), selectionRate(A))).toBeCloseTo(0.75, 15);
    expect(Number.isNaN(disparityRatio(0.3, 0))).toBe(true);
    expect(Number.isNaN(disparityRatio(NaN, 0.3))).toBe(true);
  });

  it('computes Fairlearn demographic parity and equalized odds differences', () => {
    // Selection rates 0.4, 0.3, 0.5: max - min = 0.2.
    expect(demographicParityDifference([A, B, C])).toBeCloseTo(0.2, 15);
    // TPR 0.75, 0.5, 0.5 (range 0.25); FPR 1/6, 0.25, 0.5 (range 1/3): the larger is 1/3.
    expect(equalizedOddsDifference([A, B, C])).toBeCloseTo(1 / 3, 15);
    expect(equalizedOddsDifference([A, B])).toBeCloseTo(0.25, 15); // TPR 0.25 beats FPR 1/12
    // A group without actual negatives drops out of the FPR range only.
    expect(equalizedOddsDifference([A, { tp: 5, fp: 0, tn: 0, fn: 5 }])).toBeCloseTo(0.25, 15);
  });
});
