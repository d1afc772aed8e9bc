/**
 * The feature matrices the proxy learner reads: dense row-major (`rows x dims`, float32 or
 * float64) or compressed sparse rows (CSR: row r's nonzeros are `indices`/`values` in
 * `[indptr[r], indptr[r + 1])`, float32 values).
 */

export interface DenseMatrix {
  readonly kind: 'dense';
  readonly rows: number;
  readonly dims: number;
  /** Row-major: cell (r, j) at `r * dims + j`. */
  readonly values: Float32Array | Float64Array;
}

export interface CsrMatrix {
  readonly kind: 'csr';
  readonly rows: number;
  readonly dims: number;
  /** rows + 1 offsets into `indices` and `values`. */
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

export type FeatureMatrix = DenseMatrix | CsrMatrix;

export function denseMatrix(values: Float32Array | Float64Array, rows: number, dims: number): DenseMatrix {
  if (!Number.isInteger(rows) || !Number.isInteger(dims) || rows < 0 || dims < 0)
    throw new RangeError(`a dense matrix needs whole non-negative rows and dims, got ${rows} x ${dims}`);
  if (values.length !== rows * dims) throw new RangeError(`a dense ${rows} x ${dims} matrix needs ${rows * dims} values, got ${values.length}`);
  return { kind: 'dense', rows, dims, values };
}

/** A CSR matrix, checked: offsets non-decreasing from 0 to the nonzero count, indices in [0, dims). */
export function csrMatrix(indptr: Int32Array, indices: Int32Array, values: Float32Array, dims: number): CsrMatrix {
  const rows = indptr.length - 1;
  if (rows < 0) throw new RangeError('a CSR matrix needs at least one offset (indptr of rows + 1 values)');
  if (indices.length !== values.length) throw new RangeError(`CSR indices (${indices.length}) and values (${values.length}) differ in length`);
  if (indptr[0] !== 0 || indptr[rows] !== indices.length)
    throw new RangeError(`CSR offsets must run from 0 to ${indices.length}, got ${indptr[0]} to ${indptr[rows]}`);
  for (let r = 0; r < rows; r++) if (indptr[r + 1] < indptr[r]) throw new RangeError(`CSR offsets decrease at row ${r}`);
  for (let p = 0; p < indices.length; p++) {
    if (!(indices[p] >= 0 && indices[p] < dims)) throw new RangeError(`CSR column index ${indices[p]} is outside [0, ${dims})`);
  }
  return { kind: 'csr', rows, dims, indptr, indices, values };
}

/** Stored cells: rows x dims for a dense matrix, the nonzero count for CSR. */
export function storedCells(matrix: FeatureMatrix): number {
  return matrix.kind === 'dense' ? matrix.values.length : matrix.indices.length;
}
