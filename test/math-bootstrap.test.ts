import { describe, expect, it } from 'vitest';
import { bootstrapMeanInterval, quantileSorted, scoreProfiles } from '../src/math/bootstrap.js';

const ones = (n: number) => new Uint8Array(n).fill(1);
const zeros = (n: number) => new Uint8Array(n);

describe('scoreProfiles', () => {
  it('groups rows with the same per-run scores, in order of first row', () => {
    const profiles = scoreProfiles([Uint8Array.from([1, 0, 1, 1]), Uint8Array.from([1, 1, 1, 0])]);
    expect(profiles.count).toBe(3);
    expect(Array.from(profiles.counts)).toEqual([2, 1, 1]);
    expect(Array.from(profiles.values)).toEqual([1, 1, 0, 1, 1, 0]);
  });
  it('handles fractional scores and many runs', () => {
    const fractional = scoreProfiles([Float64Array.from([0.5, 0.5, 1]), Float64Array.from([0, 0, 0])]);
    expect(Array.from(fractional.counts)).toEqual([2, 1]);
    const many = scoreProfiles(Array.from({ length: 30 }, (_, r) => Uint8Array.from([r % 2, r % 2, 1])));
    expect(Array.from(many.counts)).toEqual([2, 1]);
  });
});

describe('quantileSorted', () => {
  it('interpolates linearly like numpy.percentile', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0.025)).toBeCloseTo(1.075, 12);
    expect(quantileSorted([0, 10], 0.975)).toBeCloseTo(9.75, 12);
  });
});

describe('bootstrapMeanInterval', () => {
  it('is [1, 1] when every run gets every example right', () => {
    const result = bootstrapMeanInterval([ones(50), ones(50), ones(50)], { resamples: 500, seed: 1 });
    expect(result.interval).toEqual([1, 1]);
    expect(result.resamples).toBe(500);
    expect(result.profiles).toBe(1);
    expect(result.method).toBe('poisson-weights');
  });

  it('one run, one right and one wrong example: a resample holds only the wrong one with probability e⁻¹/(1+e⁻¹) ≈ 0.27, so the interval is [0, 1]', () => {
    const result = bootstrapMeanInterval([Uint8Array.from([1, 0])], { resamples: 1000, seed: 5 });
    expect(result.interval).toEqual([0, 1]);
  });

  it('resamples runs: five runs, one always right, four always wrong -> [0, 0.6]', () => {
    // The statistic is (draws of the good run) / 5 whatever the examples: P(0 draws) = 0.8^5 = 0.33 > 2.5%,
    // P(>= 3 draws) = 5.8% > 2.5% > P(>= 4 draws) = 0.67%.
    const result = bootstrapMeanInterval([ones(200), zeros(200), zeros(200), zeros(200), zeros(200)], { resamples: 1000, seed: 9 });
    expect(result.interval).toEqual([0, 0.6]);
  });

  it('resamples examples: one run, 400 examples, 300 right: about 0.75 ± 1.96·sqrt(0.75·0.25/400)', () => {
    const scores = new Uint8Array(400);
    scores.fill(1, 0, 300);
    const [lo, hi] = bootstrapMeanInterval([scores], { resamples: 4000, seed: 11 }).interval;
    const half = 1.96 * Math.sqrt((0.75 * 0.25) / 400); // 0.0424
    expect(Math.abs(lo - (0.75 - half))).toBeLessThan(0.006);
    expect(Math.abs(hi - (0.75 + half))).toBeLessThan(0.006);
  });

  it('is reproducible from the seed and changes with it', () => {
    const runs = [Uint8Array.from([1, 0, 1, 1, 0, 1, 1, 1]), Uint8Array.from([1, 1, 0, 1, 0, 1, 0, 1]), Uint8Array.from([0, 0, 1, 1, 1, 1, 1, 0])];
    const a = bootstrapMeanInterval(runs, { resamples: 300, seed: 42 });
    const b = bootstrapMeanInterval(runs, { resamples: 300, seed: 42 });
    const c = bootstrapMeanInterval(runs, { resamples: 300, seed: 43 });
    expect(b).toEqual(a);
    expect(c.interval).not.toEqual(a.interval);
  });

  it('draws fewer resamples when the work budget is exceeded, and says so', () => {
    const runs = Array.from({ length: 4 }, (_, r) => Float64Array.from({ length: 100 }, (_, i) => (r === 0 ? i / 100 : ((i * (r + 3)) % 17) / 16)));
    const result = bootstrapMeanInterval(runs, { resamples: 1000, seed: 1, workBudget: 100_000, minResamples: 50 });
    expect(result.profiles).toBe(100);
    expect(result.resamples).toBe(200); // floor(100000 / (100 * 5))
  });
});
