import { z } from 'zod';
import { defineCheck, type CheckContext, type Example, type FindingOf, type Json, type Severity } from '../types.js';
import { describePredicates, findings, MISSING, type DiscoveredSlice, type SkewedSlice } from './findings.js';
import { remedies } from './remedy.js';

export { describePredicates };
import type { Column } from '../../data/column.js';
import type { Labels, Predictions } from '../../data/model.js';
import { InputError } from '../../errors.js';
import { sanitizeInline } from '../../core/sanitize.js';
import { benjaminiHochberg } from '../../math/fdr.js';
import { twoByTwoTest } from '../../math/fisher.js';
import {
  demographicParityDifference,
  disparityRatio,
  emptyConfusion,
  equalizedOddsDifference,
  groupMetrics,
  metricCounts,
  type Confusion,
  type GroupMetricName,
} from '../../math/group-metrics.js';
import { distinctSlices, quantileBins, quantileBinsOfLevels, searchSlices, type FoundSlice, type SearchFeature } from '../../math/slice-search.js';
import { setOwn } from '../../own-keys.js';

const options = z
  .object({
    /** Reference group per declared column (`{"race": "Caucasian"}`); default: the column's largest group. */
    referenceGroups: z.record(z.string(), z.string()).default({}),
    /** A disparity ratio below this is a finding (Aequitas' four-fifths rule). */
    disparityLow: z.number().gt(0).max(1).default(0.8),
    /** A disparity ratio above this is a finding. */
    disparityHigh: z.number().min(1).default(1.25),
    /** False discovery rate for disparities and discovered slices (Benjamini-Hochberg q-value at most this). */
    alpha: z.number().gt(0).lt(1).default(0.05),
    /** Groups smaller than this get no disparity finding and stay out of the between-group differences. */
    minGroupSize: z.number().int().min(1).default(30),
    /** Most groups listed per declared column (or intersection), largest first. */
    maxGroups: z.number().int().min(1).default(100),
    /** A column with at most this many distinct values is categorical; a numeric one with more is cut into bins. */
    maxLevels: z.number().int().min(2).default(20),
    /** Quantile bins for numeric columns and the text length. */
    bins: z.number().int().min(2).max(50).default(5),
    /** Minimum support of a discovered slice: this share of the rows ... */
    minSupportShare: z.number().min(0).max(1).default(0.01),
    /** ... and at least this many rows. */
    minSupportRows: z.number().int().min(1).default(30),
    /** Most predicates in a discovered slice. */
    maxDepth: z.number().int().min(1).max(3).default(3),
    /** Most discovered slices listed. */
    maxDiscovered: z.number().int().min(1).default(10),
    /** A discovered slice whose rows overlap a higher-ranked one by this Jaccard index or more is left out as a near-duplicate. */
    maxOverlap: z.number().gt(0).max(1).default(0.8),
    /** Search only these columns (the text column stands for its length); default: every column but the id and the text. */
    searchColumns: z.array(z.string()).nullable().default(null),
    /** Columns left out of the search (e.g. a score that is the prediction itself). */
    excludeColumns: z.array(z.string()).default([]),
    /** Most columns searched, in table order. */
    maxSearchColumns: z.number().int().min(1).default(40),
    /** Example rows per finding. */
    maxExamples: z.number().int().min(0).default(5),
  })
  .strict();

type Options = z.output<typeof options>;


/** Metrics compared between groups, for a binary task with a positive class; error rate otherwise. */
const BINARY_METRICS: GroupMetricName[] = ['accuracy', 'errorRate', 'fpr', 'fnr', 'precision', 'selectionRate', 'prevalence'];
/** Metrics whose disparities become findings (accuracy mirrors the error rate; prevalence is the data's, not the model's). */
const FINDING_METRICS: GroupMetricName[] = ['errorRate', 'fpr', 'fnr', 'precision', 'selectionRate'];



function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

function pText(value: number): string {
  return value < 0.001 ? value.toExponential(1) : value.toFixed(3);
}


/** What the model got right per row: the runs' ensemble. */
interface Outcomes {
  /** Rows with a label and an outcome, ascending. */
  rows: Int32Array;
  /** True when every row of `rows` has a predicted class (not only a `correct`/`score`). */
  classes: boolean;
  /** Ensemble predicted class per row (-1 when only per-example scores were given). */
  pred: Int32Array;
  /** 1 where the ensemble is wrong (on `rows`). */
  wrong: Uint8Array;
  method: string;
}

/**
 * The runs' ensemble per row: the mean of the class probabilities of the runs covering the row
 * when they all have probabilities, else the majority vote of their predicted classes (ties to
 * the lowest class index); a single run is taken as it is. Rows where the runs give only
 * `correct`/`score` are wrong when the mean score is below 0.5.
 */
function ensembleOutcomes(labels: Labels, predictions: Predictions): Outcomes {
  const n = labels.codes.length;
  const k = predictions.classes.length;
  const runs = predictions.runs;
  const pred = new Int32Array(n).fill(-1);
  const wrong = new Uint8Array(n);
  // Run by run (sequential memory): how many runs cover each row, how many with probabilities, and their sum.
  const covering = new Uint8Array(n);
  const withProbabilities = new Uint8Array(n);
  const sums = runs.length > 1 && predictions.hasProbabilities ? new Float64Array(n * k) : null;
  for (const run of runs) {
    const { covered, probs } = run;
    for (let row = 0; row < n; row++) {
      if (!covered[row]) continue;
      covering[row]++;
      if (sums && probs && Number.isFinite(probs[row * k])) {
        withProbabilities[row]++;
        const offset = row * k;
        for (let c = 0; c < k; c++) sums[offset + c] += probs[offset + c];
      }
    }
  }
  const eligible: number[] = [];
  const votes = new Int32Array(k);
  let byProbabilities = 0;
  let byVote = 0;
  let byScore = 0;
  for (let row = 0; row < n; row++) {
    const label = labels.codes[row];
    if (label < 0 || covering[row] === 0) continue;
    let predicted = -1;
    if (sums && withProbabilities[row] === covering[row]) {
      const offset = row * k;
      predicted = 0;
      for (let c = 1; c < k; c++) if (sums[offset + c] > sums[offset + predicted]) predicted = c;
      byProbabilities++;
    } else {
      votes.fill(0);
      let voters = 0;
      for (const run of runs) {
        if (!run.covered[row] || !run.pred || run.pred[row] < 0) continue;
        votes[run.pred[row]]++;
        voters++;
      }
      if (voters > 0) {
        predicted = 0;
        for (let c = 1; c < k; c++) if (votes[c] > votes[predicted]) predicted = c;
        byVote++;
      }
    }
    if (predicted >= 0) {
      pred[row] = predicted;
      wrong[row] = predicted === label ? 0 : 1;
      eligible.push(row);
      continue;
    }
    let total = 0;
    let scored = 0;
    for (const run of runs) {
      if (!run.covered[row] || !run.score || !Number.isFinite(run.score[row])) continue;
      total += run.score[row];
      scored++;
    }
    if (scored === 0) continue;
    wrong[row] = total / scored < 0.5 ? 1 : 0;
    eligible.push(row);
    byScore++;
  }
  let method: string;
  if (runs.length === 1) method = 'single run';
  else if (byVote === 0 && byScore === 0) method = 'mean of probabilities';
  else if (byProbabilities === 0 && byScore === 0) method = 'majority vote';
  else if (byProbabilities === 0 && byVote === 0) method = 'mean score';
  else method = 'mixed';
  return { rows: Int32Array.from(eligible), classes: byScore === 0, pred, wrong, method };
}

/** A column as codes: categorical values, or quantile bins for a numeric column with many values; missing cells are their own value. */
interface CodedColumn {
  name: string;
  codes: Int32Array;
  values: (string | null)[];
}

function withMissingValue(codes: Int32Array, values: (string | null)[]): CodedColumn['values'] {
  let missing = false;
  for (let i = 0; i < codes.length && !missing; i++) if (codes[i] < 0) missing = true;
  if (!missing) return values;
  const code = values.length;
  for (let i = 0; i < codes.length; i++) if (codes[i] < 0) codes[i] = code;
  return [...values, null];
}

function codeColumn(column: Column, maxLevels: number, bins: number, allowStrings: boolean): CodedColumn | null {
  if (column.isNumeric && column.distinctCount > maxLevels) {
    const binned =
      column.levels && column.codes
        ? quantileBinsOfLevels(column.levels.map((level) => Number(level)), column.codes, bins)
        : quantileBins(column.numbers(), bins);
    return { name: column.name, codes: binned.codes, values: withMissingValue(binned.codes, binned.labels) };
  }
  if (column.levels && column.codes && (allowStrings || column.levels.length <= maxLevels)) {
    const codes = column.codes.slice();
    return { name: column.name, codes, values: withMissingValue(codes, [...column.levels]) };
  }
  if (!allowStrings) return null;
  const index = new Map<string, number>();
  const values: string[] = [];
  const codes = new Int32Array(column.size);
  for (let row = 0; row < column.size; row++) {
    if (column.isMissing(row)) {
      codes[row] = -1;
      continue;
    }
    const value = column.get(row);
    let code = index.get(value);
    if (code === undefined) {
      code = values.length;
      index.set(value, code);
      values.push(value);
    }
    codes[row] = code;
  }
  return { name: column.name, codes, values: withMissingValue(codes, values) };
}

function combinations<T>(items: readonly T[], size: number): T[][] {
  if (size === 0) return [[]];
  const out: T[][] = [];
  items.forEach((item, i) => {
    for (const rest of combinations(items.slice(i + 1), size - 1)) out.push([item, ...rest]);
  });
  return out;
}

interface GroupStats {
  values: (string | null)[];
  codes: number[];
  size: number;
  confusion: Confusion;
  wrong: number;
  positives: number;
  runCorrect: Float64Array;
  runCount: Float64Array;
}

interface Mode {
  /** Binary labels with a positive class (prevalence). */
  binary: boolean;
  /** ... and predicted classes on every evaluated row (the confusion-matrix metrics). */
  confusion: boolean;
  positive: number;
  outcomes: Outcomes | null;
  runs: Predictions['runs'];
}

/** Per-group statistics of one combination of declared columns (dense arrays indexed by the combined code). */
function groupStatistics(columns: CodedColumn[], labels: Labels, mode: Mode): GroupStats[] {
  const rows = mode.outcomes ? mode.outcomes.rows : labelledRows(labels);
  const runCount = mode.runs.length;
  const keys = new Float64Array(rows.length);
  const seen = new Map<number, number>();
  for (let i = 0; i < rows.length; i++) {
    let key = 0;
    for (const column of columns) key = key * column.values.length + column.codes[rows[i]];
    keys[i] = key;
  }
  // Dense group indices in order of first appearance (a lookup table when the combined codes are few).
  const index = new Int32Array(rows.length);
  const space = columns.reduce((product, column) => product * column.values.length, 1);
  const table = space <= 1 << 20 ? new Int32Array(space).fill(-1) : null;
  for (let i = 0; i < rows.length; i++) {
    const key = keys[i];
    let g = table ? table[key] : (seen.get(key) ?? -1);
    if (g < 0) {
      g = seen.size;
      seen.set(key, g);
      if (table) table[key] = g;
    }
    index[i] = g;
  }
  const count = seen.size;
  const size = new Float64Array(count);
  const wrong = new Float64Array(count);
  const positives = new Float64Array(count);
  const cells = new Float64Array(count * 4); // tp, fp, tn, fn
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const g = index[i];
    size[g]++;
    const actual = labels.codes[row] === mode.positive;
    if (actual) positives[g]++;
    if (mode.outcomes) {
      wrong[g] += mode.outcomes.wrong[row];
      if (mode.confusion) {
        const predicted = mode.outcomes.pred[row] === mode.positive;
        cells[g * 4 + (actual ? (predicted ? 0 : 3) : predicted ? 1 : 2)]++;
      }
    }
  }
  const runCorrect = new Float64Array(count * runCount);
  const runTotal = new Float64Array(count * runCount);
  if (mode.outcomes) {
    for (let r = 0; r < runCount; r++) {
      const score = mode.runs[r].score;
      if (!score) continue;
      for (let i = 0; i < rows.length; i++) {
        const value = score[rows[i]];
        if (value === value) {
          runTotal[index[i] * runCount + r]++;
          runCorrect[index[i] * runCount + r] += value;
        }
      }
    }
  }
  const out: GroupStats[] = [];
  for (const [key, g] of seen) {
    const codes: number[] = new Array(columns.length);
    let rest = key;
    for (let c = columns.length - 1; c >= 0; c--) {
      const levels = columns[c].values.length;
      codes[c] = rest % levels;
      rest = Math.floor(rest / levels);
    }
    out.push({
      values: columns.map((column, c) => column.values[codes[c]]),
      codes,
      size: size[g],
      confusion: { tp: cells[g * 4], fp: cells[g * 4 + 1], tn: cells[g * 4 + 2], fn: cells[g * 4 + 3] },
      wrong: wrong[g],
      positives: positives[g],
      runCorrect: runCorrect.slice(g * runCount, (g + 1) * runCount),
      runCount: runTotal.slice(g * runCount, (g + 1) * runCount),
    });
  }
  return out;
}

function labelledRows(labels: Labels): Int32Array {
  const rows: number[] = [];
  for (let row = 0; row < labels.codes.length; row++) if (labels.codes[row] >= 0) rows.push(row);
  return Int32Array.from(rows);
}

function compareGroups(a: GroupStats, b: GroupStats): number {
  if (b.size !== a.size) return b.size - a.size;
  const va = a.values.map((v) => v ?? '').join('\u0000');
  const vb = b.values.map((v) => v ?? '').join('\u0000');
  return va < vb ? -1 : va > vb ? 1 : 0;
}

/** Metric values of a group; accuracy and error rate need predictions, the rest a binary task too. */
function metricsOf(group: GroupStats, mode: Mode): Partial<Record<GroupMetricName, number>> {
  if (mode.confusion) return { ...groupMetrics(group.confusion) };
  const out: Partial<Record<GroupMetricName, number>> = {};
  if (mode.outcomes) {
    out.accuracy = group.size === 0 ? NaN : 1 - group.wrong / group.size;
    out.errorRate = group.size === 0 ? NaN : group.wrong / group.size;
  }
  if (mode.binary) out.prevalence = group.size === 0 ? NaN : group.positives / group.size;
  return out;
}

/** Counts behind a metric for a significance test (binary metrics from the confusion matrix). */
function countsOf(group: GroupStats, metric: GroupMetricName, mode: Mode): { events: number; trials: number } {
  if (mode.confusion) return metricCounts(group.confusion, metric);
  if (metric === 'errorRate') return { events: group.wrong, trials: group.size };
  if (metric === 'accuracy') return { events: group.size - group.wrong, trials: group.size };
  return { events: group.positives, trials: group.size };
}

interface DisparityTest {
  column: string;
  combo: CodedColumn[];
  reference: GroupStats;
  group: GroupStats;
  metric: GroupMetricName;
  value: number;
  referenceValue: number;
  ratio: number;
  trials: number;
  events: number;
  referenceTrials: number;
  referenceEvents: number;
  pValue: number;
  qValue: number;
}


function disparitySeverity(ratio: number): Severity {
  const spread = Math.max(ratio, 1 / ratio);
  if (spread >= 2) return 'high';
  if (spread >= 1.5) return 'medium';
  return 'low';
}

export const slices = defineCheck({
  id: 'slices',
  title: 'Slices and bias',
  description:
    'Per-group metrics for declared slice columns (accuracy and error rate; for a binary task FPR, FNR, precision, selection rate and prevalence) with disparity ratios to a reference group and Fairlearn differences, and a SliceLine-style search for underperforming slices up to three columns deep with significance tests and false-discovery control.',
  needs: ['labels'],
  options,
  findings,
  remedies,
  run(context) {
    const opts = context.options;
    const labels = context.labels!;
    const predictions = context.predictions && context.predictions.runs.length > 0 ? context.predictions : null;
    const binary = labels.classes.length === 2 && labels.positiveClass >= 0;
    const outcomes = predictions ? context.memo('slices:ensemble', () => ensembleOutcomes(labels, predictions)) : null;
    const usable = outcomes && outcomes.rows.length > 0 ? outcomes : null;
    const mode: Mode = { binary, confusion: binary && usable !== null && usable.classes, positive: binary ? labels.positiveClass : -1, outcomes: usable, runs: predictions?.runs ?? [] };
    const found: FindingOf<typeof findings>[] = [];
    const metrics: Record<string, Json> = {};

    const evaluatedRows = mode.outcomes ? mode.outcomes.rows : labelledRows(labels);
    let overallWrong = 0;
    if (mode.outcomes) for (let i = 0; i < evaluatedRows.length; i++) overallWrong += mode.outcomes.wrong[evaluatedRows[i]];
    metrics.rows = evaluatedRows.length;
    metrics.runs = mode.runs.length;
    metrics.ensemble = mode.outcomes ? mode.outcomes.method : null;
    metrics.positiveClass = binary ? labels.classes[labels.positiveClass] : null;
    metrics.overallErrorRate = mode.outcomes && evaluatedRows.length > 0 ? overallWrong / evaluatedRows.length : null;

    // ---- Declared slices -------------------------------------------------------------------
    const declared = declaredSlices(context, opts, labels, mode);
    metrics.groups = declared.groups;
    metrics.columns = declared.columns;
    found.push(...declared.findings);

    // ---- Discovered slices -----------------------------------------------------------------
    const discovered = discoverSlices(context, opts, labels, mode, evaluatedRows);
    Object.assign(metrics, discovered.metrics);
    found.push(...discovered.findings);

    return { metrics, findings: found };
  },
});

function declaredSlices(context: CheckContext, opts: Options, labels: Labels, mode: Mode): { groups: Json[]; columns: Json[]; findings: FindingOf<typeof findings>[] } {
  const names = context.roles.slices;
  const groupsOut: Json[] = [];
  const columnsOut: Json[] = [];
  const found: FindingOf<typeof findings>[] = [];
  if (names.length === 0) return { groups: groupsOut, columns: columnsOut, findings: found };
  const references = new Map(Object.entries(opts.referenceGroups));
  const coded = names.map((name) => codeColumn(context.data.column(name)!, opts.maxLevels, opts.bins, true)!);
  const depth = Math.max(1, Math.min(context.settings.sliceDepth, coded.length));
  const comparable: GroupMetricName[] = mode.confusion
    ? BINARY_METRICS
    : [...(mode.outcomes ? (['accuracy', 'errorRate'] as const) : []), ...(mode.binary ? (['prevalence'] as const) : [])];
  const testable = mode.outcomes ? FINDING_METRICS.filter((metric) => comparable.includes(metric)) : [];
  const tests: DisparityTest[] = [];

  for (let size = 1; size <= depth; size++) {
    for (const combo of combinations(coded, size)) {
      const label = combo.map((column) => column.name).join(' & ');
      const groups = groupStatistics(combo, labels, mode).sort(compareGroups);
      if (groups.length === 0) continue;
      const valueText = (group: GroupStats) => group.values.map((value) => value ?? MISSING).join(' & ');
      let reference = groups[0];
      const wanted = references.get(label);
      if (wanted !== undefined) {
        const found = groups.find((group) => valueText(group) === wanted);
        if (!found) {
          const known = groups.slice(0, 10).map((group) => JSON.stringify(valueText(group))).join(', ');
          throw new InputError(`config key "checkOptions.slices.referenceGroups.${label}": the slice column has no value ${JSON.stringify(wanted)} (values: ${known})`);
        }
        reference = found;
      }
      const referenceMetrics = metricsOf(reference, mode);
      const listed = groups.slice(0, opts.maxGroups);
      if (!listed.includes(reference)) listed.push(reference);
      for (const group of listed) {
        const values = metricsOf(group, mode);
        const entry: Record<string, Json> = {};
        entry.column = label;
        entry.value = size === 1 ? group.values[0] : valueText(group);
        const predicates: Record<string, Json> = {};
        combo.forEach((column, c) => setOwn(predicates, column.name, group.values[c]));
        entry.predicates = predicates;
        entry.size = group.size;
        entry.accuracy = values.accuracy ?? null;
        entry.errorRate = values.errorRate ?? null;
        for (const metric of ['fpr', 'fnr', 'precision', 'selectionRate', 'prevalence'] as const) if (metric in values) entry[metric] = values[metric]!;
        const disparity: Record<string, Json> = {};
        for (const metric of comparable) disparity[metric] = disparityRatio(values[metric]!, referenceMetrics[metric]!);
        entry.disparity = disparity;
        if (mode.outcomes && mode.runs.length > 1) {
          let min = Infinity;
          let max = -Infinity;
          for (let r = 0; r < mode.runs.length; r++) {
            if (group.runCount[r] === 0) continue;
            const accuracy = group.runCorrect[r] / group.runCount[r];
            min = Math.min(min, accuracy);
            max = Math.max(max, accuracy);
          }
          entry.accuracyByRun = Number.isFinite(min) ? { min, max, range: max - min } : null;
        }
        groupsOut.push(entry);

        if (group === reference || group.size < opts.minGroupSize || reference.size < opts.minGroupSize) continue;
        for (const metric of testable) {
          const own = countsOf(group, metric, mode);
          const ref = countsOf(reference, metric, mode);
          if (own.trials === 0 || ref.trials === 0) continue;
          const { pValue } = twoByTwoTest(own.events, own.trials - own.events, ref.events, ref.trials - ref.events);
          tests.push({ column: label, combo, reference, group, metric, value: values[metric]!, referenceValue: referenceMetrics[metric]!, ratio: disparityRatio(values[metric]!, referenceMetrics[metric]!), trials: own.trials, events: own.events, referenceTrials: ref.trials, referenceEvents: ref.events, pValue, qValue: NaN });
        }
      }
      const large = groups.filter((group) => group.size >= opts.minGroupSize);
      const columnEntry: Record<string, Json> = {
        column: label,
        reference: size === 1 ? reference.values[0] : valueText(reference),
        groups: groups.length,
        listedGroups: Math.min(groups.length, opts.maxGroups) + (groups.indexOf(reference) >= opts.maxGroups ? 1 : 0),
        demographicParityDifference: mode.confusion ? demographicParityDifference(large.map((group) => group.confusion)) : null,
        equalizedOddsDifference: mode.confusion ? equalizedOddsDifference(large.map((group) => group.confusion)) : null,
      };
      columnsOut.push(columnEntry);
    }
  }

  const q = benjaminiHochberg(tests.map((test) => test.pValue));
  tests.forEach((test, i) => (test.qValue = q[i]));
  for (const test of tests) {
    if (!Number.isFinite(test.ratio) || (test.ratio >= opts.disparityLow && test.ratio <= opts.disparityHigh) || !(test.qValue <= opts.alpha)) continue;
    found.push(disparityFinding(context, opts, test, mode, labels, tests.length));
  }
  return { groups: groupsOut, columns: columnsOut, findings: found };
}

function disparityFinding(context: CheckContext, opts: Options, test: DisparityTest, mode: Mode, labels: Labels, testCount: number): FindingOf<typeof findings> {
  const valueKey = test.group.values.map((value) => value ?? MISSING).join(' & ');
  const gap = Math.round((test.value - test.referenceValue) * test.trials);
  const examples: Example[] = [];
  if (mode.outcomes && opts.maxExamples > 0) {
    const rows = mode.outcomes.rows;
    for (let i = 0; i < rows.length && examples.length < opts.maxExamples; i++) {
      const row = rows[i];
      if (!test.combo.every((column, c) => column.codes[row] === test.group.codes[c])) continue;
      if (!exampleMatches(test.metric, row, mode, labels)) continue;
      examples.push(exampleRow(context, row, mode, labels));
    }
  }
  return {
    key: 'disparity',
    instance: `${test.column}=${valueKey}:${test.metric}`,
    severity: disparitySeverity(test.ratio),
    args: {
      column: test.column,
      group: test.group.values.length === 1 ? test.group.values[0] : valueKey,
      reference: test.reference.values.length === 1 ? test.reference.values[0] : test.reference.values.map((value) => value ?? MISSING).join(' & '),
      metric: test.metric,
      value: test.value,
      referenceValue: test.referenceValue,
      ratio: test.ratio,
      groupSize: test.group.size,
      referenceSize: test.reference.size,
      pValue: test.pValue,
      qValue: test.qValue,
      gap: Math.abs(gap),
      events: test.events,
      trials: test.trials,
      disparityLow: opts.disparityLow,
      disparityHigh: opts.disparityHigh,
      disparityTests: testCount,
      predicates: test.combo.map((column, c) => ({ column: column.name, value: test.group.values[c] })),
      referencePredicates: test.combo.map((column, c) => ({ column: column.name, value: test.reference.values[c] })),
    },
    examples,
  };
}

/** Whether a row shows the kind of outcome a metric counts (an error, a false positive ...). */
function exampleMatches(metric: GroupMetricName, row: number, mode: Mode, labels: Labels): boolean {
  const outcomes = mode.outcomes!;
  if (!mode.confusion) return outcomes.wrong[row] === 1;
  const actual = labels.codes[row] === mode.positive;
  const predicted = outcomes.pred[row] === mode.positive;
  switch (metric) {
    case 'fpr':
    case 'precision':
      return predicted && !actual;
    case 'fnr':
      return actual && !predicted;
    case 'selectionRate':
      return predicted;
    default:
      return outcomes.wrong[row] === 1;
  }
}

function exampleRow(context: CheckContext, row: number, mode: Mode, labels: Labels, extra: Record<string, Json> = {}): Example {
  const fields: Record<string, Json> = { ...extra, label: labels.classes[labels.codes[row]] };
  const predicted = mode.outcomes?.pred[row] ?? -1;
  if (predicted >= 0) fields.predicted = labels.classes[predicted];
  const excerpt = context.excerpt(row);
  if (excerpt !== undefined) fields.text = excerpt;
  return context.example(row, fields);
}

function discoverSlices(context: CheckContext, opts: Options, labels: Labels, mode: Mode, rows: Int32Array): { metrics: Record<string, Json>; findings: FindingOf<typeof findings>[] } {
  const { data, roles } = context;
  const errorMode = mode.outcomes !== null;
  // Without predictions: where is the positive class (or the rarest class) more or less frequent?
  let targetClass = -1;
  if (!errorMode) {
    if (mode.binary) targetClass = labels.positiveClass;
    else {
      const counts = new Array<number>(labels.classes.length).fill(0);
      for (let i = 0; i < rows.length; i++) counts[labels.codes[rows[i]]]++;
      targetClass = 0;
      for (let c = 1; c < counts.length; c++) if (counts[c] < counts[targetClass]) targetClass = c;
    }
  }

  const excluded = new Set(opts.excludeColumns);
  const features: SearchFeature[] = [];
  const skipped: string[] = [];
  for (const column of data.columns) {
    if (excluded.has(column.name)) continue;
    if (opts.searchColumns && !opts.searchColumns.includes(column.name)) continue;
    if (column.name === roles.id) continue;
    if (!errorMode && column.name === roles.label) continue;
    if (features.length >= opts.maxSearchColumns) {
      skipped.push(column.name);
      continue;
    }
    if (column.name === roles.text) {
      const lengths = new Float64Array(column.size);
      for (let row = 0; row < column.size; row++) lengths[row] = column.isMissing(row) ? NaN : column.get(row).length;
      const binned = quantileBins(lengths, opts.bins);
      const values = withMissingValue(binned.codes, binned.labels);
      if (values.length >= 2) features.push({ name: `length(${column.name})`, codes: binned.codes, values });
      continue;
    }
    const coded = codeColumn(column, opts.maxLevels, opts.bins, false);
    if (coded && coded.values.length >= 2) features.push(coded);
  }

  const target = new Uint8Array(data.rowCount);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    target[row] = errorMode ? mode.outcomes!.wrong[row] : labels.codes[row] === targetClass ? 1 : 0;
  }
  const minSupport = Math.max(opts.minSupportRows, Math.ceil(opts.minSupportShare * rows.length));
  const result = searchSlices(
    { features, target, rows },
    { minSupport, maxDepth: opts.maxDepth, keep: opts.maxDiscovered * 4, direction: errorMode ? 'over' : 'both', alpha: opts.alpha },
  );
  const significant = distinctSlices(
    result.slices.filter((slice) => slice.qValue <= opts.alpha),
    { features, target, rows },
    opts.maxDiscovered,
    opts.maxOverlap,
  );
  const predicatesOf = (slice: FoundSlice) => slice.predicates.map((p) => ({ column: features[p.feature].name, value: features[p.feature].values[p.value] }));
  const predicateObject = (slice: FoundSlice) => {
    const out: Record<string, string | null> = {};
    for (const p of predicatesOf(slice)) setOwn(out, p.column, p.value);
    return out;
  };

  const metrics: Record<string, Json> = {};
  metrics.search = {
    target: errorMode ? 'errors' : 'label',
    columns: features.map((feature) => feature.name),
    skippedColumns: skipped,
    minSupport,
    maxDepth: opts.maxDepth,
    slicesTested: result.tested,
    testedByLevel: result.testedByLevel,
  };
  const found: FindingOf<typeof findings>[] = [];
  const matching = (slice: FoundSlice, want: (row: number) => boolean, limit: number) => {
    const out: number[] = [];
    for (let i = 0; i < rows.length && out.length < limit; i++) {
      const row = rows[i];
      if (!slice.predicates.every((p) => features[p.feature].codes[row] === p.value)) continue;
      if (want(row)) out.push(row);
    }
    return out;
  };

  if (errorMode) {
    const discovered: DiscoveredSlice[] = significant.map((slice) => ({
      predicates: predicateObject(slice),
      size: slice.size,
      errorRate: slice.rate,
      overallErrorRate: result.overallRate,
      lift: result.overallRate === 0 ? null : slice.rate / result.overallRate,
      pValue: slice.pValue,
      qValue: slice.qValue,
      excessErrors: slice.excess,
    }));
    metrics.discovered = discovered as unknown as Json;
    if (significant.length > 0) {
      const top = significant[0];
      const share = result.hits === 0 ? 0 : top.excess / result.hits;
      const severity: Severity = share >= 0.25 ? 'high' : share >= 0.1 ? 'medium' : 'low';
      found.push({
        key: 'weak-slices',
        severity,
        args: {
          slices: discovered.slice(0, 5),
          topExcessErrors: top.excess,
          topErrorShare: share,
          totalErrors: result.hits,
          slicesTested: result.tested,
          sliceCount: significant.length,
          slicePredicates: significant.slice(0, 3).map(predicatesOf),
        },
        examples: matching(top, (row) => mode.outcomes!.wrong[row] === 1, opts.maxExamples).map((row) => exampleRow(context, row, mode, labels, { slice: describePredicates(predicatesOf(top)) })),
      });
    }
  } else {
    const className = labels.classes[targetClass];
    metrics.labelSkewClass = className;
    const skewed: SkewedSlice[] = significant.map((slice) => ({
      predicates: predicateObject(slice),
      size: slice.size,
      classRate: slice.rate,
      overallClassRate: result.overallRate,
      lift: result.overallRate === 0 ? null : slice.rate / result.overallRate,
      pValue: slice.pValue,
      qValue: slice.qValue,
    }));
    metrics.labelSkew = skewed as unknown as Json;
    if (significant.length > 0) {
      const top = significant[0];
      const lift = top.rate / result.overallRate;
      found.push({
        key: 'label-skew',
        severity: lift >= 2 || lift <= 0.5 ? 'low' : 'info',
        args: { class: className, slices: skewed.slice(0, 5), slicesTested: result.tested, sliceCount: significant.length, slicePredicates: significant.slice(0, 1).map(predicatesOf) },
        examples: matching(top, (row) => labels.codes[row] === targetClass, opts.maxExamples).map((row) => exampleRow(context, row, mode, labels, { slice: describePredicates(predicatesOf(top)) })),
      });
    }
  }
  return { metrics, findings: found };
}
