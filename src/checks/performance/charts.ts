/** The performance check's charts: the row-normalised confusion matrix and per-class precision, recall and F1. */
import { chartText } from './wording.js';
import type { Chart, ChartContext } from '../types.js';
import { heatmap } from '../support/charts.js';
import { finite, ids, isObj, jsonText, objs, pct } from '../support/chart-read.js';

/** Beyond this many classes a K x K grid stops being readable: the best-supported ones are drawn. */
const MAX_CLASSES = 40;

export function performanceCharts({ metrics, lang }: ChartContext): Chart[] {
  const charts: Chart[] = [];
  const ensemble = isObj(metrics.ensemble) ? metrics.ensemble : null;
  if (!ensemble) return charts;
  const runs = objs(metrics.perRun).length;
  const method = jsonText(ensemble.method ?? '');
  const of = runs > 1 ? chartText.ensembleOfRuns[lang](runs, method) : chartText.theRun[lang]();
  const confusion = isObj(ensemble.confusion) ? ensemble.confusion : null;
  const classes = Array.isArray(confusion?.classes) ? (confusion.classes as unknown[]).map(String) : [];
  const counts = Array.isArray(confusion?.counts) ? (confusion.counts as unknown[][]) : [];
  const normalised = Array.isArray(confusion?.normalised) ? (confusion.normalised as unknown[][]) : [];
  if (classes.length > 0 && counts.length === classes.length) {
    const support = counts.map((row) => row.reduce<number>((s, x) => s + (finite(x) ? x : 0), 0));
    const shown = classes
      .map((_, i) => i)
      .sort((a, b) => support[b] - support[a] || a - b)
      .slice(0, MAX_CLASSES)
      .sort((a, b) => a - b);
    const cells = shown.flatMap((i) =>
      shown.map((j) => ({
        y: classes[i],
        x: classes[j],
        value: finite(normalised[i]?.[j]) ? normalised[i][j] : 0,
        label: `${pct(finite(normalised[i]?.[j]) ? normalised[i][j] : 0, 0)}`,
        count: finite(counts[i]?.[j]) ? counts[i][j] : 0,
      })),
    );
    const diagonal = shown.reduce((s, i) => s + (finite(counts[i][i]) ? counts[i][i] : 0), 0);
    const total = shown.reduce((s, i) => s + support[i], 0);
    const worst = shown.reduce(
      (a, i) => ((finite(normalised[i]?.[i]) ? normalised[i][i] : 1) < (finite(normalised[a]?.[a]) ? normalised[a][a] : 1) ? i : a),
      shown[0],
    );
    charts.push(
      heatmap(
        {
          id: 'performance-confusion',
          title: chartText.confusionMatrixRowNormalised[lang](of),
          description: chartText.rowsAreTheTrue[lang](
            diagonal,
            total,
            classes[worst],
            pct(finite(normalised[worst]?.[worst]) ? normalised[worst][worst] : 0),
            shown.length,
            classes.length,
          ),
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
  const perClass = objs(ensemble.perClass).slice(0, MAX_CLASSES);
  if (perClass.length > 0) {
    const names = { precision: chartText.precision[lang](), recall: chartText.recall[lang](), f1: 'F1' } as const;
    const cells = perClass.flatMap((c) =>
      (['precision', 'recall', 'f1'] as const).map((m) => ({
        y: jsonText(c.class),
        x: names[m],
        value: finite(c[m]) ? c[m] : 0,
        label: finite(c[m]) ? c[m].toFixed(2) : '–',
        count: finite(c.support) ? c.support : 0,
      })),
    );
    const lowest = perClass.reduce((a, c) => ((finite(c.f1) ? c.f1 : 1) < (finite(a.f1) ? a.f1 : 1) ? c : a));
    charts.push(
      heatmap(
        {
          id: 'performance-per-class',
          title: chartText.precisionRecallAndF1[lang](of),
          description: chartText.classesTheLowestF1[lang](
            perClass.length,
            jsonText(lowest.class),
            finite(lowest.f1) ? lowest.f1.toFixed(3) : '?',
            jsonText(lowest.support),
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
