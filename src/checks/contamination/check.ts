/**
 * Contamination of fine-tuning data: are the evaluation items inside the training text, whatever
 * prompt template wraps them? The evaluation rows' text is indexed as n-gram hashes
 * (math/ngram-containment.ts: word 13-grams, CJK characters as tokens), the fine-tuning corpus is
 * streamed once (io/corpus-scan.ts; or partial scans of its shards are merged), and each item gets
 * the share of its n-grams found. The effect on the reported accuracy is the leakage check's
 * overstatement (math/overstatement.ts): accuracy on all items minus accuracy on the clean ones.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { defineCheck, type FindingOf, type Json, type TypedFinding } from '../types.js';
import { InputError } from '../../errors.js';
import { ContainmentIndex, coverage } from '../../math/ngram-containment.js';
import { measureOverstatement } from '../../math/overstatement.js';
import { indexDigest, mergeScans, scanCorpus, scanFromJson, type CorpusScan } from '../../io/corpus-scan.js';
import { severityLadder } from '../support/severity.js';
import { generic, type CheckRemedies } from '../support/evidence.js';
import { m, metricsSchema } from '../support/metrics-schema.js';
import type { CheckContext } from '../types.js';
import { findings, type ItemsInTrainingArgs } from './findings.js';
import { wording } from './wording.js';
import type { Lang } from '../../core/vocabulary.js';
import { options, type Options } from './options.js';

/** Training rows holding an item kept (the first, in file order): the rows the decontaminate remedy names. */
export const TRAINING_EXAMPLES = 100;

/** The evaluation rows and their item texts (item columns joined), null where a row has none. */
export function evaluationItems(
  context: Pick<CheckContext, 'data' | 'roles' | 'rowRoles'>,
  itemCols: readonly string[],
): { rows: number[]; texts: (string | null)[] } | null {
  const columns = itemCols.length > 0 ? itemCols : context.roles.text ? [context.roles.text] : [];
  if (columns.length === 0) return null;
  const cells = columns.map((name) => {
    const column = context.data.column(name);
    if (!column) throw new InputError(`checkOptions.contamination.itemCols: the data has no column "${name}"`, context.data.path);
    return column;
  });
  const rows: number[] = [];
  const texts: (string | null)[] = [];
  for (let row = 0; row < context.data.rowCount; row++) {
    if (!context.rowRoles.evaluation[row]) continue;
    const parts = cells.map((column) => column.get(row)).filter((text) => text !== '');
    rows.push(row);
    texts.push(parts.length === 0 ? null : parts.join('\n'));
  }
  return { rows, texts };
}

/** The index of the evaluation items and its digest (what partial scans must have been made against). */
export function buildIndex(
  texts: readonly (string | null)[],
  opts: Pick<Options, 'n' | 'minTokens' | 'minCoverage' | 'textCols'>,
): { index: ContainmentIndex; digest: string } {
  const index = new ContainmentIndex(texts, { n: opts.n, minTokens: opts.minTokens });
  return { index, digest: indexDigest(texts, index, opts.minCoverage, opts.textCols) };
}

async function readPartials(paths: readonly string[], maxExamples: number): Promise<CorpusScan> {
  const parts: CorpusScan[] = [];
  for (const path of paths) {
    let json: unknown;
    try {
      json = JSON.parse(await readFile(path, 'utf8'));
    } catch (error) {
      throw new InputError(`cannot read the partial scan: ${(error as Error).message.split('\n')[0]}`, path);
    }
    parts.push(scanFromJson(json, path));
  }
  return mergeScans(parts, maxExamples);
}

/** Mean score over the runs of each evaluation row (NaN where a run has none). */
function meanScores(context: CheckContext, rows: readonly number[]): Float64Array | null {
  const runs = context.predictions?.runs.filter((run) => run.score !== null) ?? [];
  if (runs.length === 0) return null;
  return Float64Array.from(rows, (row) => {
    let sum = 0;
    for (const run of runs) {
      const score = run.covered[row] ? run.score![row] : NaN;
      if (!Number.isFinite(score)) return NaN;
      sum += score;
    }
    return sum / runs.length;
  });
}

/** The metrics as the report holds them. */
const metrics = metricsSchema({
  /** Word n-gram length, and the share of an item's n-grams at which it counts as contaminated. */
  n: m.number(),
  minCoverage: m.number(),
  /** The corpus files scanned, with their rows. */
  files: m.list(z.object({ path: z.string(), rows: z.number() })),
  /** The record fields scanned (`--train-text-cols`). */
  columns: m.strings(),
  rowsScanned: m.number(),
  rowsWithoutText: m.number(),
  /** Training rows that by themselves hold at least minCoverage of an item. */
  rowsHolding: m.number(),
  /** Items judged (enough tokens), and those not. */
  items: m.number(),
  itemsNotJudged: m.number(),
  contaminated: m.number(),
  /** Items with any n-gram in the corpus, and with at least 80% of them. */
  anyOverlap: m.number(),
  mostlyCovered: m.number(),
  /** Accuracy (mean score over the runs) on every judged item and on the clean ones; null without scores. */
  accuracy: m.object({
    all: m.number(),
    clean: m.number(),
    overstatement: m.number(),
    /** 95% bootstrap interval of the overstatement. */
    interval: m.numbers(),
    rows: m.number(),
    flagged: m.number(),
    runs: m.number(),
  }),
  /** Training rows holding an item (the first ones, in file order): file, line, the item's data row, its coverage. */
  trainingExamples: m.list(z.object({ file: z.string(), line: z.number(), row: z.number(), coverage: z.number() })),
  /** Items with any overlap (the first 1000): coverage, the best single row's coverage, training rows with hits. */
  perItem: m.list(z.object({ row: z.number(), coverage: z.number(), bestRowCoverage: z.number(), trainingRowsWithHits: z.number() })),
  perItemTruncated: m.boolean(),
});
type ContaminationMetrics = z.output<typeof metrics>;

const remedies: CheckRemedies<ContaminationMetrics, TypedFinding<typeof findings>> = {
  evidence({ findings: own, lang }) {
    return own.flatMap((f) => generic(f, lang)).slice(0, 3);
  },
  headroom: {
    // Honesty: the points by which the contaminated items overstate the reported accuracy.
    contaminationOverstatement({ metrics, lang }) {
      const o = metrics?.accuracy ?? null;
      const [low, high] = o?.interval ?? [];
      if (o === null || o.overstatement === null || typeof low !== 'number' || typeof high !== 'number') return null;
      const rows = o.rows;
      return {
        metric: 'overstatement',
        value: o.overstatement,
        interval: [low, high],
        unit: 'fraction',
        basis: 'measured',
        method: wording.overstatementMethod[lang](rows),
        ...(rows !== null ? { rows } : {}),
      };
    },
  },
};

type Context = CheckContext<Options>;
type Items = NonNullable<ReturnType<typeof evaluationItems>>;

/** Why the check cannot run (no corpus), or null; a corpus without its text fields is an input error. */
function missingCorpus(opts: Options, lang: Lang): string | null {
  if (opts.files.length === 0 && opts.partials.length === 0) return wording.noCorpus[lang]();
  if (opts.files.length > 0 && opts.textCols.length === 0)
    throw new InputError('--train-text-cols is needed to scan the fine-tuning corpus (the fields holding its text, e.g. instruction,input,output)');
  return null;
}

/** The corpus scanned against the items' index (or its partial scans merged), checked to be made against these items. */
async function scanAgainst(opts: Options, items: Items): Promise<{ index: ContainmentIndex; scan: CorpusScan }> {
  const { index, digest } = buildIndex(items.texts, opts);
  const scan =
    opts.partials.length > 0
      ? await readPartials(opts.partials, TRAINING_EXAMPLES)
      : await scanCorpus(opts.files, index, digest, { columns: opts.textCols, rowShare: opts.minCoverage, maxExamples: TRAINING_EXAMPLES });
  if (scan.index !== digest)
    throw new InputError(`the partial scans were made against other evaluation items or settings (index ${scan.index}; these items give ${digest})`);
  return { index, scan };
}

/** The items judged (with n-grams), those at or above minCoverage, and the counts of partial and mostly covered items. */
interface Judgement {
  share: Float64Array;
  judged: number[];
  flagged: Uint8Array;
  anyOverlap: number;
  mostly: number;
  coverageSum: number;
  contaminated: number;
}

function judgeItems(share: Float64Array, items: number, minCoverage: number): Judgement {
  const judged: number[] = [];
  const flagged = new Uint8Array(items);
  let anyOverlap = 0;
  let mostly = 0;
  let coverageSum = 0;
  share.forEach((value, i) => {
    if (Number.isNaN(value)) return;
    judged.push(i);
    if (value > 0) anyOverlap++;
    if (value >= 0.8) mostly++;
    if (value >= minCoverage) {
      flagged[i] = 1;
      coverageSum += value;
    }
  });
  const contaminated = flagged.reduce((a, b) => a + b, 0);
  return { share, judged, flagged, anyOverlap, mostly, coverageSum, contaminated };
}

/** Accuracy on all judged items with a score against the clean ones (null without scores). */
function accuracyEffect(context: Context, items: Items, judgement: Judgement) {
  const { judged, flagged } = judgement;
  const scores = meanScores(context, items.rows);
  const scored = scores ? judged.filter((i) => Number.isFinite(scores[i])) : [];
  return scores && scored.length > 0
    ? measureOverstatement(
        scored.map((i) => scores[i]),
        scored.map((i) => flagged[i]),
        { resamples: 1000, seed: context.settings.seed + 53 },
      )
    : null;
}

type Effect = ReturnType<typeof accuracyEffect>;

function contaminationMetrics(opts: Options, items: Items, scan: CorpusScan, judgement: Judgement, over: Effect, runs: number): ContaminationMetrics {
  const { share, judged } = judgement;
  const perItem: ContaminationMetrics['perItem'] = [];
  for (const i of judged)
    if (share[i] > 0)
      perItem.push({
        row: items.rows[i],
        coverage: share[i],
        bestRowCoverage: scan.counts.bestRowCoverage[i],
        trainingRowsWithHits: scan.counts.rowsWithHits[i],
      });
  return {
    n: opts.n,
    minCoverage: opts.minCoverage,
    files: scan.files,
    columns: scan.columns,
    rowsScanned: scan.counts.rowsScanned,
    rowsWithoutText: scan.rowsWithoutText,
    rowsHolding: scan.rowsHolding,
    items: judged.length,
    itemsNotJudged: items.rows.length - judged.length,
    contaminated: judgement.contaminated,
    anyOverlap: judgement.anyOverlap,
    mostlyCovered: judgement.mostly,
    accuracy: over
      ? { all: over.all, clean: over.clean, overstatement: over.overstatement, interval: over.interval, rows: over.rows, flagged: over.flagged, runs }
      : null,
    trainingExamples: scan.examples.map((example) => ({ file: example.file, line: example.line, row: items.rows[example.item], coverage: example.coverage })),
    perItem: perItem.slice(0, 1000),
    perItemTruncated: perItem.length > 1000,
  };
}

/** The items-in-training finding, with the first contaminated items and the training row holding each. */
function itemsInTrainingFinding(
  context: Context,
  items: Items,
  scan: CorpusScan,
  judgement: Judgement,
  over: Effect,
  runs: number,
): FindingOf<typeof findings> {
  const opts = context.options;
  const { share, judged, flagged, contaminated } = judgement;
  const args: ItemsInTrainingArgs = {
    items: judged.length,
    contaminated,
    share: contaminated / judged.length,
    anyOverlap: judgement.anyOverlap,
    mostlyCovered: judgement.mostly,
    meanCoverage: judgement.coverageSum / contaminated,
    n: opts.n,
    minCoverage: opts.minCoverage,
    rowsScanned: scan.counts.rowsScanned,
    rowsHolding: scan.rowsHolding,
    files: scan.files.map((file) => file.path),
    columns: scan.columns,
    accuracy: over ? { all: over.all, clean: over.clean, overstatement: over.overstatement, interval: over.interval, runs } : null,
  };
  const byRow = new Map(scan.examples.map((example) => [example.item, example]));
  const examples = [];
  for (const i of judged) {
    if (examples.length >= opts.maxExamples) break;
    if (!flagged[i]) continue;
    const held = byRow.get(i);
    const fields: Record<string, Json> = { coverage: share[i] };
    if (held) fields.trainingRow = `${held.file}:${held.line}`;
    const excerpt = context.excerpt(items.rows[i]);
    if (excerpt !== undefined) fields.text = excerpt;
    examples.push(context.example(items.rows[i], fields));
  }
  return {
    key: 'items-in-training',
    severity: severityLadder(
      args.share,
      [
        ['high', 0.01],
        ['medium', 0.001],
      ],
      'low',
    ),
    args,
    examples,
  };
}

export const contamination = defineCheck({
  id: 'contamination',
  title: 'Contamination of fine-tuning data',
  description:
    'With a fine-tuning corpus (--train FILE --train-text-cols a,b): the evaluation items whose word 13-grams (characters for Chinese) are found in the training text, wrapped in a prompt template or not, as in the GPT-3 and LLaMA 2 reports; the share of each item covered, the training rows that hold an item, and how much the contaminated items overstate the accuracy. The corpus is streamed once (or scanned as shards and merged).',
  needs: [],
  rows: 'evaluation',
  options,
  findings,
  metrics,
  remedies,
  async run(context) {
    const opts = context.options;
    const skipped = missingCorpus(opts, context.settings.lang);
    if (skipped !== null) return { metrics: {}, findings: [], skipped };
    const items = evaluationItems(context, opts.itemCols);
    if (!items) return { metrics: {}, findings: [], skipped: wording.noItemText[context.settings.lang]() };
    const { index, scan } = await scanAgainst(opts, items);
    const judgement = judgeItems(coverage(index, scan.counts), items.rows.length, opts.minCoverage);
    const over = accuracyEffect(context, items, judgement);
    const runs = context.predictions?.runs.filter((run) => run.score !== null).length ?? 0;
    const measured = contaminationMetrics(opts, items, scan, judgement, over, runs);
    const found = judgement.contaminated > 0 ? [itemsInTrainingFinding(context, items, scan, judgement, over, runs)] : [];
    return { metrics: measured, findings: found };
  },
});
