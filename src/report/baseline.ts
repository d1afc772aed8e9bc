/**
 * A report against an earlier one (`--baseline-report`): every finding is `new`, `unchanged`,
 * `worse` or `better`, with the metrics that moved; findings of the baseline that are gone are
 * listed. Findings are matched by their id, which names what they are about (the check, the key
 * and the instance: a slice's predicates, a class, a model, a column). Pure: the caller reads the
 * file and says how big each finding is.
 */
import { z } from 'zod';
import { SEVERITIES, findingKey, findingSpec, readFindingArgs, type AnyCheck, type Finding, type FindingSpec, type Severity } from '../checks/types.js';
import { gatePassed, type FailOn } from './gate.js';
import type { Report } from './schema.js';

export type BaselineState = 'new' | 'unchanged' | 'worse' | 'better';

/** What a baseline report must hold: older reports lack later keys, so only these are read. */
export const baselineReportSchema = z.looseObject({
  schemaVersion: z.number(),
  inputs: z.looseObject({ data: z.looseObject({ path: z.string(), sha256: z.string().nullable().optional() }) }),
  findings: z.array(z.looseObject({ id: z.string(), severity: z.enum(SEVERITIES), title: z.string(), metrics: z.record(z.string(), z.unknown()) })),
});
export type BaselineReport = z.output<typeof baselineReportSchema>;

export interface FindingSince {
  state: BaselineState;
  /** The baseline's severity, for findings it had. */
  previousSeverity: Severity | null;
  /** Numbers that moved: metric name to [before, after] (top-level numeric metrics, at most 8). */
  changes: Record<string, [number, number]>;
}

export interface BaselineSummary {
  path: string;
  /** False when both reports know the data file's SHA-256 and they differ; null when one does not. */
  sameData: boolean | null;
  counts: Record<BaselineState, number>;
  /** Findings of the baseline that this audit no longer reports. */
  disappeared: { id: string; severity: Severity; title: string }[];
}

const MAX_CHANGES = 8;
const rank = (severity: Severity) => SEVERITIES.indexOf(severity);

function changedNumbers(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const [key, value] of Object.entries(after)) {
    const old = before[key];
    if (typeof value === 'number' && typeof old === 'number' && Math.abs(value - old) > 1e-12 * Math.max(1, Math.abs(old))) {
      out[key] = [old, value];
      if (Object.keys(out).length >= MAX_CHANGES) break;
    }
  }
  return out;
}

/**
 * The state of each finding against the baseline. Severity decides first; at the same severity,
 * `sizeOf` (the check's measure of how much of the problem there is) decides, and a finding
 * without one is unchanged.
 */
export function compareWithBaseline(
  findings: readonly Finding[],
  baseline: BaselineReport,
  path: string,
  sizeOf: (finding: { id: string; check: string; metrics: Record<string, unknown> }) => number | null,
  dataSha256: string | null,
): { since: FindingSince[]; summary: BaselineSummary } {
  const before = new Map(baseline.findings.map((finding) => [finding.id, finding]));
  const counts: Record<BaselineState, number> = { new: 0, unchanged: 0, worse: 0, better: 0 };
  const since = findings.map((finding): FindingSince => {
    const old = before.get(finding.id);
    if (!old) {
      counts.new++;
      return { state: 'new', previousSeverity: null, changes: {} };
    }
    const changes = changedNumbers(old.metrics, finding.metrics);
    let state: BaselineState = 'unchanged';
    const delta = rank(finding.severity) - rank(old.severity);
    if (delta > 0) state = 'worse';
    else if (delta < 0) state = 'better';
    else {
      const now = sizeOf(finding);
      const then = sizeOf({ id: old.id, check: finding.check, metrics: old.metrics });
      if (now !== null && then !== null && Number.isFinite(now) && Number.isFinite(then) && Math.abs(now - then) > 1e-12 * Math.max(1, Math.abs(then)))
        state = now > then ? 'worse' : 'better';
    }
    counts[state]++;
    return { state, previousSeverity: old.severity, changes };
  });
  const present = new Set(findings.map((finding) => finding.id));
  const disappeared = baseline.findings
    .filter((finding) => !present.has(finding.id))
    .map((finding) => ({ id: finding.id, severity: finding.severity, title: finding.title }));
  const theirs = baseline.inputs.data.sha256 ?? null;
  return { since, summary: { path, sameData: theirs !== null && dataSha256 !== null ? theirs === dataSha256 : null, counts, disappeared } };
}

/**
 * How much of the problem a finding reports, from its check's `size` on its arguments as the
 * finding's `args` schema reads them back: a baseline saved by another version that lacks or
 * mistypes a field reads it as null, and the size is then null (not comparable), never a crash.
 */
export function sizeFromChecks(checks: readonly AnyCheck[]): (finding: { id: string; check: string; metrics: Record<string, unknown> }) => number | null {
  return (finding) => {
    const spec = findingSpec<FindingSpec<object, unknown>>(
      checks.find((candidate) => candidate.id === finding.check),
      findingKey(finding),
    );
    if (!spec?.size) return null;
    const value = spec.size(readFindingArgs(spec, finding.metrics));
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  };
}

/** Whether the gate counts a finding: every one, or against a baseline only the new and worse ones. */
export function countsTowardGate(finding: Pick<Report['findings'][number], 'baseline'>, scope: 'all' | 'new-and-worse' | undefined): boolean {
  return scope !== 'new-and-worse' || finding.baseline?.state === 'new' || finding.baseline?.state === 'worse';
}

/**
 * The findings with their baseline state, and the gate: against a baseline it counts only new and
 * worse findings unless `gate` is "all".
 */
export function gateAgainstBaseline(
  findings: Report['findings'],
  baseline: { since: FindingSince[] } | null,
  failOn: FailOn,
  gate: 'all' | 'new-and-worse' | undefined,
): { findings: Report['findings']; passed: boolean; scope: 'all' | 'new-and-worse' } {
  if (!baseline) return { findings, passed: gatePassed(findings, failOn), scope: 'all' };
  const annotated = findings.map((finding, i) => ({ ...finding, baseline: baseline.since[i] }));
  const scope = gate ?? 'new-and-worse';
  const counted = annotated.filter((finding) => countsTowardGate(finding, scope));
  return { findings: annotated, passed: gatePassed(counted, failOn), scope };
}
