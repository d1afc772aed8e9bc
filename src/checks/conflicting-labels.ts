import { z } from 'zod';
import { severityLadder } from './support/severity.js';
import { defineCheck, finding, type Example, type FindingOf, type Json, type Severity } from './types.js';
import { NEAR_DEFAULTS, contentExcerpt, exactChance, exactIndex, nearIndex, nearRule, percent } from './support/dedup-index.js';
import { embeddingNearIndex, NEAR_RADIUS_DEFAULT } from './support/embedding-index.js';
import { arr, num, type CheckRemedies, trainingRowsTouched } from './support/evidence.js';
import { field, rowGroups, text } from './support/export-rows.js';
import type { ExportContext, FlaggedRow } from './types.js';

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

interface ConflictGroup {
  rows: number[];
  /** Label of each row (null when unlabelled), in the order of `rows`. */
  labels: (string | null)[];
  /** 'exact' when the group is one exact-duplicate group; 'near' when near copies joined it. */
  kind: 'exact' | 'near';
  /** Exact-duplicate groups inside it whose identical copies carry different labels. */
  exactConflicts: number;
  /** The most frequent label, or null on a tie. */
  majorityLabel: string | null;
  labelCounts: { label: string; count: number }[];
  /** Labelled rows that do not carry the majority label (on a tie: all but one largest class). */
  minorityRows: number;
}

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

const findings = {
  'conflicting-labels': finding({
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
};

/** This check's part in the remedies: the evidence it gives and the headroom it measures. */
const remedies: CheckRemedies = {
  evidence({ metrics, lang }) {
    const m = metrics;
    const groups = arr(m, 'groups');
    const count = num(m, 'conflictingGroups') ?? groups?.length ?? null;
    if (count === null) return [];
    let members = num(m, 'conflictingRows');
    if (members === null) {
      members = 0;
      for (const group of groups ?? []) members += arr(group, 'rows')?.length ?? 0;
    }
    const minority = num(m, 'minorityRows');
    const rowsText = members > 0 ? (lang === 'en' ? ` (${members} rows)` : `(共 ${members} 行)`) : '';
    const minorityText =
      minority !== null ? (lang === 'en' ? `; ${minority} rows disagree with their group's majority` : `;其中 ${minority} 行与组内多数标签不一致`) : '';
    return [
      lang === 'en'
        ? `${count} groups of duplicate rows${rowsText} carry conflicting labels${minorityText}.`
        : `${count} 组重复样本${rowsText}带有相互矛盾的标签${minorityText}。`,
    ];
  },
  headroom: {
    // Rows that disagree with their group's majority (`minorityRows`): what a relabelling would change.
    conflictShare({ metrics: m, lang }) {
      let touched = num(m, 'minorityRows');
      if (touched === null) {
        const groups = arr(m, 'groups');
        if (!groups) return null;
        touched = 0;
        for (const group of groups) {
          const members = arr(group, 'rows');
          if (members && members.length > 1) touched += members.length - 1;
        }
      }
      return trainingRowsTouched(touched, 'relabelled', lang);
    },
  },
};

/** Every row of a conflicting group, with its label and the group's labels. */
function exportRows({ metrics, lang }: ExportContext): FlaggedRow[] {
  if (!Array.isArray(metrics.groups)) return [];
  const rows: FlaggedRow[] = [];
  for (const group of metrics.groups) {
    const members = rowGroups([group])[0] ?? [];
    const labels = field(group, 'labels');
    const labelList = Array.isArray(labels) ? labels.map((label) => (label === null || label === undefined ? null : text(label))) : [];
    const distinct = [...new Set(labelList.filter((label): label is string => label !== null))];
    members.forEach((row, index) => {
      const own = labelList.length === members.length ? labelList[index] : null;
      const others = members
        .filter((r) => r !== row)
        .slice(0, 5)
        .join(lang === 'en' ? ', ' : '、');
      rows.push({
        row,
        reason:
          lang === 'en'
            ? `${own ? `label ${own}; ` : ''}its duplicate group (rows ${others}${members.length > 6 ? ', ...' : ''}) has labels ${distinct.join(', ')}`
            : `${own ? `标签 ${own};` : ''}其重复组(记录 ${others}${members.length > 6 ? ' 等' : ''})的标签为 ${distinct.join('、')}`,
      });
    });
  }
  return rows.sort((a, b) => a.row - b.row || (a.reason < b.reason ? -1 : 1));
}

export const conflictingLabels = defineCheck({
  id: 'conflicting-labels',
  title: 'Conflicting labels',
  description: 'Exact- and near-duplicate groups whose rows carry different labels.',
  needs: ['labels'],
  options,
  findings,
  remedies,
  exportRows,
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
    const candidates = near ? near.clusters : chance?.byChance ? [] : exact.groups;

    const conflicts: ConflictGroup[] = [];
    let conflictingRows = 0;
    let minorityRows = 0;
    const counts = new Map<number, number>();
    for (const group of candidates) {
      counts.clear();
      for (const row of group) {
        const code = codes[row];
        if (code >= 0) counts.set(code, (counts.get(code) ?? 0) + 1);
      }
      if (counts.size < 2) continue;
      const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      const labelled = sorted.reduce((sum, [, count]) => sum + count, 0);
      const tie = sorted[0][1] === sorted[1][1];
      let kind: 'exact' | 'near' = 'exact';
      if (near) {
        const g = exact.groupOf[group[0]];
        for (const row of group) {
          if (g < 0 || exact.groupOf[row] !== g) {
            kind = 'near';
            break;
          }
        }
      }
      const minority = labelled - sorted[0][1];
      // Exact groups inside the cluster whose identical copies disagree: exact stays exact when near copies join.
      let exactConflicts = 0;
      if (near) {
        const labelsOfGroup = new Map<number, Set<number>>();
        for (const row of group) {
          const g = exact.groupOf[row];
          if (g < 0 || codes[row] < 0) continue;
          let set = labelsOfGroup.get(g);
          if (!set) labelsOfGroup.set(g, (set = new Set()));
          set.add(codes[row]);
        }
        for (const set of labelsOfGroup.values()) if (set.size > 1) exactConflicts++;
      } else {
        exactConflicts = 1;
      }
      conflicts.push({
        rows: Array.from(group),
        labels: Array.from(group, (row) => (codes[row] >= 0 ? labels.classes[codes[row]] : null)),
        kind,
        exactConflicts,
        majorityLabel: tie ? null : labels.classes[sorted[0][0]],
        labelCounts: sorted.map(([code, count]) => ({ label: labels.classes[code], count })),
        minorityRows: minority,
      });
      conflictingRows += group.length;
      minorityRows += minority;
    }

    let labelledTotal = 0;
    for (let row = 0; row < codes.length; row++) if (codes[row] >= 0) labelledTotal++;
    const share = labelledTotal === 0 ? 0 : conflictingRows / labelledTotal;
    const exactConflicts = conflicts.reduce((sum, group) => sum + group.exactConflicts, 0);
    const nearOnly = conflicts.filter((group) => group.exactConflicts === 0).length;
    const metrics = {
      conflictingGroups: conflicts.length,
      groups: conflicts as unknown as Json[],
      conflictingRows,
      minorityRows,
      exactConflictingGroups: exactConflicts,
      nearConflictingGroups: nearOnly,
      conflictingShare: share,
      source: near ? 'exact+near' : 'exact',
      threshold: nearThreshold,
      nearBy: textNear ? ('text' as const) : near ? ('embeddings' as const) : null,
      keyedOn: exact.keyedOn,
      chanceCollisions: !near && chance?.byChance === true ? { identicalPairs: chance.observedPairs, expectedPairs: chance.expectedPairs } : null,
    };

    const found: FindingOf<typeof findings>[] = [];
    if (conflicts.length > 0) {
      const examples: Example[] = conflicts.slice(0, opts.maxExamples).map((group, g) => {
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
      found.push({
        key: 'conflicting-labels',
        severity: conflictSeverity(share),
        args: {
          conflictingGroups: conflicts.length,
          conflictingRows,
          minorityRows,
          conflictingShare: share,
          exactConflictingGroups: exactConflicts,
          nearConflictingGroups: nearOnly,
          threshold: metrics.threshold,
          ...(metrics.nearBy ? { nearBy: metrics.nearBy } : {}),
        },
        examples,
      });
    }
    return { metrics, findings: found };
  },
});
