/** The distribution-shift check's remedy evidence, in English and Chinese. */
import { sanitizeInline } from '../../core/sanitize.js';
import { type Bilingual, phrase, words, type Phrase } from '../support/bilingual.js';

/** The finding keys of a split's shift, as the evidence names them. */
export const SHIFT_WORDS: Record<string, Bilingual> = {
  'label-shift': phrase('label prior shift', '标签先验偏移'),
  'text-shift': phrase('text shift (vocabulary, word frequencies)', '文本偏移（词汇、词频）'),
  'embedding-shift': phrase('embedding shift', '嵌入偏移'),
  'confidence-shift': phrase('confidence shift', '置信度偏移'),
};

export const wording = {
  /** The drifted features of a split, the first four named. */
  drifted: words(
    (drifted: string[]) => `${drifted.length} drifted feature${drifted.length === 1 ? '' : 's'} (${drifted.slice(0, 4).map(sanitizeInline).join(', ')})`,
    (drifted) => `${drifted.length} 个特征漂移（${drifted.slice(0, 4).map(sanitizeInline).join('、')}）`,
  ),
  split: words(
    (name: string, parts: string[]) => `Split "${name}" against training: ${parts.join('; ')}.`,
    (name, parts) => `划分 "${name}" 相对训练数据：${parts.join('；')}。`,
  ),
};

/** The chart text of distribution-shift/charts.ts, in English and Chinese. */
export const chartText = {
  featureShiftTrainingAgainst: words(
    (name: Phrase) => `Feature shift: training against "${name}"`,
    (name) => `特征偏移：训练数据对比 "${name}"`,
  ),
  effectSizeOfEach: words(
    /** `drawn`: how many bars are drawn when not all are, else null. */
    (rows: Phrase, drifted: Phrase, minEffect: Phrase, feature: Phrase, effect: Phrase, drawn: number | null) =>
      `Effect size of each of the ${rows} features compared (Wasserstein distance in training standard deviations for numbers, Jensen-Shannon distance for categories); ${drifted} reach ${minEffect} with q <= 0.05 and are flagged. Largest: ${feature} at ${effect}${drawn !== null ? `; the ${drawn} largest are drawn` : ''}.`,
    (rows, drifted, minEffect, feature, effect, drawn) =>
      `比较的 ${rows} 个特征各自的效应量（数值特征为以训练标准差计的 Wasserstein 距离，类别特征为 Jensen-Shannon 距离）；其中 ${drifted} 个达到 ${minEffect} 且 q <= 0.05，被标记。最大的是 ${feature}，为 ${effect}${drawn !== null ? `；图中只画出最大的 ${drawn} 个` : ''}。`,
  ),
  effectSize: phrase('effect size', '效应量'),
  feature: phrase('feature', '特征'),
};
