/**
 * Groups of declared slice columns: columns coded to levels or quantile bins, combinations of
 * columns, and per-group confusion counts and rates.
 */
import type { Column } from '../data/column.js';
import type { Labels, Predictions } from '../data/model.js';
import { groupMetrics, metricCounts, type Confusion, type GroupMetricName } from './group-metrics.js';
import { quantileBins, quantileBinsOfLevels } from './slice-search.js';
import type { Outcomes } from './ensemble-outcomes.js';

export interface CodedColumn {
  name: string;
  codes: Int32Array;
  values: (string | null)[];
}

export function withMissingValue(codes: Int32Array, values: (string | null)[]): CodedColumn['values'] {
  let missing = false;
  for (let i = 0; i < codes.length && !missing; i++) if (codes[i] < 0) missing = true;
  if (!missing) return values;
  const code = values.length;
  for (let i = 0; i < codes.length; i++) if (codes[i] < 0) codes[i] = code;
  return [...values, null];
}

export function codeColumn(column: Column, maxLevels: number, bins: number, allowStrings: boolean): CodedColumn | null {
  if (column.isNumeric && column.distinctCount > maxLevels) {
    const binned =
      column.levels && column.codes
        ? quantileBinsOfLevels(
            column.levels.map((level) => Number(level)),
            column.codes,
            bins,
          )
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

export function combinations<T>(items: readonly T[], size: number): T[][] {
  if (size === 0) return [[]];
  const out: T[][] = [];
  items.forEach((item, i) => {
    for (const rest of combinations(items.slice(i + 1), size - 1)) out.push([item, ...rest]);
  });
  return out;
}

export interface GroupStats {
  values: (string | null)[];
  codes: number[];
  size: number;
  confusion: Confusion;
  wrong: number;
  positives: number;
  runCorrect: Float64Array;
  runCount: Float64Array;
  /** Per-row mean score over the runs that scored the row: how many rows, their sum and sum of squares (for an interval). */
  scoredRows: number;
  rowScoreSum: number;
  rowScoreSquares: number;
}

export interface Mode {
  /** Binary labels with a positive class (prevalence). */
  binary: boolean;
  /** ... and predicted classes on every evaluated row (the confusion-matrix metrics). */
  confusion: boolean;
  positive: number;
  outcomes: Outcomes | null;
  runs: Predictions['runs'];
}

/** Per-group statistics of one combination of declared columns (dense arrays indexed by the combined code). */
export function groupStatistics(columns: CodedColumn[], labels: Labels, mode: Mode): GroupStats[] {
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
  const scoredRows = new Float64Array(count);
  const rowScoreSum = new Float64Array(count);
  const rowScoreSquares = new Float64Array(count);
  if (mode.outcomes) {
    // One pass over the runs' scores: per group and run (accuracy by run), and per row (its mean over runs).
    const scores = mode.runs.map((run) => run.score);
    for (let i = 0; i < rows.length; i++) {
      const g = index[i];
      let sum = 0;
      let scored = 0;
      for (let r = 0; r < runCount; r++) {
        const value = scores[r]?.[rows[i]];
        if (value === undefined || value !== value) continue;
        runTotal[g * runCount + r]++;
        runCorrect[g * runCount + r] += value;
        sum += value;
        scored++;
      }
      if (scored === 0) continue;
      const mean = sum / scored;
      scoredRows[g]++;
      rowScoreSum[g] += mean;
      rowScoreSquares[g] += mean * mean;
    }
  }
  const out: GroupStats[] = [];
  for (const [key, g] of seen) {
    const codes: number[] = new Array<number>(columns.length);
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
      scoredRows: scoredRows[g],
      rowScoreSum: rowScoreSum[g],
      rowScoreSquares: rowScoreSquares[g],
    });
  }
  return out;
}

/** Every row of the groups together (the groups partition the evaluated rows). */
export function totalOf(groups: readonly GroupStats[]): GroupStats {
  const runs = groups[0]?.runCorrect.length ?? 0;
  const total: GroupStats = {
    values: [],
    codes: [],
    size: 0,
    confusion: { tp: 0, fp: 0, tn: 0, fn: 0 },
    wrong: 0,
    positives: 0,
    runCorrect: new Float64Array(runs),
    runCount: new Float64Array(runs),
    scoredRows: 0,
    rowScoreSum: 0,
    rowScoreSquares: 0,
  };
  for (const group of groups) {
    total.size += group.size;
    total.wrong += group.wrong;
    total.positives += group.positives;
    total.scoredRows += group.scoredRows;
    total.rowScoreSum += group.rowScoreSum;
    total.rowScoreSquares += group.rowScoreSquares;
    total.confusion.tp += group.confusion.tp;
    total.confusion.fp += group.confusion.fp;
    total.confusion.tn += group.confusion.tn;
    total.confusion.fn += group.confusion.fn;
    for (let r = 0; r < runs; r++) {
      total.runCorrect[r] += group.runCorrect[r];
      total.runCount[r] += group.runCount[r];
    }
  }
  return total;
}

/** The rows outside one group: the one-vs-rest reference. */
export function restOf(total: GroupStats, group: GroupStats): GroupStats {
  return {
    values: [],
    codes: [],
    size: total.size - group.size,
    confusion: {
      tp: total.confusion.tp - group.confusion.tp,
      fp: total.confusion.fp - group.confusion.fp,
      tn: total.confusion.tn - group.confusion.tn,
      fn: total.confusion.fn - group.confusion.fn,
    },
    wrong: total.wrong - group.wrong,
    positives: total.positives - group.positives,
    runCorrect: total.runCorrect.map((value, r) => value - group.runCorrect[r]),
    runCount: total.runCount.map((value, r) => value - group.runCount[r]),
    scoredRows: total.scoredRows - group.scoredRows,
    rowScoreSum: total.rowScoreSum - group.rowScoreSum,
    rowScoreSquares: total.rowScoreSquares - group.rowScoreSquares,
  };
}

/**
 * Mean over the group's rows of each row's mean score over the runs (for labelled rows: the share
 * of runs right), with a normal-approximation 95% interval (mean +- 1.96 s / sqrt(n)).
 */
export function meanScoreOf(group: GroupStats): { mean: number; ci95: [number, number] } | null {
  const n = group.scoredRows;
  if (n === 0) return null;
  const mean = group.rowScoreSum / n;
  const variance = n > 1 ? Math.max(0, (group.rowScoreSquares - n * mean * mean) / (n - 1)) : 0;
  const half = 1.96 * Math.sqrt(variance / n);
  return { mean, ci95: [Math.max(0, mean - half), Math.min(1, mean + half)] };
}

export function labelledRows(labels: Labels): Int32Array {
  const rows: number[] = [];
  for (let row = 0; row < labels.codes.length; row++) if (labels.codes[row] >= 0) rows.push(row);
  return Int32Array.from(rows);
}

export function compareGroups(a: GroupStats, b: GroupStats): number {
  if (b.size !== a.size) return b.size - a.size;
  const va = a.values.map((v) => v ?? '').join('\u0000');
  const vb = b.values.map((v) => v ?? '').join('\u0000');
  return va < vb ? -1 : va > vb ? 1 : 0;
}

/** Metric values of a group; accuracy and error rate need predictions, the rest a binary task too. */
export function metricsOf(group: GroupStats, mode: Mode): Partial<Record<GroupMetricName, number>> {
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
export function countsOf(group: GroupStats, metric: GroupMetricName, mode: Mode): { events: number; trials: number } {
  if (mode.confusion) return metricCounts(group.confusion, metric);
  if (metric === 'errorRate') return { events: group.wrong, trials: group.size };
  if (metric === 'accuracy') return { events: group.size - group.wrong, trials: group.size };
  return { events: group.positives, trials: group.size };
}
