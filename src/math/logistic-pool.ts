/**
 * Several independent logistic-regression fits on one feature matrix, shared between this thread
 * and one worker thread (the proxy's penalty paths and what-ifs: each fit takes tens to hundreds
 * of milliseconds on a large input, and they do not depend on each other). A chain is a list of
 * fits each warm-started from the previous one (a regularisation path), the first from the
 * chain's start model. Results are the same on either thread (the same code on the same values);
 * if the worker cannot start or fails, this thread fits its chains too.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { parallelSetting, workerScriptExists } from '../worker-support.js';
import type { FeatureMatrix } from './feature-matrix.js';
import { fitLogistic, type LogisticModel, type LogisticOptions } from './logistic-regression.js';

export interface FitSpec extends Pick<LogisticOptions, 'C' | 'rows' | 'sampleWeight' | 'maxIterations'> {
  /** Labels for this fit instead of the pool's (a relabelling what-if). */
  labels?: Int32Array;
}

export interface FitChain {
  start: LogisticModel | null;
  fits: FitSpec[];
}

/** Matrix cells (nonzeros, or rows x dims) from which a worker pays for its start and the copy. */
const PARALLEL_MIN_CELLS = 400_000;
const WORKER_URL = new URL('./logistic-worker.js', import.meta.url);

/** Fits one chain on this thread. */
export function fitChain(X: FeatureMatrix, y: Int32Array, classes: number, chain: FitChain): LogisticModel[] {
  const models: LogisticModel[] = [];
  let previous = chain.start;
  for (const spec of chain.fits) {
    const model = fitLogistic(X, spec.labels ?? y, classes, {
      C: spec.C,
      rows: spec.rows,
      sampleWeight: spec.sampleWeight ?? null,
      maxIterations: spec.maxIterations,
      warmStart: previous,
    });
    models.push(model);
    previous = model;
  }
  return models;
}

const cells = (X: FeatureMatrix) => (X.kind === 'csr' ? X.indices.length : X.rows * X.dims);
/** What a chain costs, roughly: steps x training rows. */
const cost = (chain: FitChain) => chain.fits.reduce((sum, f) => sum + (f.maxIterations ?? 500) * (f.rows?.length ?? 1), 0);

/** A typed array's values in shared memory (a copy), so the worker reads them without another. */
function shared<T extends Int32Array | Float32Array | Float64Array | Uint8Array>(values: T): T {
  const Ctor = values.constructor as { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number };
  const out = new Ctor(new SharedArrayBuffer(Math.max(1, values.length) * Ctor.BYTES_PER_ELEMENT));
  out.set(values);
  return values.length === 0 ? (out.subarray(0, 0) as T) : out;
}

/** Shared copies of the matrices already handed to a worker: the proxy's stages fit one matrix several times, copied once. */
const sharedCopies = new WeakMap<FeatureMatrix, FeatureMatrix>();

function sharedMatrix(X: FeatureMatrix): FeatureMatrix {
  let copy = sharedCopies.get(X);
  if (!copy) {
    copy = X.kind === 'csr' ? { ...X, indptr: shared(X.indptr), indices: shared(X.indices), values: shared(X.values) } : { ...X, values: shared(X.values) };
    sharedCopies.set(X, copy);
  }
  return copy;
}

/** Every chain's models, in order: about half the work on a worker thread when the input is large enough. */
export async function fitChains(X: FeatureMatrix, y: Int32Array, classes: number, chains: readonly FitChain[]): Promise<LogisticModel[][]> {
  const setting = parallelSetting();
  const useWorker =
    chains.length >= 2 &&
    setting !== 'off' &&
    availableParallelism() >= 2 &&
    workerScriptExists(WORKER_URL) &&
    (setting === 'force' || cells(X) >= PARALLEL_MIN_CELLS);
  if (!useWorker) return chains.map((chain) => fitChain(X, y, classes, chain));
  // Largest first onto the lighter side: the worker's share and this thread's come out about even.
  const order = chains.map((_, i) => i).sort((a, b) => cost(chains[b]) - cost(chains[a]) || a - b);
  const mine: number[] = [];
  const theirs: number[] = [];
  let mineCost = 0;
  let theirCost = 0;
  for (const i of order) {
    if (theirCost < mineCost) {
      theirs.push(i);
      theirCost += cost(chains[i]);
    } else {
      mine.push(i);
      mineCost += cost(chains[i]);
    }
  }
  const results: LogisticModel[][] = new Array<LogisticModel[]>(chains.length);
  const fromWorker = runOnWorker(
    X,
    y,
    classes,
    theirs.map((i) => chains[i]),
  );
  for (const i of mine) results[i] = fitChain(X, y, classes, chains[i]);
  const theirModels = await fromWorker;
  theirs.forEach((i, at) => (results[i] = theirModels?.[at] ?? fitChain(X, y, classes, chains[i])));
  return results;
}

/** The chains' models from a worker thread, or null when it could not run them. */
function runOnWorker(X: FeatureMatrix, y: Int32Array, classes: number, chains: readonly FitChain[]): Promise<LogisticModel[][] | null> {
  if (chains.length === 0) return Promise.resolve([]);
  const matrix = sharedMatrix(X);
  return new Promise((resolve) => {
    let worker: Worker;
    try {
      worker = new Worker(WORKER_URL, { workerData: { matrix, y: shared(y), classes, chains } });
    } catch {
      resolve(null);
      return;
    }
    let settled = false;
    const finish = (value: LogisticModel[][] | null) => {
      if (settled) return;
      settled = true;
      resolve(value);
      void worker.terminate();
    };
    worker.once('message', (models: LogisticModel[][]) => finish(models));
    worker.once('error', () => finish(null));
    worker.once('exit', () => finish(null));
  });
}
