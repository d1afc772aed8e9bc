/**
 * Maps findings to catalogue entries and ranks them by measured headroom, severity and cost.
 * Pure: reads findings and check metrics (defensively: a missing or malformed metric means "not
 * measurable", never an error), returns plain data in the chosen language.
 *
 * ## Score
 *
 *   score = 100 * headroom + severityWeight - costPenalty
 *
 * - `headroom` (a fraction in [0, 1], or none) is the largest measured quantity among the entry's
 *   `measuredBy` measures whose check has a finding behind the remedy:
 *     - ensembleGain: accuracy the ensemble of the runs gains over the mean single run
 *       (`seed-instability.ensemble.gainOverMean`, negative counts as 0);
 *     - labelIssueShare: rows flagged as likely mislabelled / rows analysed
 *       (`label-noise.issueCount`; `estimatedNoiseRate` when the row count is unknown);
 *     - conflictShare: rows in conflicting duplicate groups beyond one per group / rows
 *       (an upper bound of the labels a relabelling changes);
 *     - duplicateShare / nearDuplicateShare: `exactDuplicateRows` / `nearDuplicateRows` over rows;
 *     - leakedShare: leaked evaluation rows / evaluation rows (all rows when the split sizes are
 *       unknown);
 *     - sliceExcessErrors: for the discovered slice (q <= 0.05 when q-values are given) or
 *       declared group with the most excess errors, size * (slice error rate - error rate of the
 *       rest) / rows: the accuracy gained if that slice erred like the rest of the data;
 *     - calibrationError: the mean per-run expected calibration error (what temperature scaling
 *       can remove).
 *   Each is a share of the evaluated rows, so 100 * headroom is in percentage points: one point
 *   of measured headroom weighs as much as one severity step.
 * - `severityWeight` of the most severe finding behind the remedy: info 0, low 1, medium 2,
 *   high 3, critical 4.
 * - `costPenalty`: low 0, medium 0.5, high 1 (cheaper first when the rest is equal).
 *
 * Remedies are ordered by score (descending), then severity (descending), cost (ascending) and
 * id, so the order is total and deterministic. Scores are rounded to 4 decimals.
 * A remedy appears only when at least one finding matches its `appliesTo`.
 */
import { SEVERITIES, type CheckOutcome, type Finding, type Json, type Severity } from '../checks/types.js';
import { sanitizeInline } from '../render/sanitize.js';
import { SPLIT_NAMES } from '../data/roles.js';
import { CATALOGUE, formatReference, matchesPattern, type CatalogueEntry, type Cost, type HeadroomKind, type Lang, type Task } from './catalogue.js';

export const SEVERITY_WEIGHT: Readonly<Record<Severity, number>> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };
export const COST_PENALTY: Readonly<Record<Cost, number>> = { low: 0, medium: 0.5, high: 1 };
const COST_ORDER: Readonly<Record<Cost, number>> = { low: 0, medium: 1, high: 2 };

/** The score formula in words, for the README and `audit remedies`. */
export const SCORE_FORMULA =
  'score = 100 x headroom + severity weight (info 0, low 1, medium 2, high 3, critical 4) - cost penalty (low 0, medium 0.5, high 1); headroom is the measured share of evaluated rows the remedy can fix or gain (0 when not measurable); ties broken by severity, then cost, then id.';

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

/** The discovered slice or declared group with the most excess errors, as used by the measure. */
export interface WeakSlice {
  /** `column = value` conjunction (sanitised). */
  description: string;
  size: number;
  errorRate: number;
  /** Error rate of the comparison: the rest of the rows, or the reference group. */
  baseline: number;
  overallErrorRate: number | null;
  /** Excess errors as a fraction of the evaluated rows. */
  excess: number;
  /** Share of all errors that sit in the slice, when the overall error rate is known. */
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

/** The weakest slice by excess errors, from `slices.metrics.discovered` and the declared groups. */
export function weakestSlice(checks: Readonly<Record<string, CheckOutcome>>, rows: number | null): WeakSlice | null {
  const m = metricsOf(checks, 'slices');
  if (!m) return null;
  const evaluated = num(m, 'evaluatedRows') ?? num(m, 'rows') ?? num(m, 'commonRows') ?? rows;
  if (!positive(evaluated)) return null;
  let best: WeakSlice | null = null;
  const consider = (candidate: WeakSlice) => {
    if (!(candidate.excess > 0)) return;
    if (!best || candidate.excess > best.excess || (candidate.excess === best.excess && candidate.description < best.description)) best = candidate;
  };
  for (const slice of arr(m, 'discovered') ?? []) {
    const size = num(slice, 'size');
    const errorRate = num(slice, 'errorRate');
    if (!positive(size) || errorRate === null || size >= evaluated) continue;
    const q = num(slice, 'qValue');
    if (q !== null && q > 0.05) continue;
    const overall = num(slice, 'overallErrorRate') ?? num(m, 'overallErrorRate');
    if (overall === null) continue;
    const restErrors = Math.max(0, evaluated * overall - size * errorRate);
    const rest = restErrors / (evaluated - size);
    const predicates = (slice as Obj).predicates;
    consider({
      description: describePredicates(predicates) ?? '?',
      size,
      errorRate,
      baseline: rest,
      overallErrorRate: overall,
      excess: clamp01((size * (errorRate - rest)) / evaluated),
      errorShare: overall > 0 ? clamp01((size * errorRate) / (evaluated * overall)) : null,
      qValue: q,
      lift: num(slice, 'lift'),
    });
  }
  // Declared groups: excess over the reference group's error rate.
  const groups = arr(m, 'groups') ?? [];
  for (const group of groups) {
    const size = num(group, 'size');
    const errorRate = num(group, 'errorRate');
    const reference = num(group, 'referenceErrorRate') ?? num(group, 'disparity', 'referenceErrorRate');
    if (!positive(size) || errorRate === null || reference === null) continue;
    const column = str(group, 'column');
    const value = isObj(group) ? group.value : undefined;
    consider({
      description: column !== null ? `${quote(column)} = ${quote(String(value))}` : '?',
      size,
      errorRate,
      baseline: reference,
      overallErrorRate: num(m, 'overallErrorRate'),
      excess: clamp01((size * (errorRate - reference)) / evaluated),
      errorShare: null,
      qValue: num(group, 'qValue'),
      lift: null,
    });
  }
  return best;
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
      const m = metricsOf(checks, 'conflicting-labels');
      const groups = arr(m, 'groups');
      if (!groups || !positive(rows)) return null;
      let touched = 0;
      for (const group of groups) {
        const members = arr(group, 'rows');
        if (members && members.length > 1) touched += members.length - 1;
      }
      const share = clamp01(touched / rows);
      return { value: share, gain: { metric: 'labelsCorrected', value: share, unit: 'fraction', basis: 'upper-bound', rows: touched } };
    }
    case 'duplicateShare': {
      const count = num(metricsOf(checks, 'duplicates'), 'exactDuplicateRows');
      if (count === null || !positive(rows)) return null;
      const share = clamp01(count / rows);
      return { value: share, gain: { metric: 'rowsRemoved', value: share, unit: 'fraction', basis: 'measured', rows: count } };
    }
    case 'nearDuplicateShare': {
      const count = num(metricsOf(checks, 'near-duplicates'), 'nearDuplicateRows');
      if (count === null || !positive(rows)) return null;
      const share = clamp01(count / rows);
      return { value: share, gain: { metric: 'rowsRemoved', value: share, unit: 'fraction', basis: 'upper-bound', rows: count } };
    }
    case 'leakedShare': {
      const m = metricsOf(checks, 'leakage');
      const leaked = countOf(m, 'leakedRows') ?? (arr(m, 'pairs') ? leakedRowsOf(m!).length : null);
      const evaluation = countOf(m, 'evaluationRows') ?? countOf(m, 'evalRows') ?? rows;
      if (leaked === null || !positive(evaluation)) return null;
      const share = clamp01(leaked / evaluation);
      return { value: share, gain: { metric: 'leakedRowsRemoved', value: share, unit: 'fraction', basis: 'measured', rows: leaked } };
    }
    case 'sliceExcessErrors': {
      const slice = weakestSlice(checks, rows);
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
}

type Fragment = (context: FragmentContext) => string[];

const ofRows = (count: number, rows: number | null, lang: Lang = 'en') => (positive(rows) ? (lang === 'en' ? ` (${pct(count / rows)})` : `(${pct(count / rows)})`) : '');

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
    const clusters = arr(m, 'clusters')?.length ?? null;
    const threshold = num(m, 'threshold');
    const t = threshold !== null ? ` ${threshold}` : '';
    return [
      lang === 'en'
        ? `${count} rows${ofRows(count, rows)} are near-duplicates of another row (5-gram Jaccard >=${t})${clusters !== null ? ` in ${clusters} clusters` : ''}.`
        : `${count} 行${ofRows(count, rows, lang)}与其他行近似重复(5-gram Jaccard 相似度 ≥${t})${clusters !== null ? `,共 ${clusters} 个簇` : ''}。`,
    ];
  },
  'conflicting-labels'({ lang, checks }) {
    const m = metricsOf(checks, 'conflicting-labels');
    const groups = arr(m, 'groups');
    const count = num(m, 'conflictingGroups') ?? groups?.length ?? null;
    if (count === null) return [];
    let members = 0;
    for (const group of groups ?? []) members += arr(group, 'rows')?.length ?? 0;
    const rowsText = members > 0 ? (lang === 'en' ? ` (${members} rows)` : `(共 ${members} 行)`) : '';
    return [lang === 'en' ? `${count} groups of duplicate rows${rowsText} carry conflicting labels.` : `${count} 组重复样本${rowsText}带有相互矛盾的标签。`];
  },
  leakage({ lang, checks }) {
    const m = metricsOf(checks, 'leakage');
    const leaked = countOf(m, 'leakedRows') ?? (m && arr(m, 'pairs') ? leakedRowsOf(m).length : null);
    if (leaked === null) return [];
    const evaluation = countOf(m, 'evaluationRows') ?? countOf(m, 'evalRows');
    const share = positive(evaluation) ? ` (${pct(leaked / evaluation)})` : '';
    return [
      lang === 'en'
        ? `${leaked} evaluation rows${share} duplicate training rows, so the evaluation partly measures memory.`
        : `${leaked} 个评估样本${share}与训练样本重复,评估结果部分衡量的是记忆。`,
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
  slices({ lang, checks, rows, findings, remedy }) {
    const slice = weakestSlice(checks, rows);
    const out: string[] = [];
    if (slice) {
      const q = slice.qValue !== null ? `, ${pValue('q', slice.qValue)}` : '';
      const share = slice.errorShare !== null ? (lang === 'en' ? `; it holds ${pct(slice.errorShare)} of all errors` : `;它包含了全部错误的 ${pct(slice.errorShare)}`) : '';
      out.push(
        lang === 'en'
          ? `The slice ${slice.description} (${slice.size} rows) has a ${pct(slice.errorRate)} error rate against ${pct(slice.baseline)} elsewhere${q}${share}; bringing it to that level would gain ${pts(slice.excess, lang)} of accuracy.`
          : `切片 ${slice.description}(${slice.size} 行)的错误率为 ${pct(slice.errorRate)},其余部分为 ${pct(slice.baseline)}${q}${share};若将其降到同一水平,准确率可提高 ${pts(slice.excess, lang)}。`,
      );
    }
    // Findings the weakest-slice sentence does not already cover.
    for (const f of findings.slice(0, slice ? 2 : 3)) {
      if (slice && findingMentions(f, slice)) continue;
      if (remedy.id === 'monitor-drift' || !slice) out.push(...generic(f, lang));
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

function findingMentions(finding: Finding, slice: WeakSlice): boolean {
  const size = num(finding.metrics, 'size');
  const rate = num(finding.metrics, 'errorRate');
  return size === slice.size && rate === slice.errorRate;
}

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
const GUARDS: Record<string, (finding: Finding, input: RankInput) => boolean> = {
  // Drift monitoring: only for slices defined by the split column (errors concentrated in one split).
  'monitor-drift': (finding, input) => {
    if (finding.check !== 'slices') return true;
    const split = input.splitColumn ?? null;
    const isSplit = (column: string) => (split !== null ? column === split : SPLIT_NAMES.includes(column.toLowerCase()));
    const m = finding.metrics as Obj;
    const columns = [...predicateColumns(m.predicates), ...(typeof m.column === 'string' ? [m.column] : [])];
    return columns.some(isSplit);
  },
};

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
  const candidates: Omit<Remedy, 'rank'>[] = [];
  for (const entry of CATALOGUE) {
    const guard = GUARDS[entry.id];
    const behind = findings.filter((f) => entry.appliesTo.some((pattern) => matchesPattern(pattern, f.id, f.check)) && (!guard || guard(f, input)));
    if (behind.length === 0) continue;
    behind.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const severity = behind[0].severity;
    const checksBehind = new Set(behind.map((f) => f.check));

    let best: Measured | null = null;
    let bestKind: HeadroomKind | null = null;
    for (const kind of entry.measuredBy) {
      if (!checksBehind.has(MEASURE_CHECK[kind])) continue;
      const measured = measure(kind, { checks, rows, findings: behind }, entry.id);
      if (measured && (!best || measured.value > best.value)) {
        best = measured;
        bestKind = kind;
      }
    }
    const headroom = best ? best.value : null;
    const score = round4(100 * (headroom ?? 0) + SEVERITY_WEIGHT[severity] - COST_PENALTY[entry.cost]);

    const evidence: string[] = [];
    const seenChecks: string[] = [];
    for (const f of behind) if (!seenChecks.includes(f.check)) seenChecks.push(f.check);
    // The measured check first, so the sentence with the headroom leads.
    const measuredCheck = bestKind ? MEASURE_CHECK[bestKind] : null;
    if (measuredCheck) seenChecks.sort((a, b) => (a === measuredCheck ? -1 : b === measuredCheck ? 1 : 0));
    for (const check of seenChecks) {
      const mine = behind.filter((f) => f.check === check);
      const fragment = FRAGMENTS[check];
      const parts = fragment ? fragment({ lang, checks, rows, findings: mine, remedy: entry }) : mine.flatMap((f) => generic(f, lang));
      evidence.push(...(parts.length > 0 ? parts : mine.flatMap((f) => generic(f, lang))));
    }

    const remedy: Omit<Remedy, 'rank'> = {
      id: entry.id,
      title: entry.title[lang],
      summary: entry.summary[lang],
      score,
      headroom: headroom === null ? null : round6(headroom),
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
