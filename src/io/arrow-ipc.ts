/**
 * The messages of an Arrow IPC file or stream, read and verified before apache-arrow decodes
 * any of them. apache-arrow reads flatbuffers without bounds: a vector said to hold 2^31 field
 * nodes is looped over, a negative metadata length reads nothing and is read again forever (a
 * file whose footer block points 9 bytes in hung), and it trusts every count. Here each message
 * the reader will decode (a stream's, in order; a file's, as its footer lists them) must be framed
 * inside the file, and its flatbuffer must be well formed: tables, vtables, strings and vectors
 * inside the buffer, nesting and size bounded. What the batches declare is then checked against
 * the schema (arrow-layout.ts).
 */
import { open } from 'node:fs/promises';
import { InputError, fileError } from '../errors.js';

/** A record or dictionary batch as its metadata declares it. */
export interface BatchMessage {
  kind: 'record' | 'dictionary';
  /** For a dictionary batch: its dictionary id. */
  id: number;
  length: number;
  nodes: { length: number; nullCount: number }[];
  buffers: { offset: number; length: number }[];
  bodyLength: number;
}

export interface IpcScan {
  format: 'file' | 'stream';
  /** The bytes of the schema's flatbuffer: a file's footer, or a stream's first message. */
  schema: Uint8Array | null;
  /** The batches apache-arrow will load, in its order; one cut short by the end of the file is left out (apache-arrow reports it). */
  batches: BatchMessage[];
}

const MAX_FIELD_DEPTH = 64;

/** A flatbuffer with bounds checks: any read outside it, or a structure too large, throws a RangeError. */
class Flat {
  private readonly view: DataView;
  private visits = 0;
  private readonly budget: number;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // Every table takes at least 4 bytes: more visits than that means shared or cyclic tables.
    this.budget = bytes.length / 4 + 16;
  }

  private check(position: number, size: number): void {
    if (!(position >= 0 && position + size <= this.bytes.length))
      throw new RangeError(`the flatbuffer points outside itself (byte ${position} of ${this.bytes.length})`);
  }

  u8(position: number): number {
    this.check(position, 1);
    return this.view.getUint8(position);
  }
  u16(position: number): number {
    this.check(position, 2);
    return this.view.getUint16(position, true);
  }
  i32(position: number): number {
    this.check(position, 4);
    return this.view.getInt32(position, true);
  }
  u32(position: number): number {
    this.check(position, 4);
    return this.view.getUint32(position, true);
  }
  i64(position: number): number {
    this.check(position, 8);
    return Number(this.view.getBigInt64(position, true));
  }

  /** The table at `position`, its vtable checked. */
  table(position: number): Table {
    if (++this.visits > this.budget) throw new RangeError('the flatbuffer has more tables than it has room for');
    const vtable = position - this.i32(position);
    const vsize = this.u16(vtable);
    const tsize = this.u16(vtable + 2);
    if (vsize < 4 || vsize % 2 !== 0) throw new RangeError(`a flatbuffer vtable has size ${vsize}`);
    this.check(vtable, vsize);
    this.check(position, Math.max(tsize, 4));
    return new Table(this, position, vtable, vsize, tsize);
  }

  root(): Table {
    return this.table(this.u32(0));
  }

  /** Where the offset at `position` points. */
  target(position: number): number {
    return position + this.u32(position);
  }

  /** A vector (or string) at the offset at `position`: [first element, count], all inside the buffer. */
  vector(position: number, elementSize: number): [number, number] {
    const start = this.target(position);
    const count = this.u32(start);
    this.check(start + 4, count * elementSize);
    return [start + 4, count];
  }
}

class Table {
  constructor(
    private readonly flat: Flat,
    private readonly position: number,
    private readonly vtable: number,
    private readonly vsize: number,
    private readonly tsize: number,
  ) {}

  /** Where field `index` lies (inside the table), or -1 when absent. */
  field(index: number, size: number): number {
    const slot = 4 + 2 * index;
    if (slot + 2 > this.vsize) return -1;
    const offset = this.flat.u16(this.vtable + slot);
    if (offset === 0) return -1;
    if (offset + size > this.tsize) throw new RangeError(`a flatbuffer field lies outside its table`);
    return this.position + offset;
  }

  u8(index: number, fallback = 0): number {
    const at = this.field(index, 1);
    return at < 0 ? fallback : this.flat.u8(at);
  }
  i64(index: number, fallback = 0): number {
    const at = this.field(index, 8);
    return at < 0 ? fallback : this.flat.i64(at);
  }
  table(index: number): Table | null {
    const at = this.field(index, 4);
    return at < 0 ? null : this.flat.table(this.flat.target(at));
  }
  /** A vector of fixed-size elements (structs, scalars; strings are vectors of bytes): [first, count]. */
  vector(index: number, elementSize: number): [number, number] {
    const at = this.field(index, 4);
    return at < 0 ? [0, 0] : this.flat.vector(at, elementSize);
  }
  tables(index: number): Table[] {
    const [first, count] = this.vector(index, 4);
    const tables: Table[] = [];
    for (let i = 0; i < count; i++) tables.push(this.flat.table(this.flat.target(first + 4 * i)));
    return tables;
  }
  /** The structs of a vector, read by `read(position)`. */
  structs<T>(index: number, size: number, read: (position: number) => T): T[] {
    const [first, count] = this.vector(index, size);
    return Array.from({ length: count }, (_, i) => read(first + size * i));
  }
  int64s(position: number): number {
    return this.flat.i64(position);
  }
}

function keyValues(table: Table, index: number): void {
  for (const pair of table.tables(index)) {
    pair.vector(0, 1);
    pair.vector(1, 1);
  }
}

/** Type ids of the flatbuffer `Type` union that hold more than scalars. */
const TIMESTAMP = 10;
const UNION = 14;

function verifyField(field: Table, depth: number): void {
  if (depth > MAX_FIELD_DEPTH) throw new RangeError(`the schema nests fields more than ${MAX_FIELD_DEPTH} deep`);
  field.vector(0, 1); // name
  const typeType = field.u8(2);
  const type = field.table(3);
  if (type && typeType === TIMESTAMP) type.vector(1, 1); // timezone
  if (type && typeType === UNION) type.vector(1, 4); // type ids
  const dictionary = field.table(4);
  dictionary?.table(1); // index type
  for (const child of field.tables(5)) verifyField(child, depth + 1);
  keyValues(field, 6);
}

function verifySchema(schema: Table): void {
  for (const field of schema.tables(1)) verifyField(field, 1);
  keyValues(schema, 2);
  schema.vector(3, 8); // features
}

function verifyRecordBatch(batch: Table): Omit<BatchMessage, 'kind' | 'id' | 'bodyLength'> {
  const length = batch.i64(0);
  const nodes = batch.structs(1, 16, (at) => ({ length: batch.int64s(at), nullCount: batch.int64s(at + 8) }));
  const buffers = batch.structs(2, 16, (at) => ({ offset: batch.int64s(at), length: batch.int64s(at + 8) }));
  batch.table(3); // compression (apache-arrow refuses it)
  batch.vector(4, 8); // variadic buffer counts
  return { length, nodes, buffers };
}

const SCHEMA = 1;
const DICTIONARY_BATCH = 2;
const RECORD_BATCH = 3;

/** Verifies one message's flatbuffer; returns its header type, body length and batch, if any. */
function verifyMessage(bytes: Uint8Array): { type: number; bodyLength: number; batch: BatchMessage | null } {
  const message = new Flat(bytes).root();
  const type = message.u8(1);
  const bodyLength = message.i64(3);
  const header = message.table(2);
  keyValues(message, 4);
  if (!header) throw new RangeError('a message has no header');
  if (type === SCHEMA) {
    verifySchema(header);
    return { type, bodyLength, batch: null };
  }
  if (type === RECORD_BATCH) return { type, bodyLength, batch: { kind: 'record', id: 0, bodyLength, ...verifyRecordBatch(header) } };
  if (type === DICTIONARY_BATCH) {
    const data = header.table(1);
    if (!data) throw new RangeError('a dictionary batch has no data');
    return { type, bodyLength, batch: { kind: 'dictionary', id: header.i64(0), bodyLength, ...verifyRecordBatch(data) } };
  }
  throw new RangeError(`a message has header type ${type}, not a schema or a batch`);
}

/** Reads and verifies the messages of an Arrow IPC file or stream, as apache-arrow will read them. */
export async function scanArrowIpc(path: string, size: number): Promise<IpcScan> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw fileError(error, path);
  }
  const read = async (position: number, length: number): Promise<Uint8Array> => {
    const bytes = new Uint8Array(Math.max(0, Math.min(length, size - position)));
    let filled = 0;
    while (filled < bytes.length) {
      const { bytesRead } = await handle.read(bytes, filled, bytes.length - filled, position + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return bytes.subarray(0, filled);
  };
  let where = 'the file';
  try {
    const head = await read(0, 8);
    const isFile = head.length >= 6 && String.fromCharCode(...head.subarray(0, 6)) === 'ARROW1';
    return isFile ? await scanFile(read, size, (w) => (where = w)) : await scanStream(read, size, (w) => (where = w));
  } catch (error) {
    if (error instanceof InputError) throw error;
    if (error instanceof RangeError) throw new InputError(`not a readable Arrow IPC file or stream: ${where}: ${error.message}`, path);
    throw fileError(error, path);
  } finally {
    await handle.close();
  }
}

type Read = (position: number, length: number) => Promise<Uint8Array>;

/**
 * What lies at `position`: a message (a continuation marker then its metadata length, or the
 * length alone, then the metadata), an end-of-stream marker (a zero length; `end` is where it
 * ends), or a cut (the file ends first: apache-arrow reports it).
 */
type Framed = { kind: 'message'; metadata: Uint8Array; end: number } | { kind: 'end'; end: number } | { kind: 'cut' };

async function messageAt(read: Read, position: number, limit: number): Promise<Framed> {
  const prefix = await read(position, 8);
  if (prefix.length < 4) return { kind: 'cut' };
  const view = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength);
  let length = view.getInt32(0, true);
  let start = position + 4;
  if (length === -1) {
    if (prefix.length < 8) return { kind: 'cut' };
    length = view.getInt32(4, true);
    start += 4;
  }
  if (length === 0) return { kind: 'end', end: start };
  if (length < 0) throw new RangeError(`the message at byte ${position} says its metadata takes ${length} bytes`);
  if (start + length > limit) return { kind: 'cut' };
  return { kind: 'message', metadata: await read(start, length), end: start + length };
}

async function scanStream(read: Read, size: number, at: (where: string) => void): Promise<IpcScan> {
  const batches: BatchMessage[] = [];
  let schema: Uint8Array | null = null;
  let position = 0;
  for (let index = 0; ; index++) {
    at(`message ${index} (byte ${position})`);
    const message = await messageAt(read, position, size);
    // An end marker must end the file: a body length that skips into the middle of the next
    // message can land on zeros, and apache-arrow would stop there without a word.
    if (message.kind === 'end' && message.end < size) throw new RangeError(`the stream ends here, ${size - message.end} bytes before the end of the file`);
    if (message.kind !== 'message') break;
    const { type, bodyLength, batch } = verifyMessage(message.metadata);
    if (index === 0 && type === SCHEMA) schema = message.metadata;
    if (!(bodyLength >= 0 && Number.isSafeInteger(bodyLength))) throw new RangeError(`its body is said to take ${bodyLength} bytes`);
    if (message.end + bodyLength > size) break;
    if (batch) batches.push(batch);
    position = message.end + bodyLength;
  }
  return { format: 'stream', schema, batches };
}

async function scanFile(read: Read, size: number, at: (where: string) => void): Promise<IpcScan> {
  at('the footer');
  // The footer: its flatbuffer, its length (int32), then the magic ARROW1 (6 bytes).
  if (size < 18) throw new RangeError('the file is too short for an Arrow IPC file');
  const lengthBytes = await read(size - 10, 4);
  const length = new DataView(lengthBytes.buffer, lengthBytes.byteOffset, 4).getInt32(0, true);
  const footerStart = size - 10 - length;
  if (!(length > 0 && footerStart >= 8)) throw new RangeError(`the footer is said to take ${length} bytes, not within the file`);
  const footerBytes = await read(footerStart, length);
  const footer = new Flat(footerBytes).root();
  const schema = footer.table(1);
  if (!schema) throw new RangeError('the footer has no schema');
  verifySchema(schema);
  keyValues(footer, 4);
  const blocks = (index: number) => footer.structs(index, 24, (position) => ({ offset: footer.int64s(position), bodyLength: footer.int64s(position + 16) }));
  const batches: BatchMessage[] = [];
  // apache-arrow reads every dictionary block when it opens the file, then the record blocks in order.
  for (const [kind, list] of [
    ['dictionary', blocks(2)],
    ['record', blocks(3)],
  ] as const) {
    for (const [index, block] of list.entries()) {
      at(`${kind} block ${index}`);
      if (!(Number.isSafeInteger(block.offset) && block.offset >= 8 && block.offset < footerStart))
        throw new RangeError(`it is said to start at byte ${block.offset}, outside the file's batches (bytes 8-${footerStart})`);
      const message = await messageAt(read, block.offset, footerStart);
      if (message.kind !== 'message') throw new RangeError(`no message lies at byte ${block.offset}`);
      const verified = verifyMessage(message.metadata);
      if (verified.batch?.kind !== kind) throw new RangeError(`the message at byte ${block.offset} is not a ${kind} batch`);
      if (!(verified.bodyLength >= 0 && Number.isSafeInteger(verified.bodyLength) && message.end + verified.bodyLength <= footerStart)) {
        throw new RangeError(`its body is said to take ${verified.bodyLength} bytes, past the file's batches`);
      }
      batches.push(verified.batch);
    }
  }
  return { format: 'file', schema: footerBytes, batches };
}
