/** Slices found automatically: the search over feature columns for slices with more errors (or a skewed label). */
import { wilsonInterval } from '../../math/proportion.js';
import { type CheckContext, type FindingOf, type Severity } from '../types.js';
import type { SlicesMetrics } from './metrics.js';
import { describePredicates, findings, type DiscoveredSlice, type SkewedSlice } from './findings.js';
import type { Labels } from '../../data/model.js';
import { distinctSlices, searchSlices, type FoundSlice, type SearchFeature, type SliceSearchResult } from '../../math/slice-search.js';
import { searchFeatures } from '../support/search-features.js';
import { setOwn } from '../../own-keys.js';
import type { Mode } from '../../math/slice-groups.js';
import { exampleRow } from './declared.js';
import type { Options } from './options.js';
import { classErrorRates, classMixOf, meanRunErrorRate, presenceInTraining, type TargetGroup } from './class-mix.js';

/** Severity of the weakest slice from the accuracy at stake (excess errors over the evaluated rows) and its q-value, not from its share of the errors, which grows as the model gets better. */
export function weakSliceSeverity(accuracyAtStake: number, qValue: number): Severity {
  if (accuracyAtStake >= 0.05 && qValue <= 0.01) return 'high';
  if (accuracyAtStake >= 0.02) return 'medium';
  return 'low';
}

export { meanRunErrorRate };

/** A slice is weak beyond its class mix when its errors exceed what the mix predicts by this many standard errors. */
export const CLASS_MIX_Z = 2;

/** The search and what every later step reads of it. */
interface SearchRun {
  context: CheckContext;
  opts: Options;
  labels: Labels;
  mode: Mode;
  /** The evaluated rows. */
  rows: Int32Array;
  errorMode: boolean;
  /** Without predictions: the class whose frequency is searched (-1 in error mode). */
  targetClass: number;
  features: SearchFeature[];
  target: Uint8Array;
  leftOut: string[];
  result: SliceSearchResult;
  /** The ranked slices with a q-value within alpha. */
  significant: FoundSlice[];
}

/** Without predictions: the positive class (or the rarest class), whose frequency is searched; -1 with predictions. */
function labelTargetClass(mode: Mode, labels: Labels, rows: Int32Array): number {
  if (mode.outcomes !== null) return -1;
  if (mode.binary) return labels.positiveClass;
  const counts = new Array<number>(labels.classes.length).fill(0);
  for (let i = 0; i < rows.length; i++) counts[labels.codes[rows[i]]]++;
  let targetClass = 0;
  for (let c = 1; c < counts.length; c++) if (counts[c] < counts[targetClass]) targetClass = c;
  return targetClass;
}

/** Runs the search; returns it with its metrics (`search`). */
function runSearch(
  context: CheckContext,
  opts: Options,
  labels: Labels,
  mode: Mode,
  rows: Int32Array,
  columns: { leaveOut: ReadonlySet<string>; alone: ReadonlySet<string> },
): { run: SearchRun; metrics: NonNullable<SlicesMetrics['search']> } {
  const errorMode = mode.outcomes !== null;
  const targetClass = labelTargetClass(mode, labels, rows);
  // The label is never a slice (per-class error is the performance check's), nor a column that gives it away.
  // A column that gives the label away (searched by default) is searched on its own only.
  const searchable = searchFeatures(context, opts, columns.leaveOut);
  const { skipped, leftOut } = searchable;
  const features = searchable.features.map((feature) => (columns.alone.has(feature.name) ? { ...feature, alone: true } : feature));

  const target = new Uint8Array(context.data.rowCount);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    target[row] = errorMode ? mode.outcomes!.wrong[row] : labels.codes[row] === targetClass ? 1 : 0;
  }
  const minSupport = Math.max(opts.minSupportRows, Math.ceil(opts.minSupportShare * rows.length));
  const result = searchSlices(
    { features, target, rows },
    { minSupport, maxDepth: opts.maxDepth, keep: opts.maxDiscovered * 4, direction: errorMode ? 'over' : 'both', alpha: opts.alpha },
  );
  const significant = result.slices.filter((slice) => slice.qValue <= opts.alpha);
  const metrics = {
    target: errorMode ? ('errors' as const) : ('label' as const),
    columns: features.map((feature) => feature.name),
    skippedColumns: skipped,
    proxyColumnsLeftOut: leftOut,
    proxyColumnsAlone: features.filter((feature) => feature.alone).map((feature) => feature.name),
    minSupport,
    maxDepth: opts.maxDepth,
    slicesTested: result.tested,
    testedByLevel: result.testedByLevel,
  };
  return { run: { context, opts, labels, mode, rows, errorMode, targetClass, features, target, leftOut, result, significant }, metrics };
}

/** The distinct slices of a ranked list (near-duplicates by rows left out), at most maxDiscovered. */
const distinct = (run: SearchRun, ranked: readonly FoundSlice[]) =>
  distinctSlices(ranked, { features: run.features, target: run.target, rows: run.rows }, run.opts.maxDiscovered, run.opts.maxOverlap);
const predicatesOf = (run: SearchRun, slice: FoundSlice) =>
  slice.predicates.map((p) => ({ column: run.features[p.feature].name, value: run.features[p.feature].values[p.value] }));
const predicateObject = (run: SearchRun, slice: FoundSlice) => {
  const out: Record<string, string | null> = {};
  for (const p of predicatesOf(run, slice)) setOwn(out, p.column, p.value);
  return out;
};
const inSliceRow = (run: SearchRun, slice: FoundSlice, row: number) => slice.predicates.every((p) => run.features[p.feature].codes[row] === p.value);

/** The slice's evaluated rows for which `want` holds, at most `limit` of them. */
function matching(run: SearchRun, slice: FoundSlice, want: (row: number) => boolean, limit: number): number[] {
  const { rows, features } = run;
  const out: number[] = [];
  for (let i = 0; i < rows.length && out.length < limit; i++) {
    const row = rows[i];
    if (!slice.predicates.every((p) => features[p.feature].codes[row] === p.value)) continue;
    if (want(row)) out.push(row);
  }
  return out;
}

/** Error rates over the evaluated rows: the mean over the runs, or the ensemble's when no run gives its own outcomes. */
interface ErrorBasis {
  overall: { rate: number; runs: number };
  runMeans: boolean;
  overallRate: number;
  classRates: Float64Array | null;
}

function errorBasis(run: SearchRun): ErrorBasis {
  // Rates are the mean over the runs; the search itself tests the ensemble's errors (one outcome per row).
  const overall = meanRunErrorRate(run.mode.runs, run.rows);
  const runMeans = overall.runs > 0;
  const overallRate = runMeans ? overall.rate : run.result.overallRate;
  const classRates = classErrorRates(run.mode, run.labels, run.rows, runMeans);
  return { overall, runMeans, overallRate, classRates };
}

/** A slice with more errors, as the metrics and the finding give it. */
function describeWeakSlice(run: SearchRun, basis: ErrorBasis, slice: FoundSlice): DiscoveredSlice {
  const { rows, labels, mode, result } = run;
  const { runMeans, overallRate, classRates } = basis;
  const inSlice = matching(run, slice, () => true, Infinity);
  const rate = runMeans ? meanRunErrorRate(mode.runs, inSlice).rate : slice.rate;
  const excessErrors = slice.size * (rate - overallRate);
  const classMix = classRates ? classMixOf(classRates, labels, inSlice, rate, rows.length) : null;
  const training = presenceInTraining(run.context, (row) => inSliceRow(run, slice, row), slice.size, rows.length);
  return {
    predicates: predicateObject(run, slice),
    size: slice.size,
    errorRate: rate,
    // Wilson interval on the slice's rows (the rate is a mean over runs; the rows are what is scarce).
    errorRateCi95: wilsonInterval(rate, slice.size),
    overallErrorRate: overallRate,
    ensembleErrorRate: slice.rate,
    ensembleOverallErrorRate: result.overallRate,
    lift: overallRate === 0 ? null : rate / overallRate,
    pValue: slice.pValue,
    qValue: slice.qValue,
    excessErrors,
    accuracyAtStake: rows.length === 0 ? 0 : Math.max(0, excessErrors) / rows.length,
    errorShare: overallRate === 0 ? 0 : (slice.size * rate) / (rows.length * overallRate),
    classMix,
    training,
    targetable: (classMix === null || classMix.z >= CLASS_MIX_Z) && (training === null || training.rarerInTraining) && excessErrors > 0,
  };
}

/**
 * Issue 27: a slice is weak only when it errs beyond what its class mix predicts (each row at
 * its class's error rate, z at least 2), or when there is no class mix to judge it by. One its
 * class mix explains only restates the per-class error (a column giving the label away, such
 * as a mailbox, cut into its classes): it stays in the metrics, never in the finding. Judged in
 * rank order until each list has more than enough for its distinct slices.
 */
function judgeWeakSlices(run: SearchRun, basis: ErrorBasis): { weak: FoundSlice[]; discovered: DiscoveredSlice[]; explained: DiscoveredSlice[] } {
  const enough = run.opts.maxDiscovered * 4;
  const weakRanked: FoundSlice[] = [];
  const explainedRanked: FoundSlice[] = [];
  const described = new Map<FoundSlice, DiscoveredSlice>();
  for (const slice of run.significant) {
    if (weakRanked.length >= enough && explainedRanked.length >= enough) break;
    const entry = describeWeakSlice(run, basis, slice);
    const beyond = entry.classMix === null || entry.classMix.z >= CLASS_MIX_Z;
    if (beyond ? weakRanked.length >= enough : explainedRanked.length >= enough) continue;
    described.set(slice, entry);
    (beyond ? weakRanked : explainedRanked).push(slice);
  }
  const weak = distinct(run, weakRanked);
  const discovered = weak.map((slice) => described.get(slice)!);
  const explained = distinct(run, explainedRanked).map((slice) => described.get(slice)!);
  return { weak, discovered, explained };
}

/** The slice targeted data can act on: the most errors beyond its class mix among the targetable (of the first five). */
function targetSliceOf(discovered: readonly DiscoveredSlice[]): number | null {
  let targetSlice: number | null = null;
  discovered.slice(0, 5).forEach((slice, i) => {
    const stake = slice.classMix?.accuracyAtStake ?? slice.accuracyAtStake;
    if (slice.targetable && (targetSlice === null || stake > (discovered[targetSlice].classMix?.accuracyAtStake ?? discovered[targetSlice].accuracyAtStake)))
      targetSlice = i;
  });
  return targetSlice;
}

/** The search's part of the metrics: the search, then what it found (weak slices with predictions, label skew without). */
type SearchMetrics = Pick<SlicesMetrics, 'search' | 'discovered' | 'explainedByClassMix' | 'errorRateBasis' | 'labelSkewClass' | 'labelSkew'>;

interface SearchOutcome {
  metrics: SearchMetrics;
  findings: FindingOf<typeof findings>[];
  target: TargetGroup | null;
}

/** With predictions: slices with more errors (weak-slices), and the slice targeted data can act on. */
function weakSlices(run: SearchRun, metrics: SearchMetrics): SearchOutcome {
  const { rows, features, mode, labels, opts, context } = run;
  const basis = errorBasis(run);
  const { weak, discovered, explained } = judgeWeakSlices(run, basis);
  const targetSlice = targetSliceOf(discovered);
  let targetGroup: TargetGroup | null = null;
  if (targetSlice !== null) {
    const predicates = weak[targetSlice].predicates;
    targetGroup = {
      stake: discovered[targetSlice].classMix?.accuracyAtStake ?? discovered[targetSlice].accuracyAtStake,
      rows: Uint8Array.from({ length: context.data.rowCount }, (_, row) => (predicates.every((p) => features[p.feature].codes[row] === p.value) ? 1 : 0)),
    };
  }
  metrics.discovered = discovered;
  metrics.explainedByClassMix = explained;
  metrics.errorRateBasis = basis.runMeans && mode.runs.length > 1 ? 'mean over runs' : 'single run';
  const found: FindingOf<typeof findings>[] = [];
  if (weak.length > 0) {
    const top = discovered[0];
    found.push({
      key: 'weak-slices',
      severity: weakSliceSeverity(top.accuracyAtStake, top.qValue),
      args: {
        slices: discovered.slice(0, 5),
        topExcessErrors: top.excessErrors,
        topErrorShare: top.errorShare,
        totalErrors: rows.length * basis.overallRate,
        evaluatedRows: rows.length,
        accuracyAtStake: top.accuracyAtStake,
        runs: basis.overall.runs,
        slicesTested: run.result.tested,
        sliceCount: weak.length,
        slicePredicates: weak.slice(0, 3).map((slice) => predicatesOf(run, slice)),
        leftOutColumns: run.leftOut,
        targetSlice,
        explainedByClassMix: explained.length,
      },
      examples: matching(run, weak[0], (row) => mode.outcomes!.wrong[row] === 1, opts.maxExamples).map((row) =>
        exampleRow(context, row, mode, labels, { slice: describePredicates(predicatesOf(run, weak[0])) }),
      ),
    });
  }
  return { metrics, findings: found, target: targetGroup };
}

/** Without predictions: slices where the target class is more or less frequent (label-skew). */
function labelSkew(run: SearchRun, metrics: SearchMetrics): SearchOutcome {
  const { labels, targetClass, result, opts, context, mode } = run;
  const className = labels.classes[targetClass];
  metrics.labelSkewClass = className;
  const skewedSlices = distinct(run, run.significant);
  const skewed: SkewedSlice[] = skewedSlices.map((slice) => ({
    predicates: predicateObject(run, slice),
    size: slice.size,
    classRate: slice.rate,
    overallClassRate: result.overallRate,
    lift: result.overallRate === 0 ? null : slice.rate / result.overallRate,
    pValue: slice.pValue,
    qValue: slice.qValue,
  }));
  metrics.labelSkew = skewed;
  const found: FindingOf<typeof findings>[] = [];
  if (skewedSlices.length > 0) {
    const top = skewedSlices[0];
    const lift = top.rate / result.overallRate;
    found.push({
      key: 'label-skew',
      severity: lift >= 2 || lift <= 0.5 ? 'low' : 'info',
      args: {
        class: className,
        slices: skewed.slice(0, 5),
        slicesTested: result.tested,
        sliceCount: skewedSlices.length,
        slicePredicates: skewedSlices.slice(0, 1).map((slice) => predicatesOf(run, slice)),
      },
      examples: matching(run, top, (row) => labels.codes[row] === targetClass, opts.maxExamples).map((row) =>
        exampleRow(context, row, mode, labels, { slice: describePredicates(predicatesOf(run, top)) }),
      ),
    });
  }
  return { metrics, findings: found, target: null };
}

export function discoverSlices(
  context: CheckContext,
  opts: Options,
  labels: Labels,
  mode: Mode,
  rows: Int32Array,
  leaveOut: ReadonlySet<string> = new Set(),
  alone: ReadonlySet<string> = new Set(),
): SearchOutcome {
  const searched = runSearch(context, opts, labels, mode, rows, { leaveOut, alone });
  const metrics: SearchMetrics = { search: searched.metrics };
  return searched.run.errorMode ? weakSlices(searched.run, metrics) : labelSkew(searched.run, metrics);
}
