/**
 * NumPy arrays as prediction runs (`--probs`), on files numpy itself wrote
 * (test/reference/npy_writer.py, fixtures/npy/): float32 C order, big-endian float64 Fortran
 * order, an .npz of logits beside labels. The same seeds as fixtures/demo/preds.jsonl give the
 * same figures; every broken array is one exit-2 line naming the file and the problem. The header
 * rules and the .npz reader are tested in-process in test/npy-format.test.ts.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeNpy } from '../src/io/npy.js';
import { audit, fixture } from './helpers/cli.js';
import { npyBytes, npyDict } from './helpers/numpy-bytes.js';

const npy = (name: string) => fixture(`npy/${name}`);
const demo = fixture('demo/data.csv');
const tmp = () => mkdtempSync(join(tmpdir(), 'trainaudit-npy-'));

/** A .npy file as numpy.lib.format writes version 1.0: magic, version, header padded to 64 bytes, data. */
const npyOf = (descr: string, shape: number[], data: Buffer, fortran = false) => npyBytes(npyDict(descr, shape, fortran), data);

describe('the .npy decoder (by hand)', () => {
  it('reads dtypes of both byte orders and Fortran order into C order', () => {
    const le = Buffer.alloc(6 * 4);
    [1, 2, 3, 4, 5, 6].forEach((v, i) => le.writeInt32LE(v, i * 4));
    expect(decodeNpy(npyOf('<i4', [2, 3], le), 'x')).toMatchObject({ shape: [2, 3], data: Float64Array.from([1, 2, 3, 4, 5, 6]) });
    // Fortran order stores columns first: [[1, 2, 3], [4, 5, 6]] is 1, 4, 2, 5, 3, 6.
    const be = Buffer.alloc(6 * 8);
    [1, 4, 2, 5, 3, 6].forEach((v, i) => be.writeDoubleBE(v, i * 8));
    expect(Array.from(decodeNpy(npyOf('>f8', [2, 3], be, true), 'x').data)).toEqual([1, 2, 3, 4, 5, 6]);
    // float16: 1.0 is 0x3c00, -2.0 is 0xc000, 0.5 is 0x3800.
    const f2 = Buffer.alloc(6);
    [0x3c00, 0xc000, 0x3800].forEach((v, i) => f2.writeUInt16LE(v, i * 2));
    expect(Array.from(decodeNpy(npyOf('<f2', [3], f2), 'x').data)).toEqual([1, -2, 0.5]);
    expect(Array.from(decodeNpy(npyOf('|b1', [3], Buffer.from([0, 1, 7])), 'x').data)).toEqual([0, 1, 1]);
  });
});

describe('--probs on arrays numpy wrote', () => {
  const fromArrays = audit([demo, '--probs', npy('seed-1.npy'), npy('seed-2.npy'), npy('seed-3.npz'), '-f', 'json', '--fail-on', 'none']);
  const fromRecords = audit([demo, fixture('demo/preds.jsonl'), '-f', 'json', '--fail-on', 'none']);

  it('gives the figures of the same seeds as JSONL records (float32, big-endian Fortran float64, npz logits)', () => {
    expect(fromArrays.status, fromArrays.stderr).toBe(0);
    const runs = (report: typeof fromArrays.json) => report.checks['seed-instability'].metrics.perRun;
    expect(runs(fromArrays.json).map((r: { run: string }) => r.run)).toEqual(['seed-1', 'seed-2', 'seed-3']);
    runs(fromArrays.json).forEach((r: { accuracy: number; logLoss: number }, i: number) => {
      expect(r.accuracy).toBe(runs(fromRecords.json)[i].accuracy);
      // float32 keeps about 7 digits of the 4-decimal probabilities.
      expect(r.logLoss).toBeCloseTo(runs(fromRecords.json)[i].logLoss, 6);
    });
    expect(fromArrays.json.checks.calibration.metrics.meanEce).toBeCloseTo(fromRecords.json.checks.calibration.metrics.meanEce, 6);
    expect(fromArrays.json.findings.map((f: { id: string }) => f.id)).toEqual(fromRecords.json.findings.map((f: { id: string }) => f.id));
    expect(
      fromArrays.json.inputs.predictions.files.map((f: { path: string; sha256: string | null }) => [
        f.path.endsWith('.npy') || f.path.endsWith('.npz'),
        f.sha256?.length,
      ]),
    ).toEqual([
      [true, 64],
      [true, 64],
      [true, 64],
    ]);
  });

  it('sits beside JSONL runs, and reads a gzipped .npy', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'extra.npy.gz'), gzipSync(readFileSync(npy('seed-1.npy'))));
    const both = audit([
      demo,
      fixture('demo/preds.jsonl'),
      '--probs',
      join(dir, 'extra.npy.gz'),
      '--checks',
      'seed-instability',
      '-f',
      'json',
      '--fail-on',
      'none',
    ]);
    expect(both.status, both.stderr).toBe(0);
    expect(both.json.checks['seed-instability'].metrics.runs).toEqual(['1', '2', '3', 'extra']);
  });

  it('refuses broken arrays with one line naming the file and the problem', () => {
    const cases: [string, string][] = [
      ['truncated.npy', 'truncated .npy file: shape (488, 3) needs 5856 bytes of data, found 5756'],
      ['wrong-shape.npy', 'has 2 columns and the labels have 3 classes (negative, neutral, positive)'],
      ['objects.npy', '.npy dtype |O holds Python objects'],
      ['two-arrays.npz', 'the .npz holds 2 arrays (arr_0, arr_1) and none is named pred_probs'],
      ['not-summing.npy', 'row 0 (0-based) sums to 0.900000, not 1'],
      ['nan.npy', 'row 7 (0-based) holds NaN in column 1'],
    ];
    for (const [name, message] of cases) {
      const run = audit([demo, '--probs', npy(`bad/${name}`)]);
      expect(run.status, name).toBe(2);
      expect(run.stderr.trim().split('\n'), name).toHaveLength(1);
      expect(run.stderr, name).toContain(`bad/${name}`);
      expect(run.stderr, name).toContain(message);
    }
    const rows = audit([fixture('label-noise/data.csv'), '--probs', npy('seed-1.npy')]);
    expect(rows.status).toBe(2);
    expect(rows.stderr).toMatch(/has 488 rows and the data has \d+: --probs arrays hold one row per data row, in data order/);
    const text = audit([demo, '--probs', demo]);
    expect(text.stderr).toContain('not a NumPy .npy file');
  });

  it('refuses a header whose shape does not fit the data, or claims more than the input limit, before allocating it', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'huge.npy'), npyOf('<f8', [1_000_000_000_000, 3], Buffer.alloc(24)));
    const rows = audit([demo, '--probs', join(dir, 'huge.npy')]);
    expect(rows.status).toBe(2);
    expect(rows.stderr).toContain('huge.npy: has 1000000000000 rows and the data has 488');
    // As embeddings, 488 rows of 10^12 dimensions fit the data's rows: the input limit refuses them.
    writeFileSync(join(dir, 'wide.npy'), npyOf('<f8', [488, 1_000_000_000_000], Buffer.alloc(24)));
    const wide = audit([demo, '--embeddings', join(dir, 'wide.npy')]);
    expect(wide.status).toBe(2);
    expect(wide.stderr).toContain('wide.npy: the .npy header declares shape (488, 1000000000000), 3635883.3 GiB of data: more than the input limit of 4 GiB');
  });
});
