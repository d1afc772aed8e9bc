/**
 * Mutation property test of the .npy and .npz readers (issue 28). Valid arrays numpy wrote
 * (fixtures/npy/) and archives built here (stored, deflated, zip64) get their headers changed:
 * magic, version, header length, the header dict (shape, descr, fortran_order, keys), zip sizes,
 * offsets, CRC-32, counts, single bytes, cut-offs and appended bytes. Every result must be an
 * InputError naming the file in one line (exit 2), or the array an independent decoder reads from
 * the same bytes (fflate for the zip, Buffer's readers for the values); each within 2 s, and the
 * whole under 1 GB. A few mutants go through the built CLI as well.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import type { ShapeCheck } from '../../src/io/npy.js';
import { readNumpyArray } from '../../src/io/npz.js';
import { boundedAudit } from '../helpers/bounded-audit.js';
import { fixture } from '../helpers/cli.js';
import { npyBytes, zipBytes } from '../helpers/numpy-bytes.js';

const dir = mkdtempSync(join(tmpdir(), 'trainaudit-npy-props-'));
let files = 0;
const KEYS = ['pred_probs', 'probs'];
const SEED = 2028;

// ---------------------------------------------------------------- the starting points

interface NpyBase {
  name: string;
  bytes: Buffer;
}
const npyBases: NpyBase[] = ['npy/seed-1.npy', 'npy/seed-2.npy', 'npy/variants/seed-1-v2.npy', 'npy/variants/seed-1-v3.npy', 'npy/variants/labels.npy'].map(
  (name) => ({ name, bytes: readFileSync(fixture(name)) }),
);

/** A .npy's prefix, header text and data. */
function split(bytes: Buffer): { major: number; dict: string; data: Buffer } {
  const major = bytes[6];
  const start = major === 1 ? 10 : 12;
  const length = major === 1 ? bytes.readUInt16LE(8) : bytes.readUInt32LE(8);
  return {
    major,
    dict: bytes
      .subarray(start, start + length)
      .toString(major === 3 ? 'utf8' : 'latin1')
      .trimEnd(),
    data: bytes.subarray(start + length),
  };
}

interface ZipField {
  at: number;
  width: 2 | 4 | 8;
}
interface NpzBase {
  name: string;
  bytes: Buffer;
  method: 0 | 8;
  zip64: boolean;
  /** The members' uncompressed bytes, to rebuild the archive around a changed .npy. */
  members: { name: string; data: Uint8Array }[];
  fields: ZipField[];
}

/** Every header field of a valid archive: its end record(s), each central entry and local header. */
function zipFields(bytes: Buffer): ZipField[] {
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const fields: ZipField[] = [4, 6, 8, 10].map((o) => ({ at: end + o, width: 2 as const }));
  fields.push({ at: end + 12, width: 4 }, { at: end + 16, width: 4 }, { at: end + 20, width: 2 });
  let directory = bytes.readUInt32LE(end + 16);
  let count = bytes.readUInt16LE(end + 10);
  if (bytes.readUInt32LE(end - 20) === 0x07064b50) {
    const end64 = Number(bytes.readBigUInt64LE(end - 12));
    fields.push({ at: end - 12, width: 8 }, ...[24, 32, 40, 48].map((o) => ({ at: end64 + o, width: 8 as const })));
    directory = Number(bytes.readBigUInt64LE(end64 + 48));
    count = Number(bytes.readBigUInt64LE(end64 + 32));
  }
  for (let k = 0, at = directory; k < count; k++) {
    const local =
      bytes.readUInt32LE(at + 42) === 0xffffffff ? Number(bytes.readBigUInt64LE(at + 46 + bytes.readUInt16LE(at + 28) + 4 + 16)) : bytes.readUInt32LE(at + 42);
    fields.push(
      ...[8, 10, 28, 30, 32, 34].map((o) => ({ at: at + o, width: 2 as const })),
      ...[16, 20, 24, 42].map((o) => ({ at: at + o, width: 4 as const })),
    );
    fields.push(...[6, 8, 26, 28].map((o) => ({ at: local + o, width: 2 as const })), ...[0, 14, 18, 22].map((o) => ({ at: local + o, width: 4 as const })));
    const extra = at + 46 + bytes.readUInt16LE(at + 28);
    if (bytes.readUInt16LE(at + 30) >= 12) fields.push({ at: extra + 2, width: 2 }, { at: extra + 4, width: 8 });
    at += 46 + bytes.readUInt16LE(at + 28) + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return fields;
}

function npzBase(name: string, bytes: Buffer, method: 0 | 8, zip64: boolean): NpzBase {
  const members = Object.entries(unzipSync(new Uint8Array(bytes))).map(([member, data]) => ({ name: member, data }));
  return { name, bytes, method, zip64, members, fields: zipFields(bytes) };
}
const seed1 = readFileSync(fixture('npy/seed-1.npy'));
const npzBases: NpzBase[] = [
  npzBase('npy/seed-3.npz', readFileSync(fixture('npy/seed-3.npz')), 8, false),
  npzBase('npy/variants/seed-1-stored.npz', readFileSync(fixture('npy/variants/seed-1-stored.npz')), 0, false),
  npzBase(
    'zip64',
    zipBytes(
      [
        { name: 'labels.npy', data: npyBases[4].bytes },
        { name: 'pred_probs.npy', data: seed1 },
      ],
      { zip64: true },
    ).bytes,
    8,
    true,
  ),
];

// ---------------------------------------------------------------- the mutations

const descrs = ['<f4', '>f4', '<f8', '>f8', '|u1', '<i8', '<f2', '|b1', '<c8', '|O', '<U5', 'f4', '=f8', '<f16', '|V4', '', '<f4 ', '<i4'];
const shapes = [
  '(488, 3)',
  '(488,3,)',
  '(3, 488)',
  '(1464,)',
  '(488,)',
  '(488, 3, 1)',
  '(488)',
  '()',
  '(488L, 3L)',
  '(-488, 3)',
  '(2147483648, 3)',
  '(488, 4294967296)',
  '(9007199254740993, 3)',
  '(488, 3',
  '488, 3',
  '[488, 3]',
  '(0, 3)',
  '(500000000, 3)',
  '(1e3, 3)',
  '(732, 2)',
  '(488, 6)',
];
const fortrans = ['False', 'True', '0', 'None', "'False'", 'true'];
const extras = [
  "'shape': (488, 3)",
  "'shape': (976, 3)",
  "'shape': (1464,)",
  "'descr': '<f4'",
  "'descr': '>f8'",
  "'x': 1",
  "'fortran_order': False",
  "'fortran_order': True",
];

/** Mostly the base's own value (null), sometimes one of `values`. */
const sometimes = <T>(values: T[]) => fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 2, arbitrary: fc.constantFrom(...values) });
const dictArb = fc.record({
  descr: sometimes(descrs),
  shape: sometimes(shapes),
  fortran: sometimes(fortrans),
  order: fc.constantFrom([0, 1, 2], [2, 1, 0], [1, 0, 2]),
  drop: fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(0, 1, 2) }),
  extra: fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...extras) }),
  quote: fc.constantFrom("'", '"'),
  tail: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('}', ', }', ',}', ' } ') }, { weight: 1, arbitrary: fc.constantFrom('} x', '}\u0000', '', ', , }') }),
});
type DictSpec = typeof dictArb extends fc.Arbitrary<infer T> ? T : never;

/** The dict `spec` makes of a base's dict: its own descr, fortran_order and shape where `spec` has null. */
function dictText(spec: DictSpec, own: string): string {
  const value = (key: string) => new RegExp(`'${key}': ('[^']*'|\\([^)]*\\)|True|False)`).exec(own)![1];
  const q = spec.quote;
  const descr = spec.descr === null ? value('descr').slice(1, -1) : spec.descr;
  const entries = [
    `${q}descr${q}: ${q}${descr}${q}`,
    `${q}fortran_order${q}: ${spec.fortran ?? value('fortran_order')}`,
    `${q}shape${q}: ${spec.shape ?? value('shape')}`,
  ];
  const kept = spec.order.filter((i) => i !== spec.drop).map((i) => entries[i]);
  if (spec.extra) kept.push(spec.extra);
  return `{${kept.join(', ')}${spec.tail}`;
}

const u32Arb = (original: number) =>
  fc.oneof(fc.constantFrom(0, 1, original - 1, original + 1, 0x7fffffff, 0xffffffff, 0xfffffff0, 400_000_000), fc.nat({ max: 0xffffffff }));

const npyMutation = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('dict' as const), spec: dictArb }), weight: 5 },
  { arbitrary: fc.record({ kind: fc.constant('byte' as const), at: fc.nat({ max: 140 }), value: fc.nat({ max: 255 }) }), weight: 3 },
  {
    arbitrary: fc.record({
      kind: fc.constant('length' as const),
      value: fc.oneof(fc.constantFrom(0, 1, 9, 63, 64, 117, 118, 119, 127, 129, 10000, 10001, 65535, 400_000_000, 0xffffffff), fc.nat({ max: 0xffffffff })),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant('version' as const), major: fc.nat({ max: 4 }), minor: fc.nat({ max: 1 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('cut' as const), keep: fc.double({ min: 0, max: 1, noNaN: true }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('append' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 9 }) }), weight: 1 },
);
type NpyMutation = typeof npyMutation extends fc.Arbitrary<infer T> ? T : never;

function mutateNpy(bytes: Buffer, m: NpyMutation): Buffer {
  const out = Buffer.from(bytes);
  const { major, dict, data } = split(bytes);
  switch (m.kind) {
    case 'dict':
      return npyBytes(dictText(m.spec, dict), data, major);
    case 'byte':
      out[Math.min(m.at, out.length - 1)] = m.value;
      return out;
    case 'length':
      if (major === 1) out.writeUInt16LE(m.value & 0xffff, 8);
      else out.writeUInt32LE(m.value >>> 0, 8);
      return out;
    case 'version':
      out[6] = m.major;
      out[7] = m.minor;
      return out;
    case 'cut':
      return out.subarray(0, Math.floor(out.length * m.keep));
    case 'append':
      return Buffer.concat([out, m.bytes]);
  }
}

const npzMutation = (base: NpzBase) =>
  fc.oneof(
    {
      arbitrary: fc.nat({ max: base.fields.length - 1 }).chain((i) => {
        const field = base.fields[i];
        const original =
          field.width === 2
            ? base.bytes.readUInt16LE(field.at)
            : field.width === 4
              ? base.bytes.readUInt32LE(field.at)
              : Number(base.bytes.readBigUInt64LE(field.at));
        const values =
          field.width === 2
            ? fc.oneof(fc.constantFrom(0, 1, 8, 12, 0x41, 0x800, 0xffff, (original + 1) & 0xffff, Math.max(0, original - 1)), fc.nat({ max: 0xffff }))
            : u32Arb(original);
        return fc.record({ kind: fc.constant('field' as const), field: fc.constant(field), value: values });
      }),
      weight: 6,
    },
    { arbitrary: fc.record({ kind: fc.constant('member' as const), mutation: npyMutation }), weight: 4 },
    { arbitrary: fc.record({ kind: fc.constant('byte' as const), at: fc.nat({ max: base.bytes.length - 1 }), value: fc.nat({ max: 255 }) }), weight: 2 },
    { arbitrary: fc.record({ kind: fc.constant('cut' as const), keep: fc.double({ min: 0, max: 1, noNaN: true }) }), weight: 1 },
    { arbitrary: fc.record({ kind: fc.constant('append' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 30 }) }), weight: 1 },
  );
type NpzMutation = typeof npzMutation extends (base: NpzBase) => fc.Arbitrary<infer T> ? T : never;

function mutateNpz(base: NpzBase, m: NpzMutation): Buffer {
  const out = Buffer.from(base.bytes);
  switch (m.kind) {
    case 'field':
      if (m.field.width === 2) out.writeUInt16LE(m.value & 0xffff, m.field.at);
      else if (m.field.width === 4) out.writeUInt32LE(m.value >>> 0, m.field.at);
      else out.writeBigUInt64LE(BigInt(m.value), m.field.at);
      return out;
    case 'member': {
      const members = base.members.map((member) => ({
        name: member.name,
        method: base.method,
        data: member.name === 'pred_probs.npy' || member.name === 'probs.npy' ? mutateNpy(Buffer.from(member.data), m.mutation) : member.data,
      }));
      return zipBytes(members, { zip64: base.zip64 }).bytes;
    }
    case 'byte':
      out[m.at] = m.value;
      return out;
    case 'cut':
      return out.subarray(0, Math.floor(out.length * m.keep));
    case 'append':
      return Buffer.concat([out, m.bytes]);
  }
}

// ---------------------------------------------------------------- the independent reader

const READERS: Record<string, [number, (b: Buffer, at: number) => number]> = {
  '<f4': [4, (b, at) => b.readFloatLE(at)],
  f4: [4, (b, at) => b.readFloatLE(at)],
  '>f4': [4, (b, at) => b.readFloatBE(at)],
  '<f8': [8, (b, at) => b.readDoubleLE(at)],
  '=f8': [8, (b, at) => b.readDoubleLE(at)],
  '>f8': [8, (b, at) => b.readDoubleBE(at)],
  '|u1': [1, (b, at) => b.readUInt8(at)],
  '<i4': [4, (b, at) => b.readInt32LE(at)],
  '<i8': [8, (b, at) => Number(b.readBigInt64LE(at))],
  '|b1': [1, (b, at) => (b.readUInt8(at) === 0 ? 0 : 1)],
};

/** The array in a .npy, by a reader that shares no code with src/io/npy.ts (the dict through JSON). */
function referenceNpy(bytes: Buffer): { shape: number[]; values: number[] } {
  const { dict, data } = split(bytes);
  const json = dict
    .replace(/'/g, '"')
    .replace(/\bTrue\b/g, 'true')
    .replace(/\bFalse\b/g, 'false')
    .replace(/\(/g, '[')
    .replace(/\)/g, ']')
    .replace(/(\d)L\b/g, '$1')
    .replace(/,\s*([\]}])/g, '$1');
  const header = JSON.parse(json) as { descr: string; fortran_order: boolean; shape: number[] };
  const [size, read] = READERS[header.descr];
  const shape = header.shape;
  const count = shape.reduce((a, b) => a * b, 1);
  expect(data.length).toBe(count * size);
  const values = new Array<number>(count);
  // Element i in C order sits at the Fortran offset of the same indices when fortran_order.
  for (let i = 0; i < count; i++) {
    let rest = i;
    let fortranOffset = 0;
    let stride = 1;
    const index = shape.map(() => 0);
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      index[axis] = rest % shape[axis];
      rest = Math.floor(rest / shape[axis]);
    }
    for (let axis = 0; axis < shape.length; axis++) {
      fortranOffset += index[axis] * stride;
      stride *= shape[axis];
    }
    values[i] = read(data, (header.fortran_order ? fortranOffset : i) * size);
  }
  return { shape, values };
}

// ---------------------------------------------------------------- the property

const probsCheck: ShapeCheck = (shape, label) => {
  if (shape.length !== 2 || shape[0] !== 488 || shape[1] !== 3) throw new InputError(`expected shape (488, 3), got (${shape.join(', ')})`, label);
};

/** Reads a mutant in-process: an InputError naming the file in one line, or what the reference reads. */
async function readsOrRefuses(bytes: Buffer, extension: 'npy' | 'npz', checked: boolean): Promise<'read' | 'refused'> {
  const path = join(dir, `m${files++}.${extension}`);
  writeFileSync(path, bytes);
  const started = performance.now();
  let outcome: 'read' | 'refused';
  try {
    const got = await readNumpyArray(path, { keys: KEYS, what: 'probabilities', check: checked ? probsCheck : undefined });
    let expected: { shape: number[]; values: number[] };
    if (extension === 'npz') {
      const member = `${got.field}.npy`;
      const members = unzipSync(new Uint8Array(bytes), { filter: (file) => file.name === member });
      expected = referenceNpy(Buffer.from(members[member]));
    } else expected = referenceNpy(bytes);
    expect(got.array.shape).toEqual(expected.shape);
    expect(Array.from(got.array.data)).toEqual(expected.values);
    outcome = 'read';
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const line = error.format();
    expect(line.startsWith(path), line).toBe(true);
    expect(line).not.toMatch(/[\r\n]/);
    expect(line.length, line).toBeLessThan(400);
    outcome = 'refused';
  }
  expect(performance.now() - started).toBeLessThan(2000);
  return outcome;
}

describe('mutated .npy and .npz headers (seeded)', () => {
  const outcomes = { read: 0, refused: 0 };

  it('.npy: magic, version, header length, dict, cut-offs and appended bytes', async () => {
    const base = fc.nat({ max: npyBases.length - 1 }).map((i) => npyBases[i]);
    await fc.assert(
      fc.asyncProperty(base, npyMutation, fc.boolean(), async (b, m, checked) => {
        outcomes[await readsOrRefuses(mutateNpy(b.bytes, m), 'npy', checked)]++;
      }),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('.npz: zip sizes, offsets, CRC-32, counts, flags, the member .npy, single bytes', async () => {
    for (const base of npzBases) {
      await fc.assert(
        fc.asyncProperty(npzMutation(base), fc.boolean(), async (m, checked) => {
          outcomes[await readsOrRefuses(mutateNpz(base, m), 'npz', checked)]++;
        }),
        { seed: SEED, numRuns: 200 },
      );
    }
    // Both outcomes happen: the mutations reach past the first check.
    expect(outcomes.read).toBeGreaterThan(20);
    expect(outcomes.refused).toBeGreaterThan(300);
    expect(process.resourceUsage().maxRSS).toBeLessThan(1024 * 1024);
  });

  it('through the CLI: exit 2 with one line naming the file, or a report', () => {
    const demo = fixture('demo/data.csv');
    const mutants = [
      ...fc
        .sample(fc.tuple(fc.nat({ max: 3 }), npyMutation), { seed: SEED, numRuns: 5 })
        .map(([i, m]) => ({ bytes: mutateNpy(npyBases[i].bytes, m), extension: 'npy' })),
      ...npzBases.map((base) => ({ bytes: mutateNpz(base, fc.sample(npzMutation(base), { seed: SEED + 1, numRuns: 1 })[0]), extension: 'npz' })),
      { bytes: npyBases[0].bytes, extension: 'npy' },
    ];
    for (const { bytes, extension } of mutants) {
      const path = join(dir, `cli${files++}.${extension}`);
      writeFileSync(path, bytes);
      const run = boundedAudit([demo, '--probs', path, '--checks', 'seed-instability', '-f', 'json', '--fail-on', 'none']);
      expect(run.seconds).toBeLessThan(10);
      expect(run.peakKB).not.toBeNull();
      expect(run.peakKB!).toBeLessThan(1024 * 1024);
      expect(run.stderr).not.toContain('internal error');
      if (run.status === 0) {
        expect(JSON.parse(run.stdout).inputs.predictions.files.map((f: { path: string }) => f.path)).toContain(path);
      } else {
        expect(run.status, run.stderr).toBe(2);
        expect(run.stderr.trim().split('\n'), run.stderr).toHaveLength(1);
        expect(run.stderr).toContain(path);
      }
    }
  });
});
