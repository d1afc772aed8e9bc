/** The calibration check's remedy evidence and gain method, in English and Chinese (numbers already formatted). */
import { phrase, words, type Phrase } from './support/bilingual.js';

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

/** The chart text of calibration.charts.ts, in English and Chinese. */
export const chartText = {
  ensemble: phrase('ensemble', '集成'),
  reliabilityDiagramAccuracyAgainst: phrase('Reliability diagram: accuracy against confidence per bin', '可靠性图：各分箱的准确率与置信度'),
  eachPointIsA: words(
    (points: Phrase, series: Phrase, ece: Phrase) =>
      `Each point is a confidence bin with at least one example (${points} in all, over ${series} series), at its mean confidence and its accuracy, sized by its count; the dashed diagonal is perfect calibration. Mean expected calibration error over the runs: ${ece}.`,
    (points, series, ece) =>
      `每个点是一个至少含一个样本的置信度分箱（共 ${points} 个，${series} 组），位于其平均置信度和准确率处，大小表示样本数；虚线对角线为完美校准。各次运行的平均期望校准误差：${ece}。`,
  ),
  meanConfidence: phrase('mean confidence', '平均置信度'),
  accuracy: phrase('accuracy', '准确率'),
  run: phrase('run', '运行'),
  examples: phrase('examples', '样本数'),
  theEnsemble: phrase('the ensemble', '集成'),
  examplesPerConfidenceBin: words(
    (of: Phrase) => `Examples per confidence bin (${of})`,
    (of) => `各置信度分箱的样本数（${of}）`,
  ),
  binsOfConfidenceHolding: words(
    (counted: Phrase, total: Phrase, fullest: Phrase, fullestCount: Phrase, fullestShare: Phrase) =>
      `${counted} bins of confidence holding ${total} examples; the fullest, ${fullest}, holds ${fullestCount} (${fullestShare}). Bins with few examples make their accuracy uncertain.`,
    (counted, total, fullest, fullestCount, fullestShare) =>
      `${counted} 个置信度分箱，共 ${total} 个样本；最多的分箱 ${fullest} 含 ${fullestCount} 个（${fullestShare}）。样本少的分箱准确率不确定。`,
  ),
  confidenceBin: phrase('confidence bin', '置信度分箱'),
};
