import { describe, expect, it } from 'vitest';
import { chiSquare2x2, fisherExact, hypergeometricLogPmf, twoByTwoTest } from '../src/math/fisher.js';

// Reference p-values: scipy 1.17, `scipy.stats.fisher_exact([[a, b], [c, d]]).pvalue` (two-sided).
const SCIPY_FISHER: [number, number, number, number, number][] = [
  [8, 2, 1, 5, 0.034965034965034975],
  [1, 9, 11, 3, 0.0027594561852200836],
  [3, 1, 1, 3, 0.48571428571428565],
  [0, 5, 5, 0, 0.007936507936507938],
  [10, 10, 10, 10, 1.0],
  [2, 7, 8, 2, 0.02301413756522116],
  [12, 5, 3, 20, 0.0002999894216743347],
  [0, 0, 3, 4, 1.0],
  [1, 0, 0, 1, 1.0],
  [5, 0, 0, 5, 0.007936507936507938],
  [20, 80, 200, 9700, 3.375648849856585e-14],
  [123, 877, 45, 955, 2.746623613143907e-10],
  [50, 450, 1000, 8500, 0.7648045058771398],
  [3, 30, 100, 9000, 0.005945811965264712],
  [7, 13, 7, 13, 1.0],
  [400, 600, 350, 650, 0.023592221120684112],
  [0, 100, 10, 90, 0.0015420521254357008],
  [1500, 8500, 120000, 870000, 1.8872105312163867e-17],
];

// 40 random tables: numpy.random.default_rng(7), n in {10, 40, 150, 600, 3000}; p-values from scipy.stats.fisher_exact.
const RANDOM_TABLES: [number, number, number, number, number][] = [
  [1018, 857, 551, 574, 0.005202783198453291],
  [63, 60, 7, 20, 0.01957683888298213],
  [434, 901, 596, 1069, 0.06331254635216199],
  [144, 1694, 66, 1096, 0.027357169004093414],
  [1, 9, 3, 27, 1.0],
  [8, 214, 200, 178, 4.060435607718836e-41],
  [2, 3, 1, 4, 1.0],
  [6, 16, 9, 9, 0.1941997614967582],
  [0, 1, 3, 6, 1.0],
  [33, 24, 35, 58, 0.018444251902413913],
  [5, 5, 2, 28, 0.00622413315911768],
  [2, 5, 3, 0, 0.16666666666666669],
  [1411, 1124, 267, 198, 0.5090005607540786],
  [4, 18, 9, 9, 0.04577984547395004],
  [0, 4, 2, 4, 0.4666666666666667],
  [27, 43, 11, 69, 0.000636757887484555],
  [22, 201, 46, 331, 0.4255946129309657],
  [8, 19, 7, 6, 0.17479963605560672],
  [260, 194, 143, 2403, 3.0844128393981514e-142],
  [872, 1013, 368, 747, 8.822635960825181e-13],
  [0, 2, 5, 3, 0.44444444444444453],
  [0, 3, 2, 5, 1.0],
  [833, 730, 676, 761, 0.0006747985629773992],
  [46, 507, 15, 32, 1.442437403883448e-5],
  [10, 18, 7, 5, 0.29597242489344827],
  [14, 108, 91, 387, 0.06087210533312119],
  [105, 257, 107, 131, 8.22653341918141e-5],
  [6, 19, 2, 13, 0.6856608930912337],
  [2, 5, 3, 0, 0.16666666666666669],
  [236, 245, 40, 79, 0.0028184760486539293],
  [2, 8, 1, 29, 0.14878542510121462],
  [0, 24, 6, 10, 0.002086296823138929],
  [47, 93, 2, 8, 0.4994635243729012],
  [23, 9, 5, 3, 0.676679775750983],
  [113, 841, 819, 1227, 4.103571349679573e-60],
  [2, 4, 18, 16, 0.6614196614196615],
  [11, 14, 2, 13, 0.08009196618487299],
  [1222, 1249, 138, 391, 2.0099767793861618e-23],
  [1, 1, 10, 28, 0.47948717948717945],
  [193, 945, 576, 1286, 4.713354561395505e-18],
];

describe('hypergeometricLogPmf', () => {
  it('matches the probability computed by hand', () => {
    // P(X = 2) drawing 4 from 10 with 5 successes: C(5,2) C(5,2) / C(10,4) = 100 / 210.
    expect(Math.exp(hypergeometricLogPmf(2, 10, 5, 4))).toBeCloseTo(100 / 210, 14);
    expect(hypergeometricLogPmf(5, 10, 5, 4)).toBe(-Infinity);
  });
});

describe('fisherExact', () => {
  it.each(SCIPY_FISHER)('[[%i, %i], [%i, %i]] matches scipy', (a, b, c, d, expected) => {
    const p = fisherExact(a, b, c, d);
    // Log-factorials of a million carry ~1e-9 of rounding, so huge tables agree to 1e-8 relative.
    const tolerance = a + b + c + d > 100_000 ? 1e-8 : 1e-10;
    if (expected === 1) expect(p).toBe(1);
    else expect(Math.abs(p - expected) / expected).toBeLessThan(tolerance);
  });

  it.each(RANDOM_TABLES)('random [[%i, %i], [%i, %i]] matches scipy', (a, b, c, d, expected) => {
    const p = fisherExact(a, b, c, d);
    if (expected === 1) expect(p).toBe(1);
    else expect(Math.abs(p - expected) / expected).toBeLessThan(1e-10);
  });

  it('is symmetric in rows and columns', () => {
    expect(fisherExact(12, 5, 3, 20)).toBeCloseTo(fisherExact(3, 20, 12, 5), 15);
    expect(fisherExact(12, 5, 3, 20)).toBeCloseTo(fisherExact(12, 3, 5, 20), 15);
  });

  it('rejects negative or fractional counts', () => {
    expect(() => fisherExact(-1, 2, 3, 4)).toThrow(RangeError);
    expect(() => fisherExact(1.5, 2, 3, 4)).toThrow(RangeError);
  });
});

describe('chi-square and the switch', () => {
  // scipy.stats.chi2_contingency(table, correction=False): statistic, pvalue.
  it.each([
    [123, 877, 45, 955, 39.535246412975674, 3.2219138635810015e-10],
    [400, 600, 350, 650, 5.333333333333334, 0.020921335337794004],
    [1500, 8500, 120000, 870000, 76.86638939405648, 1.829238774320529e-18],
    [50, 450, 1000, 8500, 0.14001484157320673, 0.7082662582065966],
  ])('[[%i, %i], [%i, %i]] matches scipy', (a, b, c, d, statistic, pValue) => {
    const result = chiSquare2x2(a, b, c, d);
    expect(Math.abs(result.statistic - statistic) / statistic).toBeLessThan(1e-12);
    expect(Math.abs(result.pValue - pValue) / pValue).toBeLessThan(1e-9);
  });

  it('uses Fisher for small or sparse tables and chi-square for large dense ones', () => {
    expect(twoByTwoTest(8, 2, 1, 5).test).toBe('fisher');
    expect(twoByTwoTest(3, 30, 100, 9000).test).toBe('fisher'); // expected count 0.36
    const large = twoByTwoTest(400, 600, 350, 650);
    expect(large.test).toBe('chi-square');
    expect(large.pValue).toBeCloseTo(0.020921335337794004, 14);
    expect(twoByTwoTest(8, 2, 1, 5).pValue).toBeCloseTo(0.034965034965034975, 14);
  });
});
