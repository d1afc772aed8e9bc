/** The distribution-shift check's chart: per evaluation split, each compared feature's effect size against the flag threshold. */
import { chartText } from './wording.js';
import type { Chart, ChartContext } from '../types.js';
import { bars } from '../support/charts.js';
import type { DistributionShiftMetrics } from './metrics.js';

/** At most this many features per chart, largest effect first. */
const MAX_BARS = 20;

export function shiftCharts({ metrics, lang }: ChartContext<DistributionShiftMetrics>): Chart[] {
  const minEffect = metrics.minEffect ?? 0.1;
  return metrics.splits.flatMap((split): Chart[] => {
    const name = split.split;
    const rows = split.features
      .flatMap((f) => (f.effect !== null ? [{ feature: f.feature, effect: f.effect }] : []))
      .sort((a, b) => b.effect - a.effect || (a.feature < b.feature ? -1 : 1));
    if (rows.length === 0) return [];
    const drifted = split.drifted.length;
    const shown = rows.slice(0, MAX_BARS);
    return [
      bars(
        {
          id: `distribution-shift-${name}`,
          title: chartText.featureShiftTrainingAgainst[lang](name),
          description: chartText.effectSizeOfEach[lang](
            rows.length,
            drifted,
            minEffect,
            shown[0].feature,
            shown[0].effect.toFixed(3),
            rows.length > MAX_BARS ? MAX_BARS : null,
          ),
          explains: [`distribution-shift/feature-drift:${name}`],
        },
        shown.map((r) => ({ category: r.feature, value: r.effect })),
        { x: chartText.effectSize[lang](), y: chartText.feature[lang]() },
      ),
    ];
  });
}
