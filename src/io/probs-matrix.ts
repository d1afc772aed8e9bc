/**
 * `--probs FILE.npy...`: a run's class probabilities (or logits) as an N x K array, rows in data
 * order and columns in class order, as cleanlab's `pred_probs.npy` is. Each file is one run named
 * after the file. An `.npz` gives the array named `pred_probs`, `probs`, `probabilities` or
 * `logits`, or its only array. Rows summing to 1 (within 1e-3) with every value in [0, 1] are
 * probabilities (renormalised); arrays with a value outside [0, 1] are logits (soft-maxed); anything
 * else is an error, as are NaN, infinities and a shape that does not match the data.
 */
import { basename } from 'node:path';
import { InputError } from '../errors.js';
import type { FileDigest, Labels, Predictions, Run } from '../data/model.js';
import { scoreRunsAgainstLabels } from '../data/predictions.js';
import { argmax, PROBABILITY_TOLERANCE, softmaxInPlace } from '../data/probabilities.js';
import { readNumpyArray } from './npz.js';

const NPZ_KEYS = ['pred_probs', 'probs', 'probabilities', 'logits'];

export interface MatrixRun {
  run: Run;
  /** How the values were read. */
  kind: 'probabilities' | 'logits';
  digest: FileDigest;
}

/** The run name of a file: its name without `.npy`, `.npz` (and `.gz`). */
export function matrixRunName(path: string): string {
  return basename(path)
    .replace(/\.gz$/i, '')
    .replace(/\.(npy|npz)$/i, '');
}

export async function readMatrixRun(path: string, options: { rowCount: number; classes: readonly string[] }): Promise<MatrixRun> {
  const k = options.classes.length;
  // The shape is checked from the header, before the values are read or even allocated.
  const check = (shape: readonly number[], label: string) => {
    if (shape.length !== 2) throw new InputError(`expected a 2-D array of shape (rows, classes), got shape (${shape.join(', ')})`, label);
    const [rows, columns] = shape;
    if (rows !== options.rowCount)
      throw new InputError(`has ${rows} rows and the data has ${options.rowCount}: --probs arrays hold one row per data row, in data order`, label);
    if (columns !== k)
      throw new InputError(
        `has ${columns} columns and the labels have ${k} classes (${options.classes.slice(0, 8).join(', ')}${k > 8 ? ', ...' : ''}): columns are the classes in that order (--classes sets it)`,
        label,
      );
  };
  const { array, digest, label } = await readNumpyArray(path, { keys: NPZ_KEYS, what: 'probabilities', check });
  const n = array.shape[0];
  const values = array.data;
  let outside = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) throw new InputError(`row ${Math.floor(i / k)} (0-based) holds ${String(v)} in column ${i % k}`, label);
    if (v < 0 || v > 1) outside = true;
  }
  const probs = Float64Array.from(values);
  const pred = new Int32Array(n);
  for (let row = 0; row < n; row++) {
    const offset = row * k;
    if (outside) softmaxInPlace(probs, offset, k);
    else {
      let sum = 0;
      for (let c = 0; c < k; c++) sum += probs[offset + c];
      if (Math.abs(sum - 1) > PROBABILITY_TOLERANCE) {
        throw new InputError(
          `row ${row} (0-based) sums to ${sum.toPrecision(6)}, not 1: give probabilities whose rows sum to 1, or logits (a value outside [0, 1] marks an array as logits)`,
          label,
        );
      }
      for (let c = 0; c < k; c++) probs[offset + c] /= sum;
    }
    pred[row] = argmax(probs, offset, k);
  }
  const run: Run = {
    name: matrixRunName(path),
    model: null,
    path,
    covered: new Uint8Array(n).fill(1),
    count: n,
    pred,
    probs,
    probsByPosition: true,
    score: null,
    lines: new Int32Array(n),
  };
  return { run, kind: outside ? 'logits' : 'probabilities', digest };
}

/** Adds the `--probs` runs to the predictions read from record files (or makes predictions of them alone). */
export async function withMatrixRuns(
  predictions: Predictions | null,
  paths: readonly string[],
  options: { rowCount: number; labels: Labels | null; classes: readonly string[] | null },
): Promise<Predictions> {
  const classes = options.labels?.classes ?? predictions?.classes ?? options.classes;
  if (!classes || classes.length === 0)
    throw new InputError('--probs needs the class order of the array columns: a label column in the data, or --classes a,b,c');
  const names = new Set(predictions?.runs.map((r) => r.name) ?? []);
  const added: MatrixRun[] = [];
  for (const path of paths) {
    const matrix = await readMatrixRun(path, { rowCount: options.rowCount, classes });
    if (names.has(matrix.run.name))
      throw new InputError(`--probs ${JSON.stringify(path)}: a run named "${matrix.run.name}" exists already (runs are named after their files; rename one)`);
    names.add(matrix.run.name);
    added.push(matrix);
  }
  const runs = added.map((m) => m.run);
  scoreRunsAgainstLabels(runs, options.labels);
  const base: Predictions = predictions ?? {
    paths: [],
    snapshots: null,
    digests: [],
    runs: [],
    records: 0,
    classes: [...classes],
    hasProbabilities: false,
    unmatched: { count: 0, examples: [] },
    uncovered: { count: 0, rows: [] },
  };
  return {
    ...base,
    paths: [...base.paths, ...paths],
    digests: [...base.digests, ...added.map((m) => m.digest)],
    runs: [...base.runs, ...runs],
    records: base.records + runs.reduce((s, r) => s + r.count, 0),
    hasProbabilities: true,
  };
}
