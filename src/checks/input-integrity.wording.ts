/** The input-integrity check's remedy evidence, in English and Chinese. */
import { words } from './support/bilingual.js';

export const wording = {
  raggedRows: words(
    (count: number) => `${count} rows have the wrong number of fields.`,
    (count) => `${count} 行的字段数与表头不符。`,
  ),
  unmatchedPredictions: words(
    (count: number) => `${count} prediction records match no data row.`,
    (count) => `${count} 条预测记录无法与数据行关联。`,
  ),
  rowsWithoutPredictions: words(
    (count: number) => `${count} data rows have no prediction.`,
    (count) => `${count} 个数据行没有预测。`,
  ),
  unevenRunCoverage: words(
    (common: number) => `The runs cover different rows; ${common} rows are covered by every run.`,
    (common) => `各次运行覆盖的行不同;只有 ${common} 行被所有运行覆盖。`,
  ),
  duplicateHeaders: words(
    (renamed: number) => `${renamed} header names are repeated or empty and were renamed.`,
    (renamed) => `${renamed} 个表头名称重复或为空,已被重命名。`,
  ),
};
