import { describe, expect, it } from 'vitest';
import { interquartileMean, trimMean } from '../src/math/iqm.js';

// Expected values from scipy.stats.trim_mean(values, 0.25), which rliable's IQM calls.
describe('interquartile mean', () => {
  it('drops floor(n/4) values from each end like scipy.stats.trim_mean', () => {
    expect(interquartileMean([1, 2, 3, 4, 5])).toBe(3); // drops 1 and 5
    expect(interquartileMean([1, 2, 3, 10])).toBe(2.5);
    expect(interquartileMean([1, 5, 2, 9, 3, 7, 4])).toBeCloseTo(4.2, 12); // drops 1 each end: mean of 2,3,4,5,7
    expect(interquartileMean([0.7, 0.9, 0.8, 0.75])).toBeCloseTo(0.775, 12);
    expect(interquartileMean([5, 1, 4, 2, 3, 100, 6, 7, 8])).toBe(5); // the outlier 100 is trimmed
  });
  it('keeps everything below four values and is NaN when empty', () => {
    expect(interquartileMean([1, 2, 6])).toBe(3);
    expect(Number.isNaN(interquartileMean([]))).toBe(true);
  });
  it('rejects a proportion of 0.5 or more', () => {
    expect(() => trimMean([1, 2], 0.5)).toThrow(RangeError);
  });
});
