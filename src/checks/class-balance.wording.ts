/** The class-balance check's remedy evidence, in English and Chinese. */
import { phrase, words } from './support/bilingual.js';

export const wording = {
  unbounded: phrase('unbounded', '无穷大'),
  imbalance: words(
    (large: string, largeCount: number, small: string, smallCount: number, ratio: string) =>
      `The largest class ${large} has ${largeCount} rows and the smallest ${small} has ${smallCount} (imbalance ${ratio}).`,
    (large, largeCount, small, smallCount, ratio) => `最大类别 ${large} 有 ${largeCount} 行,最小类别 ${small} 只有 ${smallCount} 行(不平衡比 ${ratio})。`,
  ),
  rareClass: words(
    (name: string, count: number | string) => `${name} (${count} rows)`,
    (name, count) => `${name} (${count} 行)`,
  ),
  rareClasses: words(
    (count: number, list: string, more: string) => `${count} rare classes: ${list}${more}.`,
    (count, list, more) => `${count} 个稀有类别:${list}${more}。`,
  ),
};
