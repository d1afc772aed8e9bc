/** Slices found automatically: the search over feature columns for slices with more errors (or a skewed label). */
import { wilsonInterval } from '../../math/proportion.js';
import { type CheckContext, type FindingOf, type Json, type Severity } from '../types.js';
import { describePredicates, findings, type DiscoveredSlice, type SkewedSlice } from './findings.js';
import type { Labels } from '../../data/model.js';
import { distinctSlices, searchSlices, type FoundSlice } from '../../math/slice-search.js';
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

export function discoverSlices(
  context: CheckContext,
  opts: Options,
  labels: Labels,
  mode: Mode,
  rows: Int32Array,
  leaveOut: ReadonlySet<string> = new Set(),
  alone: ReadonlySet<string> = new Set(),
): { metrics: Record<string, Json>; findings: FindingOf<typeof findings>[]; target: TargetGroup | null } {
  const { data } = context;
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

  // The label is never a slice (per-class error is the performance check's), nor a column that gives it away.
  // A column that gives the label away (searched by default) is searched on its own only.
  const searchable = searchFeatures(context, opts, leaveOut);
  const { skipped, leftOut } = searchable;
  const features = searchable.features.map((feature) => (alone.has(feature.name) ? { ...feature, alone: true } : feature));

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
  const significant = result.slices.filter((slice) => slice.qValue <= opts.alpha);
  const distinct = (ranked: readonly FoundSlice[]) => distinctSlices(ranked, { features, target, rows }, opts.maxDiscovered, opts.maxOverlap);
  const predicatesOf = (slice: FoundSlice) => slice.predicates.map((p) => ({ column: features[p.feature].name, value: features[p.feature].values[p.value] }));
  const predicateObject = (slice: FoundSlice) => {
    const out: Record<string, string | null> = {};
    for (const p of predicatesOf(slice)) setOwn(out, p.column, p.value);
    return out;
  };

  const metrics: Record<string, Json> = {};
  let targetGroup: TargetGroup | null = null;
  metrics.search = {
    target: errorMode ? 'errors' : 'label',
    columns: features.map((feature) => feature.name),
    skippedColumns: skipped,
    proxyColumnsLeftOut: leftOut,
    proxyColumnsAlone: features.filter((feature) => feature.alone).map((feature) => feature.name),
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
    // Rates are the mean over the runs; the search itself tests the ensemble's errors (one outcome per row).
    const overall = meanRunErrorRate(mode.runs, rows);
    const runMeans = overall.runs > 0;
    const overallRate = runMeans ? overall.rate : result.overallRate;
    const members = (slice: FoundSlice) => matching(slice, () => true, Infinity);
    const classRates = classErrorRates(mode, labels, rows, runMeans);
    const describe = (slice: FoundSlice): DiscoveredSlice => {
      const inSlice = members(slice);
      const rate = runMeans ? meanRunErrorRate(mode.runs, inSlice).rate : slice.rate;
      const excessErrors = slice.size * (rate - overallRate);
      const classMix = classRates ? classMixOf(classRates, labels, inSlice, rate, rows.length) : null;
      const training = presenceInTraining(context, (row) => slice.predicates.every((p) => features[p.feature].codes[row] === p.value), slice.size, rows.length);
      return {
        predicates: predicateObject(slice),
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
    };
    // Issue 27: a slice is weak only when it errs beyond what its class mix predicts (each row at
    // its class's error rate, z at least 2), or when there is no class mix to judge it by. One its
    // class mix explains only restates the per-class error (a column giving the label away, such
    // as a mailbox, cut into its classes): it stays in the metrics, never in the finding. Judged in
    // rank order until each list has more than enough for its distinct slices.
    const enough = opts.maxDiscovered * 4;
    const weakRanked: FoundSlice[] = [];
    const explainedRanked: FoundSlice[] = [];
    const described = new Map<FoundSlice, DiscoveredSlice>();
    for (const slice of significant) {
      if (weakRanked.length >= enough && explainedRanked.length >= enough) break;
      const entry = describe(slice);
      const beyond = entry.classMix === null || entry.classMix.z >= CLASS_MIX_Z;
      if (beyond ? weakRanked.length >= enough : explainedRanked.length >= enough) continue;
      described.set(slice, entry);
      (beyond ? weakRanked : explainedRanked).push(slice);
    }
    const weak = distinct(weakRanked);
    const discovered = weak.map((slice) => described.get(slice)!);
    const explained = distinct(explainedRanked).map((slice) => described.get(slice)!);
    // The slice targeted data can act on: the most errors beyond its class mix among the targetable.
    let targetSlice: number | null = null;
    discovered.slice(0, 5).forEach((slice, i) => {
      const stake = slice.classMix?.accuracyAtStake ?? slice.accuracyAtStake;
      if (slice.targetable && (targetSlice === null || stake > (discovered[targetSlice].classMix?.accuracyAtStake ?? discovered[targetSlice].accuracyAtStake)))
        targetSlice = i;
    });
    if (targetSlice !== null) {
      const predicates = weak[targetSlice].predicates;
      targetGroup = {
        stake: discovered[targetSlice].classMix?.accuracyAtStake ?? discovered[targetSlice].accuracyAtStake,
        rows: Uint8Array.from({ length: data.rowCount }, (_, row) => (predicates.every((p) => features[p.feature].codes[row] === p.value) ? 1 : 0)),
      };
    }
    metrics.discovered = discovered as unknown as Json;
    metrics.explainedByClassMix = explained as unknown as Json;
    metrics.errorRateBasis = runMeans && mode.runs.length > 1 ? 'mean over runs' : 'single run';
    if (weak.length > 0) {
      const top = discovered[0];
      found.push({
        key: 'weak-slices',
        severity: weakSliceSeverity(top.accuracyAtStake, top.qValue),
        args: {
          slices: discovered.slice(0, 5),
          topExcessErrors: top.excessErrors,
          topErrorShare: top.errorShare,
          totalErrors: rows.length * overallRate,
          evaluatedRows: rows.length,
          accuracyAtStake: top.accuracyAtStake,
          runs: overall.runs,
          slicesTested: result.tested,
          sliceCount: weak.length,
          slicePredicates: weak.slice(0, 3).map(predicatesOf),
          leftOutColumns: leftOut,
          targetSlice,
          explainedByClassMix: explained.length,
        },
        examples: matching(weak[0], (row) => mode.outcomes!.wrong[row] === 1, opts.maxExamples).map((row) =>
          exampleRow(context, row, mode, labels, { slice: describePredicates(predicatesOf(weak[0])) }),
        ),
      });
    }
  } else {
    const className = labels.classes[targetClass];
    metrics.labelSkewClass = className;
    const skewedSlices = distinct(significant);
    const skewed: SkewedSlice[] = skewedSlices.map((slice) => ({
      predicates: predicateObject(slice),
      size: slice.size,
      classRate: slice.rate,
      overallClassRate: result.overallRate,
      lift: result.overallRate === 0 ? null : slice.rate / result.overallRate,
      pValue: slice.pValue,
      qValue: slice.qValue,
    }));
    metrics.labelSkew = skewed as unknown as Json;
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
          slicePredicates: skewedSlices.slice(0, 1).map(predicatesOf),
        },
        examples: matching(top, (row) => labels.codes[row] === targetClass, opts.maxExamples).map((row) =>
          exampleRow(context, row, mode, labels, { slice: describePredicates(predicatesOf(top)) }),
        ),
      });
    }
  }
  return { metrics, findings: found, target: targetGroup };
}
