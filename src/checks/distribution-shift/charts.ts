/** The distribution-shift check's chart: per evaluation split, each compared feature's effect size against the flag threshold. */
import type { Chart, ChartContext } from '../types.js';
import { bars } from '../support/charts.js';
import { finite, isObj, jsonText, say } from '../support/chart-read.js';

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
          title: say(lang, `Feature shift: training against "${name}"`, `特征偏移：训练数据对比 "${name}"`),
          description: say(
            lang,
            `Effect size of each of the ${rows.length} features compared (Wasserstein distance in training standard deviations for numbers, Jensen-Shannon distance for categories); ${drifted} reach ${minEffect} with q <= 0.05 and are flagged. Largest: ${shown[0].feature} at ${shown[0].effect.toFixed(3)}${rows.length > MAX_BARS ? `; the ${MAX_BARS} largest are drawn` : ''}.`,
            `比较的 ${rows.length} 个特征各自的效应量（数值特征为以训练标准差计的 Wasserstein 距离，类别特征为 Jensen-Shannon 距离）；其中 ${drifted} 个达到 ${minEffect} 且 q <= 0.05，被标记。最大的是 ${shown[0].feature}，为 ${shown[0].effect.toFixed(3)}${rows.length > MAX_BARS ? `；图中只画出最大的 ${MAX_BARS} 个` : ''}。`,
          ),
          explains: [`distribution-shift/feature-drift:${name}`],
        },
        shown.map((r) => ({ category: r.feature, value: r.effect })),
        { x: say(lang, 'effect size', '效应量'), y: say(lang, 'feature', '特征') },
      ),
    ];
  });
}
