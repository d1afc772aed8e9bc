/**
 * What the binary table readers (parquet.ts, arrow.ts) hand their rows to, and what they say of the
 * file read; binary-tables.ts picks the reader.
 */
export interface BinaryTableSink {
  header(columns: string[]): void;
  /** One row group (or record batch): a value array per column in header order, its row count and the 0-based index of its first row. Values are JSON-like (see parquetValue). */
  columns(values: readonly ArrayLike<unknown>[], count: number, firstRow: number): void;
}

export interface BinaryTableFile {
  columns: string[];
  rows: number;
  /** Row groups or record batches. */
  groups: number;
  bytes: number;
}
