import type { FileDigest } from './model.js';

/**
 * One embedding vector per data row (row-major `rows x dimensions`, float32), in data order: what
 * `--embeddings FILE` or `--embedding-col NAME` gives. Rows with no vector (an empty cell, or an
 * all-zero vector, which has no direction) are marked in `missing`; checks leave them out.
 */
export interface Embeddings {
  rows: number;
  dimensions: number;
  vectors: Float32Array;
  /** 1 where the row has no vector. */
  missing: Uint8Array;
  missingRows: number;
  /** Where they came from: a file (and the array or column in it), or a column of the data. */
  source: { path: string; format: 'npy' | 'npz' | 'parquet' | 'arrow' | 'column'; field: string | null };
  digest: FileDigest | null;
}
