/**
 * The comparisons, one pure function per kind of column: numbers by the two-sample
 * Kolmogorov-Smirnov test with the Wasserstein-1 distance in reference standard deviations as
 * the effect size; categories (and labels) by the chi-square test of homogeneity with the
 * Jensen-Shannon distance as the effect size (Evidently's choice of tests by type); texts by
 * their length, their out-of-vocabulary rate and their token distribution.
 */
import type { TextTokenCounts, TokenCounts } from '../../math/token-counts.js';
import type { Column } from '../../data/column.js';
import { sortNumbers } from '../../math/sort-numbers.js';
import { chiSquareHomogeneity, jensenShannonDistance, ksTwoSample, wassersteinDistance } from '../../math/two-sample.js';

export interface Comparison {
  feature: string;
  kind: 'numeric' | 'categorical' | 'text-length' | 'label' | 'confidence';
  test: 'ks' | 'chi-square';
  statistic: number;
  pValue: number;
  effect: number;
  effectName: 'wasserstein/std' | 'jensen-shannon' | 'ks';
  referenceRows: number;
  evaluationRows: number;
  /** For the text: the means, "38" and "46.05" (numbers), or the value whose share moved most, '"north" 24.3%' and "73.0%" (categories). */
  reference: string;
  evaluation: string;
  qValue?: number;
  /** Numbers: the mean on each side. */
  means?: [number, number];
}

const mean = (values: Float64Array) => values.reduce((sum, x) => sum + x, 0) / Math.max(1, values.length);
const fixed = (x: number) => String(Number(x.toPrecision(4)));

/** The finite values of `rows` (in row order), a fresh array. */
export function finiteOf(values: Float64Array, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length);
  let count = 0;
  for (let i = 0; i < rows.length; i++) {
    const v = values[rows[i]];
    if (Number.isFinite(v)) out[count++] = v;
  }
  return count === rows.length ? out : out.slice(0, count);
}

/** Two numeric samples: KS test, Wasserstein distance over the reference's standard deviation. Sorts both arrays in place (callers pass fresh ones). */
export function compareNumbers(feature: string, kind: Comparison['kind'], reference: Float64Array, evaluation: Float64Array): Comparison | null {
  if (reference.length < 2 || evaluation.length < 2) return null;
  const m = mean(reference);
  const evaluationMean = mean(evaluation);
  let variance = 0;
  for (const x of reference) variance += (x - m) * (x - m);
  const std = Math.sqrt(variance / (reference.length - 1));
  // Sorted once, in place (the means above are summed in row order), for both statistics.
  sortNumbers(reference);
  sortNumbers(evaluation);
  const ks = ksTwoSample(reference, evaluation);
  const w = wassersteinDistance(reference, evaluation);
  // A constant reference: any move is a whole shift (effect 1), none is none.
  const effect = std > 0 ? w / std : w > 0 ? 1 : 0;
  return {
    feature,
    kind,
    test: 'ks',
    statistic: ks.statistic,
    pValue: ks.pValue,
    effect,
    effectName: 'wasserstein/std',
    referenceRows: reference.length,
    evaluationRows: evaluation.length,
    reference: fixed(m),
    evaluation: fixed(evaluationMean),
    means: [m, evaluationMean],
  };
}

export function numericColumn(
  feature: string,
  reference: { column: Column; rows: Int32Array },
  evaluation: { column: Column; rows: Int32Array },
): Comparison | null {
  return compareNumbers(feature, 'numeric', finiteOf(reference.column.numbers(), reference.rows), finiteOf(evaluation.column.numbers(), evaluation.rows));
}

/** Counts of each value (missing cells left out) on both sides, over the union of values. */
export function valueCounts(
  reference: { value: (row: number) => string | null; rows: Int32Array },
  evaluation: { value: (row: number) => string | null; rows: Int32Array },
): { values: string[]; first: Float64Array; second: Float64Array } {
  const index = new Map<string, number>();
  const first: number[] = [];
  const second: number[] = [];
  const add = (value: string | null, into: number[], other: number[]) => {
    if (value === null) return;
    let at = index.get(value);
    if (at === undefined) {
      at = index.size;
      index.set(value, at);
      into.push(0);
      other.push(0);
    }
    into[at]++;
  };
  for (const row of reference.rows) add(reference.value(row), first, second);
  for (const row of evaluation.rows) add(evaluation.value(row), second, first);
  return { values: [...index.keys()], first: Float64Array.from(first), second: Float64Array.from(second) };
}

export function compareCounts(
  feature: string,
  kind: Comparison['kind'],
  counts: { values: string[]; first: Float64Array; second: Float64Array },
): Comparison | null {
  const { values, first, second } = counts;
  const n1 = first.reduce((s, x) => s + x, 0);
  const n2 = second.reduce((s, x) => s + x, 0);
  if (n1 === 0 || n2 === 0 || values.length < 2) return null;
  const chi = chiSquareHomogeneity(first, second);
  // The value whose share moved most, on each side.
  let moved = 0;
  for (let i = 1; i < values.length; i++) if (Math.abs(second[i] / n2 - first[i] / n1) > Math.abs(second[moved] / n2 - first[moved] / n1)) moved = i;
  const share = (count: number, total: number) => `${((count / total) * 100).toFixed(1)}%`;
  return {
    feature,
    kind,
    test: 'chi-square',
    statistic: chi.statistic,
    pValue: chi.pValue,
    effect: jensenShannonDistance(first, second),
    effectName: 'jensen-shannon',
    referenceRows: n1,
    evaluationRows: n2,
    reference: `${JSON.stringify(values[moved])} ${share(first[moved], n1)}`,
    evaluation: share(second[moved], n2),
  };
}

export interface TextShift {
  /** Share of the evaluation tokens never seen in the reference. */
  oovRate: number;
  /** The same between two halves of the reference (alternate rows): what a vocabulary this size misses anyway. */
  baselineOovRate: number;
  /** Jensen-Shannon distance of the token frequencies (the 500 most common of each side, the rest pooled). */
  tokenDistance: number;
  /** Tokens whose frequency rose most, per thousand tokens on each side. */
  risen: { token: string; reference: number; evaluation: number }[];
  referenceTokens: number;
  evaluationTokens: number;
  /** Chi-square test of homogeneity of those word counts (words taken as independent draws, which overstates significance: the effect size gates the flag too). */
  statistic: number;
  pValue: number;
  qValue?: number;
}

function oov(vocabulary: Map<string, number>, other: TokenCounts): number {
  let unseen = 0;
  for (const [token, count] of other.counts) if (!vocabulary.has(token)) unseen += count;
  return other.total === 0 ? 0 : unseen / other.total;
}

/** The token distributions of the reference texts (with their even and odd halves) and of the evaluation texts compared. */
export function compareTexts(reference: TextTokenCounts, ev: TokenCounts): TextShift | null {
  const { all: ref, even, odd } = reference;
  if (ref.total === 0 || ev.total === 0) return null;
  const topOf = (c: Map<string, number>) =>
    [...c.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 500)
      .map(([t]) => t);
  const kept = [...new Set([...topOf(ref.counts), ...topOf(ev.counts)])];
  const first = new Float64Array(kept.length + 1);
  const second = new Float64Array(kept.length + 1);
  kept.forEach((token, i) => {
    first[i] = ref.counts.get(token) ?? 0;
    second[i] = ev.counts.get(token) ?? 0;
  });
  first[kept.length] = ref.total - first.subarray(0, kept.length).reduce((s, x) => s + x, 0);
  second[kept.length] = ev.total - second.subarray(0, kept.length).reduce((s, x) => s + x, 0);
  const perThousand = (count: number, total: number) => (1000 * count) / total;
  const risen = kept
    .map((token) => ({ token, reference: perThousand(ref.counts.get(token) ?? 0, ref.total), evaluation: perThousand(ev.counts.get(token) ?? 0, ev.total) }))
    .filter((t) => t.evaluation > t.reference && (ev.counts.get(t.token) ?? 0) >= 5)
    .sort((a, b) => b.evaluation - b.reference - (a.evaluation - a.reference) || (a.token < b.token ? -1 : 1))
    .slice(0, 5)
    .map((t) => ({ token: t.token, reference: Number(t.reference.toFixed(2)), evaluation: Number(t.evaluation.toFixed(2)) }));
  const chi = chiSquareHomogeneity(first, second);
  return {
    statistic: chi.statistic,
    pValue: chi.pValue,
    oovRate: oov(ref.counts, ev),
    baselineOovRate: odd.total > 0 && even.total > 0 ? oov(even.counts, odd) : 0,
    tokenDistance: jensenShannonDistance(first, second),
    risen,
    referenceTokens: ref.total,
    evaluationTokens: ev.total,
  };
}
