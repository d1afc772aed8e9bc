import { describe, expect, it } from 'vitest';
import { maxWeightAssignment } from '../src/math/assignment.js';
import { createRandom } from '../src/math/random.js';

function permutations(n: number): number[][] {
  if (n === 1) return [[0]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, at) => [...p.slice(0, at), n - 1, ...p.slice(at)]));
}
const total = (w: number[], n: number, rowOf: ArrayLike<number>) => Array.from({ length: n }, (_, j) => w[rowOf[j] * n + j]).reduce((s, x) => s + x, 0);

describe('maximum-weight assignment', () => {
  it('by hand: a swapped 2 x 2 confusion matrix and a rotated 3 x 3 one', () => {
    // Rows are true classes, columns the argmax column: column 0 is mostly class 1.
    expect(Array.from(maxWeightAssignment([3, 200, 180, 5], 2))).toEqual([1, 0]);
    expect(Array.from(maxWeightAssignment([10, 0, 0, 0, 10, 0, 0, 0, 10], 3))).toEqual([0, 1, 2]);
    expect(Array.from(maxWeightAssignment([0, 9, 1, 1, 0, 9, 9, 1, 0], 3))).toEqual([2, 0, 1]);
  });
  it('matches a brute force over every permutation (n = 2..6, 200 random integer matrices)', () => {
    const random = createRandom(7);
    for (let trial = 0; trial < 200; trial++) {
      const n = 2 + (trial % 5);
      const w = Array.from({ length: n * n }, () => random.int(50));
      const best = Math.max(...permutations(n).map((p) => total(w, n, p)));
      expect(total(w, n, maxWeightAssignment(w, n))).toBe(best);
    }
  });
});
