/** What the training curves tell the remedies: the overfitting onset, the checkpoint's cost, and its headroom. */
import type { CheckRemedies } from '../types.js';
import { arr, generic, isObj, num, str } from '../support/evidence.js';

const pts = (x: number) => (x * 100).toFixed(1);

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
            ? [`保留最佳检查点而不是最后一个，在 ${affected} 次运行中平均可挽回验证 ${metric} ${unit ? `${pts(gain)} 个百分点` : gain.toPrecision(3)}（按验证集选择偏乐观：请在测试集上确认）。`]
            : [`Keeping the best checkpoint instead of the last recovers ${unit ? `${pts(gain)} points` : gain.toPrecision(3)} of validation ${metric} on average over ${affected} run${affected === 1 ? '' : 's'} (selected on validation, so optimistic: confirm on a test split).`];
        }
        if (finding.id === 'training-curves/overfitting') {
          const first = arr(m, 'affected')?.find(isObj);
          const epoch = num(first, 'epoch');
          const step = num(first, 'step');
          const rise = num(first, 'rise');
          if (!first || rise === null) return generic(finding, lang);
          const where = epoch !== null ? (lang === 'zh' ? `第 ${epoch} 轮` : `epoch ${epoch}`) : lang === 'zh' ? `第 ${step} 步` : `step ${step}`;
          return lang === 'zh'
            ? [`验证损失在${where}后上升 ${rise.toPrecision(3)}，而训练损失仍在下降：在此停止，或加强权重衰减/Dropout。`]
            : [`Validation loss rises by ${rise.toPrecision(3)} after ${where} while training loss keeps falling: stop there, or raise weight decay or dropout.`];
        }
        return generic(finding, lang);
      })
      .slice(0, 3);
  },
  headroom: {
    checkpointGain({ metrics }) {
      const gain = num(metrics, 'checkpointGain');
      if (gain === null || gain <= 0) return null;
      const value = Math.min(1, gain);
      return { value, gain: { metric: str(metrics, 'checkpointGainMetric') ?? 'accuracy', value, unit: 'fraction', basis: 'upper-bound' } };
    },
  },
};
