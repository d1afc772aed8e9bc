/**
 * One feature matrix for the proxy learner from a data table's columns by role, with every
 * statistic taken from the fit rows (the training rows) only, so held-out rows never inform
 * their own features:
 *
 * - numeric: standardised by the fit rows' mean and population standard deviation (a constant
 *   column is only centred, as scikit-learn's StandardScaler does); a missing or non-numeric
 *   cell becomes 0 (the mean), and a column with missing cells in the fit rows gets a 0/1
 *   indicator column beside it. A column with no value in the fit rows is left out (reported).
 * - categorical: one-hot over the `maxLevels` levels most frequent in the fit rows (ties: first
 *   seen first); the other levels share one "other" column, made only when a fit row needs it.
 *   A missing cell sets no column.
 * - text: hashed TF-IDF (hashed-tfidf.ts), idf from the fit rows.
 * - embeddings: the vectors as they are (a linear probe).
 *
 * Columns are laid out in that order. The matrix is dense (float32) when there is no text part,
 * it has at most `maxDenseCells` cells and at least a quarter of them are nonzero (a dense row
 * costs every cell, a sparse one about twice per nonzero); otherwise CSR.
 */
import type { Column } from '../data/column.js';
import type { DataTable } from '../data/table.js';
import { csrMatrix, denseMatrix, type FeatureMatrix } from './feature-matrix.js';
import { hashedTfidf, type HashedTfidfOptions } from './hashed-tfidf.js';

export interface ProxyFeatureColumns {
  numeric?: readonly string[];
  categorical?: readonly string[];
  text?: string | null;
  /** One vector per table row, row-major. */
  embeddings?: { vectors: Float32Array; dimensions: number } | null;
}

export interface ProxyFeatureOptions {
  /** The rows whose statistics the features use (means and deviations, level frequencies, idf); data rows, among `rows` when it is given. */
  fitRows: Int32Array;
  /**
   * The data rows the matrix holds, ascending (default: every row). Matrix row i is data row
   * rows[i]: a proxy reads a sample of a large table, and building features for the rest would
   * cost more than everything it does with them.
   */
  rows?: Int32Array;
  /** One-hot columns per categorical column at most, besides "other" (default 50). */
  maxLevels?: number;
  text?: HashedTfidfOptions;
  /** A dense matrix holds at most this many cells (default 2^24: 64 MB of float32). */
  maxDenseCells?: number;
}

/** A run of matrix columns and what they hold. */
export type FeatureBlock =
  | { kind: 'numeric'; column: string; start: number; width: 1; mean: number; scale: number }
  | { kind: 'missing'; column: string; start: number; width: 1 }
  | { kind: 'levels'; column: string; start: number; width: number; levels: string[]; other: boolean }
  | { kind: 'text'; column: string; start: number; width: number }
  | { kind: 'embedding'; start: number; width: number };

export interface ProxyFeatureDescription {
  rows: number;
  dims: number;
  kind: 'dense' | 'csr';
  nonzeros: number;
  numeric: { columns: number; missingIndicators: number; constant: string[]; skipped: string[] };
  categorical: { columns: number; features: number; levelsDropped: number };
  text: { column: string; buckets: number; wordBuckets: number; charBuckets: number; fitBuckets: number; emptyRows: number } | null;
  embeddings: { dims: number } | null;
  blocks: FeatureBlock[];
}

export interface ProxyFeatures {
  matrix: FeatureMatrix;
  description: ProxyFeatureDescription;
}

/** Writes a matrix row's nonzeros of one part: `emit(column within the part, value)`, columns increasing. */
type RowWriter = (row: number, emit: (index: number, value: number) => void) => void;

interface Part {
  width: number;
  nonzeros: number;
  write: RowWriter;
}

function requireColumn(table: DataTable, name: string): Column {
  const column = table.column(name);
  if (!column) throw new RangeError(`the data has no column "${name}"`);
  return column;
}

interface NumericPart extends Part {
  block: { mean: number; scale: number; constant: boolean };
  indicator: boolean;
}

/** Standardised values (missing: 0) and, when the fit rows miss some, an indicator column. */
function numericPart(column: Column, fitRows: Int32Array, subset: Int32Array): NumericPart | null {
  const values = column.numbers();
  let count = 0;
  let sum = 0;
  let missingInFit = false;
  for (let i = 0; i < fitRows.length; i++) {
    const v = values[fitRows[i]];
    if (Number.isNaN(v)) missingInFit = true;
    else {
      count++;
      sum += v;
    }
  }
  if (count === 0) return null;
  const mean = sum / count;
  let squares = 0;
  for (let i = 0; i < fitRows.length; i++) {
    const v = values[fitRows[i]];
    if (!Number.isNaN(v)) squares += (v - mean) * (v - mean);
  }
  const deviation = Math.sqrt(squares / count);
  const constant = !(deviation > 0);
  const scale = constant ? 1 : deviation;
  const standard = new Float32Array(subset.length);
  let nonzeros = 0;
  let missing = 0;
  for (let i = 0; i < subset.length; i++) {
    const v = values[subset[i]];
    if (Number.isNaN(v)) missing++;
    else standard[i] = (v - mean) / scale;
    if (standard[i] !== 0) nonzeros++;
  }
  const indicator = missingInFit;
  return {
    width: indicator ? 2 : 1,
    nonzeros: nonzeros + (indicator ? missing : 0),
    block: { mean, scale, constant },
    indicator,
    write: (i, emit) => {
      if (standard[i] !== 0) emit(0, standard[i]);
      if (indicator && Number.isNaN(values[subset[i]])) emit(1, 1);
    },
  };
}

/** Per row a code (-1: missing) and the level names, for a dictionary column or any other. */
function codesOf(column: Column): { codes: Int32Array; levels: readonly string[] } {
  if (column.codes && column.levels) return { codes: column.codes, levels: column.levels };
  const codes = new Int32Array(column.size);
  const byValue = new Map<string, number>();
  const levels: string[] = [];
  for (let row = 0; row < column.size; row++) {
    if (column.isMissing(row)) {
      codes[row] = -1;
      continue;
    }
    const value = column.get(row);
    let code = byValue.get(value);
    if (code === undefined) {
      code = levels.length;
      byValue.set(value, code);
      levels.push(value);
    }
    codes[row] = code;
  }
  return { codes, levels };
}

interface CategoricalPart extends Part {
  levels: string[];
  other: boolean;
  dropped: number;
}

function categoricalPart(column: Column, fitRows: Int32Array, maxLevels: number, subset: Int32Array): CategoricalPart {
  const { codes, levels } = codesOf(column);
  const frequency = new Float64Array(levels.length);
  for (let i = 0; i < fitRows.length; i++) {
    const code = codes[fitRows[i]];
    if (code >= 0) frequency[code]++;
  }
  const seen = Array.from({ length: levels.length }, (_, code) => code).filter((code) => frequency[code] > 0);
  seen.sort((a, b) => frequency[b] - frequency[a] || a - b);
  const kept = seen.slice(0, maxLevels);
  const featureOf = new Int32Array(levels.length).fill(-1);
  kept.forEach((code, index) => (featureOf[code] = index));
  const other = seen.length > kept.length;
  const otherIndex = other ? kept.length : -1;
  let nonzeros = 0;
  for (let i = 0; i < subset.length; i++) {
    const code = codes[subset[i]];
    if (code >= 0 && (featureOf[code] >= 0 || other)) nonzeros++;
  }
  return {
    width: kept.length + (other ? 1 : 0),
    nonzeros,
    levels: kept.map((code) => levels[code]),
    other,
    dropped: seen.length - kept.length,
    write: (i, emit) => {
      const code = codes[subset[i]];
      if (code < 0) return;
      const index = featureOf[code] >= 0 ? featureOf[code] : otherIndex;
      if (index >= 0) emit(index, 1);
    },
  };
}

/** The fit rows as matrix rows (for the text part, which works in matrix rows), after checking the rows and options. */
function fitMatrixRowsOf(tableRows: number, subset: Int32Array, fitRows: Int32Array, maxLevels: number): Int32Array {
  if (!(Number.isInteger(maxLevels) && maxLevels >= 1)) throw new RangeError(`maxLevels must be a positive integer, got ${maxLevels}`);
  if (fitRows.length === 0) throw new RangeError('the features need at least one fit row');
  for (let i = 0; i < fitRows.length; i++)
    if (!(fitRows[i] >= 0 && fitRows[i] < tableRows)) throw new RangeError(`fit row ${fitRows[i]} is outside [0, ${tableRows})`);
  for (let i = 0; i < subset.length; i++)
    if (!(subset[i] >= 0 && subset[i] < tableRows) || (i > 0 && subset[i] <= subset[i - 1]))
      throw new RangeError('rows must be ascending data rows of the table');
  const matrixRowOf = new Map<number, number>();
  subset.forEach((row, i) => matrixRowOf.set(row, i));
  return Int32Array.from(fitRows, (row) => {
    const i = matrixRowOf.get(row);
    if (i === undefined) throw new RangeError(`fit row ${row} is not among the rows of the matrix`);
    return i;
  });
}

/** The matrix's parts as they are laid out, left to right, with their blocks and the description. */
interface Layout {
  table: DataTable;
  /** The data rows of the matrix. */
  subset: Int32Array;
  fitRows: Int32Array;
  parts: Part[];
  blocks: FeatureBlock[];
  dims: number;
  description: ProxyFeatureDescription;
}

function addNumericParts(layout: Layout, names: readonly string[]): void {
  const { description, blocks } = layout;
  for (const name of names) {
    const part = numericPart(requireColumn(layout.table, name), layout.fitRows, layout.subset);
    if (!part) {
      description.numeric.skipped.push(name);
      continue;
    }
    blocks.push({ kind: 'numeric', column: name, start: layout.dims, width: 1, mean: part.block.mean, scale: part.block.scale });
    if (part.indicator) {
      blocks.push({ kind: 'missing', column: name, start: layout.dims + 1, width: 1 });
      description.numeric.missingIndicators++;
    }
    if (part.block.constant) description.numeric.constant.push(name);
    description.numeric.columns++;
    layout.parts.push(part);
    layout.dims += part.width;
  }
}

function addCategoricalParts(layout: Layout, names: readonly string[], maxLevels: number): void {
  const { description } = layout;
  for (const name of names) {
    const part = categoricalPart(requireColumn(layout.table, name), layout.fitRows, maxLevels, layout.subset);
    layout.blocks.push({ kind: 'levels', column: name, start: layout.dims, width: part.width, levels: part.levels, other: part.other });
    description.categorical.columns++;
    description.categorical.features += part.width;
    description.categorical.levelsDropped += part.dropped;
    layout.parts.push(part);
    layout.dims += part.width;
  }
}

function addEmbeddingPart(layout: Layout, embeddings: { vectors: Float32Array; dimensions: number }): void {
  const { subset } = layout;
  const tableRows = layout.table.rowCount;
  const { vectors, dimensions } = embeddings;
  if (vectors.length !== tableRows * dimensions) throw new RangeError(`embeddings hold ${vectors.length} values, not ${tableRows} rows x ${dimensions}`);
  let nonzeros = 0;
  for (const row of subset) for (let j = 0; j < dimensions; j++) if (vectors[row * dimensions + j] !== 0) nonzeros++;
  layout.parts.push({
    width: dimensions,
    nonzeros,
    write: (i, emit) => {
      const base = subset[i] * dimensions;
      for (let j = 0; j < dimensions; j++) if (vectors[base + j] !== 0) emit(j, vectors[base + j]);
    },
  });
  layout.blocks.push({ kind: 'embedding', start: layout.dims, width: dimensions });
  layout.description.embeddings = { dims: dimensions };
  layout.dims += dimensions;
}

function addTextPart(layout: Layout, name: string, fitMatrixRows: Int32Array, options: HashedTfidfOptions | undefined): void {
  const { subset } = layout;
  const column = requireColumn(layout.table, name);
  const tfidf = hashedTfidf((i) => (column.isMissing(subset[i]) ? '' : column.get(subset[i])), subset.length, fitMatrixRows, options);
  const { indptr, indices, values } = tfidf.matrix;
  layout.parts.push({
    width: tfidf.matrix.dims,
    nonzeros: indices.length,
    write: (row, emit) => {
      for (let p = indptr[row]; p < indptr[row + 1]; p++) emit(indices[p], values[p]);
    },
  });
  layout.blocks.push({ kind: 'text', column: name, start: layout.dims, width: tfidf.matrix.dims });
  layout.description.text = {
    column: name,
    buckets: tfidf.matrix.dims,
    wordBuckets: tfidf.wordBuckets,
    charBuckets: tfidf.charBuckets,
    fitBuckets: tfidf.fitBuckets,
    emptyRows: tfidf.emptyRows,
  };
  layout.dims += tfidf.matrix.dims;
}

/** Writes every part of every row into one matrix: dense (float32) or CSR. */
function assembleMatrix(parts: readonly Part[], rows: number, dims: number, nonzeros: number, dense: boolean): FeatureMatrix {
  if (dense) {
    const values = new Float32Array(rows * dims);
    for (let row = 0; row < rows; row++) {
      let offset = row * dims;
      for (const part of parts) {
        const base = offset;
        part.write(row, (index, value) => (values[base + index] = value));
        offset += part.width;
      }
    }
    return denseMatrix(values, rows, dims);
  }
  const indptr = new Int32Array(rows + 1);
  const indices = new Int32Array(nonzeros);
  const values = new Float32Array(nonzeros);
  let stored = 0;
  for (let row = 0; row < rows; row++) {
    let offset = 0;
    for (const part of parts) {
      const base = offset;
      part.write(row, (index, value) => {
        indices[stored] = base + index;
        values[stored++] = value;
      });
      offset += part.width;
    }
    indptr[row + 1] = stored;
  }
  return csrMatrix(indptr, indices, values, dims);
}

/** Builds the matrix and its description; see the module comment for the encoding. */
export function prepareProxyFeatures(table: DataTable, columns: ProxyFeatureColumns, options: ProxyFeatureOptions): ProxyFeatures {
  const tableRows = table.rowCount;
  const subset = options.rows ?? Int32Array.from({ length: tableRows }, (_, row) => row);
  // Matrix rows: one per row of the subset (every data row by default).
  const rows = subset.length;
  const { fitRows } = options;
  const maxLevels = options.maxLevels ?? 50;
  const maxDenseCells = options.maxDenseCells ?? 2 ** 24;
  const fitMatrixRows = fitMatrixRowsOf(tableRows, subset, fitRows, maxLevels);

  const blocks: FeatureBlock[] = [];
  const description: ProxyFeatureDescription = {
    rows,
    dims: 0,
    kind: 'dense',
    nonzeros: 0,
    numeric: { columns: 0, missingIndicators: 0, constant: [], skipped: [] },
    categorical: { columns: 0, features: 0, levelsDropped: 0 },
    text: null,
    embeddings: null,
    blocks,
  };
  const layout: Layout = { table, subset, fitRows, parts: [], blocks, dims: 0, description };
  addNumericParts(layout, columns.numeric ?? []);
  addCategoricalParts(layout, columns.categorical ?? [], maxLevels);
  if (columns.embeddings) addEmbeddingPart(layout, columns.embeddings);
  if (columns.text) addTextPart(layout, columns.text, fitMatrixRows, options.text);

  const { parts, dims } = layout;
  const nonzeros = parts.reduce((sum, part) => sum + part.nonzeros, 0);
  const cells = rows * dims;
  const dense = !columns.text && cells <= maxDenseCells && nonzeros * 4 >= cells;
  description.dims = dims;
  description.nonzeros = nonzeros;
  description.kind = dense ? 'dense' : 'csr';
  return { matrix: assembleMatrix(parts, rows, dims, nonzeros, dense), description };
}
