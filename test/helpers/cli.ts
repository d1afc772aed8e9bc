import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const bin = join(root, 'bin/audit.js');
export const fixture = (...parts: string[]) => join(root, 'fixtures', ...parts);

/** A JSON document as JSON.parse gives it: untyped on purpose, the tests' expectations check its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the one place parsed JSON is declared untyped (see above)
export type Parsed = any;

export interface AuditRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** The parsed JSON report, when stdout is one. */
  json: Parsed;
}

/** Runs the built binary as a user would, with NO_COLOR=1. */
export function audit(args: string[], options: { input?: string | Buffer; cwd?: string; env?: Record<string, string> } = {}): AuditRun {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? root,
    input: options.input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', ...options.env },
    maxBuffer: 1 << 28,
  });
  let json: unknown;
  try {
    json = JSON.parse(result.stdout);
  } catch {
    json = undefined;
  }
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, json };
}
