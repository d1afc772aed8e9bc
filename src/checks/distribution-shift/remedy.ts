/** What the shift between training and evaluation tells the remedies: which splits drifted, and in what. */
import type { CheckRemedies } from '../types.js';
import { arr, generic, isObj, jsonText } from '../support/evidence.js';
import { sanitizeInline } from '../../core/sanitize.js';

const SHIFT_WORDS: Record<string, { en: string; zh: string }> = {
  'label-shift': { en: 'label prior shift', zh: '标签先验偏移' },
  'text-shift': { en: 'text shift (vocabulary, word frequencies)', zh: '文本偏移（词汇、词频）' },
  'embedding-shift': { en: 'embedding shift', zh: '嵌入偏移' },
  'confidence-shift': { en: 'confidence shift', zh: '置信度偏移' },
};

export const remedies: CheckRemedies = {
  evidence({ findings: own, lang, metrics, remedy }) {
    if (remedy.id !== 'monitor-drift' && remedy.id !== 'domain-mixing') return own.flatMap((finding) => generic(finding, lang)).slice(0, 2);
    const out: string[] = [];
    for (const split of arr(metrics, 'splits') ?? []) {
      if (!isObj(split)) continue;
      const drifted = (arr(split, 'drifted') ?? []).filter((x): x is string => typeof x === 'string');
      const name = sanitizeInline(jsonText(split.split));
      const parts: string[] = [];
      if (drifted.length > 0)
        parts.push(
          lang === 'zh'
            ? `${drifted.length} 个特征漂移（${drifted.slice(0, 4).map(sanitizeInline).join('、')}）`
            : `${drifted.length} drifted feature${drifted.length === 1 ? '' : 's'} (${drifted.slice(0, 4).map(sanitizeInline).join(', ')})`,
        );
      const ownShift = own
        .filter((f) => f.id.endsWith(`:${jsonText(split.split)}`) && !f.id.includes('/feature-drift:'))
        .map((f) => f.id.split('/')[1].split(':')[0]);
      for (const key of ownShift) parts.push(SHIFT_WORDS[key]?.[lang] ?? key);
      if (parts.length === 0) continue;
      out.push(lang === 'zh' ? `划分 "${name}" 相对训练数据：${parts.join('；')}。` : `Split "${name}" against training: ${parts.join('; ')}.`);
    }
    return out.length > 0 ? out : own.flatMap((finding) => generic(finding, lang)).slice(0, 2);
  },
  headroom: {},
};
