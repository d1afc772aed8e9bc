/**
 * The slices check's part in the remedies: the weakest slice (a discovered slice or the group of a
 * disparity finding, by excess errors), its evidence sentences and the headroom it measures.
 */
import type { z } from 'zod';
import type { CheckOutcome, Finding, TypedFinding } from '../types.js';
import type { Lang } from '../../core/vocabulary.js';
import { clamp01, generic, jsonText, metricName, pct, positive, pts, pValue, quote, type CheckRemedies } from '../support/evidence.js';
import { parseMetrics } from '../support/metrics-schema.js';
import type { findings } from './findings.js';
import { readBack, slicesMetrics, type DiscoveredSliceMetrics, type predicates, type SlicesMetrics, type skewedSlice } from './metrics.js';
import { wording, type SliceText } from './wording.js';

type Predicates = z.output<typeof predicates>;
type SkewedSliceMetrics = z.output<typeof skewedSlice>;
type DisparityArgs = z.output<typeof readBack.disparity>;

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

function describeSlice(value: Predicates | null | undefined): string | null {
  if (!value) return null;
  if (!Array.isArray(value)) {
    const parts = Object.keys(value)
      .sort()
      .map((column) => `${quote(column)} = ${quote(jsonText(value[column]))}`);
    return parts.length > 0 ? parts.join(' & ') : null;
  }
  const parts = value.flatMap((p) => {
    const v = p.value ?? p.bin ?? p.range;
    return p.column !== null && v !== undefined ? [`${quote(p.column)} = ${quote(typeof v === 'string' ? v : JSON.stringify(v))}`] : [];
  });
  return parts.length > 0 ? parts.join(' & ') : null;
}

export function predicateColumns(value: Predicates | null | undefined): string[] {
  if (!value) return [];
  if (!Array.isArray(value)) return Object.keys(value);
  return value.flatMap((p) => (p.column !== null ? [p.column] : []));
}

/** Rows the slices check evaluated (its `rows` metric), else the data rows. */
function sliceRows(metrics: SlicesMetrics | null, rows: number | null): number | null {
  const evaluated = metrics?.rows ?? null;
  return positive(evaluated) ? evaluated : rows;
}

/** A discovered slice entry (`{predicates, size, errorRate, overallErrorRate, excessErrors, ...}`) as a WeakSlice. */
function discoveredSlice(slice: DiscoveredSliceMetrics | SkewedSliceMetrics, evaluated: number, overallFallback: number | null): WeakSlice | null {
  if (!('errorRate' in slice)) return null;
  const { size, errorRate } = slice;
  const overall = slice.overallErrorRate ?? overallFallback;
  if (!positive(size) || errorRate === null || overall === null) return null;
  const excessErrors = slice.excessErrors ?? size * (errorRate - overall);
  return {
    source: 'discovered',
    description: describeSlice(slice.predicates) ?? '?',
    size,
    metric: 'errorRate',
    value: errorRate,
    baseline: overall,
    reference: null,
    excessErrors,
    // The check's own figures where it gives them, so the remedy quotes what the finding quotes.
    excess: clamp01(slice.accuracyAtStake ?? excessErrors / evaluated),
    errorShare: slice.errorShare ?? (overall > 0 ? clamp01((size * errorRate) / (evaluated * overall)) : null),
    qValue: slice.qValue,
    lift: slice.lift,
  };
}

const ERROR_METRICS = new Set(['errorRate', 'fpr', 'fnr']);

/** A disparity finding (`slices/disparity:...`) as a WeakSlice, when the group is worse on an error metric. */
function disparitySlice(m: DisparityArgs, evaluated: number): WeakSlice | null {
  const { metric, value, referenceValue: reference, column, direction } = m;
  const size = m.groupSize ?? m.size;
  if (metric === null || value === null || reference === null || !positive(size) || column === null) return null;
  const worse =
    direction !== null
      ? direction === 'worse' && (ERROR_METRICS.has(metric) || metric === 'precision' || metric === 'accuracy')
      : ERROR_METRICS.has(metric)
        ? value > reference
        : metric === 'accuracy'
          ? value < reference
          : false;
  if (!worse) return null;
  const gap = m.gap ?? Math.abs(value - reference) * size;
  return {
    source: 'disparity',
    description: `${quote(column)} = ${quote(jsonText(m.group))}`,
    size,
    metric,
    value,
    baseline: reference,
    reference: m.reference === undefined || m.reference === null ? null : quote(jsonText(m.reference)),
    excessErrors: gap,
    excess: clamp01(gap / evaluated),
    errorShare: null,
    qValue: m.qValue,
    lift: m.ratio,
  };
}

/** A disparity finding's arguments, read back leniently (whatever finding object is given). */
const disparityOf = (finding: Finding): DisparityArgs => parseMetrics(readBack.disparity, finding.metrics).value;

/**
 * The weakest slice by excess errors among the discovered slices (`slices.metrics.discovered`,
 * which the check lists only when significant) and the groups of the given disparity findings.
 */
export function weakestSlice(checks: Readonly<Record<string, CheckOutcome>>, rows: number | null, findings: readonly Finding[] = []): WeakSlice | null {
  const outcome = Object.hasOwn(checks, 'slices') ? checks.slices : undefined;
  return weakestOf(
    outcome ? parseMetrics(slicesMetrics, outcome.metrics).value : null,
    rows,
    findings.filter((f) => f.id.startsWith('slices/disparity:')).map(disparityOf),
  );
}

function weakestOf(m: SlicesMetrics | null, rows: number | null, disparities: readonly DisparityArgs[]): WeakSlice | null {
  const evaluated = sliceRows(m, rows);
  if (!positive(evaluated)) return null;
  let best: WeakSlice | null = null;
  const consider = (candidate: WeakSlice | null) => {
    if (!candidate || !(candidate.excess > 0)) return;
    if (!best || candidate.excess > best.excess || (candidate.excess === best.excess && candidate.description < best.description)) best = candidate;
  };
  for (const slice of m?.discovered ?? []) consider(discoveredSlice(slice, evaluated, m?.overallErrorRate ?? null));
  for (const d of disparities) consider(disparitySlice(d, evaluated));
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
function disparityText(finding: Finding, m: DisparityArgs, lang: Lang): string[] {
  const { metric, value, referenceValue: reference, ratio, column } = m;
  if (metric === null || value === null || reference === null || column === null) return generic(finding, lang);
  const group = `${quote(column)} = ${quote(jsonText(m.group ?? ''))}`;
  const ref = m.reference === null || m.reference === undefined ? null : quote(jsonText(m.reference));
  return [wording.disparity[lang](group, metricName(metric, lang), pct(value), pct(reference), ref, ratio !== null ? ratio.toFixed(2) : null)];
}

/** This check's part in the remedies: the evidence it gives and the headroom it measures. */
export const remedies: CheckRemedies<SlicesMetrics, TypedFinding<typeof findings>> = {
  evidence({ lang, metrics, rows, findings, remedy, isSplit }) {
    const out: string[] = [];
    const seen = new Set<string>();
    const evaluated = sliceRows(metrics, rows);
    const overall = metrics?.overallErrorRate ?? null;
    const add = (slice: WeakSlice, withGain: boolean) => {
      if (seen.has(slice.description)) return;
      seen.add(slice.description);
      out.push(sliceSentence(slice, lang, withGain));
    };
    if (remedy.measuredBy.includes('sliceExcessErrors')) {
      const weakest = weakestOf(
        metrics,
        rows,
        findings.flatMap((f) => (f.key === 'disparity' ? [f.args] : [])),
      );
      if (weakest) add(weakest, true);
    }
    // Drift monitoring speaks about the slices defined by the split.
    const preferSplit = remedy.id === 'monitor-drift';
    const pick = <T extends { predicates: Predicates | null }>(entries: T[]) =>
      (preferSplit ? entries.find((e) => predicateColumns(e.predicates).some(isSplit)) : undefined) ?? entries.at(0);
    for (const f of findings) {
      if (out.length >= 3) break;
      if (f.key === 'weak-slices' && positive(evaluated)) {
        const entry = pick(f.args.slices);
        const slice = entry === undefined ? null : discoveredSlice(entry, evaluated, overall);
        if (slice) add(slice, false);
        else if (out.length === 0) out.push(...generic(f, lang));
      } else if (f.key === 'disparity') {
        const slice = positive(evaluated) ? disparitySlice(f.args, evaluated) : null;
        if (slice) add(slice, false);
        else out.push(...disparityText(f, f.args, lang));
      } else if (f.key === 'target-proxy') {
        // A column that gives the label away is evidence of leakage, not of a weak slice.
        if (remedy.id !== 'fix-leakage') continue;
        const { column, lambda, accuracy } = f.args;
        if (column === null || lambda === null || accuracy === null) {
          out.push(...generic(f, lang));
          continue;
        }
        out.push(wording.targetProxy[lang](quote(column), f.args.target === 'label', pct(accuracy), lambda.toFixed(2)));
      } else if (f.key === 'label-skew') {
        const entry = pick(f.args.slices);
        const className = f.args.class;
        const description = describeSlice(entry?.predicates);
        if (!entry || entry.size === null || entry.classRate === null || entry.overallClassRate === null || className === null || description === null) {
          out.push(...generic(f, lang));
          continue;
        }
        const q = entry.qValue;
        out.push(
          wording.labelSkew[lang](
            description,
            entry.size,
            pct(entry.classRate),
            quote(className),
            pct(entry.overallClassRate),
            q !== null ? pValue('q', q) : null,
          ),
        );
      } else {
        out.push(...generic(f, lang));
      }
    }
    return out;
  },
  headroom: {
    // Targeted data for the slice it can act on (weak beyond its class mix, rarer in training):
    // at most the errors beyond what its class mix predicts, over the evaluated rows.
    sliceExcessErrors({ findings, lang, rows: allRows, metrics }) {
      const weak = findings.find((f) => f.id === 'slices/weak-slices');
      const weakArgs = weak ? parseMetrics(readBack.weakSlices, weak.metrics).value : null;
      const index = weakArgs?.targetSlice ?? null;
      let slice:
        { predicates: Predicates | null; classMix: DisparityArgs['classMix']; accuracyAtStake?: number | null; excessErrors?: number | null } | undefined =
        index !== null ? weakArgs!.slices[index] : undefined;
      let evaluated = weakArgs?.evaluatedRows ?? null;
      let size = slice && 'size' in slice ? (slice.size as number | null) : null;
      // Else the declared group targeted data can act on (the most errors beyond its class mix).
      if (!slice) {
        const group = findings
          .filter((f) => f.id.startsWith('slices/disparity:'))
          .map(disparityOf)
          .filter((d) => d.targetable === true)
          .sort((a, b) => (b.classMix?.accuracyAtStake ?? 0) - (a.classMix?.accuracyAtStake ?? 0))[0];
        if (!group) return null;
        slice = { predicates: group.predicates, classMix: group.classMix };
        size = group.groupSize;
        evaluated = sliceRows(metrics, allRows);
      }
      const stake = slice.classMix?.accuracyAtStake ?? slice.accuracyAtStake ?? null;
      const excess = slice.classMix?.excessErrors ?? slice.excessErrors ?? null;
      if (stake === null || excess === null) return null;
      const where = describeSlice(slice.predicates) ?? '?';
      const mix = slice.classMix !== null;
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
