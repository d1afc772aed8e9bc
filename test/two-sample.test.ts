/**
 * Two-sample statistics against scipy 1.10 on the same seeded samples
 * (test/reference/two_sample.py, fixtures/two-sample/scipy.json): ks_2samp's statistic and exact
 * two-sided p-value, wasserstein_distance, chi2_contingency (with Yates' correction for one
 * degree of freedom) and jensenshannon, each to 1e-9.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chiSquareHomogeneity, jensenShannonDistance, ksExactPValue, ksTwoSample, wassersteinDistance } from '../src/math/two-sample.js';
import { fixture } from './helpers/cli.js';

interface Case {
  kind: 'ks' | 'ks-asymp' | 'chi2';
  name: string;
  a: number[];
  b: number[];
  statistic: number;
  pValue: number;
  wasserstein?: number;
  dof?: number;
  jensenShannon?: number;
}
const { cases } = JSON.parse(readFileSync(fixture('two-sample/scipy.json'), 'utf8')) as { cases: Case[] };

describe('Kolmogorov-Smirnov and Wasserstein against scipy', () => {
  for (const c of cases.filter((x) => x.kind === 'ks')) {
    it(`${c.name}: D ${c.statistic.toPrecision(4)}, p ${c.pValue.toPrecision(4)}`, () => {
      const ks = ksTwoSample(c.a, c.b);
      expect(ks.method).toBe('exact');
      expect(Math.abs(ks.statistic - c.statistic)).toBeLessThan(1e-12);
      expect(Math.abs(ks.pValue - c.pValue)).toBeLessThan(1e-9);
      expect(Math.abs(wassersteinDistance(c.a, c.b) - c.wasserstein!)).toBeLessThan(1e-9);
    });
  }
  it("beyond 10,000 per side: the Kolmogorov limit (with Stephens' correction) within 2e-3 of scipy's kstwo", () => {
    const c = cases.find((x) => x.kind === 'ks-asymp')!;
    const ks = ksTwoSample(c.a, c.b);
    expect(ks.method).toBe('asymptotic');
    expect(Math.abs(ks.statistic - c.statistic)).toBeLessThan(1e-12);
    expect(Math.abs(ks.pValue - c.pValue)).toBeLessThan(2e-3);
  });
  it('by hand: disjoint samples of 2 and 2 are as far apart as can be', () => {
    // Only 2 of the C(4, 2) = 6 orderings put all of one sample first: p = 2 / 6.
    expect(ksTwoSample([1, 2], [3, 4])).toMatchObject({ statistic: 1 });
    expect(ksExactPValue(1, 2, 2)).toBeCloseTo(1 / 3, 12);
    expect(wassersteinDistance([1, 2], [3, 4])).toBeCloseTo(2, 12);
  });
});

describe('chi-square homogeneity and Jensen-Shannon against scipy', () => {
  for (const c of cases.filter((x) => x.kind === 'chi2')) {
    it(`${c.name}: chi2 ${c.statistic.toPrecision(4)}, p ${c.pValue.toPrecision(4)}`, () => {
      const chi = chiSquareHomogeneity(c.a, c.b);
      expect(chi.dof).toBe(c.dof);
      expect(Math.abs(chi.statistic - c.statistic)).toBeLessThan(1e-9);
      expect(Math.abs(chi.pValue - c.pValue)).toBeLessThan(1e-9);
      expect(Math.abs(jensenShannonDistance(c.a, c.b) - c.jensenShannon!)).toBeLessThan(1e-9);
    });
  }
});
