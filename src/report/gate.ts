import { SEVERITIES, type Finding, type Severity } from '../checks/types.js';

export type { FailOn } from '../core/vocabulary.js';
import type { FailOn } from '../core/vocabulary.js';

/** True when no finding reaches the `failOn` severity (`none` never fails). */
export function gatePassed(findings: readonly Pick<Finding, 'severity'>[], failOn: FailOn): boolean {
  if (failOn === 'none') return true;
  const threshold = SEVERITIES.indexOf(failOn);
  return !findings.some((finding) => SEVERITIES.indexOf(finding.severity) >= threshold);
}

/** Exit status: 0 when the gate passed, 1 when it failed (2 is for usage and input errors). */
export function getExitCode(report: { summary: { gate: { passed: boolean } } }): 0 | 1 {
  return report.summary.gate.passed ? 0 : 1;
}

export function countBySeverity(findings: readonly Pick<Finding, 'severity'>[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}
