/** The training-dynamics check's chart: the data map (confidence against variability) as a 2-D histogram of rows. */
import type { Chart, ChartContext } from '../types.js';
import { heatmap } from '../support/charts.js';
import { finite, ids, isObj, say } from '../support/chart-read.js';

export function dynamicsCharts({ metrics, lang }: ChartContext): Chart[] {
  const map = isObj(metrics.dataMap) ? metrics.dataMap : null;
  if (!map || !finite(map.bins) || !finite(map.maxVariability) || !Array.isArray(map.counts)) return [];
  const bins = map.bins;
  const top = map.maxVariability;
  const counts = map.counts as unknown[][];
  const total = counts.flat().reduce<number>((s, x) => s + (finite(x) ? x : 0), 0);
  if (total === 0) return [];
  const max = Math.max(...counts.flat().filter(finite));
  const edge = (i: number, width: number) => `${(i * width).toFixed(2)}–${((i + 1) * width).toFixed(2)}`;
  const cells = counts.flatMap((row, c) =>
    row.map((count, v) => ({
      y: edge(c, 1 / bins),
      x: edge(v, top / bins),
      value: finite(count) ? count : 0,
      label: String(count),
      count: finite(count) ? count : 0,
    })),
  );
  // Rows of the grid: high confidence at the top, as data maps are drawn.
  const yOrder = Array.from({ length: bins }, (_, i) => edge(bins - 1 - i, 1 / bins));
  const lowBins = Math.ceil((bins * 3) / 10);
  const below = (lowBins / bins).toFixed(1);
  const lowConfidence = counts
    .slice(0, lowBins)
    .flat()
    .reduce<number>((s, x) => s + (finite(x) ? x : 0), 0);
  const chart = heatmap(
    {
      id: 'training-dynamics-data-map',
      title: say(lang, 'Data map: confidence in the label against its variability', '数据地图：标签置信度与其波动'),
      description: say(
        lang,
        `${total} training rows binned by their mean confidence in the given label (rows, high at the top) and its standard deviation across snapshots (columns); ${lowConfidence} rows have a confidence below ${below}, where hard-to-learn rows (often label errors) are. Cells count rows.`,
        `${total} 个训练样本按其对给定标签的平均置信度（行，上高下低）和跨快照的标准差（列）分箱；${lowConfidence} 行的置信度低于 ${below}，难学样本（常为标注错误）在此。格内为行数。`,
      ),
      explains: ids('training-dynamics', 'hard-to-learn', 'low-margin', 'ambiguous', 'never-learned', 'often-forgotten'),
    },
    cells,
    { x: say(lang, 'variability', '波动'), y: say(lang, 'confidence', '置信度'), color: say(lang, 'rows', '行数'), order: undefined, max },
  );
  // Columns left to right by variability, rows top to bottom by confidence.
  const spec = chart.spec as { encoding: { x: { sort: unknown }; y: { sort: unknown } } };
  spec.encoding.y.sort = yOrder;
  spec.encoding.x.sort = Array.from({ length: bins }, (_, v) => edge(v, top / bins));
  return [chart];
}
