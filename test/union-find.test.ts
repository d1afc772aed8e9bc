import { describe, expect, it } from 'vitest';
import { UnionFind, sortGroups } from '../src/math/union-find.js';

describe('UnionFind', () => {
  it('joins sets and lists the groups largest first, then by first element', () => {
    const uf = new UnionFind(10);
    expect(uf.union(7, 9)).toBe(true);
    expect(uf.union(9, 7)).toBe(false);
    uf.union(1, 2);
    uf.union(2, 5);
    uf.union(3, 4);
    expect(uf.sets).toBe(6);
    expect(uf.connected(1, 5)).toBe(true);
    expect(uf.connected(1, 3)).toBe(false);
    expect(uf.groups().map((g) => Array.from(g))).toEqual([
      [1, 2, 5],
      [3, 4],
      [7, 9],
    ]);
    expect(uf.groups(1).map((g) => Array.from(g))).toEqual([[1, 2, 5], [3, 4], [7, 9], [0], [6], [8]]);
  });

  it('handles long chains', () => {
    const n = 100000;
    const uf = new UnionFind(n);
    for (let i = n - 1; i > 0; i--) uf.union(i, i - 1);
    expect(uf.sets).toBe(1);
    const groups = uf.groups();
    expect(groups.length).toBe(1);
    expect(groups[0].length).toBe(n);
    expect(groups[0][n - 1]).toBe(n - 1);
  });

  it('sortGroups orders by size then first element', () => {
    expect(
      sortGroups([
        [5, 6],
        [1, 2, 3],
        [0, 9],
      ]),
    ).toEqual([
      [1, 2, 3],
      [0, 9],
      [5, 6],
    ]);
  });
});
