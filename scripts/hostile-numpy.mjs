#!/usr/bin/env node
/**
 * Writes the hostile .npy and .npz files of issue 28 into OUT_DIR (made if needed), for
 * fixtures/demo/data.csv (488 rows, 3 classes). Large files are sparse or deflate bombs, so the
 * directory takes about 10 MB of disk:
 *
 *   node scripts/hostile-numpy.mjs OUT_DIR
 *
 * - npz-six-bombs.npz (6 MB): six members of 1 GiB each once inflated (`pred_probs`, `probs`,
 *   `embeddings`, `labels`, `arr_4`, `arr_5`), each an honest .npy of shape (134217728, 1) float64;
 * - npz-small-bomb.npz (0.9 MB): one `pred_probs` member of 900 MiB, shape (117964800, 1);
 * - npz-liar-small.npz: `pred_probs` with the demo's shape (488, 3) float32 and an honest zip
 *   entry size (5984 bytes), whose deflate stream goes on to inflate to 1 GiB;
 * - npz-liar-big.npz: the same header, its zip entry declaring 1 GiB;
 * - npy-sparse-u1.npy (1.5 GB sparse): shape (500000000, 3) uint8, not the data's rows;
 * - npy-sparse-tail.npy (1.5 GB sparse): shape (488, 3) uint8 and 1.5 GB of bytes after the data;
 * - npy-header-400mb.npy (400 MB sparse): a version 2.0 header 400,000,000 bytes long;
 * - npy-two-shapes.npy: a header naming `shape` twice, (488, 3) then (976, 3), with the data of
 *   the first (NumPy takes the last; trainaudit refuses the header).
 *
 * The test test/hostile/numpy-hostile.test.ts runs the CLI on each of them.
 */
import { closeSync, mkdirSync, openSync, ftruncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { constants, createDeflateRaw, crc32 as zlibCrc32 } from 'node:zlib';

const MiB = 1 << 20;

/** A .npy header (format `major`.0), padded with spaces to a multiple of 64 bytes and ending in \n. */
export function npyHeader(dict, major = 1) {
  const lengthBytes = major === 1 ? 2 : 4;
  let text = dict;
  const total = 8 + lengthBytes + text.length + 1;
  text += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const prefix = Buffer.alloc(8 + lengthBytes);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, major, 0]).copy(prefix);
  if (major === 1) prefix.writeUInt16LE(text.length, 8);
  else prefix.writeUInt32LE(text.length, 8);
  return Buffer.concat([prefix, Buffer.from(text, 'latin1')]);
}

const dictOf = (descr, shape) => `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;

/** CRC-32 of `prefix` then `zeroMiB` MiB of zero bytes (0 when this Node has no zlib.crc32). */
function crcOf(prefix, zeroMiB) {
  if (typeof zlibCrc32 !== 'function') return 0;
  const zeros = Buffer.alloc(MiB);
  let crc = zlibCrc32(prefix);
  for (let i = 0; i < zeroMiB; i++) crc = zlibCrc32(zeros, crc);
  return crc >>> 0;
}

/**
 * A raw deflate stream of `prefix` then `zeroMiB` MiB of zeros, built without compressing them
 * all: once the window holds only zeros, every further MiB flushed with Z_SYNC_FLUSH compresses to
 * the same bytes, which are repeated.
 */
async function deflatedZeros(prefix, zeroMiB) {
  const deflate = createDeflateRaw({ level: 9 });
  let pending = [];
  deflate.on('data', (chunk) => pending.push(chunk));
  const flush = () =>
    new Promise((resolve) => {
      deflate.flush(constants.Z_SYNC_FLUSH, () => {
        const out = Buffer.concat(pending);
        pending = [];
        resolve(out);
      });
    });
  const zeros = Buffer.alloc(MiB);
  deflate.write(prefix);
  const parts = [];
  let previous = null;
  let repeat = null;
  let written = 0;
  while (written < zeroMiB) {
    deflate.write(zeros);
    written++;
    const out = await flush();
    if (previous && out.equals(previous)) {
      repeat = out;
      break;
    }
    parts.push(out);
    previous = out;
  }
  const tail = await new Promise((resolve) => {
    deflate.end(() => resolve(Buffer.concat(pending)));
  });
  if (repeat) for (; written <= zeroMiB; written++) parts.push(repeat);
  parts.push(tail.length > 0 ? tail : Buffer.from([0x03, 0x00]));
  return Buffer.concat(parts);
}

/** A zip archive of deflated members, each { name, data (compressed), size, crc }. */
export function zip(members) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const m of members) {
    const name = Buffer.from(m.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(m.crc, 14);
    local.writeUInt32LE(m.data.length, 18);
    local.writeUInt32LE(m.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(m.crc, 16);
    central.writeUInt32LE(m.data.length, 20);
    central.writeUInt32LE(m.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, m.data);
    centrals.push(central, name);
    offset += 30 + name.length + m.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A .npy member holding `header` then `zeroMiB` MiB of zeros; `declared` overrides its zip size. */
async function zeroMember(name, header, zeroMiB, declared) {
  return { name, data: await deflatedZeros(header, zeroMiB), size: declared ?? header.length + zeroMiB * MiB, crc: crcOf(header, zeroMiB) };
}

/** A sparse file: `head` then zeros up to `size` bytes, taking no disk for the zeros. */
function sparse(path, head, size) {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, head);
    ftruncateSync(fd, size);
  } finally {
    closeSync(fd);
  }
}

export async function writeHostileNumpy(dir) {
  mkdirSync(dir, { recursive: true });
  const gib = npyHeader(dictOf('<f8', [134217728, 1]));
  const bomb = await zeroMember('pred_probs.npy', gib, 1024);
  const six = ['pred_probs', 'probs', 'embeddings', 'labels', 'arr_4', 'arr_5'].map((name) => ({ ...bomb, name: `${name}.npy` }));
  writeFileSync(join(dir, 'npz-six-bombs.npz'), zip(six));
  writeFileSync(join(dir, 'npz-small-bomb.npz'), zip([await zeroMember('pred_probs.npy', npyHeader(dictOf('<f8', [117964800, 1])), 900)]));
  const demo = npyHeader(dictOf('<f4', [488, 3]));
  const honest = demo.length + 488 * 3 * 4;
  writeFileSync(join(dir, 'npz-liar-small.npz'), zip([await zeroMember('pred_probs.npy', demo, 1024, honest)]));
  writeFileSync(join(dir, 'npz-liar-big.npz'), zip([await zeroMember('pred_probs.npy', demo, 1024)]));
  const u1 = npyHeader(dictOf('|u1', [500000000, 3]));
  sparse(join(dir, 'npy-sparse-u1.npy'), u1, u1.length + 1_500_000_000);
  sparse(join(dir, 'npy-sparse-tail.npy'), npyHeader(dictOf('|u1', [488, 3])), 1_500_000_000);
  const long = Buffer.alloc(12);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 2, 0]).copy(long);
  long.writeUInt32LE(400_000_000, 8);
  sparse(
    join(dir, 'npy-header-400mb.npy'),
    Buffer.concat([long, Buffer.from("{'descr': '<f4', 'fortran_order': False, 'shape': (488, 3), ")]),
    12 + 400_000_000,
  );
  const twice = npyHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (488, 3), 'shape': (976, 3), }");
  const values = Buffer.alloc(488 * 3 * 4);
  for (let row = 0; row < 488; row++) for (let c = 0; c < 3; c++) values.writeFloatLE(c === row % 3 ? 0.8 : 0.1, (row * 3 + c) * 4);
  writeFileSync(join(dir, 'npy-two-shapes.npy'), Buffer.concat([twice, values]));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: node scripts/hostile-numpy.mjs OUT_DIR\n');
    process.exit(2);
  }
  await writeHostileNumpy(dir);
}
