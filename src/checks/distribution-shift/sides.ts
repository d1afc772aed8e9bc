/**
 * The two sides of every comparison: the reference (the training split of the split column, or
 * the --train file) and each evaluation split (every other split value, or the whole data when a
 * training file is given). A column is read from the side's own table.
 */
import type { Column } from '../../data/column.js';
import type { CheckContext } from '../types.js';

export interface Side {
  name: string;
  /** The table the rows index. */
  table: 'data' | 'train';
  rows: Int32Array;
}

export interface Sides {
  reference: Side;
  evaluations: Side[];
  source: 'split-column' | 'train-file';
}

export function sidesOf(context: CheckContext, trainNames: readonly string[]): Sides {
  const names = new Set(trainNames.map((name) => name.trim().toLowerCase()));
  const n = context.data.rowCount;
  const splitColumn = context.roles.split ? context.data.column(context.roles.split) : undefined;
  const byName = new Map<string, number[]>();
  const reference: number[] = [];
  for (let row = 0; row < n; row++) {
    const value = !splitColumn || splitColumn.isMissing(row) ? null : splitColumn.get(row).trim();
    const training = value !== null && names.has(value.toLowerCase());
    if (context.train) {
      // The data is the evaluation set: rows it marks as training are left out, as leakage does.
      if (training) continue;
      const key = value ?? 'evaluation';
      byName.set(key, [...(byName.get(key) ?? []), row]);
    } else if (training) reference.push(row);
    else if (value !== null) {
      let list = byName.get(value);
      if (!list) byName.set(value, (list = []));
      list.push(row);
    }
  }
  const evaluations = [...byName.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, rows]) => ({ name, table: 'data' as const, rows: Int32Array.from(rows) }));
  if (context.train) {
    const m = context.train.data.rowCount;
    return { reference: { name: 'training file', table: 'train', rows: Int32Array.from({ length: m }, (_, i) => i) }, evaluations, source: 'train-file' };
  }
  return { reference: { name: 'train', table: 'data', rows: Int32Array.from(reference) }, evaluations, source: 'split-column' };
}

/** The column of that name in the side's table. */
export function columnOf(context: CheckContext, side: Side, name: string): Column | undefined {
  return side.table === 'train' ? context.train?.data.column(name) : context.data.column(name);
}
