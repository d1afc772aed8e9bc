/** Counting sort of few distinct values, native sort otherwise: always the result of Float64Array.prototype.sort. */
import { describe, expect, it } from 'vitest';
import { MAX_COUNTED_VALUES, sortNumbers } from '../src/math/sort-numbers.js';

const same = (values: number[]) => {
  const expected = Float64Array.from(values).sort();
  const got = sortNumbers(Float64Array.from(values));
  expect(got.length).toBe(expected.length);
  for (let i = 0; i < got.length; i++) expect(Object.is(got[i], expected[i])).toBe(true);
};

describe('sortNumbers', () => {
  it('by hand', () => {
    expect(Array.from(sortNumbers(Float64Array.from([3, 1.5, 3, -2, 1.5, 3])))).toEqual([-2, 1.5, 1.5, 3, 3, 3]);
    expect(Array.from(sortNumbers(new Float64Array(0)))).toEqual([]);
    expect(Array.from(sortNumbers(Float64Array.from([Infinity, -Infinity, 0])))).toEqual([-Infinity, 0, Infinity]);
  });

  it('equals the native sort with NaN, -0, few and many distinct values', () => {
    same([0, -0, 2, -0, 0, 1]);
    same([NaN, 1, NaN, -1]);
    let state = 9;
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296;
    for (const distinct of [1, 7, 300, MAX_COUNTED_VALUES, MAX_COUNTED_VALUES + 1, 1e9]) {
      same(Array.from({ length: 20000 }, () => Math.floor(next() * distinct) / 4 - 100));
    }
  });
});
