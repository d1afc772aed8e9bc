/**
 * The .npy header read as NumPy reads it (numpy.lib.format: the three keys once each, tuples of
 * integers, its 10,000-character cap), the decoder fed in any chunking, and the .npz reader: only
 * the member asked for, its declared sizes, CRC-32, zip64 fields and compression method checked.
 * In-process; the CLI's lines are in test/npy.test.ts and test/hostile/numpy-hostile.test.ts.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../src/errors.js';
import { MAX_HEADER_CHARS, NpyDecoder, decodeNpy, readNpy } from '../src/io/npy.js';
import { readNumpyArray } from '../src/io/npz.js';
import { configureInput } from '../src/io/source.js';
import { createRandom } from '../src/math/random.js';
import { fixture } from './helpers/cli.js';
import { npyBytes, npyDict, zipBytes } from './helpers/numpy-bytes.js';

const dir = mkdtempSync(join(tmpdir(), 'trainaudit-npy-format-'));
let files = 0;
const write = (bytes: Uint8Array, extension = 'npy') => {
  const path = join(dir, `f${files++}.${extension}`);
  writeFileSync(path, bytes);
  return path;
};
const values = (n: number) => Buffer.from(Float32Array.from({ length: n }, (_, i) => i + 0.5).buffer);
const decodes = (dict: string, data: Buffer, major = 1) => decodeNpy(npyBytes(dict, data, major), 'x.npy');
const refused = (dict: string, data: Buffer, message: string | RegExp, major = 1) => {
  let error: unknown = null;
  try {
    decodes(dict, data, major);
  } catch (caught) {
    error = caught;
  }
  expect(error, dict).toBeInstanceOf(InputError);
  expect((error as InputError).format(), dict).toMatch(
    typeof message === 'string' ? new RegExp(`^x\\.npy: .*${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) : message,
  );
};

afterEach(() => configureInput({}));

describe('the .npy header, read as NumPy reads it', () => {
  it('takes the dicts NumPy takes: any key order, either quote, no trailing comma, Python 2 longs, a scalar', () => {
    expect(decodes("{'shape': (2,), 'fortran_order': False, 'descr': '<f4'}", values(2)).shape).toEqual([2]);
    expect(decodes('{"descr": "<f4", "fortran_order": False, "shape": (1, 2)}', values(2)).shape).toEqual([1, 2]);
    expect(decodes("{'descr': '<f4', 'fortran_order': False, 'shape': (2L, 1L), }", values(2)).shape).toEqual([2, 1]);
    expect(Array.from(decodes("{'descr': '<f4', 'fortran_order': False, 'shape': (), }", values(1)).data)).toEqual([0.5]);
    expect(decodes(npyDict('<f4', [0, 3]), Buffer.alloc(0)).data).toHaveLength(0);
  });

  it('refuses what NumPy refuses, and a key given twice', () => {
    refused(
      npyDict('<f4', [2]).replace("'shape'", "'shape': (4,), 'shape'"),
      values(2),
      "the .npy header names 'shape' twice (NumPy would take the last; trainaudit refuses an ambiguous header)",
    );
    refused(
      npyDict('<f4', [2]).replace('}', "'extra': 1}"),
      values(2),
      "the .npy header has the key 'extra': NumPy's format has only descr, fortran_order and shape",
    );
    refused("{'descr': '<f4', 'shape': (2,)}", values(2), "the .npy header has no 'fortran_order'");
    refused("{'descr': '<f4', 'fortran_order': False, 'shape': (2)}", values(2), 'unreadable .npy header (shape is not a tuple)');
    refused("{'descr': '<f4', 'fortran_order': 0, 'shape': (2,)}", values(2), 'unreadable .npy header (fortran_order is not True or False)');
    refused("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -1)}", values(2), "the .npy header's shape has a negative dimension");
    refused("{'descr': '<f4', 'fortran_order': False, 'shape': (2,)} x", values(2), 'unreadable .npy header (text after the dict)');
    refused("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,)}", values(2), 'a structured .npy array (named fields)');
    refused("{'descr': '<f4', 'fortran_order': False, 'shape': (2L,)}", values(2), "unreadable .npy header (no ',' between the items of 'shape')", 3);
    refused("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,)}", values(2), 'has a dimension beyond 2^53');
    refused(npyDict('<c8', [2]), values(4), '.npy dtype <c8 is not numeric');
    refused(npyDict('|O', [2]), values(4), '.npy dtype |O holds Python objects');
  });

  it("caps the header at NumPy's 10,000 characters, refusing a longer one from its length field alone", () => {
    const dict = npyDict('<f4', [2]);
    // Format 2.0: a 12-byte prefix; padded to exactly the cap, then one more.
    const exact = Buffer.concat([Buffer.from(dict), Buffer.from(' '.repeat(MAX_HEADER_CHARS - dict.length - 1) + '\n')]);
    const prefix = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 2, 0, 0, 0, 0, 0]);
    prefix.writeUInt32LE(exact.length, 8);
    expect(decodeNpy(Buffer.concat([prefix, exact, values(2)]), 'x.npy').shape).toEqual([2]);
    prefix.writeUInt32LE(exact.length + 1, 8);
    expect(() => decodeNpy(Buffer.concat([prefix, exact, Buffer.from(' '), values(2)]), 'x.npy')).toThrow(
      'the .npy header is 10001 bytes long: NumPy refuses headers over 10000 characters',
    );
    // A length of 400 MB is refused as soon as its 12 bytes arrive: nothing is gathered.
    prefix.writeUInt32LE(400_000_000, 8);
    expect(() => new NpyDecoder('x.npy').push(prefix)).toThrow('the .npy header is 400000000 bytes long');
  });

  it('refuses other magic and versions, a cut-off header, and a file longer or shorter than its shape', () => {
    const good = npyBytes(npyDict('<f4', [2]), values(2));
    const edit = (at: number, byte: number) => Buffer.from(good).fill(byte, at, at + 1);
    expect(() => decodeNpy(edit(1, 0x4f), 'x.npy')).toThrow('not a NumPy .npy file');
    expect(() => decodeNpy(edit(7, 1), 'x.npy')).toThrow('.npy format version 1.1 is not one NumPy writes');
    expect(() => decodeNpy(edit(6, 4), 'x.npy')).toThrow('.npy format version 4.0 is not one NumPy writes');
    expect(() => decodeNpy(good.subarray(0, 5), 'x.npy')).toThrow('truncated .npy file: its header is cut short');
    expect(() => decodeNpy(Buffer.from('PK\x03'), 'x.npy')).toThrow('not a NumPy .npy file');
    expect(() => decodeNpy(good.subarray(0, good.length - 1), 'x.npy')).toThrow('truncated .npy file: shape (2) needs 8 bytes of data, found 7');
    expect(() => decodeNpy(Buffer.concat([good, Buffer.alloc(3)]), 'x.npy')).toThrow(
      'the .npy file holds 3 bytes more than shape (2) of <f4 needs (8 bytes of data after a 128-byte header)',
    );
  });

  it('checks the shape against the caller before any data arrives', () => {
    const seen: number[][] = [];
    const decoder = new NpyDecoder('x.npy', {
      check: (shape, label) => {
        seen.push([...shape]);
        throw new InputError('has 500000000 rows and the data has 488', label);
      },
    });
    const header = npyBytes(npyDict('|u1', [500_000_000, 3]));
    expect(() => decoder.push(header)).toThrow('has 500000000 rows and the data has 488');
    expect(seen).toEqual([[500_000_000, 3]]);
  });

  it('gives the same array whatever the chunks, for every dtype, byte order and layout', () => {
    const random = createRandom(28);
    const cases: [string, number, (buffer: Buffer, value: number, at: number) => void][] = [
      ['<f4', 4, (b, v, at) => b.writeFloatLE(v, at)],
      ['>f8', 8, (b, v, at) => b.writeDoubleBE(v, at)],
      ['<f8', 8, (b, v, at) => b.writeDoubleLE(v, at)],
      ['<i8', 8, (b, v, at) => b.writeBigInt64LE(BigInt(v), at)],
      ['>u2', 2, (b, v, at) => b.writeUInt16BE(v, at)],
      ['|u1', 1, (b, v, at) => b.writeUInt8(v, at)],
    ];
    for (const [descr, size, put] of cases) {
      for (const fortran of [false, true]) {
        const shape = [7, 5];
        const c = Array.from({ length: 35 }, (_, i) => (descr.includes('f') ? i * 1.25 - 3 : i));
        const data = Buffer.alloc(35 * size);
        // Fortran order stores the columns one after the other.
        c.forEach((_, i) => put(data, fortran ? c[(i % 7) * 5 + Math.floor(i / 7)] : c[i], i * size));
        const whole = npyBytes(npyDict(descr, shape, fortran), data);
        for (const float32 of [false, true]) {
          for (let trial = 0; trial < 5; trial++) {
            const decoder = new NpyDecoder('x.npy', { float32, length: { bytes: whole.length, source: 'file' } });
            for (let at = 0; at < whole.length;) {
              const step = 1 + (trial === 0 ? 0 : random.int(40));
              // Pieces at odd offsets of a larger buffer, as zlib hands them over.
              const piece = Buffer.alloc(step + 3).fill(0xee);
              whole.copy(piece, 3, at, at + step);
              decoder.push(piece.subarray(3, 3 + Math.min(step, whole.length - at)));
              at += step;
            }
            const array = decoder.finish();
            expect(array.shape, `${descr} ${fortran}`).toEqual(shape);
            expect(array.data).toBeInstanceOf(float32 ? Float32Array : Float64Array);
            expect(Array.from(array.data), `${descr} fortran=${fortran} float32=${float32}`).toEqual(c);
          }
        }
      }
    }
  });

  it('refuses a gzipped .npy whose data runs past its shape, as soon as it does', async () => {
    const path = write(gzipSync(npyBytes(npyDict('<f4', [2]), values(3))), 'npy.gz');
    await expect(readNpy(path)).rejects.toThrow('the .npy data runs past shape (2) of <f4 (8 bytes)');
    const exact = write(gzipSync(npyBytes(npyDict('<f4', [2]), values(2))), 'npy.gz');
    expect(Array.from((await readNpy(exact)).data)).toEqual([0.5, 1.5]);
  });
});

describe('the .npz reader', () => {
  const probs = readFileSync(fixture('npy/seed-1.npy'));
  const labels = readFileSync(fixture('npy/variants/labels.npy'));
  const expected = decodeNpy(probs, 'seed-1.npy');
  const read = (path: string, keys = ['pred_probs', 'probs']) => readNumpyArray(path, { keys, what: 'probabilities' });

  it('reads stored, deflated and zip64 archives, numpy.savez ones and gzipped ones alike', async () => {
    const members = (method: 0 | 8) => [
      { name: 'labels.npy', data: labels, method },
      { name: 'pred_probs.npy', data: probs, method },
    ];
    const paths = [
      write(zipBytes(members(0)).bytes, 'npz'),
      write(zipBytes(members(8)).bytes, 'npz'),
      write(zipBytes(members(8), { zip64: true }).bytes, 'npz'),
      write(gzipSync(zipBytes(members(8)).bytes), 'npz.gz'),
      fixture('npy/variants/seed-1-stored.npz'),
    ];
    for (const path of paths) {
      const got = await read(path);
      expect(got.array.data, path).toEqual(expected.data);
      expect(got.label).toBe(`${path}:${got.field}`);
      expect(got.digest.sha256).toHaveLength(64);
    }
  });

  it('inflates only the member asked for', async () => {
    // Beside it, a member whose "deflate data" is noise and whose sizes are absurd.
    const layout = zipBytes([
      { name: 'pred_probs.npy', data: probs },
      { name: 'noise.npy', data: Buffer.alloc(0), method: 0 },
    ]);
    const bytes = Buffer.from(layout.bytes);
    bytes.writeUInt16LE(8, layout.members[1].central + 10);
    bytes.writeUInt32LE(0xfffffff0, layout.members[1].central + 24);
    expect((await read(write(bytes, 'npz'))).array.data).toEqual(expected.data);
  });

  it('refuses damaged or ambiguous archives with a line naming the file', async () => {
    const base = () => zipBytes([{ name: 'pred_probs.npy', data: probs }]);
    const cases: [(layout: ReturnType<typeof base>) => Buffer, string][] = [
      [
        (l) => (l.bytes.writeUInt32LE(0x12345678, l.members[0].central + 16), l.bytes),
        ':pred_probs: the .npz member "pred_probs.npy" fails its CRC-32 check (declared 12345678',
      ],
      [
        (l) => (l.bytes.writeUInt16LE(12, l.members[0].central + 10), l.bytes),
        'uses zip compression method 12; NumPy writes stored (0) or deflated (8) members',
      ],
      [(l) => (l.bytes.writeUInt16LE(1, l.members[0].central + 8), l.bytes), 'the .npz member "pred_probs.npy" is encrypted'],
      [
        (l) => (l.bytes.writeUInt32LE(100, l.members[0].central + 24), l.bytes),
        'the .npz member "pred_probs.npy" inflates to more than the 100 bytes its zip entry declares',
      ],
      [(l) => (l.bytes.writeUInt32LE(6000, l.members[0].central + 24), l.bytes), 'the .npy zip entry holds 16 bytes more than shape (488, 3) of <f4 needs'],
      [(l) => (l.bytes.writeUInt32LE(l.members[0].compressedSize - 10, l.members[0].central + 20), l.bytes), 'is not valid deflate data (it is cut short)'],
      [(l) => (l.bytes.writeUInt32LE(l.members[0].compressedSize + 1000, l.members[0].central + 20), l.bytes), 'run past the member data'],
      [(l) => (l.bytes.writeUInt32LE(7, l.members[0].central + 42), l.bytes), 'no local header for member "pred_probs.npy" at byte 7'],
      [(l) => (l.bytes.writeUInt16LE(3, l.end + 10), l.bytes), 'its end record counts 3 members in a'],
      [(l) => (l.bytes.writeUInt32LE(1, l.end + 16), l.bytes), 'central directory entry 1 of 1 is missing or damaged'],
      [(l) => l.bytes.subarray(0, l.bytes.length - 5), 'no end-of-central-directory record (a cut-off file, or not a zip)'],
      [
        () =>
          zipBytes([
            { name: 'pred_probs.npy', data: probs },
            { name: 'pred_probs.npy', data: probs },
          ]).bytes,
        'the .npz holds two members named "pred_probs.npy"',
      ],
      [
        () =>
          zipBytes([
            { name: 'a.npy', data: probs },
            { name: 'b.npy', data: probs },
          ]).bytes,
        'the .npz holds 2 arrays (a, b) and none is named pred_probs, probs: name the probabilities one of those',
      ],
      [() => zipBytes([{ name: 'notes.txt', data: probs }]).bytes, 'the .npz archive holds no .npy array'],
    ];
    for (const [mutate, message] of cases) {
      const path = write(mutate(base()), 'npz');
      const error = await read(path).then(
        () => null,
        (caught: unknown) => caught,
      );
      expect(error, message).toBeInstanceOf(InputError);
      expect((error as InputError).format(), message).toContain(path);
      expect((error as InputError).format(), message).toContain(message);
    }
  });

  it('refuses a member larger than --max-input-bytes from its declared size, before inflating it', async () => {
    configureInput({ maxInputBytes: 4000 });
    // Zeros: a small archive whose one member is 5984 bytes once inflated.
    const path = write(zipBytes([{ name: 'pred_probs.npy', data: npyBytes(npyDict('<f4', [488, 3]), Buffer.alloc(5856)) }]).bytes, 'npz');
    await expect(read(path)).rejects.toThrow('the .npz member "pred_probs.npy" is 5.8 KiB once inflated, more than the input limit of 3.9 KiB');
  });
});
