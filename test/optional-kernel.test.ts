/**
 * onnxruntime-node is an optional dependency (issue 29: it is 288 MB of the install). An install
 * without it is built here the way npm leaves one (the package and its dependencies, no
 * onnxruntime-node), and audits 6,000 embeddings, past the exact-search limit: the approximate
 * search runs on the JavaScript kernel, finds the same things, and stderr says how to make it fast.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { audit, root, type Parsed } from './helpers/cli.js';
import { npyBytes, npyDict } from './helpers/numpy-bytes.js';
import { createRandom } from '../src/math/random.js';

const work = mkdtempSync(join(tmpdir(), 'trainaudit-no-onnx-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** 6,000 rows of 16 dimensions around 12 directions, with 20 rows copied exactly (near duplicates). */
function inputs(): { data: string; embeddings: string } {
  const uniform = createRandom(29);
  // Box-Muller: a standard normal from two uniforms.
  const random = { normal: () => Math.sqrt(-2 * Math.log(1 - uniform.next())) * Math.cos(2 * Math.PI * uniform.next()) };
  const n = 6000;
  const d = 16;
  const centres = Array.from({ length: 12 }, () => Array.from({ length: d }, () => random.normal()));
  const vectors = new Float32Array(n * d);
  const lines = ['id,label'];
  for (let i = 0; i < n; i++) {
    const c = i % 12;
    for (let j = 0; j < d; j++) vectors[i * d + j] = centres[c][j] + 0.4 * random.normal();
    lines.push(`r${i},class_${c % 3}`);
  }
  for (let i = 0; i < 20; i++) vectors.copyWithin((n - 1 - i) * d, i * 12 * d, i * 12 * d + d);
  const data = join(work, 'data.csv');
  const embeddings = join(work, 'embeddings.npy');
  writeFileSync(data, `${lines.join('\n')}\n`);
  writeFileSync(embeddings, npyBytes(npyDict('<f4', [n, d]), new Uint8Array(vectors.buffer)));
  return { data, embeddings };
}

/** trainaudit as npm installs it without the optional dependency: its files, and every other package. */
function installWithoutOnnx(): string {
  const dir = join(work, 'install');
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  for (const part of ['dist', 'bin', 'package.json', 'schema']) cpSync(join(root, part), join(dir, part), { recursive: true });
  for (const name of readdirSync(join(root, 'node_modules'))) {
    if (name.startsWith('onnxruntime') || name === '.bin') continue;
    symlinkSync(join(root, 'node_modules', name), join(dir, 'node_modules', name));
  }
  return dir;
}

describe('without onnxruntime-node installed', () => {
  const { data, embeddings } = inputs();
  const args = [data, '--embeddings', embeddings, '-f', 'json', '--fail-on', 'none', '--checks', 'embeddings,near-duplicates'];
  const install = installWithoutOnnx();
  const bare = spawnSync(process.execPath, [join(install, 'bin', 'audit.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 1 << 28,
  });
  const full = audit(args);

  it('the approximate search runs in JavaScript, and stderr says how to make it fast', () => {
    expect(bare.status, bare.stderr).toBe(0);
    const metrics = JSON.parse(bare.stdout).checks.embeddings.metrics;
    expect(metrics.searchIndex.kernel).toBe('javascript');
    expect(bare.stderr).toMatch(
      /ran in JavaScript, about fifty times slower than with onnxruntime-node, an optional dependency that is not installed; `npm install onnxruntime-node@1\.30\.0`/,
    );
    expect(bare.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('with it installed, onnxruntime runs and nothing is said', () => {
    expect(full.status, full.stderr).toBe(0);
    expect(full.json.checks.embeddings.metrics.searchIndex.kernel).toBe('onnxruntime');
    expect(full.stderr).toBe('');
  });

  it('both find the same: the 20 copied rows as near duplicates, the same findings, the recall checked', () => {
    const a = JSON.parse(bare.stdout);
    const b = full.json;
    const keys = (report: Parsed) => report.findings.map((f: Parsed) => f.id).sort();
    expect(keys(a)).toEqual(keys(b));
    expect(a.checks.embeddings.metrics.searchRecall.recallAt10).toBeGreaterThanOrEqual(0.95);
    expect(b.checks.embeddings.metrics.searchRecall.recallAt10).toBeGreaterThanOrEqual(0.95);
    const copies = (report: Parsed) => report.findings.find((f: Parsed) => f.id === 'near-duplicates/embedding-near-duplicates');
    // The same but for the sampled recall: float sums in another order may swap a near tie.
    const withoutRecall = (summary: string) => summary.replace(/ \(Neighbours by approximate search: .*\)$/, '');
    expect(withoutRecall(copies(a).summary)).toBe(withoutRecall(copies(b).summary));
    expect(copies(a).summary).toMatch(/^20 of 6000 embedded rows/);
  });

  it('TRAINAUDIT_KERNEL=javascript chooses the JavaScript kernel where onnxruntime is installed, without the notice', () => {
    const forced = audit(args, { env: { TRAINAUDIT_KERNEL: 'javascript' } });
    expect(forced.status, forced.stderr).toBe(0);
    expect(forced.json.checks.embeddings.metrics.searchIndex.kernel).toBe('javascript');
    expect(forced.stderr).toBe('');
  });
});
