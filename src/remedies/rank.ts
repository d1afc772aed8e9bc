/**
 * Maps findings to catalogue entries, gives each remedy its outcome and expected gain, and ranks
 * them. Pure: reads findings and check metrics (defensively: a missing or malformed metric means
 * "not estimable", never an error), returns plain data in the chosen language.
 *
 * ## Outcomes, never added together
 * Each catalogue entry improves one outcome: `accuracy` (points on data like the evaluation rows),
 * `honesty` (points by which the reported accuracy is off: leakage, wrong evaluation labels),
 * `probability` (held-out log loss, ECE, Brier) or `process` (advice with no gain of its own).
 * Remedies are listed by outcome in that order; only within an outcome are they compared.
 *
 * ## Expected gain and score
 * The measures an entry names in `measuredBy` (each computed by the check that declares it, from
 * its own metrics) give expected gains with a basis: measured on these inputs, estimated (a proxy
 * model), an upper bound, or not estimable. A direct measurement wins over an estimate, an estimate
 * over a bound; within a basis, the larger ranking value. The ranking value is the gain shrunk by
 * its noise (gain.ts), and `score` is that value in points of the remedy's outcome (log loss x 100
 * for probability quality; 0 when nothing estimates it).
 *
 * Within an outcome: remedies whose gain is estimated and positive, by score; then those that
 * cannot be estimated, those acting on rows the report names (relabel, deduplicate) before general
 * techniques; last, those whose estimate says they do not help (`recommended: false`,
 * listed so that the reader sees they were measured). Severity (most severe finding behind the
 * remedy) and cost only break ties, then the id, so the order is total and deterministic.
 * A remedy appears only when at least one finding matches its `appliesTo` and the finding's check
 * lets that finding feed it (`remedyGuards` of the check). Checks may declare remedies of their own
 * (`remedies.entries`, what plugins offer): they are ranked with the catalogue's, after them in
 * listing order.
 */
import {
  SEVERITIES,
  REMEDY_OUTCOMES,
  typedFinding,
  type AnyCheck,
  type AnyTypedFinding,
  type CheckOutcome,
  type DeclaredRemedy,
  type ExpectedGain,
  type Finding,
  type GuardContext,
  type HeadroomKind,
  type RemedyOutcome,
  type Severity,
} from '../checks/types.js';
import { generic, join, positive } from '../checks/support/evidence.js';
import { checkResults, type CheckResults } from '../checks/results.js';
import { SPLIT_NAMES } from '../data/roles.js';
import { CATALOGUE, formatReference, matchesPattern, type CatalogueEntry, type Cost, type Lang, type Task } from './catalogue/index.js';
import { gainSaysItHelps, shrunkGain } from './gain.js';

export type { ExpectedGain };

const COST_ORDER: Readonly<Record<Cost, number>> = { low: 0, medium: 1, high: 2 };
const BASIS_ORDER: Readonly<Record<ExpectedGain['basis'], number>> = { measured: 0, estimated: 1, 'upper-bound': 2, 'not-estimable': 3 };

/** The ranking rule in words, for the README and `audit remedies`. */
export const SCORE_FORMULA =
  'remedies are grouped by outcome (accuracy, then honesty of the measurement, probability quality, process) and never compared across outcomes; score = the expected gain in points of its outcome (log loss x 100 for probability quality), shrunk by its noise: g x g^2 / (g^2 + se^2), an upper bound b counting as 3b/8, an estimate of 0 or below kept as it is, 0 when not estimable; within an outcome, estimated remedies that help come first by score, then those that cannot be estimated (those acting on rows the report names first), then those measured not to help; severity, cost and id break ties.';

export interface RankInput {
  findings: readonly Finding[];
  checks: Readonly<Record<string, CheckOutcome>>;
  task: Task | null;
  lang: Lang;
  /** Data rows; read from the missing-values / class-balance metrics when not given. */
  rows?: number | null;
  /** The split column, for spotting slices that are a split (drift); split-like names are used otherwise. */
  splitColumn?: string | null;
  /** The checks of the audit (plugins included): they give evidence, measure headroom, guard which findings feed which remedy and may declare remedies. */
  definitions: readonly AnyCheck[];
  /** The rows are benchmark items logged by an evaluation harness: nothing in the inputs was trained on them. */
  benchmark?: boolean;
  /** Each check's metrics parsed with its schema (results.ts); parsed here from `checks` when not given. */
  results?: CheckResults;
}

export type Remedy = {
  rank: number;
  id: string;
  title: string;
  summary: string;
  /** What it improves; remedies of different outcomes are never compared. */
  outcome: RemedyOutcome;
  /** The shrunk expected gain in points of its outcome: the rank key within the outcome (0 when not estimable). */
  score: number;
  /** False when its estimate says it does not help (listed last in its outcome). */
  recommended: boolean;
  /** The shrunk expected gain as a fraction, or null when nothing estimates it. */
  headroom: number | null;
  /** How much of the central value the shrinkage kept (headroom / value), or null. */
  headroomWeight: number | null;
  severity: Severity;
  cost: Cost;
  /** Ids of the findings behind it, most severe first. */
  why: string[];
  /** The numbers behind it, in the chosen language. */
  evidence: string;
  /** Every accuracy, honesty and probability remedy has one; process advice has none. */
  expectedGain?: ExpectedGain;
  steps: string[];
  references: string[];
  task?: Task;
  domainVariant?: string;
};

/** Data rows, from the input or the first check (in the audit's order) that counts them (`rowCount`). */
export function rowCount(input: Pick<RankInput, 'checks' | 'rows' | 'definitions' | 'results'>): number | null {
  if (positive(input.rows ?? null)) return input.rows!;
  const results = input.results ?? checkResults(input.definitions, input.checks);
  for (const check of input.definitions) {
    const metrics = check.rowCount ? results.get(check.id) : undefined;
    const rows = metrics !== undefined ? check.rowCount!(metrics as never) : null;
    if (positive(rows)) return rows;
  }
  return null;
}

// ------------------------------------------------------------------ ranking

const severityRank = (severity: Severity) => SEVERITIES.indexOf(severity);

/** Which check computes each headroom measure: the one that declares it. */
export function measureChecks(definitions: readonly AnyCheck[]): Map<string, AnyCheck> {
  const out = new Map<string, AnyCheck>();
  for (const check of definitions) for (const kind of Object.keys(check.remedies?.headroom ?? {})) if (!out.has(kind)) out.set(kind, check);
  return out;
}

/**
 * Findings another check's findings explain (an answer bias explains confusions into the answer it
 * favours), by the explaining check: they feed only the remedies whose `appliesTo` names that check.
 */
function explainedFindings(findings: readonly Finding[], definitions: readonly AnyCheck[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const check of definitions) {
    if (!check.explainsFindings) continue;
    const own = findings.filter((f) => f.check === check.id);
    if (own.length === 0) continue;
    for (const id of check.explainsFindings(findings)) if (!out.has(id)) out.set(id, check.id);
  }
  return out;
}

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

/** A gain as the report keeps it: fractions to 6 decimals. */
function roundedGain(gain: ExpectedGain): ExpectedGain {
  return {
    ...gain,
    value: round6(gain.value),
    interval: gain.interval ? [round6(gain.interval[0]), round6(gain.interval[1])] : null,
    ...(gain.standardError !== undefined ? { standardError: round6(gain.standardError) } : {}),
  };
}

/** A gain by its size whatever its sign (an honesty figure: the measurement is off either way). */
function magnitude(gain: ExpectedGain): ExpectedGain {
  if (gain.value >= 0) return gain;
  return { ...gain, value: -gain.value, interval: gain.interval ? [-gain.interval[1], -gain.interval[0]] : null };
}

/** Is `a` a better measure of the remedy than `b`: a stronger basis, then a larger ranking value. */
function betterGain(a: ExpectedGain, b: ExpectedGain): boolean {
  if (BASIS_ORDER[a.basis] !== BASIS_ORDER[b.basis]) return BASIS_ORDER[a.basis] < BASIS_ORDER[b.basis];
  const ga = shrunkGain(a) ?? -Infinity;
  const gb = shrunkGain(b) ?? -Infinity;
  // Two measures that cannot size the remedy: the one touching more rows says more about it.
  return ga !== gb ? ga > gb : (a.rows ?? 0) > (b.rows ?? 0);
}

const NOT_ESTIMABLE: Record<Lang, string> = {
  en: 'nothing in these inputs measures what it gains',
  zh: '这些输入中没有任何内容能衡量它的收益',
};

/**
 * Listing group within an outcome: estimated and helping; not estimable but acting on rows the
 * report names (a relabelling, a de-duplication); not estimable and general; measured not to help.
 */
function standing(remedy: Pick<Remedy, 'recommended' | 'expectedGain'>): number {
  if (!remedy.recommended) return 3;
  const gain = remedy.expectedGain;
  if (gain && gain.basis !== 'not-estimable') return 0;
  return gain?.rows !== undefined ? 1 : 2;
}

/** A remedy as ranking reads it: a catalogue entry, or one a check declares (its text in English where it gives no Chinese). */
type RankEntry = Pick<CatalogueEntry, 'id' | 'outcome' | 'title' | 'summary' | 'steps' | 'cost' | 'forEvaluationRepeats'> & {
  appliesTo: readonly string[];
  measuredBy: readonly string[];
  references: string[];
  variants?: CatalogueEntry['variants'];
};

function catalogueRankEntry(entry: CatalogueEntry): RankEntry {
  return { ...entry, references: entry.references.map(formatReference) };
}

function declaredRankEntry(entry: DeclaredRemedy): RankEntry {
  return {
    id: entry.id,
    outcome: entry.outcome,
    title: { en: entry.title.en, zh: entry.title.zh ?? entry.title.en },
    summary: { en: entry.summary.en, zh: entry.summary.zh ?? entry.summary.en },
    steps: { en: entry.steps?.en ?? [], zh: entry.steps?.zh ?? entry.steps?.en ?? [] },
    cost: entry.cost,
    appliesTo: entry.appliesTo,
    measuredBy: entry.measuredBy ?? [],
    references: entry.references ?? [],
  };
}

/** Every remedy that can be ranked: the catalogue's, then those the checks declare (in the checks' order). */
function rankEntries(definitions: readonly AnyCheck[]): RankEntry[] {
  return [...CATALOGUE.map(catalogueRankEntry), ...definitions.flatMap((check) => (check.remedies?.entries ?? []).map(declaredRankEntry))];
}

/** What ranking every catalogue entry reads: the findings and check outcomes, and what is derived from them once. */
interface RankContext {
  findings: readonly AnyTypedFinding[];
  checks: Readonly<Record<string, CheckOutcome>>;
  results: CheckResults;
  lang: Lang;
  byId: Map<string, AnyCheck>;
  measuredBy: Map<string, AnyCheck>;
  /** Measures of what a remedy itself does on these inputs, not of a finding's size (the checks' `remedyMeasures`). */
  remedyMeasures: Set<string>;
  rows: number | null;
  /** What the checks' remedy guards read: the split column, whether the rows are benchmark items. */
  guard: GuardContext;
  /** Findings another check's findings explain, by the explaining check. */
  explained: Map<string, string>;
}

/** The findings that call for an entry (its patterns and guard), most severe first. */
function findingsBehind(ctx: RankContext, entry: RankEntry): AnyTypedFinding[] {
  // A group doing better than its reference calls for no remedy; a finding another check explains (a confusion an answer bias explains) calls for that check's remedies only.
  const mayFeed = (f: AnyTypedFinding) => {
    const guard = ctx.byId.get(f.check)?.remedyGuards?.[entry.id];
    return !guard || guard(f, ctx.guard);
  };
  const explainer = (f: Finding) => ctx.explained.get(f.id);
  const behind = ctx.findings.filter(
    (f) =>
      f.metrics.direction !== 'better' &&
      entry.appliesTo.some((pattern) => matchesPattern(pattern, f.id, f.check)) &&
      mayFeed(f) &&
      (explainer(f) === undefined || entry.appliesTo.some((pattern) => pattern.startsWith(explainer(f)!))),
  );
  behind.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return behind;
}

/** The best of the entry's measures (a not-estimable gain when none applies, except for process advice), and the measure that gave it. */
function bestGain(ctx: RankContext, entry: RankEntry, behind: Finding[]): { best: ExpectedGain | null; bestKind: string | null } {
  const { checks, rows, lang } = ctx;
  const checksBehind = new Set(behind.map((f) => f.check));
  let best: ExpectedGain | null = null;
  let bestKind: string | null = null;
  for (const kind of entry.measuredBy) {
    const measurer = ctx.measuredBy.get(kind);
    // A finding's size counts only for a remedy that finding calls for; a measurement of the remedy's own effect counts whenever its check ran.
    if (!measurer || (!checksBehind.has(measurer.id) && !ctx.remedyMeasures.has(kind))) continue;
    const gain = measurer.remedies!.headroom![kind as HeadroomKind]!({
      metrics: ctx.results.get(measurer.id) ?? null,
      checks,
      rows,
      findings: behind,
      remedyId: entry.id,
      lang,
    });
    if (gain && (!best || betterGain(gain, best))) {
      best = gain;
      bestKind = kind;
    }
  }
  if (!best && entry.outcome !== 'process')
    best = {
      metric: entry.outcome === 'probability' ? 'logLoss' : 'accuracy',
      value: 0,
      interval: null,
      unit: 'fraction',
      basis: 'not-estimable',
      method: NOT_ESTIMABLE[lang],
    };
  return { best, bestKind };
}

/** Whether the gain says the remedy helps: probability quality needs an interval above 0; honesty (and no gain at all) always. */
function isRecommended(entry: RankEntry, best: ExpectedGain | null): boolean {
  if (!best) return true;
  if (entry.outcome === 'probability') return best.basis !== 'not-estimable' && best.interval !== null && best.interval[0] > 0;
  if (entry.outcome === 'honesty') return true;
  return gainSaysItHelps(best);
}

/** The evidence sentences of each check behind the entry, the measured check first (so the sentence with the gain leads). */
function remedyEvidence(ctx: RankContext, entry: RankEntry, behind: AnyTypedFinding[], bestKind: string | null): string[] {
  const { checks, rows, lang } = ctx;
  const { isSplit } = ctx.guard;
  const remedy = { id: entry.id, measuredBy: entry.measuredBy as readonly HeadroomKind[] };
  const evidence: string[] = [];
  const seenChecks: string[] = [];
  for (const f of behind) if (!seenChecks.includes(f.check)) seenChecks.push(f.check);
  const measuredCheck = bestKind ? ctx.measuredBy.get(bestKind)!.id : null;
  if (measuredCheck) seenChecks.sort((a, b) => (a === measuredCheck ? -1 : b === measuredCheck ? 1 : 0));
  for (const check of seenChecks) {
    const mine = behind.filter((f) => f.check === check);
    const remedies = ctx.byId.get(check)?.remedies;
    const parts = remedies?.evidence
      ? remedies.evidence({ lang, metrics: ctx.results.get(check) ?? null, checks, rows, findings: mine, remedy, isSplit })
      : mine.flatMap((f) => generic(f, lang));
    evidence.push(...(parts.length > 0 ? parts : mine.flatMap((f) => generic(f, lang))));
  }
  return evidence;
}

/** The remedy of a catalogue entry the findings call for, unranked. */
function remedyOf(ctx: RankContext, entry: RankEntry, behind: AnyTypedFinding[], task: Task | null): Omit<Remedy, 'rank'> {
  const { lang } = ctx;
  const { best, bestKind } = bestGain(ctx, entry, behind);
  // Honesty ranks by how far off the measurement is, either way; accuracy and probability by the gain.
  const ranked = best ? shrunkGain(entry.outcome === 'honesty' ? magnitude(best) : best) : null;
  const recommended = isRecommended(entry, best);
  const evidence = remedyEvidence(ctx, entry, behind, bestKind);
  // Advice about repeats of a prompted model's evaluation speaks of evaluations, not seeds or training.
  const isRepeat = (f: AnyTypedFinding) => ctx.byId.get(f.check)?.isEvaluationRepeat?.(f) === true;
  const wording = entry.forEvaluationRepeats && behind.every(isRepeat) ? entry.forEvaluationRepeats : entry;
  const remedy: Omit<Remedy, 'rank'> = {
    id: entry.id,
    title: wording.title[lang],
    summary: wording.summary[lang],
    outcome: entry.outcome,
    score: ranked === null ? 0 : round4(100 * ranked),
    recommended,
    headroom: ranked === null ? null : round6(ranked),
    headroomWeight: ranked === null || !best || best.value <= 0 ? null : round4(ranked / best.value),
    severity: behind[0].severity,
    cost: entry.cost,
    why: behind.map((f) => f.id),
    evidence: join(evidence.slice(0, 5), lang),
    steps: [...wording.steps[lang]],
    references: [...entry.references],
  };
  if (best) remedy.expectedGain = roundedGain(best);
  if (task) {
    remedy.task = task;
    if (entry.variants) remedy.domainVariant = entry.variants[task][lang];
  }
  return remedy;
}

/**
 * Ranks the remedies the findings call for. Only entries with at least one matching finding
 * appear; see the module comment for the order.
 */
export function rankRemedies(input: RankInput): Remedy[] {
  const { checks, task, lang } = input;
  const { definitions } = input;
  const byId = new Map(definitions.map((check) => [check.id, check]));
  const findings = input.findings.map((finding) => typedFinding(finding, byId.get(finding.check)));
  const results = input.results ?? checkResults(definitions, checks);
  const ctx: RankContext = {
    findings,
    checks,
    results,
    lang,
    byId,
    measuredBy: measureChecks(definitions),
    remedyMeasures: new Set(definitions.flatMap((check) => check.remedyMeasures ?? [])),
    rows: rowCount({ ...input, results }),
    guard: { isSplit: splitMatcher(input), benchmark: input.benchmark === true },
    explained: explainedFindings(findings, definitions),
  };
  const candidates: Omit<Remedy, 'rank'>[] = [];
  for (const entry of rankEntries(definitions)) {
    const behind = findingsBehind(ctx, entry);
    if (behind.length === 0) continue;
    candidates.push(remedyOf(ctx, entry, behind, task));
  }
  const outcomeOrder = (outcome: RemedyOutcome) => REMEDY_OUTCOMES.indexOf(outcome);
  candidates.sort(
    (a, b) =>
      outcomeOrder(a.outcome) - outcomeOrder(b.outcome) ||
      standing(a) - standing(b) ||
      b.score - a.score ||
      severityRank(b.severity) - severityRank(a.severity) ||
      COST_ORDER[a.cost] - COST_ORDER[b.cost] ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return candidates.map((remedy, index) => ({ rank: index + 1, ...remedy }));
}

export { detectTask, detectTaskWithReason, type TaskSignals, type DetectedTask } from './task.js';
export { weakestSlice, type WeakSlice } from '../checks/slices/remedy.js';
