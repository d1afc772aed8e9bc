import { describe, expect, it } from 'vitest';
import { binBoundaries, binIndex, calibration } from '../src/math/calibration.js';

describe('binning (torchmetrics, 15 bins)', () => {
  const boundaries = binBoundaries(15);
  it('puts a boundary value into the bin it opens: lower <= c < upper', () => {
    for (let j = 0; j < 15; j++) expect(binIndex(boundaries[j], boundaries)).toBe(j);
    expect(binIndex(0.8, boundaries)).toBe(12);
    expect(binIndex(0.85, boundaries)).toBe(12);
    expect(binIndex(0.9, boundaries)).toBe(13);
    expect(binIndex(0.5, boundaries)).toBe(7);
    expect(binIndex(1 / 3, boundaries)).toBe(5);
    expect(binIndex(0.9999999, boundaries)).toBe(14);
  });
  it('gives a confidence of exactly 1 a bin of its own', () => {
    expect(binIndex(1, boundaries)).toBe(15);
  });
});

describe('calibration', () => {
  // Two classes; each row in a bin of its own except rows 1 and 5 (both in bin 12: [0.8, 0.867)).
  const probs = Float64Array.from([
    0.9,
    0.1, // label 0: right, confidence 0.9 (bin 13)
    0.2,
    0.8, // label 0: wrong, confidence 0.8 (bin 12)
    0.0,
    1.0, // label 0: wrong, confidence 1 (extra bin)
    0.5,
    0.5, // label 1: tie -> class 0, wrong, confidence 0.5 (bin 7)
    0.05,
    0.95, // label 1: right, confidence 0.95 (bin 14)
    0.85,
    0.15, // label 0: right, confidence 0.85 (bin 12)
  ]);
  const labels = Int32Array.from([0, 0, 0, 1, 1, 0]);

  it('computes ECE, MCE, Brier, accuracy and mean confidence by hand', () => {
    const result = calibration(probs, 2, labels);
    // bins: 7 {0.5, acc 0}, 12 {(0.8+0.85)/2 = 0.825, acc 0.5}, 13 {0.9, 1}, 14 {0.95, 1}, 15 {1, 0}
    // ECE = (1*0.5 + 2*0.325 + 1*0.1 + 1*0.05 + 1*1) / 6 = 2.3 / 6
    expect(result.rows).toBe(6);
    expect(result.ece).toBeCloseTo(2.3 / 6, 12);
    expect(result.mce).toBeCloseTo(1, 12);
    // Brier: 0.02, 1.28, 2, 0.5, 0.005, 0.045 -> 3.85 / 6
    expect(result.brier).toBeCloseTo(3.85 / 6, 12);
    expect(result.accuracy).toBeCloseTo(3 / 6, 12);
    expect(result.meanConfidence).toBeCloseTo((0.9 + 0.8 + 1 + 0.5 + 0.95 + 0.85) / 6, 12);
    expect(result.bins).toHaveLength(16);
    expect(result.bins[12].count).toBe(2);
    expect(result.bins[12].meanConfidence).toBeCloseTo(0.825, 12);
    expect(result.bins[12].accuracy).toBe(0.5);
    expect(result.bins[0]).toEqual({ lower: 0, upper: 1 / 15, count: 0, meanConfidence: null, accuracy: null });
    expect(result.bins[15]).toEqual({ lower: 1, upper: 1, count: 1, meanConfidence: 1, accuracy: 0 });
  });

  it('lists only the 15 bins when no confidence is exactly 1, and respects the selected rows', () => {
    const result = calibration(probs, 2, labels, { rows: [0, 3] });
    expect(result.bins).toHaveLength(15);
    expect(result.rows).toBe(2);
    expect(result.ece).toBeCloseTo((0.1 + 0.5) / 2, 12);
    expect(result.accuracy).toBe(0.5);
  });

  it('skips unlabelled rows and rows without probabilities', () => {
    const result = calibration(Float64Array.from([0.9, 0.1, NaN, NaN, 0.3, 0.7]), 2, Int32Array.from([0, 1, -1]));
    expect(result.rows).toBe(1);
    expect(result.ece).toBeCloseTo(0.1, 12);
  });

  it('perfectly calibrated bins give an ECE of 0', () => {
    // confidence 0.75 four times, three right
    const p = Float64Array.from([0.75, 0.25, 0.75, 0.25, 0.75, 0.25, 0.75, 0.25]);
    const result = calibration(p, 2, Int32Array.from([0, 0, 0, 1]));
    expect(result.ece).toBeCloseTo(0, 12);
    expect(result.brier).toBeCloseTo((3 * 0.125 + 1.125) / 4, 12);
  });
});
