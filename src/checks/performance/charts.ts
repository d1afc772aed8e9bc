/** The performance check's charts: the row-normalised confusion matrix and per-class precision, recall and F1. */
import { chartText } from './wording.js';
import type { Chart, ChartContext } from '../types.js';
import { heatmap } from '../support/charts.js';
import { ids, pct } from '../support/chart-read.js';
import type { PerformanceMetrics } from './metrics.js';

/** Beyond this many classes a K x K grid stops being readable: the best-supported ones are drawn. */
const MAX_CLASSES = 40;

export function performanceCharts({ metrics, lang }: ChartContext<PerformanceMetrics>): Chart[] {
  const charts: Chart[] = [];
  const ensemble = metrics.ensemble;
  if (!ensemble) return charts;
  const runs = metrics.perRun.length;
  const of = runs > 1 ? chartText.ensembleOfRuns[lang](runs, ensemble.method) : chartText.theRun[lang]();
  const classes = ensemble.confusion?.classes ?? [];
  const counts = ensemble.confusion?.counts ?? [];
  const normalised = ensemble.confusion?.normalised ?? [];
  // A share is 0 where it is undefined (a class without rows), the diagonal 1 when looking for the worst class.
  const share = (i: number, j: number, otherwise: number) => normalised[i]?.[j] ?? otherwise;
  if (classes.length > 0 && counts.length === classes.length) {
    const support = counts.map((row) => row.reduce((s, x) => s + x, 0));
    const shown = classes
      .map((_, i) => i)
      .sort((a, b) => support[b] - support[a] || a - b)
      .slice(0, MAX_CLASSES)
      .sort((a, b) => a - b);
    const cells = shown.flatMap((i) =>
      shown.map((j) => ({
        y: classes[i],
        x: classes[j],
        value: share(i, j, 0),
        label: `${pct(share(i, j, 0), 0)}`,
        count: counts[i]?.[j] ?? 0,
      })),
    );
    const diagonal = shown.reduce((s, i) => s + (counts[i][i] ?? 0), 0);
    const total = shown.reduce((s, i) => s + support[i], 0);
    const worst = shown.reduce((a, i) => (share(i, i, 1) < share(a, a, 1) ? i : a), shown[0]);
    charts.push(
      heatmap(
        {
          id: 'performance-confusion',
          title: chartText.confusionMatrixRowNormalised[lang](of),
          description: chartText.rowsAreTheTrue[lang](diagonal, total, classes[worst], pct(share(worst, worst, 0)), shown.length, classes.length),
          explains: ids('performance', 'confused-pair', 'class-never-right'),
        },
        cells,
        {
          x: chartText.predictedClass[lang](),
          y: chartText.trueClass[lang](),
          color: chartText.shareOfTheRow[lang](),
          order: shown.map((i) => classes[i]),
        },
      ),
    );
  }
  const perClass = (ensemble.perClass ?? []).slice(0, MAX_CLASSES);
  if (perClass.length > 0) {
    const names = { precision: chartText.precision[lang](), recall: chartText.recall[lang](), f1: 'F1' } as const;
    const cells = perClass.flatMap((c) =>
      (['precision', 'recall', 'f1'] as const).map((m) => ({
        y: c.class,
        x: names[m],
        value: c[m] ?? 0,
        label: c[m] !== null ? c[m].toFixed(2) : '–',
        count: c.support,
      })),
    );
    const lowest = perClass.reduce((a, c) => ((c.f1 ?? 1) < (a.f1 ?? 1) ? c : a));
    charts.push(
      heatmap(
        {
          id: 'performance-per-class',
          title: chartText.precisionRecallAndF1[lang](of),
          description: chartText.classesTheLowestF1[lang](
            perClass.length,
            lowest.class,
            lowest.f1 !== null ? lowest.f1.toFixed(3) : '?',
            String(lowest.support),
          ),
          explains: ids('performance', 'class-never-right', 'confused-pair'),
        },
        cells,
        { x: chartText.metric[lang](), y: chartText.class[lang](), color: chartText.value[lang](), order: undefined },
      ),
    );
  }
  return charts;
}
