import type { z } from 'zod';
import type { DataTable } from '../data/table.js';
import type { Labels, Predictions, Roles } from '../data/model.js';
import type { TrainingLogs } from '../data/training-log.js';
import type { Embeddings } from '../data/embeddings.js';
import type { RowRoles } from '../data/row-roles.js';

import { SEVERITIES, type Lang, type Need, type Severity, type Task } from '../core/vocabulary.js';
import { parseMetrics } from './support/metrics-schema.js';

export { SEVERITIES, type Need, type Severity };

/** Plain serialisable values: what metrics and examples may hold. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Metrics = { [key: string]: Json };

/** An example row behind a finding: `row` is the 0-based record index, `line` the 1-based line. */
export interface Example {
  row: number;
  line: number;
  id?: string;
  [key: string]: Json | undefined;
}

/** A finding's human-readable text in one language. */
export interface FindingText {
  title: string;
  summary: string;
}

/**
 * How one finding reads, as functions of its arguments (which the report keeps as the finding's
 * `metrics`): English always, Chinese where the check gives it. The arguments carry every number
 * and name the text quotes, so both languages say the same thing.
 */
export interface FindingSpec<Args extends object, Read = unknown> {
  en: (args: Args) => FindingText;
  zh?: (args: Args) => FindingText;
  /**
   * How much of the problem there is (rows affected, points lost), larger being worse: tells a
   * baseline report whether a finding at the same severity got worse or better. It reads the
   * arguments as `args` reads them back, so a report saved by another version that lacks a field
   * gives null (no size, the finding then compares by severity alone), never a wrong number.
   */
  size?: (args: NoInfer<Read>) => number | null;
  /** Why no remedy applies: findings that report a fact (nothing to gain, a partial file) rather than a problem a remedy fixes. */
  noRemedy?: string;
  /**
   * The arguments the check's remedies and guards read back from the report (its `metrics`), as a
   * schema of lenient fields (support/metrics-schema.ts): a partial or malformed finding then reads
   * as null fields, never as a crash. Absent: they read none.
   */
  args?: z.ZodType<Read>;
}

/** Declares one finding's wording with its argument type (inferred from the annotated `en`), and the arguments read back. */
export function finding<Args extends object, Read = unknown>(spec: FindingSpec<Args, Read>): FindingSpec<Args, Read> {
  return spec;
}

/** Any check's findings table, as a constraint: `never` because a spec's functions take their own arguments, and every argument type accepts never. */
export type FindingTable = Record<string, Omit<FindingSpec<never, unknown>, 'size'> & { size?: (args: never) => number | null }>;
/** A findings table seen from outside its check (the runner, plugins): its arguments are known only to be objects. */
export type ObjectFindingTable = Record<string, FindingSpec<object>>;
export type ArgsOf<Spec> = Spec extends { en: (args: infer Args extends object) => FindingText } ? Args : never;
/** A finding's arguments as its `args` schema reads them back from the report (unknown without one). */
export type ReadArgsOf<Spec> = Spec extends { args?: z.ZodType<infer Read> } ? Read : unknown;

/**
 * A finding as a check returns it: its key in the check's table, severity, arguments and example
 * rows. `instance` names one of many findings of the same key (a column, a group): the id becomes
 * `<check>/<key>:<instance>`.
 */
export type FindingOf<Table extends FindingTable> = {
  [Key in keyof Table & string]: { key: Key; instance?: string; severity: Severity; args: ArgsOf<Table[Key]>; examples: Example[] };
}[keyof Table & string];

/**
 * A finding given with its English text already written: what plugins without a findings table
 * return (the shape before checks owned their wording). Such findings have no Chinese text.
 */
export interface FindingDraft {
  /** Stable within the check, e.g. `imbalance`; the finding id becomes `class-balance/imbalance`. */
  key: string;
  severity: Severity;
  title: string;
  summary: string;
  metrics: Metrics;
  examples: Example[];
}

export interface Finding {
  id: string;
  check: string;
  severity: Severity;
  title: string;
  summary: string;
  metrics: Metrics;
  examples: Example[];
  /** Present when title and summary are not in the report's language: a plugin that gives English only. */
  lang?: Lang;
}

export type CheckResult<Table extends FindingTable = ObjectFindingTable, CheckMetrics extends object = Metrics> =
  | {
      /** What the check measured: the shape its `metrics` schema declares. */
      metrics: CheckMetrics;
      findings: (FindingOf<Table> | FindingDraft)[];
      skipped?: undefined;
    }
  | {
      /** What it measured before it found out (any JSON; its schema's fields read null where absent). */
      metrics: CheckMetrics | Metrics;
      findings: (FindingOf<Table> | FindingDraft)[];
      /** Set when the check found out while running that it cannot apply: it is reported as skipped with this reason. */
      skipped: string;
    };

/** A check whose metrics another reads (`context.earlier(labelNoise)`): its id, and its schema, which types them. */
export interface EarlierCheck<CheckMetrics> {
  readonly id: string;
  readonly metrics?: z.ZodType<CheckMetrics>;
}

/** Everything a check may read. Read-only: checks never modify it, never print. */
export interface CheckContext<Options = unknown> {
  readonly data: DataTable;
  readonly roles: Roles;
  readonly labels: Labels | null;
  readonly predictions: Predictions | null;
  /** Rows of the training split when the evaluation data came with `--train FILE`. */
  readonly train: { data: DataTable; roles: Roles } | null;
  /** Training logs given with `--logs`, one per run. */
  readonly logs: TrainingLogs | null;
  /** One vector per data row (`--embeddings`, `--embedding-col`). */
  readonly embeddings: Embeddings | null;
  /** Which data rows are evaluation rows and which training rows (the split column, or `--train`). */
  readonly rowRoles: RowRoles;
  /**
   * The metrics of a check that ran before this one in the same audit (registry order), as the
   * report holds them; null when it did not run (skipped, failed, or later in the order).
   */
  earlier<CheckMetrics>(check: EarlierCheck<CheckMetrics>): Readonly<CheckMetrics> | null;
  /** By id (a plugin naming another check): its metrics as the report holds them, untyped. */
  earlier(checkId: string): Readonly<Metrics> | null;
  /** This check's options: the check's own zod schema applied to `checkOptions.<id>` of the config. */
  readonly options: Options;
  /** Options shared by all checks (positive class, task domain, ...). */
  readonly settings: Readonly<Settings>;
  /**
   * Computes a value once per audit and shares it between checks (e.g. exact-duplicate
   * groups used by duplicates, conflicting-labels and leakage). Key it by what it depends on.
   */
  memo<T>(key: string, compute: () => T): T;
  /** Example helper: row, line, id (when there is an id column) plus extra fields. */
  example(row: number, extra?: Record<string, Json>): Example;
  /** A short excerpt of the row's text (control characters stripped, at most `max` characters). */
  excerpt(row: number, max?: number): string | undefined;
}

export interface Settings {
  task: Task | null;
  lang: Lang;
  /** Declared slice depth for intersections (1 = single columns). */
  sliceDepth: number;
  seed: number;
}

// ------------------------------------------------------------------ remedies

/**
 * Measures that size a remedy, each computed by the one check that declares it in
 * `remedies.headroom` from its own metrics.
 */
export type HeadroomKind =
  | 'ensembleGain'
  | 'priorCorrectionGain'
  | 'answerPriorGain'
  | 'labelIssueShare'
  | 'evaluationLabelIssues'
  | 'conflictingGold'
  | 'conflictShare'
  | 'duplicateShare'
  | 'nearDuplicateShare'
  | 'leakedShare'
  | 'contaminationOverstatement'
  | 'sliceExcessErrors'
  | 'calibrationError'
  | 'checkpointGain'
  | 'lowMarginShare'
  | 'proxyRelabel'
  | 'proxyDeduplicate'
  | 'proxyClassWeights'
  | 'proxySliceWeights'
  | 'proxyGroupData'
  | 'proxyPenalty'
  | 'proxyTuning'
  | 'proxyYardstick';

/**
 * How an expected gain is known: `measured` on these inputs (cross-fitted where something was
 * fitted), `estimated` (on a proxy model, say), `upper-bound` (at most this much), or
 * `not-estimable` (nothing in the inputs sizes it).
 */
export type GainBasis = 'measured' | 'estimated' | 'upper-bound' | 'not-estimable';
export const GAIN_BASES: readonly GainBasis[] = ['measured', 'estimated', 'upper-bound', 'not-estimable'];

/** What a remedy improves; outcomes are never added together or ranked against each other. */
export type RemedyOutcome = 'accuracy' | 'honesty' | 'probability' | 'process';
export const REMEDY_OUTCOMES: readonly RemedyOutcome[] = ['accuracy', 'honesty', 'probability', 'process'];

export type ExpectedGain = {
  /**
   * What improves: `accuracy` (points on data like the evaluation rows), `overstatement` (points by
   * which the reported accuracy is overstated), `logLoss` (held-out log loss removed), ...
   */
  metric: string;
  /** The central value as a fraction (0.021 = 2.1 points); for an upper bound, the bound. */
  value: number;
  /** 95% interval of the value, as fractions; null when none is known. */
  interval: [number, number] | null;
  unit: 'fraction';
  basis: GainBasis;
  /** How it was obtained, in one sentence of the report's language. */
  method: string;
  /** Standard error of the value, when measured or estimated. */
  standardError?: number;
  /** Rows behind the value, when it counts rows. */
  rows?: number;
};

/**
 * A finding of a check with its key, and its arguments as its findings table's `args` schema
 * reads them back from its `metrics` (lenient: absent or malformed fields are null).
 */
export type TypedFinding<Table extends FindingTable> = Finding &
  { [Key in keyof Table & string]: { key: Key; args: ReadArgsOf<Table[Key]> } }[keyof Table & string];
/** Any check's typed finding, seen from outside it. */
export type AnyTypedFinding = Finding & { key: string; args: unknown };

/** The key of a finding in its check's table: its id without the check and the instance (`<check>/<key>:<instance>`). */
export const findingKey = (finding: Pick<Finding, 'id' | 'check'>): string => finding.id.slice(finding.check.length + 1).split(':')[0];

/** A finding of the report with its key and its arguments read back by its check's `args` schema (its metrics without one): what remedies and guards read. */
export function typedFinding(finding: Finding, check: { findings?: Record<string, { args?: z.ZodType }> } | undefined): AnyTypedFinding {
  const key = findingKey(finding);
  return { ...finding, key, args: readFindingArgs(findingSpec(check, key), finding.metrics) };
}

/** A check's entry for a finding key (undefined for a key its table lacks, or a check without a table). */
export function findingSpec<Spec>(check: { findings?: Record<string, Spec> } | undefined, key: string): Spec | undefined {
  return check?.findings && Object.hasOwn(check.findings, key) ? check.findings[key] : undefined;
}

/** A finding's saved arguments read back by its `args` schema (lenient), or as saved without one. */
export function readFindingArgs(spec: { args?: z.ZodType } | undefined, metrics: Readonly<Record<string, unknown>>): unknown {
  return spec?.args ? parseMetrics(spec.args, metrics).value : metrics;
}

/** What a headroom measure reads. */
export interface MeasureContext<CheckMetrics = Metrics> {
  /** This check's metrics as the report holds them, parsed with its schema (null when it is not in the report). */
  metrics: CheckMetrics | null;
  checks: Readonly<Record<string, CheckOutcome>>;
  rows: number | null;
  /** The findings behind the remedy (of every check behind it). */
  findings: readonly Finding[];
  remedyId: string;
  lang: Lang;
}

/** What an evidence fragment reads. */
export interface EvidenceContext<CheckMetrics = Metrics, CheckFinding extends Finding = AnyTypedFinding> {
  lang: Lang;
  /** This check's metrics as the report holds them, parsed with its schema (null when it is not in the report). */
  metrics: CheckMetrics | null;
  checks: Readonly<Record<string, CheckOutcome>>;
  rows: number | null;
  /** This check's findings behind the remedy, typed by its findings table. */
  findings: CheckFinding[];
  remedy: { id: string; measuredBy: readonly HeadroomKind[] };
  /** Is this column the split column? */
  isSplit: (column: string) => boolean;
}

/** A row a check flags for `--export`, with the reason in the report's language. */
export interface FlaggedRow {
  row: number;
  reason: string;
}

/** What a check reads to list its flagged rows: its own metrics as the report holds them, parsed with its schema. */
export interface ExportContext<CheckMetrics = Record<string, unknown>> {
  metrics: CheckMetrics;
  lang: Lang;
  /** The 1-based line of a data row (0 for a row that is not in the data). */
  line: (row: number) => number;
  /** The label a data row gives, or null. */
  label: (row: number) => string | null;
}

/**
 * A chart a check draws of its own metrics for the HTML report: a Vega-Lite specification (plain
 * JSON; the renderer compiles it to SVG) over aggregates only, never one element per data row.
 */
export interface Chart {
  /** Unique within the report: `<check>-<name>` (also the element id on the page). */
  id: string;
  title: string;
  /** The text alternative: what the chart shows, with its key numbers. */
  description: string;
  /** Finding ids (or id prefixes) the chart explains: it is placed beside the first of them present. */
  explains: string[];
  /** How many data marks the chart draws (bars, cells, points), for the page's structure test. */
  marks: number;
  /** The Vega-Lite specification, data inline. */
  spec: Record<string, unknown>;
}

/** What a chart builder reads: this check's metrics as the report holds them, parsed with its schema. */
export interface ChartContext<CheckMetrics = Record<string, unknown>> {
  metrics: CheckMetrics;
  lang: Lang;
}

/**
 * A remedy a check declares beside the catalogue's (what a plugin offers for its own findings):
 * ranked like a catalogue entry, in the report's language (English where `zh` is not given).
 */
export interface DeclaredRemedy {
  /** Stable id (kebab-case), not one of the catalogue's. */
  id: string;
  outcome: RemedyOutcome;
  title: { en: string; zh?: string };
  summary: { en: string; zh?: string };
  /** Finding-id patterns that call for it: `check`, `check/key`, or a prefix ending in `*`. */
  appliesTo: string[];
  /** Headroom measures (declared in some check's `remedies.headroom`) that size it. */
  measuredBy?: string[];
  cost: 'low' | 'medium' | 'high';
  steps?: { en: string[]; zh?: string[] };
  /** References, each as it should be cited. */
  references?: string[];
}

/** A headroom measure: the expected gain of the remedies it sizes, from the check's metrics (null: not measurable here). */
export type HeadroomMeasure<CheckMetrics = Metrics> = (context: MeasureContext<CheckMetrics>) => ExpectedGain | null;

/** A check's part in the remedies: evidence sentences, the headroom measures it computes, and remedies of its own. */
export interface CheckRemedies<CheckMetrics = Metrics, CheckFinding extends Finding = AnyTypedFinding> {
  evidence?(context: EvidenceContext<CheckMetrics, CheckFinding>): string[];
  /**
   * The measures this check computes: the catalogue's (`HeadroomKind`, typed) and those sizing the
   * check's own `entries` (any name; test/check-declarations.test.ts holds each to one of the two).
   */
  headroom?: Partial<Record<HeadroomKind, HeadroomMeasure<CheckMetrics>>> & { readonly [ownMeasure: string]: HeadroomMeasure<CheckMetrics> | undefined };
  /** Remedies this check offers beyond the catalogue (plugins): ranked with the catalogue's. */
  entries?: DeclaredRemedy[];
}

/** What a remedy guard reads besides the finding. */
export interface GuardContext {
  /** Is this column the split column? */
  isSplit: (column: string) => boolean;
  /** The rows are benchmark items logged by an evaluation harness: nothing in the inputs was trained on them. */
  benchmark: boolean;
}

/** Whether one of the check's findings may feed a remedy its `appliesTo` matches. */
// A method's parameters are compared both ways (bivariantly): a check's guard of its own findings is then one of `AnyCheck`'s.
export type RemedyGuard<CheckFinding extends Finding = AnyTypedFinding> = { guard(finding: CheckFinding, context: GuardContext): boolean }['guard'];

/** Where a finding's evidence sits when it is not the data file at its examples' lines: a file (`-` for standard input) and a 1-based line or null. */
export interface FindingPlace {
  path: string;
  line: number | null;
}

/** How a check's flagged rows shape the cleaned copy of `--export`. */
export interface CleanedCopyRule<CheckMetrics = Record<string, unknown>> {
  /** What the summary counts them under (`duplicates`, `leakage`, `labelIssues`, or a plugin's own word). */
  reason: string;
  /** `always`, or only with `--export-drop-label-issues`. */
  when: 'always' | 'dropLabelIssues';
  /** The rows left out, from the check's metrics (default: the rows of its `exportRows`). */
  rows?: (metrics: CheckMetrics) => number[];
}

/**
 * A check: plain object, metadata apart from logic, `run` returns plain data. It owns its findings:
 * `findings` maps each key to its wording, and `run` can return only those keys with their
 * argument types.
 */
export interface Check<Options = Record<string, unknown>, Table extends FindingTable = ObjectFindingTable, CheckMetrics extends object = Metrics> {
  id: string;
  title: string;
  description: string;
  needs: Need[];
  /**
   * Which rows' predictions the check reads: `evaluation` restricts every run to the evaluation
   * rows (performance, slices, calibration, ensembles); `all` keeps training rows too (label noise
   * from out-of-fold predictions, training dynamics). Either way the check's metrics get
   * `rowsRead`, saying which. Absent: all rows, unreported.
   */
  rows?: 'evaluation' | 'all';
  /** zod schema of this check's options, with defaults; validated from `checkOptions.<id>`. */
  options?: z.ZodType<Options>;
  /** The wording of each finding key; absent for plugins that return written findings. */
  findings?: Table;
  /**
   * zod schema of the metrics `run` returns, as the report holds them (support/metrics-schema.ts:
   * lenient fields). Remedies, charts, export rows and the row count read the metrics parsed with
   * it, once per report (a saved one too). Absent (plugins): they read the metrics as they are.
   */
  metrics?: z.ZodType<CheckMetrics>;
  /** The evidence this check gives the remedies and the headroom measures it computes. */
  remedies?: CheckRemedies<CheckMetrics, TypedFinding<Table>>;
  /** The rows this check flags for `--export` (a file `flagged-<id>.csv`), with their reasons. */
  exportRows?(context: ExportContext<CheckMetrics>): FlaggedRow[];
  /** The charts of the HTML report drawn from this check's metrics (none when their data is absent). */
  charts?(context: ChartContext<CheckMetrics>): Chart[];
  /**
   * Per remedy id, whether one of this check's findings may feed that remedy (absent: whenever the
   * remedy's `appliesTo` matches it): conditions on the finding's content, e.g. a seed spread
   * within sampling noise calls for no regularisation.
   */
  remedyGuards?: Readonly<Record<string, RemedyGuard<TypedFinding<Table>>>>;
  /** Findings of other checks this check's findings explain (ids): those feed only the remedies whose `appliesTo` names this check. */
  explainsFindings?: (findings: readonly Finding[]) => string[];
  /** A finding about repeats of a prompted model's evaluation (not seeds of a training): remedies then use their `forEvaluationRepeats` wording. */
  isEvaluationRepeat?(finding: TypedFinding<Table>): boolean;
  /** Its headroom measures that size what a remedy itself does on these inputs (an ensemble's gain), not a finding's size: they count for a remedy whenever this check ran, not only when one of its findings is behind it. */
  remedyMeasures?: readonly HeadroomKind[];
  /** The data rows this check counted, from its metrics (null when it does not say): for remedies that need the row count. */
  rowCount?(metrics: Readonly<CheckMetrics>): number | null;
  /** How the rows this check flags shape the cleaned copy of `--export` (absent: they stay in it). */
  cleanedCopy?: CleanedCopyRule<CheckMetrics>;
  /** Where a finding's evidence sits, for SARIF and GitHub annotations, when not in the data file at its examples' lines (null: there). */
  places?: (finding: { id: string; metrics: Readonly<Record<string, unknown>> }) => FindingPlace[] | null;
  /** Run-wide settings this check takes as options: `nearDupThreshold` (`--near-dup-threshold`) as the named option. */
  sharedOptions?: { nearDupThreshold?: string };
  run(context: CheckContext<Options>): CheckResult<Table, CheckMetrics> | Promise<CheckResult<Table, CheckMetrics>>;
  /** The module a plugin check came from (`--plugin`); plugin checks run within `--plugin-timeout`, their stdout kept out of the report. */
  plugin?: string;
}

/** A check definition as `defineCheck` takes it: consumers typed by `Table` and `CheckMetrics`, `run` returning `RunMetrics`. */
type CheckDefinition<Id extends string, Schema extends z.ZodType, Table extends FindingTable, CheckMetrics extends object, RunMetrics extends object> = Omit<
  Check<z.output<Schema>, NoInfer<Table>, NoInfer<CheckMetrics>>,
  'id' | 'options' | 'findings' | 'run' | 'metrics'
> & {
  id: Id;
  options: Schema;
  findings: Table;
  run(context: CheckContext<z.output<Schema>>): CheckResult<Table, RunMetrics> | Promise<CheckResult<Table, RunMetrics>>;
};

/**
 * Gives a check its types: `run` receives the options its schema outputs and returns its own
 * finding keys, and the metrics its `metrics` schema declares, which its consumers (remedies,
 * charts, export rows) then read typed. Without a schema (a check not yet given one) they read
 * plain metrics.
 */
export function defineCheck<const Id extends string, Schema extends z.ZodType, Table extends FindingTable, CheckMetrics extends object>(
  check: CheckDefinition<Id, Schema, Table, CheckMetrics, NoInfer<CheckMetrics>> & { metrics: z.ZodType<CheckMetrics> },
): Check<z.output<Schema>, Table, CheckMetrics> & { id: Id; findings: Table };
export function defineCheck<const Id extends string, Schema extends z.ZodType, Table extends FindingTable, RunMetrics extends object>(
  check: CheckDefinition<Id, Schema, Table, Metrics, RunMetrics> & { metrics?: undefined },
): Check<z.output<Schema>, Table, Metrics> & { id: Id; findings: Table };
export function defineCheck(check: AnyCheck): AnyCheck {
  return check;
}

/** The metrics of a check as its consumers read them: its schema's output (plain metrics without one). */
export type MetricsOf<C> = C extends Check<never, never, infer CheckMetrics> ? CheckMetrics : Metrics;

/** `<check>/<key>` for every key of a check's findings table. */
export type FindingIdOf<C> = C extends { id: infer Id extends string; findings: infer Table } ? `${Id}/${keyof Table & string}` : never;

export type CheckStatus = 'ok' | 'findings' | 'skipped' | 'error';

export interface CheckOutcome {
  status: CheckStatus;
  reason?: string;
  metrics: Metrics;
  /** Wall time of the check in milliseconds, with --timing only (reports stay byte-identical without it). */
  durationMs?: number;
}

/** Any check, whatever its options, findings and metrics: what the registry and the runner hold. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCheck = Check<any, any, any>;
