import { z } from 'zod';
import { severityLadder } from './support/severity.js';
import { defineCheck, finding, type Example, type FindingOf, type Severity, type TypedFinding } from './types.js';
import { CHANCE_FACTOR, contentExcerpt, exactChance, exactIndex, percent, redundantRows, trainingRedundancy, type KeyKind } from './support/dedup-index.js';
import { ofRows, removedRows, type CheckRemedies } from './support/evidence.js';
import { allButFirst } from './support/export-rows.js';
import { m, metricsSchema } from './support/metrics-schema.js';
import type { ExportContext, FlaggedRow } from './types.js';
import { clusterSizeChart } from './support/cluster-chart.js';
import { wording } from './duplicates.wording.js';
import { benchmarkRepeats, benchmarkRepeatsEn, benchmarkRepeatsSchema, benchmarkRepeatsZh, type BenchmarkRepeats } from './support/benchmark-repeats.js';
import { benchmarkArgs, dedupRemedyGuards } from './support/dedup-rules.js';

const options = z
  .object({
    /** How many duplicate groups a finding shows as examples. */
    maxExamples: z.number().int().min(1).default(5),
  })
  .strict();

/** Severity grows with the share of rows that repeat an earlier row. */
export const duplicateSeverity = (share: number): Severity =>
  severityLadder(
    share,
    [
      ['high', 0.1],
      ['medium', 0.02],
      ['low', 0.005],
    ],
    'info',
  );

export interface ExactDuplicatesArgs {
  exactDuplicateGroups: number;
  exactDuplicateRows: number;
  duplicateShare: number;
  largestGroup: number;
  rowsCompared: number;
  keyedOn: KeyKind;
  columns: string[];
  /** Training rows a de-duplication would drop (beyond one per group among its training rows); every row counts when there is no split. */
  trainingRowsRemoved: number;
  /** Pairs of identical rows, and what independent feature columns with these value frequencies give (null when not tested: text, or too few rows). */
  identicalPairs: number | null;
  expectedPairs: number | null;
  /** Set when the rows are benchmark items (no training data): the repeats by task. */
  benchmark?: BenchmarkRepeats | null;
}

export interface IdenticalVectorsArgs {
  exactDuplicateRows: number;
  exactDuplicateGroups: number;
  rowsCompared: number;
  columns: string[];
  identicalPairs: number;
  expectedPairs: number;
  /** The factor beyond which identical pairs would be called copies. */
  factor: number;
}

const findings = {
  'exact-duplicates': finding({
    args: z.object({ exactDuplicateRows: m.number(), trainingRowsRemoved: m.number(), benchmark: benchmarkArgs }),
    size: (a) => a.exactDuplicateRows,
    en: (a: ExactDuplicatesArgs) => {
      const on = a.keyedOn === 'text' ? `the text column "${a.columns[0]}"` : `${a.columns.length} feature column${a.columns.length === 1 ? '' : 's'}`;
      const groups = `${a.exactDuplicateGroups} group${a.exactDuplicateGroups === 1 ? '' : 's'}`;
      return {
        title: `${a.exactDuplicateRows} exact duplicate row${a.exactDuplicateRows === 1 ? '' : 's'} in ${groups}`,
        summary:
          `${a.exactDuplicateRows} of ${a.rowsCompared} rows (${percent(a.duplicateShare)}) repeat an earlier row on ${on} (after Unicode NFC, trimming and collapsing whitespace), in ${groups}; the largest has ${a.largestGroup} rows.` +
          (a.expectedPairs !== null && a.identicalPairs !== null
            ? ` They make ${Math.round(a.identicalPairs)} pairs of identical rows where independent columns with these value frequencies would make about ${Math.round(a.expectedPairs)} by chance: far more than coincidence explains.`
            : '') +
          (a.benchmark
            ? benchmarkRepeatsEn(a.benchmark, 'group')
            : ` Duplicates over-weight their content in training and, across splits, inflate evaluation; keeping one row per group removes ${a.exactDuplicateRows} rows` +
              (a.trainingRowsRemoved !== a.exactDuplicateRows ? `, ${a.trainingRowsRemoved} of them training rows.` : '.')),
      };
    },
    zh: (a) => {
      const on = a.keyedOn === 'text' ? `文本列 "${a.columns[0]}" ` : ` ${a.columns.length} 个特征列`;
      return {
        title: `${a.exactDuplicateRows} 行完全重复，共 ${a.exactDuplicateGroups} 组`,
        summary:
          `${a.rowsCompared} 行中有 ${a.exactDuplicateRows} 行（${percent(a.duplicateShare)}）在${on}上与前面的某一行完全相同（经 Unicode NFC 规范化、去除首尾空白并合并连续空白后比较），` +
          `共 ${a.exactDuplicateGroups} 组，最大的一组有 ${a.largestGroup} 行。` +
          (a.expectedPairs !== null && a.identicalPairs !== null
            ? `它们构成 ${Math.round(a.identicalPairs)} 对完全相同的行，而取值频率相同、相互独立的列仅凭偶然约有 ${Math.round(a.expectedPairs)} 对：远超巧合所能解释。`
            : '') +
          (a.benchmark
            ? benchmarkRepeatsZh(a.benchmark, 'group')
            : `重复的行会在训练中放大其内容的权重，跨越数据划分时还会虚高评估结果；每组只保留一行，可删除 ${a.exactDuplicateRows} 行` +
              (a.trainingRowsRemoved !== a.exactDuplicateRows ? `，其中 ${a.trainingRowsRemoved} 行是训练行。` : '。')),
      };
    },
  }),
  'identical-feature-vectors': finding({
    noRemedy: 'rows of a few low-cardinality columns share values by chance: different people, not copies',
    args: z.object({ exactDuplicateRows: m.number() }),
    size: (a) => a.exactDuplicateRows,
    en: (a: IdenticalVectorsArgs) => ({
      title: `${a.exactDuplicateRows} rows share their feature values with another row, not far beyond what chance gives`,
      summary:
        `${a.exactDuplicateRows} of ${a.rowsCompared} rows repeat an earlier row's values on the ${a.columns.length} feature column${a.columns.length === 1 ? '' : 's'} (${a.exactDuplicateGroups} groups): ${Math.round(a.identicalPairs)} pairs of identical rows, ` +
        `where columns with these value frequencies, drawn independently, would make about ${Math.round(a.expectedPairs)} (copies from a join or an export make ${a.factor} times that and far more). ` +
        `With so few distinct values per column, different rows (different people) coincide: these are identical feature vectors, not copies, and dropping them would throw away real examples.`,
    }),
    zh: (a) => ({
      title: `${a.exactDuplicateRows} 行的特征取值与其他行相同，没有远超偶然`,
      summary:
        `${a.rowsCompared} 行中有 ${a.exactDuplicateRows} 行在 ${a.columns.length} 个特征列上与前面某行取值相同（共 ${a.exactDuplicateGroups} 组）：共 ${Math.round(a.identicalPairs)} 对完全相同的行，` +
        `而取值频率相同、相互独立的列仅凭偶然约有 ${Math.round(a.expectedPairs)} 对（表连接或导出造成的副本会达到它的 ${a.factor} 倍乃至更多）。` +
        `每列的不同取值这么少时，不同的行（不同的人）会恰好相同：这些是相同的特征向量而不是副本，删除它们会丢掉真实的样本。`,
    }),
  }),
};

/** The metrics as the report holds them. */
const metrics = metricsSchema({
  exactDuplicateGroups: m.number(),
  /** Rows beyond the first of their group. */
  exactDuplicateRows: m.number(),
  /** Each group's rows (0-based), largest group first. */
  groups: m.list(z.array(z.number().int().min(0))),
  keyedOn: m.oneOf(['text', 'features', 'none']),
  /** The columns compared: the text column, or the feature columns. */
  columns: m.strings(),
  /** Rows with content to compare. */
  rowsCompared: m.number(),
  emptyRows: m.number(),
  duplicateShare: m.number(),
  largestGroup: m.number(),
  /** Training rows a de-duplication drops. */
  trainingRowsRemoved: m.number(),
  /** Pairs of identical rows, and what independent feature columns would give by chance (null when not tested). */
  identicalPairs: m.number(),
  expectedPairs: m.number(),
  /** Benchmark items only: the repeats by task. */
  benchmark: m.optional(m.object(benchmarkRepeatsSchema.shape)),
});
type DuplicatesMetrics = z.output<typeof metrics>;
type DuplicatesFinding = TypedFinding<typeof findings>;

/** This check's part in the remedies: the evidence it gives and the headroom it measures. */
const remedies: CheckRemedies<DuplicatesMetrics, DuplicatesFinding> = {
  evidence({ metrics, lang, rows }) {
    const count = metrics?.exactDuplicateRows ?? null;
    if (metrics === null || count === null) return [];
    return [wording.evidence[lang](count, ofRows(count, rows, lang), metrics.exactDuplicateGroups)];
  },
  headroom: {
    duplicateShare({ metrics, lang }) {
      return removedRows(metrics?.trainingRowsRemoved ?? metrics?.exactDuplicateRows ?? null, lang);
    },
  },
};

/** Every row of a group but its first: the rows a de-duplication removes. */
function exportRows({ metrics, lang, line }: ExportContext<DuplicatesMetrics>): FlaggedRow[] {
  return allButFirst(metrics.groups, (first, size) => wording.exportReason[lang](first, line(first), size));
}

export const duplicates = defineCheck({
  id: 'duplicates',
  title: 'Exact duplicates',
  description:
    'Rows with identical content after Unicode NFC, trimming and collapsing whitespace: on the text column when there is one, else on all feature columns (never the id, label or split).',
  needs: [],
  options,
  findings,
  metrics,
  remedies,
  exportRows,
  remedyGuards: dedupRemedyGuards((f: DuplicatesFinding) =>
    f.key === 'exact-duplicates'
      ? { benchmark: f.args.benchmark, trainingRowsRemoved: f.args.trainingRowsRemoved }
      : { benchmark: null, trainingRowsRemoved: null },
  ),
  // The rows beyond the first of each group leave the cleaned copy.
  cleanedCopy: { reason: 'duplicates', when: 'always' },
  charts: ({ metrics, lang }) =>
    clusterSizeChart('duplicates-groups', ['duplicates/exact-duplicates'], metrics.groups, lang, { en: 'duplicate groups', zh: '重复组' }),
  run(context) {
    const { maxExamples } = context.options;
    const index = exactIndex(context);
    const rows = context.data.rowCount;
    const groups = index.groups;
    const exactDuplicateRows = redundantRows(groups);
    const share = index.keyedItems === 0 ? 0 : exactDuplicateRows / index.keyedItems;
    // Benchmark items are evaluation rows only: de-duplicating them changes no training.
    const benchmark = benchmarkRepeats(context, groups, index.keyedItems);
    const trainingRowsRemoved = benchmark ? 0 : trainingRedundancy(groups, context.rowRoles);
    const chance = exactChance(context);
    const identicalPairs = chance?.observedPairs ?? null;
    const expectedPairs = chance?.expectedPairs ?? null;
    const measured: DuplicatesMetrics = {
      exactDuplicateGroups: groups.length,
      exactDuplicateRows,
      groups: groups.map((group) => Array.from(group)),
      keyedOn: index.keyedOn,
      columns: index.columns,
      rowsCompared: index.keyedItems,
      emptyRows: rows - index.keyedItems,
      duplicateShare: share,
      largestGroup: groups.length > 0 ? groups[0].length : 0,
      trainingRowsRemoved,
      identicalPairs,
      expectedPairs,
      ...(benchmark ? { benchmark } : {}),
    };
    const found: FindingOf<typeof findings>[] = [];
    // Few low-cardinality columns: rows coincide by chance. Copies only when repeats clearly exceed chance.
    if (groups.length > 0 && chance?.byChance) {
      found.push({
        key: 'identical-feature-vectors',
        severity: 'info',
        args: {
          exactDuplicateRows,
          exactDuplicateGroups: groups.length,
          rowsCompared: index.keyedItems,
          columns: index.columns,
          identicalPairs: chance.observedPairs,
          expectedPairs: chance.expectedPairs,
          factor: CHANCE_FACTOR,
        },
        examples: groups.slice(0, maxExamples).map((group, g) =>
          context.example(group[0], {
            group: g,
            groupSize: group.length,
            duplicateRows: Array.from(group.subarray(1, 6)),
            excerpt: contentExcerpt(context, group[0]) ?? null,
          }),
        ),
      });
    } else if (groups.length > 0) {
      const examples: Example[] = groups.slice(0, maxExamples).map((group, g) =>
        context.example(group[0], {
          group: g,
          groupSize: group.length,
          duplicateRows: Array.from(group.subarray(1, 6)),
          excerpt: contentExcerpt(context, group[0]) ?? null,
        }),
      );
      found.push({
        key: 'exact-duplicates',
        severity: duplicateSeverity(share),
        args: {
          exactDuplicateGroups: groups.length,
          exactDuplicateRows,
          duplicateShare: share,
          largestGroup: groups[0].length,
          rowsCompared: index.keyedItems,
          keyedOn: index.keyedOn,
          columns: index.columns,
          trainingRowsRemoved,
          identicalPairs,
          expectedPairs,
          benchmark,
        },
        examples,
      });
    }
    return { metrics: measured, findings: found };
  },
});
