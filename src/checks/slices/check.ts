import { defineCheck } from '../types.js';
import { slicesMetrics, type SlicesMetrics } from './metrics.js';
import type { Labels } from '../../data/model.js';
import { findings } from './findings.js';
import { remedies } from './remedy.js';
import { ensembleOutcomes } from '../../math/ensemble-outcomes.js';
import { labelledRows, type Mode } from '../../math/slice-groups.js';
import { declaredSlices } from './declared.js';
import { options } from './options.js';
import { discoverSlices } from './discover.js';
import { targetProxies } from './proxy.js';
import { sliceCharts } from './charts.js';
import { rememberTargetSlice } from '../support/target-slice.js';
import { remedyGuards } from './rules.js';

export { describePredicates } from './findings.js';

export const slices = defineCheck({
  id: 'slices',
  title: 'Slices and bias',
  description:
    'Per-group metrics for declared slice columns (accuracy and error rate; for a binary task FPR, FNR, precision, selection rate and prevalence) with disparity ratios to a reference group and Fairlearn differences, and a SliceLine-style search for underperforming slices up to three columns deep with significance tests and false-discovery control.',
  needs: ['outcomes'],
  rows: 'evaluation',
  options,
  findings,
  remedies,
  metrics: slicesMetrics,
  charts: sliceCharts,
  remedyGuards,
  run(context) {
    const opts = context.options;
    // LLM-style results: no labels, per-example correct/score; the groups are compared on those.
    const labels: Labels = context.labels ?? { classes: [], codes: new Int32Array(context.data.rowCount).fill(-1), source: 'none', positiveClass: -1 };
    const predictions = context.predictions && context.predictions.runs.length > 0 ? context.predictions : null;
    const binary = labels.classes.length === 2 && labels.positiveClass >= 0;
    const outcomes = predictions ? context.memo('slices:ensemble', () => ensembleOutcomes(labels, predictions)) : null;
    const usable = outcomes && outcomes.rows.length > 0 ? outcomes : null;
    const mode: Mode = {
      binary,
      confusion: binary && usable !== null && usable.classes,
      positive: binary ? labels.positiveClass : -1,
      outcomes: usable,
      runs: predictions?.runs ?? [],
    };
    const evaluatedRows = mode.outcomes ? mode.outcomes.rows : labelledRows(labels);
    let overallWrong = 0;
    if (mode.outcomes) for (let i = 0; i < evaluatedRows.length; i++) overallWrong += mode.outcomes.wrong[evaluatedRows[i]];
    const overallErrorRate = mode.outcomes && evaluatedRows.length > 0 ? overallWrong / evaluatedRows.length : null;

    // ---- Declared slices -------------------------------------------------------------------
    const declared = declaredSlices(context, opts, labels, mode);
    // ---- Columns that give the label away ---------------------------------------------------
    const proxies = targetProxies(context, opts, labels, mode, evaluatedRows, overallErrorRate);
    // ---- Discovered slices -----------------------------------------------------------------
    const discovered = discoverSlices(context, opts, labels, mode, evaluatedRows, proxies.leaveOut, proxies.alone);

    // What targeted data acts on: a discovered slice, else a declared group, weak beyond its class mix and rarer in training.
    const target = discovered.target ?? declared.target;
    if (target) rememberTargetSlice(context, target.rows);

    const metrics: SlicesMetrics = {
      rows: evaluatedRows.length,
      runs: mode.runs.length,
      ensemble: mode.outcomes ? mode.outcomes.method : null,
      positiveClass: binary ? labels.classes[labels.positiveClass] : null,
      overallErrorRate,
      groups: declared.groups,
      columns: declared.columns,
      targetProxies: proxies.metrics,
      ...discovered.metrics,
    };
    return { metrics, findings: [...declared.findings, ...proxies.findings, ...discovered.findings] };
  },
});
