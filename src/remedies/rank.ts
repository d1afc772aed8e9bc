/**
 * Maps findings to catalogue entries and ranks them by measured headroom, severity and cost.
 * Pure: reads findings and check metrics (defensively: a missing or malformed metric means "not
 * measurable", never an error), returns plain data in the chosen language.
 *
 * ## Score
 *
 *   score = 100 * weight * headroom + severityWeight - costPenalty
 *
 * - `headroom` (a fraction in [0, 1], or none) is the largest weighted measure among the entry's
 *   `measuredBy` measures whose check has a finding behind the remedy. Each is a share of the
 *   evaluated rows, so 100 * headroom is in percentage points:
 *     - ensembleGain: accuracy the ensemble of the runs gains over the mean single run
 *       (`seed-instability.ensemble.gainOverMean`, negative counts as 0);
 *     - labelIssueShare: rows flagged as likely mislabelled / rows analysed
 *       (`label-noise.issueCount / rowsAnalysed`; `estimatedNoiseRate` without a row count);
 *     - conflictShare: rows that disagree with their duplicate group's majority / labelled rows
 *       (`conflicting-labels.minorityRows`);
 *     - duplicateShare / nearDuplicateShare: `duplicates.duplicateShare`,
 *       `near-duplicates.nearDuplicateShare` (rows beyond the first of each group);
 *     - leakedShare: leaked evaluation rows / evaluation rows (`leakage.totalLeakedRows` over the
 *       sum of `evaluationRows`);
 *     - sliceExcessErrors: for the discovered slice, or the declared group of a disparity finding,
 *       with the most excess errors (errors beyond the overall, or the reference group's, rate),
 *       excess errors / evaluated rows: the accuracy gained if it erred at that rate;
 *     - calibrationError: the mean per-run expected calibration error (`calibration.meanEce`),
 *       what temperature scaling can remove.
 * - `weight` is 1 for a gain observed on these inputs (the ensemble's accuracy gain, for
 *   `ensemble`) and 1/2 for every potential: upper bounds that acting on the finding rarely
 *   reaches in full (relabelling, slices, distillation of the ensemble's gain, calibration
 *   error) and rows a fix touches without a direct accuracy gain (duplicates, leaked rows).
 *   So one point of observed gain weighs as much as one severity step, one point of potential half.
 * - `severityWeight` of the most severe finding behind the remedy: info 0, low 1, medium 2,
 *   high 3, critical 4.
 * - `costPenalty`: low 0, medium 0.5, high 1.
 *
 * Remedies are ordered by score (descending), then severity (descending), cost (ascending) and
 * id, so the order is total and deterministic. Scores are rounded to 4 decimals.
 * A remedy appears only when at least one finding matches its `appliesTo`.
 */
import { SEVERITIES, type AnyCheck, type CheckOutcome, type Finding, type Severity } from '../checks/types.js';
import { builtinChecks } from '../checks/registry.js';
import { predicateColumns } from '../checks/slices/remedy.js';
import { arr, generic, isObj, join, metricsOf, num, positive, type ExpectedGain, type HeadroomKind, type Measured, type Obj } from '../checks/support/evidence.js';
import { SPLIT_NAMES } from '../data/roles.js';
import { CATALOGUE, formatReference, matchesPattern, type Cost, type Lang, type Task } from './catalogue/index.js';

export type { ExpectedGain };

export const SEVERITY_WEIGHT: Readonly<Record<Severity, number>> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };
export const COST_PENALTY: Readonly<Record<Cost, number>> = { low: 0, medium: 0.5, high: 1 };
const COST_ORDER: Readonly<Record<Cost, number>> = { low: 0, medium: 1, high: 2 };

/** The score formula in words, for the README and `audit remedies`. */
export const SCORE_FORMULA =
  'score = 100 x weight x headroom + severity weight (info 0, low 1, medium 2, high 3, critical 4) - cost penalty (low 0, medium 0.5, high 1); headroom is the measured share of evaluated rows the remedy can gain or fix (0 when not measurable), weighted 1 for an accuracy gain observed on these inputs (the ensemble of the runs) and 1/2 for a potential (upper bounds, rows touched, calibration error); ties broken by severity, then cost, then id.';

/** Weight of an observed gain and of a potential in the score. */
export const OBSERVED_WEIGHT = 1;
export const POTENTIAL_WEIGHT = 0.5;

export interface RankInput {
  findings: readonly Finding[];
  checks: Readonly<Record<string, CheckOutcome>>;
  task: Task | null;
  lang: Lang;
  /** Data rows; read from the missing-values / class-balance metrics when not given. */
  rows?: number | null;
  /** The split column, for spotting slices that are a split (drift); split-like names are used otherwise. */
  splitColumn?: string | null;
  /** The checks that give evidence and measure headroom (default: the built-in checks). */
  definitions?: readonly AnyCheck[];
}

export type Remedy = {
  rank: number;
  id: string;
  title: string;
  summary: string;
  score: number;
  /** Measured headroom as a fraction, or null when nothing measures it. */
  headroom: number | null;
  /** Its weight in the score: 1 for an observed gain, 0.5 for a potential, null without headroom. */
  headroomWeight: number | null;
  severity: Severity;
  cost: Cost;
  /** Ids of the findings behind it, most severe first. */
  why: string[];
  /** The numbers behind it, in the chosen language. */
  evidence: string;
  expectedGain?: ExpectedGain;
  steps: string[];
  references: string[];
  task?: Task;
  domainVariant?: string;
};

/** Data rows, from the input or the checks that count them. */
export function rowCount(input: Pick<RankInput, 'checks' | 'rows'>): number | null {
  if (positive(input.rows ?? null)) return input.rows!;
  const mv = num(metricsOf(input.checks, 'missing-values'), 'rows');
  if (positive(mv)) return mv;
  const ii = num(metricsOf(input.checks, 'input-integrity'), 'rows');
  if (positive(ii)) return ii;
  const cb = metricsOf(input.checks, 'class-balance');
  const labelled = num(cb, 'labelledRows');
  if (labelled !== null) {
    const total = labelled + (num(cb, 'unlabelledRows') ?? 0);
    if (total > 0) return total;
  }
  return null;
}

// ------------------------------------------------------------------ ranking

const severityRank = (severity: Severity) => SEVERITIES.indexOf(severity);

/** How much a measure counts in the score: an observed accuracy gain fully, a potential half. */
function weightOf(measured: Measured): number {
  return measured.gain.basis === 'measured' && measured.gain.metric === 'accuracy' ? OBSERVED_WEIGHT : POTENTIAL_WEIGHT;
}

/** Which check computes each headroom measure: the one that declares it. */
export function measureChecks(definitions: readonly AnyCheck[] = builtinChecks): Map<HeadroomKind, AnyCheck> {
  const out = new Map<HeadroomKind, AnyCheck>();
  for (const check of definitions) for (const kind of Object.keys(check.remedies?.headroom ?? {}) as HeadroomKind[]) if (!out.has(kind)) out.set(kind, check);
  return out;
}

/** A seed accuracy spread that its own test finds within sampling noise. */
const isNoiseSpread = (finding: Finding) => finding.id.startsWith('seed-instability/accuracy-spread') && finding.metrics.significant === false;

/** Extra conditions on top of `appliesTo`, for entries whose trigger depends on the finding's content. */
const GUARDS: Record<string, (finding: Finding, isSplit: (column: string) => boolean) => boolean> = {
  // Drift monitoring: only for slices that involve the split column (errors or labels concentrated in one split).
  'monitor-drift': (finding, isSplit) => {
    if (finding.check !== 'slices') return true;
    const m = finding.metrics as Obj;
    const columns = [
      ...predicateColumns(m.predicates),
      ...(typeof m.column === 'string' ? m.column.split(' & ') : []),
      ...(arr(m, 'slices') ?? []).flatMap((entry) => predicateColumns(isObj(entry) ? entry.predicates : null)),
    ];
    return columns.some(isSplit);
  },
  // Regularisation and tuning answer a real spread between seeds, not one the report itself calls
  // sampling noise (more seeds, or a larger evaluation set, are what that calls for).
  regularize: (finding) => !isNoiseSpread(finding),
  'hyperparameter-search': (finding) => !isNoiseSpread(finding),
  // Ensembling is justified by churn or a measured gain; a spread within noise calls for more seeds first.
  ensemble: (finding) => !isNoiseSpread(finding),
};

/** The split column as given, else any column with a split-like name. */
function splitMatcher(input: RankInput): (column: string) => boolean {
  const split = input.splitColumn ?? null;
  return (column: string) => (split !== null ? column === split : SPLIT_NAMES.includes(column.toLowerCase()));
}

function round4(x: number): number {
  return Math.round(x * 1e4) / 1e4 + 0; // + 0 turns -0 into 0
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6 + 0;
}

/**
 * Ranks the remedies the findings call for. Only entries with at least one matching finding
 * appear; see the module comment for the score.
 */
export function rankRemedies(input: RankInput): Remedy[] {
  const { findings, checks, task, lang } = input;
  const definitions = input.definitions ?? builtinChecks;
  const byId = new Map(definitions.map((check) => [check.id, check]));
  const measuredBy = measureChecks(definitions);
  const rows = rowCount(input);
  const isSplit = splitMatcher(input);
  const candidates: Omit<Remedy, 'rank'>[] = [];
  for (const entry of CATALOGUE) {
    const guard = GUARDS[entry.id];
    // A group doing better than its reference calls for no remedy.
    const behind = findings.filter((f) => f.metrics.direction !== 'better' && entry.appliesTo.some((pattern) => matchesPattern(pattern, f.id, f.check)) && (!guard || guard(f, isSplit)));
    if (behind.length === 0) continue;
    behind.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const severity = behind[0].severity;
    const checksBehind = new Set(behind.map((f) => f.check));

    let best: Measured | null = null;
    let bestKind: HeadroomKind | null = null;
    for (const kind of entry.measuredBy) {
      const measurer = measuredBy.get(kind);
      if (!measurer || !checksBehind.has(measurer.id)) continue;
      const measured = measurer.remedies!.headroom![kind]!({ metrics: metricsOf(checks, measurer.id), checks, rows, findings: behind, remedyId: entry.id });
      if (measured && (!best || measured.value * weightOf(measured) > best.value * weightOf(best))) {
        best = measured;
        bestKind = kind;
      }
    }
    const headroom = best ? best.value : null;
    const weight = best ? weightOf(best) : 0;
    const score = round4(100 * weight * (headroom ?? 0) + SEVERITY_WEIGHT[severity] - COST_PENALTY[entry.cost]);

    const evidence: string[] = [];
    const seenChecks: string[] = [];
    for (const f of behind) if (!seenChecks.includes(f.check)) seenChecks.push(f.check);
    // The measured check first, so the sentence with the headroom leads.
    const measuredCheck = bestKind ? measuredBy.get(bestKind)!.id : null;
    if (measuredCheck) seenChecks.sort((a, b) => (a === measuredCheck ? -1 : b === measuredCheck ? 1 : 0));
    for (const check of seenChecks) {
      const mine = behind.filter((f) => f.check === check);
      const fragment = byId.get(check)?.remedies?.evidence;
      const parts = fragment ? fragment({ lang, metrics: metricsOf(checks, check), checks, rows, findings: mine, remedy: entry, isSplit }) : mine.flatMap((f) => generic(f, lang));
      evidence.push(...(parts.length > 0 ? parts : mine.flatMap((f) => generic(f, lang))));
    }

    const remedy: Omit<Remedy, 'rank'> = {
      id: entry.id,
      title: entry.title[lang],
      summary: entry.summary[lang],
      score,
      headroom: headroom === null ? null : round6(headroom),
      headroomWeight: best ? weight : null,
      severity,
      cost: entry.cost,
      why: behind.map((f) => f.id),
      evidence: join(evidence.slice(0, 5), lang),
      steps: [...entry.steps[lang]],
      references: entry.references.map(formatReference),
    };
    if (best) remedy.expectedGain = { ...best.gain, value: round6(best.gain.value) };
    if (task) {
      remedy.task = task;
      remedy.domainVariant = entry.variants[task][lang];
    }
    candidates.push(remedy);
  }
  candidates.sort(
    (a, b) =>
      b.score - a.score ||
      severityRank(b.severity) - severityRank(a.severity) ||
      COST_ORDER[a.cost] - COST_ORDER[b.cost] ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return candidates.map((remedy, index) => ({ rank: index + 1, ...remedy }));
}

export { detectTask, detectTaskWithReason, type TaskSignals, type DetectedTask } from './task.js';
export { weakestSlice, type WeakSlice } from '../checks/slices/remedy.js';
