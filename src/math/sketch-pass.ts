/**
 * The per-row pass of the near-duplicate search: for each text, its one-permutation MinHash
 * signature (kept only as LSH band keys and a byte sketch), its folded-content hash and whether
 * it has any shingle. Runs on the main thread, and on a worker thread for part of the rows when
 * the input is large (`runSketchPass`): both halves compute exactly the same values, so the
 * result does not depend on the split.
 */
import { availableParallelism } from 'node:os';
import { parallelSetting, workerScriptExists } from '../worker-support.js';
import { Worker } from 'node:worker_threads';
import { OnePermutationMinHash } from './minhash.js';
import { bandKeysInto } from './lsh.js';
import { phaseTimer } from './phase-timer.js';

export interface SketchParams {
  hashes: number;
  bands: number;
  rows: number;
  seed: number;
}

/** Outputs of the pass over n rows (typed arrays, possibly over shared memory). */
export interface SketchOutputs {
  /** Band keys, band-major: `keys[band * n + row]`. */
  keys: Uint32Array;
  /** Folded-content hash, two words per row. */
  content: Uint32Array;
  /** 1 where the text has at least one shingle. */
  valid: Uint8Array;
  /** Low byte of every other signature value, `hashes / 2` bytes per row. */
  sketches: Uint8Array;
}

/** Fills the outputs for rows [start, end) of n; returns how many had text. */
export function sketchRange(text: (row: number) => string, start: number, end: number, n: number, params: SketchParams, out: SketchOutputs): number {
  const { hashes: k, bands, rows, seed } = params;
  const hasher = new OnePermutationMinHash(k, seed);
  const signature = new Uint32Array(k);
  const half = k >>> 1;
  const { keys, content, valid, sketches } = out;
  let textRows = 0;
  for (let i = start; i < end; i++) {
    if (!hasher.sketchText(text(i), seed, signature, 0, content, 2 * i)) continue;
    valid[i] = 1;
    textRows++;
    bandKeysInto(signature, 0, bands, rows, seed, keys, n, i);
    const base = i * half;
    for (let j = 0; j < half; j++) sketches[base + j] = signature[2 * j];
  }
  return textRows;
}

/** Rows from which a worker thread takes part of the pass. */
export const PARALLEL_MIN_ROWS = 50000;

const WORKER_URL = new URL('./sketch-worker.js', import.meta.url);

/** A worker can run: a second core and the compiled worker script next to this module. */
export function canUseWorker(): boolean {
  return parallelSetting() !== 'off' && availableParallelism() >= 2 && workerScriptExists(WORKER_URL);
}

/** Control words shared with the worker: [0] texts ready (1), [1] worker failed (1). */
const READY = 0;
const FAILED = 1;
/** Chunk states: free, claimed by the worker, done by the worker, claimed by this thread. */
export const CHUNK_FREE = 0;
export const CHUNK_WORKER = 1;
export const CHUNK_WORKER_DONE = 2;
export const CHUNK_MAIN = 3;
/** Rows per chunk of the shared range. */
export const CHUNK_ROWS = 2048;

export interface SketchPassResult extends SketchOutputs {
  textRows: number;
  /** Rows the worker thread computed (0 when the pass ran on this thread only). */
  workerRows: number;
}

function allocate(n: number, params: SketchParams, shared: boolean): SketchOutputs {
  const buffer = (bytes: number) => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  return {
    keys: new Uint32Array(buffer(4 * params.bands * n)),
    content: new Uint32Array(buffer(8 * n)),
    valid: new Uint8Array(buffer(n)),
    sketches: new Uint8Array(buffer(n * (params.hashes >>> 1))),
  };
}

/**
 * The pass over all n rows. With `parallel` (and a large input, a second core and the compiled
 * worker), the texts of the last half of the rows are copied as UTF-8 into shared memory and
 * cut into chunks; a worker thread claims chunks from the front of that range while this thread
 * computes the first half and then claims chunks from the back (compare-and-swap per chunk), so
 * the two meet wherever their speeds put them. This thread waits only for chunks the worker is
 * computing; if the worker fails or stalls, it computes them itself (same values either way).
 */
export function runSketchPass(
  text: (row: number) => string,
  n: number,
  params: SketchParams,
  parallel = true,
  timings?: Record<string, number>,
): SketchPassResult {
  const lap = phaseTimer(timings);
  if (!parallel || n < PARALLEL_MIN_ROWS || !canUseWorker()) {
    const out = allocate(n, params, false);
    return { ...out, textRows: sketchRange(text, 0, n, n, params, out), workerRows: 0 };
  }
  const out = allocate(n, params, true);
  const mid = n >>> 1;
  const chunks = Math.ceil((n - mid) / CHUNK_ROWS);
  const control = new Int32Array(new SharedArrayBuffer(8));
  const state = new Int32Array(new SharedArrayBuffer(4 * chunks));
  const offsets = new Int32Array(new SharedArrayBuffer(4 * (n - mid + 1)));
  let total = 0;
  for (let i = mid; i < n; i++) {
    offsets[i - mid] = total;
    total += Buffer.byteLength(text(i), 'utf8');
  }
  offsets[n - mid] = total;
  const bytes = new SharedArrayBuffer(Math.max(1, total));
  let worker: Worker | null;
  try {
    worker = new Worker(WORKER_URL, {
      workerData: {
        control: control.buffer,
        state: state.buffer,
        offsets: offsets.buffer,
        bytes,
        start: mid,
        end: n,
        n,
        chunkRows: CHUNK_ROWS,
        params,
        ...out,
      },
    });
    worker.unref();
    worker.on('error', () => {});
  } catch {
    worker = null;
  }
  const encoded = Buffer.from(bytes);
  for (let i = mid; i < n; i++) encoded.write(text(i), offsets[i - mid], 'utf8');
  Atomics.store(control, READY, 1);
  Atomics.notify(control, READY);
  lap('sketch.encode');

  sketchRange(text, 0, mid, n, params, out);
  const chunkEnd = (c: number) => Math.min(n, mid + (c + 1) * CHUNK_ROWS);
  // Claim chunks from the back until meeting the worker.
  for (let c = chunks - 1; c >= 0; c--) {
    if (Atomics.compareExchange(state, c, CHUNK_FREE, CHUNK_MAIN) !== CHUNK_FREE) break;
    sketchRange(text, mid + c * CHUNK_ROWS, chunkEnd(c), n, params, out);
  }
  lap('sketch.own');
  // Wait for the chunks the worker claimed; recompute any it does not finish.
  let workerRows = 0;
  for (let c = 0; c < chunks; c++) {
    const deadline = performance.now() + 10000;
    while (Atomics.load(state, c) === CHUNK_WORKER && Atomics.load(control, FAILED) === 0 && performance.now() < deadline)
      Atomics.wait(state, c, CHUNK_WORKER, 50);
    const final = Atomics.load(state, c);
    if (final === CHUNK_WORKER_DONE) workerRows += chunkEnd(c) - (mid + c * CHUNK_ROWS);
    else if (final !== CHUNK_MAIN) {
      // Unclaimed (no worker) or stalled: compute here; a late worker would write the same values.
      Atomics.store(state, c, CHUNK_MAIN);
      sketchRange(text, mid + c * CHUNK_ROWS, chunkEnd(c), n, params, out);
    }
  }
  if (worker && Atomics.load(control, FAILED) !== 0) void worker.terminate();
  lap('sketch.wait');
  let textRows = 0;
  for (let i = 0; i < n; i++) textRows += out.valid[i];
  return { ...out, textRows, workerRows };
}
