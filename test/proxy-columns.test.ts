import { describe, expect, it } from 'vitest';
import { proxyStrength } from '../src/math/proxy-columns.js';

const all = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

describe('proxyStrength (Goodman and Kruskal lambda)', () => {
  it('matches a hand-computed table', () => {
    // Column value 0: targets 0,0,0,1 ; value 1: 1,1,0 ; value 2: 1,1,1 -> cells max 3 + 2 + 3 = 8 of 10.
    const codes = Int32Array.from([0, 0, 0, 0, 1, 1, 1, 2, 2, 2]);
    const target = Int32Array.from([0, 0, 0, 1, 1, 1, 0, 1, 1, 1]);
    const s = proxyStrength(codes, 3, target, 2, all(10))!;
    expect(s.accuracy).toBeCloseTo(0.8, 12);
    expect(s.baseline).toBeCloseTo(0.6, 12); // six 1s
    expect(s.lambda).toBeCloseTo((8 - 6) / (10 - 6), 12);
  });

  it('is 1 when the column determines the target and 0 when it tells nothing', () => {
    const codes = Int32Array.from([0, 1, 0, 1, 2, 2]);
    expect(proxyStrength(codes, 3, Int32Array.from([0, 1, 0, 1, 2, 2]), 3, all(6))!.lambda).toBe(1);
    const flat = Int32Array.from([0, 0, 1, 1]);
    expect(proxyStrength(flat, 2, Int32Array.from([0, 1, 0, 1]), 2, all(4))!.lambda).toBe(0);
  });

  it('skips rows without a value or a target, and needs two target values', () => {
    const codes = Int32Array.from([0, -1, 1, 1]);
    const target = Int32Array.from([0, 1, -1, 1]);
    expect(proxyStrength(codes, 2, target, 2, all(4))!.rows).toBe(2);
    expect(proxyStrength(codes, 2, Int32Array.from([1, 1, 1, 1]), 2, all(4))).toBeNull();
  });
});
