import { describe, expect, it } from 'vitest';
import { chiSquareSurvival, logFactorial, logGamma, regularizedGammaQ } from '../src/math/special.js';

const close = (actual: number, expected: number, relative = 1e-9) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected) + 1e-300);

describe('logGamma', () => {
  it('matches scipy.special.gammaln to 2e-15 relative, up to huge arguments', () => {
    // [x, scipy.special.gammaln(x)] (scipy 1.17)
    const cases: [number, number][] = [
      [0.5, 0.5723649429247],
      [1.5, -0.12078223763524526],
      [2.5, 0.2846828704729192],
      [7.25, 7.0521854507385395],
      [100.5, 361.43554046777757],
      [10000.3, 82102.48058805389],
      [1e6, 12815504.569147611],
      [1e10, 220258509288.81058],
      [1e15, 3.3538776394910668e16],
    ];
    for (const [x, value] of cases) close(logGamma(x), value, 2e-15);
    expect(Math.abs(logGamma(1))).toBeLessThanOrEqual(1e-15);
    expect(logGamma(0)).toBe(Infinity);
  });
});

describe('logFactorial', () => {
  it('is exact for small n and continuous with lgamma above the table', () => {
    expect(logFactorial(0)).toBe(0);
    expect(logFactorial(1)).toBe(0);
    expect(logFactorial(5)).toBeCloseTo(Math.log(120), 13);
    expect(logFactorial(20)).toBeCloseTo(Math.log(2432902008176640000), 12);
    // python3 -c 'import math; print(math.lgamma(1001), math.lgamma(1e6 + 1))'
    expect(logFactorial(1000)).toBeCloseTo(5912.128178488163, 8);
    expect(logFactorial(1_000_000)).toBeCloseTo(12815518.384658169, 4);
    expect(() => logFactorial(-1)).toThrow(RangeError);
    expect(() => logFactorial(1.5)).toThrow(RangeError);
  });

  it('matches log Γ(k + 1)', () => {
    // values of math.lgamma(k + 1)
    const expected: [number, number][] = [
      [0, 0],
      [1, 0],
      [5, 4.787491742782047],
      [127, 491.553448223298],
      [128, 496.40547848721764],
      [200, 863.2319871924054],
      [1000, 5912.128178488163],
      [1e6, 12815518.384658169],
    ];
    for (const [k, value] of expected) expect(Math.abs(logFactorial(k) - value)).toBeLessThanOrEqual(1e-12 * Math.max(1, value));
  });

  it('matches scipy.special.gammaln(k + 1) to 1e-15 relative on both sides of the table edge', () => {
    // [k, scipy.special.gammaln(k + 1)]
    const cases: [number, number][] = [
      [2, 0.6931471805599453],
      [3, 1.791759469228055],
      [10, 15.104412573075516],
      [127, 491.5534482232979],
      [128, 496.4054784872176],
      [500, 2611.330458460156],
      [1023, 6071.28041294445],
      [1024, 6078.211884750051],
      [1025, 6085.144332641623],
      [5000, 37591.14350887677],
      [1e6, 12815518.384658169],
      [1e9, 19723265848.226982],
      [1e15, 3.35387763949107e16],
    ];
    for (const [k, value] of cases) close(logFactorial(k), value, 1e-15);
  });
});

describe('regularizedGammaQ', () => {
  it('Q(1/2, x) is the normal two-sided tail: P(|Z| > 1.96)', () => {
    // scipy.stats.norm.sf(1.96) * 2 = 0.04999579029644087
    expect(regularizedGammaQ(0.5, (1.96 * 1.96) / 2)).toBeCloseTo(0.04999579029644087, 14);
    expect(regularizedGammaQ(0.5, 0)).toBe(1);
  });

  it('matches scipy.special.gammaincc on both branches, deep in the tail and for large a', () => {
    // [a, x, scipy.special.gammaincc(a, x), relative tolerance]; the tolerance grows with a
    // (cancellation in x^a e^-x / Γ(a)), see the doc comment.
    const cases: [number, number, number, number][] = [
      [0.5, 1e-8, 0.9998871620836666, 1e-14],
      [0.5, 1.9208, 0.049995790296440884, 1e-14],
      [1, 3, 0.04978706836786395, 1e-14],
      [2.5, 0.1, 0.9991138612111875, 1e-14],
      [3.5, 3.5, 0.42887985755305486, 1e-14],
      [3.5, 4.4, 0.26733602001737816, 1e-14],
      [10, 5, 0.9681719426937951, 1e-14],
      [10, 30, 7.121750862815593e-6, 1e-14],
      [50, 49, 0.5378956063990598, 5e-14],
      [100, 80, 0.9828916869648668, 5e-14],
      [100, 150, 5.924540335483916e-6, 5e-14],
      [0.5, 700, 2.1010145162644003e-306, 1e-14],
      [3, 200, 2.7956093736608924e-83, 1e-14],
      [1000, 1000, 0.4957947558197845, 5e-12],
      [1000, 1100, 0.0010593232539299773, 5e-12],
      [1e4, 1e4, 0.4986701916600448, 5e-11],
      [1e6, 1e6 + 1000, 0.15865521363165971, 2e-9],
    ];
    for (const [a, x, q, tolerance] of cases) close(regularizedGammaQ(a, x), q, tolerance);
  });

  it('has the limits of scipy; x <= 0 gives 1 and a <= 0 gives NaN (scipy: NaN for x < 0, 0 for a = 0)', () => {
    expect(regularizedGammaQ(2, Infinity)).toBe(0);
    expect(regularizedGammaQ(1, 800)).toBe(0); // e^-800 is below the smallest double; scipy: 0.0
    expect(regularizedGammaQ(-1, 1)).toBeNaN();
    expect(regularizedGammaQ(1, NaN)).toBeNaN();
    expect(regularizedGammaQ(2, -1)).toBe(1);
    expect(regularizedGammaQ(0, 1)).toBeNaN();
  });
});

describe('chiSquareSurvival', () => {
  it('matches scipy.stats.chi2.sf', () => {
    // [x, df, scipy.stats.chi2.sf(x, df)]
    const cases: [number, number, number][] = [
      [3, 2, 0.22313016014842982],
      [6.417021276595745, 4, 0.17009437977809644],
      [0.5, 1, 0.47950012218695337],
      [100, 3, 1.5541594313896026e-21],
      [250, 99, 4.844312411385307e-15],
      [1e-3, 1, 0.9747728793699604],
      [12.3, 7, 0.0911148860003131],
      [40, 10, 1.694474393006737e-5],
    ];
    for (const [x, df, p] of cases) close(chiSquareSurvival(x, df), p, 1e-8);
    expect(chiSquareSurvival(0, 3)).toBe(1);
  });

  it('matches scipy.stats.chi2.sf to 5e-14 relative, far into the tail', () => {
    const cases: [number, number, number][] = [
      [3.841458820694124, 1, 0.04999999999999989],
      [10, 1, 0.001565402258002549],
      [6.5, 4, 0.16479038328481854],
      [0.01, 2, 0.9950124791926823],
      [250, 99, 4.844312411385307e-15],
      [1000, 3, 1.7994208765314067e-216],
    ];
    for (const [x, df, p] of cases) close(chiSquareSurvival(x, df), p, 5e-14);
    expect(chiSquareSurvival(1500, 1)).toBe(0); // scipy: 0.0
    expect(chiSquareSurvival(1, 0)).toBeNaN();
  });
});
