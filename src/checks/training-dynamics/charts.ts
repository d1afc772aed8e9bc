/** The training-dynamics check's chart: the data map (confidence against variability) as a 2-D histogram of rows. */
import { chartText } from './wording.js';
import type { Chart, ChartContext } from '../types.js';
import { heatmap } from '../support/charts.js';
import { ids } from '../support/chart-read.js';
import type { TrainingDynamicsMetrics } from './metrics.js';

export function dynamicsCharts({ metrics, lang }: ChartContext<TrainingDynamicsMetrics>): Chart[] {
  const map = metrics.dataMap;
  if (!map) return [];
  const { bins, maxVariability: top, counts } = map;
  const total = counts.flat().reduce((s, x) => s + x, 0);
  if (total === 0) return [];
  const max = Math.max(...counts.flat());
  const edge = (i: number, width: number) => `${(i * width).toFixed(2)}–${((i + 1) * width).toFixed(2)}`;
  const cells = counts.flatMap((row, c) =>
    row.map((count, v) => ({
      y: edge(c, 1 / bins),
      x: edge(v, top / bins),
      value: count,
      label: String(count),
      count,
    })),
  );
  // Rows of the grid: high confidence at the top, as data maps are drawn.
  const yOrder = Array.from({ length: bins }, (_, i) => edge(bins - 1 - i, 1 / bins));
  const lowBins = Math.ceil((bins * 3) / 10);
  const below = (lowBins / bins).toFixed(1);
  const lowConfidence = counts
    .slice(0, lowBins)
    .flat()
    .reduce((s, x) => s + x, 0);
  const chart = heatmap(
    {
      id: 'training-dynamics-data-map',
      title: chartText.dataMapConfidenceIn[lang](),
      description: chartText.trainingRowsBinnedBy[lang](total, lowConfidence, below),
      explains: ids('training-dynamics', 'hard-to-learn', 'low-margin', 'ambiguous', 'never-learned', 'often-forgotten'),
    },
    cells,
    { x: chartText.variability[lang](), y: chartText.confidence[lang](), color: chartText.rows[lang](), order: undefined, max },
  );
  // Columns left to right by variability, rows top to bottom by confidence.
  const spec = chart.spec as { encoding: { x: { sort: unknown }; y: { sort: unknown } } };
  spec.encoding.y.sort = yOrder;
  spec.encoding.x.sort = Array.from({ length: bins }, (_, v) => edge(v, top / bins));
  return [chart];
}
