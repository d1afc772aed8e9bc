/**
 * The sketch pass gives the same outputs on one thread and split with a worker thread. The
 * worker runs compiled JavaScript, so the parallel path is tested against the build in dist/
 * (`npm test` builds first); without a build the parallel comparison is skipped.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runSketchPass, sketchRange, PARALLEL_MIN_ROWS, type SketchParams } from '../src/math/sketch-pass.js';
import { OnePermutationMinHash } from '../src/math/minhash.js';
import { bandKeysInto } from '../src/math/lsh.js';

const params: SketchParams = { hashes: 128, bands: 16, rows: 8, seed: 42 };

function texts(count: number): string[] {
  let state = 3;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const words = ['alpha', 'beta', 'gamma', 'delta', 'épsilon', 'zeta', 'eta', 'θήτα', 'iota', 'kappa', 'lambda', 'mu', '😀', 'nu', 'xi'];
  return Array.from({ length: count }, (_, i) =>
    i % 97 === 0 ? '' : Array.from({ length: 3 + Math.floor(random() * 12) }, () => words[Math.floor(random() * words.length)]).join(' '),
  );
}

describe('sketchRange', () => {
  it('writes band keys, byte sketches and content hashes per row', () => {
    const rows = ['the first text here', '', 'another text'];
    const n = rows.length;
    const out = { keys: new Uint32Array(16 * n), content: new Uint32Array(2 * n), valid: new Uint8Array(n), sketches: new Uint8Array(64 * n) };
    expect(sketchRange((i) => rows[i], 0, n, n, params, out)).toBe(2);
    expect(Array.from(out.valid)).toEqual([1, 0, 1]);
    const signature = new Uint32Array(128);
    new OnePermutationMinHash(128, 42).sketchText(rows[2], 42, signature);
    const keys = new Uint32Array(16 * n);
    bandKeysInto(signature, 0, 16, 8, 42, keys, n, 2);
    for (let band = 0; band < 16; band++) expect(out.keys[band * n + 2]).toBe(keys[band * n + 2]);
    expect(out.sketches[2 * 64 + 5]).toBe(signature[10] & 0xff);
  });
});

/** Byte equality of two typed arrays (toEqual is slow on arrays this long). */
function same(a: ArrayBufferView, b: ArrayBufferView): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

const built = process.env.TRAINAUDIT_DIST
  ? `${process.env.TRAINAUDIT_DIST}/math/sketch-pass.js`
  : fileURLToPath(new URL('../dist/math/sketch-pass.js', import.meta.url));

describe.skipIf(!existsSync(built))('runSketchPass with a worker thread (dist build)', () => {
  it('gives exactly the single-thread result', async () => {
    const module = (await import(built)) as typeof import('../src/math/sketch-pass.js');
    const rows = texts(PARALLEL_MIN_ROWS + 1234);
    const serial = module.runSketchPass((i) => rows[i], rows.length, params, false);
    const parallel = module.runSketchPass((i) => rows[i], rows.length, params, true);
    expect(serial.workerRows).toBe(0);
    if (module.canUseWorker()) expect(parallel.workerRows).toBeGreaterThan(0);
    expect(parallel.textRows).toBe(serial.textRows);
    expect(same(parallel.keys, serial.keys)).toBe(true);
    expect(same(parallel.content, serial.content)).toBe(true);
    expect(same(parallel.valid, serial.valid)).toBe(true);
    expect(same(parallel.sketches, serial.sketches)).toBe(true);
    // And the source build agrees with the compiled one.
    const source = runSketchPass((i) => rows[i], rows.length, params, false);
    expect(same(source.keys, serial.keys)).toBe(true);
    expect(same(source.content, serial.content)).toBe(true);
  });
});
