/**
 * The progress bar: on stderr, only on a terminal, never under CI, --quiet or TERM=dumb, never
 * before its delay (a quick audit shows none), never on stdout. Under a real pseudo-terminal
 * (util-linux `script`) with the delay at 0 it shows the phases and the checks.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { progressEnabled } from '../src/progress-bar.js';
import { bin, fixture } from './helpers/cli.js';

const tty = { isTTY: true } as NodeJS.WriteStream;
const pipe = { isTTY: false } as NodeJS.WriteStream;

describe('when the bar may show', () => {
  it('only on a terminal, outside CI, without --quiet, with a capable terminal', () => {
    expect(progressEnabled({ stream: tty, quiet: false, env: { TERM: 'xterm' } })).toBe(true);
    expect(progressEnabled({ stream: pipe, quiet: false, env: { TERM: 'xterm' } })).toBe(false);
    expect(progressEnabled({ stream: tty, quiet: true, env: { TERM: 'xterm' } })).toBe(false);
    expect(progressEnabled({ stream: tty, quiet: false, env: { TERM: 'xterm', CI: 'true' } })).toBe(false);
    expect(progressEnabled({ stream: tty, quiet: false, env: { TERM: 'xterm', CI: 'false' } })).toBe(true);
    expect(progressEnabled({ stream: tty, quiet: false, env: { TERM: 'dumb' } })).toBe(false);
    expect(progressEnabled({ stream: tty, quiet: false, env: { TERM: 'xterm', TRAINAUDIT_PROGRESS: 'off' } })).toBe(false);
  });
});

const hasScript = spawnSync('script', ['--version']).status === 0;
describe.skipIf(!hasScript)('under a pseudo-terminal (script)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trainaudit-progress-'));
  const { CI: _ci, GITHUB_ACTIONS: _gh, ...clean } = process.env;
  const underTty = (extra: Record<string, string>, flags = '') => {
    const out = join(dir, `stdout-${Math.random().toString(36).slice(2)}.txt`);
    const command = `node ${bin} ${fixture('slices/data.csv')} ${fixture('slices/preds.jsonl')} --fail-on none ${flags} > ${out}`;
    const run = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8', env: { ...clean, TERM: 'xterm-256color', ...extra } });
    return { terminal: run.stdout, stdout: readFileSync(out, 'utf8'), status: run.status };
  };

  it('shows the phases and each check on stderr, and leaves stdout clean', () => {
    const run = underTty({ TRAINAUDIT_PROGRESS_DELAY_MS: '0' });
    expect(run.status).toBe(0);
    expect(run.terminal).toContain('reading the data');
    expect(run.terminal).toMatch(/checks \[.*\] 20\/20 proxy/);
    expect(run.stdout).toContain('Findings');
    expect(run.stdout).not.toContain('\u001b[?25l');
    expect(run.stdout).not.toContain('checks [');
  });

  it('shows nothing before its delay, under CI or with --quiet', () => {
    expect(underTty({ TRAINAUDIT_PROGRESS_DELAY_MS: '60000' }).terminal).not.toContain('reading the data');
    expect(underTty({ TRAINAUDIT_PROGRESS_DELAY_MS: '0', CI: 'true' }).terminal).not.toContain('reading the data');
    expect(underTty({ TRAINAUDIT_PROGRESS_DELAY_MS: '0' }, '-q').terminal).not.toContain('reading the data');
  });
});
