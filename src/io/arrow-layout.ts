/**
 * Checks what an Arrow IPC record batch (or dictionary batch) declares against what its body
 * holds, before apache-arrow builds vectors from it: apache-arrow takes lengths as given and pads
 * a short column with a null bitmap as long as the longest, so a 15 KB file whose batch and field
 * lengths say a billion would otherwise fill gigabytes.
 *
 * Checked, field node by field node in the schema's order (the order apache-arrow's VectorLoader
 * reads them in): every length a count, null counts within their lengths, every buffer inside the
 * message body and large enough for its node's length (validity bits, fixed-width values,
 * offsets), each top-level column exactly as long as the batch, struct and fixed-size-list
 * children long enough for their parent; and, over the file, that the cells declared stay within
 * `maxCompressionRatio` of the file's size past 64 MiB (all-null columns need no bytes at all).
 * After a batch is built, checkValues checks what the body says: offsets rise and stay within
 * their values, dictionary indices point into their dictionary.
 */
import { DataType, IntervalUnit, type Data, type Field } from 'apache-arrow';
import { InputError } from '../errors.js';
import { formatBytes } from './source.js';

const RATIO_FLOOR_BYTES = 64 * 1024 ** 2;
const BYTES_PER_CELL = 8;

/** A type's child fields (apache-arrow's declarations leave their types `any`). */
const childFields = (type: DataType): Field<DataType>[] => type.children as Field<DataType>[];

interface FieldNode {
  length: number;
  nullCount: number;
}
interface BufferRegion {
  offset: number;
  length: number;
}
/** A record batch's metadata (arrow-ipc.ts reads it as apache-arrow will). */
export interface BatchHeader {
  length: number;
  nodes: FieldNode[];
  buffers: BufferRegion[];
}

export interface ArrowLimits {
  maxCompressionRatio: number;
}

/** Checks batch after batch of one file; `cells` adds up what they declare. */
export class ArrowLayoutCheck {
  private cells = 0;
  private label = 'batch';
  /** Dictionaries are shared by the batches that use them: each is checked once. */
  private readonly checked = new WeakSet<Data>();

  constructor(
    private readonly path: string,
    private readonly fileBytes: number,
    private readonly limits: ArrowLimits,
  ) {}

  private refuse(what: string): InputError {
    return new InputError(`not a readable Arrow IPC file or stream: ${this.label}: ${what}`, this.path);
  }

  /** Checks one record batch (types: the schema's fields) or dictionary batch (its value type). */
  check(header: BatchHeader, bodyLength: number, types: (Field<DataType> | DataType | undefined)[], metadataVersion: number, label: string): void {
    this.label = label;
    const length = header.length;
    if (!Number.isSafeInteger(length) || length < 0) throw this.refuse(`its length is ${length}, not a count`);
    const nodes = header.nodes;
    const buffers = header.buffers;
    let node = 0;
    let buffer = 0;
    // Buffers lie in order, each 8-byte aligned (as the IPC format asks and Arrow C++ requires).
    let bodyUsed = 0;
    const nextNode = (): FieldNode => {
      const next = nodes[node++];
      if (!next) throw this.refuse(`it has ${nodes.length} field nodes, fewer than its schema needs`);
      if (!Number.isSafeInteger(next.length) || next.length < 0) throw this.refuse(`field node ${node - 1} says length ${next.length}`);
      // -1 is "not counted" (apache-arrow writes it for sliced batches, and then reads no validity bits).
      if (!Number.isSafeInteger(next.nullCount) || next.nullCount < -1 || next.nullCount > next.length)
        throw this.refuse(`field node ${node - 1} says ${next.nullCount} nulls in ${next.length} values`);
      return next;
    };
    /** The next buffer, which must lie in the body and hold at least `need` bytes. */
    const nextBuffer = (need: number, what: string): void => {
      const region = buffers[buffer++];
      if (!region) throw this.refuse(`it has ${buffers.length} buffers, fewer than its schema needs`);
      const { offset, length: size } = region;
      if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(size) || offset < 0 || size < 0 || offset + size > bodyLength) {
        throw this.refuse(`buffer ${buffer - 1} is said to lie at bytes ${offset}-${offset + size}, outside its ${bodyLength}-byte body`);
      }
      if (size < need) throw this.refuse(`buffer ${buffer - 1} (${what}) has ${size} bytes, too few for the ${need} its length needs`);
      if (size > 0) {
        if (offset % 8 !== 0 || offset < bodyUsed)
          throw this.refuse(
            `buffer ${buffer - 1} (${what}) starts at byte ${offset} of the body, ${offset % 8 !== 0 ? 'not a multiple of 8' : `inside the buffer before it (which ends at ${bodyUsed})`}`,
          );
        bodyUsed = offset + size;
      }
    };
    const bits = (n: number) => Math.ceil(n / 8);
    const visit = (type: DataType, label: string): number => {
      const { length: n, nullCount } = nextNode();
      if (DataType.isNull(type)) return n;
      if (DataType.isUnion(type)) {
        // Before format version 5 a union had a validity buffer; type ids, offsets when dense, then its members.
        if (metadataVersion < 4) nextBuffer(nullCount > 0 ? bits(n) : 0, `${label} validity`);
        nextBuffer(n, `${label} type ids`);
        if (DataType.isDenseUnion(type)) nextBuffer(4 * n, `${label} offsets`);
        for (const [i, child] of childFields(type).entries()) {
          const members = visit(child.type, `${label}.${child.name ?? i}`);
          if (DataType.isSparseUnion(type) && members < n) throw this.refuse(`${label}: its member ${JSON.stringify(child.name)} is shorter than the union`);
        }
        return n;
      }
      nextBuffer(nullCount > 0 ? bits(n) : 0, `${label} validity`);
      if (DataType.isBool(type)) nextBuffer(bits(n), `${label} values`);
      else if (DataType.isUtf8(type) || DataType.isBinary(type)) {
        nextBuffer(n > 0 ? 4 * (n + 1) : 0, `${label} offsets`);
        nextBuffer(0, `${label} values`);
      } else if (DataType.isLargeUtf8(type) || DataType.isLargeBinary(type)) {
        nextBuffer(n > 0 ? 8 * (n + 1) : 0, `${label} offsets`);
        nextBuffer(0, `${label} values`);
      } else if (DataType.isList(type) || DataType.isMap(type)) {
        nextBuffer(n > 0 ? 4 * (n + 1) : 0, `${label} offsets`);
        visit(childFields(type)[0].type, `${label}[]`);
      } else if (DataType.isFixedSizeList(type)) {
        if (visit(childFields(type)[0].type, `${label}[]`) < n * type.listSize)
          throw this.refuse(`${label}: its values are fewer than ${n} lists of ${type.listSize}`);
      } else if (DataType.isStruct(type)) {
        for (const [i, child] of childFields(type).entries()) {
          if (visit(child.type, `${label}.${child.name ?? i}`) < n)
            throw this.refuse(`${label}: its field ${JSON.stringify(child.name)} is shorter than the struct`);
        }
      } else if (DataType.isDictionary(type)) {
        nextBuffer(n * type.indices.ArrayType.BYTES_PER_ELEMENT, `${label} indices`);
      } else {
        const width = fixedWidth(type);
        // Every concrete apache-arrow type names itself (e.g. "Float16"), though the abstract base declares no toString().
        if (width === null)
          throw this.refuse(`${label} has the type ${(type as DataType & { toString(): string }).toString()}, which this reader cannot check`);
        nextBuffer(n * width, `${label} values`);
      }
      return n;
    };
    let columns = 0;
    for (const [i, entry] of types.entries()) {
      const type = entry && 'type' in entry ? entry.type : entry;
      const name = entry && 'name' in entry ? entry.name : `dictionary`;
      if (!(type instanceof DataType)) throw this.refuse('it refers to a dictionary the schema does not declare');
      const n = visit(type, JSON.stringify(name ?? String(i)));
      if (n !== length) throw this.refuse(`column ${JSON.stringify(name)} has ${n} values, the batch says ${length} rows`);
      columns++;
    }
    this.cells += length * Math.max(columns, 1);
    const bytes = this.cells * BYTES_PER_CELL;
    if (bytes > RATIO_FLOOR_BYTES && bytes / Math.max(this.fileBytes, 1) > this.limits.maxCompressionRatio) {
      throw this.refuse(
        `the batches declare ${this.cells} cells in ${formatBytes(this.fileBytes)} (over ${formatBytes(bytes)} decoded: more than ${this.limits.maxCompressionRatio}:1, as a decompression bomb does; raise maxCompressionRatio in the config to read it)`,
      );
    }
  }

  /** What apache-arrow reads from the bodies of a built batch (record batch `index`): offsets and dictionary indices in range. */
  checkColumns(columns: readonly Data[], names: readonly string[], index: number): void {
    this.label = `record batch ${index}`;
    columns.forEach((column, c) => this.checkValues(column, JSON.stringify(names[c] ?? String(c))));
  }

  private checkValues(data: Data, label: string): void {
    const { type, offset, length } = data;
    // apache-arrow's declarations leave a batch's buffers and dictionary `any`: offsets are 32- or 64-bit integers.
    const valueOffsets = data.valueOffsets as ArrayLike<number | bigint> | undefined;
    if (DataType.isUtf8(type) || DataType.isBinary(type) || DataType.isLargeUtf8(type) || DataType.isLargeBinary(type)) {
      this.checkOffsets(valueOffsets, offset, length, (data.values as ArrayLike<unknown> | undefined)?.length ?? 0, label);
    } else if (DataType.isList(type) || DataType.isMap(type)) {
      this.checkOffsets(valueOffsets, offset, length, data.children[0]?.length ?? 0, label);
    } else if (DataType.isDictionary(type)) {
      for (const chunk of (data.dictionary?.data as Data[] | undefined) ?? []) {
        if (this.checked.has(chunk)) continue;
        this.checkValues(chunk, `${label} dictionary`);
        this.checked.add(chunk);
      }
      const size = data.dictionary?.length ?? 0;
      const indices = data.values as ArrayLike<number | bigint>;
      for (let i = offset; i < offset + length; i++) {
        if (data.getValid(i - offset) && !(Number(indices[i]) >= 0 && Number(indices[i]) < size))
          throw this.refuse(`${label}: dictionary index ${indices[i]} of row ${i - offset} is outside its ${size}-value dictionary`);
      }
    }
    for (const [i, child] of data.children.entries()) this.checkValues(child, `${label}.${type.children?.[i]?.name ?? i}`);
  }

  private checkOffsets(offsets: ArrayLike<number | bigint> | undefined, offset: number, length: number, limit: number, label: string): void {
    if (length === 0) return;
    if (!offsets) throw this.refuse(`${label} has no offsets`);
    let previous = Number(offsets[offset]);
    if (!(previous >= 0)) throw this.refuse(`${label}: its first offset is ${offsets[offset]}`);
    for (let i = offset + 1; i <= offset + length; i++) {
      const next = Number(offsets[i]);
      if (!(next >= previous && next <= limit))
        throw this.refuse(`${label}: offset ${i} is ${offsets[i]}, not between ${previous} and the ${limit} values it indexes`);
      previous = next;
    }
  }
}

/** Bytes per value of a fixed-width type, or null for a type not listed. */
function fixedWidth(type: DataType): number | null {
  if (
    DataType.isInt(type) ||
    DataType.isFloat(type) ||
    DataType.isDate(type) ||
    DataType.isTime(type) ||
    DataType.isTimestamp(type) ||
    DataType.isDuration(type)
  ) {
    return (type.ArrayType as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
  }
  if (DataType.isDecimal(type)) return type.bitWidth / 8;
  if (DataType.isFixedSizeBinary(type)) return type.byteWidth;
  if (DataType.isInterval(type))
    return (type.ArrayType as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT * (type.unit === IntervalUnit.MONTH_DAY_NANO ? 4 : 1 + type.unit);
  return null;
}
