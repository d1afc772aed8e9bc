/**
 * What one check may put into the report is bounded: a plugin returning megabytes (or a value
 * that refers to itself) becomes that check's error and the rest of the report stands; built-in
 * checks summarise what grows with columns or classes; probability matrices too large to hold are
 * refused with a one-line message.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit, fixture } from '../helpers/cli.js';

const workDir = () => mkdtempSync(join(tmpdir(), 'audit-bounds-'));

describe('per-check report budget', () => {
  it('keeps a plugin output under the budget (8 MB < 64 MiB) and makes it an error over a lower one', () => {
    const plugin = fixture('plugins/huge-output.js');
    const within = audit([fixture('demo/data.csv'), '--plugin', plugin, '-f', 'json', '--fail-on', 'none']);
    expect(within.status).toBe(0);
    expect(within.json.checks['huge-output'].status).toBe('findings');
    expect(within.json.checks['huge-output'].metrics.words).toHaveLength(100_000);

    const dir = workDir();
    writeFileSync(join(dir, 'audit.config.json'), JSON.stringify({ maxCheckReportBytes: 1_000_000 }));
    const over = audit([fixture('demo/data.csv'), '--plugin', plugin, '-f', 'json', '--fail-on', 'none'], { cwd: dir });
    expect(over.status).toBe(0);
    expect(over.json.checks['huge-output']).toEqual({
      status: 'error',
      reason:
        'its metrics and findings take more than 976.6 KiB of the report; a check must summarise large results (raise maxCheckReportBytes in the config to keep them)',
      metrics: {},
    });
    expect(over.json.findings.some((finding: { check: string }) => finding.check === 'huge-output')).toBe(false);
    // The other checks still ran.
    expect(over.json.checks.duplicates.status).toBe(within.json.checks.duplicates.status);
  });

  it('makes a check whose metrics refer to themselves an error, not a crash', () => {
    const run = audit([fixture('demo/data.csv'), '--plugin', fixture('plugins/huge-output.js'), '-f', 'json', '--fail-on', 'none']);
    expect(run.json.checks['self-reference']).toEqual({
      status: 'error',
      reason: 'its metrics or findings are nested deeper than 64 levels (or refer to themselves)',
      metrics: {},
    });
  });
});

describe('built-in checks summarise what grows with the columns', () => {
  it('details the first 1,000 columns, names every column with missing cells, and groups the findings past 50', () => {
    const dir = workDir();
    const columns = 1_200;
    const header = ['id', 'label', ...Array.from({ length: columns }, (_, c) => `c${c}`)];
    const rows = [1, 2, 3].map((id) => [
      String(id),
      id === 2 ? 'b' : 'a',
      ...Array.from({ length: columns }, (_, c) => (id === 2 && c % 3 === 0 ? '' : String(c + id))),
    ]);
    writeFileSync(join(dir, 'wide.csv'), [header, ...rows].map((row) => row.join(',')).join('\n') + '\n');
    const run = audit([join(dir, 'wide.csv'), '-f', 'json', '--fail-on', 'none']);
    expect(run.status).toBe(0);
    const metrics = run.json.checks['missing-values'].metrics;
    expect(metrics.columns).toHaveLength(1_000);
    expect(metrics.columnDetailsOmitted).toBe(columns + 2 - 1_000);
    expect(metrics.columnsWithMissing).toHaveLength(columns / 3);
    const perColumn = run.json.findings.filter((finding: { id: string }) => finding.id.startsWith('missing-values/missing:'));
    expect(perColumn).toHaveLength(50);
    const more = run.json.findings.find((finding: { id: string }) => finding.id === 'missing-values/missing-more-columns');
    expect(more.metrics.columns).toHaveLength(columns / 3 - 50);
    expect(more.metrics.cells).toBe(columns / 3 - 50);
    expect(more.summary.length).toBeLessThan(400);
  });
});

describe('probability matrices too large to hold', () => {
  it('refuses probabilities for 20,000 rows x 20,000 classes with one line naming the file', () => {
    const dir = workDir();
    const n = 20_000;
    writeFileSync(join(dir, 'd.csv'), `id,label\n${Array.from({ length: n }, (_, i) => `${i},c${i}`).join('\n')}\n`);
    writeFileSync(join(dir, 'p.jsonl'), '{"id":0,"probs":{"c0":1}}\n');
    const run = audit(['d.csv', 'p.jsonl'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'audit: p.jsonl:1: "probs" for 20000 rows x 20000 classes would take 3.0 GiB per run, more than the 2 GiB an audit holds; give "pred" without probabilities for this many classes, or group the rarest classes\n',
    );
  });
});
