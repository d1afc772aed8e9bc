/** What the embedding space tells the remedies: rows to inspect (outliers) and labels their neighbours contradict. */
import type { CheckRemedies } from '../types.js';
import { generic, num } from '../support/evidence.js';
import { pct } from '../support/format.js';

export const remedies: CheckRemedies = {
  evidence({ findings: own, lang, metrics, remedy }) {
    const out: string[] = [];
    const rows = num(metrics, 'rowsWithVector');
    const outliers = num(metrics, 'outlierCount');
    const disagreements = num(metrics, 'neighbourDisagreementCount');
    const share = num(metrics, 'neighbourDisagreementShare');
    if (remedy.id === 'validate-inputs' && outliers !== null && rows !== null && outliers > 0) {
      out.push(
        lang === 'zh'
          ? `嵌入空间中 ${rows} 行里有 ${outliers} 行离群（远离其最近邻）。`
          : `${outliers} of ${rows} rows are outliers in embedding space (far from their nearest neighbours).`,
      );
    }
    if (remedy.id === 'relabel' && disagreements !== null && disagreements > 0 && share !== null) {
      out.push(
        lang === 'zh'
          ? `${disagreements} 行（${pct(share)}）的最近邻大多带有另一个标签。`
          : `${disagreements} rows (${pct(share)}) have nearest neighbours that mostly carry another label.`,
      );
    }
    return out.length > 0 ? out : own.flatMap((finding) => generic(finding, lang)).slice(0, 2);
  },
  headroom: {},
};
