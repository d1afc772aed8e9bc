/**
 * The two inner loops of the logistic-regression gradient, for one row of a dense or CSR matrix
 * and feature-major coefficients (class k of feature j at j * K + k):
 *   scores:   z_k += sum_j x_j W[j * K + k]
 *   gradient: G[j * K + k] += x_j r_k
 * Classes go in blocks of up to four held in local variables, one pass over the row per block:
 * about three times faster in V8 than an inner loop over the classes, whose partial sums go
 * through memory. Both matrix kinds add the cells in increasing column order, so a dense matrix
 * and its CSR copy give the same sums bit for bit (a dense zero adds exactly 0).
 */
import type { FeatureMatrix } from './feature-matrix.js';

type Values = Float32Array | Float64Array;

function denseScores(x: Values, base: number, d: number, W: Float64Array, K: number, kb: number, width: number, z: Float64Array): void {
  if (width === 4) {
    let a = z[kb],
      b = z[kb + 1],
      c = z[kb + 2],
      e = z[kb + 3];
    for (let j = 0, o = kb; j < d; j++, o += K) {
      const v = x[base + j];
      a += v * W[o];
      b += v * W[o + 1];
      c += v * W[o + 2];
      e += v * W[o + 3];
    }
    z[kb] = a;
    z[kb + 1] = b;
    z[kb + 2] = c;
    z[kb + 3] = e;
  } else if (width === 3) {
    let a = z[kb],
      b = z[kb + 1],
      c = z[kb + 2];
    for (let j = 0, o = kb; j < d; j++, o += K) {
      const v = x[base + j];
      a += v * W[o];
      b += v * W[o + 1];
      c += v * W[o + 2];
    }
    z[kb] = a;
    z[kb + 1] = b;
    z[kb + 2] = c;
  } else if (width === 2) {
    let a = z[kb],
      b = z[kb + 1];
    for (let j = 0, o = kb; j < d; j++, o += K) {
      const v = x[base + j];
      a += v * W[o];
      b += v * W[o + 1];
    }
    z[kb] = a;
    z[kb + 1] = b;
  } else {
    let a = z[kb];
    for (let j = 0, o = kb; j < d; j++, o += K) a += x[base + j] * W[o];
    z[kb] = a;
  }
}

function sparseScores(
  indices: Int32Array,
  x: Float32Array,
  start: number,
  end: number,
  W: Float64Array,
  K: number,
  kb: number,
  width: number,
  z: Float64Array,
): void {
  if (width === 4) {
    let a = z[kb],
      b = z[kb + 1],
      c = z[kb + 2],
      e = z[kb + 3];
    for (let p = start; p < end; p++) {
      const v = x[p];
      const o = indices[p] * K + kb;
      a += v * W[o];
      b += v * W[o + 1];
      c += v * W[o + 2];
      e += v * W[o + 3];
    }
    z[kb] = a;
    z[kb + 1] = b;
    z[kb + 2] = c;
    z[kb + 3] = e;
  } else if (width === 3) {
    let a = z[kb],
      b = z[kb + 1],
      c = z[kb + 2];
    for (let p = start; p < end; p++) {
      const v = x[p];
      const o = indices[p] * K + kb;
      a += v * W[o];
      b += v * W[o + 1];
      c += v * W[o + 2];
    }
    z[kb] = a;
    z[kb + 1] = b;
    z[kb + 2] = c;
  } else if (width === 2) {
    let a = z[kb],
      b = z[kb + 1];
    for (let p = start; p < end; p++) {
      const v = x[p];
      const o = indices[p] * K + kb;
      a += v * W[o];
      b += v * W[o + 1];
    }
    z[kb] = a;
    z[kb + 1] = b;
  } else {
    let a = z[kb];
    for (let p = start; p < end; p++) a += x[p] * W[indices[p] * K + kb];
    z[kb] = a;
  }
}

function denseGradient(x: Values, base: number, d: number, r: Float64Array, K: number, kb: number, width: number, G: Float64Array): void {
  if (width === 4) {
    const a = r[kb],
      b = r[kb + 1],
      c = r[kb + 2],
      e = r[kb + 3];
    for (let j = 0, o = kb; j < d; j++, o += K) {
      const v = x[base + j];
      G[o] += v * a;
      G[o + 1] += v * b;
      G[o + 2] += v * c;
      G[o + 3] += v * e;
    }
  } else if (width === 3) {
    const a = r[kb],
      b = r[kb + 1],
      c = r[kb + 2];
    for (let j = 0, o = kb; j < d; j++, o += K) {
      const v = x[base + j];
      G[o] += v * a;
      G[o + 1] += v * b;
      G[o + 2] += v * c;
    }
  } else if (width === 2) {
    const a = r[kb],
      b = r[kb + 1];
    for (let j = 0, o = kb; j < d; j++, o += K) {
      const v = x[base + j];
      G[o] += v * a;
      G[o + 1] += v * b;
    }
  } else {
    const a = r[kb];
    for (let j = 0, o = kb; j < d; j++, o += K) G[o] += x[base + j] * a;
  }
}

function sparseGradient(
  indices: Int32Array,
  x: Float32Array,
  start: number,
  end: number,
  r: Float64Array,
  K: number,
  kb: number,
  width: number,
  G: Float64Array,
): void {
  if (width === 4) {
    const a = r[kb],
      b = r[kb + 1],
      c = r[kb + 2],
      e = r[kb + 3];
    for (let p = start; p < end; p++) {
      const v = x[p];
      const o = indices[p] * K + kb;
      G[o] += v * a;
      G[o + 1] += v * b;
      G[o + 2] += v * c;
      G[o + 3] += v * e;
    }
  } else if (width === 3) {
    const a = r[kb],
      b = r[kb + 1],
      c = r[kb + 2];
    for (let p = start; p < end; p++) {
      const v = x[p];
      const o = indices[p] * K + kb;
      G[o] += v * a;
      G[o + 1] += v * b;
      G[o + 2] += v * c;
    }
  } else if (width === 2) {
    const a = r[kb],
      b = r[kb + 1];
    for (let p = start; p < end; p++) {
      const v = x[p];
      const o = indices[p] * K + kb;
      G[o] += v * a;
      G[o + 1] += v * b;
    }
  } else {
    const a = r[kb];
    for (let p = start; p < end; p++) G[indices[p] * K + kb] += x[p] * a;
  }
}

/** Adds row `row`'s scores x . W_k to z (which the caller fills with the intercepts). */
export function addRowScores(X: FeatureMatrix, row: number, W: Float64Array, K: number, z: Float64Array): void {
  if (X.kind === 'dense') {
    const d = X.dims;
    for (let kb = 0; kb < K; kb += 4) denseScores(X.values, row * d, d, W, K, kb, Math.min(4, K - kb), z);
  } else {
    const start = X.indptr[row];
    const end = X.indptr[row + 1];
    for (let kb = 0; kb < K; kb += 4) sparseScores(X.indices, X.values, start, end, W, K, kb, Math.min(4, K - kb), z);
  }
}

/** Adds x_row r_k into the coefficient gradient G (feature-major, like W). */
export function addRowGradient(X: FeatureMatrix, row: number, r: Float64Array, K: number, G: Float64Array): void {
  if (X.kind === 'dense') {
    const d = X.dims;
    for (let kb = 0; kb < K; kb += 4) denseGradient(X.values, row * d, d, r, K, kb, Math.min(4, K - kb), G);
  } else {
    const start = X.indptr[row];
    const end = X.indptr[row + 1];
    for (let kb = 0; kb < K; kb += 4) sparseGradient(X.indices, X.values, start, end, r, K, kb, Math.min(4, K - kb), G);
  }
}
