/**
 * Baseline against candidate: the runs of the model "baseline" (--baseline-runs) against the runs
 * of each other model, paired on the examples both cover. The difference of mean accuracy (or
 * score) with a paired bootstrap, the probability of improvement, exact McNemar tests, the
 * smallest detectable difference, negative and positive flips, and per-class and per-slice
 * differences under Benjamini-Hochberg control. Figures as test/reference/comparison.py gives them.
 */
import { defineCheck, type Example, type FindingOf } from '../types.js';
import { modelGroups } from '../../data/model-groups.js';
import { BASELINE_MODEL } from '../../core/vocabulary.js';
import { mean, type PairedBootstrapResult } from '../../math/paired-comparison.js';
import { findings, type GroupArgs, type OverallArgs } from './findings.js';
import { options, type Options } from './options.js';
import { remedies } from './remedy.js';
import type { DiscoverySummary } from './discover.js';
import { intersectionSize } from '../../math/jaccard.js';
import { searchFeatures } from '../support/search-features.js';
import type { CheckContext } from '../types.js';
import { comparisonCharts } from './charts.js';
import { comparisonMetrics, type CandidateMetrics, type ComparisonMetrics } from './metrics.js';
import { compareCandidate, pairSides, type CandidateComparison, type ClassFlipRate, type SearchColumns } from './compare.js';

type Found = FindingOf<typeof findings>;

/** The share of `positions` (ascending) that are also in `other` (ascending). */
const containedShare = (positions: Int32Array, other: Int32Array) =>
  positions.length === 0 ? 0 : intersectionSize(positions, 0, positions.length, other, 0, other.length) / positions.length;

/** The findings' example rows, with their text excerpts. */
const examplesOf = (context: CheckContext<Options>, rows: number[]): Example[] =>
  rows.slice(0, context.options.maxExamples).map((row) => context.example(row, context.excerpt(row) !== undefined ? { excerpt: context.excerpt(row)! } : {}));

/** The comparison's metrics entry (after candidate and row counts): the overall difference, flips, calibration, churn and groups. */
function candidateMetrics(
  c: CandidateComparison,
  opts: Options,
): Omit<CandidateMetrics, 'candidate' | 'sharedRows' | 'onlyBaselineRows' | 'onlyCandidateRows' | 'discovered'> {
  const { boot, metric, flips, baseStability, candStability, shared, tested, q } = c;
  const runMean = (run: string, value: number) => (metric === 'accuracy' ? { run, accuracy: value } : { run, meanScore: value });
  return {
    metric,
    baselineRuns: boot.baselineRuns.map((value, i) => runMean(c.baseline[i].name, value)),
    candidateRuns: boot.candidateRuns.map((value, i) => runMean(c.candidate[i].name, value)),
    baselineMean: mean(boot.baselineRuns),
    candidateMean: mean(boot.candidateRuns),
    difference: boot.difference,
    interval: boot.interval,
    standardError: boot.standardError,
    pValue: boot.pValue,
    probabilityOfImprovement: boot.probabilityOfImprovement,
    probabilityOfImprovementInterval: boot.probabilityOfImprovementInterval,
    bootstrap: {
      resamples: boot.resamples,
      seed: c.seed,
      method:
        'paired: Poisson weights over examples, runs resampled within each side with their deviations shrunk so the run x example interaction counts once',
      runShrinkage: boot.runShrinkage,
    },
    // Each side alone, from the same resamples: what two separate audits would report.
    unpaired: {
      baselineInterval: boot.baselineInterval,
      candidateInterval: boot.candidateInterval,
      overlap: boot.baselineInterval[1] >= boot.candidateInterval[0] && boot.candidateInterval[1] >= boot.baselineInterval[0],
    },
    minimumDetectableDifference: c.mde,
    power: opts.power,
    withMoreRuns: c.withMoreRuns,
    verdict: c.verdict,
    flips: flips
      ? {
          negative: flips.negative,
          positive: flips.positive,
          negativeRate: flips.negative / shared.length,
          positiveRate: flips.positive / shared.length,
          pairs: flips.pairs,
        }
      : null,
    majority: c.majority,
    negativeFlipRateByClass: c.byClass,
    calibration: baseStability.calibration || candStability.calibration ? { baseline: baseStability.calibration, candidate: candStability.calibration } : null,
    churn: { baseline: baseStability.churn, candidate: candStability.churn, between: c.crossChurn },
    groups: tested.map((t, i) => ({
      kind: t.group.kind,
      key: t.group.key,
      rows: t.group.positions.length,
      baselineMean: mean(t.result.baselineRuns),
      candidateMean: mean(t.result.candidateRuns),
      difference: t.result.difference,
      interval: t.result.interval,
      pValue: t.result.pValue,
      q: q[i],
    })),
  };
}

/** The overall finding: regression, improvement or no detectable difference. */
function overallFinding(context: CheckContext<Options>, c: CandidateComparison): Found {
  const { boot, flips, baseStability, candStability, shared } = c;
  const overall: OverallArgs = {
    candidate: c.name,
    metric: c.metric,
    baselineMean: mean(boot.baselineRuns),
    candidateMean: mean(boot.candidateRuns),
    difference: boot.difference,
    interval: boot.interval,
    pValue: boot.pValue,
    resamples: boot.resamples,
    baselineRuns: c.base.length,
    candidateRuns: c.cand.length,
    rows: shared.length,
    probabilityOfImprovement: boot.probabilityOfImprovement,
    probabilityOfImprovementInterval: boot.probabilityOfImprovementInterval,
    minimumDetectable: c.mde,
    power: context.options.power,
    withMoreRuns: c.withMoreRuns,
    negativeFlipRate: flips ? flips.negative / shared.length : null,
    positiveFlipRate: flips ? flips.positive / shared.length : null,
    majority: c.majority,
    ece: baseStability.calibration && candStability.calibration ? { baseline: baseStability.calibration.ece, candidate: candStability.calibration.ece } : null,
    churn: baseStability.churn !== null && candStability.churn !== null ? { baseline: baseStability.churn, candidate: candStability.churn } : null,
  };
  const prefix = c.prefix;
  if (c.verdict === 'worse') return { key: 'regression', instance: prefix, severity: 'high', args: overall, examples: examplesOf(context, c.lost) };
  if (c.verdict === 'better') return { key: 'improvement', instance: prefix, severity: 'info', args: overall, examples: [] };
  return { key: 'no-detectable-difference', instance: prefix, severity: 'info', args: overall, examples: [] };
}

/**
 * The group-regression findings: declared groups (classes and slice values) significant under BH
 * and below zero, then discovered slices below zero and not mostly inside a slice already reported
 * (their `insideReported` is set here).
 */
function groupRegressionFindings(context: CheckContext<Options>, c: CandidateComparison): Found[] {
  const opts = context.options;
  const { shared, tested, q, discovery, prefix } = c;
  const out: Found[] = [];
  // Positions of the slices already reported as regressions: a discovered slice mostly inside one says nothing new.
  const reported: Int32Array[] = [];
  /** One group-regression finding: its cost decides the severity, its lost rows are the examples. */
  const groupRegression = (
    key: string,
    positions: Int32Array,
    result: PairedBootstrapResult,
    test: Pick<GroupArgs, 'kind' | 'group' | 'q' | 'groupsTested' | 'searchedRows'>,
  ) => {
    const cost = (-result.difference * positions.length) / shared.length;
    const args: GroupArgs = {
      candidate: c.name,
      metric: c.metric,
      ...test,
      size: positions.length,
      rows: shared.length,
      baselineMean: mean(result.baselineRuns),
      candidateMean: mean(result.candidateRuns),
      difference: result.difference,
      interval: result.interval,
      pValue: result.pValue,
      resamples: result.resamples,
      overallDifference: c.boot.difference,
      cost,
    };
    const inGroup = new Set(Array.from(positions, (p) => shared[p]));
    out.push({
      key: 'group-regression',
      instance: prefix ? `${prefix}:${key}` : key,
      severity: cost >= opts.highGroupCost ? 'high' : 'medium',
      args,
      examples: examplesOf(
        context,
        c.lost.filter((row) => inGroup.has(row)),
      ),
    });
    // Slices only: a class is not a set of column values a discovered slice could repeat.
    if (test.kind !== 'class') reported.push(positions);
  };
  tested.forEach((t, i) => {
    if (!(q[i] <= opts.alpha) || t.result.difference >= 0 || t.result.interval[1] >= 0) return;
    groupRegression(t.group.key, t.group.positions, t.result, { kind: t.group.kind, group: t.group.label, q: q[i], groupsTested: tested.length });
  });
  for (const d of discovery?.found ?? []) {
    if (!(d.result.interval[1] < 0)) continue;
    d.insideReported = reported.some((other) => containedShare(d.positions, other) >= 0.5);
    if (!d.insideReported)
      groupRegression(d.key, d.positions, d.result, {
        kind: 'discovered',
        group: d.label,
        q: d.searchQ,
        groupsTested: discovery!.slicesSearched,
        searchedRows: discovery!.disagreements,
      });
  }
  return out;
}

/** The metrics of the slice search among the disagreements (null when it did not run). */
function discoveryMetrics(discovery: DiscoverySummary | null): CandidateMetrics['discovered'] {
  return discovery
    ? {
        disagreements: discovery.disagreements,
        lost: discovery.lost,
        columns: discovery.columns,
        skippedColumns: discovery.skippedColumns,
        slicesSearched: discovery.slicesSearched,
        slices: discovery.found.map((d) => ({
          predicates: d.predicates.map((p) => ({ ...p })),
          rows: d.positions.length,
          lost: d.lost,
          disagreements: d.disagreements,
          searchQ: d.searchQ,
          baselineMean: mean(d.result.baselineRuns),
          candidateMean: mean(d.result.candidateRuns),
          difference: d.result.difference,
          interval: d.result.interval,
          pValue: d.result.pValue,
          insideReported: d.insideReported ?? false,
        })),
      }
    : null;
}

/** The negative-flips finding, when runs flip rows to wrong though the overall verdict is not a regression. */
function negativeFlipsFinding(context: CheckContext<Options>, c: CandidateComparison): Found | null {
  const { flips, shared } = c;
  if (!(flips && flips.negative > 0 && c.verdict !== 'worse')) return null;
  const worst = c.byClass.reduce<ClassFlipRate | null>((best, k) => (best === null || k.negativeFlipRate > best.negativeFlipRate ? k : best), null);
  return {
    key: 'negative-flips',
    instance: c.prefix,
    severity: 'low',
    args: {
      candidate: c.name,
      rows: shared.length,
      pairs: flips.pairs.length,
      negative: flips.negative,
      positive: flips.positive,
      negativeRate: flips.negative / shared.length,
      positiveRate: flips.positive / shared.length,
      majorityNegative: c.majority!.negative,
      worstClass: worst && worst.negativeFlipRate > 0 ? { class: worst.class, rate: worst.negativeFlipRate, rows: worst.rows } : null,
    },
    examples: examplesOf(context, c.lost),
  };
}

export const comparison = defineCheck({
  id: 'comparison',
  title: 'Baseline against candidate',
  description:
    'The candidate runs against the baseline runs (--baseline-runs) on the examples both cover: the paired difference of accuracy (or mean score) with a bootstrap over examples and runs, the probability that a candidate run beats a baseline run, exact McNemar tests, the smallest difference the evaluation can detect, negative and positive flips, and per-class and per-slice differences with false-discovery control.',
  needs: ['predictions', 'outcomes', 'baseline'],
  rows: 'evaluation',
  options,
  findings,
  metrics: comparisonMetrics,
  remedies,
  charts: comparisonCharts,
  run(context) {
    const opts = context.options;
    const runs = context.predictions!.runs;
    const baseline = runs.filter((run) => run.model === BASELINE_MODEL);
    const candidates = modelGroups(runs.filter((run) => run.model !== BASELINE_MODEL));
    // The data's columns coded for the slice search: the same for every candidate, coded once when first needed.
    let searched: ReturnType<typeof searchFeatures> | null = null;
    const searchColumns: SearchColumns = () =>
      (searched ??= searchFeatures(context, { excludeColumns: [], maxSearchColumns: opts.maxSearchColumns, maxLevels: opts.maxLevels, bins: opts.bins }));
    const out: Found[] = [];
    const comparisons: ComparisonMetrics['comparisons'] = [];
    for (const [index, group] of candidates.entries()) {
      const name = group.model ?? 'candidate';
      const prefix = candidates.length > 1 ? name : undefined;
      const sides = pairSides(baseline, group.runs, context.data.rowCount);
      const rows = { candidate: name, sharedRows: sides.shared.length, onlyBaselineRows: sides.onlyBaseline, onlyCandidateRows: sides.onlyCandidate };
      if (sides.shared.length < 2) {
        comparisons.push({ ...rows, verdict: null });
        continue;
      }
      const compared = compareCandidate(context, sides, { name, prefix }, context.settings.seed + index, searchColumns);
      out.push(overallFinding(context, compared));
      // After the group findings: they mark the discovered slices inside one already reported.
      out.push(...groupRegressionFindings(context, compared));
      comparisons.push({ ...rows, ...candidateMetrics(compared, opts), discovered: discoveryMetrics(compared.discovery) });
      const flips = negativeFlipsFinding(context, compared);
      if (flips) out.push(flips);
    }
    const metrics: ComparisonMetrics = { baselineModel: BASELINE_MODEL, baselineRuns: baseline.length, comparisons };
    return { findings: out, metrics };
  },
});
