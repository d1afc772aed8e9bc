import type { Report } from '../report/schema.js';
import { SEVERITIES } from '../checks/types.js';
import { escapeHtml } from '../core/sanitize.js';

/**
 * JUnit XML for CI test tabs: one test case per check; a check fails when it has a finding
 * at or above the gate's severity, is skipped when it was skipped, and errors when it threw.
 */
export function renderJunit(report: Report): string {
  const failOn = report.summary.gate.failOn;
  const threshold = failOn === 'none' ? Infinity : SEVERITIES.indexOf(failOn);
  const cases: string[] = [];
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  for (const [id, outcome] of Object.entries(report.checks)) {
    const failing = report.findings.filter((f) => f.check === id && SEVERITIES.indexOf(f.severity) >= threshold);
    let body = '';
    if (outcome.status === 'skipped') {
      skipped++;
      body = `<skipped message="${escapeHtml(outcome.reason ?? '')}"/>`;
    } else if (outcome.status === 'error') {
      errors++;
      body = `<error message="${escapeHtml(outcome.reason ?? '')}"/>`;
    } else if (failing.length > 0) {
      failures++;
      body = failing.map((f) => `<failure type="${f.severity}" message="${escapeHtml(f.title)}">${escapeHtml(f.summary)}</failure>`).join('');
    }
    cases.push(`    <testcase classname="trainaudit" name="${escapeHtml(id)}">${body}</testcase>`);
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="trainaudit" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="${skipped}">`,
    `  <testsuite name="trainaudit" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="${skipped}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
