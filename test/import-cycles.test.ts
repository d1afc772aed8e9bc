/**
 * scripts/import-cycles.mjs (run by `npm run lint`): every way one module names another closes a cycle, type-only
 * imports, `export ... from`, `import()` calls and `import('...')` types included; src/ has none.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from './helpers/cli.js';

/** Writes the modules into a fresh directory and runs the script on it. */
function cycles(modules: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'cycles-'));
  for (const [name, text] of Object.entries(modules)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const run = spawnSync(process.execPath, ['scripts/import-cycles.mjs', dir], { cwd: root, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('import cycle check', () => {
  it('finds a cycle closed by a type-only import, and names each import in it', () => {
    const run = cycles({
      'a.ts': "import type { B } from './b.js';\nexport const a = (b: B) => b.n;\n",
      'b.ts': "import { a } from './a.js';\nexport interface B { n: number }\nexport const twice = (b: B) => 2 * a(b);\n",
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^import cycle 1: 2 files \(.*a\.ts, .*b\.ts\)$/m);
    expect(run.stdout).toMatch(/a\.ts:1 imports \.\/b\.js \(types only\)$/m);
    expect(run.stdout).toMatch(/b\.ts:1 imports \.\/a\.js$/m);
    expect(run.stderr).toContain('1 import cycle(s) among 2 modules');
  });

  it('follows `export ... from`, import() calls, import() types and folders', () => {
    const exported = cycles({
      'a.ts': "export { b } from './b.js';\nexport const a = 1;\n",
      'b.ts': "import { a } from './a.js';\nexport const b = a + 1;\n",
    });
    expect(exported.status).toBe(1);
    expect(exported.stdout).toMatch(/a\.ts:1 imports \.\/b\.js$/m);
    const lazy = cycles({
      'a.ts': "export const load = () => import('./deep/b.js');\n",
      'deep/b.ts': "import { load } from '../a.js';\nexport const again = load;\n",
    });
    expect(lazy.status).toBe(1);
    expect(lazy.stdout).toMatch(/a\.ts:1 imports \.\/deep\/b\.js$/m);
    const typed = cycles({
      'a.ts': "export type T = import('./b.js').B;\n",
      'b.ts': "import type { T } from './a.js';\nexport interface B { t?: T }\n",
    });
    expect(typed.status).toBe(1);
    expect(typed.stdout).toMatch(/a\.ts:1 imports \.\/b\.js \(types only\)$/m);
  });

  it('reports each cycle apart, with only the files in it', () => {
    const run = cycles({
      'a.ts': "import { b } from './b.js';\nexport const a = () => b();\n",
      'b.ts': "import { c } from './c.js';\nexport const b = () => c();\n",
      'c.ts': "import { a } from './a.js';\nimport { d } from './d.js';\nexport const c = () => a() + d;\n",
      'd.ts': 'export const d = 1;\n',
      'e.ts': "import { f } from './f.js';\nexport const e = f;\n",
      'f.ts': "import type { e } from './e.js';\nexport const f: typeof e = 1;\n",
    });
    expect(run.status).toBe(1);
    const headers = run.stdout.split('\n').filter((line) => line.startsWith('import cycle'));
    expect(headers).toHaveLength(2);
    expect(headers[0]).toMatch(/^import cycle 1: 3 files \(.*a\.ts, .*b\.ts, .*c\.ts\)$/);
    expect(headers[1]).toMatch(/^import cycle 2: 2 files \(.*e\.ts, .*f\.ts\)$/);
    expect(run.stdout).not.toContain('d.js');
  });

  it('passes modules without a cycle, and src/ as it is', () => {
    const chain = cycles({
      'a.ts': "import { b } from './b.js';\nexport const a = b;\n",
      'b.ts': "import type { C } from './c.js';\nexport const b: C = 1;\n",
      'c.ts': 'export type C = number;\n',
    });
    expect(chain).toEqual({ status: 0, stdout: '', stderr: '' });
    const src = spawnSync(process.execPath, ['scripts/import-cycles.mjs'], { cwd: root, encoding: 'utf8' });
    expect(src.stdout, src.stderr).toBe('');
    expect(src.status).toBe(0);
  });
});
