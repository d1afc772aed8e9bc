/** The wording of the contamination check's findings, in English and Chinese, from their arguments. */
import { z } from 'zod';
import { m } from '../support/metrics-schema.js';
import { finding } from '../types.js';
import { sanitizeInline } from '../../core/sanitize.js';
import { pct } from '../support/format.js';

const signed = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}`;
const names = (files: string[]) => files.map((file) => `"${sanitizeInline(file).slice(-60)}"`).join(', ');

export interface ItemsInTrainingArgs {
  /** Evaluation items judged (enough tokens), and those with at least `minCoverage` of their n-grams in the corpus. */
  items: number;
  contaminated: number;
  share: number;
  /** Items with any n-gram in the corpus (the GPT-3 report's "dirty"), and with at least 80% (LLaMA 2's "dirty"). */
  anyOverlap: number;
  mostlyCovered: number;
  /** Mean coverage of the contaminated items. */
  meanCoverage: number;
  n: number;
  minCoverage: number;
  /** Rows scanned, and rows that by themselves hold at least `minCoverage` of an item. */
  rowsScanned: number;
  rowsHolding: number;
  files: string[];
  columns: string[];
  /** Accuracy (mean score over the runs) on every judged item and on the clean ones; null without predictions. */
  accuracy: { all: number; clean: number; overstatement: number; interval: [number, number]; runs: number } | null;
}

function accuracyEn(a: ItemsInTrainingArgs): string {
  const acc = a.accuracy;
  if (!acc) return 'Without predictions the effect on the reported accuracy is not measured.';
  return `Accuracy${acc.runs > 1 ? ` (mean over the ${acc.runs} runs)` : ''} is ${pct(acc.all)} on all ${a.items} items and ${pct(acc.clean)} on the ${a.items - a.contaminated} clean ones: the contaminated items ${acc.overstatement >= 0 ? 'overstate' : 'understate'} it by ${(Math.abs(acc.overstatement) * 100).toFixed(1)} points (95% interval ${signed(acc.interval[0])} to ${signed(acc.interval[1])}).`;
}

function accuracyZh(a: ItemsInTrainingArgs): string {
  const acc = a.accuracy;
  if (!acc) return '没有预测，因此未测量对所报告准确率的影响。';
  return `准确率${acc.runs > 1 ? `（${acc.runs} 次运行的平均）` : ''}在全部 ${a.items} 个条目上为 ${pct(acc.all)}，在 ${a.items - a.contaminated} 个干净条目上为 ${pct(acc.clean)}：受污染的条目使它${acc.overstatement >= 0 ? '虚高' : '偏低'} ${(Math.abs(acc.overstatement) * 100).toFixed(1)} 个百分点（95% 区间 ${signed(acc.interval[0])} 至 ${signed(acc.interval[1])}）。`;
}

export const findings = {
  'items-in-training': finding({
    args: z.object({ contaminated: m.number() }),
    size: (a) => a.contaminated,
    en: (a: ItemsInTrainingArgs) => ({
      title: `${a.contaminated} of ${a.items} evaluation items (${pct(a.share)}) are in the fine-tuning data`,
      summary:
        `Of the ${a.items} evaluation items, ${a.contaminated} have at least ${pct(a.minCoverage, 0)} of their ${a.n}-grams (words, or characters for Chinese, after normalisation) in the ${a.rowsScanned} rows of ${names(a.files)} (fields ${a.columns.join(', ')}), ${pct(a.meanCoverage)} on average; ` +
        `${a.anyOverlap} share at least one ${a.n}-gram with it and ${a.mostlyCovered} have 80% or more covered. ${a.rowsHolding} training rows each hold ${pct(a.minCoverage, 0)} or more of an item by themselves, prompt templates around it or not. ` +
        `${accuracyEn(a)} Drop those training rows and fine-tune again, or report the evaluation on the clean items beside the full figure.`,
    }),
    zh: (a) => ({
      title: `${a.items} 个评估条目中有 ${a.contaminated} 个（${pct(a.share)}）出现在微调数据中`,
      summary:
        `在 ${a.items} 个评估条目中，有 ${a.contaminated} 个至少 ${pct(a.minCoverage, 0)} 的 ${a.n}-gram（归一化后的词，中文为字）出现在 ${names(a.files)} 的 ${a.rowsScanned} 行中（字段 ${a.columns.join(', ')}），平均覆盖 ${pct(a.meanCoverage)}；` +
        `${a.anyOverlap} 个与其至少共有一个 ${a.n}-gram，${a.mostlyCovered} 个被覆盖 80% 或以上。有 ${a.rowsHolding} 个训练行各自单独包含某个条目的 ${pct(a.minCoverage, 0)} 或以上，无论外面是否套了提示模板。` +
        `${accuracyZh(a)}删除这些训练行后重新微调，或在完整结果旁报告干净条目上的评估结果。`,
    }),
  }),
};
