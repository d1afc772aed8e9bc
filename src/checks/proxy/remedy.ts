/**
 * The proxy check's part in the remedies: each what-if's gain as an estimate (basis `estimated`:
 * measured on a logistic regression trained inside the audit, which the user's model may not
 * follow), and the proxy's margin over the user's model as the least a search over the model's
 * settings or more regularisation should recover.
 */
import type { CheckRemedies, ExpectedGain, MeasureContext, TypedFinding } from '../types.js';
import type { findings } from './findings.js';
import type { ProxyMetrics, WhatIfEntry, WhatIfId } from './metrics.js';
import { WHAT, wording, type ProxyTrained } from './wording.js';

/** What the proxy trained on: its training rows and whether per cross-fitted fold. */
const proxyOf = (metrics: ProxyMetrics | null): ProxyTrained => ({ used: metrics?.trainingRowsUsed ?? null, crossFit: metrics?.mode === 'cross-fit' });

/** A more-data what-if scaled to the rows its group needs: the scaled gain and interval, and the scale (null for the others, or when not scaled). */
function scaledOf(entry: WhatIfEntry<WhatIfId>) {
  if (!('scaledGain' in entry) || entry.scaledGain === undefined || entry.scaledInterval === undefined) return null;
  return { value: entry.scaledGain, interval: entry.scaledInterval, needed: entry.scale?.neededRows ?? null, bound: entry.scale?.bound ?? null };
}

const OVERFITTING = new Set(['label-noise/in-sample-predictions', 'training-curves/overfitting', 'training-curves/last-checkpoint-cost']);

/** The larger of two estimates (either may be missing). */
function better(a: ExpectedGain | null, b: ExpectedGain | null): ExpectedGain | null {
  if (!a || !b) return a ?? b;
  return b.value > a.value ? b : a;
}

function whatIfGain<Id extends WhatIfId>(id: Id, { metrics, lang }: MeasureContext<ProxyMetrics>): ExpectedGain | null {
  const entry = metrics?.whatIfs?.[id];
  if (!entry) return null;
  // More data of a group: scaled from the rows the what-if could add to the rows that bring the group to its evaluation share.
  const scaled = scaledOf(entry);
  const measured = scaled ?? { value: entry.gain, interval: entry.gainInterval };
  // A scaled gain is capped at the group's errors: its spread is the (capped) interval's.
  const se = scaled ? null : entry.gainStandardError;
  const what = WHAT[id][lang](entry.changedRows, entry) + (scaled ? wording.scaling[lang](scaled.needed, scaled.bound) : '');
  return {
    metric: 'accuracy',
    value: measured.value,
    interval: measured.interval,
    unit: 'fraction',
    basis: 'estimated',
    method: wording.whatIfMethod[lang](proxyOf(metrics), what, metrics.evaluatedRows),
    ...(se !== null ? { standardError: se } : {}),
    rows: entry.changedRows,
  };
}

export const remedies: CheckRemedies<ProxyMetrics, TypedFinding<typeof findings>> = {
  evidence({ metrics, lang, findings }) {
    const y = metrics?.yardstick;
    if (findings.length === 0 || !y) return [];
    return [wording.evidence[lang](y.proxyAccuracy, y.modelAccuracy)];
  },
  headroom: {
    // Acting on the flags: relabelling them or pruning them, whichever the proxy gains more from.
    proxyRelabel: (context) => better(whatIfGain('relabel', context), whatIfGain('dropFlagged', context)),
    proxyDeduplicate: (context) => whatIfGain('deduplicate', context),
    proxyClassWeights: (context) => whatIfGain('classWeights', context),
    proxySliceWeights: (context) => whatIfGain('sliceWeights', context),
    // More data of the weak slice behind the remedy, else of the class the model gets right least often.
    proxyGroupData: (context) =>
      context.findings.some((f) => f.id === 'slices/weak-slices' || (f.id.startsWith('slices/disparity:') && f.metrics.targetable === true))
        ? whatIfGain('sliceData', context)
        : whatIfGain('classData', context),
    proxyPenalty: (context) => whatIfGain('strongerPenalty', context),
    proxyTuning: (context) => whatIfGain('tunedPenalty', context),
    // A model beaten by a linear one on its own features should recover at least that margin by tuning or regularising.
    proxyYardstick({ metrics, lang, remedyId, findings }) {
      // Regularising answers over-fitting; without a sign of it (a gap to the training rows, a rising validation loss) the margin sizes tuning only.
      if (remedyId === 'regularize' && !findings.some((f) => OVERFITTING.has(f.id))) return null;
      const y = metrics?.yardstick;
      if (!y || y.gap <= 0) return null;
      return {
        metric: 'accuracy',
        value: y.gap,
        interval: y.gapInterval,
        unit: 'fraction',
        basis: 'estimated',
        method: wording.yardstickMethod[lang](proxyOf(metrics), y.proxyAccuracy, y.modelAccuracy, y.rows),
        ...(y.gapStandardError !== null ? { standardError: y.gapStandardError } : {}),
        rows: y.rows,
      };
    },
  },
};
