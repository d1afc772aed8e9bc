/** The leakage check's remedy evidence, gain method and export reasons, in English and Chinese. */
import { words } from './support/bilingual.js';

/** A split's leaked rows: `"test": 12 of 400` (the name already quoted). */
interface SplitLeak {
  split: string;
  leaked: number;
  total: number;
}

/** One leaked evaluation row as the export lists it. */
export interface LeakedRow {
  /** The evaluation split's name (already cleaned), or null. */
  split: string | null;
  /** The training row it duplicates, as text (`?` when unknown), and its line in the training file. */
  train: string;
  trainLine: number | null;
  fromFile: boolean;
  kind: 'exact' | 'near' | null;
  /** The similarity, formatted, or null. */
  similarity: string | null;
}

const compact = (parts: (string | null)[]) => parts.filter((part): part is string => part !== null);

export const wording = {
  /** `share` is the leaked rows' share of the evaluation rows, in brackets, or empty. */
  evidence: words(
    (leaked: number, share: string, splits: SplitLeak[]) =>
      `${leaked} evaluation rows${share} duplicate training rows${splits.length > 0 ? ` (${splits.map((e) => `${e.split}: ${e.leaked} of ${e.total}`).join('; ')})` : ''}, so the evaluation partly measures memory.`,
    (leaked, share, splits) =>
      `${leaked} 个评估样本${share}与训练样本重复${splits.length > 0 ? `(${splits.map((e) => `${e.split}:${e.total} 行中 ${e.leaked} 行`).join(';')})` : ''},评估结果部分衡量的是记忆。`,
  ),
  overstatementMethod: words(
    (rows: number | null, all: string | null, leaked: number | null, clean: string | null) =>
      `accuracy on all ${rows ?? ''} evaluation rows${all !== null ? ` (${all})` : ''} minus accuracy without the ${leaked ?? ''} leaked ones${clean !== null ? ` (${clean})` : ''}, mean over the runs; bootstrap over rows`,
    (rows, all, leaked, clean) =>
      `全部 ${rows ?? ''} 个评估行上的准确率${all !== null ? `(${all})` : ''}减去去掉 ${leaked ?? ''} 个泄漏行后的准确率${clean !== null ? `(${clean})` : ''},各次运行的平均;对行做自助法`,
  ),
  exportReason: words(
    (r: LeakedRow) => {
      const details = compact([r.kind, r.similarity !== null ? `similarity ${r.similarity}` : null]);
      return `evaluation row${r.split !== null ? ` of the ${r.split} split` : ''} duplicates row ${r.train}${r.trainLine !== null ? `, line ${r.trainLine}` : ''} of the training ${r.fromFile ? 'file' : 'split'}${details.length > 0 ? ` (${details.join(', ')})` : ''}`;
    },
    (r) => {
      const details = compact([r.kind === null ? null : r.kind === 'exact' ? '完全重复' : '近似重复', r.similarity !== null ? `相似度 ${r.similarity}` : null]);
      return `评估样本${r.split !== null ? `(${r.split} 划分)` : ''}与训练${r.fromFile ? '文件' : '集'}的记录 ${r.train}${r.trainLine !== null ? `(文件第 ${r.trainLine} 行)` : ''}重复${details.length > 0 ? `(${details.join(',')})` : ''}`;
    },
  ),
};
