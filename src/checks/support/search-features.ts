/** The columns a slice search may use, coded for it: shared by the slices and comparison checks. */
import type { CheckContext } from '../types.js';
import { embeddingClusters } from './embedding-index.js';
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
export function searchFeatures(
  context: Pick<CheckContext, 'data' | 'roles'> & Partial<Pick<CheckContext, 'embeddings' | 'memo' | 'settings' | 'labels'>>,
  opts: SearchFeatureOptions,
  leaveOut: ReadonlySet<string> = new Set(),
): { features: SearchFeature[]; skipped: string[]; leftOut: string[] } {
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
  // Regions of the embedding space (k-means clusters) are searched like a column: underperforming
  // clusters, for data whose columns say nothing (images, text with no metadata).
  if (
    context.embeddings &&
    context.memo &&
    context.settings &&
    !excluded.has(EMBEDDING_CLUSTER) &&
    (!opts.searchColumns || opts.searchColumns.includes(EMBEDDING_CLUSTER))
  ) {
    const clusters = embeddingClusters({ embeddings: context.embeddings, memo: context.memo, settings: context.settings });
    if (clusters && clusters.k >= 2) {
      const values: (string | null)[] = clusterNames(clusters.assignment, clusters.k, context.labels ?? null);
      features.push({ name: EMBEDDING_CLUSTER, codes: clusters.assignment, values });
    }
  }
  return { features, skipped, leftOut };
}

/** The search feature of the embedding clusters. */
export const EMBEDDING_CLUSTER = 'embedding cluster';

/** "cluster 5 (81% digit-8)", or its two largest labels when none holds half ("cluster 5 (42% digit-1, 40% digit-8)"). */
function clusterNames(assignment: Int32Array, k: number, labels: CheckContext['labels']): string[] {
  const names = Array.from({ length: k }, (_, c) => `cluster ${c}`);
  if (!labels) return names;
  const classes = labels.classes.length;
  const counts = new Int32Array(k * classes);
  for (let row = 0; row < assignment.length; row++) if (assignment[row] >= 0 && labels.codes[row] >= 0) counts[assignment[row] * classes + labels.codes[row]]++;
  return names.map((name, c) => {
    const own = Array.from(counts.subarray(c * classes, (c + 1) * classes));
    const total = own.reduce((sum, x) => sum + x, 0);
    if (total === 0) return name;
    const order = own.map((_, j) => j).sort((x, y) => own[y] - own[x] || x - y);
    const part = (j: number) => `${Math.round((own[j] / total) * 100)}% ${labels.classes[j]}`;
    return own[order[0]] * 2 >= total || classes < 2 || own[order[1]] === 0 ? `${name} (${part(order[0])})` : `${name} (${part(order[0])}, ${part(order[1])})`;
  });
}
