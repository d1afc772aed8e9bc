/** Token counts over ranges of texts, added up: the same counts however the texts are split between threads. */
import { describe, expect, it } from 'vitest';
import { countTokenRange, countTokens, mergeTokenCounts } from '../src/math/token-counts.js';

const texts = ['The cat, the HAT.', 'a cat 42', 'Ünïcode ünïcode', '', 'the end \ud800 lone'];
const asObject = (counts: Map<string, number>) => Object.fromEntries([...counts].sort(([a], [b]) => (a < b ? -1 : 1)));

describe('token counts', () => {
  it('by hand: one range, with even and odd positions', () => {
    const raw = countTokenRange((i) => texts[i], 0, texts.length, true);
    expect(raw.tokens).toEqual(['the', 'cat', 'hat', 'a', '42', 'ünïcode', 'end', 'lone']);
    expect(Array.from(raw.all)).toEqual([3, 2, 1, 1, 1, 2, 1, 1]);
    // Texts 0, 2 and 4 are even.
    expect(Array.from(raw.even)).toEqual([3, 1, 1, 0, 0, 2, 1, 1]);
    expect(Array.from(raw.odd)).toEqual([0, 1, 0, 1, 1, 0, 0, 0]);
    const merged = mergeTokenCounts([raw]);
    expect(merged.all.total).toBe(12);
    expect(merged.even.total).toBe(9);
    expect(merged.odd.total).toBe(3);
    expect(merged.odd.counts.has('the')).toBe(false);
  });

  it('two ranges added up equal one range over all the texts, parity by position in the whole list', () => {
    const whole = mergeTokenCounts([countTokenRange((i) => texts[i], 0, texts.length, true)]);
    for (let cut = 0; cut <= texts.length; cut++) {
      const split = mergeTokenCounts([countTokenRange((i) => texts[i], 0, cut, true), countTokenRange((i) => texts[i], cut, texts.length, true)]);
      for (const part of ['all', 'even', 'odd'] as const) {
        expect(asObject(split[part].counts)).toEqual(asObject(whole[part].counts));
        expect(split[part].total).toBe(whole[part].total);
      }
    }
  });

  it('countTokens: the texts with halves and each other list without', () => {
    const { main, others } = countTokens(texts, true, [['cat cat'], []]);
    expect(asObject(main.all.counts)).toEqual({ '42': 1, a: 1, cat: 2, end: 1, hat: 1, lone: 1, the: 3, ünïcode: 2 });
    expect(main.even.total).toBe(9);
    expect(asObject(others[0].counts)).toEqual({ cat: 2 });
    expect(others[0].total).toBe(2);
    expect(others[1].total).toBe(0);
  });
});
