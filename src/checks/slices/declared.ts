/** Declared slice columns: per-group metrics and the disparities between groups (Fairlearn's MetricFrame, with tests). */
import { type CheckContext, type Example, type FindingOf, type Json, type Severity } from '../types.js';
import { findings, MISSING, type DisparityArgs } from './findings.js';
import { classErrorRates, classMixOf, presenceInTraining, type TargetGroup } from './class-mix.js';
import type { Labels } from '../../data/model.js';
import { InputError } from '../../errors.js';
import { benjaminiHochberg } from '../../math/fdr.js';
import { twoByTwoTest } from '../../math/fisher.js';
import { demographicParityDifference, disparityRatio, equalizedOddsDifference, type GroupMetricName } from '../../math/group-metrics.js';
import { setOwn } from '../../own-keys.js';
import {
  codeColumn,
  combinations,
  compareGroups,
  countsOf,
  groupStatistics,
  meanScoreOf,
  metricsOf,
  restOf,
  totalOf,
  type CodedColumn,
  type GroupStats,
  type Mode,
} from '../../math/slice-groups.js';
import { BINARY_METRICS, FINDING_METRICS, type Options } from './options.js';
import type { SlicesMetrics } from './metrics.js';

export interface DisparityTest {
  column: string;
  combo: CodedColumn[];
  /** The declared reference group, or the rest of the rows (one-vs-rest: `values` empty). */
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

/** Whether the group does worse than its reference on a metric (higher error, lower precision); selection rate has no better side. */
export function disparityDirection(metric: GroupMetricName, value: number, reference: number): 'worse' | 'better' | 'neutral' {
  if (metric === 'selectionRate' || metric === 'prevalence' || value === reference) return 'neutral';
  const higherIsWorse = metric === 'errorRate' || metric === 'fpr' || metric === 'fnr';
  return value > reference === higherIsWorse ? 'worse' : 'better';
}

export function disparitySeverity(ratio: number): Severity {
  const spread = Math.max(ratio, 1 / ratio);
  if (spread >= 2) return 'high';
  if (spread >= 1.5) return 'medium';
  return 'low';
}

/** What the analysis of every slice combination reads. */
interface DeclaredSetup {
  context: CheckContext;
  opts: Options;
  labels: Labels;
  mode: Mode;
  /** Declared reference group of each column combination, by label. */
  references: Map<string, string>;
  /** The metrics whose disparity ratio is listed, and those tested for findings. */
  comparable: GroupMetricName[];
  testable: GroupMetricName[];
}

/** What the combinations add up to: the groups' and columns' metrics, and the disparity tests. */
interface DeclaredOutput {
  groups: SlicesMetrics['groups'];
  columns: SlicesMetrics['columns'];
  tests: DisparityTest[];
}

const valueText = (group: GroupStats) => group.values.map((value) => value ?? MISSING).join(' & ');

/** The declared reference group of a combination, or null for one-vs-rest; an unknown value is an input error. */
function referenceGroupOf(groups: readonly GroupStats[], label: string, references: ReadonlyMap<string, string>): GroupStats | null {
  const wanted = references.get(label);
  if (wanted === undefined) return null;
  const found = groups.find((group) => valueText(group) === wanted);
  if (!found) {
    const known = groups
      .slice(0, 10)
      .map((group) => JSON.stringify(valueText(group)))
      .join(', ');
    throw new InputError(
      `config key "checkOptions.slices.referenceGroups.${label}": the slice column has no value ${JSON.stringify(wanted)} (values: ${known})`,
    );
  }
  return found;
}

/** One group's metrics entry: size, accuracy, mean score, error rates, disparity ratios and the spread of accuracy over runs. */
function groupEntry(
  setup: DeclaredSetup,
  combo: readonly CodedColumn[],
  group: GroupStats,
  values: ReturnType<typeof metricsOf>,
  referenceMetrics: ReturnType<typeof metricsOf>,
): SlicesMetrics['groups'][number] {
  const { mode } = setup;
  const predicates: Record<string, string | null> = {};
  combo.forEach((column, c) => setOwn(predicates, column.name, group.values[c]));
  // The mean over rows of the runs' mean score (the runs' accuracy with labels), with its interval.
  const score = meanScoreOf(group);
  // Binary-task rates where the group has them (their keys only then), before the disparity ratios.
  const rates: Partial<Record<'fpr' | 'fnr' | 'precision' | 'selectionRate' | 'prevalence', number>> = {};
  for (const metric of ['fpr', 'fnr', 'precision', 'selectionRate', 'prevalence'] as const) if (metric in values) rates[metric] = values[metric]!;
  const disparity: Record<string, number | null> = {};
  for (const metric of setup.comparable) disparity[metric] = disparityRatio(values[metric]!, referenceMetrics[metric]!);
  return {
    column: combo.map((column) => column.name).join(' & '),
    value: combo.length === 1 ? group.values[0] : valueText(group),
    predicates,
    size: group.size,
    accuracy: values.accuracy ?? null,
    meanScore: score ? score.mean : null,
    meanScoreCi95: score ? score.ci95 : null,
    errorRate: values.errorRate ?? null,
    ...rates,
    disparity,
    ...(mode.outcomes && mode.runs.length > 1 ? { accuracyByRun: accuracySpread(mode, group) } : {}),
  };
}

/** The lowest and highest accuracy of the runs on the group's rows (null when no run predicts one). */
function accuracySpread(mode: Mode, group: GroupStats): { min: number; max: number; range: number } | null {
  let min = Infinity;
  let max = -Infinity;
  for (let r = 0; r < mode.runs.length; r++) {
    if (group.runCount[r] === 0) continue;
    const accuracy = group.runCorrect[r] / group.runCount[r];
    min = Math.min(min, accuracy);
    max = Math.max(max, accuracy);
  }
  return Number.isFinite(min) ? { min, max, range: max - min } : null;
}

/** Fisher tests of a group against its reference, one per testable metric with trials on both sides. */
function groupTests(
  setup: DeclaredSetup,
  combo: CodedColumn[],
  group: GroupStats,
  ref: GroupStats,
  values: ReturnType<typeof metricsOf>,
  referenceMetrics: ReturnType<typeof metricsOf>,
): DisparityTest[] {
  const { mode } = setup;
  const tests: DisparityTest[] = [];
  for (const metric of setup.testable) {
    const own = countsOf(group, metric, mode);
    const other = countsOf(ref, metric, mode);
    if (own.trials === 0 || other.trials === 0) continue;
    const { pValue } = twoByTwoTest(own.events, own.trials - own.events, other.events, other.trials - other.events);
    tests.push({
      column: combo.map((column) => column.name).join(' & '),
      combo,
      reference: ref,
      group,
      metric,
      value: values[metric]!,
      referenceValue: referenceMetrics[metric]!,
      ratio: disparityRatio(values[metric]!, referenceMetrics[metric]!),
      trials: own.trials,
      events: own.events,
      referenceTrials: other.trials,
      referenceEvents: other.events,
      pValue,
      qValue: NaN,
    });
  }
  return tests;
}

/** One combination of slice columns: its groups' entries and tests, then its column entry. */
function analyseCombination(setup: DeclaredSetup, combo: CodedColumn[], out: DeclaredOutput): void {
  const { opts, mode, labels } = setup;
  const label = combo.map((column) => column.name).join(' & ');
  const groups = groupStatistics(combo, labels, mode).sort(compareGroups);
  if (groups.length === 0) return;
  // Default reference: the rest of the rows (one-vs-rest); a declared reference group replaces it.
  const total = totalOf(groups);
  const reference = referenceGroupOf(groups, label, setup.references);
  const listed = groups.slice(0, opts.maxGroups);
  if (reference && !listed.includes(reference)) listed.push(reference);
  for (const group of listed) {
    const ref = reference ?? restOf(total, group);
    const referenceMetrics = metricsOf(ref, mode);
    const values = metricsOf(group, mode);
    out.groups.push(groupEntry(setup, combo, group, values, referenceMetrics));
    if (group === reference || group.size < opts.minGroupSize || ref.size < opts.minGroupSize) continue;
    out.tests.push(...groupTests(setup, combo, group, ref, values, referenceMetrics));
  }
  const large = groups.filter((group) => group.size >= opts.minGroupSize);
  out.columns.push({
    column: label,
    reference: reference === null ? null : combo.length === 1 ? reference.values[0] : valueText(reference),
    referenceMode: reference === null ? 'rest' : 'group',
    groups: groups.length,
    listedGroups: Math.min(groups.length, opts.maxGroups) + (reference !== null && groups.indexOf(reference) >= opts.maxGroups ? 1 : 0),
    demographicParityDifference: mode.confusion ? demographicParityDifference(large.map((group) => group.confusion)) : null,
    equalizedOddsDifference: mode.confusion ? equalizedOddsDifference(large.map((group) => group.confusion)) : null,
  });
}

/** The disparity findings of the tests significant under BH and outside the ratio band, and the group targeted data can act on. */
function disparityFindings(setup: DeclaredSetup, tests: DisparityTest[]): { found: FindingOf<typeof findings>[]; target: TargetGroup | null } {
  const { context, opts, mode, labels } = setup;
  const found: FindingOf<typeof findings>[] = [];
  const q = benjaminiHochberg(tests.map((test) => test.pValue));
  tests.forEach((test, i) => (test.qValue = q[i]));
  let target: TargetGroup | null = null;
  for (const test of tests) {
    if (!Number.isFinite(test.ratio) || (test.ratio >= opts.disparityLow && test.ratio <= opts.disparityHigh) || !(test.qValue <= opts.alpha)) continue;
    const finding = disparityFinding(context, opts, test, mode, labels, tests.length);
    found.push(finding);
    // The declared group targeted data can act on: the most errors beyond its class mix.
    const args = finding.args as DisparityArgs;
    const stake = args.classMix?.accuracyAtStake ?? 0;
    if (args.targetable && (!target || stake > target.stake)) {
      target = {
        stake,
        rows: Uint8Array.from({ length: context.data.rowCount }, (_, row) =>
          test.combo.every((column, c) => column.codes[row] === test.group.codes[c]) ? 1 : 0,
        ),
      };
    }
  }
  return { found, target };
}

export function declaredSlices(
  context: CheckContext,
  opts: Options,
  labels: Labels,
  mode: Mode,
): { groups: SlicesMetrics['groups']; columns: SlicesMetrics['columns']; findings: FindingOf<typeof findings>[]; target: TargetGroup | null } {
  const names = context.roles.slices;
  const out: DeclaredOutput = { groups: [], columns: [], tests: [] };
  if (names.length === 0) return { groups: out.groups, columns: out.columns, findings: [], target: null };
  const references = new Map(Object.entries(opts.referenceGroups));
  const coded = names.map((name) => codeColumn(context.data.column(name)!, opts.maxLevels, opts.bins, true)!);
  const depth = Math.max(1, Math.min(context.settings.sliceDepth, coded.length));
  const comparable: GroupMetricName[] = mode.confusion
    ? BINARY_METRICS
    : [...(mode.outcomes ? (['accuracy', 'errorRate'] as const) : []), ...(mode.binary ? (['prevalence'] as const) : [])];
  const testable = mode.outcomes ? FINDING_METRICS.filter((metric) => comparable.includes(metric)) : [];
  const setup: DeclaredSetup = { context, opts, labels, mode, references, comparable, testable };
  for (let size = 1; size <= depth; size++) {
    for (const combo of combinations(coded, size)) analyseCombination(setup, combo, out);
  }
  const { found, target } = disparityFindings(setup, out.tests);
  return { groups: out.groups, columns: out.columns, findings: found, target };
}

export function disparityFinding(
  context: CheckContext,
  opts: Options,
  test: DisparityTest,
  mode: Mode,
  labels: Labels,
  testCount: number,
): FindingOf<typeof findings> {
  const valueKey = test.group.values.map((value) => value ?? MISSING).join(' & ');
  const gap = Math.round((test.value - test.referenceValue) * test.trials);
  const direction = disparityDirection(test.metric, test.value, test.referenceValue);
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
  // An error rate worse than the reference: is the group weak beyond its class mix, and rarer in training?
  let mix: Partial<Pick<DisparityArgs, 'classMix' | 'training' | 'targetable'>> = {};
  if (mode.outcomes && direction === 'worse' && (test.metric === 'errorRate' || test.metric === 'accuracy')) {
    const member = (row: number) => test.combo.every((column, c) => column.codes[row] === test.group.codes[c]);
    const evaluatedRows = mode.outcomes.rows;
    const members = Array.from(evaluatedRows).filter(member);
    const rates = classErrorRates(mode, labels, evaluatedRows, false);
    let wrong = 0;
    for (const row of members) wrong += mode.outcomes.wrong[row];
    const classMix = rates && members.length > 0 ? classMixOf(rates, labels, members, wrong / members.length, evaluatedRows.length) : null;
    const training = presenceInTraining(context, member, members.length, evaluatedRows.length);
    mix = {
      classMix,
      training,
      targetable: (classMix === null || classMix.z >= 2) && (training === null || training.rarerInTraining) && (classMix?.excessErrors ?? 1) > 0,
    };
  }
  return {
    key: 'disparity',
    instance: `${test.column}=${valueKey}:${test.metric}`,
    // A group that does better than its reference is never more than low: it is not a weakness to fix.
    severity: direction === 'better' ? 'low' : disparitySeverity(test.ratio),
    args: {
      column: test.column,
      group: test.group.values.length === 1 ? test.group.values[0] : valueKey,
      reference:
        test.reference.values.length === 0
          ? null
          : test.reference.values.length === 1
            ? test.reference.values[0]
            : test.reference.values.map((value) => value ?? MISSING).join(' & '),
      referenceMode: test.reference.values.length === 0 ? 'rest' : 'group',
      direction,
      runs: mode.runs.length,
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
      referencePredicates: test.reference.values.length === 0 ? [] : test.combo.map((column, c) => ({ column: column.name, value: test.reference.values[c] })),
      ...mix,
    },
    examples,
  };
}

/** Whether a row shows the kind of outcome a metric counts (an error, a false positive ...). */
export function exampleMatches(metric: GroupMetricName, row: number, mode: Mode, labels: Labels): boolean {
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

export function exampleRow(context: CheckContext, row: number, mode: Mode, labels: Labels, extra: Record<string, Json> = {}): Example {
  const fields: Record<string, Json> = { ...extra };
  if (labels.codes[row] >= 0) fields.label = labels.classes[labels.codes[row]];
  const predicted = mode.outcomes?.pred[row] ?? -1;
  if (predicted >= 0) fields.predicted = labels.classes[predicted];
  const excerpt = context.excerpt(row);
  if (excerpt !== undefined) fields.text = excerpt;
  return context.example(row, fields);
}
