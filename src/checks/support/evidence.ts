/**
 * What the remedies read from a check: the evidence sentences it writes for a remedy and the
 * headroom measures it computes, with the helpers they share. Each check declares its own in its
 * `remedies` (see types.ts); the ranking in remedies/rank.ts only scores them.
 *
 * Metrics are read defensively (a report may come from an older version or a plugin): a missing
 * or malformed value means "not measurable", never an error.
 */
import { sanitizeInline } from '../../core/sanitize.js';
import type { Lang } from '../../core/vocabulary.js';
import type { CheckOutcome, ExpectedGain, Finding, Json } from '../types.js';
import { shared } from './wording.js';

export type { CheckRemedies, EvidenceContext, ExpectedGain, HeadroomKind, MeasureContext } from '../types.js';

// ------------------------------------------------------------------ metric access

export type Obj = { [key: string]: Json };

export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A finite number at `path` below `value`, or null. */
export function num(value: unknown, ...path: string[]): number | null {
  let at: unknown = value;
  for (const key of path) {
    if (!isObj(at) || !Object.prototype.hasOwnProperty.call(at, key)) return null;
    at = at[key];
  }
  return typeof at === 'number' && Number.isFinite(at) ? at : null;
}

export function arr(value: unknown, key: string): Json[] | null {
  if (!isObj(value) || !Object.prototype.hasOwnProperty.call(value, key)) return null;
  const at = value[key];
  return Array.isArray(at) ? at : null;
}

/** A value and its 95% interval (an array [low, high]) from a metrics object; null when either is missing or not finite. */
export function valueWithInterval(value: unknown, valueKey: string, intervalKey: string): { value: number; interval: [number, number] } | null {
  const central = num(value, valueKey);
  const interval = arr(value, intervalKey);
  const low = interval?.[0];
  const high = interval?.[1];
  if (central === null || typeof low !== 'number' || typeof high !== 'number' || !Number.isFinite(low) || !Number.isFinite(high)) return null;
  return { value: central, interval: [low, high] };
}

/**
 * A JSON value read from metrics, as text: a scalar as String() writes it (a name as it is, `3`, `true`, `null`), an array
 * or object as its JSON, never "[object Object]".
 */
export const jsonText = (value: unknown): string => (typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value));

export function str(value: unknown, key: string): string | null {
  if (!isObj(value) || !Object.prototype.hasOwnProperty.call(value, key)) return null;
  const at = value[key];
  return typeof at === 'string' ? at : null;
}

export function metricsOf(checks: Readonly<Record<string, CheckOutcome>>, id: string): Obj | null {
  if (!Object.prototype.hasOwnProperty.call(checks, id)) return null;
  const outcome = checks[id];
  return outcome && isObj(outcome.metrics) ? outcome.metrics : null;
}

export const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);
export const positive = (x: number | null): x is number => x !== null && x > 0;

// ------------------------------------------------------------------ text

export function clean(text: string, max = 60): string {
  const inline = sanitizeInline(text);
  const chars = Array.from(inline);
  return chars.length <= max ? inline : chars.slice(0, max - 1).join('') + '…';
}

export const quote = (text: string) => JSON.stringify(clean(text));

export function pct(x: number): string {
  const v = x * 100;
  const digits = v !== 0 && Math.abs(v) < 0.1 ? 2 : 1;
  return `${v.toFixed(digits)}%`;
}

export function pts(x: number, lang: Lang, signed = false): string {
  const v = (x * 100).toFixed(1);
  const text = signed && x >= 0 ? `+${v}` : v;
  return shared.points[lang](text);
}

export const fixed = (x: number, digits = 3) => x.toFixed(digits);
export const pValue = (name: string, p: number) => (p < 1e-4 ? `${name} < 0.0001` : `${name} = ${fixed(p, 4)}`);

/** en: `+2.1 points over` / `0.4 points below` (before the compared value); zh: `高 2.1 个百分点` / `低 0.4 个百分点` (after it). */
export function gainText(gain: number, lang: Lang): string {
  return shared.gain[lang](gain, (x, signed) => pts(x, lang, signed));
}
export const join = (parts: string[], lang: Lang) => parts.join(shared.sentenceSep[lang]());

export const ofRows = (count: number, rows: number | null, lang: Lang = 'en') => (positive(rows) ? shared.share[lang](pct(count / rows)) : '');

export const METRIC_NAMES: Record<string, Record<Lang, string>> = {
  errorRate: { en: 'error rate', zh: '错误率' },
  accuracy: { en: 'accuracy', zh: '准确率' },
  fpr: { en: 'false positive rate', zh: '假阳性率' },
  fnr: { en: 'false negative rate', zh: '假阴性率' },
  precision: { en: 'precision', zh: '精确率' },
  selectionRate: { en: 'selection rate', zh: '选择率' },
  prevalence: { en: 'prevalence', zh: '正类占比' },
};

export const metricName = (metric: string, lang: Lang) =>
  Object.prototype.hasOwnProperty.call(METRIC_NAMES, metric) ? METRIC_NAMES[metric][lang] : clean(metric, 40);

/** A finding in one sentence when no check-specific wording exists. */
export function generic(finding: Finding, lang: Lang): string[] {
  // The finding's own title, rendered in the report's language (not its raw metric names).
  return [shared.generic[lang](clean(finding.title, 160).replace(/[.。]$/, ''), finding.id, clean(finding.id, 80), finding.severity)];
}

/**
 * A data fix that touches training rows, sized by nothing here: retraining is what would tell its
 * gain (until a proxy model estimates it). The gain says how many training rows it changes.
 */
export function trainingRowsTouched(count: number, action: 'dropped' | 'relabelled', lang: Lang): ExpectedGain {
  const method = shared.trainingRowsTouched[lang](count, action);
  return { metric: 'accuracy', value: 0, interval: null, unit: 'fraction', basis: 'not-estimable', method, rows: count };
}

/** The training rows a de-duplication drops (null: not measurable). */
export function removedRows(count: number | null, lang: Lang): ExpectedGain | null {
  return count === null ? null : trainingRowsTouched(count, 'dropped', lang);
}
