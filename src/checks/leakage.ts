import { z } from 'zod';
import { TRAINING_SPLIT_NAMES } from '../core/vocabulary.js';
import { severityLadder } from './support/severity.js';
import { defineCheck, finding, type Example, type FindingOf, type Severity, type TypedFinding } from './types.js';
import { NEAR_DEFAULTS, cellExcerpt, contentExcerpt, nearRule, percent, trainContentColumns } from './support/dedup-index.js';
import { setOwn } from '../own-keys.js';
import { pct, positive, quote, type CheckRemedies } from './support/evidence.js';
import { fmt, text } from './support/export-rows.js';
import { m, metricsSchema } from './support/metrics-schema.js';
import type { CheckContext, ExportContext, FlaggedRow } from './types.js';
import { shared } from './support/wording.js';
import { wording, type LeakedRow } from './leakage.wording.js';
import { measureOverstatement, type Overstatement } from '../math/overstatement.js';
import { assignSplits, leakNearIndex, leakPairs, matchExact, matchNear, type LeakPair, type SplitAssignment } from './leakage.match.js';

const options = z
  .object({
    /** Near-duplicate similarity threshold (as for near-duplicates). */
    threshold: z.number().min(0.5).max(1).default(NEAR_DEFAULTS.threshold),
    /** Also count near duplicates when there is a text column (else exact duplicates only). */
    near: z.boolean().default(true),
    /** Split values (case-insensitive) that name the training split; every other value is an evaluation split. */
    trainNames: z
      .array(z.string())
      .min(1)
      .default([...TRAINING_SPLIT_NAMES]),
    /** How many leaked rows a finding shows as examples. */
    maxExamples: z.number().int().min(1).default(5),
  })
  .strict();

/** High from 1% of an evaluation split: its metrics are measurably inflated. */
export const leakageSeverity = (maxShare: number): Severity =>
  severityLadder(
    maxShare,
    [
      ['high', 0.01],
      ['medium', 0.001],
    ],
    'low',
  );

export interface TrainEvalOverlapArgs {
  /** Per evaluation split: leaked rows, their share, and the split's rows. */
  leakedRows: Record<string, number>;
  leakedShare: Record<string, number>;
  totalLeakedRows: number;
  maxLeakedShare: number;
  evaluationRows: Record<string, number>;
  source: 'train-file' | 'split-column';
  /** The near-duplicate threshold, or null when only exact duplicates were compared. */
  threshold: number | null;
  /** What the near copies were found in: the text, or the embeddings when there is no text column. */
  nearBy?: 'text' | 'embeddings';
}

/** The evaluation splits with leaked rows, by name (string order). */
function leakingSplits(a: TrainEvalOverlapArgs): { split: string; leaked: number; rows: number }[] {
  return Object.keys(a.leakedRows)
    .sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))
    .filter((split) => a.leakedRows[split] > 0)
    .map((split) => ({ split, leaked: a.leakedRows[split], rows: a.evaluationRows[split] }));
}

const findings = {
  'train-eval-overlap': finding({
    args: z.object({ totalLeakedRows: m.number() }),
    size: (a) => a.totalLeakedRows,
    en: (a: TrainEvalOverlapArgs) => {
      const total = a.totalLeakedRows;
      const perSplit = leakingSplits(a)
        .map((e) => `"${e.split}": ${e.leaked} of ${e.rows} rows (${percent(e.leaked / e.rows)})`)
        .join('; ');
      const how = a.threshold !== null ? `exactly or nearly (${nearRule(a.nearBy, a.threshold, 'en')})` : 'exactly';
      const from = a.source === 'train-file' ? 'the training file' : 'the training split';
      return {
        title: `${total} evaluation row${total === 1 ? '' : 's'} duplicate training rows`,
        summary: `${perSplit} duplicate a row of ${from} ${how}. The model has seen these examples in training, so metrics on these splits are inflated; removing the ${total} leaked row${total === 1 ? '' : 's'} from evaluation (or their twins from training) gives an honest estimate.`,
      };
    },
    zh: (a) => {
      const perSplit = leakingSplits(a).map((e) => `"${e.split}"：${e.rows} 行中有 ${e.leaked} 行（${percent(e.leaked / e.rows)}）`);
      const how = a.threshold !== null ? `完全或近似（${nearRule(a.nearBy, a.threshold, 'zh')}）` : '完全';
      const from = a.source === 'train-file' ? '训练文件' : '训练划分';
      return {
        title: `${a.totalLeakedRows} 行评估数据与训练数据重复`,
        summary:
          `${perSplit.join('；')}，与${from}中的某一行${how}重复。模型在训练中见过这些样本，因此这些划分上的指标偏高；` +
          `从评估中删除这 ${a.totalLeakedRows} 行泄漏数据（或从训练中删除与之重复的行），才能得到可信的估计。`,
      };
    },
  }),
};

/** The metrics as the report holds them. */
const metrics = metricsSchema({
  /** Accuracy over the evaluation rows with predictions minus the same without the leaked rows; null without predictions (or nothing leaked). */
  overstatement: m.object({
    all: m.number(),
    clean: m.number(),
    overstatement: m.number(),
    /** 95% bootstrap interval of the overstatement. */
    interval: m.numbers(),
    standardError: m.number(),
    rows: m.number(),
    flagged: m.number(),
    resamples: m.number(),
  }),
  /** Per evaluation split, by name: leaked rows, their share, and the split's rows. */
  leakedRows: m.record(z.number()),
  leakedShare: m.record(z.number()),
  evaluationRows: m.record(z.number()),
  totalLeakedRows: m.number(),
  trainingRows: m.number(),
  /** Each leaked evaluation row with the training row it duplicates most closely, in row order. */
  pairs: m.list(
    // The row is what a pair is; the rest reads null when a (hand-made or older) report lacks it.
    z.union([
      z.object({
        row: z.number().int().min(0),
        line: m.number(),
        trainRow: m.number(),
        /** Its line in the training file (`--train`) or in the data. */
        trainLine: m.number(),
        similarity: m.number(),
        split: m.string(),
        kind: m.oneOf(['exact', 'near']),
      }),
      // Older reports wrote a pair as [row, trainRow, similarity].
      z
        .tuple([z.number().int().min(0)])
        .rest(z.unknown())
        .transform(([row, trainRow, similarity]) => ({
          row,
          line: null,
          trainRow: typeof trainRow === 'number' ? trainRow : null,
          trainLine: null,
          similarity: typeof similarity === 'number' ? similarity : null,
          split: null,
          kind: null,
        })),
    ]),
  ),
  exactLeakedRows: m.number(),
  /** Where the training rows come from: a training file (`--train`) or the split column. */
  source: m.oneOf(['train-file', 'split-column']),
  keyedOn: m.oneOf(['text', 'features', 'none']),
  /** Set when feature rows coincide by chance (exact matches not counted): identical pairs seen and expected. */
  chanceCollisions: m.object({ identicalPairs: m.number(), expectedPairs: m.number() }),
  /** The near-duplicate threshold; null when only exact duplicates were compared. */
  threshold: m.number(),
  nearBy: m.oneOf(['text', 'embeddings']),
  /** Rows in neither the training nor an evaluation split. */
  excludedRows: m.number(),
  /** Columns of the data the training file lacks. */
  missingTrainColumns: m.strings(),
  /** Why nothing was compared (no training rows), else null. */
  note: m.string(),
});
type LeakageMetrics = z.output<typeof metrics>;

/** Evaluation rows named in `leakage.metrics.pairs`, each once, sorted. */
export function leakedRowsOf(metrics: Pick<LeakageMetrics, 'pairs'>): number[] {
  return [...new Set(metrics.pairs.map((pair) => pair.row))].sort((a, b) => a - b);
}

/** The sum of a count given per split; null when there is none. */
function totalOf(bySplit: Record<string, number> | null): number | null {
  const counts = Object.values(bySplit ?? {});
  return counts.length === 0 ? null : counts.reduce((sum, count) => sum + count, 0);
}

/** This check's part in the remedies: the evidence it gives and the headroom it measures. */
const remedies: CheckRemedies<LeakageMetrics, TypedFinding<typeof findings>> = {
  evidence({ metrics: m, lang }) {
    const leaked = m?.totalLeakedRows ?? null;
    if (m === null || leaked === null) return [];
    const evaluation = totalOf(m.evaluationRows);
    const share = positive(evaluation) ? shared.share[lang](pct(leaked / evaluation)) : '';
    // Per split, largest share first: `"test": 12 of 400`.
    const perSplit: { split: string; leaked: number; total: number }[] = [];
    const { leakedRows: leakedBy, evaluationRows: evalBy } = m;
    if (leakedBy && evalBy) {
      const entries = Object.keys(leakedBy)
        .map((split) => ({ split, leaked: leakedBy[split], total: Object.hasOwn(evalBy, split) ? evalBy[split] : null }))
        .filter((e): e is { split: string; leaked: number; total: number } => e.leaked > 0 && positive(e.total))
        .sort((a, b) => b.leaked / b.total - a.leaked / a.total || (a.split < b.split ? -1 : 1));
      for (const e of entries.slice(0, 3)) perSplit.push({ ...e, split: quote(e.split) });
    }
    return [wording.evidence[lang](leaked, share, perSplit)];
  },
  headroom: {
    // Honesty: how many points the leaked rows add to the measured accuracy.
    leakedShare({ metrics, lang }) {
      const o = metrics?.overstatement ?? null;
      const leaked = metrics?.totalLeakedRows ?? null;
      const [low, high] = o?.interval ?? [];
      if (o === null || o.overstatement === null || typeof low !== 'number' || typeof high !== 'number') return null;
      return {
        metric: 'overstatement',
        value: o.overstatement,
        interval: [low, high],
        unit: 'fraction',
        basis: 'measured',
        method: wording.overstatementMethod[lang](o.rows, o.all !== null ? pct(o.all) : null, leaked, o.clean !== null ? pct(o.clean) : null),
        ...(o.standardError !== null ? { standardError: o.standardError } : {}),
        ...(leaked !== null ? { rows: leaked } : {}),
      };
    },
  },
};

/**
 * Accuracy over the evaluation rows with predictions against the same without the leaked rows
 * (correctness averaged over the runs that give a class); null without predictions or labels.
 */
function overstatementOf(context: CheckContext<unknown>, evalSplit: Int32Array, bestTrain: Int32Array): Overstatement | null {
  const labels = context.labels;
  const runs = (context.predictions?.runs ?? []).filter((run) => run.pred !== null || run.score !== null);
  if (runs.length === 0) return null;
  const score: number[] = [];
  const flagged: number[] = [];
  for (let row = 0; row < evalSplit.length; row++) {
    if (evalSplit[row] < 0) continue;
    let sum = 0;
    let count = 0;
    for (const run of runs) {
      if (!run.covered[row]) continue;
      if (run.pred && labels && labels.codes[row] >= 0 && run.pred[row] >= 0) {
        sum += run.pred[row] === labels.codes[row] ? 1 : 0;
        count++;
      } else if (run.score && Number.isFinite(run.score[row])) {
        sum += run.score[row];
        count++;
      }
    }
    if (count === 0) continue;
    score.push(sum / count);
    flagged.push(bestTrain[row] >= 0 ? 1 : 0);
  }
  return measureOverstatement(score, flagged, { resamples: 1000, seed: context.settings.seed + 17 });
}

/** Every leaked evaluation row, with the training row it duplicates. */
function exportRows({ metrics, lang }: ExportContext<LeakageMetrics>): FlaggedRow[] {
  const fromFile = metrics.source === 'train-file';
  const rows = metrics.pairs.map((pair): FlaggedRow => {
    const leakedRow: LeakedRow = {
      split: pair.split !== null ? text(pair.split) : null,
      train: pair.trainRow !== null ? String(pair.trainRow) : '?',
      trainLine: pair.trainLine,
      fromFile,
      kind: pair.kind,
      similarity: fmt(pair.similarity, 3),
    };
    return { row: pair.row, reason: wording.exportReason[lang](leakedRow) };
  });
  return rows.sort((a, b) => a.row - b.row || (a.reason < b.reason ? -1 : 1));
}

/** Per evaluation split (by name): leaked rows, their share and the split's rows; the largest share and the total leaked. */
interface LeakedBySplit {
  leakedRows: Record<string, number>;
  leakedShare: Record<string, number>;
  evaluationRows: Record<string, number>;
  maxShare: number;
  totalLeaked: number;
}

function leakedBySplit(splits: SplitAssignment, leakedCount: Int32Array, evalCount: Int32Array): LeakedBySplit {
  const leakedRows: Record<string, number> = {};
  const leakedShare: Record<string, number> = {};
  const evaluationRows: Record<string, number> = {};
  let maxShare = 0;
  let totalLeaked = 0;
  for (const { name, code } of splits.order) {
    const share = evalCount[code] === 0 ? 0 : leakedCount[code] / evalCount[code];
    setOwn(leakedRows, name, leakedCount[code]);
    setOwn(leakedShare, name, share);
    setOwn(evaluationRows, name, evalCount[code]);
    maxShare = Math.max(maxShare, share);
    totalLeaked += leakedCount[code];
  }
  return { leakedRows, leakedShare, evaluationRows, maxShare, totalLeaked };
}

/** The train-eval-overlap finding, with the first leaked pairs as examples (both sides' excerpts). */
function overlapFinding(
  context: CheckContext<z.output<typeof options>>,
  pairs: readonly LeakPair[],
  perSplit: LeakedBySplit,
  metrics: { threshold: number | null; nearBy: 'text' | 'embeddings' | null },
): FindingOf<typeof findings> {
  const opts = context.options;
  const { roles } = context;
  const trainFile = context.train;
  const trainText = trainFile && roles.text ? trainContentColumns(context, { keyedOn: 'text', columns: [roles.text] }).columns[0] : undefined;
  const examples: Example[] = pairs.slice(0, opts.maxExamples).map((pair) =>
    context.example(pair.row, {
      split: pair.split,
      kind: pair.kind,
      similarity: pair.similarity,
      excerpt: contentExcerpt(context, pair.row) ?? null,
      trainRow: pair.trainRow,
      trainLine: pair.trainLine,
      trainExcerpt: (trainFile ? cellExcerpt(trainText, pair.trainRow) : contentExcerpt(context, pair.trainRow)) ?? null,
    }),
  );
  return {
    key: 'train-eval-overlap',
    severity: leakageSeverity(perSplit.maxShare),
    args: {
      leakedRows: perSplit.leakedRows,
      leakedShare: perSplit.leakedShare,
      totalLeakedRows: perSplit.totalLeaked,
      maxLeakedShare: perSplit.maxShare,
      evaluationRows: perSplit.evaluationRows,
      source: trainFile ? 'train-file' : 'split-column',
      threshold: metrics.threshold,
      ...(metrics.nearBy ? { nearBy: metrics.nearBy } : {}),
    },
    examples,
  };
}

export const leakage = defineCheck({
  id: 'leakage',
  title: 'Train/evaluation leakage',
  description:
    'Rows of evaluation splits (every split value but train/training, or the whole data when a separate training file is given with --train) that exactly or nearly duplicate a training row.',
  needs: ['split'],
  options,
  findings,
  metrics,
  remedies,
  exportRows,
  // The leaked evaluation rows leave the cleaned copy.
  cleanedCopy: { reason: 'leakage', when: 'always', rows: leakedRowsOf },
  sharedOptions: { nearDupThreshold: 'threshold' },
  async run(context) {
    const opts = context.options;
    const trainFile = context.train;
    const splits = assignSplits(context, opts.trainNames);
    const { exact, chance, matches } = matchExact(context, splits);
    const { textNear, near } = await leakNearIndex(context, opts.near, opts.threshold);
    if (near) matchNear(near, splits, matches);
    const { pairs, leakedCount, evalCount } = leakPairs(context, splits, matches);
    const perSplit = leakedBySplit(splits, leakedCount, evalCount);
    const { trainingRows } = splits;
    const measured: LeakageMetrics = {
      overstatement: overstatementOf(context, splits.evalSplit, matches.bestTrain),
      leakedRows: perSplit.leakedRows,
      leakedShare: perSplit.leakedShare,
      evaluationRows: perSplit.evaluationRows,
      totalLeakedRows: perSplit.totalLeaked,
      trainingRows,
      pairs,
      exactLeakedRows: pairs.filter((pair) => pair.kind === 'exact').length,
      source: trainFile ? 'train-file' : 'split-column',
      keyedOn: exact.keyedOn,
      chanceCollisions: chance?.byChance ? { identicalPairs: chance.observedPairs, expectedPairs: chance.expectedPairs } : null,
      threshold: textNear ? opts.threshold : near ? near.threshold : null,
      nearBy: textNear ? 'text' : near ? 'embeddings' : null,
      excludedRows: splits.excludedRows,
      missingTrainColumns: 'missingTrainColumns' in exact ? (exact as { missingTrainColumns: string[] }).missingTrainColumns : [],
      note: trainingRows === 0 ? `no training rows: no split value is one of ${opts.trainNames.join(', ')}` : null,
    };
    const found = perSplit.totalLeaked > 0 ? [overlapFinding(context, pairs, perSplit, measured)] : [];
    return { metrics: measured, findings: found };
  },
});
