/**
 * Maps findings to catalogue entries and ranks them by measured headroom, severity and cost.
 * Pure: reads findings and check metrics (defensively: a missing or malformed metric means "not
 * measurable", never an error), returns plain data in the chosen language.
 *
 * ## Score
 *
 *   score = 100 * weight * headroom + severityWeight - costPenalty
 *
 * - `headroom` (a fraction in [0, 1], or none) is the largest weighted measure among the entry's
 *   `measuredBy` measures whose check has a finding behind the remedy. Each is a share of the
 *   evaluated rows, so 100 * headroom is in percentage points:
 *     - ensembleGain: accuracy the ensemble of the runs gains over the mean single run
 *       (`seed-instability.ensemble.gainOverMean`, negative counts as 0);
 *     - labelIssueShare: rows flagged as likely mislabelled / rows analysed
 *       (`label-noise.issueCount / rowsAnalysed`; `estimatedNoiseRate` without a row count);
 *     - conflictShare: rows that disagree with their duplicate group's majority / labelled rows
 *       (`conflicting-labels.minorityRows`);
 *     - duplicateShare / nearDuplicateShare: `duplicates.duplicateShare`,
 *       `near-duplicates.nearDuplicateShare` (rows beyond the first of each group);
 *     - leakedShare: leaked evaluation rows / evaluation rows (`leakage.totalLeakedRows` over the
 *       sum of `evaluationRows`);
 *     - sliceExcessErrors: for the discovered slice, or the declared group of a disparity finding,
 *       with the most excess errors (errors beyond the overall, or the reference group's, rate),
 *       excess errors / evaluated rows: the accuracy gained if it erred at that rate;
 *     - calibrationError: the mean per-run expected calibration error (`calibration.meanEce`),
 *       what temperature scaling can remove.
 * - `weight` is 1 for a gain observed on these inputs (the ensemble's accuracy gain, for
 *   `ensemble`) and 1/2 for every potential: upper bounds that acting on the finding rarely
 *   reaches in full (relabelling, slices, distillation of the ensemble's gain, calibration
 *   error) and rows a fix touches without a direct accuracy gain (duplicates, leaked rows).
 *   So one point of observed gain weighs as much as one severity step, one point of potential half.
 * - `severityWeight` of the most severe finding behind the remedy: info 0, low 1, medium 2,
 *   high 3, critical 4.
 * - `costPenalty`: low 0, medium 0.5, high 1.
 *
 * Remedies are ordered by score (descending), then severity (descending), cost (ascending) and
 * id, so the order is total and deterministic. Scores are rounded to 4 decimals.
 * A remedy appears only when at least one finding matches its `appliesTo`.
 */
import { SEVERITIES, type CheckOutcome, type Finding, type Json, type Severity } from '../checks/types.js';
import { sanitizeInline } from '../core/sanitize.js';
import { SPLIT_NAMES } from '../data/roles.js';
import { CATALOGUE, formatReference, matchesPattern, type CatalogueEntry, type Cost, type HeadroomKind, type Lang, type Task, type Text } from './catalogue.js';

export const SEVERITY_WEIGHT: Readonly<Record<Severity, number>> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };
export const COST_PENALTY: Readonly<Record<Cost, number>> = { low: 0, medium: 0.5, high: 1 };
const COST_ORDER: Readonly<Record<Cost, number>> = { low: 0, medium: 1, high: 2 };

/** The score formula in words, for the README and `audit remedies`. */
export const SCORE_FORMULA =
  'score = 100 x weight x headroom + severity weight (info 0, low 1, medium 2, high 3, critical 4) - cost penalty (low 0, medium 0.5, high 1); headroom is the measured share of evaluated rows the remedy can gain or fix (0 when not measurable), weighted 1 for an accuracy gain observed on these inputs (the ensemble of the runs) and 1/2 for a potential (upper bounds, rows touched, calibration error); ties broken by severity, then cost, then id.';

/** Weight of an observed gain and of a potential in the score. */
export const OBSERVED_WEIGHT = 1;
export const POTENTIAL_WEIGHT = 0.5;

export interface RankInput {
  findings: readonly Finding[];
  checks: Readonly<Record<string, CheckOutcome>>;
  task: Task | null;
  lang: Lang;
  /** Data rows; read from the missing-values / class-balance metrics when not given. */
  rows?: number | null;
  /** The split column, for spotting slices that are a split (drift); split-like names are used otherwise. */
  splitColumn?: string | null;
}

export type ExpectedGain = {
  /** What improves: `accuracy`, `labelsCorrected`, `rowsRemoved`, `leakedRowsRemoved`, `calibrationError`. */
  metric: string;
  /** As a fraction of the rows evaluated (0.021 = 2.1 points). */
  value: number;
  unit: 'fraction';
  /** `measured`: observed on these inputs; `upper-bound`: at most this much. */
  basis: 'measured' | 'upper-bound';
  /** Rows behind the value, when it counts rows. */
  rows?: number;
};

export type Remedy = {
  rank: number;
  id: string;
  title: string;
  summary: string;
  score: number;
  /** Measured headroom as a fraction, or null when nothing measures it. */
  headroom: number | null;
  /** Its weight in the score: 1 for an observed gain, 0.5 for a potential, null without headroom. */
  headroomWeight: number | null;
  severity: Severity;
  cost: Cost;
  /** Ids of the findings behind it, most severe first. */
  why: string[];
  /** The numbers behind it, in the chosen language. */
  evidence: string;
  expectedGain?: ExpectedGain;
  steps: string[];
  references: string[];
  task?: Task;
  domainVariant?: string;
};

// ------------------------------------------------------------------ metric access

type Obj = { [key: string]: Json };

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A finite number at `path` below `value`, or null. */
function num(value: unknown, ...path: string[]): number | null {
  let at: unknown = value;
  for (const key of path) {
    if (!isObj(at) || !Object.prototype.hasOwnProperty.call(at, key)) return null;
    at = at[key];
  }
  return typeof at === 'number' && Number.isFinite(at) ? at : null;
}

function arr(value: unknown, key: string): Json[] | null {
  if (!isObj(value) || !Object.prototype.hasOwnProperty.call(value, key)) return null;
  const at = value[key];
  return Array.isArray(at) ? at : null;
}

function str(value: unknown, key: string): string | null {
  if (!isObj(value) || !Object.prototype.hasOwnProperty.call(value, key)) return null;
  const at = value[key];
  return typeof at === 'string' ? at : null;
}

/** A count given as a number, or per split as an object of numbers (summed). */
function countOf(value: unknown, key: string): number | null {
  const direct = num(value, key);
  if (direct !== null) return direct;
  if (!isObj(value) || !Object.prototype.hasOwnProperty.call(value, key)) return null;
  const inner = value[key];
  if (!isObj(inner)) return null;
  let sum = 0;
  let any = false;
  for (const part of Object.values(inner)) {
    if (typeof part === 'number' && Number.isFinite(part)) {
      sum += part;
      any = true;
    } else if (isObj(part)) {
      // `{test: {leakedRows: 3, rows: 100}}` style.
      const nested = num(part, key) ?? num(part, 'count') ?? num(part, 'rows');
      if (nested !== null) {
        sum += nested;
        any = true;
      }
    }
  }
  return any ? sum : null;
}

function metricsOf(checks: Readonly<Record<string, CheckOutcome>>, id: string): Obj | null {
  if (!Object.prototype.hasOwnProperty.call(checks, id)) return null;
  const outcome = checks[id];
  return outcome && isObj(outcome.metrics) ? (outcome.metrics as Obj) : null;
}

const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);
const positive = (x: number | null): x is number => x !== null && x > 0;

/** Data rows, from the input or the checks that count them. */
export function rowCount(input: Pick<RankInput, 'checks' | 'rows'>): number | null {
  if (positive(input.rows ?? null)) return input.rows!;
  const mv = num(metricsOf(input.checks, 'missing-values'), 'rows');
  if (positive(mv)) return mv;
  const ii = num(metricsOf(input.checks, 'input-integrity'), 'rows');
  if (positive(ii)) return ii;
  const cb = metricsOf(input.checks, 'class-balance');
  const labelled = num(cb, 'labelledRows');
  if (labelled !== null) {
    const total = labelled + (num(cb, 'unlabelledRows') ?? 0);
    if (total > 0) return total;
  }
  return null;
}

// ------------------------------------------------------------------ headroom

interface Measured {
  value: number;
  gain: ExpectedGain;
}

/** How much a measure counts in the score: an observed accuracy gain fully, a potential half. */
function weightOf(measured: Measured): number {
  return measured.gain.basis === 'measured' && measured.gain.metric === 'accuracy' ? OBSERVED_WEIGHT : POTENTIAL_WEIGHT;
}

interface MeasureContext {
  checks: Readonly<Record<string, CheckOutcome>>;
  rows: number | null;
  findings: readonly Finding[];
}

/** Which check each headroom measure reads. */
export const MEASURE_CHECK: Readonly<Record<HeadroomKind, string>> = {
  ensembleGain: 'seed-instability',
  labelIssueShare: 'label-noise',
  conflictShare: 'conflicting-labels',
  duplicateShare: 'duplicates',
  nearDuplicateShare: 'near-duplicates',
  leakedShare: 'leakage',
  sliceExcessErrors: 'slices',
  calibrationError: 'calibration',
};

/** A slice (discovered) or group (declared, with a disparity finding) with excess errors. */
export interface WeakSlice {
  source: 'discovered' | 'disparity';
  /** `"column" = "value"` conjunction (sanitised, quoted). */
  description: string;
  size: number;
  /** The metric compared: `errorRate` for discovered slices, the disparity's metric otherwise. */
  metric: string;
  value: number;
  /** The overall rate (discovered) or the reference group's rate (disparity). */
  baseline: number;
  /** The reference group (disparity only). */
  reference: string | null;
  /** Errors beyond what the baseline rate gives the slice. */
  excessErrors: number;
  /** `excessErrors` over the evaluated rows: the accuracy gained if the slice erred at the baseline rate. */
  excess: number;
  /** Share of all errors that sit in the slice (discovered slices with a known overall rate). */
  errorShare: number | null;
  qValue: number | null;
  lift: number | null;
}

function describePredicates(value: unknown): string | null {
  if (isObj(value)) {
    const parts = Object.keys(value)
      .sort()
      .map((column) => `${quote(column)} = ${quote(String(value[column]))}`);
    return parts.length > 0 ? parts.join(' & ') : null;
  }
  if (Array.isArray(value)) {
    const parts = value.flatMap((p) => {
      if (!isObj(p)) return [];
      const column = str(p, 'column');
      const v = p.value ?? p.bin ?? p.range;
      return column !== null && v !== undefined ? [`${quote(column)} = ${quote(typeof v === 'string' ? v : JSON.stringify(v))}`] : [];
    });
    return parts.length > 0 ? parts.join(' & ') : null;
  }
  return null;
}

function predicateColumns(value: unknown): string[] {
  if (isObj(value)) return Object.keys(value);
  if (Array.isArray(value)) return value.flatMap((p) => (isObj(p) && typeof p.column === 'string' ? [p.column] : []));
  return [];
}

/** Rows the slices check evaluated (its `rows` metric), else the data rows. */
function sliceRows(checks: Readonly<Record<string, CheckOutcome>>, rows: number | null): number | null {
  const evaluated = num(metricsOf(checks, 'slices'), 'rows');
  return positive(evaluated) ? evaluated : rows;
}

/** A discovered slice entry (`{predicates, size, errorRate, overallErrorRate, excessErrors, ...}`) as a WeakSlice. */
function discoveredSlice(slice: unknown, evaluated: number, overallFallback: number | null): WeakSlice | null {
  const size = num(slice, 'size');
  const errorRate = num(slice, 'errorRate');
  const overall = num(slice, 'overallErrorRate') ?? overallFallback;
  if (!positive(size) || errorRate === null || overall === null) return null;
  const excessErrors = num(slice, 'excessErrors') ?? size * (errorRate - overall);
  return {
    source: 'discovered',
    description: describePredicates(isObj(slice) ? slice.predicates : null) ?? '?',
    size,
    metric: 'errorRate',
    value: errorRate,
    baseline: overall,
    reference: null,
    excessErrors,
    excess: clamp01(excessErrors / evaluated),
    errorShare: overall > 0 ? clamp01((size * errorRate) / (evaluated * overall)) : null,
    qValue: num(slice, 'qValue'),
    lift: num(slice, 'lift'),
  };
}

const ERROR_METRICS = new Set(['errorRate', 'fpr', 'fnr']);

/** A disparity finding (`slices/disparity:...`) as a WeakSlice, when the group is worse on an error metric. */
function disparitySlice(finding: Finding, evaluated: number): WeakSlice | null {
  const m = finding.metrics;
  const metric = str(m, 'metric');
  const value = num(m, 'value');
  const reference = num(m, 'referenceValue');
  const size = num(m, 'groupSize') ?? num(m, 'size');
  const column = str(m, 'column');
  if (metric === null || value === null || reference === null || !positive(size) || column === null) return null;
  const worse = ERROR_METRICS.has(metric) ? value > reference : metric === 'accuracy' ? value < reference : false;
  if (!worse) return null;
  const gap = num(m, 'gap') ?? Math.abs(value - reference) * size;
  const group = isObj(m) ? m.group : undefined;
  const referenceGroup = isObj(m) ? m.reference : undefined;
  return {
    source: 'disparity',
    description: `${quote(column)} = ${quote(String(group))}`,
    size,
    metric,
    value,
    baseline: reference,
    reference: referenceGroup === undefined ? null : quote(String(referenceGroup)),
    excessErrors: gap,
    excess: clamp01(gap / evaluated),
    errorShare: null,
    qValue: num(m, 'qValue'),
    lift: num(m, 'ratio'),
  };
}

/**
 * The weakest slice by excess errors among the discovered slices (`slices.metrics.discovered`,
 * which the check lists only when significant) and the groups of the given disparity findings.
 */
export function weakestSlice(checks: Readonly<Record<string, CheckOutcome>>, rows: number | null, findings: readonly Finding[] = []): WeakSlice | null {
  const m = metricsOf(checks, 'slices');
  const evaluated = sliceRows(checks, rows);
  if (!positive(evaluated)) return null;
  let best: WeakSlice | null = null;
  const consider = (candidate: WeakSlice | null) => {
    if (!candidate || !(candidate.excess > 0)) return;
    if (!best || candidate.excess > best.excess || (candidate.excess === best.excess && candidate.description < best.description)) best = candidate;
  };
  for (const slice of arr(m, 'discovered') ?? []) consider(discoveredSlice(slice, evaluated, num(m, 'overallErrorRate')));
  for (const f of findings) if (f.check === 'slices' && f.id.startsWith('slices/disparity:')) consider(disparitySlice(f, evaluated));
  return best;
}

/**
 * The rows a de-duplication removes: the check's count metric and its share metric (over the
 * rows compared, i.e. rows with content), else the count over all rows.
 */
function removedRows(m: Obj | null, countMetric: string, shareMetric: string, rows: number | null, basis: ExpectedGain['basis']): Measured | null {
  const count = num(m, countMetric);
  if (count === null) return null;
  const share = num(m, shareMetric) ?? (positive(rows) ? count / rows : null);
  if (share === null) return null;
  return { value: clamp01(share), gain: { metric: 'rowsRemoved', value: clamp01(share), unit: 'fraction', basis, rows: count } };
}

function measure(kind: HeadroomKind, context: MeasureContext, remedyId: string): Measured | null {
  const { checks, rows } = context;
  switch (kind) {
    case 'ensembleGain': {
      const m = metricsOf(checks, 'seed-instability');
      let gain = num(m, 'ensemble', 'gainOverMean');
      if (gain === null) {
        for (const f of context.findings) if (f.check === 'seed-instability') gain ??= num(f.metrics, 'gainOverMean');
      }
      if (gain === null) return null;
      const value = Math.max(0, gain);
      return { value, gain: { metric: 'accuracy', value: gain, unit: 'fraction', basis: remedyId === 'ensemble' ? 'measured' : 'upper-bound' } };
    }
    case 'labelIssueShare': {
      const m = metricsOf(checks, 'label-noise');
      const issues = num(m, 'issueCount') ?? (arr(m, 'rows')?.length ?? null);
      const analysed = num(m, 'analysedRows') ?? num(m, 'rowsAnalysed') ?? num(m, 'labelledRows') ?? rows;
      if (issues !== null && positive(analysed)) {
        const share = clamp01(issues / analysed);
        return { value: share, gain: { metric: 'labelsCorrected', value: share, unit: 'fraction', basis: 'upper-bound', rows: issues } };
      }
      const rate = num(m, 'estimatedNoiseRate');
      if (rate === null) return null;
      return { value: clamp01(rate), gain: { metric: 'labelsCorrected', value: clamp01(rate), unit: 'fraction', basis: 'upper-bound' } };
    }
    case 'conflictShare': {
      // Rows that disagree with their group's majority (`minorityRows`) over the labelled rows;
      // without that metric, every row beyond one per group (an upper bound).
      const m = metricsOf(checks, 'conflicting-labels');
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
      const conflicting = num(m, 'conflictingRows');
      const share = num(m, 'conflictingShare');
      const labelled = conflicting !== null && positive(share) ? conflicting / share : rows;
      if (!positive(labelled)) return null;
      const value = clamp01(touched / labelled);
      return { value, gain: { metric: 'labelsCorrected', value, unit: 'fraction', basis: 'upper-bound', rows: touched } };
    }
    case 'duplicateShare':
      return removedRows(metricsOf(checks, 'duplicates'), 'exactDuplicateRows', 'duplicateShare', rows, 'measured');
    case 'nearDuplicateShare':
      return removedRows(metricsOf(checks, 'near-duplicates'), 'nearDuplicateRows', 'nearDuplicateShare', rows, 'upper-bound');
    case 'leakedShare': {
      // All leaked evaluation rows over all evaluation rows (per split in the metrics).
      const m = metricsOf(checks, 'leakage');
      const leaked = num(m, 'totalLeakedRows') ?? countOf(m, 'leakedRows') ?? (arr(m, 'pairs') ? leakedRowsOf(m!).length : null);
      const evaluation = countOf(m, 'evaluationRows') ?? rows;
      if (leaked === null || !positive(evaluation)) return null;
      const share = clamp01(leaked / evaluation);
      return { value: share, gain: { metric: 'leakedRowsRemoved', value: share, unit: 'fraction', basis: 'measured', rows: leaked } };
    }
    case 'sliceExcessErrors': {
      const slice = weakestSlice(checks, rows, context.findings);
      if (!slice) return null;
      return { value: slice.excess, gain: { metric: 'accuracy', value: slice.excess, unit: 'fraction', basis: 'upper-bound', rows: slice.size } };
    }
    case 'calibrationError': {
      const m = metricsOf(checks, 'calibration');
      let ece = num(m, 'meanEce');
      if (ece === null) {
        const perRun = (arr(m, 'perRun') ?? []).map((entry) => num(entry, 'ece')).filter((v): v is number => v !== null);
        if (perRun.length > 0) ece = perRun.reduce((s, v) => s + v, 0) / perRun.length;
      }
      ece ??= num(m, 'ensemble', 'ece');
      if (ece === null) {
        for (const f of context.findings) if (f.check === 'calibration') ece ??= num(f.metrics, 'meanEce');
      }
      if (ece === null) return null;
      return { value: clamp01(ece), gain: { metric: 'calibrationError', value: clamp01(ece), unit: 'fraction', basis: 'upper-bound' } };
    }
  }
}

/** Evaluation rows named in `leakage.metrics.pairs` (`row`, `evalRow`, `evaluationRow`, or `[eval, train, similarity]`). */
export function leakedRowsOf(metrics: Obj): number[] {
  const rows = new Set<number>();
  for (const pair of arr(metrics, 'pairs') ?? []) {
    let row: number | null = null;
    if (Array.isArray(pair)) row = typeof pair[0] === 'number' ? pair[0] : null;
    else row = num(pair, 'row') ?? num(pair, 'evalRow') ?? num(pair, 'evaluationRow');
    if (row !== null && Number.isInteger(row) && row >= 0) rows.add(row);
  }
  return [...rows].sort((a, b) => a - b);
}

// ------------------------------------------------------------------ text

const SEVERITY_ZH: Record<Severity, string> = { info: '提示', low: '低', medium: '中', high: '高', critical: '严重' };

function clean(text: string, max = 60): string {
  const inline = sanitizeInline(text);
  const chars = Array.from(inline);
  return chars.length <= max ? inline : chars.slice(0, max - 1).join('') + '…';
}

const quote = (text: string) => JSON.stringify(clean(text));

function pct(x: number): string {
  const v = x * 100;
  const digits = v !== 0 && Math.abs(v) < 0.1 ? 2 : 1;
  return `${v.toFixed(digits)}%`;
}

function pts(x: number, lang: Lang, signed = false): string {
  const v = (x * 100).toFixed(1);
  const text = signed && x >= 0 ? `+${v}` : v;
  return lang === 'en' ? `${text} points` : `${text} 个百分点`;
}

const fixed = (x: number, digits = 3) => x.toFixed(digits);
const pValue = (name: string, p: number) => (p < 1e-4 ? `${name} < 0.0001` : `${name} = ${fixed(p, 4)}`);

/** en: `+2.1 points over` / `0.4 points below` (before the compared value); zh: `高 2.1 个百分点` / `低 0.4 个百分点` (after it). */
function gainText(gain: number, lang: Lang): string {
  if (lang === 'en') return gain >= 0 ? `${pts(gain, lang, true)} over` : `${pts(-gain, lang)} below`;
  return gain >= 0 ? `高 ${pts(gain, lang)}` : `低 ${pts(-gain, lang)}`;
}
const join = (parts: string[], lang: Lang) => (lang === 'en' ? parts.join(' ') : parts.join(''));

interface FragmentContext {
  lang: Lang;
  checks: Readonly<Record<string, CheckOutcome>>;
  rows: number | null;
  /** This check's findings behind the remedy. */
  findings: Finding[];
  remedy: CatalogueEntry;
  /** Is this column the split column? */
  isSplit: (column: string) => boolean;
}

type Fragment = (context: FragmentContext) => string[];

const ofRows = (count: number, rows: number | null, lang: Lang = 'en') => (positive(rows) ? (lang === 'en' ? ` (${pct(count / rows)})` : `(${pct(count / rows)})`) : '');

const METRIC_NAMES: Record<string, Text> = {
  errorRate: { en: 'error rate', zh: '错误率' },
  accuracy: { en: 'accuracy', zh: '准确率' },
  fpr: { en: 'false positive rate', zh: '假阳性率' },
  fnr: { en: 'false negative rate', zh: '假阴性率' },
  precision: { en: 'precision', zh: '精确率' },
  selectionRate: { en: 'selection rate', zh: '选择率' },
  prevalence: { en: 'prevalence', zh: '正类占比' },
};

const metricName = (metric: string, lang: Lang) => (Object.prototype.hasOwnProperty.call(METRIC_NAMES, metric) ? METRIC_NAMES[metric][lang] : clean(metric, 40));

/** One sentence about a weak slice; `withGain` adds the accuracy a fix would gain. */
function sliceSentence(slice: WeakSlice, lang: Lang, withGain: boolean): string {
  const q = slice.qValue !== null ? pValue('q', slice.qValue) : null;
  const errors = Math.round(slice.excessErrors);
  if (slice.source === 'discovered') {
    const stats = [slice.lift !== null ? `lift ${slice.lift.toFixed(2)}` : null, q].filter(Boolean).join(', ');
    if (lang === 'en') {
      return (
        `The slice ${slice.description} (${slice.size} rows) has a ${pct(slice.value)} error rate against ${pct(slice.baseline)} overall${stats ? ` (${stats})` : ''}: ` +
        `${errors} errors beyond its share${slice.errorShare !== null ? `, and it holds ${pct(slice.errorShare)} of all errors` : ''}` +
        `${withGain ? `; bringing it to the average would gain ${pts(slice.excess, lang)} of accuracy` : ''}.`
      );
    }
    return (
      `切片 ${slice.description}(${slice.size} 行)的错误率为 ${pct(slice.value)},整体为 ${pct(slice.baseline)}${stats ? `(${stats})` : ''}:` +
      `比按整体错误率预期多出 ${errors} 个错误${slice.errorShare !== null ? `,占全部错误的 ${pct(slice.errorShare)}` : ''}` +
      `${withGain ? `;若降到平均水平,准确率可提高 ${pts(slice.excess, lang)}` : ''}。`
    );
  }
  const stats = [slice.lift !== null ? (lang === 'en' ? `ratio ${slice.lift.toFixed(2)}` : `比值 ${slice.lift.toFixed(2)}`) : null, q].filter(Boolean).join(', ');
  const reference = slice.reference ?? '?';
  if (lang === 'en') {
    return (
      `The ${metricName(slice.metric, lang)} of ${slice.description} (${slice.size} rows) is ${pct(slice.value)} against ${pct(slice.baseline)} for the reference group ${reference}${stats ? ` (${stats})` : ''}: ` +
      `${errors} more errors than at the reference rate${withGain ? `; closing the gap would gain ${pts(slice.excess, lang)} of accuracy` : ''}.`
    );
  }
  return (
    `${slice.description}(${slice.size} 行)的${metricName(slice.metric, lang)}为 ${pct(slice.value)},参照组 ${reference} 为 ${pct(slice.baseline)}${stats ? `(${stats})` : ''}:` +
    `比按参照组比率多出 ${errors} 个错误${withGain ? `;若消除差距,准确率可提高 ${pts(slice.excess, lang)}` : ''}。`
  );
}

/** A disparity that is not an excess of errors (e.g. a selection rate), in one sentence. */
function disparityText(finding: Finding, lang: Lang): string[] {
  const m = finding.metrics;
  const metric = str(m, 'metric');
  const value = num(m, 'value');
  const reference = num(m, 'referenceValue');
  const ratio = num(m, 'ratio');
  const column = str(m, 'column');
  if (metric === null || value === null || reference === null || column === null) return generic(finding, lang);
  const group = `${quote(column)} = ${quote(String(isObj(m) ? m.group : ''))}`;
  const ref = quote(String(isObj(m) ? m.reference : ''));
  const ratioText = ratio !== null ? (lang === 'en' ? ` (ratio ${ratio.toFixed(2)})` : `(比值 ${ratio.toFixed(2)})`) : '';
  return [
    lang === 'en'
      ? `The ${metricName(metric, lang)} of ${group} is ${pct(value)} against ${pct(reference)} for the reference group ${ref}${ratioText}.`
      : `${group} 的${metricName(metric, lang)}为 ${pct(value)},参照组 ${ref} 为 ${pct(reference)}${ratioText}。`,
  ];
}

/** Numbers for each check, in both languages; unknown checks fall back to the finding titles. */
const FRAGMENTS: Record<string, Fragment> = {
  duplicates({ lang, checks, rows }) {
    const m = metricsOf(checks, 'duplicates');
    const count = num(m, 'exactDuplicateRows');
    const groups = num(m, 'exactDuplicateGroups');
    if (count === null) return [];
    return [
      lang === 'en'
        ? `${count} rows${ofRows(count, rows)} repeat an earlier row exactly${groups !== null ? `, in ${groups} groups` : ''}.`
        : `${count} 行${ofRows(count, rows, lang)}与前面的行完全重复${groups !== null ? `,共 ${groups} 组` : ''}。`,
    ];
  },
  'near-duplicates'({ lang, checks, rows }) {
    const m = metricsOf(checks, 'near-duplicates');
    const count = num(m, 'nearDuplicateRows');
    if (count === null) return [];
    const clusters = num(m, 'clusterCount') ?? arr(m, 'clusters')?.length ?? null;
    const threshold = num(m, 'threshold');
    const share = num(m, 'nearDuplicateShare');
    const shareText = share !== null ? (lang === 'en' ? ` (${pct(share)})` : `(${pct(share)})`) : ofRows(count, rows, lang);
    const t = threshold !== null ? ` ${threshold}` : '';
    return [
      lang === 'en'
        ? `${count} rows${shareText} are near-duplicates of another row (character 5-gram Jaccard >=${t})${clusters !== null ? `, in ${clusters} clusters` : ''}.`
        : `${count} 行${shareText}与其他行近似重复(字符 5-gram Jaccard 相似度 ≥${t})${clusters !== null ? `,共 ${clusters} 个簇` : ''}。`,
    ];
  },
  'conflicting-labels'({ lang, checks }) {
    const m = metricsOf(checks, 'conflicting-labels');
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
    const minorityText = minority !== null ? (lang === 'en' ? `; ${minority} rows disagree with their group's majority` : `;其中 ${minority} 行与组内多数标签不一致`) : '';
    return [lang === 'en' ? `${count} groups of duplicate rows${rowsText} carry conflicting labels${minorityText}.` : `${count} 组重复样本${rowsText}带有相互矛盾的标签${minorityText}。`];
  },
  leakage({ lang, checks }) {
    const m = metricsOf(checks, 'leakage');
    const leaked = num(m, 'totalLeakedRows') ?? countOf(m, 'leakedRows') ?? (m && arr(m, 'pairs') ? leakedRowsOf(m).length : null);
    if (leaked === null) return [];
    const evaluation = countOf(m, 'evaluationRows');
    const share = positive(evaluation) ? (lang === 'en' ? ` (${pct(leaked / evaluation)})` : `(${pct(leaked / evaluation)})`) : '';
    // Per split, largest share first: `"test": 12 of 400`.
    const perSplit: string[] = [];
    const leakedBy = isObj(m?.leakedRows) ? (m!.leakedRows as Obj) : null;
    const evalBy = isObj(m?.evaluationRows) ? (m!.evaluationRows as Obj) : null;
    if (leakedBy && evalBy) {
      const entries = Object.keys(leakedBy)
        .map((split) => ({ split, leaked: num(leakedBy, split), total: num(evalBy, split) }))
        .filter((e): e is { split: string; leaked: number; total: number } => e.leaked !== null && e.leaked > 0 && positive(e.total))
        .sort((a, b) => b.leaked / b.total - a.leaked / a.total || (a.split < b.split ? -1 : 1));
      for (const e of entries.slice(0, 3)) perSplit.push(lang === 'en' ? `${quote(e.split)}: ${e.leaked} of ${e.total}` : `${quote(e.split)}:${e.total} 行中 ${e.leaked} 行`);
    }
    const splitText = perSplit.length > 0 ? (lang === 'en' ? ` (${perSplit.join('; ')})` : `(${perSplit.join(';')})`) : '';
    return [
      lang === 'en'
        ? `${leaked} evaluation rows${share} duplicate training rows${splitText}, so the evaluation partly measures memory.`
        : `${leaked} 个评估样本${share}与训练样本重复${splitText},评估结果部分衡量的是记忆。`,
    ];
  },
  'label-noise'({ lang, checks, rows }) {
    const m = metricsOf(checks, 'label-noise');
    const issues = num(m, 'issueCount');
    const rate = num(m, 'estimatedNoiseRate');
    if (issues === null && rate === null) return [];
    const analysed = num(m, 'analysedRows') ?? num(m, 'rowsAnalysed') ?? num(m, 'labelledRows') ?? rows;
    const parts: string[] = [];
    if (issues !== null) {
      parts.push(lang === 'en' ? `${issues} rows${ofRows(issues, analysed)} are likely mislabelled (confident learning)` : `${issues} 行${ofRows(issues, analysed, lang)}疑似标签错误(置信学习)`);
    }
    if (rate !== null) parts.push(lang === 'en' ? `estimated label noise rate ${pct(rate)}` : `估计标签噪声率为 ${pct(rate)}`);
    return [lang === 'en' ? `${parts.join('; ')}.` : `${parts.join(';')}。`];
  },
  'seed-instability'({ lang, checks, findings, remedy }) {
    const m = metricsOf(checks, 'seed-instability');
    const out: string[] = [];
    const keys = new Set(findings.map((f) => f.id.slice('seed-instability/'.length)));
    const runs = arr(m, 'runs')?.length ?? null;
    const ensembleAccuracy = num(m, 'ensemble', 'accuracy');
    const gain = num(m, 'ensemble', 'gainOverMean');
    const mean = num(m, 'accuracy', 'mean');
    let ensembleWritten = false;
    if ((remedy.measuredBy.includes('ensembleGain') || keys.has('ensemble-gain')) && ensembleAccuracy !== null && gain !== null) {
      const k = runs !== null ? `${runs} ` : '';
      out.push(
        lang === 'en'
          ? `The ensemble of the ${k}runs reaches ${pct(ensembleAccuracy)} accuracy, ${gainText(gain, lang)} the mean single run${mean !== null ? ` (${pct(mean)})` : ''}.`
          : `${k}次运行的集成准确率为 ${pct(ensembleAccuracy)},比单次运行的平均值${mean !== null ? `(${pct(mean)})` : ''}${gainText(gain, lang)}。`,
      );
      ensembleWritten = true;
    }
    for (const f of findings) {
      const key = f.id.slice('seed-instability/'.length);
      if (key === 'churn') {
        const churn = num(f.metrics, 'meanPairwise') ?? num(m, 'churn', 'meanPairwise');
        const unstable = num(f.metrics, 'unstableRows') ?? num(m, 'unstableRows');
        const share = num(f.metrics, 'unstableShare') ?? num(m, 'unstableShare');
        const error = num(f.metrics, 'meanErrorRate');
        if (churn === null) continue;
        out.push(
          lang === 'en'
            ? `Two runs disagree on ${pct(churn)} of examples on average${error !== null ? ` (mean error rate ${pct(error)})` : ''}${unstable !== null ? `; ${unstable} examples${share !== null ? ` (${pct(share)})` : ''} change prediction across runs` : ''}.`
            : `任意两次运行平均在 ${pct(churn)} 的样本上预测不一致${error !== null ? `(平均错误率 ${pct(error)})` : ''}${unstable !== null ? `;${unstable} 个样本${share !== null ? `(${pct(share)})` : ''}在不同运行间预测发生变化` : ''}。`,
        );
      } else if (key === 'accuracy-spread') {
        const min = num(f.metrics, 'min') ?? num(m, 'accuracy', 'min');
        const max = num(f.metrics, 'max') ?? num(m, 'accuracy', 'max');
        const p = num(f.metrics, 'pValue') ?? num(m, 'spreadTest', 'pValue');
        const ci = arr(f.metrics, 'ci95') ?? arr(isObj(m?.accuracy) ? m!.accuracy : null, 'ci95');
        if (min === null || max === null) continue;
        const ciText = ci && typeof ci[0] === 'number' && typeof ci[1] === 'number' ? (lang === 'en' ? `; 95% interval of the mean [${pct(ci[0])}, ${pct(ci[1])}]` : `;均值的 95% 区间为 [${pct(ci[0])}, ${pct(ci[1])}]`) : '';
        const pText = p !== null ? (lang === 'en' ? `; spread test ${pValue('p', p)}` : `;波动检验 ${pValue('p', p)}`) : '';
        out.push(
          lang === 'en'
            ? `Accuracy ranges from ${pct(min)} to ${pct(max)} across ${runs ?? 'the'} runs${ciText}${pText}.`
            : `${runs !== null ? `${runs} ` : ''}次运行的准确率在 ${pct(min)} 到 ${pct(max)} 之间${ciText}${pText}。`,
        );
      } else if (key === 'failed-runs') {
        const failed = arr(f.metrics, 'failedRuns')?.length ?? arr(m, 'failedRuns')?.length ?? null;
        const baseline = num(f.metrics, 'majorityBaseline') ?? num(m, 'majorityBaseline');
        if (failed === null) continue;
        out.push(
          lang === 'en'
            ? `${failed} of ${runs ?? '?'} runs are no better than always predicting the majority class${baseline !== null ? ` (${pct(baseline)})` : ''}.`
            : `${runs ?? '?'} 次运行中有 ${failed} 次不优于始终预测多数类${baseline !== null ? `(${pct(baseline)})` : ''}。`,
        );
      } else if (key === 'ensemble-gain') {
        if (ensembleWritten) continue;
        const g = num(f.metrics, 'gainOverMean');
        const acc = num(f.metrics, 'ensembleAccuracy');
        if (g === null || acc === null) {
          out.push(...generic(f, lang));
          continue;
        }
        out.push(lang === 'en' ? `The ensemble of the runs reaches ${pct(acc)} accuracy, ${gainText(g, lang)} the mean single run.` : `多次运行的集成准确率为 ${pct(acc)},比单次运行的平均值${gainText(g, lang)}。`);
        ensembleWritten = true;
      } else if (key === 'partial-coverage') {
        const left = num(f.metrics, 'leftOut');
        const union = num(f.metrics, 'unionRows');
        if (left === null) continue;
        out.push(lang === 'en' ? `The runs cover different examples: ${left}${union !== null ? ` of ${union}` : ''} are left out of the comparison.` : `各次运行覆盖的样本不同:${union !== null ? `${union} 个样本中有 ` : ''}${left} 个未参与比较。`);
      } else {
        out.push(...generic(f, lang));
      }
    }
    return out;
  },
  calibration({ lang, checks, findings }) {
    const m = metricsOf(checks, 'calibration');
    const f = findings[0];
    const ece = num(f?.metrics, 'meanEce') ?? num(m, 'meanEce');
    if (ece === null) return findings.flatMap((x) => generic(x, lang));
    const confidence = num(f?.metrics, 'meanConfidence');
    const accuracy = num(f?.metrics, 'meanAccuracy');
    const ensembleEce = num(f?.metrics, 'ensembleEce') ?? num(m, 'ensemble', 'ece');
    const bins = num(m, 'nBins') ?? 15;
    const detail = confidence !== null && accuracy !== null ? (lang === 'en' ? `: mean confidence ${pct(confidence)} against ${pct(accuracy)} accuracy` : `:平均置信度 ${pct(confidence)},而准确率为 ${pct(accuracy)}`) : '';
    const ens = ensembleEce !== null ? (lang === 'en' ? `; the ensemble's ECE is ${fixed(ensembleEce)}` : `;集成的 ECE 为 ${fixed(ensembleEce)}`) : '';
    return [
      lang === 'en'
        ? `Expected calibration error is ${fixed(ece)} (${bins} bins, mean over runs)${detail}${ens}.`
        : `期望校准误差(ECE)为 ${fixed(ece)}(${bins} 个分箱,各次运行的平均值)${detail}${ens}。`,
    ];
  },
  slices({ lang, checks, rows, findings, remedy, isSplit }) {
    const out: string[] = [];
    const seen = new Set<string>();
    const evaluated = sliceRows(checks, rows);
    const overall = num(metricsOf(checks, 'slices'), 'overallErrorRate');
    const add = (slice: WeakSlice, withGain: boolean) => {
      if (seen.has(slice.description)) return;
      seen.add(slice.description);
      out.push(sliceSentence(slice, lang, withGain));
    };
    if (remedy.measuredBy.includes('sliceExcessErrors')) {
      const weakest = weakestSlice(checks, rows, findings);
      if (weakest) add(weakest, true);
    }
    // Drift monitoring speaks about the slices defined by the split.
    const preferSplit = remedy.id === 'monitor-drift';
    const pick = (entries: Json[]) => (preferSplit ? entries.find((e) => predicateColumns(isObj(e) ? e.predicates : null).some(isSplit)) : undefined) ?? entries[0];
    for (const f of findings) {
      if (out.length >= 3) break;
      const key = f.id.slice('slices/'.length);
      if (key === 'weak-slices' && positive(evaluated)) {
        const entry = pick(arr(f.metrics, 'slices') ?? []);
        const slice = entry === undefined ? null : discoveredSlice(entry, evaluated, overall);
        if (slice) add(slice, false);
        else if (out.length === 0) out.push(...generic(f, lang));
      } else if (key.startsWith('disparity:')) {
        const slice = positive(evaluated) ? disparitySlice(f, evaluated) : null;
        if (slice) add(slice, false);
        else out.push(...disparityText(f, lang));
      } else if (key === 'label-skew') {
        const entry = pick(arr(f.metrics, 'slices') ?? []);
        const size = num(entry, 'size');
        const rate = num(entry, 'classRate');
        const base = num(entry, 'overallClassRate');
        const className = str(f.metrics, 'class');
        const description = describePredicates(isObj(entry) ? entry.predicates : null);
        if (size === null || rate === null || base === null || className === null || description === null) {
          out.push(...generic(f, lang));
          continue;
        }
        const q = num(entry, 'qValue');
        const qText = q !== null ? (lang === 'en' ? ` (${pValue('q', q)})` : `(${pValue('q', q)})`) : '';
        out.push(
          lang === 'en'
            ? `In ${description} (${size} rows) ${pct(rate)} of the labels are ${quote(className)} against ${pct(base)} overall${qText}.`
            : `在 ${description}(${size} 行)中,${pct(rate)} 的标签为 ${quote(className)},整体为 ${pct(base)}${qText}。`,
        );
      } else {
        out.push(...generic(f, lang));
      }
    }
    return out;
  },
  'class-balance'({ lang, findings }) {
    const out: string[] = [];
    for (const f of findings) {
      const key = f.id.slice('class-balance/'.length);
      if (key === 'imbalance') {
        const ratio = num(f.metrics, 'imbalanceRatio');
        const large = str(f.metrics, 'largestClass');
        const small = str(f.metrics, 'smallestClass');
        const largeCount = num(f.metrics, 'largestCount');
        const smallCount = num(f.metrics, 'smallestCount');
        if (large === null || small === null || largeCount === null || smallCount === null) {
          out.push(...generic(f, lang));
          continue;
        }
        const r = ratio !== null ? `${ratio.toFixed(1)}:1` : lang === 'en' ? 'unbounded' : '无穷大';
        out.push(
          lang === 'en'
            ? `The largest class ${quote(large)} has ${largeCount} rows and the smallest ${quote(small)} has ${smallCount} (imbalance ${r}).`
            : `最大类别 ${quote(large)} 有 ${largeCount} 行,最小类别 ${quote(small)} 只有 ${smallCount} 行(不平衡比 ${r})。`,
        );
      } else if (key === 'rare-classes') {
        const rare = (arr(f.metrics, 'rareClasses') ?? []).filter(isObj);
        if (rare.length === 0) {
          out.push(...generic(f, lang));
          continue;
        }
        const list = rare
          .slice(0, 3)
          .map((entry) => `${quote(String(entry.class))} (${num(entry, 'count') ?? '?'}${lang === 'en' ? ' rows' : ' 行'})`)
          .join(lang === 'en' ? ', ' : '、');
        const more = rare.length > 3 ? (lang === 'en' ? ', ...' : '等') : '';
        out.push(lang === 'en' ? `${rare.length} rare classes: ${list}${more}.` : `${rare.length} 个稀有类别:${list}${more}。`);
      } else {
        out.push(...generic(f, lang));
      }
    }
    return out;
  },
  'missing-values'({ lang, findings }) {
    const out: string[] = [];
    const missing = findings
      .filter((f) => f.id.startsWith('missing-values/missing:'))
      .map((f) => ({ column: str(f.metrics, 'column'), share: num(f.metrics, 'missingShare'), count: num(f.metrics, 'missing') }))
      .filter((x): x is { column: string; share: number; count: number | null } => x.column !== null && x.share !== null)
      .sort((a, b) => b.share - a.share || (a.column < b.column ? -1 : a.column > b.column ? 1 : 0));
    if (missing.length > 0) {
      const list = missing
        .slice(0, 3)
        .map((x) => `${quote(x.column)} ${pct(x.share)}`)
        .join(lang === 'en' ? ', ' : '、');
      const more = missing.length > 3 ? (lang === 'en' ? ', ...' : '等') : '';
      out.push(lang === 'en' ? `${missing.length} columns have missing cells: ${list}${more}.` : `${missing.length} 列存在缺失值:${list}${more}。`);
    }
    for (const f of findings) {
      if (f.id.startsWith('missing-values/missing:')) continue;
      const columns = (arr(f.metrics, 'columns') ?? []).filter((c): c is string => typeof c === 'string');
      const names = columns.slice(0, 3).map(quote).join(lang === 'en' ? ', ' : '、');
      if (f.id === 'missing-values/mixed-types' && columns.length > 0) {
        out.push(lang === 'en' ? `${columns.length} columns mix value types: ${names}.` : `${columns.length} 列混合了多种值类型:${names}。`);
      } else if (f.id === 'missing-values/constant-columns' && columns.length > 0) {
        out.push(lang === 'en' ? `${columns.length} columns are constant: ${names}.` : `${columns.length} 列为常量:${names}。`);
      } else {
        out.push(...generic(f, lang));
      }
    }
    return out;
  },
  'input-integrity'({ lang, findings }) {
    const out: string[] = [];
    for (const f of findings) {
      const key = f.id.slice('input-integrity/'.length);
      const count = num(f.metrics, 'raggedRows') ?? num(f.metrics, 'unmatchedRecords') ?? num(f.metrics, 'rowsWithoutPredictions');
      if (key === 'ragged-rows' && count !== null) out.push(lang === 'en' ? `${count} rows have the wrong number of fields.` : `${count} 行的字段数与表头不符。`);
      else if (key === 'unmatched-predictions' && count !== null) out.push(lang === 'en' ? `${count} prediction records match no data row.` : `${count} 条预测记录无法与数据行关联。`);
      else if (key === 'rows-without-predictions' && count !== null) out.push(lang === 'en' ? `${count} data rows have no prediction.` : `${count} 个数据行没有预测。`);
      else if (key === 'uneven-run-coverage' && num(f.metrics, 'commonRows') !== null) {
        const common = num(f.metrics, 'commonRows')!;
        out.push(lang === 'en' ? `The runs cover different rows; ${common} rows are covered by every run.` : `各次运行覆盖的行不同;只有 ${common} 行被所有运行覆盖。`);
      } else if (key === 'duplicate-headers' && Array.isArray(f.metrics.renamed)) {
        const renamed = f.metrics.renamed.length;
        out.push(lang === 'en' ? `${renamed} header names are repeated or empty and were renamed.` : `${renamed} 个表头名称重复或为空,已被重命名。`);
      }
      else out.push(...generic(f, lang));
    }
    return out;
  },
};

/** A finding in one sentence when no check-specific wording exists. */
function generic(finding: Finding, lang: Lang): string[] {
  if (lang === 'en') return [`${clean(finding.title, 160).replace(/[.。]$/, '')} (${finding.id}, ${finding.severity}).`];
  const numbers = Object.keys(finding.metrics)
    .filter((key) => typeof finding.metrics[key] === 'number' && Number.isFinite(finding.metrics[key]))
    .slice(0, 3)
    .map((key) => `${clean(key, 40)} = ${Number((finding.metrics[key] as number).toFixed(4))}`);
  return [`发现「${clean(finding.id, 80)}」(严重度:${SEVERITY_ZH[finding.severity]})${numbers.length > 0 ? `:${numbers.join(',')}` : ''}。`];
}

// ------------------------------------------------------------------ ranking

const severityRank = (severity: Severity) => SEVERITIES.indexOf(severity);

/** Extra conditions on top of `appliesTo`, for entries whose trigger depends on the finding's content. */
const GUARDS: Record<string, (finding: Finding, isSplit: (column: string) => boolean) => boolean> = {
  // Drift monitoring: only for slices that involve the split column (errors or labels concentrated in one split).
  'monitor-drift': (finding, isSplit) => {
    if (finding.check !== 'slices') return true;
    const m = finding.metrics as Obj;
    const columns = [
      ...predicateColumns(m.predicates),
      ...(typeof m.column === 'string' ? m.column.split(' & ') : []),
      ...(arr(m, 'slices') ?? []).flatMap((entry) => predicateColumns(isObj(entry) ? entry.predicates : null)),
    ];
    return columns.some(isSplit);
  },
};

/** The split column as given, else any column with a split-like name. */
function splitMatcher(input: RankInput): (column: string) => boolean {
  const split = input.splitColumn ?? null;
  return (column: string) => (split !== null ? column === split : SPLIT_NAMES.includes(column.toLowerCase()));
}

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4 + 0; // + 0 turns -0 into 0
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6 + 0;
}

/**
 * Ranks the remedies the findings call for. Only entries with at least one matching finding
 * appear; see the module comment for the score.
 */
export function rankRemedies(input: RankInput): Remedy[] {
  const { findings, checks, task, lang } = input;
  const rows = rowCount(input);
  const isSplit = splitMatcher(input);
  const candidates: Omit<Remedy, 'rank'>[] = [];
  for (const entry of CATALOGUE) {
    const guard = GUARDS[entry.id];
    const behind = findings.filter((f) => entry.appliesTo.some((pattern) => matchesPattern(pattern, f.id, f.check)) && (!guard || guard(f, isSplit)));
    if (behind.length === 0) continue;
    behind.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const severity = behind[0].severity;
    const checksBehind = new Set(behind.map((f) => f.check));

    let best: Measured | null = null;
    let bestKind: HeadroomKind | null = null;
    for (const kind of entry.measuredBy) {
      if (!checksBehind.has(MEASURE_CHECK[kind])) continue;
      const measured = measure(kind, { checks, rows, findings: behind }, entry.id);
      if (measured && (!best || measured.value * weightOf(measured) > best.value * weightOf(best))) {
        best = measured;
        bestKind = kind;
      }
    }
    const headroom = best ? best.value : null;
    const weight = best ? weightOf(best) : 0;
    const score = round4(100 * weight * (headroom ?? 0) + SEVERITY_WEIGHT[severity] - COST_PENALTY[entry.cost]);

    const evidence: string[] = [];
    const seenChecks: string[] = [];
    for (const f of behind) if (!seenChecks.includes(f.check)) seenChecks.push(f.check);
    // The measured check first, so the sentence with the headroom leads.
    const measuredCheck = bestKind ? MEASURE_CHECK[bestKind] : null;
    if (measuredCheck) seenChecks.sort((a, b) => (a === measuredCheck ? -1 : b === measuredCheck ? 1 : 0));
    for (const check of seenChecks) {
      const mine = behind.filter((f) => f.check === check);
      const fragment = FRAGMENTS[check];
      const parts = fragment ? fragment({ lang, checks, rows, findings: mine, remedy: entry, isSplit }) : mine.flatMap((f) => generic(f, lang));
      evidence.push(...(parts.length > 0 ? parts : mine.flatMap((f) => generic(f, lang))));
    }

    const remedy: Omit<Remedy, 'rank'> = {
      id: entry.id,
      title: entry.title[lang],
      summary: entry.summary[lang],
      score,
      headroom: headroom === null ? null : round6(headroom),
      headroomWeight: best ? weight : null,
      severity,
      cost: entry.cost,
      why: behind.map((f) => f.id),
      evidence: join(evidence.slice(0, 5), lang),
      steps: [...entry.steps[lang]],
      references: entry.references.map(formatReference),
    };
    if (best) remedy.expectedGain = { ...best.gain, value: round6(best.gain.value) };
    if (task) {
      remedy.task = task;
      remedy.domainVariant = entry.variants[task][lang];
    }
    candidates.push(remedy);
  }
  candidates.sort(
    (a, b) =>
      b.score - a.score ||
      severityRank(b.severity) - severityRank(a.severity) ||
      COST_ORDER[a.cost] - COST_ORDER[b.cost] ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return candidates.map((remedy, index) => ({ rank: index + 1, ...remedy }));
}

export { detectTask, detectTaskWithReason, type TaskSignals, type DetectedTask } from './task.js';
