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
};
