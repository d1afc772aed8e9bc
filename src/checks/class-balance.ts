import { z } from 'zod';
import { severityLadder } from './support/severity.js';
import { defineCheck, finding, type FindingOf, type Severity, type TypedFinding } from './types.js';
import { pct2 } from './support/format.js';
import { classCounts, imbalanceRatio, normalizedEntropy } from '../math/distribution.js';
import { recordOf, setOwn } from '../own-keys.js';
import { generic, jsonText, quote, type CheckRemedies } from './support/evidence.js';
import { m, metricsSchema } from './support/metrics-schema.js';
import { shared } from './support/wording.js';
import { wording } from './class-balance.wording.js';

const options = z
  .object({
    /** Largest/smallest class count at or above which imbalance is a finding. */
    maxImbalanceRatio: z.number().min(1).default(3),
    /** A class below this share of labelled rows is rare. */
    rareClassShare: z.number().min(0).max(1).default(0.01),
    /** A class with fewer rows than this is rare, whatever its share. */
    minClassCount: z.number().int().min(0).default(20),
  })
  .strict();

const imbalanceSeverity = (ratio: number): Severity =>
  severityLadder(
    ratio,
    [
      ['high', 20],
      ['medium', 8],
    ],
    'low',
  );

export interface ImbalanceArgs {
  /** Largest / smallest class count; null when a class has no rows (unbounded). */
  imbalanceRatio: number | null;
  normalizedEntropy: number;
  largestClass: string;
  smallestClass: string;
  largestCount: number;
  smallestCount: number;
}

export interface RareClass {
  class: string;
  count: number;
  share: number;
}

export interface RareClassesArgs {
  rareClasses: RareClass[];
  minClassCount: number;
  rareClassShare: number;
}

const findings = {
  imbalance: finding({
    args: z.object({ imbalanceRatio: m.number(), largestClass: m.string(), smallestClass: m.string(), largestCount: m.number(), smallestCount: m.number() }),
    en: (a: ImbalanceArgs) => ({
      title: 'Classes are imbalanced',
      summary: `The largest class "${a.largestClass}" has ${a.largestCount} rows and the smallest "${a.smallestClass}" has ${a.smallestCount}: an imbalance of ${a.imbalanceRatio !== null ? `${a.imbalanceRatio.toFixed(1)}:1` : 'unbounded (a class has no rows)'} (normalised entropy ${a.normalizedEntropy.toFixed(3)}). Accuracy can look good while the small classes are mostly wrong.`,
    }),
    zh: (a) => ({
      title: '类别不平衡',
      summary:
        `最大的类别 "${a.largestClass}" 有 ${a.largestCount} 行，最小的类别 "${a.smallestClass}" 有 ${a.smallestCount} 行：` +
        `${a.imbalanceRatio !== null ? `不平衡比为 ${a.imbalanceRatio.toFixed(1)}:1` : '不平衡比没有上界（有类别没有任何行）'}（归一化熵 ${a.normalizedEntropy.toFixed(3)}）。总体准确率可能看起来不错，而小类别却大多预测错误。`,
    }),
  }),
  'rare-classes': finding({
    args: z.object({ rareClasses: m.list(z.object({ class: m.json(), count: m.number() })) }),
    en: (a: RareClassesArgs) => ({
      title: `${a.rareClasses.length} rare class${a.rareClasses.length === 1 ? '' : 'es'}`,
      summary: `${a.rareClasses.map((entry) => `"${entry.class}" (${entry.count} rows, ${pct2(entry.share)})`).join(', ')} ${a.rareClasses.length === 1 ? 'has' : 'have'} fewer than ${a.minClassCount} rows or less than ${(a.rareClassShare * 100).toFixed(1)}% of the labels: too few to learn or to measure reliably.`,
    }),
    zh: (a) => ({
      title: `${a.rareClasses.length} 个稀有类别`,
      summary: `${a.rareClasses.map((entry) => `"${entry.class}"（${entry.count} 行，${pct2(entry.share)}）`).join('、')}的行数少于 ${a.minClassCount}，或占标签的比例低于 ${(a.rareClassShare * 100).toFixed(1)}%：样本太少，难以可靠地学习或评估。`,
    }),
  }),
};

/** The metrics as the report holds them. */
const metrics = metricsSchema({
  classes: m.strings(),
  /** Rows of each class, by class name. */
  classCounts: m.record(z.number()),
  labelledRows: m.number(),
  unlabelledRows: m.number(),
  /** Null when a class has no rows (unbounded). */
  imbalanceRatio: m.number(),
  normalizedEntropy: m.number(),
  rareClasses: m.list(z.object({ class: z.string(), count: z.number(), share: z.number() })),
  /** Rows of each class by split value (empty without a split column). */
  bySplit: m.record(z.record(z.string(), z.number())),
  benchmark: m.optional(z.object({ harness: z.string(), findingsWithheld: z.boolean() })),
});
type ClassBalanceMetrics = z.output<typeof metrics>;

/** This check's part in the remedies: the evidence it gives and the headroom it measures. */
const remedies: CheckRemedies<ClassBalanceMetrics, TypedFinding<typeof findings>> = {
  evidence({ lang, findings }) {
    const out: string[] = [];
    for (const f of findings) {
      if (f.key === 'imbalance') {
        const { imbalanceRatio: ratio, largestClass: large, smallestClass: small, largestCount: largeCount, smallestCount: smallCount } = f.args;
        if (large === null || small === null || largeCount === null || smallCount === null) {
          out.push(...generic(f, lang));
          continue;
        }
        const r = ratio !== null ? `${ratio.toFixed(1)}:1` : wording.unbounded[lang]();
        out.push(wording.imbalance[lang](quote(large), largeCount, quote(small), smallCount, r));
      } else if (f.key === 'rare-classes') {
        const rare = f.args.rareClasses;
        if (rare.length === 0) {
          out.push(...generic(f, lang));
          continue;
        }
        const list = rare
          .slice(0, 3)
          .map((entry) => wording.rareClass[lang](quote(jsonText(entry.class)), entry.count ?? '?'))
          .join(shared.listSep[lang]());
        const more = rare.length > 3 ? shared.more[lang]() : '';
        out.push(wording.rareClasses[lang](rare.length, list, more));
      } else {
        out.push(...generic(f, lang));
      }
    }
    return out;
  },
};

export const classBalance = defineCheck({
  id: 'class-balance',
  title: 'Class balance',
  description: 'Class counts, imbalance ratio (largest/smallest), normalised entropy and rare classes of the labels.',
  needs: ['labels'],
  options,
  findings,
  metrics,
  remedies,
  // Data rows: the labelled ones and the unlabelled ones.
  rowCount: ({ labelledRows, unlabelledRows }) => (labelledRows === null ? null : labelledRows + (unlabelledRows ?? 0)),
  run(context) {
    const labels = context.labels!;
    const { maxImbalanceRatio, rareClassShare, minClassCount } = context.options;
    const counts = classCounts(labels.codes, labels.classes.length);
    const labelled = counts.reduce((a, b) => a + b, 0);
    const ratio = imbalanceRatio(counts);
    const entropy = normalizedEntropy(counts);
    const classCountsByName = recordOf(labels.classes, counts);
    const rareClasses = labels.classes
      .map((name, index) => ({ class: name, count: counts[index], share: labelled === 0 ? 0 : counts[index] / labelled }))
      .filter((entry) => entry.count < minClassCount || entry.share < rareClassShare);

    // Per-split counts show whether the evaluation split mirrors training.
    const bySplit: Record<string, Record<string, number>> = {};
    const splitColumn = context.roles.split ? context.data.column(context.roles.split) : undefined;
    if (splitColumn?.levels && splitColumn.codes) {
      const table = splitColumn.levels.map(() => new Array<number>(labels.classes.length).fill(0));
      for (let row = 0; row < labels.codes.length; row++) {
        const split = splitColumn.codes[row];
        if (split >= 0 && labels.codes[row] >= 0) table[split][labels.codes[row]]++;
      }
      splitColumn.levels.forEach((level, s) => {
        setOwn(bySplit, level, recordOf(labels.classes, table[s]));
      });
    }

    const measured = {
      classes: [...labels.classes],
      classCounts: classCountsByName,
      labelledRows: labelled,
      unlabelledRows: labels.codes.length - labelled,
      imbalanceRatio: Number.isFinite(ratio) ? ratio : null,
      normalizedEntropy: entropy,
      rareClasses,
      bySplit,
      // Benchmark items: the classes are answer positions (A, B, ...) and nothing is trained on the
      // rows, so neither imbalance nor rare classes are findings; answer-bias compares the answers given with these.
      ...(context.roles.benchmark ? { benchmark: { harness: context.roles.benchmark.harness, findingsWithheld: true } } : {}),
    };
    if (context.roles.benchmark) return { metrics: measured, findings: [] };

    const found: FindingOf<typeof findings>[] = [];
    const largest = counts.indexOf(Math.max(...counts));
    const smallest = counts.indexOf(Math.min(...counts));
    if (labels.classes.length >= 2 && ratio >= maxImbalanceRatio) {
      found.push({
        key: 'imbalance',
        severity: Number.isFinite(ratio) ? imbalanceSeverity(ratio) : 'high',
        args: {
          imbalanceRatio: measured.imbalanceRatio,
          normalizedEntropy: entropy,
          largestClass: labels.classes[largest],
          smallestClass: labels.classes[smallest],
          largestCount: counts[largest],
          smallestCount: counts[smallest],
        },
        examples: [],
      });
    }
    if (rareClasses.length > 0 && labels.classes.length >= 2) {
      const examples = rareClasses.slice(0, 5).flatMap((entry) => {
        const code = labels.classes.indexOf(entry.class);
        const row = labels.codes.indexOf(code);
        return row >= 0 ? [context.example(row, { class: entry.class })] : [];
      });
      found.push({
        key: 'rare-classes',
        severity: rareClasses.some((entry) => entry.count < 5) ? 'medium' : 'low',
        args: { rareClasses, minClassCount, rareClassShare },
        examples,
      });
    }
    return { metrics: measured, findings: found };
  },
});
