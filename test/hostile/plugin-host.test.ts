/**
 * Plugins run in the audit's process: one that never finishes, or that prints, must not lose the
 * report. Each runs the built binary and checks the exit status, the JSON report on stdout (whole
 * and valid) and what the failing check's outcome says.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, fixture, type Parsed } from '../helpers/cli.js';
import { reportSchema } from '../../src/report/schema.js';

const DATA = 'id,text,label\n1,good movie,pos\n2,bad movie,neg\n3,good movie,pos\n4,fine film,pos\n';
const PREDS = ['{"id":1,"pred":"pos"}', '{"id":2,"pred":"neg"}', '{"id":3,"pred":"pos"}', '{"id":4,"pred":"neg"}', ''].join('\n');

function workDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'audit-plugin-host-'));
  writeFileSync(join(dir, 'v.csv'), DATA);
  writeFileSync(join(dir, 'p.jsonl'), PREDS);
  return dir;
}

/** The built binary with a time limit of its own, so that a hang fails the test rather than stalling it. */
function timedAudit(args: string[], cwd: string) {
  const started = Date.now();
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
  });
  let json: Parsed;
  try {
    json = JSON.parse(result.stdout);
  } catch {
    json = undefined;
  }
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr, json, seconds: (Date.now() - started) / 1000 };
}

function expectCompleteReport(json: unknown): void {
  const parsed = reportSchema.safeParse(json);
  expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 3))).toBe(true);
}

describe('a plugin check that never finishes', () => {
  it('becomes an error after --plugin-timeout, and the report stands (exit status by the gate)', () => {
    const dir = workDir();
    const run = timedAudit(
      ['v.csv', 'p.jsonl', '--plugin', fixture('plugins', 'never-settles.js'), '--plugin-timeout', '1', '-f', 'json', '--fail-on', 'none'],
      dir,
    );
    expect(run.signal).toBeNull();
    expect(run.status).toBe(0);
    expectCompleteReport(run.json);
    expect(run.json.checks['never-settles']).toMatchObject({ status: 'error', reason: expect.stringMatching(/^did not finish within 1 s/) });
    // The one that also keeps a timer going (and prints from it) ends the same way; it cannot hold the process.
    expect(run.json.checks['keeps-ticking']).toMatchObject({
      status: 'error',
      reason: expect.stringMatching(/^did not finish within 1 s .*; it wrote \d+ lines? .* to stdout, kept out of the report/),
    });
    expect(run.json.checks.finishes).toEqual({ status: 'ok', metrics: { done: true } });
    expect(run.json.checks['input-integrity'].status).not.toBe('error');
    expect(run.seconds).toBeLessThan(10);
    // The gate still decides: the same run gated on low findings fails on the data's findings, not on the plugin.
    const gated = timedAudit(
      ['v.csv', 'p.jsonl', '--plugin', fixture('plugins', 'never-settles.js'), '--plugin-timeout', '1', '-f', 'json', '--fail-on', 'info'],
      dir,
    );
    expect(gated.status).toBe(gated.json.summary.gate.passed ? 0 : 1);
  });

  it('with no flag, the default limit (5 s) ends it within the 10 s an audit of a hostile input may take', () => {
    const dir = workDir();
    // The issue's case: one plugin whose run() returns a promise that never settles.
    writeFileSync(
      join(dir, 'hangs.mjs'),
      "export const checks = [{ id: 'never-settles', title: 'Never settles', needs: [], run: () => new Promise(() => {}) }];\n",
    );
    const run = timedAudit(['v.csv', 'p.jsonl', '--plugin', './hangs.mjs', '-f', 'json', '--fail-on', 'none'], dir);
    expect(run.status, run.stderr).toBe(0);
    expect(run.json.checks['never-settles']).toMatchObject({ status: 'error', reason: expect.stringMatching(/^did not finish within 5 s/) });
    expect(run.seconds).toBeLessThan(10);
  });

  it('takes the limit from the config key pluginTimeout', () => {
    const dir = workDir();
    writeFileSync(join(dir, 'audit.config.json'), JSON.stringify({ pluginTimeout: 0.5, failOn: 'none' }));
    const run = timedAudit(['v.csv', '--plugin', fixture('plugins', 'never-settles.js'), '-f', 'json'], dir);
    expect(run.status).toBe(0);
    expect(run.json.checks['never-settles'].reason).toMatch(/^did not finish within 0\.5 s/);
  });

  it('a check that blocks the thread past the limit is an error too, saying how long it took', () => {
    const dir = workDir();
    const run = timedAudit(['v.csv', '--plugin', fixture('plugins', 'blocks.js'), '--plugin-timeout', '1', '-f', 'json', '--fail-on', 'none'], dir);
    expect(run.status).toBe(0);
    expect(run.json.checks.blocks.reason).toMatch(/^did not finish within 1 s: it took 1\.\d+ s/);
  });

  it('a quick plugin does not wait for the limit', () => {
    const dir = workDir();
    const run = timedAudit(['v.csv', 'p.jsonl', '--plugin', fixture('plugins', 'short-text.js'), '-f', 'json', '--fail-on', 'none'], dir);
    expect(run.status).toBe(0);
    expect(run.json.checks['short-text'].status).not.toBe('error');
    expect(run.seconds).toBeLessThan(10);
  });

  it('a module whose loading never finishes is a usage error naming it (exit 2, one line)', () => {
    const dir = workDir();
    writeFileSync(
      join(dir, 'stuck.js'),
      "await new Promise(() => {});\nexport default { id: 'stuck', title: 'Stuck', run: () => ({ metrics: {}, findings: [] }) };\n",
    );
    const run = timedAudit(['v.csv', '--plugin', './stuck.js', '--plugin-timeout', '1', '-f', 'json'], dir);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('audit: ./stuck.js: the plugin did not finish loading within 1 s (--plugin-timeout, config key pluginTimeout)\n');
  });

  it('refuses a limit that is not a positive number of seconds', () => {
    const dir = workDir();
    const run = timedAudit(['v.csv', '--plugin-timeout', '0'], dir);
    expect(run.status).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/pluginTimeout/);
  });
});

describe('a plugin that prints', () => {
  it('leaves stdout to the report: its prints go to stderr and its outcome says what was kept out', () => {
    const dir = workDir();
    const run = timedAudit(['v.csv', 'p.jsonl', '--plugin', fixture('plugins', 'prints.js'), '-f', 'json', '--fail-on', 'none'], dir);
    expect(run.status).toBe(0);
    expectCompleteReport(run.json);
    // Four lines: one while loaded, three while run (two writes make one line).
    expect(run.json.checks.prints).toMatchObject({
      status: 'findings',
      metrics: { rows: 4 },
      reason: expect.stringMatching(/^it wrote 4 lines \(\d+ bytes\) to stdout, kept out of the report \(shown on stderr\)$/),
    });
    expect(run.json.findings.map((f: { id: string }) => f.id)).toContain('prints/printed');
    expect(run.stderr).toContain('loading prints.js');
    expect(run.stderr).toContain('[plugin prints] rows: 4');
    expect(run.stderr).toContain('[plugin prints] no newline, then one');
  });

  it('forwards at most 64 KiB of it and says how much more there was', () => {
    const dir = workDir();
    writeFileSync(
      join(dir, 'chatty.js'),
      `export default { id: 'chatty', title: 'Chatty', needs: [], run() { for (let i = 0; i < 10000; i++) console.log('x'.repeat(99)); return { metrics: {}, findings: [] }; } };\n`,
    );
    const run = timedAudit(['v.csv', '--plugin', './chatty.js', '-f', 'json', '--fail-on', 'none'], dir);
    expect(run.status).toBe(0);
    expect(run.json.checks.chatty.reason).toBe(
      'it wrote 10000 lines (1000000 bytes) to stdout, kept out of the report (the first 65536 bytes shown on stderr)',
    );
    expect(run.stderr).toMatch(/\[plugin chatty\] \.\.\. 934464 more bytes not shown/);
    expect(run.stderr.length).toBeLessThan(80_000);
  });
});
