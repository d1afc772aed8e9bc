/** The comparison check's chart: the paired difference, candidate minus baseline, overall and per class and slice, as a forest plot. */
import { chartText } from './wording.js';
import type { Chart, ChartContext } from '../types.js';
import { forest } from '../support/charts.js';
import { ids } from '../support/chart-read.js';
import type { ComparisonMetrics } from './metrics.js';

/** Groups drawn beside the overall difference: the largest differences first. */
const MAX_GROUPS = 30;

export function comparisonCharts({ metrics, lang }: ChartContext<ComparisonMetrics>): Chart[] {
  return metrics.comparisons.flatMap((c, index) => {
    // A candidate with fewer than two shared rows was not compared.
    if (c.verdict === null) return [];
    const ci = c.interval;
    const groups = [...c.groups].sort((a, b) => Math.abs(b.difference) - Math.abs(a.difference)).slice(0, MAX_GROUPS);
    const overallName = chartText.overall[lang]();
    const rows = [
      { name: overallName, value: c.difference, lo: ci[0], hi: ci[1], group: overallName },
      ...groups.map((g) => ({
        name: `${g.key} (${g.rows})`,
        value: g.difference,
        lo: g.interval[0],
        hi: g.interval[1],
        group: g.kind === 'class' ? chartText.class[lang]() : chartText.slice[lang](),
      })),
    ];
    const below = groups.filter((g) => g.interval[1] < 0);
    const signed = (x: number) => `${x >= 0 ? '+' : '−'}${(Math.abs(x) * 100).toFixed(1)} ${chartText.points[lang]()}`;
    const candidate = c.candidate;
    return [
      forest(
        {
          id: `comparison-forest${index === 0 ? '' : `-${index + 1}`}`,
          title: chartText.minusTheBaselinePaired[lang](candidate),
          description: chartText.overallOnSharedExamples[lang](
            signed(c.difference),
            [signed(ci[0]), signed(ci[1])],
            String(c.sharedRows),
            groups.length,
            below.length,
          ),
          explains: ids('comparison', 'regression', 'group-regression', 'improvement', 'no-detectable-difference', 'negative-flips'),
        },
        rows,
        {
          x: chartText.differenceIn[lang](c.metric),
          y: chartText.overallClassOrSlice[lang](),
          reference: 0,
          percent: true,
        },
      ),
    ];
  });
}
