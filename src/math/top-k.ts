/** For each query row, the k base rows with the largest dot product: what dot-top-k.ts returns, from either of its kernels. */
export interface TopK {
  k: number;
  /** queries x k base rows, largest score first. */
  indices: Int32Array;
  /** queries x k scores, descending. */
  scores: Float32Array;
}
