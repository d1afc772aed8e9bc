import { describe, expect, it } from 'vitest';
import { wilsonInterval } from '../src/math/proportion.js';

describe('Wilson score interval', () => {
  it('matches the textbook values', () => {
    // 5 of 10: 0.2366 to 0.7634 (Newcombe 1998, table I, method 3).
    const [lo, hi] = wilsonInterval(0.5, 10);
    expect(lo).toBeCloseTo(0.236593, 6);
    expect(hi).toBeCloseTo(0.763407, 6);
    // 0 of 20: from 0, not a degenerate [0, 0] as the normal approximation gives.
    expect(wilsonInterval(0, 20)[0]).toBe(0);
    expect(wilsonInterval(0, 20)[1]).toBeCloseTo(0.161125, 6);
  });
  it('is empty without rows', () => {
    expect(wilsonInterval(0.3, 0).every(Number.isNaN)).toBe(true);
  });
});
