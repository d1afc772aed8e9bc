/** The duplicates check's remedy evidence and export reasons, in English and Chinese. */
import { words } from './support/bilingual.js';

export const wording = {
  /** `share` is the count's share of rows in brackets (`ofRows`). */
  evidence: words(
    (count: number, share: string, groups: number | null) =>
      `${count} rows${share} repeat an earlier row exactly${groups !== null ? `, in ${groups} groups` : ''}.`,
    (count, share, groups) => `${count} 行${share}与前面的行完全重复${groups !== null ? `,共 ${groups} 组` : ''}。`,
  ),
  exportReason: words(
    (first: number, line: number, size: number) => `exact duplicate of row ${first} (line ${line}); group of ${size}`,
    (first, line, size) => `与记录 ${first}(文件第 ${line} 行)完全重复;该组共 ${size} 条记录`,
  ),
};
