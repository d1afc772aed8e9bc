/**
 * The slices check's part in the remedies: the weakest slice (a discovered slice or the group of a
 * disparity finding, by excess errors), its evidence sentences and the headroom it measures.
 */
import type { CheckOutcome, Finding, Json } from '../types.js';
import type { Lang } from '../../core/vocabulary.js';
import {
  arr,
  clamp01,
  generic,
  isObj,
  jsonText,
  metricName,
  metricsOf,
  num,
  pct,
  positive,
  pts,
  pValue,
  quote,
  str,
  type CheckRemedies,
} from '../support/evidence.js';
import { wording, type SliceText } from './wording.js';

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

function describeSlice(value: unknown): string | null {
  if (isObj(value)) {
    const parts = Object.keys(value)
      .sort()
      .map((column) => `${quote(column)} = ${quote(jsonText(value[column]))}`);
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

export function predicateColumns(value: unknown): string[] {
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
    description: describeSlice(isObj(slice) ? slice.predicates : null) ?? '?',
    size,
    metric: 'errorRate',
    value: errorRate,
    baseline: overall,
    reference: null,
    excessErrors,
    // The check's own figures where it gives them, so the remedy quotes what the finding quotes.
    excess: clamp01(num(slice, 'accuracyAtStake') ?? excessErrors / evaluated),
    errorShare: num(slice, 'errorShare') ?? (overall > 0 ? clamp01((size * errorRate) / (evaluated * overall)) : null),
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
  const direction = str(m, 'direction');
  const worse =
    direction !== null
      ? direction === 'worse' && (ERROR_METRICS.has(metric) || metric === 'precision' || metric === 'accuracy')
      : ERROR_METRICS.has(metric)
        ? value > reference
        : metric === 'accuracy'
          ? value < reference
          : false;
  if (!worse) return null;
  const gap = num(m, 'gap') ?? Math.abs(value - reference) * size;
  const group = isObj(m) ? m.group : undefined;
  const referenceGroup = isObj(m) ? m.reference : undefined;
  return {
    source: 'disparity',
    description: `${quote(column)} = ${quote(jsonText(group))}`,
    size,
    metric,
    value,
    baseline: reference,
    reference: referenceGroup === undefined || referenceGroup === null ? null : quote(jsonText(referenceGroup)),
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

/** One sentence about a weak slice; `withGain` adds the accuracy a fix would gain. */
function sliceSentence(slice: WeakSlice, lang: Lang, withGain: boolean): string {
  const text: SliceText = {
    description: slice.description,
    size: slice.size,
    value: pct(slice.value),
    baseline: pct(slice.baseline),
    lift: slice.lift !== null ? slice.lift.toFixed(2) : null,
    q: slice.qValue !== null ? pValue('q', slice.qValue) : null,
    errors: Math.round(slice.excessErrors),
    errorShare: slice.errorShare !== null ? pct(slice.errorShare) : null,
    gain: withGain ? pts(slice.excess, lang) : null,
  };
  if (slice.source === 'discovered') return wording.discoveredSlice[lang](text);
  return wording.disparitySlice[lang](text, metricName(slice.metric, lang), slice.reference);
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
  const group = `${quote(column)} = ${quote(jsonText(isObj(m) ? m.group : ''))}`;
  const referenceValue = isObj(m) ? m.reference : null;
  const ref = referenceValue === null || referenceValue === undefined ? null : quote(jsonText(referenceValue));
  return [wording.disparity[lang](group, metricName(metric, lang), pct(value), pct(reference), ref, ratio !== null ? ratio.toFixed(2) : null)];
}

/** This check's part in the remedies: the evidence it gives and the headroom it measures. */
export const remedies: CheckRemedies = {
  evidence({ lang, checks, rows, findings, remedy, isSplit }) {
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
    const pick = (entries: Json[]) =>
      (preferSplit ? entries.find((e) => predicateColumns(isObj(e) ? e.predicates : null).some(isSplit)) : undefined) ?? entries[0];
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
      } else if (key.startsWith('target-proxy:')) {
        // A column that gives the label away is evidence of leakage, not of a weak slice.
        if (remedy.id !== 'fix-leakage') continue;
        const column = str(f.metrics, 'column');
        const lambda = num(f.metrics, 'lambda');
        const accuracy = num(f.metrics, 'accuracy');
        if (column === null || lambda === null || accuracy === null) {
          out.push(...generic(f, lang));
          continue;
        }
        const onLabel = str(f.metrics, 'target') === 'label';
        out.push(wording.targetProxy[lang](quote(column), onLabel, pct(accuracy), lambda.toFixed(2)));
      } else if (key === 'label-skew') {
        const entry = pick(arr(f.metrics, 'slices') ?? []);
        const size = num(entry, 'size');
        const rate = num(entry, 'classRate');
        const base = num(entry, 'overallClassRate');
        const className = str(f.metrics, 'class');
        const description = describeSlice(isObj(entry) ? entry.predicates : null);
        if (size === null || rate === null || base === null || className === null || description === null) {
          out.push(...generic(f, lang));
          continue;
        }
        const q = num(entry, 'qValue');
        out.push(wording.labelSkew[lang](description, size, pct(rate), quote(className), pct(base), q !== null ? pValue('q', q) : null));
      } else {
        out.push(...generic(f, lang));
      }
    }
    return out;
  },
  headroom: {
    // Targeted data for the slice it can act on (weak beyond its class mix, rarer in training):
    // at most the errors beyond what its class mix predicts, over the evaluated rows.
    sliceExcessErrors({ findings, lang, rows: allRows, checks }) {
      const weak = findings.find((f) => f.id === 'slices/weak-slices');
      const index = num(weak?.metrics, 'targetSlice');
      let slice: Json | undefined = index !== null ? arr(weak!.metrics, 'slices')?.[index] : undefined;
      let evaluated = num(weak?.metrics, 'evaluatedRows');
      let size = num(slice, 'size');
      // Else the declared group targeted data can act on (the most errors beyond its class mix).
      if (!isObj(slice)) {
        const group = findings
          .filter((f) => f.id.startsWith('slices/disparity:') && f.metrics.targetable === true)
          .sort((a, b) => (num(b.metrics, 'classMix', 'accuracyAtStake') ?? 0) - (num(a.metrics, 'classMix', 'accuracyAtStake') ?? 0))[0];
        if (!group) return null;
        slice = { predicates: group.metrics.predicates, classMix: group.metrics.classMix };
        size = num(group.metrics, 'groupSize');
        evaluated = sliceRows(checks, allRows);
      }
      if (!isObj(slice)) return null;
      const stake = num(slice, 'classMix', 'accuracyAtStake') ?? num(slice, 'accuracyAtStake');
      const excess = num(slice, 'classMix', 'excessErrors') ?? num(slice, 'excessErrors');
      if (stake === null || excess === null) return null;
      const where = describeSlice(slice.predicates) ?? '?';
      const mix = isObj(slice.classMix);
      return {
        metric: 'accuracy',
        value: clamp01(stake),
        interval: null,
        unit: 'fraction',
        basis: 'upper-bound',
        method: wording.sliceExcessErrorsMethod[lang](Math.round(excess), where, size, mix, evaluated),
        ...(size !== null ? { rows: size } : {}),
      };
    },
  },
};
