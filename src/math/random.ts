import { logFactorial } from './special.js';

/**
 * Seeded pseudo-random numbers: xoshiro128** (Blackman & Vigna 2018) seeded through splitmix32.
 * Same seed, same sequence, on every platform: only 32-bit integer arithmetic is used for the
 * state. Not for cryptography. The functions use no `this`: they may be passed on alone.
 */
export interface Random {
  /** Next 32-bit unsigned integer. */
  nextU32(this: void): number;
  /** Uniform in [0, 1), with 2^-32 resolution: nextU32() / 2^32. */
  next(this: void): number;
  /** Uniform integer in [0, n): floor(next() * n). */
  int(this: void, n: number): number;
}

const TWO_32 = 4294967296;

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/**
 * A xoshiro128** generator. The seed is taken modulo 2^32 (negative and fractional seeds are
 * truncated first) and expanded into the four state words by splitmix32.
 */
export function createRandom(seed: number): Random {
  let sm = Math.trunc(seed) >>> 0;
  const splitmix = (): number => {
    sm = (sm + 0x9e3779b9) >>> 0;
    let z = sm;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  return xoshiro128ss(splitmix(), splitmix(), splitmix(), splitmix());
}

/** xoshiro128** from an explicit state of four 32-bit words (not all zero). */
export function xoshiro128ss(a: number, b: number, c: number, d: number): Random {
  let s0 = a >>> 0;
  let s1 = b >>> 0;
  let s2 = c >>> 0;
  let s3 = d >>> 0;
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1; // the all-zero state is a fixed point

  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    s2 = (s2 ^ s0) >>> 0;
    s3 = (s3 ^ s1) >>> 0;
    s1 = (s1 ^ s2) >>> 0;
    s0 = (s0 ^ s3) >>> 0;
    s2 = (s2 ^ t) >>> 0;
    s3 = rotl(s3, 11);
    return result;
  };
  const next = (): number => nextU32() / TWO_32;
  return { nextU32, next, int: (n: number) => Math.floor(next() * n) };
}

/**
 * A Poisson(mean) draw. Below a mean of 10: Knuth's multiplication method; from 10 on: the
 * transformed rejection method PTRS (Hörmann 1993), as numpy's legacy generator does.
 */
export function poisson(random: Random, mean: number): number {
  if (!(mean > 0)) return 0;
  if (mean < 10) {
    const limit = Math.exp(-mean);
    let k = 0;
    let product = random.next();
    while (product > limit) {
      k++;
      product *= random.next();
    }
    return k;
  }
  const slam = Math.sqrt(mean);
  const logMean = Math.log(mean);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const u = random.next() - 0.5;
    const v = random.next();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b) <= -mean + k * logMean - logFactorial(k)) return k;
  }
}
