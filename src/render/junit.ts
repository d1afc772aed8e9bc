import type { Report } from '../report/schema.js';
import { countsTowardGate } from '../report/baseline.js';
import { SEVERITIES } from '../checks/types.js';
import { escapeHtml } from '../core/sanitize.js';

/**
 * Characters XML 1.0 does not allow (controls but tab and line breaks, U+FFFE, U+FFFF, lone
 * surrogates): a document carrying them is not well-formed, so they are dropped.
 */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text for an XML attribute or element: characters XML forbids dropped, markup escaped. */
export function xmlText(value: string): string {
  return escapeHtml(value.replace(NOT_XML, ''));
}

interface TestCase {
  classname: string;
  name: string;
  body: string;
  outcome: 'pass' | 'failure' | 'error' | 'skipped';
}

/**
 * JUnit XML for CI test tabs (valid against the Jenkins xUnit junit-10.xsd): each finding is a
 * test case of its check (class name = check id), failing when it reaches the gate, so every
 * finding shows (Jenkins reads one failure per test case); a check without findings is one passing
 * case, a skipped or failed check one skipped or error case. Reasons are in the element text too,
 * which GitLab shows.
 */
export function renderJunit(report: Report): string {
  const failOn = report.summary.gate.failOn;
  const threshold = failOn === 'none' ? Infinity : SEVERITIES.indexOf(failOn);
  const cases: TestCase[] = [];
  for (const [id, outcome] of Object.entries(report.checks)) {
    if (outcome.status === 'skipped') {
      const reason = xmlText(outcome.reason ?? '');
      cases.push({ classname: id, name: id, outcome: 'skipped', body: `<skipped message="${reason}">${reason}</skipped>` });
      continue;
    }
    if (outcome.status === 'error') {
      const reason = xmlText(outcome.reason ?? '');
      cases.push({ classname: id, name: id, outcome: 'error', body: `<error type="error" message="${reason}">${reason}</error>` });
      continue;
    }
    const own = report.findings.filter((f) => f.check === id);
    if (own.length === 0) {
      cases.push({ classname: id, name: id, outcome: 'pass', body: '' });
      continue;
    }
    for (const finding of own) {
      // Against a baseline the gate counts only new and worse findings: an accepted one passes.
      const counted = countsTowardGate(finding, report.summary.gate.scope);
      const failing = counted && SEVERITIES.indexOf(finding.severity) >= threshold;
      // The state goes into the text, not the name, so that CI keeps one history per finding.
      const since = finding.baseline ? `[${finding.baseline.state} since the baseline] ` : '';
      const text = `${since}${finding.title}: ${finding.summary}`;
      cases.push({
        classname: id,
        name: `${finding.id} (${finding.severity})`,
        outcome: failing ? 'failure' : 'pass',
        body: failing
          ? `<failure type="${finding.severity}" message="${xmlText(finding.title)}">${xmlText(text)}</failure>`
          : `<system-out>${xmlText(text)}</system-out>`,
      });
    }
  }
  const count = (outcome: TestCase['outcome']) => cases.filter((c) => c.outcome === outcome).length;
  const [failures, errors, skipped] = [count('failure'), count('error'), count('skipped')];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="trainaudit" tests="${cases.length}" failures="${failures}" errors="${errors}">`,
    `  <testsuite name="trainaudit" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="${skipped}">`,
    ...cases.map((c) => `    <testcase classname="${xmlText(c.classname)}" name="${xmlText(c.name)}">${c.body}</testcase>`),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
