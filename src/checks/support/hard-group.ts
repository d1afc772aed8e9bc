/**
 * Where flagged rows concentrate in a group the model finds hard: rows flagged as mislabelled
 * inside a group with a significantly higher error rate are often hard examples rather than wrong
 * labels (a blurred scan, an ambiguous case), which changes what a reviewer should do with them.
 */
import type { CheckContext } from '../types.js';
import { codeColumn } from '../../math/slice-groups.js';
import { twoByTwoTest } from '../../math/fisher.js';

export interface HardGroup {
  column: string;
  value: string | null;
  /** Flagged rows in the group, and the group's rows that are not flagged. */
  flaggedInGroup: number;
  groupRows: number;
  /** Error rates on the rows not flagged, in the group and elsewhere. */
  groupErrorRate: number;
  restErrorRate: number;
  /** Fisher (or chi-square) p-value of the group's error rate against the rest, before the Bonferroni factor. */
  pValue: number;
  /** Groups tested (the Bonferroni factor). */
  groupsTested: number;
}

/** Most column values per column, and quantile bins of numeric columns. */
const MAX_LEVELS = 20;
const BINS = 5;
/** A group qualifies when it holds this share of the flagged rows (and at least three) ... */
const MIN_FLAGGED_SHARE = 0.3;
/** ... and its error rate beats the rest at this family-wise level. */
const ALPHA = 0.01;

/**
 * The group (one column value) holding the most flagged rows among those whose error rate is
 * significantly above the rest's (Bonferroni over every value tested), or null. `wrong` is 1 where
 * the model errs, over `rows` (the evaluated rows).
 */
export function hardGroupOfFlagged(context: CheckContext, flagged: readonly number[], wrong: Uint8Array, rows: Int32Array): HardGroup | null {
  if (flagged.length < 3 || rows.length === 0) return null;
  const { data, roles } = context;
  const isFlagged = new Uint8Array(data.rowCount);
  for (const row of flagged) isFlagged[row] = 1;
  let totalWrong = 0;
  let unflagged = 0;
  for (let i = 0; i < rows.length; i++) {
    if (isFlagged[rows[i]]) continue;
    totalWrong += wrong[rows[i]];
    unflagged++;
  }
  const candidates: Omit<HardGroup, 'groupsTested'>[] = [];
  let tested = 0;
  for (const column of data.columns) {
    if (column.name === roles.id || column.name === roles.label || column.name === roles.text) continue;
    const coded = codeColumn(column, MAX_LEVELS, BINS, false);
    if (!coded || coded.values.length < 2) continue;
    const levels = coded.values.length;
    const size = new Float64Array(levels);
    const errors = new Float64Array(levels);
    const marked = new Float64Array(levels);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      const level = coded.codes[row];
      if (level < 0) continue;
      // The error rate is measured on the rows not flagged: flagged rows are errors by construction,
      // and a group full of wrong labels would otherwise look hard because of them.
      if (isFlagged[row]) {
        marked[level]++;
        continue;
      }
      size[level]++;
      errors[level] += wrong[row];
    }
    for (let level = 0; level < levels; level++) {
      if (size[level] === 0 || size[level] === unflagged) continue;
      tested++;
      if (marked[level] < Math.max(3, MIN_FLAGGED_SHARE * flagged.length)) continue;
      const restRows = unflagged - size[level];
      const restWrong = totalWrong - errors[level];
      if (errors[level] / size[level] <= restWrong / restRows) continue;
      const { pValue } = twoByTwoTest(errors[level], size[level] - errors[level], restWrong, restRows - restWrong);
      candidates.push({
        column: column.name,
        value: coded.values[level],
        flaggedInGroup: marked[level],
        groupRows: size[level],
        groupErrorRate: errors[level] / size[level],
        restErrorRate: restWrong / restRows,
        pValue,
      });
    }
  }
  const significant = candidates.filter((candidate) => candidate.pValue * tested <= ALPHA);
  significant.sort((a, b) => b.flaggedInGroup - a.flaggedInGroup || a.pValue - b.pValue || (a.column < b.column ? -1 : a.column > b.column ? 1 : 0));
  return significant.length > 0 ? { ...significant[0], groupsTested: tested } : null;
}
