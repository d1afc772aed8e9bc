/** The performance check's gain method, in English and Chinese (its findings' wording is in findings.ts). */
import { phrase, words, type Phrase } from '../support/bilingual.js';

export const wording = {
  priorCorrectionMethod: words(
    (runs: number | null, folds: number, rows: number | null) =>
      `one weight per class on ${runs !== null && runs > 1 ? `each of your ${runs} runs'` : "your model's"} probabilities, fitted on ${folds - 1} of ${folds} folds of the ${rows ?? ''} evaluation rows and measured on the fold left out; paired bootstrap over rows and runs`,
    (runs, folds, rows) =>
      `对${runs !== null && runs > 1 ? `你的 ${runs} 次运行各自的` : '你的模型的'}概率每个类别乘一个权重,在 ${rows ?? ''} 个评估行的 ${folds} 折中的 ${folds - 1} 折上拟合、在留出的一折上测量;对行和运行做配对自助法`,
  ),
};

/** The chart text of performance/charts.ts, in English and Chinese. */
export const chartText = {
  ensembleOfRuns: words(
    (runs: Phrase, method: string) => `ensemble of ${runs} runs, ${method}`,
    (runs, method) => `${runs} 次运行的集成，${method === 'mean of probabilities' ? '概率平均' : method === 'majority vote' ? '多数投票' : method}`,
  ),
  theRun: phrase('the run', '该次运行'),
  confusionMatrixRowNormalised: words(
    (of: Phrase) => `Confusion matrix, row-normalised (${of})`,
    (of) => `混淆矩阵，按行归一化（${of}）`,
  ),
  rowsAreTheTrue: words(
    /** `shown` of the `classes` are drawn (the best-supported). */
    (diagonal: Phrase, total: Phrase, worst: Phrase, recall: Phrase, shown: number, classes: number) =>
      `Rows are the true class, columns the predicted one; each cell is the share of the row's examples (counts in its tooltip). ${diagonal} of ${total} examples lie on the diagonal; the class recalled least is "${worst}" (${recall}).${shown < classes ? ` The ${shown} best-supported of ${classes} classes are shown.` : ''}`,
    (diagonal, total, worst, recall, shown, classes) =>
      `行是真实类别，列是预测类别；每格是该行样本所占比例（计数见提示）。${total} 个样本中 ${diagonal} 个在对角线上；召回最低的类别是 "${worst}"（${recall}）。${shown < classes ? `显示 ${classes} 个类别中样本最多的 ${shown} 个。` : ''}`,
  ),
  predictedClass: phrase('predicted class', '预测类别'),
  trueClass: phrase('true class', '真实类别'),
  shareOfTheRow: phrase('share of the row', '占该行比例'),
  precision: phrase('precision', '精确率'),
  recall: phrase('recall', '召回率'),
  precisionRecallAndF1: words(
    (of: Phrase) => `Precision, recall and F1 per class (${of})`,
    (of) => `各类别的精确率、召回率与 F1（${of}）`,
  ),
  classesTheLowestF1: words(
    (classes: Phrase, className: Phrase, f1: Phrase, support: Phrase) => `${classes} classes; the lowest F1 is "${className}" at ${f1} (support ${support}).`,
    (classes, className, f1, support) => `${classes} 个类别；F1 最低的是 "${className}"，为 ${f1}（样本数 ${support}）。`,
  ),
  metric: phrase('metric', '指标'),
  class: phrase('class', '类别'),
  value: phrase('value', '数值'),
};
