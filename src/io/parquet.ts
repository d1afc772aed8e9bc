/**
 * Parquet files (what Hugging Face datasets and most ML pipelines store), read with hyparquet and
 * the codecs of hyparquet-compressors (snappy, gzip, zstd, brotli, lz4), one row group at a time:
 * each group's rows go into the same typed columns as CSV and are dropped before the next group
 * is read. Values become what a JSON record would hold: INT64 as a number when exact (else its
 * decimal text), dates and timestamps as ISO text, binary as base64, lists and structs as JSON.
 * A Parquet row has no line: reports give its 1-based row number as the line.
 */
import { stat } from 'node:fs/promises';
import { asyncBufferFromFile, parquetMetadataAsync, parquetRead, parquetSchema, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { InputError, fileError } from '../errors.js';
import { formatBytes, inputSettings } from './source.js';
import type { BinaryTableFile, BinaryTableSink } from './binary-tables.js';

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
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, parquetValue(v)]));
  return value;
}

async function openParquet(path: string): Promise<{ file: AsyncBuffer; metadata: FileMetaData }> {
  if (path === '-') throw new InputError('Parquet needs random access (its index is at the end of the file): give a file path, not standard input');
  let file: AsyncBuffer;
  try {
    if (!(await stat(path)).isFile()) throw new InputError('Parquet needs random access (its index is at the end of the file): this is not a regular file (a pipe or a device?); copy it to a file first', path);
    file = await asyncBufferFromFile(path);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw fileError(error, path);
  }
  const { maxInputBytes } = inputSettings();
  if (file.byteLength > maxInputBytes) throw new InputError(`the input is larger than ${formatBytes(maxInputBytes)} (raise --max-input-bytes to read it)`, path);
  try {
    return { file, metadata: await parquetMetadataAsync(file) };
  } catch (error) {
    throw new InputError(`not a readable Parquet file: ${(error as Error).message}`, path);
  }
}

/**
 * Reads a Parquet file row group by row group: `header` once with the top-level column names,
 * then `rows` with each group's rows (cells converted by parquetValue) and the 0-based index of
 * the group's first row.
 */
export async function readParquet(path: string, sink: BinaryTableSink): Promise<BinaryTableFile> {
  const { file, metadata } = await openParquet(path);
  const columns = parquetSchema(metadata).children.map((child) => child.element.name);
  sink.header(columns);
  let start = 0;
  for (const [index, group] of metadata.row_groups.entries()) {
    const count = Number(group.num_rows);
    if (count === 0) continue;
    // Columns as hyparquet decodes them (onChunk: no row assembly). A chunk covering the whole
    // group is used as it is (converted in place where a value is not JSON-like already); a
    // group read in pieces is placed piece by piece.
    const values: (ArrayLike<unknown> | null)[] = columns.map(() => null);
    const position = new Map(columns.map((name, c) => [name, c]));
    try {
      // utf8 false: text columns (annotated STRING) still read as text, and unannotated bytes stay bytes.
      await parquetRead({
        file,
        metadata,
        compressors,
        utf8: false,
        rowStart: start,
        rowEnd: start + count,
        onChunk: (chunk) => {
          const c = position.get(chunk.columnName);
          if (c === undefined) return;
          const data = chunk.columnData as unknown[];
          const whole = values[c] === null && chunk.rowStart === start && chunk.rowEnd === start + count;
          // Typed arrays of numbers need no conversion (64-bit integers do: exact or as digits).
          if (whole && ArrayBuffer.isView(data) && !(data instanceof BigInt64Array) && !(data instanceof BigUint64Array)) {
            values[c] = data as unknown as unknown[];
            return;
          }
          if (whole && Array.isArray(data)) {
            for (let i = 0; i < data.length; i++) {
              const value = jsonLike(data[i]);
              if (value !== data[i]) data[i] = value;
            }
            values[c] = data;
            return;
          }
          const target = (values[c] ??= new Array<unknown>(count).fill(null)) as unknown[];
          const from = Math.max(chunk.rowStart, start);
          const to = Math.min(chunk.rowEnd, start + count);
          for (let row = from; row < to; row++) target[row - start] = jsonLike(data[row - chunk.rowStart]);
        },
      });
    } catch (error) {
      throw new InputError(`row group ${index} (rows ${start}-${start + count - 1}) cannot be read: ${(error as Error).message}`, path);
    }
    sink.columns(
      values.map((column) => column ?? new Array<unknown>(count).fill(null)),
      count,
      start,
    );
    start += count;
  }
  return { columns, rows: start, groups: metadata.row_groups.length, bytes: file.byteLength };
}
