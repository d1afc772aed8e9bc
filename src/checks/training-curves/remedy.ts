/** What the training curves tell the remedies: the overfitting onset, the checkpoint's cost, and its headroom. */
import type { CheckRemedies, TypedFinding } from '../types.js';
import { generic } from '../support/evidence.js';
import type { findings } from './findings.js';
import type { TrainingCurvesMetrics } from './metrics.js';
import { mean, wording } from './wording.js';

export const remedies: CheckRemedies<TrainingCurvesMetrics, TypedFinding<typeof findings>> = {
  evidence({ findings: own, lang }) {
    return own
      .flatMap((finding) => {
        if (finding.key === 'last-checkpoint-cost') {
          const a = finding.args;
          if (a.meanShortfall === null) return generic(finding, lang);
          return [wording.lastCheckpointCost[lang](a.metric ?? 'metric', a.affected.length, a.meanShortfall, a.unitInterval === true)];
        }
        if (finding.key === 'overfitting') {
          const { affected, runs } = finding.args;
          if (affected === null) return generic(finding, lang);
          const rises = affected.flatMap((r) => (r.rise !== null ? [r.rise] : []));
          if (affected.length === 0 || rises.length !== affected.length || runs === null) return generic(finding, lang);
          const points = affected.map((r) => ({ epoch: r.epoch, step: r.step ?? 0 }));
          return [wording.overfitting[lang](affected.length, runs, points, mean(rises))];
        }
        return generic(finding, lang);
      })
      .slice(0, 3);
  },
  headroom: {
    // Early stopping, measured on the validation curve: best minus last checkpoint. The best was
    // picked on the same validation rows, so the figure is optimistic; its standard error is a
    // binomial one on the evaluation rows (the validation set's size when the logs score them).
    checkpointGain({ metrics, lang, remedyId }) {
      const gain = metrics?.checkpointGain ?? null;
      if (gain === null || gain <= 0) return null;
      const value = Math.min(1, gain);
      const metric = metrics?.checkpointGainMetric ?? 'accuracy';
      const last = metrics?.checkpointLastMean ?? null;
      const rows = metrics?.evaluationRows ?? null;
      const se = last !== null && rows !== null && rows > 0 ? Math.sqrt(Math.max(last * (1 - last), 1 / rows) / rows) : undefined;
      return {
        metric: /acc/i.test(metric) ? 'accuracy' : metric,
        value,
        interval: se !== undefined ? [value - 1.96 * se, value + 1.96 * se] : null,
        unit: 'fraction',
        basis: 'measured',
        // A search over settings includes how long to train: stopping at the best checkpoint is one of its outcomes.
        method: wording.checkpointGainMethod[lang](metric, remedyId === 'hyperparameter-search'),
        ...(se !== undefined ? { standardError: se } : {}),
      };
    },
  },
};
