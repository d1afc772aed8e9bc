/** What the comparison tells the remedies: the verdict with its interval, and what more runs would detect. */
import type { CheckRemedies } from '../types.js';
import { generic, isObj, num } from '../support/evidence.js';
import { wording } from './wording.js';

export const remedies: CheckRemedies = {
  evidence({ findings: own, lang }) {
    return own
      .flatMap((finding) => {
        const m = finding.metrics;
        const difference = num(m, 'difference');
        const mde = num(m, 'minimumDetectable');
        const interval = Array.isArray(m.interval) ? (m.interval as number[]) : null;
        if (!finding.id.startsWith('comparison/no-detectable-difference') || difference === null || mde === null || !interval) return generic(finding, lang);
        const more = isObj(m.withMoreRuns) ? m.withMoreRuns : null;
        const runs = num(more, 'runsPerSide');
        const moreMde = num(more, 'minimumDetectable');
        return [wording.noDetectableDifference[lang](difference, interval, mde, runs, moreMde)];
      })
      .slice(0, 3);
  },
};
