/** Seed-instability's part in the remedies: the evidence it gives and the headroom it measures. */
import { generic, type CheckRemedies } from '../support/evidence.js';
import type { TypedFinding } from '../types.js';
import type { findings as table } from './findings.js';
import type { SeedInstabilityMetrics } from './metrics.js';
import { wording } from './wording.js';

/** This check's part in the remedies: the evidence it gives and the headroom it measures. */
export const remedies: CheckRemedies<SeedInstabilityMetrics, TypedFinding<typeof table>> = {
  evidence({ metrics: m, lang, findings, remedy }) {
    const out: string[] = [];
    const keys = new Set(findings.map((f) => f.key));
    // Runs named in the metrics (none in a report that lacks them).
    const runs = m && m.runs.length > 0 ? m.runs.length : null;
    const ensembleAccuracy = m?.ensemble?.accuracy ?? null;
    const gain = m?.ensemble?.gainOverMean ?? null;
    const mean = m?.accuracy?.mean ?? null;
    let ensembleWritten = false;
    if ((remedy.measuredBy.includes('ensembleGain') || keys.has('ensemble-gain')) && ensembleAccuracy !== null && gain !== null) {
      const k = runs !== null ? `${runs} ` : '';
      out.push(wording.ensemble[lang](k, ensembleAccuracy, gain, mean));
      ensembleWritten = true;
    }
    // Per-model findings carry the model as their instance (`churn:logreg`): their key is the same.
    for (const f of findings) {
      if (f.key === 'churn') {
        const a = f.args;
        const churn = a.meanPairwise ?? m?.churn?.meanPairwise ?? null;
        if (churn === null) continue;
        out.push(wording.churn[lang](churn, a.meanErrorRate, a.unstableRows ?? m?.unstableRows ?? null, a.unstableShare ?? m?.unstableShare ?? null));
      } else if (f.key === 'accuracy-spread') {
        const a = f.args;
        const min = a.min ?? m?.accuracy?.min ?? null;
        const max = a.max ?? m?.accuracy?.max ?? null;
        if (min === null || max === null) continue;
        // A p-value the test could not compute (identical runs) is written as null.
        out.push(wording.accuracySpread[lang](runs, min, max, a.ci95 ?? m?.accuracy?.ci95 ?? null, a.pValue ?? m?.spreadTest?.pValue ?? null));
      } else if (f.key === 'failed-runs') {
        const failed = f.args.failedRuns?.length ?? m?.failedRuns.length ?? null;
        if (failed === null) continue;
        out.push(wording.failedRuns[lang](failed, runs, f.args.majorityBaseline ?? m?.majorityBaseline ?? null));
      } else if (f.key === 'ensemble-gain') {
        if (ensembleWritten) continue;
        const { gainOverMean: g, ensembleAccuracy: acc } = f.args;
        if (g === null || acc === null) {
          out.push(...generic(f, lang));
          continue;
        }
        out.push(wording.ensembleGain[lang](acc, g));
        ensembleWritten = true;
      } else if (f.key === 'partial-coverage') {
        if (f.args.leftOut === null) continue;
        out.push(wording.partialCoverage[lang](f.args.leftOut, f.args.unionRows));
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
      const ensemble = m?.ensemble;
      if (!m || !ensemble || ensemble.gainOverMean === null) return null;
      const gain = ensemble.gainOverMean;
      const interval = ensemble.gainInterval;
      const se = ensemble.gainStandardError;
      const rows = m.commonRows;
      const k = m.runs.length > 0 ? `${m.runs.length} ` : '';
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
