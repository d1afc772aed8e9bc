import { z } from 'zod';
import { severityLadder } from './support/severity.js';
import { defineCheck, finding, type Example, type FindingOf, type Severity, type TypedFinding } from './types.js';
import { NEAR_DEFAULTS, contentExcerpt, exactChance, exactIndex, nearIndex, nearRule, percent } from './support/dedup-index.js';
import { embeddingNearIndex, NEAR_RADIUS_DEFAULT } from './support/embedding-index.js';
import { type CheckRemedies, trainingRowsTouched } from './support/evidence.js';
import { text } from './support/export-rows.js';
import { m, metricsSchema } from './support/metrics-schema.js';
import type { CheckContext, ExportContext, FlaggedRow } from './types.js';
import { wording } from './conflicting-labels.wording.js';

const options = z
  .object({
    /** Near-duplicate similarity threshold (as for near-duplicates). */
    threshold: z.number().min(0.5).max(1).default(NEAR_DEFAULTS.threshold),
    /** Also use near-duplicate clusters when there is a text column (else exact groups only). */
    near: z.boolean().default(true),
    /** How many groups a finding shows as examples. */
    maxExamples: z.number().int().min(1).default(5),
  })
  .strict();

export const conflictSeverity = (share: number): Severity =>
  severityLadder(
    share,
    [
      ['high', 0.05],
      ['medium', 0.01],
    ],
    'low',
  );

/** One conflicting group as the report holds it (`groups` of the metrics). */
const conflictGroup = z.object({
  rows: z.array(z.number().int().min(0)),
  /** Label of each row (null when unlabelled), in the order of `rows`. */
  labels: z.array(z.string().nullable()),
  /** 'exact' when the group is one exact-duplicate group; 'near' when near copies joined it. */
  kind: z.enum(['exact', 'near']),
  /** Exact-duplicate groups inside it whose identical copies carry different labels. */
  exactConflicts: z.number(),
  /** The most frequent label, or null on a tie. */
  majorityLabel: z.string().nullable(),
  labelCounts: z.array(z.object({ label: z.string(), count: z.number() })),
  /** Labelled rows that do not carry the majority label (on a tie: all but one largest class). */
  minorityRows: z.number(),
});
type ConflictGroup = z.output<typeof conflictGroup>;

export interface ConflictingLabelsArgs {
  conflictingGroups: number;
  conflictingRows: number;
  minorityRows: number;
  conflictingShare: number;
  /** Exact-duplicate groups whose identical copies disagree, wherever they sit (alone or inside a near cluster). */
  exactConflictingGroups: number;
  /** Conflicting groups where only near (not identical) copies disagree. */
  nearConflictingGroups: number;
  /** The near-duplicate threshold, or null when only exact duplicates were compared. */
  threshold: number | null;
  /** What the near copies were found in: the text, or the embeddings when there is no text column. */
  nearBy?: 'text' | 'embeddings';
}

export interface ConflictingGoldArgs {
  /** Benchmark items logged more than once whose identical copies carry different gold answers. */
  conflictingGroups: number;
  conflictingRows: number;
  minorityRows: number;
  conflictingShare: number;
  /** Rows scored wrong whatever a consistent model answers, as a share of the labelled rows. */
  understatement: number;
  /** Groups of near (not identical) copies with different gold answers: contrast items by design, not counted. */
  contrastGroups: number;
  harness: string;
}

const findings = {
  'conflicting-labels': finding({
    args: z.object({ minorityRows: m.number() }),
    size: (a) => a.minorityRows,
    en: (a: ConflictingLabelsArgs) => {
      const groups = a.conflictingGroups;
      const minority = a.minorityRows;
      const what =
        a.threshold !== null ? `exact or near-duplicate (${nearRule(a.nearBy, a.threshold, 'en', { en: 'Jaccard', zh: 'Jaccard' })})` : 'exact-duplicate';
      return {
        title: `${groups} duplicate group${groups === 1 ? '' : 's'} with conflicting labels`,
        summary:
          `${groups} ${what} group${groups === 1 ? '' : 's'} (${a.conflictingRows} rows, ${percent(a.conflictingShare)} of the labelled rows) carr${groups === 1 ? 'ies' : 'y'} different labels for the same content. ` +
          `${groups === 1 ? 'It holds' : 'They hold'} ${a.exactConflictingGroups} exact-duplicate group${a.exactConflictingGroups === 1 ? '' : 's'} whose identical copies disagree` +
          `${a.nearConflictingGroups > 0 ? `; in ${a.nearConflictingGroups} of ${groups === 1 ? 'it' : 'them'} only near copies disagree` : ''}. ` +
          `${minority === 1 ? '1 row disagrees' : `${minority} rows disagree`} with ${groups === 1 ? 'its' : 'their'} group's majority (or tie). The model cannot fit both labels and evaluation on these rows is partly random: relabelling or dropping ${minority === 1 ? 'that row' : `those ${minority} rows`} removes the contradiction.`,
      };
    },
    zh: (a) => {
      const what = a.threshold !== null ? `完全重复或近似重复（${nearRule(a.nearBy, a.threshold, 'zh', { en: 'Jaccard', zh: 'Jaccard' })}）的` : '完全重复的';
      return {
        title: `${a.conflictingGroups} 组重复样本的标签相互矛盾`,
        summary:
          `${a.conflictingGroups} 组${what}样本（共 ${a.conflictingRows} 行，占有标签行的 ${percent(a.conflictingShare)}）对相同的内容给出了不同的标签。` +
          `其中包含 ${a.exactConflictingGroups} 组完全相同却标签不同的副本` +
          `${a.nearConflictingGroups > 0 ? `；有 ${a.nearConflictingGroups} 组只是近似副本之间标签不同` : ''}。` +
          `其中 ${a.minorityRows} 行与所在组的多数标签（或并列的标签）不一致。模型无法同时拟合两种标签，这些行上的评估结果也部分取决于偶然：` +
          `对这 ${a.minorityRows} 行重新标注或将其删除，即可消除矛盾。`,
      };
    },
  }),
  'conflicting-gold': finding({
    args: z.object({ minorityRows: m.number() }),
    size: (a) => a.minorityRows,
    en: (a: ConflictingGoldArgs) => {
      const groups = a.conflictingGroups;
      return {
        title: `${groups} benchmark item${groups === 1 ? '' : 's'} with conflicting gold answers`,
        summary:
          `${groups} item${groups === 1 ? ' appears' : 's appear'} more than once among the items logged by ${a.harness} (${a.conflictingRows} rows, ${percent(a.conflictingShare)} of the labelled rows) with different gold answers for identical content. ` +
          `A model that answers identical copies the same way is scored wrong on at least ${a.minorityRows} of these rows whatever it answers: if one of each item's gold answers is right, the measured accuracy is understated by up to ${percent(a.understatement)}. ` +
          `Nothing is trained on these rows; fixing the gold answers changes the score, not the model.` +
          (a.contrastGroups > 0
            ? ` ${a.contrastGroups} group${a.contrastGroups === 1 ? '' : 's'} of near copies with different gold answers ${a.contrastGroups === 1 ? 'is' : 'are'} contrast items by design (such as Winogrande's twin sentences) and ${a.contrastGroups === 1 ? 'is' : 'are'} not counted.`
            : ''),
      };
    },
    zh: (a) => ({
      title: `${a.conflictingGroups} 道基准题的参考答案相互矛盾`,
      summary:
        `在 ${a.harness} 记录的题目中，有 ${a.conflictingGroups} 道题出现了不止一次（共 ${a.conflictingRows} 行，占有标签行的 ${percent(a.conflictingShare)}），内容完全相同而参考答案不同。` +
        `对相同副本给出相同回答的模型，无论答什么，这些行中至少有 ${a.minorityRows} 行会被判错：若每道题的参考答案中有一个是对的，测得的准确率最多被低估 ${percent(a.understatement)}。` +
        `这些行不参与训练；修正参考答案改变的是分数，而不是模型。` +
        (a.contrastGroups > 0 ? `另有 ${a.contrastGroups} 组近似副本的参考答案不同，它们是有意设计的对照题（如 Winogrande 的孪生句），不计在内。` : ''),
    }),
  }),
};

/** The metrics as the report holds them. */
const metrics = metricsSchema({
  conflictingGroups: m.number(),
  groups: m.list(conflictGroup),
  /** Rows of the conflicting groups. */
  conflictingRows: m.number(),
  /** Rows that disagree with their group's majority (or tie). */
  minorityRows: m.number(),
  exactConflictingGroups: m.number(),
  /** Conflicting groups where only near (not identical) copies disagree. */
  nearConflictingGroups: m.number(),
  /** Conflicting rows as a share of the labelled rows. */
  conflictingShare: m.number(),
  /** Which groups were compared: exact duplicates, or near copies too. */
  source: m.oneOf(['exact', 'exact+near']),
  /** The near-duplicate threshold; null when only exact duplicates were compared. */
  threshold: m.number(),
  nearBy: m.oneOf(['text', 'embeddings']),
  keyedOn: m.oneOf(['text', 'features', 'none']),
  /** Set when feature rows coincide by chance (no group compared): identical pairs seen and expected. */
  chanceCollisions: m.object({ identicalPairs: m.number(), expectedPairs: m.number() }),
  /** Benchmark items only. */
  benchmark: m.optional(
    m.object({
      harness: m.string(),
      /** Near clusters with different gold answers and no conflict: contrast items by design. */
      contrastGroups: m.number(),
      contrastRows: m.number(),
      labelledRows: m.number(),
      /** Minority rows as a share of the labelled rows: how much the accuracy is understated at most. */
      understatement: m.number(),
    }),
  ),
});
type ConflictingLabelsMetrics = z.output<typeof metrics>;

// A list read as empty may have been absent from the report: a count falls back on it only when it holds something.

/** Rows that disagree with their group's majority: `minorityRows`, else all but one row of each group; null when neither is there. */
const minorityOf = (m: ConflictingLabelsMetrics): number | null =>
  m.minorityRows ?? (m.groups.length > 0 ? m.groups.reduce((sum, group) => sum + Math.max(0, group.rows.length - 1), 0) : null);

/** This check's part in the remedies: the evidence it gives and the headroom it measures. */
const remedies: CheckRemedies<ConflictingLabelsMetrics, TypedFinding<typeof findings>> = {
  evidence({ metrics: m, lang }) {
    const count = m === null ? null : (m.conflictingGroups ?? (m.groups.length > 0 ? m.groups.length : null));
    if (m === null || count === null) return [];
    const members = m.conflictingRows ?? m.groups.reduce((sum, group) => sum + group.rows.length, 0);
    return [(m.benchmark ? wording.benchmarkEvidence : wording.evidence)[lang](count, members, m.minorityRows)];
  },
  headroom: {
    // Rows that disagree with their group's majority (`minorityRows`): what a relabelling would change.
    conflictShare({ metrics: m, lang }) {
      const touched = m === null ? null : minorityOf(m);
      return touched === null ? null : trainingRowsTouched(touched, 'relabelled', lang);
    },
    // Benchmark items with conflicting gold: the rows scored wrong whatever a consistent model answers.
    conflictingGold({ metrics: m, lang }) {
      if (!m?.benchmark) return null;
      const minority = m.minorityRows;
      const { understatement, labelledRows } = m.benchmark;
      if (minority === null || minority === 0 || understatement === null) return null;
      return {
        metric: 'understatement',
        value: understatement,
        interval: null,
        unit: 'fraction',
        basis: 'upper-bound',
        method: wording.conflictingGoldMethod[lang](minority, labelledRows),
        rows: minority,
      };
    },
  },
};

/** Every row of a conflicting group, with its label and the group's labels. */
function exportRows({ metrics, lang }: ExportContext<ConflictingLabelsMetrics>): FlaggedRow[] {
  const rows: FlaggedRow[] = [];
  for (const group of metrics.groups) {
    const members = group.rows;
    const labelList = group.labels.map((label) => (label === null ? null : text(label)));
    const distinct = [...new Set(labelList.filter((label): label is string => label !== null))];
    members.forEach((row, index) => {
      const own = labelList.length === members.length ? labelList[index] : null;
      const others = members.filter((r) => r !== row).slice(0, 5);
      rows.push({ row, reason: wording.exportReason[lang](own, others, members.length > 6, distinct) });
    });
  }
  return rows.sort((a, b) => a.row - b.row || (a.reason < b.reason ? -1 : 1));
}

/** A group whose labelled rows carry two or more labels, described; null when they agree. */
function conflictOf(
  group: ArrayLike<number>,
  labels: NonNullable<CheckContext<unknown>['labels']>,
  exactGroupOf: ArrayLike<number>,
  withNear: boolean,
): ConflictGroup | null {
  const codes = labels.codes;
  const counts = new Map<number, number>();
  for (let i = 0; i < group.length; i++) {
    const code = codes[group[i]];
    if (code >= 0) counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  if (counts.size < 2) return null;
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const labelled = sorted.reduce((sum, [, count]) => sum + count, 0);
  const tie = sorted[0][1] === sorted[1][1];
  const rows = Array.from(group);
  let kind: 'exact' | 'near' = 'exact';
  if (withNear) {
    const g = exactGroupOf[rows[0]];
    if (rows.some((row) => g < 0 || exactGroupOf[row] !== g)) kind = 'near';
  }
  // Exact groups inside the cluster whose identical copies disagree: exact stays exact when near copies join.
  let exactConflicts = 1;
  if (withNear) {
    const labelsOfGroup = new Map<number, Set<number>>();
    for (const row of rows) {
      const g = exactGroupOf[row];
      if (g < 0 || codes[row] < 0) continue;
      let set = labelsOfGroup.get(g);
      if (!set) labelsOfGroup.set(g, (set = new Set()));
      set.add(codes[row]);
    }
    exactConflicts = 0;
    for (const set of labelsOfGroup.values()) if (set.size > 1) exactConflicts++;
  }
  return {
    rows,
    labels: rows.map((row) => (codes[row] >= 0 ? labels.classes[codes[row]] : null)),
    kind,
    exactConflicts,
    majorityLabel: tie ? null : labels.classes[sorted[0][0]],
    labelCounts: sorted.map(([code, count]) => ({ label: labels.classes[code], count })),
    minorityRows: labelled - sorted[0][1],
  };
}

/** Near clusters of benchmark items with two or more gold answers and no conflicting row: minimal pairs (Winogrande's twin sentences), not contradictions. */
function contrastClusters(
  clusters: readonly ArrayLike<number>[],
  codes: ArrayLike<number>,
  conflicts: readonly ConflictGroup[],
): { groups: number; rows: number } {
  const inConflict = new Set(conflicts.flatMap((group) => group.rows));
  let groups = 0;
  let rows = 0;
  for (const cluster of clusters) {
    const members = Array.from(cluster);
    const golds = new Set(members.map((row) => codes[row]).filter((code) => code >= 0));
    if (golds.size > 1 && !members.some((row) => inConflict.has(row))) {
      groups++;
      rows += members.length;
    }
  }
  return { groups, rows };
}

/** One example per group: its first labelled row beside the first row with another label. */
function conflictExamples(context: CheckContext<unknown>, groups: readonly ConflictGroup[]): Example[] {
  return groups.map((group, g) => {
    const first = group.rows.findIndex((_, i) => group.labels[i] !== null);
    const other = group.rows.findIndex((_, i) => group.labels[i] !== null && group.labels[i] !== group.labels[first]);
    const row = group.rows[first];
    const otherRow = group.rows[other];
    return context.example(row, {
      group: g,
      kind: group.kind,
      label: group.labels[first],
      excerpt: contentExcerpt(context, row) ?? null,
      otherRow,
      otherLine: context.data.lines[otherRow],
      otherLabel: group.labels[other],
      otherExcerpt: contentExcerpt(context, otherRow) ?? null,
      groupSize: group.rows.length,
    });
  });
}

/**
 * Exact groups of benchmark items split into the same item: rows whose item fields all agree but at
 * most one (the gold answer's). One question with its options in another order is another item.
 */
function sameItemGroups(context: CheckContext<unknown>, groups: readonly ArrayLike<number>[]): number[][] {
  const columns = (context.roles.benchmark?.itemColumns ?? []).flatMap((name) => context.data.column(name) ?? []);
  const value = (column: (typeof columns)[number], row: number) => (column.isMissing(row) ? null : column.get(row));
  const out: number[][] = [];
  for (const group of groups) {
    let rest = Array.from(group);
    while (rest.length > 1) {
      const first = rest[0];
      const same = rest.filter((row) => columns.filter((column) => value(column, row) !== value(column, first)).length <= 1);
      if (same.length > 1) out.push(same);
      const taken = new Set(same);
      rest = rest.filter((row) => !taken.has(row));
    }
  }
  return out;
}

export const conflictingLabels = defineCheck({
  id: 'conflicting-labels',
  title: 'Conflicting labels',
  description: 'Exact- and near-duplicate groups whose rows carry different labels.',
  needs: ['labels'],
  options,
  findings,
  metrics,
  remedies,
  exportRows,
  remedyGuards: {
    // A benchmark's conflicting gold answers are the evaluation's to fix (fix-evaluation-labels), not training labels, nor a question for an expert.
    relabel: (finding) => finding.key !== 'conflicting-gold',
    'domain-knowledge': (finding) => finding.key !== 'conflicting-gold',
  },
  sharedOptions: { nearDupThreshold: 'threshold' },
  async run(context) {
    const opts = context.options;
    const labels = context.labels!;
    const codes = labels.codes;
    const exact = exactIndex(context);
    const textNear = opts.near ? nearIndex(context, { ...NEAR_DEFAULTS, threshold: opts.threshold }) : null;
    // Without a text column, near copies in embedding space (near-duplicates' default rule).
    const near = textNear ?? (opts.near ? await embeddingNearIndex(context, { radius: NEAR_RADIUS_DEFAULT }) : null);
    const nearThreshold = textNear ? opts.threshold : near ? near.threshold : null;
    // Rows of a few categorical columns that coincide by chance are different rows, not copies: their labels may differ.
    const chance = exactChance(context);
    const benchmark = context.roles.benchmark ?? null;
    // Benchmark items: only identical items contradict each other (near copies with another answer are other items).
    const candidates = benchmark ? sameItemGroups(context, exact.groups) : near ? near.clusters : chance?.byChance ? [] : exact.groups;

    const conflicts: ConflictGroup[] = [];
    for (const group of candidates) {
      const conflict = conflictOf(group, labels, exact.groupOf, near !== null);
      if (conflict) conflicts.push(conflict);
    }
    const conflictingRows = conflicts.reduce((sum, group) => sum + group.rows.length, 0);
    const minorityRows = conflicts.reduce((sum, group) => sum + group.minorityRows, 0);
    const contrast = benchmark && near ? contrastClusters(near.clusters, codes, conflicts) : { groups: 0, rows: 0 };
    let labelledTotal = 0;
    for (let row = 0; row < codes.length; row++) if (codes[row] >= 0) labelledTotal++;
    const share = labelledTotal === 0 ? 0 : conflictingRows / labelledTotal;
    const understatement = labelledTotal === 0 ? 0 : minorityRows / labelledTotal;
    const exactConflicts = conflicts.reduce((sum, group) => sum + group.exactConflicts, 0);
    const nearOnly = conflicts.filter((group) => group.exactConflicts === 0).length;
    const measured: ConflictingLabelsMetrics = {
      conflictingGroups: conflicts.length,
      groups: conflicts,
      conflictingRows,
      minorityRows,
      exactConflictingGroups: exactConflicts,
      nearConflictingGroups: nearOnly,
      conflictingShare: share,
      source: near ? 'exact+near' : 'exact',
      threshold: nearThreshold,
      nearBy: textNear ? 'text' : near ? 'embeddings' : null,
      keyedOn: exact.keyedOn,
      chanceCollisions: !near && chance?.byChance === true ? { identicalPairs: chance.observedPairs, expectedPairs: chance.expectedPairs } : null,
      ...(benchmark
        ? {
            benchmark: {
              harness: benchmark.harness,
              contrastGroups: contrast.groups,
              contrastRows: contrast.rows,
              labelledRows: labelledTotal,
              understatement,
            },
          }
        : {}),
    };

    const found: FindingOf<typeof findings>[] = [];
    if (conflicts.length === 0) return { metrics: measured, findings: found };
    const examples = conflictExamples(context, conflicts.slice(0, opts.maxExamples));
    const counts = { conflictingGroups: conflicts.length, conflictingRows, minorityRows, conflictingShare: share };
    if (benchmark)
      found.push({
        key: 'conflicting-gold',
        severity: conflictSeverity(share),
        args: { ...counts, understatement, contrastGroups: contrast.groups, harness: benchmark.harness },
        examples,
      });
    else
      found.push({
        key: 'conflicting-labels',
        severity: conflictSeverity(share),
        args: {
          ...counts,
          exactConflictingGroups: exactConflicts,
          nearConflictingGroups: nearOnly,
          threshold: nearThreshold,
          ...(measured.nearBy ? { nearBy: measured.nearBy } : {}),
        },
        examples,
      });
    return { metrics: measured, findings: found };
  },
});
