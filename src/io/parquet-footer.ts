/**
 * A Parquet footer (a Thrift compact `FileMetaData`) read a row group at a time. hyparquet turns a
 * whole footer into objects at once: 200,000 one-row groups (a 54 MB footer) took 17 s and
 * 1.3 GB before a row was read. Here one pass over the bytes finds each row group and the few
 * numbers the checks need (parquet-layout.ts); hyparquet then parses, for the group being read,
 * a footer of the schema and that group alone, so memory holds one group's objects at a time.
 */
import { parquetMetadata, type FileMetaData } from 'hyparquet';

/** A bounded reader of Thrift compact bytes: reading past the end or nesting too deeply throws a RangeError. */
export class ThriftReader {
  constructor(
    readonly bytes: Uint8Array,
    public offset: number,
    private readonly end = bytes.length,
  ) {}

  byte(): number {
    if (this.offset >= this.end) throw new RangeError('Thrift data runs past its end');
    return this.bytes[this.offset++];
  }

  /** An unsigned varint as a number (past 2^53 it is approximate, which every check refuses anyway). */
  varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const byte = this.byte();
      result += (byte & 0x7f) * scale;
      if (!(byte & 0x80)) return result;
      scale *= 128;
    }
    throw new RangeError('Thrift data has an overlong number');
  }

  zigzag(): number {
    const raw = this.varint();
    return raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
  }

  skipBytes(count: number): void {
    if (count < 0 || this.offset + count > this.end) throw new RangeError('Thrift data runs past its end');
    this.offset += count;
  }

  /** The next field's [id, type] of a struct (previous: the last id), or null at its end. */
  field(previous: number): [number, number] | null {
    const header = this.byte();
    const type = header & 0x0f;
    if (type === 0) return null;
    return [header >> 4 ? previous + (header >> 4) : this.zigzag(), type];
  }

  /** A list header: [element type, size]. */
  list(): [number, number] {
    const header = this.byte();
    return [header & 0x0f, header >> 4 === 15 ? this.varint() : header >> 4];
  }

  /** Skips a value of a Thrift compact type. */
  skip(type: number, depth = 0): void {
    if (depth > 32) throw new RangeError('Thrift data nests too deeply');
    switch (type) {
      case 1:
      case 2:
        return;
      case 3:
        this.skipBytes(1);
        return;
      case 4:
      case 5:
      case 6:
        this.varint();
        return;
      case 7:
        this.skipBytes(8);
        return;
      case 8:
        this.skipBytes(this.varint());
        return;
      case 9:
      case 10: {
        const [element, size] = this.list();
        for (let i = 0; i < size; i++) this.skip(element === 1 || element === 2 ? 3 : element, depth + 1);
        return;
      }
      case 12: {
        let id = 0;
        for (let next = this.field(id); next; next = this.field(id)) {
          id = next[0];
          this.skip(next[1], depth + 1);
        }
        return;
      }
      default:
        throw new RangeError(`Thrift type ${type} is not used by Parquet`);
    }
  }
}

/** A column chunk's numbers as the footer gives them (NaN when absent). */
export interface RawChunk {
  path: string[] | null;
  /** Its physical type (0 BOOLEAN ... 7 FIXED_LEN_BYTE_ARRAY). */
  type: number;
  filePath: boolean;
  values: number;
  uncompressed: number;
  compressed: number;
  dataOffset: number;
  dictionaryOffset: number;
}

export interface RawGroup {
  rows: number;
  chunks: RawChunk[];
}

const decoder = new TextDecoder();

/** The footer's top-level fields and where each row group's struct lies in it. */
export class ParquetFooter {
  /** [start, end) of each row group's struct in `bytes`. */
  readonly groupRanges: number[] = [];
  readonly numRows: number;
  /** The footer without its row groups, as hyparquet reads it: schema, key-value metadata, ... */
  readonly base: FileMetaData;
  /** The schema field (its header and value), which every group's footer repeats. */
  private readonly schemaField: Uint8Array;

  /** Throws a RangeError or hyparquet's Error when the footer is not Thrift or lacks a schema. */
  constructor(
    readonly bytes: Uint8Array,
    readonly metadataLength: number,
  ) {
    const reader = new ThriftReader(bytes, 0);
    const kept: Uint8Array[] = [];
    let schemaField: Uint8Array | null = null;
    let numRows = NaN;
    let hasGroups = false;
    let id = 0;
    for (let next = reader.field(id); next; next = reader.field(id)) {
      const [field, type] = next;
      id = field;
      const start = reader.offset;
      if (field === 4 && type === 9) {
        hasGroups = true;
        const [element, size] = reader.list();
        if (element !== 12) throw new RangeError('the row groups are not structs');
        for (let i = 0; i < size; i++) {
          const at = reader.offset;
          reader.skip(12);
          this.groupRanges.push(at, reader.offset);
        }
        continue;
      }
      if (field === 3 && (type === 5 || type === 6)) numRows = reader.zigzag();
      else reader.skip(type);
      kept.push(fieldHeader(field, type), bytes.subarray(start, reader.offset));
      if (field === 2) {
        checkSchema(new ThriftReader(bytes, start, reader.offset), type);
        schemaField = concat(kept.slice(-2));
      }
    }
    if (!hasGroups) throw new RangeError('the footer has no list of row groups');
    this.numRows = numRows;
    // The footer less its row groups (an empty list in their place) gives the schema and the rest once.
    this.base = parseFooter([...kept, fieldHeader(4, 9), Uint8Array.of(0x0c)], true);
    if (!schemaField) throw new RangeError('the footer has no schema');
    this.schemaField = schemaField;
  }

  get groupCount(): number {
    return this.groupRanges.length / 2;
  }

  /** The numbers of row group `index` the checks need, from its bytes. */
  rawGroup(index: number): RawGroup {
    const reader = new ThriftReader(this.bytes, this.groupRanges[2 * index], this.groupRanges[2 * index + 1]);
    const group: RawGroup = { rows: NaN, chunks: [] };
    let id = 0;
    for (let next = reader.field(id); next; next = reader.field(id)) {
      const [field, type] = next;
      id = field;
      if (field === 3 && type === 6) group.rows = reader.zigzag();
      else if (field === 1 && type === 9) {
        const [element, size] = reader.list();
        if (element !== 12) throw new RangeError('column chunks are not structs');
        for (let i = 0; i < size; i++) group.chunks.push(readChunk(reader));
      } else reader.skip(type);
    }
    return group;
  }

  /**
   * Row group `index` as hyparquet reads it: the base footer with this group alone, and of the
   * group only what decoding needs (statistics, indexes and the like are left out: parsing them
   * was most of the time of reading many small groups).
   */
  groupMetadata(index: number): FileMetaData {
    const start = this.groupRanges[2 * index];
    const end = this.groupRanges[2 * index + 1];
    // The kept fields' ids are at most 11: a long-form header takes 2 bytes where the shortest takes 1.
    const out = new ByteWriter(this.schemaField.length + 2 * (end - start) + 16);
    out.bytes(this.schemaField);
    out.header(4, 9);
    out.byte(0x1c);
    copyFields(new ThriftReader(this.bytes, start, end), GROUP_FIELDS, out, 0);
    const parsed = parseFooter([out.result()], false);
    const rowGroup = parsed.row_groups[0];
    return { ...this.base, num_rows: rowGroup.num_rows, row_groups: [rowGroup], metadata_length: this.metadataLength };
  }
}

class ByteWriter {
  private readonly buffer: Uint8Array;
  private at = 0;
  constructor(capacity: number) {
    this.buffer = new Uint8Array(capacity);
  }
  byte(value: number): void {
    this.buffer[this.at++] = value;
  }
  bytes(value: Uint8Array): void {
    this.buffer.set(value, this.at);
    this.at += value.length;
  }
  /** A field header in long form (delta 0): the type, then the id as a zigzag varint. */
  header(id: number, type: number): void {
    this.byte(type);
    let rest = id >= 0 ? id * 2 : -id * 2 - 1;
    while (rest >= 128) {
      this.byte((rest % 128) | 0x80);
      rest = Math.floor(rest / 128);
    }
    this.byte(rest);
  }
  result(): Uint8Array {
    return this.buffer.subarray(0, this.at);
  }
}

/** Fields kept, by id: `true` as they are, or a struct (or list of structs) with the fields kept of it. */
interface KeptFields {
  [id: number]: true | KeptFields;
}
/** ColumnMetaData: type, encodings, path, codec, value count, sizes, page offsets. */
const COLUMN_META_FIELDS: KeptFields = { 1: true, 2: true, 3: true, 4: true, 5: true, 6: true, 7: true, 9: true, 10: true, 11: true };
/** RowGroup: its column chunks (file path and metadata) and row count. */
const GROUP_FIELDS: KeptFields = { 1: { 1: true, 3: COLUMN_META_FIELDS }, 3: true };

/** Copies the fields of the struct at the reader that `kept` names (headers in long form), then its STOP. */
function copyFields(reader: ThriftReader, kept: KeptFields, out: ByteWriter, depth: number): void {
  let id = 0;
  for (let next = reader.field(id); next; next = reader.field(id)) {
    const [field, type] = next;
    id = field;
    const keep = kept[field];
    const start = reader.offset;
    if (keep === true) {
      reader.skip(type);
      out.header(field, type);
      out.bytes(reader.bytes.subarray(start, reader.offset));
    } else if (keep && type === 12 && depth < 4) {
      out.header(field, type);
      copyFields(reader, keep, out, depth + 1);
    } else if (keep && type === 9 && depth < 4) {
      const [element, size] = reader.list();
      if (element !== 12) throw new RangeError(`field ${field} is not a list of structs`);
      out.header(field, type);
      out.bytes(reader.bytes.subarray(start, reader.offset));
      for (let i = 0; i < size; i++) copyFields(reader, keep, out, depth + 1);
    } else reader.skip(type);
  }
  out.byte(0);
}

/**
 * The schema's elements must not say a negative number of children: hyparquet steps back by
 * that number when it looks for GeoParquet columns, and loops forever.
 */
function checkSchema(reader: ThriftReader, type: number): void {
  if (type !== 9) throw new RangeError('the schema is not a list');
  const [element, size] = reader.list();
  if (element !== 12) throw new RangeError('the schema elements are not structs');
  for (let i = 0; i < size; i++) {
    let id = 0;
    for (let next = reader.field(id); next; next = reader.field(id)) {
      const [field, kind] = next;
      id = field;
      if (field === 5 && kind === 5) {
        const children = reader.zigzag();
        if (!(children >= 0 && children < size)) throw new RangeError(`schema element ${i} says it has ${children} children`);
      } else reader.skip(kind);
    }
  }
}

function readChunk(reader: ThriftReader): RawChunk {
  const chunk: RawChunk = { path: null, type: NaN, filePath: false, values: NaN, uncompressed: NaN, compressed: NaN, dataOffset: NaN, dictionaryOffset: NaN };
  let id = 0;
  for (let next = reader.field(id); next; next = reader.field(id)) {
    const [field, type] = next;
    id = field;
    if (field === 1 && type === 8) {
      chunk.filePath = true;
      reader.skip(type);
    } else if (field === 3 && type === 12) {
      let metaId = 0;
      for (let meta = reader.field(metaId); meta; meta = reader.field(metaId)) {
        const [key, kind] = meta;
        metaId = key;
        if (key === 3 && kind === 9) {
          const [element, size] = reader.list();
          if (element !== 8) throw new RangeError('a column path is not a list of names');
          chunk.path = [];
          for (let i = 0; i < size; i++) {
            const length = reader.varint();
            const at = reader.offset;
            reader.skipBytes(length);
            chunk.path.push(decoder.decode(reader.bytes.subarray(at, at + length)));
          }
        } else if (key === 1 && kind === 5) chunk.type = reader.zigzag();
        else if (kind === 6 && (key === 5 || key === 6 || key === 7 || key === 9 || key === 11)) {
          const value = reader.zigzag();
          if (key === 5) chunk.values = value;
          else if (key === 6) chunk.uncompressed = value;
          else if (key === 7) chunk.compressed = value;
          else if (key === 9) chunk.dataOffset = value;
          else chunk.dictionaryOffset = value;
        } else reader.skip(kind);
      }
    } else reader.skip(type);
  }
  return chunk;
}

/** The long form of a field header: the type, then the field id as a zigzag varint. */
function fieldHeader(id: number, type: number): Uint8Array {
  const out = [type];
  let rest = id >= 0 ? id * 2 : -id * 2 - 1;
  do {
    out.push((rest % 128) | (rest >= 128 ? 0x80 : 0));
    rest = Math.floor(rest / 128);
  } while (rest > 0);
  return Uint8Array.from(out);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** hyparquet's reading of a footer made of these field parts (then STOP, its length and PAR1). */
function parseFooter(parts: Uint8Array[], geoparquet: boolean): FileMetaData {
  const body = concat([...parts, Uint8Array.of(0)]);
  const file = new Uint8Array(body.length + 8);
  file.set(body);
  new DataView(file.buffer).setUint32(body.length, body.length, true);
  file.set([0x50, 0x41, 0x52, 0x31], body.length + 4);
  return parquetMetadata(file, { geoparquet });
}
