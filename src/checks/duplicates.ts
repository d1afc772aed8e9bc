import { z } from 'zod';
import { defineCheck, type Example, type FindingDraft, type Severity } from './types.js';
import { contentExcerpt, exactIndex, percent, redundantRows } from './support/dedup-index.js';

const options = z
  .object({
    /** How many duplicate groups a finding shows as examples. */
    maxExamples: z.number().int().min(1).default(5),
  })
  .strict();

/** Severity grows with the share of rows that repeat an earlier row. */
export function duplicateSeverity(share: number): Severity {
  if (share >= 0.1) return 'high';
  if (share >= 0.02) return 'medium';
  if (share >= 0.005) return 'low';
  return 'info';
}

export const duplicates = defineCheck({
  id: 'duplicates',
  title: 'Exact duplicates',
  description:
    'Rows with identical content after Unicode NFC, trimming and collapsing whitespace: on the text column when there is one, else on all feature columns (never the id, label or split).',
  needs: [],
  options,
  run(context) {
    const { maxExamples } = options.parse(context.options ?? {});
    const index = exactIndex(context);
    const rows = context.data.rowCount;
    const groups = index.groups;
    const exactDuplicateRows = redundantRows(groups);
    const share = index.keyedItems === 0 ? 0 : exactDuplicateRows / index.keyedItems;
    const metrics = {
      exactDuplicateGroups: groups.length,
      exactDuplicateRows,
      groups: groups.map((group) => Array.from(group)),
      keyedOn: index.keyedOn,
      columns: index.columns,
      rowsCompared: index.keyedItems,
      emptyRows: rows - index.keyedItems,
      duplicateShare: share,
      largestGroup: groups.length > 0 ? groups[0].length : 0,
    };
    const findings: FindingDraft[] = [];
    if (groups.length > 0) {
      const examples: Example[] = groups.slice(0, maxExamples).map((group, g) =>
        context.example(group[0], {
          group: g,
          groupSize: group.length,
          duplicateRows: Array.from(group.subarray(1, 6)),
          excerpt: contentExcerpt(context, group[0]) ?? null,
        }),
      );
      const on = index.keyedOn === 'text' ? `the text column "${index.columns[0]}"` : `${index.columns.length} feature column${index.columns.length === 1 ? '' : 's'}`;
      findings.push({
        key: 'exact-duplicates',
        severity: duplicateSeverity(share),
        title: `${exactDuplicateRows} exact duplicate row${exactDuplicateRows === 1 ? '' : 's'} in ${groups.length} group${groups.length === 1 ? '' : 's'}`,
        summary: `${exactDuplicateRows} of ${index.keyedItems} rows (${percent(share)}) repeat an earlier row on ${on} (after Unicode NFC, trimming and collapsing whitespace), in ${groups.length} group${groups.length === 1 ? '' : 's'}; the largest has ${groups[0].length} rows. Duplicates over-weight their content in training and, across splits, inflate evaluation; keeping one row per group removes ${exactDuplicateRows} rows.`,
        metrics: { exactDuplicateGroups: groups.length, exactDuplicateRows, duplicateShare: share, largestGroup: groups[0].length, rowsCompared: index.keyedItems, keyedOn: index.keyedOn, columns: index.columns },
        examples,
      });
    }
    return { metrics, findings };
  },
});
