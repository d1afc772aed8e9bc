/** The wording of the performance check's findings, in English and Chinese, from their arguments. */
import { z } from 'zod';
import { m } from '../support/metrics-schema.js';
import { finding } from '../types.js';
import { sanitizeInline } from '../../core/sanitize.js';
import { pct } from '../support/format.js';

const quoted = (name: string) => `"${sanitizeInline(name)}"`;

export interface ClassNeverRightArgs {
  class: string;
  /** Recall of the ensemble (or of the one run). */
  recall: number;
  /** Mean over the runs of each run's recall on the class (null with one run). */
  meanRunRecall: number | null;
  support: number;
  /** Rows of the class predicted right. */
  correct: number;
  precision: number;
  /** The class its rows are most often predicted as, and the share of its rows. */
  mostPredictedAs: string | null;
  mostPredictedShare: number;
  /** Evaluated rows, and the share of them this class is. */
  rows: number;
  supportShare: number;
  runs: number;
}

export interface ConfusedPairArgs {
  class: string;
  predictedAs: string;
  count: number;
  support: number;
  share: number;
  /** The other direction: rows of `predictedAs` predicted as `class`, of its support. */
  reverseCount: number;
  reverseSupport: number;
  rows: number;
  runs: number;
}

export interface PriorShiftArgs {
  /** Mean over runs of the accuracy gained on held-out folds, with its 95% interval. */
  gain: number;
  gainInterval: [number, number];
  accuracyBefore: number;
  accuracyAfter: number;
  balancedAccuracyBefore: number;
  balancedAccuracyAfter: number;
  rows: number;
  runs: number;
  folds: number;
  /** The class the correction up-weights most, with how often the model predicts it and how often it is the label. */
  favoured: { class: string; weight: number; predictedShare: number; labelShare: number };
  /** The weights that move most, fitted on every evaluation row. */
  strongest: { class: string; weight: number }[];
}

const weightList = (a: PriorShiftArgs) => a.strongest.map((w) => `${quoted(w.class)} × ${w.weight.toFixed(2)}`).join(', ');
const signed = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}`;

const by = (runs: number) => (runs > 1 ? `the ensemble of the ${runs} runs` : 'the model');
const byZh = (runs: number) => (runs > 1 ? `${runs} 次运行的集成` : '模型');

export const findings = {
  /** One finding per class: `class-never-right:<class>`. */
  'class-never-right': finding({
    en: (a: ClassNeverRightArgs) => ({
      title: `The model almost never gets class ${quoted(a.class)} right: recall ${pct(a.recall)} of ${a.support} rows`,
      summary:
        `Of the ${a.support} rows labelled ${quoted(a.class)}, ${by(a.runs)} predicts ${quoted(a.class)} for ${a.correct} (recall ${pct(a.recall)}${a.meanRunRecall !== null ? `; ${pct(a.meanRunRecall)} on average over the runs` : ''})` +
        `${a.mostPredictedAs !== null ? `; it predicts ${quoted(a.mostPredictedAs)} for ${pct(a.mostPredictedShare)} of them` : ''}. Its precision is ${pct(a.precision)}. ` +
        `The class is ${pct(a.supportShare)} of the ${a.rows} evaluated rows, the accuracy at stake if it were learned. ` +
        `Usual causes are too few or inconsistent examples of the class, or features that cannot tell it apart; check a sample of its labels, then collect or up-weight examples of it.`,
    }),
    zh: (a) => ({
      title: `模型几乎从不能正确预测类别 ${quoted(a.class)}：召回率为 ${pct(a.recall)}（共 ${a.support} 行）`,
      summary:
        `在标签为 ${quoted(a.class)} 的 ${a.support} 行中，${byZh(a.runs)}只对 ${a.correct} 行预测为 ${quoted(a.class)}（召回率 ${pct(a.recall)}${a.meanRunRecall !== null ? `；各次运行平均为 ${pct(a.meanRunRecall)}` : ''}）` +
        `${a.mostPredictedAs !== null ? `；其中 ${pct(a.mostPredictedShare)} 被预测为 ${quoted(a.mostPredictedAs)}` : ''}。它的精确率为 ${pct(a.precision)}。` +
        `该类别占评估行的 ${pct(a.supportShare)}（共 ${a.rows} 行），即学会它可换回的准确率。` +
        `常见原因是该类别的样本太少或标注不一致，或特征无法把它区分开；请先抽查它的标签，再为它补充样本或提高权重。`,
    }),
  }),
  /** One finding per (true, predicted) pair: `confused-pair:<class>-><predicted>`. */
  'confused-pair': finding({
    en: (a: ConfusedPairArgs) => ({
      title: `Class ${quoted(a.class)} is predicted as ${quoted(a.predictedAs)} for ${pct(a.share)} of its rows`,
      summary:
        `Of the ${a.support} rows labelled ${quoted(a.class)}, ${by(a.runs)} predicts ${quoted(a.predictedAs)} for ${a.count} (${pct(a.share)}); ` +
        `the other way, of the ${a.reverseSupport} rows labelled ${quoted(a.predictedAs)}, ${a.reverseCount} are predicted as ${quoted(a.class)}. ` +
        `Two classes confused this often usually overlap in their definition or their labelling: review a sample of both, sharpen the guideline (or merge them if they cannot be told apart), and add examples near their boundary.`,
    }),
    zh: (a) => ({
      title: `类别 ${quoted(a.class)} 有 ${pct(a.share)} 的行被预测为 ${quoted(a.predictedAs)}`,
      summary:
        `在标签为 ${quoted(a.class)} 的 ${a.support} 行中，${byZh(a.runs)}把 ${a.count} 行（${pct(a.share)}）预测为 ${quoted(a.predictedAs)}；` +
        `反过来，标签为 ${quoted(a.predictedAs)} 的 ${a.reverseSupport} 行中有 ${a.reverseCount} 行被预测为 ${quoted(a.class)}。` +
        `两个类别如此频繁地混淆，通常是它们的定义或标注有重叠：请抽查两类的样本，明确标注规范（若确实无法区分可以合并），并补充靠近两类边界的样本。`,
    }),
  }),
  /** Re-weighting the classes' probabilities raises held-out accuracy: the model is biased toward some classes (a prior unlike the evaluation's, or an answer bias). */
  'prior-shift': finding({
    args: z.object({ gain: m.number() }),
    size: (a) => a.gain,
    en: (a: PriorShiftArgs) => ({
      title: `Re-weighting the classes raises accuracy by ${signed(a.gain)} points on held-out rows`,
      summary:
        `The model predicts ${quoted(a.favoured.class)} for ${pct(a.favoured.predictedShare)} of the ${a.rows} evaluation rows, where ${pct(a.favoured.labelShare)} carry that label. ` +
        `Multiplying ${a.runs > 1 ? `each of the ${a.runs} runs'` : 'its'} probabilities by one weight per class, fitted on ${a.folds - 1} of ${a.folds} folds and judged on the fold left out, ` +
        `raises accuracy from ${pct(a.accuracyBefore)} to ${pct(a.accuracyAfter)} (${signed(a.gain)} points, 95% interval ${signed(a.gainInterval[0])} to ${signed(a.gainInterval[1])}) ` +
        `and balanced accuracy from ${pct(a.balancedAccuracyBefore)} to ${pct(a.balancedAccuracyAfter)}. ` +
        `A model trained on a class mix unlike the evaluation's is biased this way. The weights fitted on all these rows, to apply to the probabilities now (or to retrain with as class weights): ${weightList(a)}.`,
    }),
    zh: (a) => ({
      title: `对各类别重新加权可使留出数据上的准确率提高 ${signed(a.gain)} 个百分点`,
      summary:
        `在 ${a.rows} 个评估行中，模型把 ${pct(a.favoured.predictedShare)} 的行预测为 ${quoted(a.favoured.class)}，而带该标签的行占 ${pct(a.favoured.labelShare)}。` +
        `把${a.runs > 1 ? `${a.runs} 次运行各自的` : '它的'}概率乘以每个类别一个权重（在 ${a.folds} 折中的 ${a.folds - 1} 折上拟合，在留出的一折上评估），` +
        `准确率从 ${pct(a.accuracyBefore)} 升到 ${pct(a.accuracyAfter)}（${signed(a.gain)} 个百分点，95% 区间 ${signed(a.gainInterval[0])} 至 ${signed(a.gainInterval[1])}），` +
        `平衡准确率从 ${pct(a.balancedAccuracyBefore)} 升到 ${pct(a.balancedAccuracyAfter)}。` +
        `在与评估集类别构成不同的数据上训练的模型会有这种偏向。在全部这些行上拟合的权重（现在就可以乘到概率上，或作为类别权重重新训练）：${weightList(a)}。`,
    }),
  }),
};
