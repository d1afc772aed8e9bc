import { z } from 'zod';
import { m } from '../support/metrics-schema.js';
import { finding } from '../types.js';
import { num4, pct } from '../support/format.js';
import { approximateSearchNote } from '../support/embedding-index.js';

export interface OutlierArgs {
  count: number;
  /** Rows with a vector. */
  rows: number;
  share: number;
  k: number;
  /** Mean cosine distance to the k nearest neighbours above which a row is an outlier. */
  cutoff: number;
  median: number;
  fence: number;
  /** The largest score among the outliers. */
  largest: number;
  /** With the approximate (inverted-file) search: its recall of the exact top-k on sampled rows, else null. */
  searchRecall?: number | null;
}

export interface NeighbourLabelArgs {
  searchRecall?: number | null;
  count: number;
  /** Labelled rows with a vector and labelled neighbours. */
  rows: number;
  share: number;
  k: number;
}

export const findings = {
  outliers: finding({
    args: z.object({ count: m.number() }),
    size: (a) => a.count,
    en: (a: OutlierArgs) => ({
      title: `${a.count} outlier row${a.count === 1 ? '' : 's'} far from every other row in embedding space`,
      summary:
        `${a.count} of ${a.rows} rows (${pct(a.share)}) are farther from their ${a.k} nearest neighbours than the rest allow: a mean cosine distance above ${num4(a.cutoff)} ` +
        `(the upper quartile plus ${a.fence} × the interquartile range; the median row's is ${num4(a.median)}, the farthest outlier's ${num4(a.largest)}). ` +
        'Such rows are often corrupt inputs, another domain or rare cases the model has no support for: look at them first, then drop, fix or collect more like them.' +
        approximateSearchNote(a.searchRecall, 'en'),
    }),
    zh: (a) => ({
      title: `${a.count} 行离群：在嵌入空间中远离其他所有行`,
      summary:
        `${a.rows} 行中有 ${a.count} 行（${pct(a.share)}）与其 ${a.k} 个最近邻的平均余弦距离超过 ${num4(a.cutoff)}` +
        `（上四分位数加 ${a.fence} 倍四分位距；中位数行为 ${num4(a.median)}，最远的离群行为 ${num4(a.largest)}）。` +
        '这类行常是损坏的输入、来自其他领域的数据或模型缺乏支撑的罕见样本：先逐一查看，再删除、修正或补充同类数据。' +
        approximateSearchNote(a.searchRecall, 'zh'),
    }),
  }),
  'neighbour-label-disagreement': finding({
    args: z.object({ count: m.number() }),
    size: (a) => a.count,
    en: (a: NeighbourLabelArgs) => ({
      title: `${a.count} row${a.count === 1 ? '' : 's'} whose nearest neighbours carry another label`,
      summary:
        `For ${a.count} of ${a.rows} labelled rows (${pct(a.share)}), most of their ${a.k} nearest neighbours in embedding space carry one label other than theirs. ` +
        'A label its neighbourhood contradicts is a likely label error, or a class boundary the embedding does not separate: review these rows (label-noise says which of them confident learning also flags: those first).' +
        approximateSearchNote(a.searchRecall, 'en'),
    }),
    zh: (a) => ({
      title: `${a.count} 行的最近邻大多带有另一个标签`,
      summary:
        `${a.rows} 行有标签的数据中有 ${a.count} 行（${pct(a.share)}），其在嵌入空间中的 ${a.k} 个最近邻大多带有同一个与之不同的标签。` +
        '与邻域相矛盾的标签很可能是标注错误，或者是嵌入无法区分的类别边界：请复核这些行（label-noise 检查会指出其中哪些也被置信学习标记，应优先复核）。' +
        approximateSearchNote(a.searchRecall, 'zh'),
    }),
  }),
};
