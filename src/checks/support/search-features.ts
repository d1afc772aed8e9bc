/** The columns a slice search may use, coded for it: shared by the slices and comparison checks. */
import type { CheckContext } from '../types.js';
import { quantileBins, type SearchFeature } from '../../math/slice-search.js';
import { codeColumn, withMissingValue } from '../../math/slice-groups.js';

export interface SearchFeatureOptions {
  excludeColumns: readonly string[];
  /** Only these columns, when given. */
  searchColumns?: readonly string[] | null;
  maxSearchColumns: number;
  maxLevels: number;
  bins: number;
}

/**
 * Every data column but the id and the label (and the excluded, or those outside searchColumns),
 * up to maxSearchColumns: categorical columns by value, numeric ones in quantile bins, the text
 * column by its length in quantile bins. `leaveOut` names columns to set aside (reported apart).
 */
export function searchFeatures(context: Pick<CheckContext, 'data' | 'roles'>, opts: SearchFeatureOptions, leaveOut: ReadonlySet<string> = new Set()): { features: SearchFeature[]; skipped: string[]; leftOut: string[] } {
  const { data, roles } = context;
  const excluded = new Set(opts.excludeColumns);
  const features: SearchFeature[] = [];
  const skipped: string[] = [];
  const leftOut: string[] = [];
  for (const column of data.columns) {
    if (excluded.has(column.name)) continue;
    if (opts.searchColumns && !opts.searchColumns.includes(column.name)) continue;
    if (column.name === roles.id) continue;
    if (column.name === roles.label) continue;
    if (leaveOut.has(column.name)) {
      leftOut.push(column.name);
      continue;
    }
    if (features.length >= opts.maxSearchColumns) {
      skipped.push(column.name);
      continue;
    }
    if (column.name === roles.text) {
      const lengths = new Float64Array(column.size);
      for (let row = 0; row < column.size; row++) lengths[row] = column.isMissing(row) ? NaN : column.get(row).length;
      const binned = quantileBins(lengths, opts.bins);
      const values = withMissingValue(binned.codes, binned.labels);
      if (values.length >= 2) features.push({ name: `length(${column.name})`, codes: binned.codes, values });
      continue;
    }
    const coded = codeColumn(column, opts.maxLevels, opts.bins, false);
    if (coded && coded.values.length >= 2) features.push(coded);
  }
  return { features, skipped, leftOut };
}
