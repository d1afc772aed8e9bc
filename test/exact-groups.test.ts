import { describe, expect, it } from 'vitest';
import { groupByHash } from '../src/math/exact-groups.js';

describe('groupByHash', () => {
  it('groups equal hashes and splits collisions by the exact key', () => {
    const keys = ['a', 'b', 'a', 'c', 'x', 'b', 'y', 'a'];
    // Items 4 and 6 ("x", "y") collide on purpose; so do 3 and 1 (different keys, same hash).
    const hashOf: Record<string, [number, number]> = { a: [1, 2], b: [3, 4], c: [3, 4], x: [9, 9], y: [9, 9] };
    const hashes = new Uint32Array(keys.length * 2);
    keys.forEach((key, i) => hashes.set(hashOf[key], 2 * i));
    const result = groupByHash(keys.length, hashes, null, (i) => keys[i]);
    expect(result.groups.map((g) => Array.from(g))).toEqual([
      [0, 2, 7],
      [1, 5],
    ]);
    expect(Array.from(result.groupOf)).toEqual([0, 1, 0, -1, -1, 1, -1, 0]);
  });

  it('never groups items without content', () => {
    const hashes = new Uint32Array([5, 5, 5, 5, 5, 5]);
    const valid = Uint8Array.from([1, 0, 1]);
    const result = groupByHash(3, hashes, valid, () => 'same');
    expect(result.groups.map((g) => Array.from(g))).toEqual([[0, 2]]);
  });
});
