/** The seed-instability check's charts: each run's accuracy with its interval beside the ensemble, and the pairwise churn matrix. */
import { chartText } from './wording.js';
import type { Chart, ChartContext } from '../types.js';
import { forest, heatmap } from '../support/charts.js';
import { ids, pct } from '../support/chart-read.js';
import type { SeedInstabilityMetrics } from './metrics.js';

export function seedCharts({ metrics, lang }: ChartContext<SeedInstabilityMetrics>): Chart[] {
  const charts: Chart[] = [];
  const perRun = metrics.perRun;
  const accuracy = metrics.accuracy;
  const scoreWord = metrics.scoring === 'scores' ? chartText.meanScore[lang]() : chartText.accuracy[lang]();
  if (perRun.length >= 2 && accuracy && accuracy.mean !== null) {
    const mean = accuracy.mean;
    const rows: { name: string; value: number; lo: number | null; hi: number | null; group: string }[] = perRun.map((r) => ({
      name: r.run,
      value: r.accuracy,
      lo: r.ci95[0],
      hi: r.ci95[1],
      group: chartText.run[lang](),
    }));
    const ensemble = metrics.ensemble?.accuracy ?? null;
    if (ensemble !== null) rows.push({ name: chartText.ensemble[lang](), value: ensemble, lo: null, hi: null, group: chartText.ensemble[lang]() });
    const ci = accuracy.ci95;
    charts.push(
      forest(
        {
          id: 'seed-instability-runs',
          title: chartText.perRunWith95[lang](scoreWord),
          description: chartText.runsFromToMean[lang](
            perRun.length,
            pct(accuracy.min ?? 0),
            pct(accuracy.max ?? 0),
            pct(mean),
            ci ? [pct(ci[0]), pct(ci[1])] : null,
            ensemble !== null ? pct(ensemble) : null,
          ),
          explains: ids('seed-instability', 'accuracy-spread', 'ensemble-gain', 'failed-runs'),
        },
        rows,
        { x: scoreWord, y: chartText.run[lang](), reference: mean, percent: true },
      ),
    );
  }
  const churn = metrics.churn;
  const matrix = churn?.matrix ?? [];
  const names = metrics.runs;
  if (churn && matrix.length >= 2 && matrix.length === names.length && matrix.length <= 40) {
    const max = Math.max(1e-9, ...matrix.flat());
    const cells = names.flatMap((a, i) =>
      names.map((b, j) => ({
        y: a,
        x: b,
        value: matrix[i][j] ?? 0,
        label: pct(matrix[i][j] ?? 0),
      })),
    );
    const mean = churn.meanPairwise ?? NaN;
    charts.push(
      heatmap(
        {
          id: 'seed-instability-churn',
          title: chartText.churnBetweenEachPair[lang](),
          description: chartText.theShareOfExamples[lang](names.length, pct(mean), pct(max), churn.maxPair ? churn.maxPair.map((x) => `"${x}"`) : null),
          explains: ids('seed-instability', 'churn'),
        },
        cells,
        { x: chartText.run[lang](), y: chartText.run[lang](), color: 'churn', order: names, max },
      ),
    );
  }
  return charts;
}
