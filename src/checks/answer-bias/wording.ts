/** The answer-bias check's gain method, in English and Chinese (its findings' wording is in findings.ts). */
import { words } from '../support/bilingual.js';

export const wording = {
  /** `which` names the biased run when there is one. */
  answerPriorMethod: words(
    (runs: number, which: string, folds: number, rows: number | null) =>
      `one weight per answer on the probabilities of ${runs > 1 ? `each of the ${runs} biased runs` : `the biased run "${which}"`}, fitted on ${folds - 1} of ${folds} folds of its ${rows ?? ''} rows and measured on the fold left out; paired bootstrap over rows${runs > 1 ? ' and runs' : ''}`,
    (runs, which, folds, rows) =>
      `对${runs > 1 ? `${runs} 次有偏差的运行各自的` : `有偏差的运行 ${which} 的`}概率每个答案乘一个权重，在其 ${rows ?? ''} 行的 ${folds} 折中的 ${folds - 1} 折上拟合、在留出的一折上测量；对行${runs > 1 ? '和运行' : ''}做配对自助法`,
  ),
  /** Skipped: not multiple choice (`task` is the detected task, or null). */
  notMultipleChoice: words(
    (task: string | null) =>
      `applies to prompted multiple-choice answers (task llm, or classes that are choice letters): the task is ${task ?? 'not detected'} and the classes are not letters; give --task llm`,
    (task) => `适用于提示式多项选择答案（任务为 llm，或类别是选项字母）：任务为 ${task ?? '未检测到'}，类别也不是字母；请给出 --task llm`,
  ),
  tooManyAnswers: words(
    (k: number, max: number) => `${k} classes: more than ${max} answers is not multiple choice`,
    (k, max) => `${k} 个类别：超过 ${max} 个答案不是多项选择`,
  ),
  noJudgedRun: words(
    (minRows: number) => `no run has predicted answers on ${minRows} or more rows with a gold answer`,
    (minRows) => `没有一次运行在 ${minRows} 个或更多带参考答案的行上给出预测答案`,
  ),
};
