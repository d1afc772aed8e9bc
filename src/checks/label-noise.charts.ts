/** The label-noise check's chart: rows flagged as likely label errors per class (their share of the class in the text alternative). */
import { chartText } from './label-noise.wording.js';
import type { Chart, ChartContext } from './types.js';
import { bars } from './support/charts.js';
import { ids, pct } from './support/chart-read.js';
import type { LabelNoiseMetrics } from './label-noise.metrics.js';

export function labelNoiseCharts({ metrics, lang }: ChartContext<LabelNoiseMetrics>): Chart[] {
  if (!metrics.perClass) return [];
  const rows = Object.entries(metrics.perClass).map(([name, c]) => ({ name, flagged: c.flagged, share: c.share ?? 0 }));
  const flagged = rows.reduce((s, r) => s + r.flagged, 0);
  if (rows.length === 0 || flagged === 0) return [];
  const worst = rows.reduce((a, b) => (b.share > a.share ? b : a));
  return [
    bars(
      {
        id: 'label-noise-per-class',
        title: chartText.likelyLabelErrorsPer[lang](),
        description: chartText.rowsFlaggedOverClasses[lang](flagged, rows.length, worst.name, worst.flagged, pct(worst.share)),
        explains: ids('label-noise', 'mislabelled-rows'),
      },
      rows.map((r) => ({ category: r.name, value: r.flagged })),
      { x: chartText.rowsFlagged[lang](), y: chartText.class[lang]() },
    ),
  ];
}
