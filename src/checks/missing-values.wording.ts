/** The missing-values check's remedy evidence, in English and Chinese. */
import { words } from './support/bilingual.js';

export const wording = {
  missing: words(
    (count: number, list: string, more: string) => `${count} columns have missing cells: ${list}${more}.`,
    (count, list, more) => `${count} 列存在缺失值:${list}${more}。`,
  ),
  mixedTypes: words(
    (count: number, names: string) => `${count} columns mix value types: ${names}.`,
    (count, names) => `${count} 列混合了多种值类型:${names}。`,
  ),
  constant: words(
    (count: number, names: string) => `${count} columns are constant: ${names}.`,
    (count, names) => `${count} 列为常量:${names}。`,
  ),
};
