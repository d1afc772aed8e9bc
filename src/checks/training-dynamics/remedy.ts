/** What the training dynamics tell the remedies: how many rows look mislabelled, and how many are ambiguous. */
import type { CheckRemedies } from '../types.js';
import { generic, isObj, num, trainingRowsTouched } from '../support/evidence.js';

export const remedies: CheckRemedies = {
  evidence({ findings: own, lang, metrics, remedy }) {
    const counts = isObj(metrics) && isObj(metrics.counts) ? metrics.counts : null;
    const rows = num(metrics, 'rowsMeasured');
    const low = num(counts, 'low-margin');
    const ambiguous = num(counts, 'ambiguous');
    const memorisation = isObj(metrics) && isObj(metrics.memorisation) ? metrics.memorisation : null;
    const beforeFit = memorisation?.aumWindow === 'before-fit';
    const out: string[] = [];
    if (rows !== null && low !== null && (remedy.id === 'relabel' || remedy.id === 'curriculum')) {
      out.push(
        lang === 'zh'
          ? `训练动态：${rows} 个训练样本中有 ${low} 个的边际面积为负（${beforeFit ? '在模型记住其标签之前，' : ''}给定标签在训练过程中平均输给另一个类别）${ambiguous !== null && remedy.id === 'curriculum' ? `，${ambiguous} 个为模糊样本` : ''}。`
          : `Training dynamics: ${low} of ${rows} training rows have a negative area under the margin (their label loses to another class on average over training${beforeFit ? ', before the model memorised its labels' : ''})${ambiguous !== null && remedy.id === 'curriculum' ? `; ${ambiguous} are ambiguous` : ''}.`,
      );
    }
    return out.length > 0 ? out : own.flatMap((finding) => generic(finding, lang)).slice(0, 2);
  },
  headroom: {
    // Rows whose label loses to another class over training: what a relabelling would change.
    lowMarginShare({ metrics, lang }) {
      const low = isObj(metrics) && isObj(metrics.counts) ? num(metrics.counts, 'low-margin') : null;
      return low === null || low <= 0 ? null : trainingRowsTouched(low, 'relabelled', lang);
    },
  },
};
