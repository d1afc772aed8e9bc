/** For format tests that compare one input read two ways: the JSON report of a passing audit, and its findings as [id, summary] pairs. */
import { expect } from 'vitest';
import { audit } from './cli.js';

export const findingTexts = (report: { findings: { id: string; summary: string }[] }) => report.findings.map((f) => [f.id, f.summary]);

export function jsonReport(args: string[]) {
  const run = audit([...args, '-f', 'json', '--fail-on', 'none']);
  expect(run.status, run.stderr).toBe(0);
  return run.json;
}
