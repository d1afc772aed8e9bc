import { z } from 'zod';
import { defineCheck, finding, type CheckContext, type FindingOf, type TypedFinding } from './types.js';
import { pct2 } from './support/format.js';
import { generic, pct, quote, type CheckRemedies } from './support/evidence.js';
import { m, metricsSchema } from './support/metrics-schema.js';
import { shared } from './support/wording.js';
import { wording } from './missing-values.wording.js';

const options = z
  .object({
    /** Share of missing cells in a column at which a finding is raised (0 flags any). */
    minMissingShare: z.number().min(0).max(1).default(0),
    /** How many example rows a finding lists. */
    maxExamples: z.number().int().min(1).default(5),
    /** Columns with missing cells beyond this many share one finding instead of one each. */
    maxColumnFindings: z.number().int().min(1).default(50),
    /** The `columns` metric details this many columns (in data order); the name lists are complete. */
    maxColumnDetails: z.number().int().min(1).default(1000),
  })
  .strict();

/** A summary names this many columns, then says how many more. */
const NAMES_IN_SUMMARY = 10;

function andMore(total: number): string {
  return total > NAMES_IN_SUMMARY ? ` and ${total - NAMES_IN_SUMMARY} more` : '';
}

function quotedNames(names: readonly string[]): string {
  return `${names
    .slice(0, NAMES_IN_SUMMARY)
    .map((name) => `"${name}"`)
    .join(', ')}${andMore(names.length)}`;
}

function andMoreZh(total: number): string {
  return total > NAMES_IN_SUMMARY ? `及另外 ${total - NAMES_IN_SUMMARY} 列` : '';
}

const TYPE_NAMES: Record<string, string> = { number: '数值', boolean: '布尔值', string: '文本', object: '对象' };

type TypeCounts = { number: number; boolean: number; string: number; object: number };

export interface MissingColumnArgs {
  column: string;
  missing: number;
  missingShare: number;
  empty: number;
  nulls: number;
  nan: number;
  rows: number;
  isLabel: boolean;
  /** Benchmark items: of the rows without a label, those whose gold answer is a generation task's reference. */
  givenAsReference?: number;
}

export interface MixedTypesArgs {
  columns: string[];
  columnTypes: { column: string; types: TypeCounts }[];
}

const presentTypes = (types: TypeCounts) => Object.entries(types).filter(([, n]) => n > 0);

const findings = {
  /** One finding per column with missing cells: `missing:<column>`. */
  missing: finding({
    args: z.object({ column: m.string(), missingShare: m.number() }),
    en: (a: MissingColumnArgs) =>
      a.givenAsReference
        ? {
            title: `${a.missing - a.givenAsReference} benchmark item${a.missing - a.givenAsReference === 1 ? ' has' : 's have'} no gold answer`,
            summary: `${a.missing} of ${a.rows} items have no gold choice in "${a.column}" (${a.empty} empty, ${a.nulls} null, ${a.nan} NaN); ${a.givenAsReference} of them are generation items whose gold answer is their reference, so ${a.missing - a.givenAsReference} item${a.missing - a.givenAsReference === 1 ? ' has' : 's have'} no gold answer at all and cannot be scored.`,
          }
        : {
            title: a.isLabel ? `${a.missing} rows have no label` : `Column "${a.column}" has missing values`,
            summary: `${a.missing} of ${a.rows} cells (${pct2(a.missingShare)}) in "${a.column}" are missing: ${a.empty} empty, ${a.nulls} null, ${a.nan} NaN.${a.isLabel ? ' Unlabelled rows are left out of every label-based check.' : ''}`,
          },
    zh: (a) =>
      a.givenAsReference
        ? {
            title: `${a.missing - a.givenAsReference} 道基准题目没有参考答案`,
            summary: `${a.rows} 道题目中有 ${a.missing} 道在 "${a.column}" 列没有正确选项（${a.empty} 个为空，${a.nulls} 个为 null，${a.nan} 个为 NaN）；其中 ${a.givenAsReference} 道是生成类题目，其参考答案就是正确答案，因此有 ${a.missing - a.givenAsReference} 道题目完全没有参考答案，无法评分。`,
          }
        : {
            title: a.isLabel ? `${a.missing} 行没有标签` : `列 "${a.column}" 存在缺失值`,
            summary:
              `"${a.column}" 列的 ${a.rows} 个单元格中有 ${a.missing} 个（${pct2(a.missingShare)}）缺失：${a.empty} 个为空，${a.nulls} 个为 null，${a.nan} 个为 NaN。` +
              (a.isLabel ? '没有标签的行不参与任何基于标签的检查。' : ''),
          },
  }),
  'mixed-types': finding({
    args: z.object({ columns: m.strings() }),
    en: (a: MixedTypesArgs) => ({
      title: `${a.columns.length} column${a.columns.length === 1 ? '' : 's'} mix value types`,
      summary: `${a.columnTypes
        .slice(0, NAMES_IN_SUMMARY)
        .map(
          (entry) =>
            `"${entry.column}" (${presentTypes(entry.types)
              .map(([type, n]) => `${n} ${type}`)
              .join(', ')})`,
        )
        .join('; ')}${andMore(a.columns.length)}: a column parsed as text where numbers were meant, or stray markers such as "?" or "-".`,
    }),
    zh: (a) => ({
      title: `${a.columnTypes.length} 列混有多种取值类型`,
      summary: `${a.columnTypes
        .slice(0, NAMES_IN_SUMMARY)
        .map(
          (entry) =>
            `"${entry.column}"（${presentTypes(entry.types)
              .map(([type, n]) => `${n} 个${TYPE_NAMES[type] ?? type}`)
              .join('，')}）`,
        )
        .join('；')}${andMoreZh(a.columnTypes.length)}：可能是本应为数字的列被解析成了文本，或混入了 "?"、"-" 之类的占位符号。`,
    }),
  }),
  'constant-columns': finding({
    args: z.object({ columns: m.strings() }),
    en: (a: { columns: string[] }) => ({
      title: `${a.columns.length} constant column${a.columns.length === 1 ? '' : 's'}`,
      summary: `${quotedNames(a.columns)} hold${a.columns.length === 1 ? 's' : ''} at most one distinct value: no information for a model.`,
    }),
    zh: (a) => ({
      title: `${a.columns.length} 个常量列`,
      summary: `${a.columns
        .slice(0, NAMES_IN_SUMMARY)
        .map((name) => `"${name}"`)
        .join('、')}${andMoreZh(a.columns.length)} 最多只有一个不同的取值：对模型没有任何信息。`,
    }),
  }),
  'missing-more-columns': finding({
    en: (a: { columns: string[]; missing: number[]; cells: number; columnsReportedSeparately: number }) => ({
      title: `${a.columns.length} more column${a.columns.length === 1 ? '' : 's'} with missing values`,
      summary: `Besides the ${a.columnsReportedSeparately} columns reported one by one, ${quotedNames(a.columns)} ${a.columns.length === 1 ? 'has' : 'have'} ${a.cells} missing cells in all (metrics.columns and metrics.missing list each column and its count).`,
    }),
    zh: (a) => ({
      title: `另有 ${a.columns.length} 列存在缺失值`,
      summary: `除逐列报告的 ${a.columnsReportedSeparately} 列之外，${a.columns
        .slice(0, NAMES_IN_SUMMARY)
        .map((name) => `"${name}"`)
        .join('、')}${andMoreZh(a.columns.length)}共有 ${a.cells} 个缺失单元格（metrics.columns 与 metrics.missing 列出每一列及其缺失数）。`,
    }),
  }),
};

const typeCounts = z.object({ number: z.number(), boolean: z.number(), string: z.number(), object: z.number() });

/** One column's entry in the `columns` metric. */
const columnDetailSchema = z.object({
  column: z.string(),
  /** Its role (id, label, text, split, feature, ...). */
  role: z.string(),
  empty: z.number(),
  nulls: z.number(),
  nan: z.number(),
  missing: z.number(),
  missingShare: z.number(),
  /** Cells of each value type. */
  types: typeCounts,
  mixedTypes: z.boolean(),
  constant: z.boolean(),
  /** Distinct values; null for a column read without a dictionary. */
  distinct: z.number().nullable(),
});
type ColumnDetail = z.output<typeof columnDetailSchema>;

/** The metrics as the report holds them. */
const metrics = metricsSchema({
  rows: m.number(),
  /** The first maxColumnDetails columns, in data order. */
  columns: m.list(columnDetailSchema),
  /** Columns past maxColumnDetails (absent when every column is detailed). */
  columnDetailsOmitted: m.optional(m.number()),
  columnsWithMissing: m.strings(),
  mixedTypeColumns: m.strings(),
  constantColumns: m.strings(),
  // Benchmark items only:
  /** Columns without a role, whose gaps are not judged. */
  benchmarkFieldsNotJudged: m.optional(m.number()),
  /** Items without a gold choice whose gold answer is a generation task's reference. */
  labelsGivenAsReference: m.optional(m.number()),
});
type MissingValuesMetrics = z.output<typeof metrics>;

/** This check's part in the remedies: the evidence it gives and the headroom it measures. */
const remedies: CheckRemedies<MissingValuesMetrics, TypedFinding<typeof findings>> = {
  evidence({ lang, findings }) {
    const out: string[] = [];
    // A finding without its column or share (a report of another version) is left out.
    const missing = findings
      .flatMap((f) =>
        f.key === 'missing' && f.args.column !== null && f.args.missingShare !== null ? [{ column: f.args.column, share: f.args.missingShare }] : [],
      )
      .sort((a, b) => b.share - a.share || (a.column < b.column ? -1 : a.column > b.column ? 1 : 0));
    if (missing.length > 0) {
      const list = missing
        .slice(0, 3)
        .map((x) => `${quote(x.column)} ${pct(x.share)}`)
        .join(shared.listSep[lang]());
      const more = missing.length > 3 ? shared.more[lang]() : '';
      out.push(wording.missing[lang](missing.length, list, more));
    }
    for (const f of findings) {
      if (f.key === 'missing') continue;
      const names = (columns: string[]) => columns.slice(0, 3).map(quote).join(shared.listSep[lang]());
      if (f.key === 'mixed-types' && f.args.columns.length > 0) {
        out.push(wording.mixedTypes[lang](f.args.columns.length, names(f.args.columns)));
      } else if (f.key === 'constant-columns' && f.args.columns.length > 0) {
        out.push(wording.constant[lang](f.args.columns.length, names(f.args.columns)));
      } else {
        out.push(...generic(f, lang));
      }
    }
    return out;
  },
};

type Context = CheckContext<z.output<typeof options>>;
type Found = FindingOf<typeof findings>;
type DataColumn = Context['data']['columns'][number];

/** What the pass over the columns gathers. */
interface ColumnSurvey {
  columns: ColumnDetail[];
  found: Found[];
  mixed: string[];
  constant: string[];
  withMissing: string[];
  /** Columns past maxColumnFindings: counted into one finding. */
  moreMissing: { column: string; missing: number }[];
  notJudged: number;
  /** Benchmark items without a gold choice whose gold answer is a generation task's reference (not missing a label). */
  labelsGivenAsReference: number;
}

/** Rows missing a label that carry a benchmark's reference answer instead (a generation task's items beside multiple choice). */
function labelsGivenAsReference(context: Context, label: DataColumn): number {
  const name = context.roles.benchmark?.answerColumn;
  const answer = name ? context.data.column(name) : undefined;
  if (!answer) return 0;
  let given = 0;
  for (let row = 0; row < context.data.rowCount; row++) if (label.isMissing(row) && !answer.isMissing(row)) given++;
  return given;
}

/** A column's entry in the `columns` metric. */
function columnDetail(column: DataColumn, role: string, rows: number, isMixed: boolean, isConstant: boolean): ColumnDetail {
  const { empty, nulls, nan, types } = column.stats;
  const missing = empty + nulls + nan;
  return {
    column: column.name,
    role,
    empty,
    nulls,
    nan,
    missing,
    missingShare: rows === 0 ? 0 : missing / rows,
    types: { ...types },
    mixedTypes: isMixed,
    constant: isConstant,
    distinct: column.levels ? column.levels.length : null,
  };
}

/** The missing finding of one column, with its first rows without a value. */
function missingFinding(context: Context, column: DataColumn, isLabel: boolean, givenAsReference = 0): Found {
  const rows = context.data.rowCount;
  const { empty, nulls, nan } = column.stats;
  const missing = empty + nulls + nan;
  const share = rows === 0 ? 0 : missing / rows;
  // Benchmark items with a reference answer are scored by it: only items with neither are unanswered.
  const answer = givenAsReference > 0 ? context.data.column(context.roles.benchmark!.answerColumn!)! : null;
  const examples = [];
  for (let row = 0; row < rows && examples.length < context.options.maxExamples; row++) {
    if (column.isMissing(row) && !(answer && !answer.isMissing(row))) examples.push(context.example(row, { column: column.name }));
  }
  const judgedShare = rows === 0 ? 0 : (missing - givenAsReference) / rows;
  const severity = isLabel ? (judgedShare >= 0.05 ? 'high' : 'medium') : share >= 0.5 ? 'medium' : share >= 0.05 ? 'low' : 'info';
  return {
    key: 'missing',
    instance: column.name,
    severity,
    args: { column: column.name, missing, missingShare: share, empty, nulls, nan, rows, isLabel, ...(givenAsReference > 0 ? { givenAsReference } : {}) },
    examples,
  };
}

/** One pass over the columns: their details, the mixed and constant ones, and a missing finding per column (up to maxColumnFindings). */
function surveyColumns(context: Context): ColumnSurvey {
  const { minMissingShare, maxColumnFindings, maxColumnDetails } = context.options;
  const { data, roles } = context;
  const rows = data.rowCount;
  const survey: ColumnSurvey = { columns: [], found: [], mixed: [], constant: [], withMissing: [], moreMissing: [], notJudged: 0, labelsGivenAsReference: 0 };
  // One lookup table: a search per column is quadratic in the number of columns.
  const roleOf = new Map<string, string>();
  for (const assignment of roles.assignments) if (!roleOf.has(assignment.column)) roleOf.set(assignment.column, assignment.role);
  // Benchmark items: the model reads the prompt, not the doc's other fields (annotators' notes,
  // revisions), so gaps there cost nothing; only the columns with a role (id, label, text) are judged.
  const judged = (name: string) => !roles.benchmark || (roleOf.get(name) ?? 'feature') !== 'feature';
  for (const column of data.columns) {
    const { empty, nulls, nan, types } = column.stats;
    const missing = empty + nulls + nan;
    const presentTypes = (Object.keys(types) as (keyof typeof types)[]).filter((type) => types[type] > 0);
    const isMixed = presentTypes.length > 1;
    const distinct = column.levels ? column.levels.length : column.distinctCount;
    const isConstant = rows > 1 && distinct <= 1;
    if (missing > 0) survey.withMissing.push(column.name);
    if (survey.columns.length < maxColumnDetails) survey.columns.push(columnDetail(column, roleOf.get(column.name) ?? 'feature', rows, isMixed, isConstant));
    if (!judged(column.name)) {
      survey.notJudged++;
      continue;
    }
    if (isMixed) survey.mixed.push(column.name);
    // A benchmark's task column is constant when one task was run: that says nothing about the items.
    if (isConstant && !(roles.benchmark && roleOf.get(column.name) === 'slice')) survey.constant.push(column.name);

    const isLabel = column.name === roles.label;
    // A generation task's items have their gold answer as a reference, not a label: not a gap.
    if (isLabel && roles.benchmark) {
      survey.labelsGivenAsReference = labelsGivenAsReference(context, column);
      if (survey.labelsGivenAsReference === missing) continue;
    }
    const share = rows === 0 ? 0 : missing / rows;
    if (missing > 0 && share >= minMissingShare && !isLabel && survey.found.length >= maxColumnFindings) {
      survey.moreMissing.push({ column: column.name, missing });
    } else if (missing > 0 && share >= minMissingShare) {
      survey.found.push(missingFinding(context, column, isLabel, isLabel ? survey.labelsGivenAsReference : 0));
    }
  }
  return survey;
}

/** The findings over columns: mixed types, constant columns, and the missing cells of the columns past maxColumnFindings. */
function summaryFindings(context: Context, survey: ColumnSurvey): Found[] {
  const { mixed, constant, moreMissing } = survey;
  const found: Found[] = [];
  if (mixed.length > 0) {
    found.push({
      key: 'mixed-types',
      severity: 'low',
      args: { columns: mixed, columnTypes: mixed.map((name) => ({ column: name, types: { ...context.data.column(name)!.stats.types } })) },
      examples: [],
    });
  }
  if (constant.length > 0) found.push({ key: 'constant-columns', severity: 'info', args: { columns: constant }, examples: [] });
  if (moreMissing.length > 0) {
    const cells = moreMissing.reduce((sum, entry) => sum + entry.missing, 0);
    found.push({
      key: 'missing-more-columns',
      severity: 'info',
      args: {
        columns: moreMissing.map((entry) => entry.column),
        missing: moreMissing.map((entry) => entry.missing),
        cells,
        columnsReportedSeparately: context.options.maxColumnFindings,
      },
      examples: [],
    });
  }
  return found;
}

export const missingValues = defineCheck({
  id: 'missing-values',
  title: 'Missing values and column types',
  description: 'Empty, null and NaN cells per column, columns mixing types, and constant columns.',
  needs: [],
  options,
  findings,
  metrics,
  remedies,
  rowCount: ({ rows }) => rows,
  run(context) {
    const { data, roles } = context;
    const survey = surveyColumns(context);
    const found = [...survey.found, ...summaryFindings(context, survey)];
    const { columns } = survey;
    return {
      metrics: {
        rows: data.rowCount,
        columns,
        ...(data.columns.length > columns.length ? { columnDetailsOmitted: data.columns.length - columns.length } : {}),
        columnsWithMissing: survey.withMissing,
        mixedTypeColumns: survey.mixed,
        constantColumns: survey.constant,
        ...(roles.benchmark ? { benchmarkFieldsNotJudged: survey.notJudged, labelsGivenAsReference: survey.labelsGivenAsReference } : {}),
      },
      findings: found,
    };
  },
});
