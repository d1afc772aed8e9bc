/**
 * NumPy's `.npy` arrays (format versions 1.0, 2.0 and 3.0, as `numpy.lib.format` writes them):
 * the magic `\x93NUMPY`, a version, a little-endian header length, a Python dict literal with
 * `descr`, `fortran_order` and `shape`, then the raw data. Numeric and boolean dtypes of either
 * byte order are read into a Float64Array in C (row-major) order, streamed chunk by chunk; object
 * and structured dtypes are refused (they need pickle, which runs code). `.npz` files are zip
 * archives of `.npy` members (read with fflate).
 */
import { unzipSync } from 'fflate';
import { InputError } from '../errors.js';
import { formatBytes, inputSettings, rawChunks, storedDigest } from './source.js';
import type { FileDigest } from '../data/model.js';

export interface NumericArray {
  shape: number[];
  /** C-order values. */
  data: Float64Array;
  dtype: string;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

interface Header {
  descr: string;
  fortran: boolean;
  shape: number[];
  /** Bytes before the data. */
  dataOffset: number;
}

/** Parses the header from the file's first bytes, or null when more bytes are needed. */
function parseHeader(head: Buffer, label: string): Header | null {
  if (head.length < 10) return null;
  for (let i = 0; i < MAGIC.length; i++) if (head[i] !== MAGIC[i]) throw new InputError('not a NumPy .npy file (no \\x93NUMPY magic at its start)', label);
  const major = head[6];
  if (major < 1 || major > 3) throw new InputError(`.npy format version ${major}.${head[7]} is not one NumPy writes (1.0, 2.0 or 3.0)`, label);
  const lengthBytes = major === 1 ? 2 : 4;
  if (head.length < 8 + lengthBytes) return null;
  const headerLength = major === 1 ? head.readUInt16LE(8) : head.readUInt32LE(8);
  const dataOffset = 8 + lengthBytes + headerLength;
  if (head.length < dataOffset) return null;
  const text = head.subarray(8 + lengthBytes, dataOffset).toString(major === 3 ? 'utf8' : 'latin1');
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]+)['"]/.exec(text)?.[1];
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (/['"]descr['"]\s*:\s*\[/.test(text)) throw new InputError('a structured .npy array (named fields) is not a matrix of numbers; save a plain numeric array', label);
  if (!descr || !fortran || shapeText === undefined) throw new InputError(`unreadable .npy header: ${JSON.stringify(text.trim().slice(0, 120))}`, label);
  const shape = shapeText
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const n = Number(part.replace(/L$/, ''));
      if (!Number.isSafeInteger(n) || n < 0) throw new InputError(`unreadable .npy shape (${shapeText})`, label);
      return n;
    });
  return { descr, fortran: fortran === 'True', shape, dataOffset };
}

type Reader = (view: DataView, offset: number) => number;

/** How to read one element of a dtype, and its size. */
function elementReader(descr: string, label: string): { size: number; read: Reader } {
  const match = /^([<>|=])?([fiub])(\d+)$/.exec(descr);
  if (!match) {
    if (/O/.test(descr)) throw new InputError(`.npy dtype ${descr} holds Python objects (it needs pickle, which trainaudit does not run); save a numeric array`, label);
    throw new InputError(`.npy dtype ${descr} is not numeric (expected float, int, uint or bool)`, label);
  }
  const little = match[1] !== '>';
  const kind = match[2];
  const size = Number(match[3]);
  const table: Record<string, Reader | undefined> = {
    f2: (v, o) => half(v.getUint16(o, little)),
    f4: (v, o) => v.getFloat32(o, little),
    f8: (v, o) => v.getFloat64(o, little),
    i1: (v, o) => v.getInt8(o),
    i2: (v, o) => v.getInt16(o, little),
    i4: (v, o) => v.getInt32(o, little),
    i8: (v, o) => Number(v.getBigInt64(o, little)),
    u1: (v, o) => v.getUint8(o),
    u2: (v, o) => v.getUint16(o, little),
    u4: (v, o) => v.getUint32(o, little),
    u8: (v, o) => Number(v.getBigUint64(o, little)),
    b1: (v, o) => (v.getUint8(o) === 0 ? 0 : 1),
  };
  const read = table[`${kind}${size}`];
  if (!read) throw new InputError(`.npy dtype ${descr} is not supported (float16/32/64, int8-64, uint8-64, bool)`, label);
  return { size, read };
}

/** IEEE 754 half precision to a number. */
function half(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction === 0 ? sign * Infinity : NaN;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** C-order copy of a Fortran-order array. */
function toCOrder(data: Float64Array, shape: number[]): Float64Array {
  if (shape.length < 2) return data;
  const out = new Float64Array(data.length);
  const strides = shape.map((_, axis) => shape.slice(0, axis).reduce((a, b) => a * b, 1)); // Fortran strides
  const index = new Array<number>(shape.length).fill(0);
  for (let c = 0; c < data.length; c++) {
    let f = 0;
    for (let axis = 0; axis < shape.length; axis++) f += index[axis] * strides[axis];
    out[c] = data[f];
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      if (++index[axis] < shape[axis]) break;
      index[axis] = 0;
    }
  }
  return out;
}

/** Decodes a whole `.npy` held in memory (an `.npz` member). */
export function decodeNpy(bytes: Uint8Array, label: string): NumericArray {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = parseHeader(buffer, label);
  if (!header) throw new InputError('truncated .npy file: its header is cut short', label);
  return fill(header, [buffer.subarray(header.dataOffset)], label);
}

/** Fills the array as bytes arrive, so a file is never held whole beside its values. */
class Filler {
  private readonly size: number;
  private readonly read: Reader;
  private readonly count: number;
  private readonly data: Float64Array;
  private index = 0;
  private carry = Buffer.alloc(0);

  constructor(
    private readonly header: Header,
    private readonly label: string,
  ) {
    ({ size: this.size, read: this.read } = elementReader(header.descr, label));
    this.count = header.shape.reduce((a, b) => a * b, 1);
    // A header can claim any shape: refuse one larger than the input limit before allocating it.
    const { maxInputBytes } = inputSettings();
    if (this.count * this.size > maxInputBytes || this.count > 2 ** 31) {
      throw new InputError(`the .npy header declares shape (${header.shape.join(', ')}), ${formatBytes(this.count * this.size)} of data: more than the input limit of ${formatBytes(maxInputBytes)} (raise --max-input-bytes to read it)`, label);
    }
    this.data = new Float64Array(this.count);
  }

  push(chunk: Buffer): void {
    if (this.index === this.count) return;
    const bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const whole = Math.min(Math.floor(bytes.length / this.size), this.count - this.index);
    for (let i = 0; i < whole; i++) this.data[this.index++] = this.read(view, i * this.size);
    this.carry = Buffer.from(bytes.subarray(whole * this.size));
  }

  finish(): NumericArray {
    const { header, count, size } = this;
    if (this.index < count) throw new InputError(`truncated .npy file: shape (${header.shape.join(', ')}) needs ${count * size} bytes of data, found ${this.index * size + this.carry.length}`, this.label);
    return { shape: header.shape, data: header.fortran ? toCOrder(this.data, header.shape) : this.data, dtype: header.descr };
  }
}

function fill(header: Header, chunks: Iterable<Buffer>, label: string): NumericArray {
  const filler = new Filler(header, label);
  for (const chunk of chunks) filler.push(chunk);
  return filler.finish();
}

/** Reads a `.npy` file (or stdin), streamed within the input limits. */
export async function readNpy(path: string): Promise<NumericArray & { digest: FileDigest }> {
  let head = Buffer.alloc(0);
  let filler: Filler | null = null;
  const stored = storedDigest();
  for await (const chunk of rawChunks(path, path, process.stdin, stored.onStored)) {
    if (filler) {
      filler.push(chunk);
      continue;
    }
    head = Buffer.concat([head, chunk]);
    const header = parseHeader(head, path);
    if (header) {
      filler = new Filler(header, path);
      filler.push(head.subarray(header.dataOffset));
    }
  }
  if (!filler) throw new InputError(head.length === 0 ? 'empty .npy file' : 'truncated .npy file: its header is cut short', path);
  return { ...filler.finish(), digest: stored.digest() };
}

/** The arrays of an `.npz` archive (numpy.savez / savez_compressed), by name without `.npy`. */
export async function readNpz(path: string): Promise<{ arrays: Map<string, NumericArray>; digest: FileDigest }> {
  const parts: Buffer[] = [];
  const stored = storedDigest();
  for await (const chunk of rawChunks(path, path, process.stdin, stored.onStored)) parts.push(chunk);
  let members: Record<string, Uint8Array>;
  try {
    members = unzipSync(new Uint8Array(Buffer.concat(parts)));
  } catch (error) {
    throw new InputError(`not a readable .npz (zip) archive: ${(error as Error).message}`, path);
  }
  const out = new Map<string, NumericArray>();
  for (const [name, bytes] of Object.entries(members)) {
    if (!name.endsWith('.npy')) continue;
    out.set(name.slice(0, -4), decodeNpy(bytes, `${path}:${name}`));
  }
  if (out.size === 0) throw new InputError('the .npz archive holds no .npy array', path);
  return { arrays: out, digest: stored.digest() };
}
