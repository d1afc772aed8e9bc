import { describe, expect, it } from 'vitest';
import { ContainmentIndex, coverage, emptyCounts, mergeCounts, ngramKeys, scanRow, tokenize } from '../src/math/ngram-containment.js';

const ITEM = 'Mary had 5 apples and gave 2 of them to her brother Tom; how many apples does Mary have now?';
const ITEM_ZH = '小明有3个苹果，他又买了5个，现在他一共有几个苹果？';

describe('tokens after normalisation', () => {
  it('words are runs of letters and digits, lower-cased (NFKC); punctuation and markup only separate', () => {
    expect(tokenize('### Instruction: Hello, World! Café ﬁne 1,234')).toEqual(['instruction', 'hello', 'world', 'café', 'fine', '1', '234']);
  });
  it('every CJK character is a token, also inside Latin text', () => {
    expect(tokenize('小明有3个苹果。')).toEqual(['小', '明', '有', '3', '个', '苹', '果']);
    expect(tokenize('abc中文def')).toEqual(['abc', '中', '文', 'def']);
  });
  it('n-gram keys: one per window, equal for equal token windows, whole list when shorter and asked', () => {
    const tokens = tokenize(ITEM);
    expect(tokens.length).toBe(20);
    const keys = ngramKeys(tokens, 13);
    expect(keys.length).toBe(20 - 13 + 1);
    expect(ngramKeys(tokenize(`Intro text. ${ITEM}`), 13)).toEqual(expect.arrayContaining(keys));
    expect(ngramKeys(tokens.slice(0, 5), 13)).toEqual([]);
    expect(ngramKeys(tokens.slice(0, 5), 13, true).length).toBe(1);
    for (const key of keys) expect(Number.isSafeInteger(key) && key >= 0 && key < 2 ** 52).toBe(true);
  });
});

describe('containment of items in training rows', () => {
  it('finds an item wrapped in an Alpaca template, in English (word 13-grams) and Chinese (character 13-grams)', () => {
    const index = new ContainmentIndex([ITEM, ITEM_ZH, 'too short to judge']);
    // 20 words: 8 word 13-grams; 23 characters once the punctuation is dropped: 11 character 13-grams.
    expect(Array.from(index.sizes)).toEqual([8, 11, 0]);
    const counts = emptyCounts(index);
    const wrapped = `Below is an instruction that describes a task.\n\n### Instruction:\n${ITEM.toUpperCase().replace(';', '.')}\n\n### Response:\n3`;
    expect(scanRow(index, counts, wrapped, 0.5)).toEqual([{ item: 0, coverage: 1 }]);
    expect(scanRow(index, counts, `下面是一个问题。${ITEM_ZH}答案：8`, 0.5)).toEqual([{ item: 1, coverage: 1 }]);
    expect(scanRow(index, counts, 'An unrelated row about apples and Mary and Tom and how many there are.', 0.5)).toEqual([]);
    const share = coverage(index, counts);
    expect(share[0]).toBe(1);
    expect(share[1]).toBe(1);
    expect(share[2]).toBeNaN();
    expect(counts.rowsScanned).toBe(3);
  });

  it('half an item in one row: its coverage is the share of its n-grams found', () => {
    const index = new ContainmentIndex([ITEM]);
    const counts = emptyCounts(index);
    // The first 15 tokens hold 3 of the 8 13-grams.
    const held = scanRow(index, counts, tokenize(ITEM).slice(0, 15).join(' '), 0.5);
    expect(held).toEqual([]);
    expect(coverage(index, counts)[0]).toBeCloseTo(3 / 8, 12);
    expect(counts.bestRowCoverage[0]).toBeCloseTo(3 / 8, 12);
    expect(counts.rowsWithHits[0]).toBe(1);
    // The rest in another row (tokens 3-19: 13-grams 3 to 7): covered whole across rows, by neither row alone.
    scanRow(index, counts, tokenize(ITEM).slice(3).join(' '), 0.5);
    expect(coverage(index, counts)[0]).toBe(1);
    expect(counts.bestRowCoverage[0]).toBeCloseTo(5 / 8, 12);
  });

  it('partial counts of shards merge into the counts of one scan', () => {
    const index = new ContainmentIndex([ITEM, ITEM_ZH]);
    const rows = [tokenize(ITEM).slice(0, 15).join(' '), 'nothing', `x ${ITEM_ZH}`, tokenize(ITEM).slice(3).join(' ')];
    const whole = emptyCounts(index);
    for (const row of rows) scanRow(index, whole, row, 0.5);
    const a = emptyCounts(index);
    const b = emptyCounts(index);
    rows.slice(0, 2).forEach((row) => scanRow(index, a, row, 0.5));
    rows.slice(2).forEach((row) => scanRow(index, b, row, 0.5));
    mergeCounts(a, b);
    expect(a).toEqual(whole);
  });
});
