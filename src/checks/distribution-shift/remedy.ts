/** What the shift between training and evaluation tells the remedies: which splits drifted, and in what. */
import type { CheckRemedies, TypedFinding } from '../types.js';
import { generic } from '../support/evidence.js';
import { sanitizeInline } from '../../core/sanitize.js';
import type { findings } from './findings.js';
import type { DistributionShiftMetrics } from './metrics.js';
import { SHIFT_WORDS, wording } from './wording.js';

export const remedies: CheckRemedies<DistributionShiftMetrics, TypedFinding<typeof findings>> = {
  evidence({ findings: own, lang, metrics, remedy }) {
    if (remedy.id !== 'monitor-drift' && remedy.id !== 'domain-mixing') return own.flatMap((finding) => generic(finding, lang)).slice(0, 2);
    const out: string[] = [];
    for (const split of metrics?.splits ?? []) {
      const name = sanitizeInline(split.split);
      const parts: string[] = [];
      if (split.drifted.length > 0) parts.push(wording.drifted[lang](split.drifted));
      const ownShift = own.filter((f) => f.id.endsWith(`:${split.split}`) && f.key !== 'feature-drift').map((f) => f.key);
      for (const key of ownShift) parts.push(Object.hasOwn(SHIFT_WORDS, key) ? SHIFT_WORDS[key][lang]() : key);
      if (parts.length === 0) continue;
      out.push(wording.split[lang](name, parts));
    }
    return out.length > 0 ? out : own.flatMap((finding) => generic(finding, lang)).slice(0, 2);
  },
  headroom: {},
};
