import { describe, expect, it } from 'vitest';
import { benjaminiHochberg } from '../src/math/fdr.js';

describe('benjaminiHochberg', () => {
  it('reproduces the worked example of Benjamini & Hochberg (1995), 15 p-values', () => {
    // The paper's 15 p-values; at q = 0.05 the procedure rejects the four smallest.
    // Adjusted values: scipy.stats.false_discovery_control(p, method='bh').
    const p = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528, 0.759, 1.0];
    const expected = [
      0.0015, 0.003, 0.0095, 0.035625, 0.0603, 0.06385714285714286, 0.06385714285714286, 0.0645, 0.0765, 0.486, 0.5811818181818181, 0.7148749999999999,
      0.7532307692307693, 0.8132142857142857, 1.0,
    ];
    const q = benjaminiHochberg(p);
    expected.forEach((value, i) => expect(q[i]).toBeCloseTo(value, 14));
    expect(Array.from(q).filter((value) => value <= 0.05)).toHaveLength(4);
  });

  it('handles unsorted input, ties and NaN like scipy', () => {
    // By hand: sorted 0.001 0.005 0.01 0.03 0.04 0.04 0.045 0.2 0.5 0.9 (m = 10); p * m / rank, then running minimum from the top.
    const p = [0.01, 0.04, 0.03, 0.005, 0.2, 0.04, 0.9, 0.001, 0.5, 0.045];
    const expected = [
      0.03333333333333333, 0.06428571428571428, 0.06428571428571428, 0.025, 0.25, 0.06428571428571428, 0.9, 0.01, 0.5555555555555556, 0.06428571428571428,
    ];
    const q = benjaminiHochberg(p);
    expected.forEach((value, i) => expect(q[i]).toBeCloseTo(value, 14));
    const withNaN = benjaminiHochberg([0.01, NaN, 0.02]);
    expect(Number.isNaN(withNaN[1])).toBe(true);
    expect(withNaN[0]).toBeCloseTo(0.02, 15);
    expect(withNaN[2]).toBeCloseTo(0.02, 15);
    expect(benjaminiHochberg([])).toHaveLength(0);
    expect(() => benjaminiHochberg([1.5])).toThrow(RangeError);
  });
});
