/**
 * Expected gains: the value a remedy is ranked by, and how a gain reads.
 *
 * ## The ranking value
 * A gain measured or estimated with a standard error `se` counts as itself shrunk by the share of
 * its variance that is signal, `g* = g x g^2 / (g^2 + se^2)` (the posterior mean of a normal
 * estimate under a normal prior of scale g): a gain the size of its own standard error counts half,
 * one four standard errors large keeps 94% of itself. An upper bound `b` says only that the gain
 * lies between 0 and `b`: it counts as a uniform unknown on [0, b] (centre b/2, standard error
 * b/sqrt(12)), which the same rule shrinks to 3b/8. An estimate of zero or below is kept as it is
 * (the remedy is not recommended). A gain that cannot be estimated has no ranking value.
 */
import type { ExpectedGain, GainBasis, RemedyOutcome } from '../checks/types.js';
import type { Lang } from '../core/vocabulary.js';
import { wording } from './gain.wording.js';

/** The central value and standard error the ranking reads, per basis. */
export function rankingMoments(gain: Pick<ExpectedGain, 'value' | 'interval' | 'basis' | 'standardError'>): { centre: number; standardError: number } | null {
  if (gain.basis === 'not-estimable' || !Number.isFinite(gain.value)) return null;
  const se = gain.standardError ?? (gain.interval ? (gain.interval[1] - gain.interval[0]) / (2 * 1.959963984540054) : 0);
  if (gain.basis === 'upper-bound') {
    const bound = Math.max(0, gain.value);
    // Uniform on [0, bound], plus half the bound's own sampling noise.
    return { centre: bound / 2, standardError: Math.sqrt(bound ** 2 / 12 + (se / 2) ** 2) };
  }
  return { centre: gain.value, standardError: Number.isFinite(se) ? se : 0 };
}

/** The shrunk gain a remedy is ranked by (a fraction), or null when it cannot be estimated. */
export function shrunkGain(gain: Pick<ExpectedGain, 'value' | 'interval' | 'basis' | 'standardError'>): number | null {
  const moments = rankingMoments(gain);
  if (!moments) return null;
  const { centre, standardError } = moments;
  // An estimate of no gain or a loss is kept as it is: it ranks below every remedy that may help.
  if (centre <= 0) return centre;
  // Shrunk by the share of its variance that is signal: g x g^2 / (g^2 + se^2) (empirical Bayes with the gain itself as the prior scale).
  return (centre * centre * centre) / (centre * centre + standardError * standardError);
}

/** Does the estimate say the remedy helps? Not when its central value (or bound) is zero or below. */
export function gainSaysItHelps(gain: ExpectedGain): boolean {
  return gain.basis === 'not-estimable' || gain.value > 0;
}

// ------------------------------------------------------------------ wording

const BASIS: Record<GainBasis, Record<Lang, string>> = {
  measured: { en: 'measured on these inputs', zh: '在这些输入上实测' },
  estimated: { en: 'estimated', zh: '估计值' },
  'upper-bound': { en: 'an upper bound', zh: '上限' },
  'not-estimable': { en: 'not estimable', zh: '无法估计' },
};

export const basisText = (basis: GainBasis, lang: Lang) => BASIS[basis][lang];

const OUTCOME_NAMES: Record<RemedyOutcome, Record<Lang, string>> = {
  accuracy: { en: 'Accuracy', zh: '准确率' },
  honesty: { en: 'Honesty of the measurement', zh: '测量的可信度' },
  probability: { en: 'Probability quality', zh: '概率质量' },
  process: { en: 'Process', zh: '流程' },
};

export const outcomeName = (outcome: RemedyOutcome, lang: Lang) => OUTCOME_NAMES[outcome][lang];

/** A fraction as signed points with one decimal: `+2.1`, `-0.4`, `0.0`. */
export function signedPoints(x: number): string {
  const v = Math.round(x * 1000) / 10;
  return v > 0 ? `+${v.toFixed(1)}` : v === 0 ? '0.0' : v.toFixed(1);
}

/** Metrics that are not a share of rows: quoted as plain numbers, not points. */
const PLAIN_METRICS = new Set(['logLoss', 'brier']);

/**
 * The gain in one phrase: `+2.1 points [+0.8, +3.4] (measured on these inputs: <method>)`. Log
 * loss and Brier score are plain numbers; accuracy and the honesty outcomes are points.
 */
export function describeGain(gain: ExpectedGain, lang: Lang): string {
  if (gain.basis === 'not-estimable') return wording.notEstimable[lang](gain.method);
  const isPoints = !PLAIN_METRICS.has(gain.metric);
  const fmt = (x: number) => (isPoints ? signedPoints(x) : (x >= 0 ? '+' : '') + x.toFixed(4));
  const unit = isPoints ? wording.points[lang]() : '';
  const value = gain.basis === 'upper-bound' ? wording.atMost[lang](`${fmt(gain.value)}${unit}`) : `${fmt(gain.value)}${unit}`;
  const interval = gain.interval ? ` [${fmt(gain.interval[0])}, ${fmt(gain.interval[1])}]` : '';
  return wording.gain[lang](value, interval, basisText(gain.basis, lang), gain.method);
}
