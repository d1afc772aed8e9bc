/** Reads the arrays test/reference/proxy_logistic.py writes to fixtures/proxy-logistic/. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { decodeNpy, type NumericArray } from '../../src/io/npy.js';
import { csrMatrix, denseMatrix, type FeatureMatrix } from '../../src/math/feature-matrix.js';

export const PROXY_FIXTURES = fileURLToPath(new URL('../../fixtures/proxy-logistic', import.meta.url));

export interface FoldFigures {
  objective: number;
  gradientMaxAbs: number;
  accuracy: number;
  logLoss: number;
}

export interface ExpectedCase {
  rows: number;
  dims: number;
  classes: number;
  folds: { fold: number; trainRows: number; testRows: number; sklearn: FoldFigures & { iterations: number; correct: number }; optimum: FoldFigures }[];
}

export function expectedCases(): Record<string, ExpectedCase> {
  return JSON.parse(readFileSync(join(PROXY_FIXTURES, 'expected.json'), 'utf8')).cases;
}

export function readArrays(name: string): Map<string, NumericArray> {
  const members = unzipSync(new Uint8Array(readFileSync(join(PROXY_FIXTURES, `${name}.npz`))));
  const arrays = new Map<string, NumericArray>();
  for (const [member, bytes] of Object.entries(members)) arrays.set(member.replace(/\.npy$/, ''), decodeNpy(bytes, member));
  return arrays;
}

export interface LogisticCase {
  X: FeatureMatrix;
  y: Int32Array;
  fold: Int32Array;
  classes: number;
  sampleWeight: Float64Array | null;
  /** Per fold, K x d coefficients (class-major, as scikit-learn's coef_) and K intercepts. */
  sklearn: { coef: Float64Array; intercept: Float64Array }[];
  optimum: { coef: Float64Array; intercept: Float64Array }[];
  arrays: Map<string, NumericArray>;
}

export function loadLogisticCase(name: string): LogisticCase {
  const arrays = readArrays(name);
  const get = (key: string): NumericArray => {
    const array = arrays.get(key);
    if (!array) throw new Error(`${name}.npz has no ${key}`);
    return array;
  };
  const y = Int32Array.from(get('y').data);
  let X: FeatureMatrix;
  if (arrays.has('x')) {
    const x = get('x');
    X = denseMatrix(Float32Array.from(x.data), x.shape[0], x.shape[1]);
  } else {
    const shape = get('shape').data;
    X = csrMatrix(Int32Array.from(get('indptr').data), Int32Array.from(get('indices').data), Float32Array.from(get('data').data), shape[1]);
  }
  const coef = get('coef');
  const [folds, K, d] = coef.shape;
  const perFold = (coefKey: string, interceptKey: string) =>
    Array.from({ length: folds }, (_, f) => ({
      coef: get(coefKey).data.slice(f * K * d, (f + 1) * K * d),
      intercept: get(interceptKey).data.slice(f * K, (f + 1) * K),
    }));
  return {
    X,
    y,
    fold: Int32Array.from(get('fold').data),
    classes: K,
    sampleWeight: arrays.has('sample_weight') ? get('sample_weight').data : null,
    sklearn: perFold('coef', 'intercept'),
    optimum: perFold('optimum_coef', 'optimum_intercept'),
    arrays,
  };
}
