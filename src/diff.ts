/**
 * `audit diff old.json new.json`: the comparison --baseline-report makes, between two saved
 * reports, without re-running. Both are validated against the report schema first.
 */
import type { AnyCheck } from './checks/types.js';
import { createAudit, type Audit } from './report/audit.js';
import { baselineReportSchema, compareWithBaseline, gateAgainstBaseline, sizeFromChecks } from './report/baseline.js';
import { getExitCode, type FailOn } from './report/gate.js';
import { reportSchema, type Report } from './report/schema.js';
import { matchReportSchema, readReportJson } from './baseline-input.js';

export interface DiffRequest {
  oldPath: string;
  newPath: string;
  /** Default: the new report's own --fail-on. */
  failOn?: FailOn;
  gate?: 'all' | 'new-and-worse';
  /** The checks that size findings and draw the report (the built-in checks: `availableChecks()`). */
  checks: readonly AnyCheck[];
}

export async function diffReports(request: DiffRequest): Promise<{ report: Report; audit: Audit; exitCode: 0 | 1 }> {
  const oldJson = await readReportJson(request.oldPath, 'old report');
  matchReportSchema(reportSchema, oldJson, request.oldPath, 'old report');
  const old = matchReportSchema(baselineReportSchema, oldJson, request.oldPath, 'old report');
  const current = matchReportSchema(reportSchema, await readReportJson(request.newPath, 'new report'), request.newPath, 'new report');
  const failOn = request.failOn ?? current.summary.gate.failOn;
  const compared = compareWithBaseline(current.findings as never, old, request.oldPath, sizeFromChecks(request.checks), current.inputs.data.sha256 ?? null);
  const gated = gateAgainstBaseline(current.findings, compared, failOn, request.gate);
  const report: Report = {
    ...current,
    findings: gated.findings,
    summary: { ...current.summary, gate: { failOn, passed: gated.passed, scope: gated.scope } },
    baseline: compared.summary,
  };
  return { report, audit: createAudit(request.checks, report), exitCode: getExitCode(report) };
}
