/**
 * Runs the built binary as `audit()` does (NO_COLOR=1), and measures what a hostile input costs:
 * the wall time, and the peak resident set size (KB) the process reports on exit through
 * test/helpers/peak-rss.cjs. A run killed at the time limit has no peak and status null.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, root } from './cli.js';

export interface BoundedRun {
  status: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
  /** Peak RSS in KB, or null when the process died before reporting it. */
  peakKB: number | null;
}

const preload = join(root, 'test/helpers/peak-rss.cjs');

export function boundedAudit(args: string[], options: { timeoutMs?: number } = {}): BoundedRun {
  const dir = mkdtempSync(join(tmpdir(), 'trainaudit-rss-'));
  const rssFile = join(dir, 'peak');
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['-r', preload, bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', TRAINAUDIT_TEST_PEAK_RSS_FILE: rssFile },
    timeout: options.timeoutMs ?? 10_000,
    maxBuffer: 1 << 26,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  let peakKB: number | null;
  try {
    peakKB = Number(readFileSync(rssFile, 'utf8'));
  } catch {
    peakKB = null;
  }
  rmSync(dir, { recursive: true, force: true });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, seconds, peakKB };
}
