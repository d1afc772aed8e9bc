/**
 * `--embeddings FILE` and `--embedding-col NAME`: one vector per data row, in data order.
 * - `.npy` / `.npz`: an N x D array (an `.npz` gives `embeddings`, `embedding`, `features`, `X`
 *   or its only array);
 * - Parquet / Arrow: the file's vector column (`embedding`, `embeddings`, `vector`, `emb`, or its
 *   only column holding lists of numbers), rows in data order;
 * - a column of the data whose cells are lists of numbers (`[0.1, 0.2, ...]`, as Parquet list
 *   columns and CSV exports write them).
 * Wrong shapes, non-numbers, NaN and a row count unlike the data's are exit-2 lines naming the
 * file and the row; an empty cell is a row without a vector (reported, never guessed).
 */
import { basename } from 'node:path';
import { InputError } from '../errors.js';
import type { Column } from '../data/column.js';
import type { Embeddings } from '../data/embeddings.js';
import type { DataTable } from '../data/table.js';
import { binaryTableFormat } from './binary-tables.js';
import { loadData } from './data.js';
import { readNumpyArray } from './npz.js';

const NPZ_KEYS = ['embeddings', 'embedding', 'features', 'X'];
const COLUMN_NAMES = ['embedding', 'embeddings', 'vector', 'vectors', 'emb'];

export interface EmbeddingRequest {
  /** The data's rows (the vectors must match them one to one). */
  data: DataTable;
  path?: string | null;
  column?: string | null;
}

export async function loadEmbeddings(request: EmbeddingRequest): Promise<Embeddings | null> {
  const { data, path, column } = request;
  if (path && column) throw new InputError('give either --embeddings FILE or --embedding-col NAME, not both');
  if (column) {
    const found = data.column(column);
    if (!found)
      throw new InputError(
        `--embedding-col "${column}" is not a column of the data (columns: ${data.columns
          .slice(0, 12)
          .map((c) => c.name)
          .join(', ')}${data.columns.length > 12 ? ', ...' : ''})`,
        data.path,
      );
    return fromVectorColumn(found, data.rowCount, { path: data.path, format: 'column', field: column }, null, (row) => data.lines[row]);
  }
  if (!path) return null;
  if (path === '-') throw new InputError('--embeddings cannot be read from standard input: give a file path');
  if (/\.np[yz](\.gz)?$/i.test(path)) return fromArray(path, data.rowCount);
  const format = await binaryTableFormat(path);
  if (!format) throw new InputError('--embeddings takes a NumPy array (.npy, .npz) or a Parquet or Arrow file with a vector column', path);
  const table = await loadData(path, { format });
  if (table.rowCount !== data.rowCount)
    throw new InputError(`has ${table.rowCount} rows and the data has ${data.rowCount}: embeddings hold one row per data row, in data order`, path);
  const vectorColumn = pickVectorColumn(table);
  return fromVectorColumn(vectorColumn, table.rowCount, { path, format, field: vectorColumn.name }, null, (row) => table.lines[row]);
}

async function fromArray(path: string, rowCount: number): Promise<Embeddings> {
  // The shape is checked from the header, before the values are read or even allocated.
  const check = (shape: readonly number[], label: string) => {
    if (shape.length !== 2) throw new InputError(`expected a 2-D array of shape (rows, dimensions), got shape (${shape.join(', ')})`, label);
    if (shape[0] !== rowCount)
      throw new InputError(`has ${shape[0]} rows and the data has ${rowCount}: embeddings hold one row per data row, in data order`, label);
    if (shape[1] < 1) throw new InputError('has no dimensions (shape (rows, 0))', label);
  };
  const { array, digest, label, field } = await readNumpyArray(path, { keys: NPZ_KEYS, what: 'embeddings', check, float32: true });
  const [n, dimensions] = array.shape;
  // Read straight into float32: a value beyond float32's range is Infinity here.
  const vectors = array.data;
  for (let i = 0; i < vectors.length; i++) {
    const value = vectors[i];
    if (!Number.isFinite(value))
      throw new InputError(`row ${Math.floor(i / dimensions)} (0-based) holds ${String(value)} in dimension ${i % dimensions}`, label);
  }
  return withZeroRowsMissing({
    rows: n,
    dimensions,
    vectors,
    missing: new Uint8Array(n),
    missingRows: 0,
    source: { path, format: /\.npz/i.test(path) ? 'npz' : 'npy', field },
    digest,
  });
}

function pickVectorColumn(table: DataTable): Column {
  for (const name of COLUMN_NAMES) {
    const column = table.columns.find((c) => c.name.toLowerCase() === name);
    if (column) return column;
  }
  const lists = table.columns.filter((column) => {
    for (let row = 0; row < Math.min(table.rowCount, 20); row++) if (!column.isMissing(row)) return column.get(row).trimStart().startsWith('[');
    return false;
  });
  if (lists.length === 1) return lists[0];
  throw new InputError(
    lists.length === 0
      ? `no column holds lists of numbers (columns: ${table.columns.map((c) => c.name).join(', ')}); name the vector column "embedding"`
      : `several columns hold lists (${lists.map((c) => c.name).join(', ')}); name the vector column "embedding"`,
    table.path,
  );
}

/** Parses `[a, b, ...]` cells into a float32 matrix; every vector must have the first one's length. */
function fromVectorColumn(
  column: Column,
  rowCount: number,
  source: Embeddings['source'],
  digest: Embeddings['digest'],
  lineOf: (row: number) => number,
): Embeddings {
  let dimensions = -1;
  let vectors = new Float32Array(0);
  const missing = new Uint8Array(rowCount);
  let missingRows = 0;
  const where = `${basename(source.path)}${source.field ? ` column "${source.field}"` : ''}`;
  for (let row = 0; row < rowCount; row++) {
    if (column.isMissing(row)) {
      missing[row] = 1;
      missingRows++;
      continue;
    }
    const cell = column.get(row).trim();
    if (!cell.startsWith('[') || !cell.endsWith(']'))
      throw new InputError(`${where}: the cell is not a list of numbers (${JSON.stringify(cell.slice(0, 40))})`, source.path, lineOf(row));
    const parts = cell.slice(1, -1).split(',');
    if (dimensions < 0) {
      dimensions = parts.length;
      if (dimensions === 0 || (dimensions === 1 && parts[0].trim() === ''))
        throw new InputError(`${where}: the first vector is empty`, source.path, lineOf(row));
      vectors = new Float32Array(rowCount * dimensions);
    } else if (parts.length !== dimensions) {
      throw new InputError(`${where}: this vector has ${parts.length} numbers and the first has ${dimensions}`, source.path, lineOf(row));
    }
    const offset = row * dimensions;
    for (let c = 0; c < dimensions; c++) {
      const text = parts[c].trim();
      const value = text === '' ? NaN : Number(text);
      if (!Number.isFinite(value))
        throw new InputError(`${where}: ${JSON.stringify(text.slice(0, 20))} (position ${c}) is not a finite number`, source.path, lineOf(row));
      vectors[offset + c] = value;
    }
  }
  if (dimensions < 0) throw new InputError(`${where}: every cell is empty`, source.path);
  return withZeroRowsMissing({ rows: rowCount, dimensions, vectors, missing, missingRows, source, digest });
}

/** An all-zero vector has no direction (no cosine to anything): such rows count as rows without a vector. */
function withZeroRowsMissing(embeddings: Embeddings): Embeddings {
  const { rows, dimensions: d, vectors, missing } = embeddings;
  let missingRows = embeddings.missingRows;
  for (let row = 0; row < rows; row++) {
    if (missing[row]) continue;
    let zero = true;
    for (let c = 0; c < d && zero; c++) if (vectors[row * d + c] !== 0) zero = false;
    if (zero) {
      missing[row] = 1;
      missingRows++;
    }
  }
  return { ...embeddings, missingRows };
}
