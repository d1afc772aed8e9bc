/** The wording of seed-instability's findings, in English and Chinese, from their arguments. */
import { z } from 'zod';
import { finding } from '../types.js';
import { m } from '../support/metrics-schema.js';
import { higherLower, pValueText, points, pct, runName as name } from '../support/format.js';

export type RunKind = 'seed' | 'run';

/** `logreg: ` before a title when the runs are one model's among several. */
const forModel = (model: string | null, title: string) => (model === null ? title : `${name(model)}: ${title}`);
const forModelZh = (model: string | null, title: string) => (model === null ? title : `${name(model)}：${title}`);

const signedPoints = (x: number, digits = 1) => `${x >= 0 ? '+' : '-'}${Math.abs(x * 100).toFixed(digits)}`;

export interface ChurnArgs {
  /** The model whose runs these are, when runs of several models were given (each model is its own seed population). */
  model: string | null;
  /** `seed` when the runs are retrainings with another seed, `run` when they may differ only by sampling (an LLM evaluation). */
  runKind: RunKind;
  meanPairwise: number;
  maxPairwise: number;
  meanErrorRate: number;
  /** Churn over the error rate; null when the runs make no error but still disagree (unbounded). */
  churnToErrorRatio: number | null;
  unstableRows: number;
  unstableShare: number;
  ensembleGain: number | null;
  ensembleAccuracy: number | null;
  maxPair: [string, string];
  commonRows: number;
  runs: number;
  scoring: 'labels' | 'scores';
}

export interface AccuracySpreadArgs {
  /** The model whose runs these are, when runs of several models were given (each model is its own seed population). */
  model: string | null;
  /** `seed` when the runs are retrainings with another seed, `run` when they may differ only by sampling (an LLM evaluation). */
  runKind: RunKind;
  range: number;
  min: number;
  max: number;
  mean: number;
  std: number;
  ci95: [number, number];
  test: 'cochran-q' | 'friedman';
  statistic: number;
  df: number;
  pValue: number;
  alpha: number;
  significant: boolean;
  worstRun: string;
  bestRun: string;
  commonRows: number;
  runs: number;
  resamples: number;
}

export interface FailedRunsArgs {
  /** The model whose runs these are, when runs of several models were given (each model is its own seed population). */
  model: string | null;
  /** `seed` when the runs are retrainings with another seed, `run` when they may differ only by sampling (an LLM evaluation). */
  runKind: RunKind;
  failedRuns: string[];
  majorityBaseline: number;
  failedAccuracies: number[];
  meanWithoutFailed: number | null;
  meanAccuracy: number;
  majorityClass: string;
  runs: number;
}

export interface EnsembleGainArgs {
  /** The model whose runs these are, when runs of several models were given (each model is its own seed population). */
  model: string | null;
  /** `seed` when the runs are retrainings with another seed, `run` when they may differ only by sampling (an LLM evaluation). */
  runKind: RunKind;
  ensembleAccuracy: number;
  meanAccuracy: number;
  gainOverMean: number;
  gainOverBest: number;
  runs: number;
  method: 'mean-probabilities' | 'majority-vote';
  commonRows: number;
  bestRun: string;
  bestAccuracy: number;
}

export interface PartialCoverageArgs {
  /** The model whose runs these are, when runs of several models were given (each model is its own seed population). */
  model: string | null;
  /** `seed` when the runs are retrainings with another seed, `run` when they may differ only by sampling (an LLM evaluation). */
  runKind: RunKind;
  unionRows: number;
  sharedRows: number;
  commonRows: number;
  leftOut: number;
  missingPerRun: { run: string; missing: number }[];
}

/** What the remedies read back of each finding: every finding says whether its runs are seeds or repeats of an evaluation. */
const readBack = <S extends z.ZodRawShape>(shape: S) => z.object({ runKind: m.oneOf(['seed', 'run']), ...shape });

export const findings = {
  churn: finding({
    args: readBack({ meanPairwise: m.number(), unstableRows: m.number(), unstableShare: m.number(), meanErrorRate: m.number() }),
    en: (a: ChurnArgs) => {
      const labels = a.scoring === 'labels';
      const what = labels ? 'disagree on the predicted class of' : 'differ in correctness on';
      const remedy =
        a.ensembleAccuracy !== null && a.ensembleGain !== null
          ? ` Serving the average of the ${a.runs} runs gives one prediction per example that depends much less on any single ${a.runKind === 'seed' ? 'seed' : 'run'}, at ${pct(a.ensembleAccuracy)} accuracy (${signedPoints(a.ensembleGain)} points over the mean run); distilling it into one model keeps most of that stability at single-model cost (Bhojanapalli et al. 2021).`
          : '';
      return {
        title: forModel(a.model, `Predictions flip across ${a.runKind}s: ${pct(a.unstableShare)} of rows`),
        summary:
          `Two runs ${what} ${pct(a.meanPairwise, 2)} of the ${a.commonRows} shared examples on average (up to ${pct(a.maxPairwise, 2)}, between ${name(a.maxPair[0])} and ${name(a.maxPair[1])}), ` +
          `against a mean error rate of ${pct(a.meanErrorRate, 2)}: ${a.runKind === 'seed' ? 'retraining with another seed' : 'running the evaluation again'} changes ${((a.churnToErrorRatio ?? Infinity) * 100).toFixed(0)} ${labels ? 'predictions' : 'outcomes'} for every 100 it gets wrong. ` +
          `${a.unstableRows} examples (${pct(a.unstableShare)}) do not get the same ${labels ? 'prediction' : 'score'} in every run.` +
          remedy,
      };
    },
    zh: (a) => {
      const labels = a.scoring === 'labels';
      const remedy =
        a.ensembleAccuracy !== null && a.ensembleGain !== null
          ? `以 ${a.runs} 次运行的平均作为预测，每个样本的预测受${a.runKind === 'seed' ? '单个随机种子' : '单次运行'}的影响小得多，准确率为 ${pct(a.ensembleAccuracy)}（比单次运行的平均值${higherLower(a.ensembleGain)}）；` +
            `把它蒸馏成单个模型，能以单模型的成本保留大部分稳定性（Bhojanapalli et al. 2021）。`
          : '';
      return {
        title: forModelZh(a.model, `不同${a.runKind === 'seed' ? '随机种子' : '运行'}的预测不一致：${pct(a.unstableShare)} 的行`),
        summary:
          `在 ${a.commonRows} 个共同样本上，任意两次运行平均有 ${pct(a.meanPairwise, 2)} 的样本${labels ? '预测类别不同' : '正确与否不同'}` +
          `（最多 ${pct(a.maxPairwise, 2)}，在 ${name(a.maxPair[0])} 与 ${name(a.maxPair[1])} 之间），而平均错误率为 ${pct(a.meanErrorRate, 2)}：` +
          `${a.runKind === 'seed' ? '换一个随机种子重新训练' : '重新运行一次评估'}，每错 100 个预测就会改变 ${((a.churnToErrorRatio ?? Infinity) * 100).toFixed(0)} 个预测。` +
          `有 ${a.unstableRows} 个样本（${pct(a.unstableShare)}）在各次运行中的${labels ? '预测' : '得分'}不完全相同。` +
          remedy,
      };
    },
  }),
  'accuracy-spread': finding({
    args: readBack({ min: m.number(), max: m.number(), pValue: m.number(), ci95: m.pair(), significant: m.boolean() }),
    en: (a: AccuracySpreadArgs) => {
      const n = a.commonRows;
      const testName = a.test === 'cochran-q' ? "Cochran's Q" : "Friedman's chi-square";
      const halfWidth = 1.96 * Math.sqrt((a.mean * (1 - a.mean)) / n);
      const verdict = a.significant
        ? `${testName} = ${a.statistic.toFixed(2)} (df ${a.df}), ${pValueText(a.pValue)}: the runs differ by more than sampling noise on ${n} examples explains.` +
          ` A single run's score misstates the model by up to ${points(Math.max(a.max - a.mean, a.mean - a.min))} points; reporting the mean of the ${a.runs} runs with its interval removes that ${a.runKind === 'seed' ? 'seed' : 'run-to-run'} luck, and picking the best ${a.runKind} on this set would overstate new-data accuracy by about ${points(a.max - a.mean)} points.`
        : `${testName} = ${a.statistic.toFixed(2)} (df ${a.df}), ${pValueText(a.pValue)}: on ${n} examples this spread is within sampling noise (a single run's 95% interval is about ±${points(halfWidth)} points), so differences between ${a.runKind}s cannot be told apart here; a larger evaluation set is needed before acting on ${a.runKind} differences.`;
      return {
        title: forModel(a.model, `${a.runKind === 'seed' ? 'Seed' : 'Run'} accuracy range: ${points(a.range)} points`),
        summary:
          `Accuracy ranges from ${pct(a.min)} (${name(a.worstRun)}) to ${pct(a.max)} (${name(a.bestRun)}): mean ${pct(a.mean)}, standard deviation ${points(a.std, 2)} points, ` +
          `95% bootstrap interval of the mean [${pct(a.ci95[0])}, ${pct(a.ci95[1])}] (${a.resamples} resamples over examples and runs). ` +
          verdict,
      };
    },
    zh: (a) => {
      const n = a.commonRows;
      const testName = a.test === 'cochran-q' ? 'Cochran Q 检验' : 'Friedman 卡方检验';
      const statistic = `${testName}统计量 = ${a.statistic.toFixed(2)}（自由度 ${a.df}），${pValueText(a.pValue)}`;
      const verdict = a.significant
        ? `${statistic}：各次运行之间的差异超出了 ${n} 个样本上抽样噪声所能解释的范围。` +
          `单次运行的分数与模型的真实水平最多相差 ${points(Math.max(a.max - a.mean, a.mean - a.min))} 个百分点；报告 ${a.runs} 次运行的平均值及其置信区间可消除这种${a.runKind === 'seed' ? '种子' : '运行间的'}运气，` +
          `而在这个数据集上挑选最好的${a.runKind === 'seed' ? '种子' : '运行'}，会把新数据上的准确率高估约 ${points(a.max - a.mean)} 个百分点。`
        : `${statistic}：在 ${n} 个样本上，这一差异仍在抽样噪声之内（单次运行的 95% 置信区间约为 ±${points(1.96 * Math.sqrt((a.mean * (1 - a.mean)) / n))} 个百分点），` +
          `因此这里无法分辨各${a.runKind === 'seed' ? '随机种子' : '次运行'}的优劣；要依据${a.runKind === 'seed' ? '种子' : '运行'}间的差异采取行动，需要更大的评估集。`;
      return {
        title: forModelZh(a.model, `不同${a.runKind === 'seed' ? '随机种子' : '运行'}的准确率极差：${points(a.range)} 个百分点`),
        summary:
          `准确率从 ${pct(a.min)}（${name(a.worstRun)}）到 ${pct(a.max)}（${name(a.bestRun)}）不等：平均 ${pct(a.mean)}，标准差 ${points(a.std, 2)} 个百分点，` +
          `均值的 95% bootstrap 置信区间为 [${pct(a.ci95[0])}, ${pct(a.ci95[1])}]（对样本和运行做 ${a.resamples} 次重采样）。` +
          verdict,
      };
    },
  }),
  'failed-runs': finding({
    args: readBack({ failedRuns: m.array(z.unknown()), majorityBaseline: m.number() }),
    en: (a: FailedRunsArgs) => {
      const failed = a.failedRuns.length;
      if (a.runKind === 'run') {
        // Repeats of one evaluation: nothing was trained between them, so a collapse is the evaluation's, not the optimisation's.
        const without =
          a.meanWithoutFailed !== null
            ? ` Without ${failed === 1 ? 'it' : 'them'} the mean accuracy is ${pct(a.meanWithoutFailed)} instead of ${pct(a.meanAccuracy)} (${signedPoints(a.meanWithoutFailed - a.meanAccuracy)} points).`
            : '';
        return {
          title: forModel(a.model, `${failed} of ${a.runs} repeats of the evaluation score at the majority-answer level`),
          summary:
            `${failed} of ${a.runs} repeats of the same evaluation (${a.failedRuns.map(name).join(', ')}) reach no more than the ${pct(a.majorityBaseline)} accuracy of always answering ${name(a.majorityClass)} (worst: ${pct(Math.min(...a.failedAccuracies))}).` +
            without +
            ' Nothing was retrained between repeats, so the model did not fail: look at the evaluation itself (requests that errored or were cut short, an answer the filter could not extract, a changed prompt) before reading these scores.',
        };
      }
      const fix =
        a.meanWithoutFailed !== null
          ? ` Without ${failed === 1 ? 'it' : 'them'} the mean accuracy is ${pct(a.meanWithoutFailed)} instead of ${pct(a.meanAccuracy)} (${signedPoints(a.meanWithoutFailed - a.meanAccuracy)} points). Such collapses usually come from the optimisation (learning rate, warm-up, too few steps; Mosbach et al. 2021), so re-running them with a fixed recipe recovers those points.`
          : ' Every run failed: the model has learned nothing beyond the class prior; check the labels, the learning rate and the training length.';
      return {
        title: forModel(a.model, `${failed} of ${a.runs} runs failed`),
        summary:
          `${failed} of ${a.runs} runs (${a.failedRuns.map(name).join(', ')}) reach no more than the ${pct(a.majorityBaseline)} accuracy of always predicting the majority class ${name(a.majorityClass)} (worst: ${pct(Math.min(...a.failedAccuracies))}).` +
          fix,
      };
    },
    zh: (a) => {
      const failed = a.failedRuns;
      if (a.runKind === 'run') {
        const without =
          a.meanWithoutFailed !== null
            ? `去掉${failed.length === 1 ? '这次重复' : '这些重复'}后，平均准确率为 ${pct(a.meanWithoutFailed)}，而不是 ${pct(a.meanAccuracy)}（${higherLower(a.meanWithoutFailed - a.meanAccuracy)}）。`
            : '';
        return {
          title: forModelZh(a.model, `同一评估的 ${a.runs} 次重复中有 ${failed.length} 次只达到始终给出多数答案的水平`),
          summary:
            `同一评估的 ${a.runs} 次重复中有 ${failed.length} 次（${failed.map(name).join('、')}）的准确率不高于始终回答 ${name(a.majorityClass)} 的 ${pct(a.majorityBaseline)}（最差：${pct(Math.min(...a.failedAccuracies))}）。` +
            without +
            '各次重复之间没有重新训练，所以失败的不是模型：在采信这些分数之前，请先检查评估本身（出错或被截断的请求、过滤器未能提取的答案、被改动的提示词）。',
        };
      }
      const fix =
        a.meanWithoutFailed !== null
          ? `去掉${failed.length === 1 ? '这次运行' : '这些运行'}后，平均准确率为 ${pct(a.meanWithoutFailed)}，而不是 ${pct(a.meanAccuracy)}（${higherLower(a.meanWithoutFailed - a.meanAccuracy)}）。` +
            `这类崩溃通常源于优化过程（学习率、预热、训练步数太少；Mosbach et al. 2021），用修正后的训练配置重新运行即可找回这些百分点。`
          : '所有运行都失败了：模型没有学到类别先验之外的任何东西；请检查标签、学习率和训练时长。';
      return {
        title: forModelZh(a.model, `${a.runs} 次运行中有 ${failed.length} 次失败`),
        summary:
          `${a.runs} 次运行中有 ${failed.length} 次（${failed.map(name).join('、')}）的准确率不高于始终预测多数类 ${name(a.majorityClass)} 的 ${pct(a.majorityBaseline)}` +
          `（最差：${pct(Math.min(...a.failedAccuracies))}）。` +
          fix,
      };
    },
  }),
  'ensemble-gain': finding({
    args: readBack({ gainOverMean: m.number(), ensembleAccuracy: m.number() }),
    en: (a: EnsembleGainArgs) => {
      const how = a.method === 'mean-probabilities' ? "averaging the runs' probabilities" : 'a majority vote of the runs';
      return {
        // Below the best run, the headline says so: the gain is over the mean run only.
        title: forModel(
          a.model,
          a.gainOverBest < 0
            ? `Ensembling the runs gains ${signedPoints(a.gainOverMean)} points over the mean run, but stays below the best run`
            : `Ensembling the runs gains ${signedPoints(a.gainOverMean)} points`,
        ),
        summary:
          `On the ${a.commonRows} shared examples, ${how} gives ${pct(a.ensembleAccuracy)} accuracy: ${signedPoints(a.gainOverMean)} points over the mean single run (${pct(a.meanAccuracy)}) ` +
          `and ${signedPoints(a.gainOverBest)} over the best run (${name(a.bestRun)}, ${pct(a.bestAccuracy)}). ` +
          `Serving the ensemble buys those points at ${a.runs} times the inference cost; distilling it into one model keeps part of the gain at single-model cost.`,
      };
    },
    zh: (a) => {
      const how = a.method === 'mean-probabilities' ? '对各次运行的概率取平均' : '对各次运行做多数投票';
      return {
        title: forModelZh(
          a.model,
          a.gainOverBest < 0
            ? `集成各次运行比单次运行的平均值提高 ${points(a.gainOverMean)} 个百分点，但仍不及最好的运行`
            : `集成各次运行可将准确率提高 ${points(a.gainOverMean)} 个百分点`,
        ),
        summary:
          `在 ${a.commonRows} 个共同样本上，${how}得到的准确率为 ${pct(a.ensembleAccuracy)}：比单次运行的平均值（${pct(a.meanAccuracy)}）${higherLower(a.gainOverMean)}，` +
          `比最好的运行（${name(a.bestRun)}，${pct(a.bestAccuracy)}）${higherLower(a.gainOverBest)}。` +
          `部署集成模型能得到这些提升，代价是 ${a.runs} 倍的推理成本；把它蒸馏成单个模型，能以单模型的成本保留部分提升。`,
      };
    },
  }),
  'partial-coverage': finding({
    args: readBack({ leftOut: m.number(), unionRows: m.number() }),
    en: (a: PartialCoverageArgs) => ({
      title: forModel(a.model, `${a.leftOut} rows missing from some runs`),
      summary:
        `${a.missingPerRun
          .slice(0, 5)
          .map((entry) => `${name(entry.run)} lacks ${entry.missing}`)
          .join(', ')}${a.missingPerRun.length > 5 ? ', ...' : ''} of the ${a.unionRows} examples some run covers; ` +
        `the runs are compared on the ${a.sharedRows} examples all of them cover (${a.commonRows} usable). Re-running the evaluation of the incomplete runs on the full set makes the comparison use all ${a.unionRows}.`,
    }),
    zh: (a) => ({
      title: forModelZh(a.model, `${a.leftOut} 行在部分运行中缺失`),
      summary:
        `在至少一次运行覆盖的 ${a.unionRows} 个样本中，${a.missingPerRun
          .slice(0, 5)
          .map((entry) => `${name(entry.run)} 缺少 ${entry.missing} 个`)
          .join('，')}${a.missingPerRun.length > 5 ? ' 等' : ''}；` +
        `各次运行只在全部运行都覆盖的 ${a.sharedRows} 个样本上比较（其中 ${a.commonRows} 个可用）。在完整的数据上重新评估这些不完整的运行，比较就能用上全部 ${a.unionRows} 个样本。`,
    }),
  }),
};
