/** The contamination check's gain method, in English and Chinese (its findings' wording is in findings.ts). */
import { phrase, words } from '../support/bilingual.js';

export const wording = {
  overstatementMethod: words(
    (rows: number | null) =>
      `accuracy on every evaluation item minus accuracy without the items found in the fine-tuning data; bootstrap over the ${rows ?? ''} items`,
    (rows) => `全部评估条目上的准确率减去去掉微调数据中出现的条目后的准确率；对 ${rows ?? ''} 个条目做自助法`,
  ),
  /** Skipped: no fine-tuning corpus was given. */
  noCorpus: phrase(
    'needs a fine-tuning corpus: give --train FILE with --train-text-cols (the fields holding its text)',
    '需要微调语料：请用 --train FILE 并以 --train-text-cols 指定（存放其文本的字段）',
  ),
  /** Skipped: the evaluation items have no text. */
  noItemText: phrase(
    "needs the evaluation items' text: a text column (give --text-col) or checkOptions.contamination.itemCols",
    '需要评估条目的文本：文本列（请用 --text-col 指定）或 checkOptions.contamination.itemCols',
  ),
};
