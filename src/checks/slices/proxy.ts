/**
 * Columns that give the label (or the model's prediction) away: a column whose values alone
 * predict it almost perfectly is reported as possible target leakage. One that gives the label
 * away stays in the slice search (with predictions), where its slices are judged against their
 * class mix; one that gives only the prediction away is left out, where it would only restate it.
 */
import type { CheckContext, FindingOf } from '../types.js';
import type { SlicesMetrics } from './metrics.js';
import type { Labels } from '../../data/model.js';
import { codeColumn, type Mode } from '../../math/slice-groups.js';
import { proxyStrength } from '../../math/proxy-columns.js';
import { findings } from './findings.js';
import type { Options } from './options.js';

/** Quantile bins for numeric columns in this test: enough to follow a threshold on the column. */
const PROXY_BINS = 20;
/** Rows per column value needed before a column's lambda is trusted (a column of unique values predicts anything). */
const ROWS_PER_VALUE = 10;

/** `overallErrorRate`: the ensemble's error rate on `rows` (the check's own figure), null without predictions. */
export function targetProxies(
  context: CheckContext,
  opts: Options,
  labels: Labels,
  mode: Mode,
  rows: Int32Array,
  overallErrorRate: number | null,
): { metrics: SlicesMetrics['targetProxies']; findings: FindingOf<typeof findings>[]; leaveOut: Set<string>; alone: Set<string> } {
  const { data, roles } = context;
  const out: SlicesMetrics['targetProxies'] = [];
  const found: FindingOf<typeof findings>[] = [];
  const leaveOut = new Set<string>();
  const alone = new Set<string>();
  const k = labels.classes.length;
  const predicted = mode.outcomes && mode.outcomes.classes ? mode.outcomes.pred : null;
  const hasLabels = labels.codes.some((code) => code >= 0);
  // The model's (ensemble's) accuracy on the evaluated rows: a column alone should not beat it by much.
  const modelAccuracy = overallErrorRate === null ? null : 1 - overallErrorRate;
  for (const column of data.columns) {
    if (column.name === roles.id || column.name === roles.label || column.name === roles.text) continue;
    const coded = codeColumn(column, Math.max(opts.maxLevels, PROXY_BINS), PROXY_BINS, false);
    if (!coded || coded.values.length < 2 || rows.length < ROWS_PER_VALUE * coded.values.length) continue;
    const label = hasLabels ? proxyStrength(coded.codes, coded.values.length, labels.codes, k, rows) : null;
    const prediction = predicted ? proxyStrength(coded.codes, coded.values.length, predicted, k, rows) : null;
    const beatsModel = label !== null && modelAccuracy !== null && label.lambda >= 0.5 && label.accuracy >= modelAccuracy + opts.proxyBeatsModelBy;
    const onLabel = label !== null && (label.lambda >= opts.proxyLambda || beatsModel);
    const onPrediction = prediction !== null && prediction.lambda >= opts.proxyLambda;
    if (!onLabel && !onPrediction) continue;
    const strength = (onLabel ? label : prediction)!;
    // Searched: a column that gives the label away, whose slices the class mix then judges (only
    // with predictions: without them the search looks for the label itself); one that gives only
    // the prediction away restates the prediction, which no class mix accounts for.
    // By default it is searched on its own, never in a conjunction: joined to another column it
    // cuts one class by that column, and within a class the errors gather wherever the features
    // push the prediction the other way, beyond the class mix by construction (COMPAS: is_recid =
    // 1 & v_score_text = Low, reoffenders whom the violent-risk score rates low).
    const searched = opts.searchProxyColumns === true || (opts.searchProxyColumns === 'label' && onLabel && mode.outcomes !== null);
    if (!searched) leaveOut.add(column.name);
    else if (opts.searchProxyColumns === 'label') alone.add(column.name);
    out.push({
      column: column.name,
      values: coded.values.length,
      label,
      prediction,
      search: searched ? (opts.searchProxyColumns === 'label' ? 'alone' : 'full') : 'left out',
    });
    found.push({
      key: 'target-proxy',
      instance: column.name,
      severity: onLabel ? 'medium' : 'low',
      args: {
        column: column.name,
        target: onLabel ? 'label' : 'prediction',
        lambda: strength.lambda,
        accuracy: strength.accuracy,
        baseline: strength.baseline,
        rows: strength.rows,
        values: coded.values.length,
        predictionLambda: prediction ? prediction.lambda : null,
        modelAccuracy: onLabel && beatsModel ? modelAccuracy : null,
        leftOutOfSearch: !searched,
      },
      examples: [],
    });
  }
  return { metrics: out, findings: found, leaveOut, alone };
}
