/** The training-dynamics check's remedy evidence and export reasons, in English and Chinese. */
import { words } from '../support/bilingual.js';

export const wording = {
  /** `beforeFit`: the margins were read before the model memorised its labels; `ambiguous` is given for curriculum only. */
  evidence: words(
    (rows: number, low: number, beforeFit: boolean, ambiguous: number | null) =>
      `Training dynamics: ${low} of ${rows} training rows have a negative area under the margin (their label loses to another class on average over training${beforeFit ? ', before the model memorised its labels' : ''})${ambiguous !== null ? `; ${ambiguous} are ambiguous` : ''}.`,
    (rows, low, beforeFit, ambiguous) =>
      `训练动态：${rows} 个训练样本中有 ${low} 个的边际面积为负（${beforeFit ? '在模型记住其标签之前，' : ''}给定标签在训练过程中平均输给另一个类别）${ambiguous !== null ? `，${ambiguous} 个为模糊样本` : ''}。`,
  ),
  /** A flagged row: its flags and its AUM, formatted. */
  exportReason: words(
    (keys: string[], aum: string) => `training dynamics: ${keys.join(', ')} (AUM ${aum})`,
    (keys, aum) => `训练动态：${keys.join('、')}（AUM ${aum}）`,
  ),
};
