/** The embeddings check's remedy evidence and export reasons, in English and Chinese. */
import { pct } from '../support/format.js';
import { words } from '../support/bilingual.js';

export const wording = {
  outliers: words(
    (outliers: number, rows: number) => `${outliers} of ${rows} rows are outliers in embedding space (far from their nearest neighbours).`,
    (outliers, rows) => `嵌入空间中 ${rows} 行里有 ${outliers} 行离群（远离其最近邻）。`,
  ),
  neighbourDisagreements: words(
    (disagreements: number, share: number) => `${disagreements} rows (${pct(share)}) have nearest neighbours that mostly carry another label.`,
    (disagreements, share) => `${disagreements} 行（${pct(share)}）的最近邻大多带有另一个标签。`,
  ),
  /** An outlier's mean cosine distance to its neighbours, formatted (`?` when unknown). */
  outlierReason: words(
    (distance: string) => `embedding outlier: mean cosine distance to its nearest neighbours ${distance}`,
    (distance) => `嵌入离群：最近邻平均余弦距离 ${distance}`,
  ),
  disagreementReason: words(
    (suggested: string, given: string) => `nearest neighbours mostly ${suggested}, labelled ${given}`,
    (suggested, given) => `最近邻多为 ${suggested}，标签为 ${given}`,
  ),
};
