import { gammaln } from 'simple-statistics';

/**
 * Special functions shared by the tests of counts: log-gamma and log-factorial, the regularised
 * upper incomplete gamma function Q and the chi-square survival function built on it.
 */

/** log Γ(x) for x > 0 (Lanczos' approximation, simple-statistics' gammaln; +Infinity for x <= 0). */
export function logGamma(x: number): number {
  return gammaln(x);
}

const SMALL = 1024;
let smallTable: Float64Array | null = null;

/** log(n!) for a non-negative integer n (a table below 1024, built on first use; lgamma above). */
export function logFactorial(n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`logFactorial needs a non-negative integer, got ${n}`);
  if (n < SMALL) {
    if (!smallTable) {
      smallTable = new Float64Array(SMALL);
      for (let i = 2; i < SMALL; i++) smallTable[i] = gammaln(i + 1);
    }
    return smallTable[n];
  }
  return gammaln(n + 1);
}

/** Both expansions stop when a step changes the result by less than this share. */
const EPS = 1e-16;
const TINY = 1e-300;
const MAX_ITERATIONS = 100_000;

/**
 * Regularised upper incomplete gamma Q(a, x) = Γ(a, x) / Γ(a) (scipy.special.gammaincc), by the
 * power series of P below x < a + 1 and by Lentz's continued fraction above (Numerical Recipes,
 * 3rd ed., section 6.2). Close to scipy for moderate a; for a in the thousands and above the
 * prefactor x^a e^-x / Γ(a) loses digits to cancellation (about 1e-9 relative at a = 1e6).
 */
export function regularizedGammaQ(a: number, x: number): number {
  if (!(a > 0) || Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  if (x === Infinity) return 0;
  const logPrefix = a * Math.log(x) - x - gammaln(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < MAX_ITERATIONS; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPS) break;
    }
    return Math.max(0, 1 - sum * Math.exp(logPrefix));
  }
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.exp(logPrefix) * h;
}

/** Upper tail P(X >= x) of a chi-square distribution with `df` degrees of freedom (scipy.stats.chi2.sf). */
export function chiSquareSurvival(x: number, df: number): number {
  if (!(df > 0)) return NaN;
  return regularizedGammaQ(df / 2, x / 2);
}
