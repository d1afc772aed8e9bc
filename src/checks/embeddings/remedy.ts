/** What the embedding space tells the remedies: rows to inspect (outliers) and labels their neighbours contradict. */
import type { CheckRemedies } from '../types.js';
import { generic, num } from '../support/evidence.js';
import { wording } from './wording.js';

export const remedies: CheckRemedies = {
  evidence({ findings: own, lang, metrics, remedy }) {
    const out: string[] = [];
    const rows = num(metrics, 'rowsWithVector');
    const outliers = num(metrics, 'outlierCount');
    const disagreements = num(metrics, 'neighbourDisagreementCount');
    const share = num(metrics, 'neighbourDisagreementShare');
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
