/** What the training curves tell the remedies: the overfitting onset, the checkpoint's cost, and its headroom. */
import type { CheckRemedies } from '../types.js';
import { arr, generic, isObj, num, str } from '../support/evidence.js';
import { atList, mean, num as fmt, pts } from './wording.js';

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
          return lang === 'zh'
            ? [
                `保留最佳检查点而不是最后一个，在 ${affected} 次运行中平均可挽回验证 ${metric} ${unit ? `${pts(gain)} 个百分点` : gain.toPrecision(3)}（按验证集选择偏乐观：请在测试集上确认）。`,
              ]
            : [
                `Keeping the best checkpoint instead of the last recovers ${unit ? `${pts(gain)} points` : gain.toPrecision(3)} of validation ${metric} on average over ${affected} run${affected === 1 ? '' : 's'} (selected on validation, so optimistic: confirm on a test split).`,
              ];
        }
        if (finding.id === 'training-curves/overfitting') {
          const affected = (arr(m, 'affected') ?? []).filter(isObj);
          const rises = affected.map((r) => num(r, 'rise')).filter((x): x is number => x !== null);
          const total = num(m, 'runs');
          if (affected.length === 0 || rises.length !== affected.length || total === null) return generic(finding, lang);
          const points = affected.map((r) => ({ epoch: num(r, 'epoch'), step: num(r, 'step') ?? 0 }));
          return lang === 'zh'
            ? [
                `${total} 次运行中有 ${affected.length} 次验证损失在最低点（${atList(points, 'zh')}）之后上升，平均升高 ${fmt(mean(rises))}，而训练损失仍在下降：在最佳点停止，或加强权重衰减/Dropout。`,
              ]
            : [
                `In ${affected.length} of ${total} run${total === 1 ? '' : 's'}, validation loss turns upward after its lowest point (${atList(points)}) and ends ${fmt(mean(rises))} higher on average while training loss keeps falling: stop at the best point, or raise weight decay or dropout.`,
              ];
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
        method:
          (lang === 'en'
            ? `best minus last validation ${metric} in the training logs, mean over the runs; the best checkpoint was picked on the same validation rows, so this is optimistic`
            : `训练日志中验证 ${metric} 的最佳值减去最后值,各次运行的平均;最佳检查点是在同一验证集上选出的,因此偏乐观`) +
          // A search over settings includes how long to train: stopping at the best checkpoint is one of its outcomes.
          (remedyId === 'hyperparameter-search'
            ? lang === 'en'
              ? '; a search that includes the training length finds at least this'
              : ';包含训练长度的搜索至少能得到这么多'
            : ''),
        ...(se !== undefined ? { standardError: se } : {}),
      };
    },
  },
};
