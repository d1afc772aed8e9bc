/** The proxy check's wording: what each what-if changes, its gain method, the remedy evidence, in English and Chinese. */
import { pct, quote } from '../support/evidence.js';
import { words, type Bilingual } from '../support/bilingual.js';
import type { WhatIfEntry, WhatIfId } from './metrics.js';
import { PENALTY_GRID } from './fits.js';

/** What each what-if changes in the proxy's training, from the rows it changes and its metrics entry. */
export const WHAT: { readonly [Id in WhatIfId]: Bilingual<[rows: number, entry: WhatIfEntry<Id>]> } = {
  relabel: { en: (n) => `with the ${n} flagged training rows given their suggested labels`, zh: (n) => `把 ${n} 个被标记的训练行改为建议标签` },
  dropFlagged: {
    en: (n) => `without the ${n} flagged training rows (pruned, as cleanlab does)`,
    zh: (n) => `去掉 ${n} 个被标记的训练行(像 cleanlab 那样剪除)`,
  },
  deduplicate: { en: (n) => `without the ${n} duplicate training rows (one kept per group)`, zh: (n) => `去掉 ${n} 个重复的训练行(每组保留一行)` },
  classWeights: { en: () => 'with class weights inversely proportional to the training class frequencies', zh: () => '按训练集类别频率的倒数设置类别权重' },
  sliceWeights: {
    en: (n) => `with the weak slice's ${n} training rows weighted up to its share of the evaluation rows`,
    zh: (n) => `把薄弱切片的 ${n} 个训练行加权到它在评估行中的占比`,
  },
  sliceData: {
    en: (n, d) => `with ${n} more rows of the weak slice (half of its ${d.groupRows} evaluation rows, each half judged by a fit on the other)`,
    zh: (n, d) => `加入薄弱切片的 ${n} 行(它的 ${d.groupRows} 个评估行的一半,两半互为拟合与评判)`,
  },
  strongerPenalty: {
    en: (_, d) => `with a ten times stronger L2 penalty (C = ${d.C} instead of ${d.from}, the penalty whose predictions agree most with your model's)`,
    zh: (_, d) => `把 L2 惩罚加强十倍(C = ${d.C},原为与你的模型预测最一致的 ${d.from})`,
  },
  tunedPenalty: {
    en: (_, d) =>
      `with the penalty a small search on the training rows picks (C = ${d.C} of ${PENALTY_GRID.join(', ')}, instead of ${d.from}, the one whose predictions agree most with your model's)`,
    zh: (_, d) => `使用在训练行上小规模搜索选出的惩罚(C = ${d.C},候选 ${PENALTY_GRID.join('、')};原为与你的模型预测最一致的 ${d.from})`,
  },
  classData: {
    en: (n, d) => `with ${n} more rows of class ${quote(d.class)} (half of its ${d.groupRows} evaluation rows, each half judged by a fit on the other)`,
    zh: (n, d) => `加入类别 ${quote(d.class)} 的 ${n} 行(它的 ${d.groupRows} 个评估行的一半,两半互为拟合与评判)`,
  },
};

/** What the proxy trained on: its training rows (null when unknown), per cross-fitted fold or not. */
export interface ProxyTrained {
  used: number | null;
  crossFit: boolean;
}

/** The proxy's description in a few words: what it is and what it trained on. */
const proxyText = words(
  (p: ProxyTrained) =>
    `a logistic regression on your features${p.used !== null ? ` (${p.used} training rows${p.crossFit ? ' per cross-fitted fold' : ''})` : ''}`,
  (p) => `基于你的特征的逻辑回归${p.used !== null ? `(${p.used} 个训练行${p.crossFit ? ',每个交叉拟合折' : ''})` : ''}`,
);

export const wording = {
  proxyText,
  /** A group's added rows scaled to the rows that bring it to its evaluation share, capped at its errors there. */
  scaling: words(
    (needed: number | null, bound: number | null) =>
      `, scaled in the logarithm of its rows to the ${needed} that would bring it to its share of the evaluation rows (at most its errors there, ${pct(bound ?? 0)} of the evaluation rows)`,
    (needed, bound) => `,并按其行数的对数放大到使其达到评估行中占比所需的 ${needed} 行(最多为它在评估行上的错误,占评估行的 ${pct(bound ?? 0)})`,
  ),
  whatIfMethod: words(
    (p: ProxyTrained, what: string, rows: number | null) =>
      `${proxyText.en(p)} retrained ${what}, against it as it is, on the ${rows ?? ''} evaluation rows (paired bootstrap over rows); your model may gain more or less`,
    (p, what, rows) => `${proxyText.zh(p)}在${what}后重新训练,与原样相比,在 ${rows ?? ''} 个评估行上(对行做配对自助法);你的模型的收益可能更多或更少`,
  ),
  evidence: words(
    (proxy: number, model: number) =>
      `A logistic regression on your features, its penalty picked by a small search, reaches ${pct(proxy)} on the evaluation rows against your model's ${pct(model)}.`,
    (proxy, model) => `基于你的特征、惩罚由小规模搜索选定的逻辑回归在评估行上达到 ${pct(proxy)},而你的模型为 ${pct(model)}。`,
  ),
  yardstickMethod: words(
    (p: ProxyTrained, proxy: number | null, model: number | null, rows: number | null) =>
      `${proxyText.en(p)}, its penalty picked by a small search, reaches ${proxy !== null ? pct(proxy) : '?'} on the ${rows ?? ''} evaluation rows against your model's ${model !== null ? pct(model) : '?'} (paired bootstrap over rows and runs): a better-tuned or better-regularised model should recover at least that`,
    (p, proxy, model, rows) =>
      `${proxyText.zh(p)}(惩罚由小规模搜索选定)在 ${rows ?? ''} 个评估行上达到 ${proxy !== null ? pct(proxy) : '?'},你的模型为 ${model !== null ? pct(model) : '?'}(对行和运行做配对自助法):调得更好或正则化更好的模型至少应能补上这一差距`,
  ),
};
