/**
 * Parquet files (what Hugging Face datasets and most ML pipelines store), read with hyparquet and
 * the codecs of hyparquet-compressors (snappy, gzip, zstd, brotli, lz4), one row group at a time:
 * each group's rows go into the same typed columns as CSV and are dropped before the next group
 * is read. Values become what a JSON record would hold: INT64 as a number when exact (else its
 * decimal text), dates and timestamps as ISO text, binary as base64, lists and structs as JSON.
 * A Parquet row has no line: reports give its 1-based row number as the line.
 *
 * Before any row group is decoded, what the footer and the page headers declare is checked
 * against what the file holds (parquet-layout.ts), so a hostile count is an input error, not an
 * allocation. The footer is parsed a row group at a time (parquet-footer.ts), and hyparquet is
 * given a footer of the groups being read only (it plans over every group of the footer it is
 * given), consecutive small groups together: reading G groups takes time and memory linear in G.
 */
import { open, stat, type FileHandle } from 'node:fs/promises';
import { parquetRead, parquetSchema, type AsyncBuffer, type ColumnData, type FileMetaData, type SchemaTree } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { InputError, fileError } from '../errors.js';
import { formatBytes, inputSettings } from './source.js';
import { ParquetFooter } from './parquet-footer.js';
import { checkFooter, type FileLayout, type GroupLayout } from './parquet-layout.js';
import { checkPages } from './parquet-pages.js';
import type { BinaryTableFile, BinaryTableSink } from './binary-table-sink.js';

/** parquetValue with the common cases (text, numbers, booleans, nulls) taken without a call. */
export function jsonLike(value: unknown): unknown {
  const type = typeof value;
  return value === null || value === undefined || type === 'string' || type === 'number' || type === 'boolean' ? value : parquetValue(value);
}

/** A cell as the table builders take JSON values. */
export function parquetValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(parquetValue);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, parquetValue(v)]));
  return value;
}

/** Consecutive row groups are decoded together up to these many groups, rows and stored bytes. */
const BATCH_GROUPS = 64;
const BATCH_ROWS = 65_536;
const BATCH_BYTES = 8 * 1024 ** 2;
/** Column chunks closer than this are read as one range. */
const GAP_BYTES = 64 * 1024;

/** A regular file read through one handle, at the offsets asked. */
class ParquetFile {
  private constructor(
    private readonly handle: FileHandle,
    readonly byteLength: number,
    readonly path: string,
  ) {}

  static async open(path: string): Promise<ParquetFile> {
    if (path === '-') throw new InputError('Parquet needs random access (its index is at the end of the file): give a file path, not standard input');
    let handle: FileHandle | undefined;
    try {
      if (!(await stat(path)).isFile())
        throw new InputError(
          'Parquet needs random access (its index is at the end of the file): this is not a regular file (a pipe or a device?); copy it to a file first',
          path,
        );
      handle = await open(path, 'r');
      return new ParquetFile(handle, (await handle.stat()).size, path);
    } catch (error) {
      await handle?.close();
      if (error instanceof InputError) throw error;
      throw fileError(error, path);
    }
  }

  async read(start: number, end: number): Promise<Uint8Array> {
    if (!(start >= 0 && end <= this.byteLength && start <= end))
      throw new InputError(`not a readable Parquet file: bytes ${start}-${end} are outside the file (${this.byteLength} bytes)`, this.path);
    const bytes = new Uint8Array(end - start);
    let filled = 0;
    try {
      while (filled < bytes.length) {
        const { bytesRead } = await this.handle.read(bytes, filled, bytes.length - filled, start + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
    } catch (error) {
      throw fileError(error, this.path);
    }
    if (filled < bytes.length) throw new InputError('the file got shorter while it was read', this.path);
    return bytes;
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/** Byte ranges of the file already read, served to hyparquet as slices (others are read when asked). */
class ReadRanges implements AsyncBuffer {
  constructor(
    private readonly file: ParquetFile,
    private readonly ranges: { start: number; bytes: Uint8Array }[],
  ) {}

  get byteLength(): number {
    return this.file.byteLength;
  }

  /** Bytes start..end as a view of a range read, or null. */
  view(start: number, end: number): Uint8Array | null {
    for (const range of this.ranges) {
      if (start >= range.start && end <= range.start + range.bytes.length) return range.bytes.subarray(start - range.start, end - range.start);
    }
    return null;
  }

  async slice(start: number, end = this.byteLength): Promise<ArrayBuffer> {
    const bytes = this.view(start, end) ?? (await this.file.read(start, end));
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  /** Reads the column chunks of these groups, chunks less than GAP_BYTES apart as one range. */
  static async read(file: ParquetFile, groups: GroupLayout[]): Promise<ReadRanges> {
    const spans = groups.flatMap((group) => group.chunks.map((chunk) => [chunk.start, chunk.end])).sort((a, b) => a[0] - b[0]);
    const merged: number[][] = [];
    for (const [start, end] of spans) {
      const last = merged[merged.length - 1];
      if (last && start <= last[1] + GAP_BYTES) last[1] = Math.max(last[1], end);
      else merged.push([start, end]);
    }
    const ranges = [];
    for (const [start, end] of merged) ranges.push({ start, bytes: await file.read(start, end) });
    return new ReadRanges(file, ranges);
  }
}

interface OpenedParquet {
  file: ParquetFile;
  footer: ParquetFooter;
  schema: SchemaTree;
  layout: FileLayout;
}

async function openParquet(path: string): Promise<OpenedParquet> {
  const file = await ParquetFile.open(path);
  try {
    const limits = inputSettings();
    if (file.byteLength > limits.maxInputBytes)
      throw new InputError(`the input is larger than ${formatBytes(limits.maxInputBytes)} (raise --max-input-bytes to read it)`, path);
    if (file.byteLength < 12) throw new InputError('not a readable Parquet file: it is too short to hold a footer', path);
    const tail = await file.read(file.byteLength - 8, file.byteLength);
    const view = new DataView(tail.buffer);
    if (view.getUint32(4, true) !== 0x31524150) throw new InputError('not a readable Parquet file: parquet file invalid (footer != PAR1)', path);
    const length = view.getUint32(0, true);
    if (length > file.byteLength - 12)
      throw new InputError(
        `not a readable Parquet file: its footer is said to take ${length} bytes, more than the file's ${file.byteLength - 12} before it`,
        path,
      );
    let footer: ParquetFooter;
    let schema: SchemaTree;
    try {
      footer = new ParquetFooter(await file.read(file.byteLength - 8 - length, file.byteLength - 8), length);
      schema = parquetSchema(footer.base);
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError(`not a readable Parquet file: ${(error as Error).message}`, path);
    }
    return { file, footer, schema, layout: checkFooter(footer, schema, file.byteLength, path, limits) };
  } catch (error) {
    await file.close();
    throw error;
  }
}

/**
 * Reads a Parquet file row group by row group: `header` once with the top-level column names,
 * then `columns` with each group's values (cells converted by jsonLike) and the 0-based index of
 * the group's first row (several small groups may come as one). Every column must hold exactly
 * the rows its group declares.
 */
export async function readParquet(path: string, sink: BinaryTableSink): Promise<BinaryTableFile> {
  const { file, footer, schema, layout } = await openParquet(path);
  const limits = inputSettings();
  try {
    const columns = schema.children.map((child) => child.element.name);
    const position = new Map(columns.map((name, c) => [name, c]));
    sink.header(columns);
    let start = 0;
    let batch: number[] = [];
    let batchRows = 0;
    let batchBytes = 0;
    const flush = async () => {
      if (!batch.length) return;
      const groups = batch.map((index) => layout.groups[index]);
      const ranges = await ReadRanges.read(file, groups);
      const metadata = batch.map((index) => {
        const where = `row group ${index}`;
        const group = layout.groups[index];
        let metadata: FileMetaData;
        try {
          metadata = footer.groupMetadata(index);
        } catch (error) {
          throw new InputError(`not a readable Parquet file: ${where}: ${(error as Error).message}`, path);
        }
        const chunks = metadata.row_groups[0].columns;
        group.chunks.forEach((chunk, c) =>
          checkPages(
            ranges.view(chunk.start, chunk.end)!,
            chunk,
            layout.leaves[chunk.leaf],
            chunks[c]?.meta_data?.codec ?? 'UNCOMPRESSED',
            where,
            path,
            limits,
          ),
        );
        return metadata;
      });
      const label =
        batch.length === 1
          ? `row group ${batch[0]} (rows ${start}-${start + batchRows - 1})`
          : `row groups ${batch[0]}-${batch[batch.length - 1]} (rows ${start}-${start + batchRows - 1})`;
      const values = await readGroups(ranges, metadata, groups, position, label, path);
      sink.columns(values, batchRows, start);
      start += batchRows;
      batch = [];
      batchRows = 0;
      batchBytes = 0;
    };
    for (const [index, group] of layout.groups.entries()) {
      if (group.rows === 0) continue;
      const bytes = group.chunks.reduce((sum, chunk) => sum + chunk.end - chunk.start, 0);
      if (batch.length && (batch.length === BATCH_GROUPS || batchRows + group.rows > BATCH_ROWS || batchBytes + bytes > BATCH_BYTES)) await flush();
      batch.push(index);
      batchRows += group.rows;
      batchBytes += bytes;
    }
    await flush();
    return { columns, rows: start, groups: layout.groups.length, bytes: file.byteLength };
  } finally {
    await file.close();
  }
}

/** The cumulative row ends of the groups read together, after checking each footer entry against the layout. */
function groupEnds(rowGroups: FileMetaData['row_groups'], groups: GroupLayout[], label: string, path: string): number[] {
  const ends: number[] = [];
  let count = 0;
  for (const [g, group] of groups.entries()) {
    if (Number(rowGroups[g].num_rows) !== group.rows || rowGroups[g].columns.length !== group.chunks.length)
      throw new InputError(`not a readable Parquet file: ${label}: its footer entry reads two ways (rows or columns differ)`, path);
    count += group.rows;
    ends.push(count);
  }
  return ends;
}

/**
 * Collects the column pieces hyparquet hands over for `count` rows: each piece must lie within its
 * group, and the pieces must cover every row. Problems are recorded, not thrown (hyparquet calls
 * back from promise callbacks, where an exception would go unhandled), then raised by `check`.
 */
class ColumnCollector {
  readonly values: (ArrayLike<unknown> | null)[];
  readonly covered: number[];
  misplaced: string | null = null;
  unheld: string | null = null;
  failure: unknown = null;

  constructor(
    private readonly position: Map<string, number>,
    private readonly ends: readonly number[],
    private readonly count: number,
  ) {
    this.values = [...position.keys()].map(() => null);
    this.covered = this.values.map(() => 0);
  }

  /** The end of the group holding row `row` of the batch. */
  private groupEnd(row: number): number {
    const { ends } = this;
    let low = 0;
    let high = ends.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (ends[middle] > row) high = middle;
      else low = middle + 1;
    }
    return ends[low];
  }

  onChunk(chunk: ColumnData): void {
    try {
      this.place(chunk);
    } catch (error) {
      this.failure ??= error;
    }
  }

  private place(chunk: ColumnData): void {
    const { values, count } = this;
    const c = this.position.get(chunk.columnName);
    if (c === undefined) return;
    const data = chunk.columnData as unknown[];
    if (!(chunk.rowStart >= 0 && chunk.rowStart < count && chunk.rowEnd <= this.groupEnd(chunk.rowStart))) {
      this.misplaced ??= chunk.columnName;
      return;
    }
    this.covered[c] += chunk.rowEnd - chunk.rowStart;
    const whole = values[c] === null && chunk.rowStart === 0 && chunk.rowEnd === count;
    // A piece covering every row is used as it is (converted in place where a value is not
    // JSON-like already); typed arrays of numbers need no conversion (64-bit integers do:
    // exact or as digits). Other pieces are placed one by one.
    if (whole && ArrayBuffer.isView(data) && !(data instanceof BigInt64Array) && !(data instanceof BigUint64Array)) {
      values[c] = data;
      return;
    }
    // hyparquet leaves a value undefined (a null is null) where a dictionary index points past
    // its dictionary, or the levels say more values than the page holds.
    if (whole && Array.isArray(data)) {
      for (let i = 0; i < data.length; i++) {
        const value = jsonLike(data[i]);
        if (value === undefined) this.unheld ??= chunk.columnName;
        else if (value !== data[i]) data[i] = value;
      }
      values[c] = data;
      return;
    }
    const target = (values[c] ??= new Array<unknown>(count).fill(null)) as unknown[];
    for (let row = chunk.rowStart; row < chunk.rowEnd; row++) {
      const value = jsonLike(data[row - chunk.rowStart]);
      if (value === undefined) this.unheld ??= chunk.columnName;
      target[row] = value;
    }
  }

  /** The columns, or the first problem seen as an input error. */
  check(label: string, path: string): ArrayLike<unknown>[] {
    const { failure, unheld, misplaced, covered, count } = this;
    if (failure !== null) {
      if (failure instanceof InputError) throw failure;
      throw new InputError(
        `${label} cannot be read: ${failure instanceof Error ? failure.message : typeof failure === 'string' ? failure : JSON.stringify(failure)}`,
        path,
      );
    }
    if (unheld !== null)
      throw new InputError(
        `not a readable Parquet file: ${label}: its column "${unheld}" refers to values its pages do not hold (a dictionary index past the dictionary, or more levels than values)`,
        path,
      );
    const short = covered.findIndex((rows) => rows !== count);
    if (misplaced !== null || short >= 0) {
      const name = misplaced ?? [...this.position.keys()][short];
      throw new InputError(
        `not a readable Parquet file: ${label}: its column "${name}" holds ${misplaced !== null ? 'rows outside its row group' : `${covered[short]} rows, not ${count}`}`,
        path,
      );
    }
    return this.values as ArrayLike<unknown>[];
  }
}

/**
 * Consecutive row groups' columns as hyparquet decodes them (onChunk: no row assembly), each
 * exactly the groups' rows: a piece of a column must lie within its group, and the pieces must
 * cover every row.
 */
async function readGroups(
  file: AsyncBuffer,
  metadata: FileMetaData[],
  groups: GroupLayout[],
  position: Map<string, number>,
  label: string,
  path: string,
): Promise<ArrayLike<unknown>[]> {
  const rowGroups = metadata.map((one) => one.row_groups[0]);
  const ends = groupEnds(rowGroups, groups, label, path);
  const count = ends.length > 0 ? ends[ends.length - 1] : 0;
  const collector = new ColumnCollector(position, ends, count);
  try {
    // utf8 false: text columns (annotated STRING) still read as text, and unannotated bytes stay bytes.
    await parquetRead({
      file,
      metadata: { ...metadata[0], num_rows: BigInt(count), row_groups: rowGroups },
      compressors,
      utf8: false,
      rowStart: 0,
      rowEnd: count,
      // hyparquet calls this from promise callbacks: an exception here would go unhandled.
      onChunk: (chunk) => collector.onChunk(chunk),
    });
  } catch (error) {
    collector.failure ??= error;
  }
  return collector.check(label, path);
}
