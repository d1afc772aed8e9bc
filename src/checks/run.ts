import { performance } from 'node:perf_hooks';
import { sanitizeText } from '../core/sanitize.js';
import { createContext, type AuditInputs } from './context.js';
import { InputError } from '../errors.js';
import { unmetNeeds } from './needs.js';
import { skipReasons } from './needs.wording.js';
import {
  SEVERITIES,
  findingSpec,
  type AnyCheck,
  type CheckContext,
  type CheckOutcome,
  type EarlierCheck,
  type Finding,
  type FindingDraft,
  type FindingOf,
  type FindingSpec,
  type Metrics,
  type ObjectFindingTable,
} from './types.js';
import type { Lang } from '../core/vocabulary.js';
import { setOwn } from '../own-keys.js';
import { parseMetrics } from './support/metrics-schema.js';
import { DEFAULT_MAX_CHECK_REPORT_BYTES, reportBudgetBreach } from './report-budget.js';
import { NO_PROGRESS, type Progress } from '../core/progress.js';
import { DEFAULT_PLUGIN_TIMEOUT_SECONDS, pluginOutputNote, runPluginCheck } from './plugin-host.js';
import { evaluationView, rowRoles, type EvaluationView, type RowRoles } from '../data/row-roles.js';

export interface CheckSelection {
  /** Only these check ids (--checks); null for all. */
  only?: string[] | null;
  /** These check ids are not run (--skip-checks). */
  skip?: string[] | null;
  /** Per-check options from the config's `checkOptions` and flags, keyed by check id. */
  checkOptions?: Record<string, Record<string, unknown>>;
  /** What one check may put into the report, in bytes of JSON (default 64 MiB). */
  maxCheckReportBytes?: number;
  /** Told of each check as it is reached. */
  progress?: Progress;
  /** How long a plugin check may take, in milliseconds (default 60 s). */
  pluginTimeoutMs?: number;
  /** Record each run check's wall time as `durationMs` (--timing). */
  timing?: boolean;
}

export interface ChecksOutput {
  checks: Record<string, CheckOutcome>;
  findings: Finding[];
}

/** Rejects unknown check ids in --checks/--skip-checks/checkOptions, naming the known ones. */
export function validateSelection(checks: readonly AnyCheck[], selection: CheckSelection): void {
  const known = new Set(checks.map((check) => check.id));
  const lists: [string, string[] | null | undefined][] = [
    ['--checks', selection.only],
    ['--skip-checks', selection.skip],
    ['checkOptions', selection.checkOptions ? Object.keys(selection.checkOptions) : null],
  ];
  for (const [flag, ids] of lists) {
    for (const id of ids ?? []) {
      if (!known.has(id)) throw new InputError(`${flag}: unknown check "${id}" (known: ${[...known].join(', ')})`);
    }
  }
}

/** Parses a check's options with its own zod schema; a bad value is a usage error naming the key. */
export function resolveCheckOptions(check: AnyCheck, raw: Record<string, unknown> | undefined): Record<string, unknown> {
  if (!check.options) return raw ?? {};
  const parsed = check.options.safeParse(raw ?? {});
  if (parsed.success) return parsed.data as Record<string, unknown>;
  const issue = parsed.error.issues[0];
  const key = ['checkOptions', check.id, ...issue.path.map(String)].join('.');
  throw new InputError(`config key "${key}": ${issue.message}`);
}

/**
 * Runs the selected checks on one shared context. A check with unmet needs is skipped with
 * the reason; a check that throws is an error with its message, and the others still run.
 */
export async function runChecks(checks: readonly AnyCheck[], inputs: AuditInputs, selection: CheckSelection = {}): Promise<ChecksOutput> {
  validateSelection(checks, selection);
  const memo = new Map<string, unknown>();
  const outcomes: Record<string, CheckOutcome> = {};
  const findings: Finding[] = [];
  const order = new Map(checks.map((check, index) => [check.id, index]));
  const lang: Lang = inputs.settings?.lang ?? 'en';
  const progress = selection.progress ?? NO_PROGRESS;
  // Rows by role, once: checks that read evaluation rows see the runs restricted to them.
  const roles = inputs.rowRoles ?? rowRoles(inputs.data, inputs.roles, !!inputs.train);
  // A check's metrics as another reads them: parsed with its schema, once per audit.
  const parsedEarlier = new Map<string, unknown>();
  const earlier = (<CheckMetrics>(check: EarlierCheck<CheckMetrics> | string): CheckMetrics | Metrics | null => {
    const id = typeof check === 'string' ? check : check.id;
    const outcome = Object.hasOwn(outcomes, id) ? outcomes[id] : undefined;
    if (!outcome || (outcome.status !== 'ok' && outcome.status !== 'findings')) return null;
    if (typeof check === 'string' || !check.metrics) return outcome.metrics;
    if (!parsedEarlier.has(id)) parsedEarlier.set(id, parseMetrics(check.metrics, outcome.metrics).value);
    return parsedEarlier.get(id) as CheckMetrics;
  }) as CheckContext['earlier'];
  let view: EvaluationView | null = null;
  const evaluationInputs = (): AuditInputs => {
    if (!inputs.predictions) return { ...inputs, rowRoles: roles, earlier };
    view ??= evaluationView(inputs.predictions, roles);
    return { ...inputs, predictions: view.predictions, rowRoles: roles, earlier };
  };
  const allInputs: AuditInputs = { ...inputs, rowRoles: roles, earlier };
  progress.phase('checks', checks.length);
  for (const check of checks) {
    progress.tick(check.id);
    if (selection.only && !selection.only.includes(check.id)) {
      outcomes[check.id] = { status: 'skipped', reason: skipReasons.notSelected[lang](), metrics: {} };
      continue;
    }
    if (selection.skip?.includes(check.id)) {
      outcomes[check.id] = { status: 'skipped', reason: skipReasons.skippedByFlag[lang](), metrics: {} };
      continue;
    }
    const options = resolveCheckOptions(check, selection.checkOptions?.[check.id]);
    const context = createContext(check.rows === 'evaluation' ? evaluationInputs() : allInputs, options, memo);
    const unmet = unmetNeeds(check.needs, context);
    if (unmet) {
      outcomes[check.id] = { status: 'skipped', reason: unmet, metrics: {} };
      continue;
    }
    const started = performance.now();
    try {
      const result = check.plugin
        ? await runPluginCheck(check, context, selection.pluginTimeoutMs ?? DEFAULT_PLUGIN_TIMEOUT_SECONDS * 1000)
        : await check.run(context);
      // Bounded before it is copied: one check (a plugin above all) must not lose the whole report.
      const breach = reportBudgetBreach(result, selection.maxCheckReportBytes ?? DEFAULT_MAX_CHECK_REPORT_BYTES);
      if (breach) throw new Error(breach);
      // Plugins are not type-checked: a finding the report schema would reject makes the check an error.
      for (const draft of result.findings) {
        if (!SEVERITIES.includes(draft.severity))
          throw new Error(`finding "${String(draft.key)}" has severity ${JSON.stringify(draft.severity)}; expected one of ${SEVERITIES.join(', ')}`);
        if (typeof draft.key !== 'string' || draft.key === '') throw new Error('a finding has no key (a non-empty string)');
      }
      if (typeof result.skipped === 'string') {
        outcomes[check.id] = { status: 'skipped', reason: result.skipped, metrics: toPlainJson(result.metrics) as Metrics };
        continue;
      }
      const metrics: Metrics = toPlainJson(result.metrics) as Metrics;
      if (check.rows && context.predictions) metrics.rowsRead = rowsRead(check.rows, roles, view) as unknown as Metrics[string];
      const rendered = result.findings.map((draft) => renderFinding(check, draft, lang));
      outcomes[check.id] = { status: result.findings.length > 0 ? 'findings' : 'ok', metrics };
      findings.push(...rendered);
    } catch (error) {
      if (error instanceof InputError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      outcomes[check.id] = { status: 'error', reason: message, metrics: {} };
    }
    // Shared values (token counts, neighbours) count in the time of the check that computes them first.
    if (selection.timing) outcomes[check.id].durationMs = Math.round((performance.now() - started) * 10) / 10;
  }
  // What a plugin printed on stdout (while imported or run) was kept out of the report: its outcome says so.
  for (const check of checks) {
    const note = check.plugin ? pluginOutputNote(check) : null;
    const outcome = note ? outcomes[check.id] : undefined;
    if (outcome) outcome.reason = outcome.reason ? `${outcome.reason}; it ${note}` : `it ${note}`;
  }
  const rank = (severity: string) => SEVERITIES.indexOf(severity as (typeof SEVERITIES)[number]);
  findings.sort((a, b) => rank(b.severity) - rank(a.severity) || order.get(a.check)! - order.get(b.check)! || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { checks: outcomes, findings };
}

/** What a check's `rowsRead` metric says: the rows its predictions came from. */
function rowsRead(declared: 'evaluation' | 'all', roles: RowRoles, view: EvaluationView | null): Record<string, unknown> {
  const read = declared === 'evaluation' ? (view?.rows ?? 'evaluation') : 'all';
  return {
    rows: read,
    source: roles.source,
    evaluationRows: roles.evaluationRows,
    trainingRows: roles.trainingRows,
    ...(roles.evaluationSplits.length > 0 ? { evaluationSplits: roles.evaluationSplits } : {}),
    ...(declared === 'evaluation' ? { trainingRowsLeftOut: view?.leftOut ?? 0 } : {}),
    ...(declared === 'evaluation' && view?.rows === 'all' && roles.trainingRows > 0
      ? { note: 'no prediction on an evaluation row: every predicted row is read' }
      : {}),
  };
}

/**
 * A finding as the report holds it: id `<check>/<key>` (`:<instance>`), its text in `lang` from
 * the check's table (English where the check gives no Chinese), its arguments as `metrics`. A
 * written draft (a plugin without a table) keeps its own text.
 */
export function renderFinding(check: AnyCheck, draft: FindingOf<ObjectFindingTable> | FindingDraft, lang: Lang): Finding {
  const key = draft.key;
  if ('args' in draft) {
    const spec = findingSpec<FindingSpec<object>>(check, key);
    if (!spec) throw new Error(`finding "${key}" is not in the check's findings table`);
    // English always exists; another language only where the check gives it (a plugin may not).
    const written: Lang = spec[lang] ? lang : 'en';
    const translated = written === lang;
    const text = (spec[written] ?? spec.en)(draft.args);
    // Plugins are not type-checked: text that is not two strings would break the report's schema.
    if (typeof text?.title !== 'string' || typeof text?.summary !== 'string')
      throw new Error(`finding "${key}": its ${written} wording must return { title, summary } as strings`);
    const id = `${check.id}/${key}${draft.instance !== undefined ? `:${draft.instance}` : ''}`;
    const finding = { id, check: check.id, severity: draft.severity, title: text.title, summary: text.summary, metrics: draft.args, examples: draft.examples };
    // A missing translation is visible: the finding says its text is English.
    return toPlainJson(translated ? finding : { ...finding, lang: 'en' }) as Finding;
  }
  if (typeof draft.title !== 'string' || typeof draft.summary !== 'string')
    throw new Error(`finding "${key}" needs a title and a summary (strings), or a findings table entry`);
  const { key: _key, ...rest } = draft;
  // A written draft is English: it says so in a report of another language.
  const written: Lang = 'en';
  return toPlainJson({ id: `${check.id}/${key}`, check: check.id, ...rest, ...(written === lang ? {} : { lang: written }) }) as Finding;
}

/**
 * Deep copy to plain JSON data: typed arrays become arrays, non-finite numbers become null,
 * keys like `__proto__` are kept as own properties, never as prototypes, and strings (data text
 * among them: group values, class names, column names) lose terminal escapes, control and
 * invisible characters, as everywhere else in the report.
 */
export function toPlainJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') return sanitizeText(value);
  if (typeof value === 'boolean') return value;
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>, (v) => (Number.isFinite(v) ? v : null));
  if (Array.isArray(value)) return value.map(toPlainJson);
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      if (inner === undefined) continue;
      // Two keys that differ only in stripped characters stay apart: the second is shown escaped.
      const clean = sanitizeText(key);
      setOwn(out, clean === key || !Object.hasOwn(out, clean) ? clean : JSON.stringify(key).slice(1, -1), toPlainJson(inner));
    }
    return out;
  }
  // What is left is a bigint (kept as its digits), a symbol or a function (neither has a JSON form).
  return typeof value === 'bigint' ? value.toString() : null;
}
