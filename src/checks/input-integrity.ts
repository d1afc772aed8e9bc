import { z } from 'zod';
import { defineCheck, finding, type CheckContext, type Example, type FindingOf, type TypedFinding } from './types.js';
import type { RenamedHeader } from '../data/table.js';
import type { JoinIssue, Predictions } from '../data/model.js';
import { pct2 } from './support/format.js';
import { sanitizeInline } from '../core/sanitize.js';
import { TRAINING_SPLIT_NAMES } from '../core/vocabulary.js';
import { generic, type CheckRemedies } from './support/evidence.js';
import { m, metricsSchema } from './support/metrics-schema.js';
import { unmatchedPredictionPlaces } from './input-integrity.places.js';
import { wording } from './input-integrity.wording.js';

const options = z
  .object({
    /** How many examples (lines) a finding lists; the metrics list every ragged line. */
    maxExamples: z.number().int().min(1).default(10),
  })
  .strict();

export interface RaggedRowsArgs {
  raggedRows: number;
  lines: number[];
  expectedFields: number;
  rows: number;
  shortRows: number;
}

export interface DuplicateIdsArgs {
  duplicateIdRows: number;
  rows: number;
  column: string;
  /** Lines of the first and the repeating row, for the first three repeats. */
  firstLines: [number, number][];
  firstIds: string[];
}

export interface FreeFormAnswersArgs {
  column: string;
  distinct: number;
  rows: number;
  examples: string[];
}

export interface LineEndingsArgs {
  lf: number;
  crlf: number;
  cr: number;
  firstLf: number | null;
  firstCrlf: number | null;
  firstCr: number | null;
}

export interface RunCoverage {
  run: string;
  rows: number;
  share: number;
}

const LINE_ENDINGS = [
  ['LF', 'lf', 'firstLf'],
  ['CRLF', 'crlf', 'firstCrlf'],
  ['CR', 'cr', 'firstCr'],
] as const;

const findings = {
  'ragged-rows': finding({
    args: z.object({ raggedRows: m.number() }),
    en: (a: RaggedRowsArgs) => ({
      title: `${a.raggedRows} row${a.raggedRows === 1 ? '' : 's'} with the wrong number of fields`,
      summary: `${a.raggedRows} of ${a.rows} rows do not have the header's ${a.expectedFields} fields (${a.shortRows} short, padded with missing cells; ${a.raggedRows - a.shortRows} long, extra fields ignored): lines ${a.lines.slice(0, 10).join(', ')}${a.raggedRows > 10 ? ', ...' : ''}. A stray delimiter or an unquoted comma shifts every later column of the row.`,
    }),
    zh: (a) => ({
      title: `${a.raggedRows} 行的字段数不正确`,
      summary:
        `${a.rows} 行中有 ${a.raggedRows} 行的字段数不等于表头的 ${a.expectedFields} 个（${a.shortRows} 行字段不足，已用缺失值补齐；${a.raggedRows - a.shortRows} 行字段过多，多余字段已忽略）：` +
        `第 ${a.lines.slice(0, 10).join('、')}${a.lines.length > 10 ? ' 等' : ''} 行。多出的分隔符或未加引号的逗号会使该行之后的每一列都错位。`,
    }),
  }),
  'duplicate-headers': finding({
    args: z.object({ renamed: m.array(z.unknown()) }),
    en: (a: { renamed: RenamedHeader[] }) => ({
      title: `${a.renamed.length} header name${a.renamed.length === 1 ? '' : 's'} repeated or empty`,
      summary: `Renamed to keep columns apart: ${a.renamed.map((h) => `"${h.original}" (column ${h.position + 1}) -> "${h.renamed}"`).join(', ')}. Check which copy your training code reads.`,
    }),
    zh: (a) => ({
      title: `${a.renamed.length} 个表头名称重复或为空`,
      summary: `为区分各列，已重命名：${a.renamed.map((h) => `第 ${h.position + 1} 列 "${h.original}" -> "${h.renamed}"`).join('；')}。请确认训练代码读取的是哪一列。`,
    }),
  }),
  'duplicate-ids': finding({
    en: (a: DuplicateIdsArgs) => ({
      title: `${a.duplicateIdRows} row${a.duplicateIdRows === 1 ? ' repeats an id' : 's repeat ids'} of the id column`,
      summary: `${a.duplicateIdRows} of ${a.rows} rows ${a.duplicateIdRows === 1 ? 'has' : 'have'} an id that an earlier row of "${a.column}" already has (first: ${a.firstIds.map((id, i) => `"${id}" (lines ${a.firstLines[i][0]} and ${a.firstLines[i][1]})`).join(', ')}). Predictions cannot be joined to these rows by id: give another --id-col, or make the ids unique.`,
    }),
    zh: (a) => ({
      title: `${a.duplicateIdRows} 行的 id 与前面的行重复`,
      summary: `${a.rows} 行中有 ${a.duplicateIdRows} 行的 id 已出现在 "${a.column}" 列的前面某行中（前几个：${a.firstIds.map((id, i) => `"${id}"（第 ${a.firstLines[i][0]} 行和第 ${a.firstLines[i][1]} 行）`).join('、')}）。预测无法按 id 对应到这些行：请换用其他 --id-col，或使 id 唯一。`,
    }),
  }),
  'mixed-line-endings': finding({
    en: (a: LineEndingsArgs) => ({
      title: 'Lines end in different ways',
      summary: `The file mixes line endings: ${LINE_ENDINGS.filter(([, count]) => a[count] > 0)
        .map(([name, count, first]) => `${a[count]} ${name} (first at line ${a[first]})`)
        .join(
          ', ',
        )}. Each was read as one line break, so no carriage return is left inside a value; tools that split on one kind only would read these lines differently.`,
    }),
    zh: (a) => ({
      title: '文件中的换行符不一致',
      summary: `文件混用了不同的换行符：${LINE_ENDINGS.filter(([, count]) => a[count] > 0)
        .map(([name, count, first]) => `${a[count]} 个 ${name}（首次出现在第 ${a[first]} 行）`)
        .join('、')}。每种都按一个换行读取，因此值中不会残留回车符；只按一种换行符切分的工具会以不同方式读取这些行。`,
    }),
  }),
  'generation-task': finding({
    en: (a: FreeFormAnswersArgs) => ({
      title: `"${a.column}" holds free-form answers, not classes: the task looks like generation`,
      summary: `Column "${a.column}" is named like a label, but its ${a.rows} values take ${a.distinct} distinct forms, ${(a.rows / a.distinct).toFixed(1)} rows each on average (for example ${a.examples.map((e) => `"${e}"`).join(', ')}): answers to generate, not classes to predict. It was not taken as the label, so the checks that read classes (class balance, label noise, per-class performance, slices, calibration, seed instability, the proxy model) have nothing to read; duplicates, near-duplicates, leakage between splits, missing values and distribution shift still apply. If these values are classes, give --label-col ${a.column}.`,
    }),
    zh: (a) => ({
      title: `"${a.column}" 列是自由形式的答案而非类别：任务看起来是生成任务`,
      summary: `"${a.column}" 列的名称像标签列，但其 ${a.rows} 个值有 ${a.distinct} 种不同取值，平均每种 ${(a.rows / a.distinct).toFixed(1)} 行（例如 ${a.examples.map((e) => `"${e}"`).join('、')}）：这是要生成的答案，而不是要预测的类别。因此未把它当作标签，读取类别的检查（类别平衡、标签噪声、各类别表现、切片、校准、种子不稳定性、代理模型）无从读取；重复、近似重复、划分之间的泄漏、缺失值和分布偏移检查仍然适用。如果这些值确实是类别，请加上 --label-col ${a.column}。`,
    }),
  }),
  'undecodable-bytes': finding({
    en: (a: { undecodable: number; lines: number[] }) => ({
      title: `${a.undecodable} byte sequence${a.undecodable === 1 ? ' is' : 's are'} not valid UTF-8`,
      summary: `${a.undecodable} byte sequence${a.undecodable === 1 ? '' : 's'} could not be decoded as UTF-8 and became U+FFFD (line${a.lines.length === 1 && a.undecodable === 1 ? '' : 's'} ${a.lines.join(', ')}${a.undecodable > a.lines.length ? ', ...' : ''}); texts holding them no longer match their originals. If the file is Latin-1, run again with --encoding latin1.`,
    }),
    zh: (a) => ({
      title: `${a.undecodable} 个字节序列不是有效的 UTF-8`,
      summary: `${a.undecodable} 个字节序列无法按 UTF-8 解码，已替换为 U+FFFD（第 ${a.lines.join('、')}${a.undecodable > a.lines.length ? ' 等' : ''} 行）；含有它们的文本已与原文不同。如果文件是 Latin-1 编码，请加上 --encoding latin1 重新运行。`,
    }),
  }),
  'unmatched-predictions': finding({
    args: z.object({ unmatchedRecords: m.number() }),
    en: (a: { unmatchedRecords: number; records: number; examples: JoinIssue[] }) => ({
      title: `${a.unmatchedRecords} prediction record${a.unmatchedRecords === 1 ? '' : 's'} match no data row`,
      summary: `${a.unmatchedRecords} of ${a.records} prediction records have an id that is not in the data (first: ${a.examples
        .slice(0, 3)
        .map((e) => `"${e.id}" at ${e.path}:${e.line}`)
        .join(', ')}). They are left out of every metric; the data and the predictions may come from different versions of the dataset.`,
    }),
    zh: (a) => ({
      title: `${a.unmatchedRecords} 条预测记录在数据中找不到对应的行`,
      summary: `${a.records} 条预测记录中有 ${a.unmatchedRecords} 条的 id 不在数据中（前几条：${a.examples
        .slice(0, 3)
        .map((e) => `${e.path}:${e.line} 处的 "${e.id}"`)
        .join('、')}）。这些记录不计入任何指标；数据与预测可能来自数据集的不同版本。`,
    }),
  }),
  'rows-without-predictions': finding({
    args: z.object({ rowsWithoutPredictions: m.number() }),
    en: (a: RowsWithoutPredictionsArgs) => {
      const train =
        a.inTrainingSplit > 0 && a.splitColumn !== null
          ? ` ${a.inTrainingSplit === a.rowsWithoutPredictions ? 'All of them are' : `${a.inTrainingSplit} of them are`} in the training split (${sanitizeInline(a.splitColumn)}), which is not expected to have evaluation predictions.`
          : '';
      return {
        title: `${a.rowsWithoutPredictions} data row${a.rowsWithoutPredictions === 1 ? '' : 's'} without predictions${a.inTrainingSplit === a.rowsWithoutPredictions && a.splitColumn !== null ? ' (the training split)' : ''}`,
        summary: `${a.rowsWithoutPredictions} of ${a.rows} data rows (${pct2(a.rowsWithoutPredictions / a.rows)}) have no prediction in any run; prediction-based metrics cover only the other rows.${train}`,
      };
    },
    zh: (a) => {
      const train =
        a.inTrainingSplit > 0 && a.splitColumn !== null
          ? `${a.inTrainingSplit === a.rowsWithoutPredictions ? '它们全部' : `其中 ${a.inTrainingSplit} 行`}属于训练集（${sanitizeInline(a.splitColumn)}），训练集本来就没有评估预测。`
          : '';
      return {
        title: `${a.rowsWithoutPredictions} 行数据没有预测${a.inTrainingSplit === a.rowsWithoutPredictions && a.splitColumn !== null ? '（训练集）' : ''}`,
        summary: `${a.rows} 行数据中有 ${a.rowsWithoutPredictions} 行（${pct2(a.rowsWithoutPredictions / a.rows)}）在所有运行中都没有预测；基于预测的指标只覆盖其余的行。${train}`,
      };
    },
  }),
  'uneven-run-coverage': finding({
    args: z.object({ commonRows: m.number() }),
    en: (a: { coverage: RunCoverage[]; commonRows: number }) => {
      const counts = a.coverage.map((entry) => entry.rows);
      return {
        title: 'Runs cover different rows',
        summary: `The ${counts.length} runs cover between ${Math.min(...counts)} and ${Math.max(...counts)} rows; ${a.commonRows} rows are covered by every run, and comparisons across runs use only those.`,
      };
    },
    zh: (a) => {
      const counts = a.coverage.map((entry) => entry.rows);
      return {
        title: '各次运行覆盖的行不同',
        summary: `${counts.length} 次运行各自覆盖 ${Math.min(...counts)} 到 ${Math.max(...counts)} 行；所有运行都覆盖的有 ${a.commonRows} 行，跨运行的比较只使用这些行。`,
      };
    },
  }),
};

/** The metrics as the report holds them. */
const metrics = metricsSchema({
  /** Data rows read. */
  rows: m.number(),
  raggedRows: m.number(),
  /** The 1-based line of every ragged row. */
  raggedLines: m.numbers(),
  renamedHeaders: m.list(z.object({ original: z.string(), renamed: z.string(), position: z.number() })),
  /** CSV: line breaks inside quoted values. */
  lineBreaksInValues: m.number(),
  // With predictions only:
  /** Prediction records whose id matches no data row. */
  unmatchedRecords: m.optional(m.number()),
  rowsWithoutPredictions: m.optional(m.number()),
  /** Data rows each run covers. */
  coverage: m.optional(m.list(z.object({ run: z.string(), rows: z.number(), share: z.number() }))),
  /** Rows every run covers: only when the runs cover different rows. */
  commonRows: m.optional(m.number()),
});
type InputIntegrityMetrics = z.output<typeof metrics>;

/**
 * Problems of the input files themselves: ragged rows, renamed duplicate headers, prediction
 * ids that match no data row, data rows without predictions, runs covering different rows.
 */
/** This check's part in the remedies: the evidence it gives and the headroom it measures. */
const remedies: CheckRemedies<InputIntegrityMetrics, TypedFinding<typeof findings>> = {
  evidence({ lang, findings }) {
    const out: string[] = [];
    for (const f of findings) {
      // A count that is not in the finding (a report of another version) gives the generic sentence.
      if (f.key === 'ragged-rows' && f.args.raggedRows !== null) out.push(wording.raggedRows[lang](f.args.raggedRows));
      else if (f.key === 'unmatched-predictions' && f.args.unmatchedRecords !== null) out.push(wording.unmatchedPredictions[lang](f.args.unmatchedRecords));
      else if (f.key === 'rows-without-predictions' && f.args.rowsWithoutPredictions !== null)
        out.push(wording.rowsWithoutPredictions[lang](f.args.rowsWithoutPredictions));
      else if (f.key === 'uneven-run-coverage' && f.args.commonRows !== null) out.push(wording.unevenRunCoverage[lang](f.args.commonRows));
      else if (f.key === 'duplicate-headers' && f.args.renamed !== null) out.push(wording.duplicateHeaders[lang](f.args.renamed.length));
      else out.push(...generic(f, lang));
    }
    return out;
  },
};

interface RowsWithoutPredictionsArgs {
  rowsWithoutPredictions: number;
  rows: number;
  /** How many of them the split column puts in the training split (0 without a split column). */
  inTrainingSplit: number;
  splitColumn: string | null;
}

const TRAIN_SPLITS: ReadonlySet<string> = new Set(TRAINING_SPLIT_NAMES);

type Context = CheckContext<z.output<typeof options>>;
type Found = FindingOf<typeof findings>;

/** The table as read: ragged rows and renamed headers. */
function tableFindings(context: Context): Found[] {
  const { maxExamples } = context.options;
  const { data } = context;
  const found: Found[] = [];
  const ragged = data.raggedRows;
  if (ragged.length > 0) {
    const short = ragged.filter((r) => r.fields < data.expectedFields).length;
    found.push({
      key: 'ragged-rows',
      severity: ragged.length / data.rowCount >= 0.01 ? 'medium' : 'low',
      args: { raggedRows: ragged.length, lines: ragged.map((r) => r.line), expectedFields: data.expectedFields, rows: data.rowCount, shortRows: short },
      examples: ragged.slice(0, maxExamples).map((r) => context.example(r.row, { fields: r.fields })),
    });
  }
  if (data.renamedHeaders.length > 0) {
    found.push({
      key: 'duplicate-headers',
      severity: 'low',
      args: { renamed: data.renamedHeaders as RenamedHeader[] },
      examples: [],
    });
  }
  return found;
}

/** With predictions a repeated id is an input error (the join is ambiguous); without, a finding. */
function duplicateIdFinding(context: Context): Found | null {
  const { maxExamples } = context.options;
  const { data, predictions } = context;
  const idColumn = context.roles.id && !predictions ? data.column(context.roles.id) : undefined;
  if (!idColumn) return null;
  const firstRow = new Map<string, number>();
  const repeated: { row: number; first: number }[] = [];
  let duplicateRows = 0;
  for (let row = 0; row < data.rowCount; row++) {
    if (idColumn.isMissing(row)) continue;
    const id = idColumn.get(row);
    const first = firstRow.get(id);
    if (first === undefined) firstRow.set(id, row);
    else {
      duplicateRows++;
      if (repeated.length < maxExamples) repeated.push({ row, first });
    }
  }
  if (duplicateRows === 0) return null;
  return {
    key: 'duplicate-ids',
    severity: 'medium',
    args: {
      duplicateIdRows: duplicateRows,
      rows: data.rowCount,
      column: idColumn.name,
      firstLines: repeated.slice(0, 3).map((r): [number, number] => [data.lines[r.first], data.lines[r.row]]),
      firstIds: repeated.slice(0, 3).map((r) => idColumn.get(r.row)),
    },
    examples: repeated.map((r) => context.example(r.row, { firstRow: r.first })),
  };
}

/** How the file was read: mixed line endings and undecodable bytes. */
function readFindings(context: Context): Found[] {
  const read = context.data.read;
  const found: Found[] = [];
  if (!read) return found;
  const { lf, crlf, cr } = read.lineEndings;
  const kinds = [lf > 0, crlf > 0, cr > 0].filter(Boolean).length;
  if (kinds > 1) {
    found.push({
      key: 'mixed-line-endings',
      severity: 'low',
      args: { lf, crlf, cr, firstLf: read.firstLineEnding.lf, firstCrlf: read.firstLineEnding.crlf, firstCr: read.firstLineEnding.cr },
      examples: [],
    });
  }
  if (read.undecodable > 0) {
    found.push({
      key: 'undecodable-bytes',
      severity: 'medium',
      args: { undecodable: read.undecodable, lines: read.undecodableLines },
      examples: [],
    });
  }
  return found;
}

/** Data rows without predictions, with how many the split column puts in the training split (expected there). */
function rowsWithoutPredictionsFinding(context: Context, predictions: Predictions): Found {
  const { data } = context;
  const { uncovered, runs } = predictions;
  const examples: Example[] = uncovered.rows.slice(0, context.options.maxExamples).map((row) => context.example(row));
  // Training rows without evaluation predictions are expected; only the others count for severity.
  const splitColumn = context.roles.split ? (data.column(context.roles.split) ?? null) : null;
  let inTrainingSplit = 0;
  if (splitColumn) {
    for (let row = 0; row < data.rowCount; row++) {
      if (runs.some((run) => run.covered[row] === 1)) continue;
      if (!splitColumn.isMissing(row) && TRAIN_SPLITS.has(splitColumn.get(row).trim().toLowerCase())) inTrainingSplit++;
    }
  }
  const elsewhere = uncovered.count - inTrainingSplit;
  return {
    key: 'rows-without-predictions',
    severity: elsewhere === 0 ? 'info' : elsewhere / data.rowCount >= 0.05 ? 'medium' : 'low',
    args: { rowsWithoutPredictions: uncovered.count, rows: data.rowCount, inTrainingSplit, splitColumn: splitColumn ? splitColumn.name : null },
    examples,
  };
}

type PredictionMetrics = Pick<InputIntegrityMetrics, 'unmatchedRecords' | 'rowsWithoutPredictions' | 'coverage' | 'commonRows'>;

/** The join of the predictions: unmatched records, rows without predictions, runs covering different rows, with their metrics. */
function predictionFindings(context: Context, predictions: Predictions): { metrics: PredictionMetrics; found: Found[] } {
  const { data } = context;
  const found: Found[] = [];
  const { unmatched, uncovered, runs } = predictions;
  const coverage: RunCoverage[] = runs.map((run) => ({ run: run.name, rows: run.count, share: data.rowCount === 0 ? 0 : run.count / data.rowCount }));
  const metrics: PredictionMetrics = { unmatchedRecords: unmatched.count, rowsWithoutPredictions: uncovered.count, coverage };
  if (unmatched.count > 0) {
    found.push({
      key: 'unmatched-predictions',
      severity: unmatched.count / Math.max(1, predictions.records) >= 0.01 ? 'high' : 'medium',
      args: { unmatchedRecords: unmatched.count, records: predictions.records, examples: unmatched.examples },
      examples: [],
    });
  }
  if (uncovered.count > 0 && runs.length > 0) found.push(rowsWithoutPredictionsFinding(context, predictions));
  const counts = runs.map((run) => run.count);
  if (runs.length >= 2 && Math.min(...counts) !== Math.max(...counts)) {
    let common = 0;
    for (let row = 0; row < data.rowCount; row++) if (runs.every((run) => run.covered[row])) common++;
    metrics.commonRows = common;
    found.push({
      key: 'uneven-run-coverage',
      severity: 'low',
      args: { coverage, commonRows: common },
      examples: [],
    });
  }
  return { metrics, found };
}

export const inputIntegrity = defineCheck({
  id: 'input-integrity',
  title: 'Input integrity',
  description: 'Ragged rows, duplicate header names, prediction ids without a data row, data rows without predictions, runs that cover different rows.',
  needs: [],
  options,
  findings,
  metrics,
  remedies,
  rowCount: ({ rows }) => rows,
  places: unmatchedPredictionPlaces,
  run(context) {
    const { data, predictions } = context;
    const found: Found[] = [...tableFindings(context)];
    const duplicateIds = duplicateIdFinding(context);
    if (duplicateIds) found.push(duplicateIds);
    const answers = context.roles.freeFormAnswers;
    if (answers && !context.labels)
      found.push({ key: 'generation-task', severity: 'info', args: { ...answers, examples: answers.examples.map((e) => sanitizeInline(e)) }, examples: [] });
    found.push(...readFindings(context));
    const ragged = data.raggedRows;
    const measured: InputIntegrityMetrics = {
      rows: data.rowCount,
      raggedRows: ragged.length,
      raggedLines: ragged.map((r) => r.line),
      renamedHeaders: [...data.renamedHeaders],
      // CSV: line breaks inside quoted values, part of their values (not counted as line endings).
      lineBreaksInValues: data.read?.lineBreaksInValues ?? 0,
    };
    if (!predictions) return { metrics: measured, findings: found };
    const joined = predictionFindings(context, predictions);
    found.push(...joined.found);
    return { metrics: { ...measured, ...joined.metrics }, findings: found };
  },
});
