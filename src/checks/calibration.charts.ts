/** The calibration check's charts: the reliability diagram of every run and of the ensemble, and the ensemble's bin counts. */
import { chartText } from './calibration.wording.js';
import type { Chart, ChartContext } from './types.js';
import { bars, reliability } from './support/charts.js';
import { finite, ids, isObj, jsonText, objs, pct } from './support/chart-read.js';

export function calibrationCharts({ metrics, lang }: ChartContext): Chart[] {
  const charts: Chart[] = [];
  const explains = ids('calibration', 'overconfident', 'underconfident');
  const series: { series: string; bins: Record<string, unknown>[] }[] = [];
  const ensembleBins = objs(metrics.bins);
  if (isObj(metrics.ensemble) && metrics.binsOf === 'ensemble') series.push({ series: chartText.ensemble[lang](), bins: ensembleBins });
  for (const run of objs(metrics.perRun)) series.push({ series: jsonText(run.run), bins: objs(run.bins) });
  const points = series.flatMap(({ series: name, bins }) =>
    bins
      .filter((b) => finite(b.count) && b.count > 0 && finite(b.meanConfidence) && finite(b.accuracy))
      .map((b) => ({ series: name, confidence: b.meanConfidence as number, accuracy: b.accuracy as number, count: b.count as number })),
  );
  if (points.length > 0) {
    const ece = finite(metrics.meanEce) ? metrics.meanEce.toFixed(3) : '?';
    charts.push(
      reliability(
        {
          id: 'calibration-reliability',
          title: chartText.reliabilityDiagramAccuracyAgainst[lang](),
          description: chartText.eachPointIsA[lang](points.length, series.length, ece),
          explains,
        },
        points,
        {
          x: chartText.meanConfidence[lang](),
          y: chartText.accuracy[lang](),
          series: chartText.run[lang](),
          count: chartText.examples[lang](),
        },
      ),
    );
  }
  const counted = ensembleBins.filter((b) => finite(b.lower) && finite(b.upper) && finite(b.count));
  if (counted.length > 0) {
    const total = counted.reduce((s, b) => s + (b.count as number), 0);
    const fullest = counted.reduce((a, b) => ((b.count as number) > (a.count as number) ? b : a));
    const range = (b: Record<string, unknown>) =>
      (b.lower as number) === (b.upper as number) ? (b.lower as number).toFixed(2) : `${(b.lower as number).toFixed(2)}–${(b.upper as number).toFixed(2)}`;
    const of = metrics.binsOf === 'ensemble' ? chartText.theEnsemble[lang]() : `"${String(metrics.binsOf)}"`;
    charts.push(
      bars(
        {
          id: 'calibration-bin-counts',
          title: chartText.examplesPerConfidenceBin[lang](of),
          description: chartText.binsOfConfidenceHolding[lang](
            counted.length,
            total,
            range(fullest),
            fullest.count as number,
            pct((fullest.count as number) / Math.max(1, total)),
          ),
          explains,
        },
        counted.map((b) => ({ category: range(b), value: b.count as number })),
        { x: chartText.examples[lang](), y: chartText.confidenceBin[lang]() },
      ),
    );
  }
  return charts;
}
