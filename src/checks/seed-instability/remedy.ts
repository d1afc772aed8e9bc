/** Seed-instability's part in the remedies: the evidence it gives and the headroom it measures. */
import { arr, generic, isObj, num, type CheckRemedies } from '../support/evidence.js';
import { wording } from './wording.js';

/** This check's part in the remedies: the evidence it gives and the headroom it measures. */
export const remedies: CheckRemedies = {
  evidence({ metrics, lang, findings, remedy }) {
    const m = metrics;
    const out: string[] = [];
    const keys = new Set(findings.map((f) => f.id.slice('seed-instability/'.length).split(':')[0]));
    const runs = arr(m, 'runs')?.length ?? null;
    const ensembleAccuracy = num(m, 'ensemble', 'accuracy');
    const gain = num(m, 'ensemble', 'gainOverMean');
    const mean = num(m, 'accuracy', 'mean');
    let ensembleWritten = false;
    if ((remedy.measuredBy.includes('ensembleGain') || keys.has('ensemble-gain')) && ensembleAccuracy !== null && gain !== null) {
      const k = runs !== null ? `${runs} ` : '';
      out.push(wording.ensemble[lang](k, ensembleAccuracy, gain, mean));
      ensembleWritten = true;
    }
    for (const f of findings) {
      // Per-model findings carry the model as their instance (`churn:logreg`).
      const key = f.id.slice('seed-instability/'.length).split(':')[0];
      if (key === 'churn') {
        const churn = num(f.metrics, 'meanPairwise') ?? num(m, 'churn', 'meanPairwise');
        const unstable = num(f.metrics, 'unstableRows') ?? num(m, 'unstableRows');
        const share = num(f.metrics, 'unstableShare') ?? num(m, 'unstableShare');
        const error = num(f.metrics, 'meanErrorRate');
        if (churn === null) continue;
        out.push(wording.churn[lang](churn, error, unstable, share));
      } else if (key === 'accuracy-spread') {
        const min = num(f.metrics, 'min') ?? num(m, 'accuracy', 'min');
        const max = num(f.metrics, 'max') ?? num(m, 'accuracy', 'max');
        const p = num(f.metrics, 'pValue') ?? num(m, 'spreadTest', 'pValue');
        const ci = arr(f.metrics, 'ci95') ?? arr(isObj(m?.accuracy) ? m.accuracy : null, 'ci95');
        if (min === null || max === null) continue;
        const ciPair: [number, number] | null = ci && typeof ci[0] === 'number' && typeof ci[1] === 'number' ? [ci[0], ci[1]] : null;
        out.push(wording.accuracySpread[lang](runs, min, max, ciPair, p));
      } else if (key === 'failed-runs') {
        const failed = arr(f.metrics, 'failedRuns')?.length ?? arr(m, 'failedRuns')?.length ?? null;
        const baseline = num(f.metrics, 'majorityBaseline') ?? num(m, 'majorityBaseline');
        if (failed === null) continue;
        out.push(wording.failedRuns[lang](failed, runs, baseline));
      } else if (key === 'ensemble-gain') {
        if (ensembleWritten) continue;
        const g = num(f.metrics, 'gainOverMean');
        const acc = num(f.metrics, 'ensembleAccuracy');
        if (g === null || acc === null) {
          out.push(...generic(f, lang));
          continue;
        }
        out.push(wording.ensembleGain[lang](acc, g));
        ensembleWritten = true;
      } else if (key === 'partial-coverage') {
        const left = num(f.metrics, 'leftOut');
        const union = num(f.metrics, 'unionRows');
        if (left === null) continue;
        out.push(wording.partialCoverage[lang](left, union));
      } else {
        out.push(...generic(f, lang));
      }
    }
    return out;
  },
  headroom: {
    ensembleGain(context) {
      const { remedyId, lang } = context;
      const m = context.metrics;
      const gain = num(m, 'ensemble', 'gainOverMean');
      if (gain === null) return null;
      const lo = arrayAt(m, 0);
      const hi = arrayAt(m, 1);
      const se = num(m, 'ensemble', 'gainStandardError');
      const runs = arr(m, 'runs')?.length ?? null;
      const rows = num(m, 'commonRows');
      const interval: [number, number] | null = lo !== null && hi !== null ? [lo, hi] : null;
      const k = runs !== null ? `${runs} ` : '';
      const n = rows !== null ? `${rows} ` : '';
      if (remedyId === 'distill') {
        // A student trained on the ensemble keeps at most what the ensemble gains.
        return {
          metric: 'accuracy',
          value: Math.max(0, gain),
          interval: interval ? [Math.max(0, interval[0]), Math.max(0, interval[1])] : null,
          unit: 'fraction',
          basis: 'upper-bound',
          method: wording.distillMethod[lang](k, n),
          ...(se !== null ? { standardError: se } : {}),
        };
      }
      return {
        metric: 'accuracy',
        value: gain,
        interval,
        unit: 'fraction',
        basis: 'measured',
        method: wording.ensembleMethod[lang](k, n),
        ...(se !== null ? { standardError: se } : {}),
        ...(rows !== null ? { rows } : {}),
      };
    },
  },
};

/** `ensemble.gainInterval[i]` as written in the report (an array). */
function arrayAt(m: unknown, i: number): number | null {
  const ensemble = isObj(m) ? m.ensemble : null;
  const interval = arr(ensemble, 'gainInterval');
  const value = interval?.[i];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
