/** Phrases the checks' evidence sentences share (lists, points, shares of rows), in English and Chinese. */
import { phrase, words, type Phrase } from './bilingual.js';
import type { Severity } from '../../core/vocabulary.js';

const SEVERITY_ZH: Record<Severity, string> = { info: '提示', low: '低', medium: '中', high: '高', critical: '严重' };

export const shared = {
  /** Between the items of a short list. */
  listSep: phrase(', ', '、'),
  /** After a list cut short. */
  more: phrase(', ...', '等'),
  /** Between the clauses of one sentence. */
  clauseSep: phrase('; ', ';'),
  /** Between the sentences of one piece of evidence. */
  sentenceSep: phrase(' ', ''),
  /** A difference in percentage points, already written as a number. */
  points: words(
    (text: string) => `${text} points`,
    (text) => `${text} 个百分点`,
  ),
  /** A gain: en before the compared value (`+2.1 points over`), zh after it (`高 2.1 个百分点`). */
  gain: words(
    (gain: number, points: (x: number, signed?: boolean) => string) => (gain >= 0 ? `${points(gain, true)} over` : `${points(-gain)} below`),
    (gain, points) => (gain >= 0 ? `高 ${points(gain)}` : `低 ${points(-gain)}`),
  ),
  /** A share of rows in brackets after a count, already written as a percentage. */
  share: words(
    (share: string) => ` (${share})`,
    (share) => `(${share})`,
  ),
  /** A finding in one sentence when no check-specific wording exists (its title already cleaned; its id whole, and shortened). */
  generic: words(
    (title: string, id: string, _shortId: string, severity: Severity) => `${title} (${id}, ${severity}).`,
    (title, _id, shortId, severity) => `${title}（${shortId}，严重度：${SEVERITY_ZH[severity]}）。`,
  ),
  /** How a fix of training rows is sized: it is not, before retraining. */
  trainingRowsTouched: words(
    (count: number, action: 'dropped' | 'relabelled') =>
      `it changes ${count} training row${count === 1 ? '' : 's'} (${action}); how much accuracy that buys shows only after retraining`,
    (count, action) => `它会改动 ${count} 个训练行(${action === 'dropped' ? '删除' : '重新标注'});能换回多少准确率只有重新训练后才知道`,
  ),
  /** How embedding near copies were told apart (the threshold already formatted). */
  embeddingRule: words(
    (threshold: string) => `embedding cosine similarity ≥ ${threshold}`,
    (threshold) => `嵌入向量余弦相似度 ≥ ${threshold}`,
  ),
  /** Neighbours came from the approximate search: its recall (a percentage) on `sample` sampled rows. */
  approximateSearch: words(
    (recall: string, sample: number) => ` (Neighbours by approximate search: it found ${recall} of the exact 10 nearest on ${sample} sampled rows.)`,
    (recall, sample) => `（最近邻由近似搜索得到：在 ${sample} 个抽样行上找到了精确 10 近邻中的 ${recall}。）`,
  ),
};

/** A name given in both languages by the caller. */
type Names = { readonly en: string; readonly zh: string };

/** The chart text of support/cluster-chart.ts, in English and Chinese. */
export const chartText = {
  /** `what` names the groups in each language (`duplicate groups`). */
  bySize: words(
    (what: Names) => `${what.en[0].toUpperCase()}${what.en.slice(1)} by size`,
    (what) => `${what.zh}的大小分布`,
  ),
  listedInTheReport: words(
    (groups: Phrase, what: Names, rows: Phrase, beyondFirst: Phrase, largest: Phrase) =>
      `${groups} ${what.en} listed in the report, holding ${rows} rows (${beyondFirst} beyond the first of each); the largest has ${largest} rows.`,
    (groups, what, rows, beyondFirst, largest) =>
      `报告列出 ${groups} 个${what.zh}，共 ${rows} 行（除每组第一行外 ${beyondFirst} 行）；最大的含 ${largest} 行。`,
  ),
  rows: words(
    (size: Phrase) => `${size} rows`,
    (size) => `${size} 行`,
  ),
  size: phrase('size', '大小'),
};
