/** What the comparison tells the remedies: the verdict with its interval, and what more runs would detect. */
import type { CheckRemedies } from '../types.js';
import { generic, isObj, num } from '../support/evidence.js';

const points = (x: number) => `${x >= 0 ? '+' : '-'}${Math.abs(x * 100).toFixed(1)}`;

export const remedies: CheckRemedies = {
  evidence({ findings: own, lang }) {
    return own
      .flatMap((finding) => {
        const m = finding.metrics;
        const difference = num(m, 'difference');
        const mde = num(m, 'minimumDetectable');
        const interval = Array.isArray(m.interval) ? (m.interval as number[]) : null;
        if (!finding.id.startsWith('comparison/no-detectable-difference') || difference === null || mde === null || !interval) return generic(finding, lang);
        const more = isObj(m.withMoreRuns) ? m.withMoreRuns : null;
        const runs = num(more, 'runsPerSide');
        const moreMde = num(more, 'minimumDetectable');
        if (lang === 'zh') {
          return [
            `候选模型与基线没有可检测的差异（${points(difference)} 个百分点，区间 [${points(interval[0])}, ${points(interval[1])}]）：这次评估能检测到 ${(mde * 100).toFixed(1)} 个百分点的差异${runs !== null && moreMde !== null ? `，每侧 ${runs} 次运行时为 ${(moreMde * 100).toFixed(1)} 个百分点` : ''}。`,
          ];
        }
        return [
          `No difference detectable between the candidate and the baseline (${points(difference)} points, interval [${points(interval[0])}, ${points(interval[1])}]): this evaluation detects ${(mde * 100).toFixed(1)} points${runs !== null && moreMde !== null ? `; ${runs} runs per side would detect ${(moreMde * 100).toFixed(1)} points` : ''}.`,
        ];
      })
      .slice(0, 3);
  },
};
