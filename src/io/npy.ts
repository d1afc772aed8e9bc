/**
 * NumPy's `.npy` arrays (format versions 1.0, 2.0 and 3.0, as `numpy.lib.format` writes them):
 * the magic `\x93NUMPY`, a version, a little-endian header length, a Python dict literal with
 * `descr`, `fortran_order` and `shape`, then the raw data. Numeric and boolean dtypes of either
 * byte order are read into a typed array in C (row-major) order; object and structured dtypes are
 * refused (they need pickle, which runs code).
 *
 * Nothing is allocated for the data before the header has been checked: its length against
 * NumPy's own cap, its dict against NumPy's rules (the three keys, each once), the shape against
 * what the caller needs (the data's rows), and shape x item size against the bytes the file or
 * zip entry holds and the input limit. Then the bytes are converted as they arrive.
 */
import { promises as fs } from 'node:fs';
import { InputError, fileError } from '../errors.js';
import { formatBytes, inputSettings, rawChunks, storedDigest } from './source.js';
import type { FileDigest } from '../data/model.js';

export interface NumericArray<D extends Float64Array | Float32Array = Float64Array> {
  shape: number[];
  /** C-order values. */
  data: D;
  dtype: string;
}

/** Checks a declared shape before anything is allocated; throws an InputError naming `label`. */
export type ShapeCheck = (shape: readonly number[], label: string) => void;

export interface DecodeOptions {
  check?: ShapeCheck;
  /** Values into a Float32Array (embeddings) rather than a Float64Array. */
  float32?: boolean;
}

/**
 * NumPy's cap on a header, in characters (`numpy.lib.format._MAX_HEADER_SIZE`): `np.load`
 * refuses a longer one unless the file is trusted with `allow_pickle=True`.
 */
export const MAX_HEADER_CHARS = 10_000;
/** Values a typed array of ours may hold. */
const MAX_VALUES = 2 ** 31;

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

interface Header {
  descr: string;
  fortran: boolean;
  shape: number[];
}

type Value = string | boolean | number | number[];

/** The header's Python dict literal, read as `ast.literal_eval` reads it (the subset NumPy writes). */
class DictLiteral {
  private at = 0;

  constructor(
    private readonly text: string,
    private readonly label: string,
    /** Python 2 wrote `3L`; NumPy accepts it in format 1.0 and 2.0 headers. */
    private readonly longInts: boolean,
  ) {}

  fail(what: string): never {
    throw new InputError(`unreadable .npy header (${what}): ${JSON.stringify(this.text.trim().slice(0, 120))}`, this.label);
  }

  private peek(): string | undefined {
    while (this.at < this.text.length && ' \t\n\r\f\v'.includes(this.text[this.at])) this.at++;
    return this.text[this.at];
  }

  private take(char: string): boolean {
    if (this.peek() !== char) return false;
    this.at++;
    return true;
  }

  read(): Map<string, Value> {
    const entries = new Map<string, Value>();
    if (!this.take('{')) this.fail('not a dict');
    while (!this.take('}')) {
      const key = this.peek() === "'" || this.peek() === '"' ? this.string() : this.fail('a key that is not a string');
      if (!this.take(':')) this.fail(`no ':' after '${key}'`);
      const value = this.value(key);
      if (entries.has(key))
        throw new InputError(`the .npy header names '${key}' twice (NumPy would take the last; trainaudit refuses an ambiguous header)`, this.label);
      entries.set(key, value);
      if (!this.take(',')) {
        if (!this.take('}')) this.fail(`no ',' or '}' after '${key}'`);
        break;
      }
    }
    if (this.peek() !== undefined) this.fail('text after the dict');
    return entries;
  }

  private string(): string {
    const quote = this.text[this.at];
    const end = this.text.indexOf(quote, this.at + 1);
    if (end < 0) this.fail('an unterminated string');
    const value = this.text.slice(this.at + 1, end);
    if (/[\\\n\r]/.test(value)) this.fail('an escape or line break in a string');
    this.at = end + 1;
    return value;
  }

  private value(key: string): Value {
    const char = this.peek();
    if (char === "'" || char === '"') return this.string();
    if (char === '[') throw new InputError('a structured .npy array (named fields) is not a matrix of numbers; save a plain numeric array', this.label);
    if (char === '(') return this.tuple(key);
    const word = /(True|False)(?![\w])|\d+/y;
    word.lastIndex = this.at;
    const match = word.exec(this.text);
    if (!match) this.fail(`an unreadable value for '${key}'`);
    this.at = word.lastIndex;
    if (match[1]) return match[1] === 'True';
    return this.integer(match[0]);
  }

  private integer(digits: string): number {
    if (this.longInts && /[lL]/.test(this.text[this.at] ?? '')) this.at++;
    const n = Number(digits);
    return Number.isSafeInteger(n) ? n : Infinity;
  }

  /** A tuple of non-negative integers; `(5)` is the integer 5, as in Python. */
  private tuple(key: string): number | number[] {
    this.at++;
    const items: number[] = [];
    let comma = false;
    while (!this.take(')')) {
      if (items.length > 0 && !comma) this.fail(`no ',' between the items of '${key}'`);
      if (this.peek() === '-') throw new InputError(`the .npy header's ${key} has a negative dimension`, this.label);
      const digits = /\d+/y;
      digits.lastIndex = this.at;
      const match = digits.exec(this.text);
      if (!match) this.fail(`'${key}' is not a tuple of integers`);
      this.at = digits.lastIndex;
      items.push(this.integer(match[0]));
      comma = this.take(',');
    }
    return items.length === 1 && !comma ? items[0] : items;
  }
}

/** The header dict's three entries, checked as NumPy checks them. */
export function parseHeaderText(text: string, label: string, longInts = true): Header {
  const literal: DictLiteral = new DictLiteral(text, label, longInts);
  const entries = literal.read();
  const unknown = [...entries.keys()].filter((key) => !['descr', 'fortran_order', 'shape'].includes(key));
  if (unknown.length > 0)
    throw new InputError(`the .npy header has the key '${unknown[0].slice(0, 40)}': NumPy's format has only descr, fortran_order and shape`, label);
  const descr = entries.get('descr');
  const fortran = entries.get('fortran_order');
  const shape = entries.get('shape');
  for (const key of ['descr', 'fortran_order', 'shape']) if (!entries.has(key)) throw new InputError(`the .npy header has no '${key}'`, label);
  if (typeof descr !== 'string') literal.fail('descr is not a dtype string');
  if (typeof fortran !== 'boolean') literal.fail('fortran_order is not True or False');
  if (!Array.isArray(shape)) literal.fail('shape is not a tuple');
  if (shape.some((n) => !Number.isSafeInteger(n))) throw new InputError(`the .npy header's shape (${shape.join(', ')}) has a dimension beyond 2^53`, label);
  return { descr, fortran, shape };
}

type Reader = (view: DataView, offset: number) => number;

/** How to read one element of a dtype, and its size. */
function elementReader(descr: string, label: string): { size: number; read: Reader; little: boolean; kind: string } {
  const match = /^([<>|=])?([fiub])(\d+)$/.exec(descr);
  if (!match) {
    if (/O/.test(descr))
      throw new InputError(`.npy dtype ${descr} holds Python objects (it needs pickle, which trainaudit does not run); save a numeric array`, label);
    throw new InputError(`.npy dtype ${descr.slice(0, 40)} is not numeric (expected float, int, uint or bool)`, label);
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
  return { size, read, little, kind };
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
function toCOrder<D extends Float64Array | Float32Array>(data: D, shape: number[]): D {
  if (shape.length < 2) return data;
  const out = new (data.constructor as { new (n: number): D })(data.length);
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

const shapeText = (shape: readonly number[]) => `(${shape.join(', ')})`;

/** How many bytes the whole .npy holds, when known before reading: a file's size or a zip entry's declared size. */
export interface KnownLength {
  bytes: number;
  /** What declares it, for messages. */
  source: 'file' | 'zip entry';
}

/**
 * Decodes a `.npy` pushed chunk by chunk. The header is gathered into a buffer of its declared
 * length (capped), then checked; the data is converted as it arrives, with at most one element
 * carried between chunks.
 */
export class NpyDecoder {
  private readonly prefix = Buffer.alloc(12);
  private prefixLength = 10;
  private filled = 0;
  private header: Buffer | null = null;
  private dataOffset = 0;
  private received = 0;
  private layout: (Header & { size: number; read: Reader; fast: boolean; count: number }) | null = null;
  private data: Float64Array | Float32Array | null = null;
  private index = 0;
  private readonly carry = Buffer.alloc(8);
  private carried = 0;

  constructor(
    private readonly label: string,
    private readonly options: DecodeOptions & { length?: KnownLength | null } = {},
  ) {}

  push(chunk: Uint8Array): void {
    let bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.received += bytes.length;
    if (!this.layout) bytes = this.pushHeader(bytes);
    if (this.layout && bytes.length > 0) this.pushData(bytes);
  }

  /** Takes what the header needs from `bytes` and returns the rest. */
  private pushHeader(bytes: Buffer): Buffer {
    while (!this.header && bytes.length > 0) {
      const take = Math.min(this.prefixLength - this.filled, bytes.length);
      bytes.copy(this.prefix, this.filled, 0, take);
      this.filled += take;
      bytes = bytes.subarray(take);
      this.checkPrefix();
      if (this.filled === this.prefixLength) {
        const major = this.prefix[6];
        const length = major === 1 ? this.prefix.readUInt16LE(8) : this.prefix.readUInt32LE(8);
        // Format 3.0 is UTF-8: up to 4 bytes a character.
        if (length > (major === 3 ? 4 : 1) * MAX_HEADER_CHARS) {
          throw new InputError(
            `the .npy header is ${length} bytes long: NumPy refuses headers over ${MAX_HEADER_CHARS} characters (max_header_size), and so does trainaudit`,
            this.label,
          );
        }
        this.header = Buffer.alloc(length);
        this.dataOffset = this.prefixLength + length;
        this.filled = 0;
      }
    }
    if (!this.header) return bytes;
    const take = Math.min(this.header.length - this.filled, bytes.length);
    bytes.copy(this.header, this.filled, 0, take);
    this.filled += take;
    if (this.filled === this.header.length) this.begin();
    return bytes.subarray(take);
  }

  /** The magic and version, as far as they have arrived; sets the prefix length from the version. */
  private checkPrefix(): void {
    for (let i = 0; i < Math.min(this.filled, MAGIC.length); i++)
      if (this.prefix[i] !== MAGIC[i]) throw new InputError('not a NumPy .npy file (no \\x93NUMPY magic at its start)', this.label);
    if (this.filled < 8) return;
    const [major, minor] = [this.prefix[6], this.prefix[7]];
    if (major < 1 || major > 3 || minor !== 0)
      throw new InputError(`.npy format version ${major}.${minor} is not one NumPy writes (1.0, 2.0 or 3.0)`, this.label);
    this.prefixLength = major === 1 ? 10 : 12;
  }

  /** Checks the whole header, then allocates the array. */
  private begin(): void {
    const major = this.prefix[6];
    let text: string;
    try {
      text = major === 3 ? new TextDecoder('utf-8', { fatal: true }).decode(this.header!) : this.header!.toString('latin1');
    } catch {
      throw new InputError('the .npy header (format 3.0) is not valid UTF-8', this.label);
    }
    if (text.length > MAX_HEADER_CHARS)
      throw new InputError(
        `the .npy header is ${text.length} characters long: NumPy refuses headers over ${MAX_HEADER_CHARS} (max_header_size), and so does trainaudit`,
        this.label,
      );
    const header = parseHeaderText(text, this.label, major < 3);
    const { size, read, little, kind } = elementReader(header.descr, this.label);
    let count = 1;
    for (const n of header.shape) count *= n;
    const bytes = count * size;
    this.options.check?.(header.shape, this.label);
    // A header can claim any shape: refuse one larger than the input limit before allocating it.
    const { maxInputBytes } = inputSettings();
    if (!Number.isSafeInteger(bytes) || bytes > maxInputBytes || count > MAX_VALUES) {
      const amount = Number.isSafeInteger(bytes) ? formatBytes(bytes) : 'more than 2^53 bytes';
      throw new InputError(
        `the .npy header declares shape ${shapeText(header.shape)}, ${amount} of data: more than ${count > MAX_VALUES && bytes <= maxInputBytes ? `the ${MAX_VALUES} values an array may hold` : `the input limit of ${formatBytes(maxInputBytes)} (raise --max-input-bytes to read it)`}`,
        this.label,
      );
    }
    const known = this.options.length;
    if (known && known.bytes !== this.dataOffset + bytes) {
      const has = known.bytes - this.dataOffset;
      if (has < bytes)
        throw new InputError(
          `truncated .npy ${known.source === 'file' ? 'file' : 'member'}: shape ${shapeText(header.shape)} needs ${bytes} bytes of data, ${known.source === 'file' ? 'found' : 'its zip entry declares'} ${Math.max(0, has)}`,
          this.label,
        );
      throw new InputError(
        `the .npy ${known.source === 'file' ? 'file' : 'zip entry'} holds ${has - bytes} bytes more than shape ${shapeText(header.shape)} of ${header.descr} needs (${bytes} bytes of data after a ${this.dataOffset}-byte header)`,
        this.label,
      );
    }
    this.data = this.options.float32 ? new Float32Array(count) : new Float64Array(count);
    this.layout = { ...header, size, read, count, fast: little && HOST_LITTLE_ENDIAN && kind === 'f' && size >= 4 };
    this.header = null;
  }

  private pushData(bytes: Buffer): void {
    const { size, read, count, fast } = this.layout!;
    const data = this.data!;
    if (this.carried > 0) {
      const take = Math.min(size - this.carried, bytes.length);
      bytes.copy(this.carry, this.carried, 0, take);
      this.carried += take;
      bytes = bytes.subarray(take);
      if (this.carried < size) return;
      this.carried = 0;
      if (this.index < count) data[this.index++] = read(new DataView(this.carry.buffer, this.carry.byteOffset, size), 0);
      else return this.overrun();
    }
    const whole = Math.min(Math.floor(bytes.length / size), count - this.index);
    if (fast) {
      // A typed-array view needs an aligned start: copy a chunk that has none (after a carry).
      const aligned = bytes.byteOffset % size === 0 ? bytes : Buffer.from(bytes.subarray(0, whole * size));
      const Typed = size === 4 ? Float32Array : Float64Array;
      data.set(new Typed(aligned.buffer as ArrayBuffer, aligned.byteOffset, whole), this.index);
      this.index += whole;
    } else {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let i = 0; i < whole; i++) data[this.index++] = read(view, i * size);
    }
    const rest = bytes.length - whole * size;
    if (rest === 0) return;
    if (this.index === count) return this.overrun();
    bytes.copy(this.carry, 0, whole * size);
    this.carried = rest;
  }

  private overrun(): void {
    const { shape, descr, size, count } = this.layout!;
    throw new InputError(`the .npy data runs past shape ${shapeText(shape)} of ${descr} (${count * size} bytes)`, this.label);
  }

  finish(): NumericArray<Float64Array | Float32Array> {
    if (!this.layout) {
      if (this.received === 0) throw new InputError('empty .npy file', this.label);
      if (!this.header) this.checkPrefix();
      throw new InputError('truncated .npy file: its header is cut short', this.label);
    }
    const { shape, descr, fortran, count, size } = this.layout;
    if (this.index < count)
      throw new InputError(
        `truncated .npy file: shape ${shapeText(shape)} needs ${count * size} bytes of data, found ${this.index * size + this.carried}`,
        this.label,
      );
    return { shape, data: fortran ? toCOrder(this.data!, shape) : this.data!, dtype: descr };
  }
}

/** Decodes a whole `.npy` held in memory. */
export function decodeNpy(bytes: Uint8Array, label: string): NumericArray {
  const decoder = new NpyDecoder(label, { length: { bytes: bytes.length, source: 'file' } });
  decoder.push(bytes);
  return decoder.finish() as NumericArray;
}

/** A regular, not gzipped file's size: the bytes its data must fill. Null for stdin, pipes and gzip. */
export async function plainFileSize(path: string): Promise<number | null> {
  if (path === '-') return null;
  let handle;
  try {
    // Only regular files are opened here: opening a FIFO would take its one reader away from the writer.
    const stat = await fs.stat(path);
    if (!stat.isFile()) return null;
    handle = await fs.open(path, 'r');
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b ? null : stat.size;
  } catch (error) {
    throw fileError(error, path);
  } finally {
    await handle?.close();
  }
}

/** Reads a `.npy` file (or stdin), streamed within the input limits. */
export async function readNpy<F extends boolean = false>(
  path: string,
  options: DecodeOptions & { float32?: F } = {},
): Promise<NumericArray<F extends true ? Float32Array : Float64Array> & { digest: FileDigest }> {
  const size = await plainFileSize(path);
  const decoder = new NpyDecoder(path, { ...options, length: size === null ? null : { bytes: size, source: 'file' } });
  const stored = storedDigest();
  for await (const chunk of rawChunks(path, path, process.stdin, stored.onStored)) decoder.push(chunk);
  const array = decoder.finish() as NumericArray<F extends true ? Float32Array : Float64Array>;
  return { ...array, digest: stored.digest() };
}
