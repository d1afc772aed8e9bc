/**
 * The figures of one baseline/candidate comparison, step by step: the rows both sides score, the
 * paired difference overall, flips and McNemar tests, per-class and per-slice differences, each
 * side's calibration and churn, and the slice search among the disagreements. The check
 * (check.ts) turns them into its metrics and findings.
 */
import type { Run } from '../../data/model.js';
import { mcnemarExact, mean, minimumDetectableDifference, pairedBootstrap, varianceParts, type PairedBootstrapResult } from '../../math/paired-comparison.js';
import { benjaminiHochberg } from '../../math/fdr.js';
import { calibration } from '../../math/calibration.js';
import { churn, pairwiseChurn } from '../../math/churn.js';
import { sanitizeInline } from '../../core/sanitize.js';
import type { CheckContext } from '../types.js';
import type { OverallArgs } from './findings.js';
import type { Options } from './options.js';
import { discoverLosses, type DiscoverySummary } from './discover.js';
import { gather, pick } from './rows.js';
import type { searchFeatures } from '../support/search-features.js';

/** More runs per side the "what would more runs buy" sentence assumes. */
const MORE_RUNS = 5;

/** The two sides' runs and their scores on the rows every run of both sides scores. */
export interface Sides {
  baseline: readonly Run[];
  candidate: readonly Run[];
  shared: Int32Array;
  onlyBaseline: number;
  onlyCandidate: number;
  /** Each run's scores on the shared rows. */
  base: Float64Array[];
  cand: Float64Array[];
}

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

/** Pairs the two sides on the rows both score. */
export function pairSides(baseline: readonly Run[], candidate: readonly Run[], rowCount: number): Sides {
  const { shared, onlyBaseline, onlyCandidate } = sharedRows(baseline, candidate, rowCount);
  const base = baseline.map((run) => scoresOn(run, shared));
  const cand = candidate.map((run) => scoresOn(run, shared));
  return { baseline, candidate, shared, onlyBaseline, onlyCandidate, base, cand };
}

interface SideStability {
  calibration: { rows: number; ece: number; brier: number } | null;
  churn: number | null;
  predicted: Int32Array[] | null;
}

/**
 * Each side's calibration (mean ECE and Brier score over its runs, 15 bins as the calibration
 * check) and churn (mean pairwise share of examples whose predicted class differs between two of
 * its runs), on the shared rows; null where the runs lack probabilities or predicted classes.
 */
function sideStability(context: CheckContext<Options>, side: readonly Run[], shared: Int32Array): SideStability {
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

/** A class of the label or a value of a declared slice column, as positions in the shared rows. */
export interface Group {
  kind: 'class' | 'slice';
  key: string;
  label: string;
  positions: Int32Array;
}

/** The groups compared: each class of the label and each value of each declared slice column. */
function groupsOf(context: CheckContext<Options>, rows: Int32Array): Group[] {
  const out: Group[] = [];
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

/** The paired difference overall, and the smallest difference detectable now and with more runs. */
interface OverallDifference {
  boot: PairedBootstrapResult;
  mde: number;
  withMoreRuns: OverallArgs['withMoreRuns'];
}

function overallDifference(sides: Sides, opts: Options, seed: number): OverallDifference {
  const { base, cand } = sides;
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
  return { boot, mde, withMoreRuns };
}

/** One baseline run against one candidate run (a type, not an interface, so that it is JSON). */
export type FlipPair = {
  baseline: string;
  candidate: string;
  negative: number;
  positive: number;
  pValue: number;
};

/** Flips and McNemar tests (right/wrong outcomes only), and the rows the candidate's majority lost or gained. */
interface FlipCounts {
  flips: { negative: number; positive: number; pairs: FlipPair[] } | null;
  majority: OverallArgs['majority'];
  /** Rows (data rows) the baseline's majority gets right and the candidate's wrong. */
  lost: number[];
  /** By shared position: 1 where the candidate's majority lost (or gained) the row. */
  lostAt: Uint8Array;
  gainedAt: Uint8Array;
}

/** Run-pair flips with their McNemar tests. */
function flipPairs(sides: Sides): FlipPair[] {
  const { baseline, candidate, shared, base, cand } = sides;
  const pairs: FlipPair[] = [];
  for (const [i, b] of base.entries()) {
    for (const [j, c] of cand.entries()) {
      let negative = 0;
      let positive = 0;
      for (let p = 0; p < shared.length; p++) {
        if (b[p] === 1 && c[p] === 0) negative++;
        else if (b[p] === 0 && c[p] === 1) positive++;
      }
      pairs.push({ baseline: baseline[i].name, candidate: candidate[j].name, negative, positive, pValue: mcnemarExact(negative, positive) });
    }
  }
  return pairs;
}

function flipCounts(sides: Sides, binary: boolean): FlipCounts {
  const { shared, base, cand } = sides;
  const counts: FlipCounts = { flips: null, majority: null, lost: [], lostAt: new Uint8Array(shared.length), gainedAt: new Uint8Array(shared.length) };
  if (!binary) return counts;
  const pairs = flipPairs(sides);
  counts.flips = { negative: mean(pairs.map((p) => p.negative)), positive: mean(pairs.map((p) => p.positive)), pairs };
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
      counts.lost.push(shared[p]);
      counts.lostAt[p] = 1;
    } else if (!rightB && rightC) {
      positive++;
      counts.gainedAt[p] = 1;
    }
  }
  counts.majority = { negative, positive, pValue: mcnemarExact(negative, positive) };
  return counts;
}

export type ClassFlipRate = { class: string; rows: number; negativeFlipRate: number };

/** Per class and per slice value: the same paired bootstrap on the group's rows, then BH. */
interface GroupComparison {
  /** The groups with enough rows. */
  groups: Group[];
  tested: { group: Group; result: PairedBootstrapResult }[];
  q: Float64Array;
  /** With flips and labels: each class's negative flip rate over run pairs. */
  byClass: ClassFlipRate[];
}

function compareGroups(context: CheckContext<Options>, sides: Sides, seed: number, withFlips: boolean): GroupComparison {
  const opts = context.options;
  const { shared, base, cand } = sides;
  const groups = groupsOf(context, shared).filter((g) => g.positions.length >= opts.minGroupRows);
  const tested = groups.map((g, gi) => ({
    group: g,
    result: pairedBootstrap(pick(base, g.positions), pick(cand, g.positions), { resamples: opts.groupResamples, seed: seed + 1000 * (gi + 1) }),
  }));
  const q = benjaminiHochberg(Float64Array.from(tested, (t) => t.result.pValue));
  const byClass: ClassFlipRate[] = [];
  if (withFlips && context.labels) {
    for (const { group: g } of tested.filter((t) => t.group.kind === 'class')) {
      let negative = 0;
      for (const b of base) for (const c of cand) for (const p of g.positions) if (b[p] === 1 && c[p] === 0) negative++;
      byClass.push({ class: g.label, rows: g.positions.length, negativeFlipRate: negative / (base.length * cand.length * g.positions.length) });
    }
  }
  return { groups, tested, q, byClass };
}

/** Calibration and churn of each side, and how often the two sides' runs disagree. */
interface Stability {
  baseStability: SideStability;
  candStability: SideStability;
  crossChurn: number | null;
}

function stabilityOf(context: CheckContext<Options>, sides: Sides): Stability {
  const baseStability = sideStability(context, sides.baseline, sides.shared);
  const candStability = sideStability(context, sides.candidate, sides.shared);
  const crossChurn =
    baseStability.predicted && candStability.predicted ? mean(baseStability.predicted.flatMap((b) => candStability.predicted!.map((c) => churn(b, c)))) : null;
  return { baseStability, candStability, crossChurn };
}

/** Everything the check reports about one candidate. */
export interface CandidateComparison extends Sides, OverallDifference, FlipCounts, GroupComparison, Stability {
  name: string;
  /** The findings' instance prefix: the candidate's name when there are several candidates. */
  prefix: string | undefined;
  metric: OverallArgs['metric'];
  seed: number;
  discovery: DiscoverySummary | null;
  verdict: 'worse' | 'better' | 'no-detectable-difference';
}

/** The data's columns coded for the slice search (computed once, when first needed). */
export type SearchColumns = () => ReturnType<typeof searchFeatures>;

/** Compares one candidate with the baseline on the shared rows (at least two). */
export function compareCandidate(
  context: CheckContext<Options>,
  sides: Sides,
  naming: { name: string; prefix: string | undefined },
  seed: number,
  searchColumns: SearchColumns,
): CandidateComparison {
  const opts = context.options;
  const { shared, base, cand } = sides;
  const binary = [...base, ...cand].every((run) => run.every((v) => v === 0 || v === 1));
  const metric: OverallArgs['metric'] = binary ? 'accuracy' : 'mean score';
  const overall = overallDifference(sides, opts, seed);
  const flips = flipCounts(sides, binary);
  const groups = compareGroups(context, sides, seed, flips.flips !== null);
  const stability = stabilityOf(context, sides);

  // Slices nobody declared where the candidate lost rows: searched among the disagreements.
  const declaredKeys = new Set(groups.groups.filter((g) => g.kind === 'slice').map((g) => g.key));
  const discovery =
    binary && opts.discover ? discoverLosses(context, searchColumns(), shared, flips.lostAt, flips.gainedAt, base, cand, declaredKeys, seed) : null;

  const { boot } = overall;
  const verdict = boot.interval[1] < 0 ? 'worse' : boot.interval[0] > 0 ? 'better' : 'no-detectable-difference';
  return { ...sides, ...overall, ...flips, ...groups, ...stability, ...naming, metric, seed, discovery, verdict };
}
