/** The training-dynamics check's remedy evidence and export reasons, in English and Chinese. */
import { phrase, words, type Phrase } from '../support/bilingual.js';

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

/** The chart text of training-dynamics/charts.ts, in English and Chinese. */
export const chartText = {
  dataMapConfidenceIn: phrase('Data map: confidence in the label against its variability', '数据地图：标签置信度与其波动'),
  trainingRowsBinnedBy: words(
    (total: Phrase, lowConfidence: Phrase, below: Phrase) =>
      `${total} training rows binned by their mean confidence in the given label (rows, high at the top) and its standard deviation across snapshots (columns); ${lowConfidence} rows have a confidence below ${below}, where hard-to-learn rows (often label errors) are. Cells count rows.`,
    (total, lowConfidence, below) =>
      `${total} 个训练样本按其对给定标签的平均置信度（行，上高下低）和跨快照的标准差（列）分箱；${lowConfidence} 行的置信度低于 ${below}，难学样本（常为标注错误）在此。格内为行数。`,
  ),
  variability: phrase('variability', '波动'),
  confidence: phrase('confidence', '置信度'),
  rows: phrase('rows', '行数'),
};
