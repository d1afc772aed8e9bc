/**
 * Baseline against candidate: the runs of the model "baseline" (--baseline-runs) against the runs
 * of each other model, paired on the examples both cover. The difference of mean accuracy (or
 * score) with a paired bootstrap, the probability of improvement, exact McNemar tests, the
 * smallest detectable difference, negative and positive flips, and per-class and per-slice
 * differences under Benjamini-Hochberg control. Figures as test/reference/comparison.py gives them.
 */
import { defineCheck, type Example, type FindingOf, type Json } from '../types.js';
import type { Run } from '../../data/model.js';
import { modelGroups } from '../../data/model-groups.js';
import { BASELINE_MODEL } from '../../core/vocabulary.js';
import { mcnemarExact, mean, minimumDetectableDifference, pairedBootstrap, varianceParts, type PairedBootstrapResult } from '../../math/paired-comparison.js';
import { benjaminiHochberg } from '../../math/fdr.js';
import { calibration } from '../../math/calibration.js';
import { churn, pairwiseChurn } from '../../math/churn.js';
import { sanitizeInline } from '../../core/sanitize.js';
import { findings, type GroupArgs, type OverallArgs } from './findings.js';
import { options, type Options } from './options.js';
import { remedies } from './remedy.js';
import { discoverLosses } from './discover.js';
import { gather, pick } from './rows.js';
import { intersectionSize } from '../../math/jaccard.js';
import { searchFeatures } from '../support/search-features.js';
import type { CheckContext } from '../types.js';
import { comparisonCharts } from './charts.js';

type Found = FindingOf<typeof findings>;
/** More runs per side the "what would more runs buy" sentence assumes. */
const MORE_RUNS = 5;

/** Rows every run of both sides scores, and the rows only one side covers. */
function sharedRows(
  baseline: readonly Run[],
  candidate: readonly Run[],
  rowCount: number,
): { shared: Int32Array; onlyBaseline: number; onlyCandidate: number } {
  const scored = (runs: readonly Run[], row: number) => runs.every((run) => run.score !== null && Number.isFinite(run.score[row]));
  const shared: number[] = [];
  let onlyBaseline = 0;
  let onlyCandidate = 0;
  for (let row = 0; row < rowCount; row++) {
    const b = scored(baseline, row);
    const c = scored(candidate, row);
    if (b && c) shared.push(row);
    else if (b) onlyBaseline++;
    else if (c) onlyCandidate++;
  }
  return { shared: Int32Array.from(shared), onlyBaseline, onlyCandidate };
}

const scoresOn = (run: Run, rows: Int32Array) => gather(run.score!, rows, new Float64Array(rows.length));

/**
 * Each side's calibration (mean ECE and Brier score over its runs, 15 bins as the calibration
 * check) and churn (mean pairwise share of examples whose predicted class differs between two of
 * its runs), on the shared rows; null where the runs lack probabilities or predicted classes.
 */
function sideStability(context: CheckContext<Options>, side: readonly Run[], shared: Int32Array) {
  const labels = context.labels;
  const k = labels?.classes.length ?? 0;
  let labelled = new Int32Array(0);
  if (labels && side.every((run) => run.probs !== null)) {
    const keep = new Int32Array(shared.length);
    let count = 0;
    for (const row of shared) {
      if (labels.codes[row] < 0) continue;
      let finite = true;
      for (const run of side) if (!Number.isFinite(run.probs![row * k])) finite = false;
      if (finite) keep[count++] = row;
    }
    labelled = keep.subarray(0, count);
  }
  const calibrated = labels && labelled.length > 0 ? side.map((run) => calibration(run.probs!, k, labels.codes, { rows: labelled })) : null;
  const predicted = side.every((run) => run.pred !== null) ? side.map((run) => gather(run.pred!, shared, new Int32Array(shared.length))) : null;
  return {
    calibration: calibrated ? { rows: labelled.length, ece: mean(calibrated.map((c) => c.ece)), brier: mean(calibrated.map((c) => c.brier)) } : null,
    churn: predicted && predicted.length > 1 ? pairwiseChurn(predicted).meanPairwise : null,
    predicted,
  };
}

/** The groups compared: each class of the label and each value of each declared slice column. */
function groupsOf(context: CheckContext<Options>, rows: Int32Array): { kind: 'class' | 'slice'; key: string; label: string; positions: Int32Array }[] {
  const out: { kind: 'class' | 'slice'; key: string; label: string; positions: Int32Array }[] = [];
  const collect = (valueAt: (row: number) => string | null) => {
    const by = new Map<string, number[]>();
    rows.forEach((row, position) => {
      const value = valueAt(row);
      if (value === null) return;
      const list = by.get(value);
      if (list) list.push(position);
      else by.set(value, [position]);
    });
    return [...by].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  };
  const labels = context.labels;
  if (labels) {
    for (const [value, positions] of collect((row) => (labels.codes[row] >= 0 ? labels.classes[labels.codes[row]] : null))) {
      out.push({ kind: 'class', key: `class=${value}`, label: value, positions: Int32Array.from(positions) });
    }
  }
  for (const name of context.roles.slices) {
    const column = context.data.column(name);
    if (!column) continue;
    for (const [value, positions] of collect((row) => (column.isMissing(row) ? null : column.get(row)))) {
      out.push({
        kind: 'slice',
        key: `${name}=${value}`,
        label: `${sanitizeInline(name)} = "${sanitizeInline(value)}"`,
        positions: Int32Array.from(positions),
      });
    }
  }
  return out;
}

/** The share of `positions` (ascending) that are also in `other` (ascending). */
const containedShare = (positions: Int32Array, other: Int32Array) =>
  positions.length === 0 ? 0 : intersectionSize(positions, 0, positions.length, other, 0, other.length) / positions.length;

export const comparison = defineCheck({
  id: 'comparison',
  title: 'Baseline against candidate',
  description:
    'The candidate runs against the baseline runs (--baseline-runs) on the examples both cover: the paired difference of accuracy (or mean score) with a bootstrap over examples and runs, the probability that a candidate run beats a baseline run, exact McNemar tests, the smallest difference the evaluation can detect, negative and positive flips, and per-class and per-slice differences with false-discovery control.',
  needs: ['predictions', 'outcomes', 'baseline'],
  rows: 'evaluation',
  options,
  findings,
  remedies,
  charts: comparisonCharts,
  run(context) {
    const opts = context.options;
    const runs = context.predictions!.runs;
    const baseline = runs.filter((run) => run.model === BASELINE_MODEL);
    const candidates = modelGroups(runs.filter((run) => run.model !== BASELINE_MODEL));
    // The data's columns coded for the slice search: the same for every candidate, coded once when first needed.
    let searched: ReturnType<typeof searchFeatures> | null = null;
    const searchColumns = () =>
      (searched ??= searchFeatures(context, { excludeColumns: [], maxSearchColumns: opts.maxSearchColumns, maxLevels: opts.maxLevels, bins: opts.bins }));
    const out: Found[] = [];
    const comparisons: Json[] = [];
    for (const [index, group] of candidates.entries()) {
      const name = group.model ?? 'candidate';
      const prefix = candidates.length > 1 ? name : undefined;
      const { shared, onlyBaseline, onlyCandidate } = sharedRows(baseline, group.runs, context.data.rowCount);
      const base = baseline.map((run) => scoresOn(run, shared));
      const cand = group.runs.map((run) => scoresOn(run, shared));
      const entry: Record<string, Json> = { candidate: name, sharedRows: shared.length, onlyBaselineRows: onlyBaseline, onlyCandidateRows: onlyCandidate };
      comparisons.push(entry);
      if (shared.length < 2) {
        entry.verdict = null;
        continue;
      }
      const binary = [...base, ...cand].every((run) => run.every((v) => v === 0 || v === 1));
      const metric: OverallArgs['metric'] = binary ? 'accuracy' : 'mean score';
      const seed = context.settings.seed + index;
      const boot = pairedBootstrap(base, cand, { resamples: opts.resamples, seed });
      const parts = varianceParts(base, cand);
      const mde = minimumDetectableDifference(parts, base.length, cand.length, 0.05, opts.power);
      const runNoise = parts.baselineRunVariance + parts.candidateRunVariance + parts.baselineInteraction + parts.candidateInteraction > 0;
      const withMoreRuns = runNoise
        ? {
            runsPerSide: Math.max(base.length, cand.length) + MORE_RUNS,
            minimumDetectable: minimumDetectableDifference(
              parts,
              Math.max(base.length, cand.length) + MORE_RUNS,
              Math.max(base.length, cand.length) + MORE_RUNS,
              0.05,
              opts.power,
            ),
          }
        : null;

      // Flips and McNemar need right/wrong outcomes.
      let flips: {
        negative: number;
        positive: number;
        pairs: { baseline: string; candidate: string; negative: number; positive: number; pValue: number }[];
      } | null = null;
      let majority: OverallArgs['majority'] = null;
      const lost: number[] = [];
      const lostAt = new Uint8Array(shared.length);
      const gainedAt = new Uint8Array(shared.length);
      if (binary) {
        const pairs: { baseline: string; candidate: string; negative: number; positive: number; pValue: number }[] = [];
        for (const [i, b] of base.entries()) {
          for (const [j, c] of cand.entries()) {
            let negative = 0;
            let positive = 0;
            for (let p = 0; p < shared.length; p++) {
              if (b[p] === 1 && c[p] === 0) negative++;
              else if (b[p] === 0 && c[p] === 1) positive++;
            }
            pairs.push({ baseline: baseline[i].name, candidate: group.runs[j].name, negative, positive, pValue: mcnemarExact(negative, positive) });
          }
        }
        flips = { negative: mean(pairs.map((p) => p.negative)), positive: mean(pairs.map((p) => p.positive)), pairs };
        let negative = 0;
        let positive = 0;
        const majorityRight = (runs: readonly Float64Array[], p: number) => {
          let right = 0;
          for (const run of runs) right += run[p];
          return right / runs.length > 0.5;
        };
        for (let p = 0; p < shared.length; p++) {
          const rightB = majorityRight(base, p);
          const rightC = majorityRight(cand, p);
          if (rightB && !rightC) {
            negative++;
            lost.push(shared[p]);
            lostAt[p] = 1;
          } else if (!rightB && rightC) {
            positive++;
            gainedAt[p] = 1;
          }
        }
        majority = { negative, positive, pValue: mcnemarExact(negative, positive) };
      }

      // Per class and per slice value: the same paired bootstrap on the group's rows, then BH.
      const groups = groupsOf(context, shared).filter((g) => g.positions.length >= opts.minGroupRows);
      const tested = groups.map((g, gi) => ({
        group: g,
        result: pairedBootstrap(pick(base, g.positions), pick(cand, g.positions), { resamples: opts.groupResamples, seed: seed + 1000 * (gi + 1) }),
      }));
      const q = benjaminiHochberg(Float64Array.from(tested, (t) => t.result.pValue));
      const byClass: Json[] = [];
      if (flips && context.labels) {
        for (const { group: g } of tested.filter((t) => t.group.kind === 'class')) {
          let negative = 0;
          for (const b of base) for (const c of cand) for (const p of g.positions) if (b[p] === 1 && c[p] === 0) negative++;
          byClass.push({ class: g.label, rows: g.positions.length, negativeFlipRate: negative / (base.length * cand.length * g.positions.length) });
        }
      }

      // Calibration and churn of each side, and how often the two sides' runs disagree.
      const baseStability = sideStability(context, baseline, shared);
      const candStability = sideStability(context, group.runs, shared);
      const crossChurn =
        baseStability.predicted && candStability.predicted
          ? mean(baseStability.predicted.flatMap((b) => candStability.predicted!.map((c) => churn(b, c))))
          : null;

      // Slices nobody declared where the candidate lost rows: searched among the disagreements.
      const declaredKeys = new Set(groups.filter((g) => g.kind === 'slice').map((g) => g.key));
      const discovery = binary && opts.discover ? discoverLosses(context, searchColumns(), shared, lostAt, gainedAt, base, cand, declaredKeys, seed) : null;

      const verdict = boot.interval[1] < 0 ? 'worse' : boot.interval[0] > 0 ? 'better' : 'no-detectable-difference';
      const examples = (rows: number[]): Example[] =>
        rows.slice(0, opts.maxExamples).map((row) => context.example(row, context.excerpt(row) !== undefined ? { excerpt: context.excerpt(row)! } : {}));
      Object.assign(entry, {
        metric,
        baselineRuns: boot.baselineRuns.map((value, i) => ({ run: baseline[i].name, [metric === 'accuracy' ? 'accuracy' : 'meanScore']: value })),
        candidateRuns: boot.candidateRuns.map((value, i) => ({ run: group.runs[i].name, [metric === 'accuracy' ? 'accuracy' : 'meanScore']: value })),
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
          seed,
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
        minimumDetectableDifference: mde,
        power: opts.power,
        withMoreRuns,
        verdict,
        flips: flips
          ? {
              negative: flips.negative,
              positive: flips.positive,
              negativeRate: flips.negative / shared.length,
              positiveRate: flips.positive / shared.length,
              pairs: flips.pairs,
            }
          : null,
        majority,
        negativeFlipRateByClass: byClass,
        calibration:
          baseStability.calibration || candStability.calibration ? { baseline: baseStability.calibration, candidate: candStability.calibration } : null,
        churn: { baseline: baseStability.churn, candidate: candStability.churn, between: crossChurn },
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
      });

      const overall: OverallArgs = {
        candidate: name,
        metric,
        baselineMean: mean(boot.baselineRuns),
        candidateMean: mean(boot.candidateRuns),
        difference: boot.difference,
        interval: boot.interval,
        pValue: boot.pValue,
        resamples: boot.resamples,
        baselineRuns: base.length,
        candidateRuns: cand.length,
        rows: shared.length,
        probabilityOfImprovement: boot.probabilityOfImprovement,
        probabilityOfImprovementInterval: boot.probabilityOfImprovementInterval,
        minimumDetectable: mde,
        power: opts.power,
        withMoreRuns,
        negativeFlipRate: flips ? flips.negative / shared.length : null,
        positiveFlipRate: flips ? flips.positive / shared.length : null,
        majority,
        ece:
          baseStability.calibration && candStability.calibration ? { baseline: baseStability.calibration.ece, candidate: candStability.calibration.ece } : null,
        churn: baseStability.churn !== null && candStability.churn !== null ? { baseline: baseStability.churn, candidate: candStability.churn } : null,
      };
      if (verdict === 'worse') out.push({ key: 'regression', instance: prefix, severity: 'high', args: overall, examples: examples(lost) });
      else if (verdict === 'better') out.push({ key: 'improvement', instance: prefix, severity: 'info', args: overall, examples: [] });
      else out.push({ key: 'no-detectable-difference', instance: prefix, severity: 'info', args: overall, examples: [] });

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
          candidate: name,
          metric,
          ...test,
          size: positions.length,
          rows: shared.length,
          baselineMean: mean(result.baselineRuns),
          candidateMean: mean(result.candidateRuns),
          difference: result.difference,
          interval: result.interval,
          pValue: result.pValue,
          resamples: result.resamples,
          overallDifference: boot.difference,
          cost,
        };
        const inGroup = new Set(Array.from(positions, (p) => shared[p]));
        out.push({
          key: 'group-regression',
          instance: prefix ? `${prefix}:${key}` : key,
          severity: cost >= opts.highGroupCost ? 'high' : 'medium',
          args,
          examples: examples(lost.filter((row) => inGroup.has(row))),
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

      entry.discovered = discovery
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

      if (flips && flips.negative > 0 && verdict !== 'worse') {
        const worst = (byClass as { class: string; rows: number; negativeFlipRate: number }[]).reduce<{
          class: string;
          rows: number;
          negativeFlipRate: number;
        } | null>((best, c) => (best === null || c.negativeFlipRate > best.negativeFlipRate ? c : best), null);
        out.push({
          key: 'negative-flips',
          instance: prefix,
          severity: 'low',
          args: {
            candidate: name,
            rows: shared.length,
            pairs: flips.pairs.length,
            negative: flips.negative,
            positive: flips.positive,
            negativeRate: flips.negative / shared.length,
            positiveRate: flips.positive / shared.length,
            majorityNegative: majority!.negative,
            worstClass: worst && worst.negativeFlipRate > 0 ? { class: worst.class, rate: worst.negativeFlipRate, rows: worst.rows } : null,
          },
          examples: examples(lost),
        });
      }
    }
    return { findings: out, metrics: { baselineModel: BASELINE_MODEL, baselineRuns: baseline.length, comparisons } };
  },
});
