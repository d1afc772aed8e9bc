/**
 * Checks what a Parquet file's footer and page headers declare against what the file can hold,
 * before hyparquet allocates anything from them: a footer that says a billion rows, negative
 * counts, column chunks outside the file, pages that claim more values or bytes than their chunk.
 * hyparquet sizes its arrays by these numbers, so a 3 KB file could otherwise ask for gigabytes.
 *
 * What is checked (each a one-line input error naming the row group and column):
 * - every count and size is a whole number from 0 to 2^53;
 * - the row groups' rows add up to the file's `num_rows`;
 * - each row group has one column chunk per leaf of the schema, inside the file's data;
 * - a column chunk has its schema column's physical type, and holds exactly one value per row (a
 *   column under no list), or at least one;
 * - (parquet-pages.ts) the pages of a column chunk lie inside it, their values add up to the
 *   chunk's, and their levels and dictionary indices are runs hyparquet can read;
 * - what the file declares, decoded, is within `--max-input-bytes` and, past 64 MiB, at most
 *   `maxCompressionRatio` times the file's size, as a gzip file must be.
 */
import type { SchemaTree } from 'hyparquet';
import { InputError } from '../errors.js';
import type { ParquetFooter } from './parquet-footer.js';
import { formatBytes } from './source.js';

/** Parquet's physical types by number. */
const PHYSICAL_TYPES = ['BOOLEAN', 'INT32', 'INT64', 'INT96', 'FLOAT', 'DOUBLE', 'BYTE_ARRAY', 'FIXED_LEN_BYTE_ARRAY'];

/** Declared expansion below this is never taken for a decompression bomb (as for gzip). */
const RATIO_FLOOR_BYTES = 64 * 1024 ** 2;
/** Bytes one decoded value takes at least (an array slot). */
const BYTES_PER_VALUE = 8;

export interface LayoutLimits {
  maxInputBytes: number;
  maxCompressionRatio: number;
}

/** What readParquet needs to know of one column chunk. */
export interface ChunkLayout {
  /** Its leaf column in the schema (an index into FileLayout.leaves). */
  leaf: number;
  start: number;
  end: number;
  values: number;
}

export interface LeafColumn {
  name: string;
  /** Its physical type as the schema gives it (BOOLEAN, INT32, ...). */
  type: string | undefined;
  /** A list above it: a row may hold several values (or none, as one level entry). */
  repeated: boolean;
  /** A top-level column under no list: hyparquet stops reading it at the group's last row. */
  flat: boolean;
  /** Its highest repetition and definition levels. */
  maxRepetition: number;
  maxDefinition: number;
}

export interface FileLayout {
  leaves: LeafColumn[];
  groups: GroupLayout[];
}

export interface GroupLayout {
  rows: number;
  chunks: ChunkLayout[];
}

/** A declared count as a number: a whole number from 0 to 2^53, else an input error. */
function declared(value: unknown, what: string, path: string): number {
  const number = typeof value === 'bigint' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 0) {
    const shown =
      typeof number === 'number' && Math.abs(number) > Number.MAX_SAFE_INTEGER
        ? `${number < 0 ? '-' : ''}about ${Math.abs(number).toExponential(2)}`
        : String(number);
    throw new InputError(`not a readable Parquet file: ${what} is ${shown}, not a count (0 to 2^53)`, path);
  }
  return number;
}

function leafColumns(
  tree: SchemaTree,
  under: string[],
  levels: { repetition: number; definition: number },
  out: Map<string, number>,
  leaves: LeafColumn[],
): void {
  for (const child of tree.children) {
    const path = [...under, child.element.name];
    const kind = child.element.repetition_type;
    const at = { repetition: levels.repetition + (kind === 'REPEATED' ? 1 : 0), definition: levels.definition + (kind !== 'REQUIRED' ? 1 : 0) };
    if (child.children.length) leafColumns(child, path, at, out, leaves);
    else {
      out.set(path.join('\u0000'), leaves.length);
      const repeated = at.repetition > 0;
      leaves.push({
        name: path.join('.'),
        type: child.element.type,
        repeated,
        flat: !repeated && path.length === 1,
        maxRepetition: at.repetition,
        maxDefinition: at.definition,
      });
    }
  }
}

/** Checks the footer, row group by row group; returns each group's rows and column chunks. */
export function checkFooter(footer: ParquetFooter, schema: SchemaTree, fileBytes: number, path: string, limits: LayoutLimits): FileLayout {
  const dataEnd = fileBytes - 8 - footer.metadataLength;
  const totalRows = declared(footer.numRows, 'the row count (num_rows)', path);
  const leafIndex = new Map<string, number>();
  const leaves: LeafColumn[] = [];
  leafColumns(schema, [], { repetition: 0, definition: 0 }, leafIndex, leaves);
  const groups: GroupLayout[] = [];
  let rows = 0;
  let values = 0;
  let uncompressed = 0;
  for (let index = 0; index < footer.groupCount; index++) {
    const where = `row group ${index}`;
    let group;
    try {
      group = footer.rawGroup(index);
    } catch (error) {
      throw new InputError(`not a readable Parquet file: ${where}: ${(error as Error).message}`, path);
    }
    const groupRows = declared(group.rows, `the row count of ${where}`, path);
    if (group.chunks.length !== leaves.length) {
      throw new InputError(`not a readable Parquet file: ${where} has ${group.chunks.length} column chunks, the schema ${leaves.length} columns`, path);
    }
    const chunks: ChunkLayout[] = [];
    for (const [c, chunk] of group.chunks.entries()) {
      if (chunk.filePath) throw new InputError(`not a readable Parquet file: column ${c} of ${where} is in another file`, path);
      if (!chunk.path) throw new InputError(`not a readable Parquet file: column ${c} of ${where} has no metadata`, path);
      const name = chunk.path.join('.');
      const leaf = leafIndex.get(chunk.path.join('\u0000'));
      if (leaf === undefined)
        throw new InputError(`not a readable Parquet file: ${where} has a column ${JSON.stringify(name)} that is not in the schema`, path);
      if (PHYSICAL_TYPES[chunk.type] !== leaves[leaf].type) {
        throw new InputError(
          `not a readable Parquet file: column "${name}" of ${where} is stored as ${PHYSICAL_TYPES[chunk.type] ?? `type ${chunk.type}`}, the schema says ${leaves[leaf].type}`,
          path,
        );
      }
      const chunkValues = declared(chunk.values, `the value count of column "${name}" in ${where}`, path);
      if (leaves[leaf].repeated ? chunkValues < groupRows : chunkValues !== groupRows) {
        throw new InputError(`not a readable Parquet file: ${where} says ${groupRows} rows, but its column "${name}" holds ${chunkValues} values`, path);
      }
      const start = declared(chunk.dictionaryOffset || chunk.dataOffset, `the offset of column "${name}" in ${where}`, path);
      const size = declared(chunk.compressed, `the size of column "${name}" in ${where}`, path);
      if (start < 4 || start + size > dataEnd || (groupRows > 0 && size === 0)) {
        throw new InputError(
          `not a readable Parquet file: column "${name}" of ${where} is said to lie at bytes ${start}-${start + size}, outside the file's data (bytes 4-${dataEnd})`,
          path,
        );
      }
      uncompressed += declared(chunk.uncompressed, `the uncompressed size of column "${name}" in ${where}`, path);
      values += chunkValues;
      chunks.push({ leaf, start, end: start + size, values: chunkValues });
    }
    rows += groupRows;
    groups.push({ rows: groupRows, chunks });
  }
  if (rows !== totalRows) throw new InputError(`not a readable Parquet file: the footer says ${totalRows} rows, its row groups hold ${rows}`, path);
  checkExpansion(
    Math.max(uncompressed, values * BYTES_PER_VALUE),
    fileBytes,
    `the footer declares ${values} values and ${formatBytes(uncompressed)} uncompressed`,
    path,
    limits,
  );
  return { leaves, groups };
}

export function checkExpansion(bytes: number, stored: number, declaredWhat: string, path: string, { maxInputBytes, maxCompressionRatio }: LayoutLimits): void {
  if (bytes > maxInputBytes)
    throw new InputError(`${declaredWhat}: more than the input limit of ${formatBytes(maxInputBytes)} (raise --max-input-bytes to read it)`, path);
  if (bytes > RATIO_FLOOR_BYTES && bytes / Math.max(stored, 1) > maxCompressionRatio) {
    throw new InputError(
      `${declaredWhat} in ${formatBytes(stored)} (more than ${maxCompressionRatio}:1, as a decompression bomb does; raise maxCompressionRatio in the config to read it)`,
      path,
    );
  }
}

// ---- page headers ----------------------------------------------------------------------------
