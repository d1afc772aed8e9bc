/** The calibration check's charts: the reliability diagram of every run and of the ensemble, and the ensemble's bin counts. */
import { chartText } from './calibration.wording.js';
import type { Chart, ChartContext } from './types.js';
import { bars, reliability } from './support/charts.js';
import { ids, pct } from './support/chart-read.js';
import type { CalibrationMetrics } from './calibration.metrics.js';

type Bin = CalibrationMetrics['bins'][number];

export function calibrationCharts({ metrics, lang }: ChartContext<CalibrationMetrics>): Chart[] {
  const charts: Chart[] = [];
  const explains = ids('calibration', 'overconfident', 'underconfident');
  const series: { series: string; bins: Bin[] }[] = [];
  const ensembleBins = metrics.bins;
  if (metrics.ensemble && metrics.binsOf === 'ensemble') series.push({ series: chartText.ensemble[lang](), bins: ensembleBins });
  for (const run of metrics.perRun) series.push({ series: run.run, bins: run.bins });
  const points = series.flatMap(({ series: name, bins }) =>
    bins.flatMap((b) =>
      b.count > 0 && b.meanConfidence !== null && b.accuracy !== null
        ? [{ series: name, confidence: b.meanConfidence, accuracy: b.accuracy, count: b.count }]
        : [],
    ),
  );
  if (points.length > 0) {
    const ece = metrics.meanEce !== null ? metrics.meanEce.toFixed(3) : '?';
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
  const counted = ensembleBins;
  if (counted.length > 0) {
    const total = counted.reduce((s, b) => s + b.count, 0);
    const fullest = counted.reduce((a, b) => (b.count > a.count ? b : a));
    const range = (b: Bin) => (b.lower === b.upper ? b.lower.toFixed(2) : `${b.lower.toFixed(2)}–${b.upper.toFixed(2)}`);
    const of = metrics.binsOf === 'ensemble' ? chartText.theEnsemble[lang]() : `"${String(metrics.binsOf)}"`;
    charts.push(
      bars(
        {
          id: 'calibration-bin-counts',
          title: chartText.examplesPerConfidenceBin[lang](of),
          description: chartText.binsOfConfidenceHolding[lang](counted.length, total, range(fullest), fullest.count, pct(fullest.count / Math.max(1, total))),
          explains,
        },
        counted.map((b) => ({ category: range(b), value: b.count })),
        { x: chartText.examples[lang](), y: chartText.confidenceBin[lang]() },
      ),
    );
  }
  return charts;
}
