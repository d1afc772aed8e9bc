/** What the training dynamics tell the remedies: how many rows look mislabelled, and how many are ambiguous. */
import type { CheckRemedies } from '../types.js';
import { generic, isObj, num, trainingRowsTouched } from '../support/evidence.js';
import { wording } from './wording.js';

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
      out.push(wording.evidence[lang](rows, low, beforeFit, remedy.id === 'curriculum' ? ambiguous : null));
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
