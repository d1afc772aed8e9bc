/** The comparison check's chart: the paired difference, candidate minus baseline, overall and per class and slice, as a forest plot. */
import type { Chart, ChartContext } from '../types.js';
import { forest } from '../support/charts.js';
import { finite, ids, jsonText, objs, pair, say } from '../support/chart-read.js';

/** Groups drawn beside the overall difference: the largest differences first. */
const MAX_GROUPS = 30;

export function comparisonCharts({ metrics, lang }: ChartContext): Chart[] {
  return objs(metrics.comparisons).flatMap((c, index) => {
    if (!finite(c.difference)) return [];
    const ci = pair(c.interval);
    const groups = objs(c.groups)
      .filter((g) => finite(g.difference))
      .sort((a, b) => Math.abs(b.difference as number) - Math.abs(a.difference as number))
      .slice(0, MAX_GROUPS);
    const overallName = say(lang, 'overall', '总体');
    const rows = [
      { name: overallName, value: c.difference, lo: ci ? ci[0] : null, hi: ci ? ci[1] : null, group: overallName },
      ...groups.map((g) => {
        const gi = pair(g.interval);
        return {
          name: `${jsonText(g.key)} (${jsonText(g.rows)})`,
          value: g.difference as number,
          lo: gi ? gi[0] : null,
          hi: gi ? gi[1] : null,
          group: g.kind === 'class' ? say(lang, 'class', '类别') : say(lang, 'slice', '切片'),
        };
      }),
    ];
    const below = groups.filter((g) => pair(g.interval) !== null && (pair(g.interval) as [number, number])[1] < 0);
    const signed = (x: number) => `${x >= 0 ? '+' : '−'}${(Math.abs(x) * 100).toFixed(1)} ${say(lang, 'points', '个百分点')}`;
    const candidate = jsonText(c.candidate);
    return [
      forest(
        {
          id: `comparison-forest${index === 0 ? '' : `-${index + 1}`}`,
          title: say(lang, `"${candidate}" minus the baseline: paired difference with 95% intervals`, `"${candidate}" 减基线：配对差异及 95% 区间`),
          description: say(
            lang,
            `Overall ${signed(c.difference)}${ci ? ` (${signed(ci[0])} to ${signed(ci[1])})` : ''} on ${jsonText(c.sharedRows)} shared examples; ${groups.length} classes and slices beside it, ${below.length} with an interval wholly below zero (worse). Right of the dashed zero line the candidate is better.`,
            `总体 ${signed(c.difference)}${ci ? `（${signed(ci[0])} 至 ${signed(ci[1])}）` : ''}，基于 ${jsonText(c.sharedRows)} 个共同样本；旁列 ${groups.length} 个类别与切片，其中 ${below.length} 个区间完全低于零（更差）。虚线零点右侧表示候选模型更好。`,
          ),
          explains: ids('comparison', 'regression', 'group-regression', 'improvement', 'no-detectable-difference', 'negative-flips'),
        },
        rows,
        {
          x: say(lang, `difference in ${jsonText(c.metric ?? 'accuracy')}`, `${jsonText(c.metric ?? 'accuracy')} 差异`),
          y: say(lang, 'overall, class or slice (rows)', '总体、类别或切片（行数）'),
          reference: 0,
          percent: true,
        },
      ),
    ];
  });
}
