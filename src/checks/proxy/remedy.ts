/**
 * The proxy check's part in the remedies: each what-if's gain as an estimate (basis `estimated`:
 * measured on a logistic regression trained inside the audit, which the user's model may not
 * follow), and the proxy's margin over the user's model as the least a search over the model's
 * settings or more regularisation should recover.
 */
import type { CheckRemedies, ExpectedGain, MeasureContext } from '../types.js';
import { isObj, num, str, valueWithInterval } from '../support/evidence.js';
import type { WhatIfId } from './what-ifs.js';
import { WHAT, wording, type ProxyTrained } from './wording.js';

/** What the proxy trained on: its training rows and whether per cross-fitted fold. */
const proxyOf = (metrics: unknown): ProxyTrained => ({ used: num(metrics, 'trainingRowsUsed'), crossFit: str(metrics, 'mode') === 'cross-fit' });

const OVERFITTING = new Set(['label-noise/in-sample-predictions', 'training-curves/overfitting', 'training-curves/last-checkpoint-cost']);

/** The larger of two estimates (either may be missing). */
function better(a: ExpectedGain | null, b: ExpectedGain | null): ExpectedGain | null {
  if (!a || !b) return a ?? b;
  return b.value > a.value ? b : a;
}

function whatIfGain(id: WhatIfId, { metrics, lang }: MeasureContext): ExpectedGain | null {
  const entry = isObj(metrics) && isObj(metrics.whatIfs) ? metrics.whatIfs[id] : null;
  // More data of a group: scaled from the rows the what-if could add to the rows that bring the group to its evaluation share.
  const scaled = num(entry, 'scaledGain') !== null;
  const measured = valueWithInterval(entry, scaled ? 'scaledGain' : 'gain', scaled ? 'scaledInterval' : 'gainInterval');
  const changed = num(entry, 'changedRows');
  const rows = num(metrics, 'evaluatedRows');
  if (!measured || changed === null) return null;
  // A scaled gain is capped at the group's errors: its spread is the (capped) interval's.
  const se = scaled ? null : num(entry, 'gainStandardError');
  const needed = num(entry, 'scale', 'neededRows');
  const bound = num(entry, 'scale', 'bound');
  const what = WHAT[id][lang](changed, entry) + (scaled ? wording.scaling[lang](needed, bound) : '');
  return {
    metric: 'accuracy',
    ...measured,
    unit: 'fraction',
    basis: 'estimated',
    method: wording.whatIfMethod[lang](proxyOf(metrics), what, rows),
    ...(se !== null ? { standardError: se } : {}),
    rows: changed,
  };
}

export const remedies: CheckRemedies = {
  evidence({ metrics, lang, findings }) {
    const y = isObj(metrics) ? metrics.yardstick : null;
    const proxy = num(y, 'proxyAccuracy');
    const model = num(y, 'modelAccuracy');
    if (findings.length === 0 || proxy === null || model === null) return [];
    return [wording.evidence[lang](proxy, model)];
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
      const y = isObj(metrics) ? metrics.yardstick : null;
      const measured = valueWithInterval(y, 'gap', 'gapInterval');
      if (!measured || measured.value <= 0) return null;
      const proxy = num(y, 'proxyAccuracy');
      const model = num(y, 'modelAccuracy');
      const rows = num(y, 'rows');
      const se = num(y, 'gapStandardError');
      return {
        metric: 'accuracy',
        ...measured,
        unit: 'fraction',
        basis: 'estimated',
        method: wording.yardstickMethod[lang](proxyOf(metrics), proxy, model, rows),
        ...(se !== null ? { standardError: se } : {}),
        ...(rows !== null ? { rows } : {}),
      };
    },
  },
};
