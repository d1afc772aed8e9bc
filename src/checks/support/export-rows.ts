/**
 * Helpers for the rows a check flags for `--export`: reading row lists from the check's metrics
 * (as the report holds them) and writing the reasons.
 */
import { sanitizeInline } from '../../core/sanitize.js';
import type { FlaggedRow } from '../types.js';
import { isObj } from './evidence.js';

function field(value: unknown, key: string): unknown {
  return isObj(value) && Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
}

export function rowList(value: unknown): number[] {
  if (!Array.isArray(value)) return [];
  const out: number[] = [];
  for (const entry of value) {
    const row = typeof entry === 'number' ? entry : field(entry, 'row');
    if (typeof row === 'number' && Number.isInteger(row) && row >= 0) out.push(row);
  }
  return out;
}

export const fmt = (x: unknown, digits = 4) => (typeof x === 'number' && Number.isFinite(x) ? Number(x.toFixed(digits)).toString() : null);
export const text = (value: unknown) => JSON.stringify(sanitizeInline(String(value)).slice(0, 60));

/**
 * Every row of each group of two or more except its smallest, which is kept; `reason` gets that
 * kept row and the group's size. Sorted by row.
 */
export function allButFirst(groups: number[][], reason: (first: number, size: number) => string): FlaggedRow[] {
  const rows: FlaggedRow[] = [];
  for (const group of groups) {
    if (group.length < 2) continue;
    const first = Math.min(...group);
    for (const row of group) {
      if (row === first) continue;
      rows.push({ row, reason: reason(first, group.length) });
    }
  }
  return rows.sort((a, b) => a.row - b.row);
}
