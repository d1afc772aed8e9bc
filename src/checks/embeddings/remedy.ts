/** What the embedding space tells the remedies: rows to inspect (outliers) and labels their neighbours contradict. */
import type { CheckRemedies, TypedFinding } from '../types.js';
import { generic } from '../support/evidence.js';
import type { findings } from './findings.js';
import type { EmbeddingsMetrics } from './metrics.js';
import { wording } from './wording.js';

export const remedies: CheckRemedies<EmbeddingsMetrics, TypedFinding<typeof findings>> = {
  evidence({ findings: own, lang, metrics, remedy }) {
    const out: string[] = [];
    const rows = metrics?.rowsWithVector ?? null;
    const outliers = metrics?.outlierCount ?? null;
    const disagreements = metrics?.neighbourDisagreementCount ?? null;
    const share = metrics?.neighbourDisagreementShare ?? null;
    if (remedy.id === 'validate-inputs' && outliers !== null && rows !== null && outliers > 0) {
      out.push(wording.outliers[lang](outliers, rows));
    }
    if (remedy.id === 'relabel' && disagreements !== null && disagreements > 0 && share !== null) {
      out.push(wording.neighbourDisagreements[lang](disagreements, share));
    }
    return out.length > 0 ? out : own.flatMap((finding) => generic(finding, lang)).slice(0, 2);
  },
  headroom: {},
};
