// Edits the counts, lengths and offsets of valid Parquet and Arrow IPC files, as a hostile or
// unlucky user would by editing a header or footer, without any Parquet or Arrow library (so the
// edits do not depend on the readers under test):
//   Parquet: every integer of the footer (a Thrift compact struct: num_rows, row-group and
//   column-chunk sizes, value counts, page offsets, list sizes), re-encoded and spliced in (the
//   footer length is updated), and the integers of each column chunk's first page header,
//   re-encoded in place at the same width;
//   Arrow IPC: every length, null count, buffer offset and buffer length of each record batch,
//   the metadata and body lengths of the messages, the footer's length and its blocks' offsets
//   and body lengths, written in place; and where each flatbuffer lies, for random bytes.
// `node test/reference/columnar_mutations.mjs DIR` writes the named cases of issue 28 to DIR.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// ---- Thrift compact protocol --------------------------------------------------------------

function readVarint(bytes, at) {
  let value = 0n;
  let shift = 0n;
  for (let i = at; i < bytes.length; i++) {
    value |= BigInt(bytes[i] & 0x7f) << shift;
    if (!(bytes[i] & 0x80)) return { value, end: i + 1 };
    shift += 7n;
  }
  throw new Error('varint runs past the end');
}

/** The unsigned LEB128 bytes of value, padded with continuation bytes to at least width bytes. */
export function encodeVarint(value, width = 0) {
  const out = [];
  let rest = BigInt.asUintN(64, BigInt(value));
  do {
    out.push(Number(rest & 0x7fn));
    rest >>= 7n;
  } while (rest > 0n);
  while (out.length < width) out.push(0);
  for (let i = 0; i < out.length - 1; i++) out[i] |= 0x80;
  return Uint8Array.from(out);
}

const zigzag = (value) => {
  const v = BigInt.asIntN(64, BigInt(value));
  return BigInt.asUintN(64, (v << 1n) ^ (v >> 63n));
};
const unzigzag = (value) => (value >> 1n) ^ -(value & 1n);

/**
 * The integers of the Thrift compact struct at bytes[start]: each with its path (`4.0.3` is field
 * 3 of element 0 of field 4), its position and width, and whether it is zigzag-coded (i16, i32,
 * i64) or a plain size (a list or binary length). Returns the slots and where the struct ends.
 */
export function thriftIntegers(bytes, start) {
  const slots = [];
  const readStruct = (at, path) => {
    let field = 0;
    for (;;) {
      const byte = bytes[at++];
      if (byte === undefined) throw new Error('struct runs past the end');
      const type = byte & 0x0f;
      if (type === 0) return at;
      if (byte >> 4) field += byte >> 4;
      else {
        const id = readVarint(bytes, at);
        field = Number(unzigzag(id.value));
        at = id.end;
      }
      at = readValue(at, type, path ? `${path}.${field}` : `${field}`);
    }
  };
  const readValue = (at, type, path) => {
    switch (type) {
      case 1:
      case 2:
        return at;
      case 3:
        return at + 1;
      case 4:
      case 5:
      case 6: {
        const { value, end } = readVarint(bytes, at);
        slots.push({ path, offset: at, width: end - at, zigzag: true, value: unzigzag(value) });
        return end;
      }
      case 7:
        return at + 8;
      case 8: {
        const { value, end } = readVarint(bytes, at);
        slots.push({ path: `${path}#length`, offset: at, width: end - at, zigzag: false, value });
        return end + Number(value);
      }
      case 9:
      case 10: {
        const header = bytes[at++];
        let size = BigInt(header >> 4);
        const element = header & 0x0f;
        if (size === 15n) {
          const read = readVarint(bytes, at);
          slots.push({ path: `${path}#size`, offset: at, width: read.end - at, zigzag: false, value: read.value });
          size = read.value;
          at = read.end;
        }
        for (let i = 0; i < Number(size); i++) at = element === 1 || element === 2 ? at + 1 : readValue(at, element, `${path}.${i}`);
        return at;
      }
      case 12:
        return readStruct(at, path);
      default:
        throw new Error(`Thrift type ${type} is not used by Parquet`);
    }
  };
  const end = readStruct(start, '');
  return { slots, end };
}

// ---- Parquet --------------------------------------------------------------------------------

/** The footer of a Parquet file: where it starts and its integers. */
export function parquetFooter(file) {
  const view = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  const length = view.readUInt32LE(file.length - 8);
  const start = file.length - 8 - length;
  return { start, length, slots: thriftIntegers(file, start).slots };
}

/** A copy of the Parquet file with the footer integer at path set to value (re-encoded, spliced in). */
export function setParquetFooter(file, path, value) {
  const footer = parquetFooter(file);
  const slot = footer.slots.find((s) => s.path === path);
  if (!slot) throw new Error(`no footer integer ${path}`);
  const encoded = encodeVarint(slot.zigzag ? zigzag(value) : BigInt(value));
  const out = Buffer.concat([file.subarray(0, slot.offset), encoded, file.subarray(slot.offset + slot.width)]);
  out.writeUInt32LE(footer.length + encoded.length - slot.width, out.length - 8);
  return out;
}

/** The integers of the first page header of each column chunk (paths `page<g>.<c>.<field>`). */
export function parquetPageHeaders(file) {
  const slots = [];
  for (const slot of parquetFooter(file).slots) {
    // 4.<group>.1.<column>.3.9: a column chunk's data_page_offset; 3.11 its dictionary_page_offset.
    const match = /^4\.(\d+)\.1\.(\d+)\.3\.(9|11)$/.exec(slot.path);
    if (!match || slot.value <= 0n || slot.value >= BigInt(file.length)) continue;
    try {
      for (const s of thriftIntegers(file, Number(slot.value)).slots) slots.push({ ...s, path: `page${match[1]}.${match[2]}.${match[3]}.${s.path}` });
    } catch {
      // not a page header: leave it
    }
  }
  return slots;
}

/** A copy of the file with the page-header integer slot set to value, at its width (clamped to what fits). */
export function setInPlace(file, slot, value) {
  const out = Buffer.from(file);
  let raw = slot.zigzag ? zigzag(value) : BigInt.asUintN(64, BigInt(value));
  const max = (1n << BigInt(7 * slot.width)) - 1n;
  if (raw > max) raw = max;
  out.set(encodeVarint(raw, slot.width), slot.offset);
  return out;
}

// ---- Arrow IPC --------------------------------------------------------------------------------

/**
 * The integers of an Arrow IPC file or stream that say how much there is: per message, its
 * metadata length (32 bits) and body length; per record batch, its length, each field node's
 * length and null count, each buffer's offset and length (64 bits); for a file, the footer's
 * length and each footer block's offset and body length. Also where each flatbuffer lies
 * (`ranges`: each message's metadata and the footer), for edits of random bytes.
 */
export function arrowLayout(file) {
  const view = Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  const slots = [];
  const ranges = [];
  const isFile = view.subarray(0, 6).toString('latin1') === 'ARROW1';
  let at = isFile ? 8 : 0;
  // A flatbuffer table: the position of field i, or -1 when absent.
  const field = (table, i) => {
    const vtable = table - view.readInt32LE(table);
    const size = view.readUInt16LE(vtable);
    const slot = 4 + 2 * i;
    return slot < size && view.readUInt16LE(vtable + slot) ? table + view.readUInt16LE(vtable + slot) : -1;
  };
  const vector = (position) => {
    const start = position + view.readUInt32LE(position);
    return { count: view.readUInt32LE(start), first: start + 4 };
  };
  let message = 0;
  while (at + 8 <= view.length) {
    if (view.readUInt32LE(at) !== 0xffffffff) break;
    const length = view.readInt32LE(at + 4);
    if (length <= 0) break;
    const meta = at + 8;
    slots.push({ path: `message${message}.metadataLength`, offset: at + 4, width: 4 });
    ranges.push({ start: meta, end: meta + length });
    const root = meta + view.readUInt32LE(meta);
    const headerType = field(root, 1) >= 0 ? view.readUInt8(field(root, 1)) : 0;
    const bodyAt = field(root, 3);
    const body = bodyAt >= 0 ? Number(view.readBigInt64LE(bodyAt)) : 0;
    if (bodyAt >= 0) slots.push({ path: `message${message}.bodyLength`, offset: bodyAt });
    if (headerType === 3 && field(root, 2) >= 0) {
      const headerPos = field(root, 2);
      const batch = headerPos + view.readUInt32LE(headerPos);
      if (field(batch, 0) >= 0) slots.push({ path: `message${message}.length`, offset: field(batch, 0) });
      if (field(batch, 1) >= 0) {
        const nodes = vector(field(batch, 1));
        for (let i = 0; i < nodes.count; i++) {
          slots.push({ path: `message${message}.node${i}.length`, offset: nodes.first + 16 * i });
          slots.push({ path: `message${message}.node${i}.nullCount`, offset: nodes.first + 16 * i + 8 });
        }
      }
      if (field(batch, 2) >= 0) {
        const buffers = vector(field(batch, 2));
        for (let i = 0; i < buffers.count; i++) {
          slots.push({ path: `message${message}.buffer${i}.offset`, offset: buffers.first + 16 * i });
          slots.push({ path: `message${message}.buffer${i}.length`, offset: buffers.first + 16 * i + 8 });
        }
      }
    }
    at = meta + length + body;
    message++;
  }
  if (isFile && view.length >= 16) {
    const footerLength = view.readInt32LE(view.length - 10);
    const footer = view.length - 10 - footerLength;
    slots.push({ path: 'footerLength', offset: view.length - 10, width: 4 });
    ranges.push({ start: footer, end: view.length - 10 });
    if (footer > 8) {
      const root = footer + view.readUInt32LE(footer);
      // Footer: 0 version, 1 schema, 2 dictionaries, 3 recordBatches; a Block is {offset: i64, metaDataLength: i32, bodyLength: i64} (24 bytes).
      const batches = field(root, 3);
      if (batches >= 0) {
        const blocks = vector(batches);
        for (let i = 0; i < blocks.count; i++) {
          slots.push({ path: `block${i}.offset`, offset: blocks.first + 24 * i });
          slots.push({ path: `block${i}.bodyLength`, offset: blocks.first + 24 * i + 16 });
        }
      }
    }
  }
  return {
    slots: slots.map((slot) => ({ width: 8, ...slot, value: slot.width === 4 ? BigInt(view.readInt32LE(slot.offset)) : view.readBigInt64LE(slot.offset) })),
    ranges,
  };
}

/** The integer slots of arrowLayout. */
export const arrowIntegers = (file) => arrowLayout(file).slots;

/** A copy of the Arrow file with the integer at path set to value (wrapped to its width). */
export function setArrow(file, path, value) {
  const slot = arrowIntegers(file).find((s) => s.path === path);
  if (!slot) throw new Error(`no Arrow integer ${path}`);
  const out = Buffer.from(file);
  if (slot.width === 4) out.writeInt32LE(Number(BigInt.asIntN(32, BigInt(value))), slot.offset);
  else out.writeBigInt64LE(BigInt.asIntN(64, BigInt(value)), slot.offset);
  return out;
}

/** A copy of the file with `bytes` written at `offset` (random bytes in a header or footer). */
export function overwrite(file, offset, bytes) {
  const out = Buffer.from(file);
  out.set(bytes, offset);
  return out;
}

// ---- The cases of issue 28 ----------------------------------------------------------------------

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The named hostile files: name -> bytes. */
export function namedCases() {
  const typed = readFileSync(join(root, 'fixtures/parquet/data-zstd.parquet'));
  const rows = (value) => setParquetFooter(setParquetFooter(typed, '3', value), '4.0.3', value);
  const arrow = readFileSync(join(root, 'fixtures/arrow/preds.arrow'));
  let huge = arrow;
  for (const slot of arrowIntegers(arrow)) if (/^message\d+\.(length|node\d+\.length)$/.test(slot.path)) huge = setArrow(huge, slot.path, 1e9);
  return {
    'rows-1e9.parquet': rows(1e9),
    'rows-5e8.parquet': rows(5e8),
    'rows-2p60.parquet': rows(2n ** 60n),
    'rows-minus5.parquet': rows(-5),
    'group-rows-1e9.parquet': setParquetFooter(typed, '4.0.3', 1e9),
    'lengths-1e9.arrow': huge,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = process.argv[2];
  if (!out) throw new Error('usage: node test/reference/columnar_mutations.mjs DIR');
  mkdirSync(out, { recursive: true });
  for (const [name, bytes] of Object.entries(namedCases())) writeFileSync(join(out, name), bytes);
  console.log(`wrote ${Object.keys(namedCases()).join(', ')} to ${out}`);
}
