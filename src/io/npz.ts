/**
 * NumPy's `.npz` archives (`np.savez`, `np.savez_compressed`): zip files of `.npy` members, stored
 * or deflated, with zip64 fields as Python's zipfile writes them. Only the one member asked for
 * is read: the central directory gives its name, sizes, CRC-32 and offset; the declared size is
 * checked against the input limit, and, once the member's first bytes are inflated, against what
 * its .npy header says the data needs (shape x item size) and the caller's shape check (the data's
 * rows), all before the body is inflated. The body is then inflated as a stream that stops at the
 * declared size, and its CRC-32 is checked at the end. A regular file is read where the zip says,
 * never whole; stdin, pipes and a gzipped `.npz.gz` are held in memory, within the input limit.
 */
import { promises as fs } from 'node:fs';
import type { Writable } from 'node:stream';
import * as zlib from 'node:zlib';
import { InputError, fileError } from '../errors.js';
import type { FileDigest } from '../data/model.js';
import { formatBytes, inputSettings, rawChunks, storedDigest } from './source.js';
import { NpyDecoder, plainFileSize, readNpy, type DecodeOptions, type NumericArray } from './npy.js';

/** The largest central directory read: 64 MiB is about 700,000 members, far beyond any `.npz`. */
const MAX_DIRECTORY_BYTES = 64 * 1024 ** 2;
/** Compressed bytes given to zlib at a time: it inflates a whole write, so this bounds a burst (deflate expands at most 1032:1). */
const PIECE_BYTES = 16 * 1024;

/** Random access to an archive's bytes. */
interface ZipBytes {
  size: number;
  read(offset: number, length: number): Promise<Buffer>;
  /** The bytes in pieces, read as they are consumed (`for await` takes either kind). */
  pieces(offset: number, length: number): AsyncIterable<Buffer> | Iterable<Buffer>;
  close(): Promise<void>;
}

function memoryBytes(buffer: Buffer): ZipBytes {
  return {
    size: buffer.length,
    read: (offset, length) =>
      offset < 0 || offset + length > buffer.length
        ? Promise.reject(new RangeError(`zip read of ${length} bytes at ${offset} outside ${buffer.length}`))
        : Promise.resolve(buffer.subarray(offset, offset + length)),
    *pieces(offset, length) {
      for (let at = offset; at < offset + length; at += PIECE_BYTES) yield buffer.subarray(at, Math.min(at + PIECE_BYTES, offset + length));
    },
    close: () => Promise.resolve(),
  };
}

async function fileBytes(path: string, size: number): Promise<ZipBytes> {
  const handle = await fs.open(path, 'r').catch((error: unknown) => {
    throw fileError(error, path);
  });
  const read = async (offset: number, length: number) => {
    const buffer = Buffer.alloc(length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await handle.read(buffer, filled, length - filled, offset + filled);
      if (bytesRead === 0)
        throw new InputError(`the file ended at byte ${offset + filled} while the zip data reached ${offset + length} (did it change while being read?)`, path);
      filled += bytesRead;
    }
    return buffer;
  };
  return {
    size,
    read,
    async *pieces(offset, length) {
      for (let at = offset; at < offset + length; at += PIECE_BYTES) yield await read(at, Math.min(PIECE_BYTES, offset + length - at));
    },
    close: () => handle.close(),
  };
}

/** One member as the central directory describes it. */
export interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const u64 = (buffer: Buffer, at: number, label: string): number => {
  const value = buffer.readBigUInt64LE(at);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new InputError(`not a readable .npz (zip) archive: a zip64 size or offset of ${value} bytes`, label);
  return Number(value);
};

const broken = (what: string, label: string) => new InputError(`not a readable .npz (zip) archive: ${what}`, label);

/** The central directory's entries, and where the member data must end (the directory's start). */
async function centralDirectory(bytes: ZipBytes, label: string): Promise<{ entries: ZipEntry[]; dataEnd: number }> {
  const tailLength = Math.min(bytes.size, 22 + 0xffff);
  const tail = await bytes.read(bytes.size - tailLength, tailLength);
  let end = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  while (end >= 0 && end + 22 > tail.length) end = end === 0 ? -1 : tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]), end - 1);
  if (end < 0) throw broken('no end-of-central-directory record (a cut-off file, or not a zip)', label);
  const endOffset = bytes.size - tailLength + end;
  if (tail.readUInt16LE(end + 4) !== 0 || tail.readUInt16LE(end + 6) !== 0) throw broken('a split (multi-disk) archive', label);
  let count = tail.readUInt16LE(end + 10);
  let directorySize = tail.readUInt32LE(end + 12);
  let directoryOffset = tail.readUInt32LE(end + 16);
  let dataEnd = endOffset;
  // A zip64 end record, found through its locator just before the end record.
  if (endOffset >= 20) {
    const locator = await bytes.read(endOffset - 20, 20);
    if (locator.readUInt32LE(0) === 0x07064b50) {
      const at = u64(locator, 8, label);
      if (at + 56 > endOffset - 20) throw broken(`its zip64 end record (at byte ${at}) lies outside the archive`, label);
      const record = await bytes.read(at, 56);
      if (record.readUInt32LE(0) !== 0x06064b50) throw broken(`no zip64 end record at byte ${at}, where its locator points`, label);
      count = u64(record, 32, label);
      directorySize = u64(record, 40, label);
      directoryOffset = u64(record, 48, label);
      dataEnd = at;
    }
  }
  if (directoryOffset + directorySize > dataEnd)
    throw broken(`its central directory (${directorySize} bytes at byte ${directoryOffset}) runs past byte ${dataEnd}, where it must end`, label);
  if (directorySize > MAX_DIRECTORY_BYTES)
    throw broken(`its central directory is ${formatBytes(directorySize)}, more than the ${formatBytes(MAX_DIRECTORY_BYTES)} read`, label);
  if (count * 46 > directorySize) throw broken(`its end record counts ${count} members in a ${directorySize}-byte central directory`, label);
  const directory = await bytes.read(directoryOffset, directorySize);
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let k = 0; k < count; k++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== 0x02014b50)
      throw broken(`central directory entry ${k + 1} of ${count} is missing or damaged`, label);
    const flags = directory.readUInt16LE(at + 8);
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const next = at + 46 + nameLength + extraLength + directory.readUInt16LE(at + 32);
    if (next > directory.length) throw broken(`central directory entry ${k + 1} runs past the directory`, label);
    const name = directory.toString(flags & 0x800 ? 'utf8' : 'latin1', at + 46, at + 46 + nameLength);
    const entry: ZipEntry = {
      name,
      flags,
      method: directory.readUInt16LE(at + 10),
      crc: directory.readUInt32LE(at + 16),
      compressedSize: directory.readUInt32LE(at + 20),
      size: directory.readUInt32LE(at + 24),
      localOffset: directory.readUInt32LE(at + 42),
    };
    // Fields set to 0xFFFFFFFF are in the zip64 extra field (id 1), in this order.
    const wide = (['size', 'compressedSize', 'localOffset'] as const).filter((field) => entry[field] === 0xffffffff);
    if (wide.length > 0) {
      let field = at + 46 + nameLength;
      const extraEnd = field + extraLength;
      while (field + 4 <= extraEnd && directory.readUInt16LE(field) !== 1) field += 4 + directory.readUInt16LE(field + 2);
      if (field + 4 > extraEnd || directory.readUInt16LE(field + 2) < 8 * wide.length || field + 4 + 8 * wide.length > extraEnd)
        throw broken(`member ${JSON.stringify(name)} has no zip64 sizes for its 0xFFFFFFFF fields`, label);
      wide.forEach((key, i) => (entry[key] = u64(directory, field + 4 + 8 * i, label)));
    }
    entries.push(entry);
    at = next;
  }
  if (at !== directory.length) throw broken(`its central directory holds ${directory.length - at} bytes after its ${count} entries`, label);
  return { entries, dataEnd: directoryOffset };
}

/** The array to read: the first of `keys` present, else the only array. */
function choose(entries: ZipEntry[], keys: readonly string[], what: string, label: string): { entry: ZipEntry; key: string } {
  const arrays = new Map<string, ZipEntry>();
  for (const entry of entries) {
    if (!entry.name.endsWith('.npy')) continue;
    const key = entry.name.slice(0, -4);
    if (arrays.has(key))
      throw new InputError(
        `the .npz holds two members named ${JSON.stringify(entry.name)} (NumPy would read the last; trainaudit refuses an ambiguous archive)`,
        label,
      );
    arrays.set(key, entry);
  }
  if (arrays.size === 0) throw new InputError('the .npz archive holds no .npy array', label);
  const key = keys.find((name) => arrays.has(name)) ?? (arrays.size === 1 ? [...arrays.keys()][0] : null);
  if (key === null) {
    const names = [...arrays.keys()];
    throw new InputError(
      `the .npz holds ${names.length} arrays (${names.slice(0, 10).join(', ')}${names.length > 10 ? ', ...' : ''}) and none is named ${keys.join(', ')}: name the ${what} one of those`,
      label,
    );
  }
  return { entry: arrays.get(key)!, key };
}

/** CRC-32 (zip's), by zlib when this Node has it (20.15 and later). */
const crc32: (data: Uint8Array, value: number) => number =
  typeof (zlib as { crc32?: unknown }).crc32 === 'function'
    ? (data, value) => (zlib as unknown as { crc32: (d: Uint8Array, v: number) => number }).crc32(data, value)
    : (() => {
        const table = new Int32Array(256);
        for (let n = 0; n < 256; n++) {
          let c = n;
          for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
          table[n] = c;
        }
        return (data: Uint8Array, value: number) => {
          let crc = ~value;
          for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
          return ~crc >>> 0;
        };
      })();

/** Resolves when `stream` takes writes again, or is gone. */
function drained(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    if (stream.destroyed) return resolve();
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

/** Inflates (or copies) one member into a .npy decoder, stopping at its declared size. */
async function readMember(
  bytes: ZipBytes,
  entry: ZipEntry,
  dataEnd: number,
  label: string,
  options: DecodeOptions,
): Promise<NumericArray<Float64Array | Float32Array>> {
  const { maxInputBytes } = inputSettings();
  const where = `member ${JSON.stringify(entry.name)}`;
  if (entry.flags & 0x41) throw new InputError(`the .npz ${where} is encrypted`, label);
  if (entry.method !== 0 && entry.method !== 8)
    throw new InputError(`the .npz ${where} uses zip compression method ${entry.method}; NumPy writes stored (0) or deflated (8) members`, label);
  if (entry.size > maxInputBytes)
    throw new InputError(
      `the .npz ${where} is ${formatBytes(entry.size)} once inflated, more than the input limit of ${formatBytes(maxInputBytes)} (raise --max-input-bytes to read it)`,
      label,
    );
  if (entry.method === 0 && entry.compressedSize !== entry.size)
    throw new InputError(`the .npz ${where} is stored, yet its zip entry declares ${entry.compressedSize} bytes stored and ${entry.size} bytes of data`, label);
  if (entry.localOffset + 30 > dataEnd) throw broken(`${where} starts at byte ${entry.localOffset}, past the member data`, label);
  const local = await bytes.read(entry.localOffset, 30);
  if (local.readUInt32LE(0) !== 0x04034b50) throw broken(`no local header for ${where} at byte ${entry.localOffset}`, label);
  const nameLength = local.readUInt16LE(26);
  const start = entry.localOffset + 30 + nameLength + local.readUInt16LE(28);
  if (start + entry.compressedSize > dataEnd)
    throw broken(`${where}'s ${entry.compressedSize} bytes at byte ${start} run past the member data (byte ${dataEnd})`, label);
  const localName = (await bytes.read(entry.localOffset + 30, nameLength)).toString(entry.flags & 0x800 ? 'utf8' : 'latin1');
  if (localName !== entry.name) throw broken(`${where} is named ${JSON.stringify(localName.slice(0, 80))} in its local header`, label);

  const decoder = new NpyDecoder(label, { ...options, length: { bytes: entry.size, source: 'zip entry' } });
  let produced = 0;
  let crc = 0;
  const take = (chunk: Buffer) => {
    produced += chunk.length;
    if (produced > entry.size) throw new InputError(`the .npz ${where} inflates to more than the ${entry.size} bytes its zip entry declares`, label);
    crc = crc32(chunk, crc);
    decoder.push(chunk);
  };
  if (entry.method === 0) {
    for await (const piece of bytes.pieces(start, entry.compressedSize)) take(piece);
  } else {
    const inflate = zlib.createInflateRaw({ chunkSize: 64 * 1024 });
    const feeding = (async () => {
      try {
        for await (const piece of bytes.pieces(start, entry.compressedSize)) {
          if (inflate.destroyed) return;
          if (!inflate.write(piece)) await drained(inflate);
        }
        inflate.end();
      } catch (error) {
        inflate.destroy(error as Error);
      }
    })();
    try {
      for await (const chunk of inflate) take(chunk as Buffer);
    } catch (error) {
      if (error instanceof InputError) throw error;
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (!code.startsWith('Z_') && !code.startsWith('ERR_ZLIB')) throw error;
      throw new InputError(`the .npz ${where} is not valid deflate data (${code === 'Z_BUF_ERROR' ? 'it is cut short' : (error as Error).message})`, label);
    } finally {
      inflate.destroy();
      await feeding;
    }
  }
  if (produced < entry.size) throw new InputError(`the .npz ${where} inflates to ${produced} bytes and its zip entry declares ${entry.size}`, label);
  if (crc >>> 0 !== entry.crc)
    throw new InputError(
      `the .npz ${where} fails its CRC-32 check (declared ${entry.crc.toString(16).padStart(8, '0')}, read ${(crc >>> 0).toString(16).padStart(8, '0')}): the archive is damaged`,
      label,
    );
  return decoder.finish();
}

export interface NumpyRead<D extends Float64Array | Float32Array> {
  array: NumericArray<D>;
  digest: FileDigest;
  /** The path, or `path:key` for an `.npz` member: what messages name. */
  label: string;
  /** The `.npz` member read, or null for an `.npy`. */
  field: string | null;
}

/**
 * Reads the array of an `.npy`, or of an `.npz` (the first of `keys` present, else its only
 * array), checking its shape with `options.check` before anything is allocated.
 */
export async function readNumpyArray<F extends boolean = false>(
  path: string,
  options: DecodeOptions & { float32?: F; keys: readonly string[]; what: string },
): Promise<NumpyRead<F extends true ? Float32Array : Float64Array>> {
  type D = F extends true ? Float32Array : Float64Array;
  const decode: DecodeOptions = { check: options.check, float32: options.float32 };
  if (!/\.npz(\.gz)?$/i.test(path)) {
    const { digest, ...array } = await readNpy(path, decode);
    return { array: array as NumericArray<D>, digest, label: path, field: null };
  }
  const size = await plainFileSize(path);
  let bytes: ZipBytes;
  let digest: (() => Promise<FileDigest>) | FileDigest;
  if (size !== null) {
    const { maxInputBytes } = inputSettings();
    if (size > maxInputBytes) throw new InputError(`the input is larger than ${formatBytes(maxInputBytes)} (raise --max-input-bytes to read it)`, path);
    bytes = await fileBytes(path, size);
    digest = async () => {
      const stored = storedDigest();
      for await (const chunk of rawChunks(path, path, process.stdin, stored.onStored)) void chunk;
      return stored.digest();
    };
  } else {
    const stored = storedDigest();
    const parts: Buffer[] = [];
    for await (const chunk of rawChunks(path, path, process.stdin, stored.onStored)) parts.push(chunk);
    bytes = memoryBytes(Buffer.concat(parts));
    digest = stored.digest();
  }
  try {
    const { entries, dataEnd } = await centralDirectory(bytes, path);
    const { entry, key } = choose(entries, options.keys, options.what, path);
    const label = `${path}:${key}`;
    const array = (await readMember(bytes, entry, dataEnd, label, decode)) as NumericArray<D>;
    return { array, digest: typeof digest === 'function' ? await digest() : digest, label, field: key };
  } finally {
    await bytes.close();
  }
}
