/** The seed-instability check's charts: each run's accuracy with its interval beside the ensemble, and the pairwise churn matrix. */
import { chartText } from './wording.js';
import type { Chart, ChartContext } from '../types.js';
import { forest, heatmap } from '../support/charts.js';
import { finite, ids, isObj, jsonText, objs, pair, pct } from '../support/chart-read.js';

export function seedCharts({ metrics, lang }: ChartContext): Chart[] {
  const charts: Chart[] = [];
  const perRun = objs(metrics.perRun).filter((r) => finite(r.accuracy));
  const accuracy = isObj(metrics.accuracy) ? metrics.accuracy : null;
  const scoreWord = metrics.scoring === 'scores' ? chartText.meanScore[lang]() : chartText.accuracy[lang]();
  if (perRun.length >= 2 && accuracy && finite(accuracy.mean)) {
    const rows = perRun.map((r) => {
      const ci = pair(r.ci95);
      return { name: jsonText(r.run), value: r.accuracy as number, lo: ci ? ci[0] : null, hi: ci ? ci[1] : null, group: chartText.run[lang]() };
    });
    const ensemble = isObj(metrics.ensemble) && finite(metrics.ensemble.accuracy) ? metrics.ensemble.accuracy : null;
    if (ensemble !== null) rows.push({ name: chartText.ensemble[lang](), value: ensemble, lo: null, hi: null, group: chartText.ensemble[lang]() });
    const ci = pair(accuracy.ci95);
    charts.push(
      forest(
        {
          id: 'seed-instability-runs',
          title: chartText.perRunWith95[lang](scoreWord),
          description: chartText.runsFromToMean[lang](
            perRun.length,
            pct(accuracy.min as number),
            pct(accuracy.max as number),
            pct(accuracy.mean),
            ci ? [pct(ci[0]), pct(ci[1])] : null,
            ensemble !== null ? pct(ensemble) : null,
          ),
          explains: ids('seed-instability', 'accuracy-spread', 'ensemble-gain', 'failed-runs'),
        },
        rows,
        { x: scoreWord, y: chartText.run[lang](), reference: accuracy.mean, percent: true },
      ),
    );
  }
  const churn = isObj(metrics.churn) ? metrics.churn : null;
  const matrix = Array.isArray(churn?.matrix) ? (churn.matrix as unknown[][]) : [];
  const names = Array.isArray(metrics.runs) ? (metrics.runs as unknown[]).map(String) : [];
  if (matrix.length >= 2 && matrix.length === names.length && matrix.length <= 40) {
    const max = Math.max(1e-9, ...matrix.flat().filter(finite));
    const cells = names.flatMap((a, i) =>
      names.map((b, j) => ({
        y: a,
        x: b,
        value: finite(matrix[i][j]) ? matrix[i][j] : 0,
        label: pct(finite(matrix[i][j]) ? matrix[i][j] : 0),
      })),
    );
    const mean = finite(churn!.meanPairwise) ? churn!.meanPairwise : NaN;
    charts.push(
      heatmap(
        {
          id: 'seed-instability-churn',
          title: chartText.churnBetweenEachPair[lang](),
          description: chartText.theShareOfExamples[lang](
            names.length,
            pct(mean),
            pct(max),
            Array.isArray(churn!.maxPair) ? (churn!.maxPair as unknown[]).map((x) => `"${String(x)}"`) : null,
          ),
          explains: ids('seed-instability', 'churn'),
        },
        cells,
        { x: chartText.run[lang](), y: chartText.run[lang](), color: 'churn', order: names, max },
      ),
    );
  }
  return charts;
}
