import { existsSync, readdirSync } from 'node:fs';
import { expect } from 'vitest';
import { audit, fixture, type AuditRun } from './cli.js';

/**
 * Audits `fixtures/<name>/`, as a user would with the built binary: its `data.csv` (or the
 * given data file) and every `preds*.jsonl` beside it, plus `extra` flags; asserts the report
 * holds exactly `expectedFindingIds` (in any order) and returns the run.
 */
export function testFixture(name: string, expectedFindingIds: string[], options: { data?: string; extra?: string[] } = {}): AuditRun {
  const dir = fixture(name);
  const data = fixture(name, options.data ?? 'data.csv');
  const predictions = readdirSync(dir)
    .filter((file) => /^preds.*\.jsonl$/.test(file))
    .sort()
    .map((file) => fixture(name, file));
  expect(existsSync(data), data).toBe(true);
  const run = audit([data, ...predictions, '-f', 'json', '--fail-on', 'none', ...(options.extra ?? [])]);
  expect(run.status, run.stderr).toBe(0);
  const ids = (run.json.findings as { id: string }[]).map((finding) => finding.id).sort();
  expect(ids).toEqual([...expectedFindingIds].sort());
  return run;
}
