/** The training-curves check's charts: training and validation loss per run with the overfitting onsets marked, and the validation metric with each run's best step. */
import { chartText } from './wording.js';
import type { Chart, ChartContext } from '../types.js';
import { lines } from '../support/charts.js';
import { ids } from '../support/chart-read.js';
import type { TrainingCurvesMetrics } from './metrics.js';

/** Runs drawn in one chart: beyond this the lines are a tangle. */
const MAX_RUNS = 10;

type Run = TrainingCurvesMetrics['runs'][number];

export function curveCharts({ metrics, lang }: ChartContext<TrainingCurvesMetrics>): Chart[] {
  const runs = metrics.runs.slice(0, MAX_RUNS);
  const total = metrics.runs.length;
  const more = total > runs.length ? chartText.theFirstOfRuns[lang](runs.length, total) : '';
  const curve = (run: Run, role: Run['curves'][number]['role']) => run.curves.find((c) => c.role === role);
  const points = (role: Run['curves'][number]['role'], label: (run: string) => string) =>
    runs.flatMap((run) => {
      const c = curve(run, role);
      if (!c) return [];
      const values = c.values;
      return c.steps.flatMap((x, i) => (i < values.length ? [{ series: label(run.run), x, y: values[i] }] : []));
    });
  const charts: Chart[] = [];
  const loss = [...points('train-loss', (r) => chartText.train[lang](r)), ...points('validation-loss', (r) => chartText.validation[lang](r))];
  if (loss.length > 0) {
    const onsets = runs.flatMap((run) => (run.overfitting ? [{ x: run.overfitting.bestStep, label: chartText.validationLossLowest[lang](run.run) }] : []));
    const positive = loss.every((p) => p.y > 0);
    const spread = positive ? Math.max(...loss.map((p) => p.y)) / Math.min(...loss.map((p) => p.y)) : 1;
    charts.push(
      lines(
        {
          id: 'training-curves-loss',
          title: chartText.trainingAndValidationLoss[lang](),
          description: chartText.lossAgainstStepFor[lang](
            runs.length,
            runs.length === 1 ? '' : 's',
            onsets.length,
            onsets.length === 1 ? ' marks' : 's mark',
            more,
          ),
          explains: ids('training-curves', 'overfitting', 'not-converged', 'diverged', 'unstable', 'failed-runs', 'nothing-to-gain'),
        },
        loss,
        { x: chartText.step[lang](), y: chartText.loss[lang](), series: chartText.curve[lang](), rules: onsets, logY: positive && spread > 20 },
      ),
    );
  }
  const metric = points('validation-metric', (r) => r);
  if (metric.length > 0) {
    const name = runs.map((run) => run.validationMetric?.metric ?? null).find((x) => x !== null) ?? 'metric';
    const best = runs.flatMap((run) =>
      run.checkpoint ? [{ x: run.checkpoint.bestStep, label: chartText.best[lang](run.run, String(run.checkpoint.best)) }] : [],
    );
    charts.push(
      lines(
        {
          id: 'training-curves-metric',
          title: chartText.validation2[lang](name),
          description: chartText.validationAgainstStepFor[lang](name, runs.length, runs.length === 1 ? '' : 's', more),
          explains: ids('training-curves', 'last-checkpoint-cost', 'seed-spread'),
        },
        metric,
        { x: chartText.step[lang](), y: name, series: chartText.run[lang](), rules: best },
      ),
    );
  }
  return charts;
}
