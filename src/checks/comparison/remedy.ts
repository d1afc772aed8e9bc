/** What the comparison tells the remedies: the verdict with its interval, and what more runs would detect. */
import type { CheckRemedies, TypedFinding } from '../types.js';
import { generic } from '../support/evidence.js';
import type { findings } from './findings.js';
import type { ComparisonMetrics } from './metrics.js';
import { wording } from './wording.js';

export const remedies: CheckRemedies<ComparisonMetrics, TypedFinding<typeof findings>> = {
  evidence({ findings: own, lang }) {
    return own
      .flatMap((finding) => {
        if (finding.key !== 'no-detectable-difference') return generic(finding, lang);
        const { difference, interval, minimumDetectable, withMoreRuns: more } = finding.args;
        if (difference === null || minimumDetectable === null || interval === null) return generic(finding, lang);
        return [wording.noDetectableDifference[lang](difference, interval, minimumDetectable, more?.runsPerSide ?? null, more?.minimumDetectable ?? null)];
      })
      .slice(0, 3);
  },
};
