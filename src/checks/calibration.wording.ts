/** The calibration check's remedy evidence and gain method, in English and Chinese (numbers already formatted). */
import { words } from './support/bilingual.js';

export const wording = {
  /** ECE, bins, then the mean confidence and accuracy (both or neither) and the ensemble's ECE, each optional. */
  evidence: words(
    (ece: string, bins: number, confidence: string | null, accuracy: string | null, ensembleEce: string | null) =>
      `Expected calibration error is ${ece} (${bins} bins, mean over runs)${confidence !== null && accuracy !== null ? `: mean confidence ${confidence} against ${accuracy} accuracy` : ''}${ensembleEce !== null ? `; the ensemble's ECE is ${ensembleEce}` : ''}.`,
    (ece, bins, confidence, accuracy, ensembleEce) =>
      `期望校准误差(ECE)为 ${ece}(${bins} 个分箱,各次运行的平均值)${confidence !== null && accuracy !== null ? `:平均置信度 ${confidence},而准确率为 ${accuracy}` : ''}${ensembleEce !== null ? `;集成的 ECE 为 ${ensembleEce}` : ''}。`,
  ),
  /** Temperature scaling's held-out log-loss gain; the ECE before and after, when known. */
  temperatureMethod: words(
    (folds: number, rows: number | null, eceBefore: string | null, eceAfter: string | null) =>
      `temperature scaling fitted on ${folds - 1} of ${folds} folds of the ${rows ?? ''} evaluation rows, log loss measured on the fold left out${eceBefore !== null && eceAfter !== null ? `; ECE ${eceBefore} -> ${eceAfter}` : ''}; accuracy cannot change (the argmax stays)`,
    (folds, rows, eceBefore, eceAfter) =>
      `在 ${rows ?? ''} 个评估行的 ${folds} 折中的 ${folds - 1} 折上拟合温度缩放,在留出的一折上测量对数损失${eceBefore !== null && eceAfter !== null ? `;ECE ${eceBefore} -> ${eceAfter}` : ''};准确率不会变化(argmax 不变)`,
  ),
};
