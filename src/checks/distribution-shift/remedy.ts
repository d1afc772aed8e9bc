/** What the shift between training and evaluation tells the remedies: which splits drifted, and in what. */
import type { CheckRemedies } from '../types.js';
import { arr, generic, isObj, jsonText } from '../support/evidence.js';
import { sanitizeInline } from '../../core/sanitize.js';
import { SHIFT_WORDS, wording } from './wording.js';

export const remedies: CheckRemedies = {
  evidence({ findings: own, lang, metrics, remedy }) {
    if (remedy.id !== 'monitor-drift' && remedy.id !== 'domain-mixing') return own.flatMap((finding) => generic(finding, lang)).slice(0, 2);
    const out: string[] = [];
    for (const split of arr(metrics, 'splits') ?? []) {
      if (!isObj(split)) continue;
      const drifted = (arr(split, 'drifted') ?? []).filter((x): x is string => typeof x === 'string');
      const name = sanitizeInline(jsonText(split.split));
      const parts: string[] = [];
      if (drifted.length > 0) parts.push(wording.drifted[lang](drifted));
      const ownShift = own
        .filter((f) => f.id.endsWith(`:${jsonText(split.split)}`) && !f.id.includes('/feature-drift:'))
        .map((f) => f.id.split('/')[1].split(':')[0]);
      for (const key of ownShift) parts.push(Object.hasOwn(SHIFT_WORDS, key) ? SHIFT_WORDS[key][lang]() : key);
      if (parts.length === 0) continue;
      out.push(wording.split[lang](name, parts));
    }
    return out.length > 0 ? out : own.flatMap((finding) => generic(finding, lang)).slice(0, 2);
  },
  headroom: {},
};
