/** --timing: each check's wall time on stderr (ESLint's TIMING table) and as checks.<id>.durationMs; off by default. */
import { describe, expect, it } from 'vitest';
import { audit, fixture } from './helpers/cli.js';
import { reportSchema } from '../src/report/schema.js';

describe('--timing', () => {
  const args = [fixture('demo/data.csv'), fixture('demo/preds.jsonl'), '-f', 'json', '--fail-on', 'none'];

  it("writes every run check's durationMs and prints the table on stderr, slowest first; skipped checks have none", () => {
    const run = audit([...args, '--timing']);
    expect(run.status, run.stderr).toBe(0);
    expect(reportSchema.safeParse(run.json).success).toBe(true);
    const checks = run.json.checks as Record<string, { status: string; durationMs?: number }>;
    for (const [id, outcome] of Object.entries(checks)) {
      if (outcome.status === 'skipped' && outcome.durationMs === undefined) continue;
      expect(outcome.durationMs, id).toBeGreaterThanOrEqual(0);
    }
    expect(checks['training-curves']).toMatchObject({ status: 'skipped' });
    expect(checks['training-curves'].durationMs).toBeUndefined();
    const table = run.stderr.trim().split('\n');
    expect(table[0]).toMatch(/^Check\s+\|\s+Time \(ms\) \| Relative$/);
    const times = table.slice(2, -1).map((line) => Number(line.split('|')[1]));
    expect(times.length).toBe(Object.values(checks).filter((c) => c.durationMs !== undefined).length);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(table[table.length - 1]).toMatch(/^all checks\s+\|/);
  });

  it('is off by default: no durationMs, nothing on stderr', () => {
    const run = audit(args);
    expect(run.status).toBe(0);
    expect(JSON.stringify(run.json.checks)).not.toContain('durationMs');
    expect(run.stderr).toBe('');
  });
});
