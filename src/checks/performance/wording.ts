/** The performance check's gain method, in English and Chinese (its findings' wording is in findings.ts). */
import { words } from '../support/bilingual.js';

export const wording = {
  priorCorrectionMethod: words(
    (runs: number | null, folds: number, rows: number | null) =>
      `one weight per class on ${runs !== null && runs > 1 ? `each of your ${runs} runs'` : "your model's"} probabilities, fitted on ${folds - 1} of ${folds} folds of the ${rows ?? ''} evaluation rows and measured on the fold left out; paired bootstrap over rows and runs`,
    (runs, folds, rows) =>
      `对${runs !== null && runs > 1 ? `你的 ${runs} 次运行各自的` : '你的模型的'}概率每个类别乘一个权重,在 ${rows ?? ''} 个评估行的 ${folds} 折中的 ${folds - 1} 折上拟合、在留出的一折上测量;对行和运行做配对自助法`,
  ),
};
