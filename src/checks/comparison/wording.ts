/** The comparison check's remedy evidence, in English and Chinese. */
import { words } from '../support/bilingual.js';

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
