/** What the training curves tell the remedies: the overfitting onset, the checkpoint's cost, and its headroom. */
import type { CheckRemedies } from '../types.js';
import { arr, generic, isObj, num, str } from '../support/evidence.js';
import { mean, wording } from './wording.js';

export const remedies: CheckRemedies = {
  evidence({ findings: own, lang }) {
    return own
      .flatMap((finding) => {
        const m = finding.metrics;
        if (finding.id === 'training-curves/last-checkpoint-cost') {
          const gain = num(m, 'meanShortfall');
          const metric = str(m, 'metric') ?? 'metric';
          const affected = arr(m, 'affected')?.length ?? 0;
          if (gain === null) return generic(finding, lang);
          const unit = m.unitInterval === true;
          return [wording.lastCheckpointCost[lang](metric, affected, gain, unit)];
        }
        if (finding.id === 'training-curves/overfitting') {
          const affected = (arr(m, 'affected') ?? []).filter(isObj);
          const rises = affected.map((r) => num(r, 'rise')).filter((x): x is number => x !== null);
          const total = num(m, 'runs');
          if (affected.length === 0 || rises.length !== affected.length || total === null) return generic(finding, lang);
          const points = affected.map((r) => ({ epoch: num(r, 'epoch'), step: num(r, 'step') ?? 0 }));
          return [wording.overfitting[lang](affected.length, total, points, mean(rises))];
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
      const gain = num(metrics, 'checkpointGain');
      if (gain === null || gain <= 0) return null;
      const value = Math.min(1, gain);
      const metric = str(metrics, 'checkpointGainMetric') ?? 'accuracy';
      const last = num(metrics, 'checkpointLastMean');
      const rows = num(metrics, 'evaluationRows');
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
