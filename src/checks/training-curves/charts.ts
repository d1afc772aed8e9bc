/** The training-curves check's charts: training and validation loss per run with the overfitting onsets marked, and the validation metric with each run's best step. */
import { chartText } from './wording.js';
import type { Chart, ChartContext } from '../types.js';
import { lines } from '../support/charts.js';
import { finite, ids, isObj, jsonText, objs } from '../support/chart-read.js';

/** Runs drawn in one chart: beyond this the lines are a tangle. */
const MAX_RUNS = 10;

export function curveCharts({ metrics, lang }: ChartContext): Chart[] {
  const runs = objs(metrics.runs).slice(0, MAX_RUNS);
  const total = objs(metrics.runs).length;
  const more = total > runs.length ? chartText.theFirstOfRuns[lang](runs.length, total) : '';
  const curve = (run: Record<string, unknown>, role: string) => objs(run.curves).find((c) => c.role === role);
  const points = (role: string, label: (run: string) => string) =>
    runs.flatMap((run) => {
      const c = curve(run, role);
      if (!c || !Array.isArray(c.steps) || !Array.isArray(c.values)) return [];
      const steps = c.steps as unknown[];
      const values = c.values as unknown[];
      return steps.flatMap((x, i) => (finite(x) && finite(values[i]) ? [{ series: label(jsonText(run.run)), x, y: values[i] }] : []));
    });
  const charts: Chart[] = [];
  const loss = [...points('train-loss', (r) => chartText.train[lang](r)), ...points('validation-loss', (r) => chartText.validation[lang](r))];
  if (loss.length > 0) {
    const onsets = runs.flatMap((run) =>
      isObj(run.overfitting) && finite(run.overfitting.bestStep)
        ? [{ x: run.overfitting.bestStep, label: chartText.validationLossLowest[lang](jsonText(run.run)) }]
        : [],
    );
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
    const name = runs.map((run) => (isObj(run.validationMetric) ? jsonText(run.validationMetric.metric) : null)).find((x) => x !== null) ?? 'metric';
    const best = runs.flatMap((run) =>
      isObj(run.checkpoint) && finite(run.checkpoint.bestStep)
        ? [
            {
              x: run.checkpoint.bestStep,
              label: chartText.best[lang](jsonText(run.run), jsonText(run.checkpoint.best)),
            },
          ]
        : [],
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
