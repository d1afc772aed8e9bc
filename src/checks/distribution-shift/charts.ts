/** The distribution-shift check's chart: per evaluation split, each compared feature's effect size against the flag threshold. */
import { chartText } from './wording.js';
import type { Chart, ChartContext } from '../types.js';
import { bars } from '../support/charts.js';
import { finite, isObj, jsonText } from '../support/chart-read.js';

/** At most this many features per chart, largest effect first. */
const MAX_BARS = 20;

export function shiftCharts({ metrics, lang }: ChartContext): Chart[] {
  const splits = Array.isArray(metrics.splits) ? metrics.splits : [];
  const minEffect = finite(metrics.minEffect) ? metrics.minEffect : 0.1;
  return splits.flatMap((split): Chart[] => {
    if (!isObj(split) || !Array.isArray(split.features)) return [];
    const name = jsonText(split.split);
    const rows = split.features
      .flatMap((f) => (isObj(f) && finite(f.effect) ? [{ feature: jsonText(f.feature), effect: f.effect }] : []))
      .sort((a, b) => b.effect - a.effect || (a.feature < b.feature ? -1 : 1));
    if (rows.length === 0) return [];
    const drifted = Array.isArray(split.drifted) ? split.drifted.length : 0;
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
