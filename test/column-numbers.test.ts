/**
 * Numbers as numbers (issue 29): a high-cardinality column of numbers is kept in a Float64Array,
 * with the text only of the cells not written as the number's own formatting. What a column gives
 * back — each cell's text and its number — must be exactly what the cells said.
 */
import { describe, expect, it } from 'vitest';
import { ColumnBuilder, MAX_DICTIONARY_LEVELS } from '../src/data/column.js';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const MISSING = new Set(['', 'NA', 'null', 'NaN']);

/** What a cell given as text reads back as: its text ('' when missing) and its number. */
function expected(cell: string): { text: string; number: number } {
  if (MISSING.has(cell)) return { text: '', number: NaN };
  const number = NUMBER.test(cell) ? Number(cell) : NaN;
  return { text: cell, number: Number.isFinite(number) ? number : NaN };
}

function build(cells: readonly string[]) {
  const builder = new ColumnBuilder('x', 0);
  for (const cell of cells) builder.addText(cell);
  return builder.build();
}

/** Many distinct numbers (past the dictionary), among them texts that are not their number's own formatting. */
function numericCells(n: number): string[] {
  const odd = ['1.50', '1e5', '-0', '+7', '.5', '5.', '1e999', '0.1', '007'];
  return Array.from({ length: n }, (_, i) => (i % 97 === 0 ? odd[(i / 97) % odd.length] : i % 101 === 0 ? 'NA' : String(i * 0.37 - 900)));
}

describe('a column of many numbers', () => {
  it('gives back every cell as written and as a number, from a Float64Array', () => {
    const cells = numericCells(3 * MAX_DICTIONARY_LEVELS);
    const column = build(cells);
    expect(column.levels).toBeNull();
    expect(column.isNumeric).toBe(true);
    const numbers = column.numbers();
    cells.forEach((cell, row) => {
      const want = expected(cell);
      expect(column.get(row), `row ${row}`).toBe(want.text);
      expect(Object.is(numbers[row], want.number) || (Number.isNaN(numbers[row]) && Number.isNaN(want.number)), `row ${row}: ${cell}`).toBe(true);
      expect(column.isMissing(row)).toBe(want.text === '');
    });
  });

  it('a text cell after the numbers turns the column into text, nothing changed', () => {
    const cells = [...numericCells(2 * MAX_DICTIONARY_LEVELS), 'not a number', ...numericCells(50)];
    const column = build(cells);
    expect(column.isNumeric).toBe(false);
    cells.forEach((cell, row) => expect(column.get(row)).toBe(expected(cell).text));
    const numbers = column.numbers();
    expect(Number.isNaN(numbers[2 * MAX_DICTIONARY_LEVELS])).toBe(true);
    expect(numbers[1]).toBe(Number(cells[1]));
  });

  it('numbers mostly written in their own way ("12.50") are kept as text', () => {
    const cells = Array.from({ length: 2 * MAX_DICTIONARY_LEVELS }, (_, i) => `${i}.50`);
    const column = build(cells);
    cells.forEach((cell, row) => expect(column.get(row)).toBe(cell));
    expect(column.numbers()[3]).toBe(3.5);
  });

  it('JSON numbers, -0 and integers beyond 2^53 read back as their own formatting', () => {
    const builder = new ColumnBuilder('x', 0);
    const values = [...Array.from({ length: MAX_DICTIONARY_LEVELS + 10 }, (_, i) => i / 3), -0, 2 ** 60, 1e21, null];
    for (const value of values) builder.addValue(value);
    const column = builder.build();
    const numbers = column.numbers();
    values.forEach((value, row) => {
      expect(column.get(row)).toBe(value === null ? '' : String(value));
      if (value !== null) expect(numbers[row]).toBe(Number(String(value)));
    });
    expect(Object.is(numbers[MAX_DICTIONARY_LEVELS + 10], 0)).toBe(true);
  });
});
