/** The comparison check's remedy evidence, in English and Chinese. */
import { phrase, words, type Phrase } from '../support/bilingual.js';

const points = (x: number) => `${x >= 0 ? '+' : '-'}${Math.abs(x * 100).toFixed(1)}`;

export const wording = {
  /** No detectable difference: the difference and its interval, what this evaluation detects, and what more runs would (both or neither). */
  noDetectableDifference: words(
    (difference: number, interval: number[], mde: number, runs: number | null, moreMde: number | null) =>
      `No difference detectable between the candidate and the baseline (${points(difference)} points, interval [${points(interval[0])}, ${points(interval[1])}]): this evaluation detects ${(mde * 100).toFixed(1)} points${runs !== null && moreMde !== null ? `; ${runs} runs per side would detect ${(moreMde * 100).toFixed(1)} points` : ''}.`,
    (difference, interval, mde, runs, moreMde) =>
      `候选模型与基线没有可检测的差异（${points(difference)} 个百分点，区间 [${points(interval[0])}, ${points(interval[1])}]）：这次评估能检测到 ${(mde * 100).toFixed(1)} 个百分点的差异${runs !== null && moreMde !== null ? `，每侧 ${runs} 次运行时为 ${(moreMde * 100).toFixed(1)} 个百分点` : ''}。`,
  ),
};

/** The chart text of comparison/charts.ts, in English and Chinese. */
export const chartText = {
  overall: phrase('overall', '总体'),
  class: phrase('class', '类别'),
  slice: phrase('slice', '切片'),
  points: phrase('points', '个百分点'),
  minusTheBaselinePaired: words(
    (candidate: Phrase) => `"${candidate}" minus the baseline: paired difference with 95% intervals`,
    (candidate) => `"${candidate}" 减基线：配对差异及 95% 区间`,
  ),
  overallOnSharedExamples: words(
    (difference: Phrase, ci: [string, string] | null, sharedRows: Phrase, groups: Phrase, below: Phrase) =>
      `Overall ${difference}${ci ? ` (${ci[0]} to ${ci[1]})` : ''} on ${sharedRows} shared examples; ${groups} classes and slices beside it, ${below} with an interval wholly below zero (worse). Right of the dashed zero line the candidate is better.`,
    (difference, ci, sharedRows, groups, below) =>
      `总体 ${difference}${ci ? `（${ci[0]} 至 ${ci[1]}）` : ''}，基于 ${sharedRows} 个共同样本；旁列 ${groups} 个类别与切片，其中 ${below} 个区间完全低于零（更差）。虚线零点右侧表示候选模型更好。`,
  ),
  differenceIn: words(
    (accuracy: Phrase) => `difference in ${accuracy}`,
    (accuracy) => `${accuracy} 差异`,
  ),
  overallClassOrSlice: phrase('overall, class or slice (rows)', '总体、类别或切片（行数）'),
};
