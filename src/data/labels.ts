import type { Column } from './column.js';
import type { Labels } from './model.js';

/** Sorted class list: numerically when every class is a number, else by code point. */
export function sortClasses(classes: Iterable<string>): string[] {
  const list = Array.from(new Set(classes));
  const numeric = list.length > 0 && list.every((c) => c.trim() !== '' && Number.isFinite(Number(c)));
  return numeric ? list.sort((a, b) => Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0)) : list.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * Class labels from a data column. `classes` (from --classes) fixes the order; a label outside
 * it is reported by the caller through `unknown`.
 */
export function labelsFromColumn(
  column: Column,
  classes: string[] | null,
  positiveClass: string | null,
): Labels & { unknown: { row: number; value: string }[] } {
  const seen = new Set<string>();
  for (let row = 0; row < column.size; row++) if (!column.isMissing(row)) seen.add(column.get(row));
  const classList = classes ?? sortClasses(seen);
  const index = new Map(classList.map((c, i) => [c, i]));
  const codes = new Int32Array(column.size).fill(-1);
  const unknown: { row: number; value: string }[] = [];
  for (let row = 0; row < column.size; row++) {
    if (column.isMissing(row)) continue;
    const value = column.get(row);
    const code = index.get(value);
    if (code === undefined) unknown.push({ row, value });
    else codes[row] = code;
  }
  return { classes: classList, codes, source: column.name, positiveClass: resolvePositive(classList, positiveClass), unknown };
}

/** The positive class index: the given one, else `1`/`true`/`yes`/`positive` in a binary task. */
export function resolvePositive(classes: string[], positiveClass: string | null): number {
  if (positiveClass !== null) return classes.indexOf(positiveClass);
  if (classes.length !== 2) return -1;
  const guesses = ['1', 'true', 'True', 'yes', 'positive', 'pos'];
  for (const guess of guesses) {
    const index = classes.indexOf(guess);
    if (index >= 0) return index;
  }
  return -1;
}
