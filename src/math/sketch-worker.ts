/**
 * Worker thread of `runSketchPass`: waits until the main thread has copied the texts of rows
 * [start, end) into shared memory, then claims chunks of that range from the front (the main
 * thread claims from the back) and computes them into the shared outputs. A failure is flagged
 * so that the main thread computes the rest at once.
 */
import { workerData } from 'node:worker_threads';
import { sketchRange, CHUNK_FREE, CHUNK_WORKER, CHUNK_WORKER_DONE, type SketchParams } from './sketch-pass.js';

interface Job {
  control: SharedArrayBuffer;
  state: SharedArrayBuffer;
  offsets: SharedArrayBuffer;
  bytes: SharedArrayBuffer;
  start: number;
  end: number;
  n: number;
  chunkRows: number;
  params: SketchParams;
  keys: Uint32Array;
  content: Uint32Array;
  valid: Uint8Array;
  sketches: Uint8Array;
}

const job = workerData as Job;
const control = new Int32Array(job.control);
const state = new Int32Array(job.state);
try {
  while (Atomics.load(control, 0) === 0) Atomics.wait(control, 0, 0, 1000);
  const offsets = new Int32Array(job.offsets);
  const bytes = Buffer.from(job.bytes);
  const text = (row: number) => bytes.toString('utf8', offsets[row - job.start], offsets[row - job.start + 1]);
  const out = { keys: job.keys, content: job.content, valid: job.valid, sketches: job.sketches };
  for (let c = 0; c < state.length; c++) {
    if (Atomics.compareExchange(state, c, CHUNK_FREE, CHUNK_WORKER) !== CHUNK_FREE) break;
    const from = job.start + c * job.chunkRows;
    sketchRange(text, from, Math.min(job.end, from + job.chunkRows), job.n, job.params, out);
    Atomics.store(state, c, CHUNK_WORKER_DONE);
    Atomics.notify(state, c);
  }
} catch {
  Atomics.store(control, 1, 1);
  Atomics.notify(state, 0);
}
