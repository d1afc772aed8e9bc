/** The wording of the answer-bias check's findings, in English and Chinese, from their arguments. */
import { z } from 'zod';
import { finding } from '../types.js';
import { m, ofKnown } from '../support/metrics-schema.js';
import { sanitizeInline } from '../../core/sanitize.js';
import { pct, pValueText, runName } from '../support/format.js';

const quoted = (name: string) => `"${sanitizeInline(name)}"`;
const signed = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}`;

/** Accuracy of a run before and after a correction of its answer prior, measured on the same rows. */
export interface CorrectionArgs {
  accuracyBefore: number;
  accuracyAfter: number;
  /** accuracyAfter - accuracyBefore, with its 95% paired-bootstrap interval. */
  gain: number;
  gainInterval: [number, number];
}

export interface SkewArgs {
  run: string;
  /** Rows with a gold answer and a prediction of this run. */
  rows: number;
  /** The answer over-predicted most (largest predicted share minus gold share). */
  answer: string;
  predicted: number;
  predictedShare: number;
  gold: number;
  goldShare: number;
  /** Rows predicted as `answer` whose gold answer is another, and rows of gold `answer` predicted as another; exact McNemar p-value. */
  overPredicted: number;
  underPredicted: number;
  answerPValue: number;
  /** Stuart-Maxwell test of the predicted against the gold answers (all answers), and its p-value adjusted (Holm) over the runs judged. */
  statistic: number;
  df: number;
  pValue: number;
  pAdjusted: number;
  runs: number;
  /** Cross-fitted prior correction (one weight per answer, fitted on folds - 1 folds, judged on the one left out); null without probabilities. */
  priorCorrection: (CorrectionArgs & { folds: number }) | null;
  /** Batch calibration (probabilities divided by their mean over the rows; no label read); null without probabilities. */
  batchCalibration: CorrectionArgs | null;
}

const helps = (c: CorrectionArgs) => c.gainInterval[0] > 0;
const hurts = (c: CorrectionArgs) => c.gainInterval[1] < 0;

function effectEn(a: SkewArgs): string {
  const p = a.priorCorrection;
  const b = a.batchCalibration;
  if (!p || !b)
    return 'The predictions carry no probabilities, so the effect of correcting the answer prior cannot be measured here; give the per-choice probabilities (or log-likelihoods) to measure it.';
  const verdict = (c: CorrectionArgs) => (helps(c) ? 'raises' : hurts(c) ? 'lowers' : 'changes');
  return (
    `Correcting the answer prior, measured on these rows: one weight per answer, fitted on ${p.folds - 1} of ${p.folds} folds and judged on the fold left out, ${verdict(p)} accuracy from ${pct(p.accuracyBefore)} to ${pct(p.accuracyAfter)} ` +
    `(${signed(p.gain)} points, 95% interval ${signed(p.gainInterval[0])} to ${signed(p.gainInterval[1])}${helps(p) || hurts(p) ? '' : ': not distinguishable from no change'}); ` +
    `dividing the probabilities by their mean over the rows (batch calibration, no label read) ${verdict(b)} it to ${pct(b.accuracyAfter)} ` +
    `(${signed(b.gain)} points, ${signed(b.gainInterval[0])} to ${signed(b.gainInterval[1])}${helps(b) || hurts(b) ? '' : ': not distinguishable from no change'}).`
  );
}

function effectZh(a: SkewArgs): string {
  const p = a.priorCorrection;
  const b = a.batchCalibration;
  if (!p || !b) return '预测中没有概率，因此无法在这里测量校正答案先验的效果；请提供每个选项的概率（或对数似然）以便测量。';
  const verdict = (c: CorrectionArgs) => (helps(c) ? '提高' : hurts(c) ? '降低' : '改变');
  const unclear = (c: CorrectionArgs) => (helps(c) || hurts(c) ? '' : '；与不变无法区分');
  return (
    `在这些行上实测校正答案先验的效果：每个答案一个权重，在 ${p.folds} 折中的 ${p.folds - 1} 折上拟合、在留出的一折上评估，准确率从 ${pct(p.accuracyBefore)} ${verdict(p)}到 ${pct(p.accuracyAfter)}` +
    `（${signed(p.gain)} 个百分点，95% 区间 ${signed(p.gainInterval[0])} 至 ${signed(p.gainInterval[1])}${unclear(p)}）；` +
    `把概率除以它们在各行上的均值（批校准，不读取标签）使准确率${verdict(b)}到 ${pct(b.accuracyAfter)}（${signed(b.gain)} 个百分点，${signed(b.gainInterval[0])} 至 ${signed(b.gainInterval[1])}${unclear(b)}）。`
  );
}

const testEn = (a: SkewArgs) =>
  `Stuart-Maxwell chi-square ${a.statistic.toFixed(1)} with ${a.df} df, ${pValueText(a.pValue)}${a.runs > 1 ? ` (${pValueText(a.pAdjusted).replace('p', 'Holm-adjusted p')} over the ${a.runs} runs)` : ''}`;
const testZh = (a: SkewArgs) =>
  `Stuart-Maxwell 卡方 ${a.statistic.toFixed(1)}，自由度 ${a.df}，${pValueText(a.pValue)}${a.runs > 1 ? `（对 ${a.runs} 次运行做 Holm 校正后 ${pValueText(a.pAdjusted)}）` : ''}`;

export const findings = {
  /** One finding per run whose predicted answers depart from the gold answers: `skew:<run>`. */
  skew: finding({
    args: z.object({ predictedShare: m.number(), goldShare: m.number() }),
    size: (a) => ofKnown([a.predictedShare, a.goldShare], (predicted, gold) => predicted - gold),
    en: (a: SkewArgs) => ({
      title: `Run ${runName(a.run)} answers ${quoted(a.answer)} on ${pct(a.predictedShare)} of rows; ${quoted(a.answer)} is the gold answer on ${pct(a.goldShare)}`,
      summary:
        `Of the ${a.rows} rows, run ${runName(a.run)} predicts ${quoted(a.answer)} for ${a.predicted} (${pct(a.predictedShare)}), where the gold answer is ${quoted(a.answer)} on ${a.gold} (${pct(a.goldShare)}). ` +
        `Its predicted answers depart from the gold answers beyond chance (${testEn(a)}): ${a.overPredicted} rows are predicted ${quoted(a.answer)} with another gold answer, ${a.underPredicted} the other way (exact McNemar ${pValueText(a.answerPValue)}). ` +
        `${effectEn(a)} ` +
        `A prompted model that favours one answer letter or position is biased this way: calibrate its answer prior, shuffle or balance the order of the choices, or balance the answers of the few-shot examples. Temperature scaling cannot fix it: it never changes which answer is predicted.`,
    }),
    zh: (a) => ({
      title: `运行 ${runName(a.run)} 在 ${pct(a.predictedShare)} 的行上回答 ${quoted(a.answer)}，而正确答案为 ${quoted(a.answer)} 的行只占 ${pct(a.goldShare)}`,
      summary:
        `在 ${a.rows} 行中，运行 ${runName(a.run)} 把 ${a.predicted} 行（${pct(a.predictedShare)}）预测为 ${quoted(a.answer)}，而正确答案为 ${quoted(a.answer)} 的有 ${a.gold} 行（${pct(a.goldShare)}）。` +
        `它的预测答案分布与正确答案分布的差异超出了偶然（${testZh(a)}）：${a.overPredicted} 行被预测为 ${quoted(a.answer)} 而正确答案是别的，反过来有 ${a.underPredicted} 行（精确 McNemar 检验 ${pValueText(a.answerPValue)}）。` +
        `${effectZh(a)}` +
        `偏爱某个答案字母或位置的提示模型会出现这种偏差：校准它的答案先验，打乱或平衡选项的顺序，或平衡少样本示例的答案分布。温度缩放无法修正它：它从不改变预测的答案。`,
    }),
  }),
};
