/** What the training dynamics tell the remedies: how many rows look mislabelled, and how many are ambiguous. */
import type { CheckRemedies, TypedFinding } from '../types.js';
import { generic, trainingRowsTouched } from '../support/evidence.js';
import type { findings } from './findings.js';
import type { TrainingDynamicsMetrics } from './metrics.js';
import { wording } from './wording.js';

export const remedies: CheckRemedies<TrainingDynamicsMetrics, TypedFinding<typeof findings>> = {
  evidence({ findings: own, lang, metrics, remedy }) {
    const rows = metrics?.rowsMeasured ?? null;
    const low = metrics?.counts?.['low-margin'] ?? null;
    const ambiguous = metrics?.counts?.ambiguous ?? null;
    const beforeFit = metrics?.memorisation?.aumWindow === 'before-fit';
    const out: string[] = [];
    if (rows !== null && low !== null && (remedy.id === 'relabel' || remedy.id === 'curriculum')) {
      out.push(wording.evidence[lang](rows, low, beforeFit, remedy.id === 'curriculum' ? ambiguous : null));
    }
    return out.length > 0 ? out : own.flatMap((finding) => generic(finding, lang)).slice(0, 2);
  },
  headroom: {
    // Rows whose label loses to another class over training: what a relabelling would change.
    lowMarginShare({ metrics, lang }) {
      const low = metrics?.counts?.['low-margin'] ?? null;
      return low === null || low <= 0 ? null : trainingRowsTouched(low, 'relabelled', lang);
    },
  },
};
