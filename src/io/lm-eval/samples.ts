/**
 * One harness sample read as the harness scored it. Multiple choice: the choices' log-likelihoods
 * (`filtered_resps`), the gold index, and the probabilities a softmax gives over the choices, raw
 * (`acc`) and length-normalised as the harness does it for `acc_norm` (each log-likelihood divided by
 * its choice's length in characters, `np.argmax(lls / completion_len)`). Generation: the filtered
 * response, the reference, and the per-sample metrics the harness wrote (`exact_match`, ...).
 */
import { InputError } from '../../errors.js';
import { softmaxInPlace } from '../../data/probabilities.js';

/** Per-sample keys that are not metrics. */
const NOT_METRICS = new Set([
  'doc_id',
  'doc',
  'target',
  'arguments',
  'resps',
  'filtered_resps',
  'filter',
  'metrics',
  'doc_hash',
  'prompt_hash',
  'target_hash',
  'task_name',
]);

export interface ChoiceOutcome {
  kind: 'choice';
  /** Log-likelihood of each choice. */
  logLikelihoods: number[];
  /** Length in characters of each choice (for acc_norm); null when the choices are not known. */
  lengths: number[] | null;
  /** Gold choice index, or null when the sample does not tell it. */
  gold: number | null;
  /** The harness's per-sample metrics (acc, acc_norm, ...). */
  metrics: Record<string, number>;
}

export interface GenerationOutcome {
  kind: 'generation';
  response: string;
  reference: string | null;
  metrics: Record<string, number>;
}

export type SampleOutcome = ChoiceOutcome | GenerationOutcome;

/** `-1.5`, `"-1.5"` as a number; null otherwise. */
function number(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

/** `[ll, is_greedy]` pairs, one per choice (also the older strings `["-1.5", "False"]`); null when the responses are not that. */
function loglikelihoodPairs(resps: unknown): number[] | null {
  if (!Array.isArray(resps) || resps.length < 2) return null;
  const lls: number[] = [];
  for (const pair of resps) {
    const inner: unknown = Array.isArray(pair) && pair.length === 1 && Array.isArray(pair[0]) ? pair[0] : pair;
    if (!Array.isArray(inner) || inner.length !== 2) return null;
    const ll = number(inner[0]);
    const greedy: unknown = inner[1];
    if (ll === null || !(typeof greedy === 'boolean' || greedy === 'True' || greedy === 'False' || greedy === 0 || greedy === 1)) return null;
    lls.push(ll);
  }
  return lls;
}

/** The continuation of each request (`arg_1`, or the second element of the older `[context, continuation]` pairs). */
function continuations(args: unknown): string[] | null {
  const list = Array.isArray(args) ? args : args !== null && typeof args === 'object' ? Object.values(args as Record<string, unknown>) : null;
  if (!list) return null;
  const out: string[] = [];
  for (const item of list) {
    if (Array.isArray(item) && typeof item[1] === 'string') out.push(item[1]);
    else if (item !== null && typeof item === 'object' && typeof (item as Record<string, unknown>).arg_1 === 'string')
      out.push((item as Record<string, unknown>).arg_1 as string);
    else return null;
  }
  return out;
}

/** The harness's per-sample metric values: numbers and booleans outside the sample's own fields. */
function sampleMetrics(record: Record<string, unknown>): Record<string, number> {
  const named = Array.isArray(record.metrics) ? new Set(record.metrics.filter((m): m is string => typeof m === 'string')) : null;
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(record)) {
    if (NOT_METRICS.has(key) || (named && !named.has(key))) continue;
    if (typeof value === 'number' && Number.isFinite(value)) out[key] = value;
    else if (typeof value === 'boolean') out[key] = value ? 1 : 0;
  }
  return out;
}

/** The first text of nested response lists (`["x"]`, `[["x"]]`). */
function firstText(value: unknown): string | null {
  let v = value;
  while (Array.isArray(v) && v.length > 0) v = v[0];
  return typeof v === 'string' ? v : null;
}

/** Code points, as Python's `len` counts them. */
const length = (text: string) => [...text].length;

/** Reads one sample; `delimiter` is the task's target delimiter (what precedes each choice in its continuation). */
export function readSample(record: Record<string, unknown>, delimiter: string, path: string, line: number): SampleOutcome {
  const metrics = sampleMetrics(record);
  const lls = loglikelihoodPairs(record.filtered_resps);
  if (lls) {
    const conts = continuations(record.arguments);
    let lengths: number[] | null = null;
    let choices: string[] | null = null;
    if (conts && conts.length === lls.length) {
      choices = conts.map((c) => (delimiter !== '' && c.startsWith(delimiter) ? c.slice(delimiter.length) : c));
      lengths = choices.map(length);
    }
    return { kind: 'choice', logLikelihoods: lls, lengths, gold: goldIndex(record, lls, choices, metrics), metrics };
  }
  const response = firstText(record.filtered_resps) ?? firstText(record.resps);
  if (response === null)
    throw new InputError(
      'an lm-evaluation-harness sample without a response: "filtered_resps" holds neither choice log-likelihoods nor a generated text',
      path,
      line,
    );
  const target = record.target;
  const reference =
    typeof target === 'string'
      ? target
      : typeof target === 'number'
        ? String(target)
        : Array.isArray(target) && typeof target[0] === 'string'
          ? target[0]
          : null;
  return { kind: 'generation', response, reference, metrics };
}

/**
 * The gold choice: `target` as an index (or a choice's text), else `doc.gold`, else what the
 * harness's own `acc` says of the raw argmax (right: the argmax; wrong between two choices: the other).
 */
function goldIndex(record: Record<string, unknown>, lls: number[], choices: string[] | null, metrics: Record<string, number>): number | null {
  const k = lls.length;
  const asIndex = (value: unknown): number | null => {
    const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : null;
    return n !== null && Number.isInteger(n) && n >= 0 && n < k ? n : null;
  };
  const target: unknown = Array.isArray(record.target) && record.target.length === 1 ? record.target[0] : record.target;
  // A choice's text names the gold only when exactly one choice has it (winogrande's continuations are all the same text).
  const byText = (text: string) => {
    const at = choices ? choices.flatMap((choice, i) => (choice === text || choice.trim() === text.trim() ? [i] : [])) : [];
    return at.length === 1 ? at[0] : null;
  };
  const fromTarget = asIndex(target) ?? (typeof target === 'string' ? byText(target) : null);
  if (fromTarget !== null) return fromTarget;
  const doc = record.doc as Record<string, unknown> | null;
  const fromDoc = doc && typeof doc === 'object' ? asIndex(doc.gold) : null;
  if (fromDoc !== null) return fromDoc;
  const acc = metrics.acc;
  if (acc === 1) return argmaxFirst(lls);
  if (acc === 0 && k === 2) return 1 - argmaxFirst(lls);
  return null;
}

/** numpy's argmax: the first index of the largest value. */
export function argmaxFirst(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** Softmax of the scores (log-likelihoods, or length-normalised ones) as probabilities over the choices. */
export function choiceProbabilities(scores: readonly number[]): number[] {
  const values = Float64Array.from(scores);
  softmaxInPlace(values, 0, values.length);
  return [...values];
}

/** The scores `acc_norm` ranks: each log-likelihood over its choice's length in characters. */
export function lengthNormalized(lls: readonly number[], lengths: readonly number[]): number[] {
  return lls.map((ll, i) => ll / lengths[i]);
}
