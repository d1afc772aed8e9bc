/** The comparison check's chart: the paired difference, candidate minus baseline, overall and per class and slice, as a forest plot. */
import { chartText } from './wording.js';
import type { Chart, ChartContext } from '../types.js';
import { forest } from '../support/charts.js';
import { finite, ids, jsonText, objs, pair } from '../support/chart-read.js';

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
    const overallName = chartText.overall[lang]();
    const rows = [
      { name: overallName, value: c.difference, lo: ci ? ci[0] : null, hi: ci ? ci[1] : null, group: overallName },
      ...groups.map((g) => {
        const gi = pair(g.interval);
        return {
          name: `${jsonText(g.key)} (${jsonText(g.rows)})`,
          value: g.difference as number,
          lo: gi ? gi[0] : null,
          hi: gi ? gi[1] : null,
          group: g.kind === 'class' ? chartText.class[lang]() : chartText.slice[lang](),
        };
      }),
    ];
    const below = groups.filter((g) => pair(g.interval) !== null && (pair(g.interval) as [number, number])[1] < 0);
    const signed = (x: number) => `${x >= 0 ? '+' : '−'}${(Math.abs(x) * 100).toFixed(1)} ${chartText.points[lang]()}`;
    const candidate = jsonText(c.candidate);
    return [
      forest(
        {
          id: `comparison-forest${index === 0 ? '' : `-${index + 1}`}`,
          title: chartText.minusTheBaselinePaired[lang](candidate),
          description: chartText.overallOnSharedExamples[lang](
            signed(c.difference),
            ci ? [signed(ci[0]), signed(ci[1])] : null,
            jsonText(c.sharedRows),
            groups.length,
            below.length,
          ),
          explains: ids('comparison', 'regression', 'group-regression', 'improvement', 'no-detectable-difference', 'negative-flips'),
        },
        rows,
        {
          x: chartText.differenceIn[lang](jsonText(c.metric ?? 'accuracy')),
          y: chartText.overallClassOrSlice[lang](),
          reference: 0,
          percent: true,
        },
      ),
    ];
  });
}
