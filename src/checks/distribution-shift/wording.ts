/** The distribution-shift check's remedy evidence, in English and Chinese. */
import { sanitizeInline } from '../../core/sanitize.js';
import { words, type Bilingual } from '../support/bilingual.js';

/** The finding keys of a split's shift, as the evidence names them. */
export const SHIFT_WORDS: Record<string, Bilingual> = {
  'label-shift': words(
    () => 'label prior shift',
    () => '标签先验偏移',
  ),
  'text-shift': words(
    () => 'text shift (vocabulary, word frequencies)',
    () => '文本偏移（词汇、词频）',
  ),
  'embedding-shift': words(
    () => 'embedding shift',
    () => '嵌入偏移',
  ),
  'confidence-shift': words(
    () => 'confidence shift',
    () => '置信度偏移',
  ),
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
