/** Seed-instability's remedy evidence and gain methods, in English and Chinese. */
import { gainText, pct, pValue } from '../support/evidence.js';
import { phrase, words, type Phrase } from '../support/bilingual.js';

export const wording = {
  /** `k` is the number of runs followed by a space, or empty. */
  ensemble: words(
    (k: string, ensembleAccuracy: number, gain: number, mean: number | null) =>
      `The ensemble of the ${k}runs reaches ${pct(ensembleAccuracy)} accuracy, ${gainText(gain, 'en')} the mean single run${mean !== null ? ` (${pct(mean)})` : ''}.`,
    (k, ensembleAccuracy, gain, mean) =>
      `${k}次运行的集成准确率为 ${pct(ensembleAccuracy)},比单次运行的平均值${mean !== null ? `(${pct(mean)})` : ''}${gainText(gain, 'zh')}。`,
  ),
  churn: words(
    (churn: number, error: number | null, unstable: number | null, share: number | null) =>
      `Two runs disagree on ${pct(churn)} of examples on average${error !== null ? ` (mean error rate ${pct(error)})` : ''}${unstable !== null ? `; ${unstable} examples${share !== null ? ` (${pct(share)})` : ''} change prediction across runs` : ''}.`,
    (churn, error, unstable, share) =>
      `任意两次运行平均在 ${pct(churn)} 的样本上预测不一致${error !== null ? `(平均错误率 ${pct(error)})` : ''}${unstable !== null ? `;${unstable} 个样本${share !== null ? `(${pct(share)})` : ''}在不同运行间预测发生变化` : ''}。`,
  ),
  accuracySpread: words(
    (runs: number | null, min: number, max: number, ci: [number, number] | null, p: number | null) =>
      `Accuracy ranges from ${pct(min)} to ${pct(max)} across ${runs ?? 'the'} runs${ci ? `; 95% interval of the mean [${pct(ci[0])}, ${pct(ci[1])}]` : ''}${p !== null ? `; spread test ${pValue('p', p)}` : ''}.`,
    (runs, min, max, ci, p) =>
      `${runs !== null ? `${runs} ` : ''}次运行的准确率在 ${pct(min)} 到 ${pct(max)} 之间${ci ? `;均值的 95% 区间为 [${pct(ci[0])}, ${pct(ci[1])}]` : ''}${p !== null ? `;波动检验 ${pValue('p', p)}` : ''}。`,
  ),
  failedRuns: words(
    (failed: number, runs: number | null, baseline: number | null) =>
      `${failed} of ${runs ?? '?'} runs are no better than always predicting the majority class${baseline !== null ? ` (${pct(baseline)})` : ''}.`,
    (failed, runs, baseline) => `${runs ?? '?'} 次运行中有 ${failed} 次不优于始终预测多数类${baseline !== null ? `(${pct(baseline)})` : ''}。`,
  ),
  ensembleGain: words(
    (acc: number, g: number) => `The ensemble of the runs reaches ${pct(acc)} accuracy, ${gainText(g, 'en')} the mean single run.`,
    (acc, g) => `多次运行的集成准确率为 ${pct(acc)},比单次运行的平均值${gainText(g, 'zh')}。`,
  ),
  partialCoverage: words(
    (left: number, union: number | null) => `The runs cover different examples: ${left}${union !== null ? ` of ${union}` : ''} are left out of the comparison.`,
    (left, union) => `各次运行覆盖的样本不同:${union !== null ? `${union} 个样本中有 ` : ''}${left} 个未参与比较。`,
  ),
  /** `k` and `n`: the runs and the rows, each followed by a space, or empty. */
  distillMethod: words(
    (k: string, n: string) => `what the ensemble of the ${k}runs gains on the ${n}evaluation rows; a distilled student keeps at most that`,
    (k, n) => `${k}次运行的集成在 ${n}个评估行上的收益;蒸馏得到的学生模型最多保留这么多`,
  ),
  ensembleMethod: words(
    (k: string, n: string) => `the ensemble of your ${k}runs against the mean single run on the ${n}evaluation rows, paired bootstrap over rows and runs`,
    (k, n) => `你的 ${k}次运行的集成与单次运行平均值在 ${n}个评估行上的对比,对行和运行做配对自助法`,
  ),
};

/** The chart text of seed-instability/charts.ts, in English and Chinese. */
export const chartText = {
  meanScore: phrase('mean score', '平均得分'),
  accuracy: phrase('accuracy', '准确率'),
  run: phrase('run', '运行'),
  ensemble: phrase('ensemble', '集成'),
  perRunWith95: words(
    (scoreWord: string) => `${scoreWord[0].toUpperCase()}${scoreWord.slice(1)} per run with 95% bootstrap intervals`,
    (scoreWord) => `各次运行的${scoreWord}及 95% 自助法区间`,
  ),
  /** `ci`: the 95% interval of the mean, `ensemble`: the ensemble's accuracy, each formatted or null. */
  runsFromToMean: words(
    (runs: Phrase, min: Phrase, max: Phrase, mean: Phrase, ci: [string, string] | null, ensemble: string | null) =>
      `${runs} runs from ${min} to ${max} (mean ${mean}${ci ? `, 95% interval over examples and runs ${ci[0]}–${ci[1]}` : ''}); each run's line is a bootstrap over its examples; the dashed line is the mean${ensemble !== null ? `; the ensemble reaches ${ensemble}` : ''}.`,
    (runs, min, max, mean, ci, ensemble) =>
      `${runs} 次运行从 ${min} 到 ${max}（平均 ${mean}${ci ? `，对样本和运行的 95% 区间 ${ci[0]}–${ci[1]}` : ''}）；每次运行的线段是对其样本的自助法区间；虚线为平均值${ensemble !== null ? `；集成达到 ${ensemble}` : ''}。`,
  ),
  churnBetweenEachPair: phrase('Churn between each pair of runs', '每对运行之间的预测翻转率（churn）'),
  /** `maxPair`: the two runs (quoted) that disagree most, or null. */
  theShareOfExamples: words(
    (runs: Phrase, mean: Phrase, max: Phrase, maxPair: string[] | null) =>
      `The share of examples on which two runs disagree, for every pair of ${runs} runs: mean ${mean}, largest ${max}${maxPair ? ` (runs ${maxPair.join(' and ')})` : ''}.`,
    (runs, mean, max, maxPair) => `${runs} 次运行两两之间预测不一致的样本比例：平均 ${mean}，最大 ${max}${maxPair ? `（运行 ${maxPair.join(' 与 ')}）` : ''}。`,
  ),
};
