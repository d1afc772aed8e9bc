/** The contamination check's gain method, in English and Chinese (its findings' wording is in findings.ts). */
import { words } from '../support/bilingual.js';

export const wording = {
  overstatementMethod: words(
    (rows: number | null) =>
      `accuracy on every evaluation item minus accuracy without the items found in the fine-tuning data; bootstrap over the ${rows ?? ''} items`,
    (rows) => `全部评估条目上的准确率减去去掉微调数据中出现的条目后的准确率；对 ${rows ?? ''} 个条目做自助法`,
  ),
};
