/**
 * Reads prediction files on two threads: this one and a worker take alternate files, each into
 * its own PredictionBuilder, and the worker's runs come back as transferred typed arrays to be
 * merged (`PredictionBuilder.mergeState`). The result is the same as one reader going through
 * the files in order. Used for large inputs only, and only from the compiled build.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { InputError } from '../errors.js';
import { parallelSetting, workerScriptExists } from '../worker-support.js';
import { PredictionBuilder, type BuilderState } from '../data/predictions.js';
import { readPredictionFile, resolverFromSpec, type ResolverSpec } from './prediction-file.js';
import { configureInput, inputSettings, type Encoding, type InputLimits } from './source.js';

/** Below this many data rows x prediction files, a worker costs more than it saves. */
export const PARALLEL_MIN_RECORDS = 200_000;

const WORKER_URL = new URL('./prediction-worker.js', import.meta.url);

export interface WorkerRequest {
  paths: string[];
  files: number[];
  rowCount: number;
  classes: string[];
  spec: ResolverSpec;
  /** Per path, the model of `--model`, or null. */
  models: (string | null)[];
  /** The run's input limits and encoding: a worker's module state starts from the defaults. */
  input: InputLimits & { encoding: Encoding };
}

export type WorkerReply = { ok: true; state: BuilderState } | { ok: false; error: { input: boolean; message: string; file?: string; line?: number } };

export interface ParallelReader {
  /** File indexes this thread reads. */
  mainFiles: number[];
  /** The worker's runs, or the error it met first. */
  result: Promise<{ state: BuilderState | null; error: Error | null }>;
}

/** The transferable buffers of a builder state. */
export function transferList(state: BuilderState): ArrayBuffer[] {
  const buffers: ArrayBuffer[] = [];
  for (const { run, fileOf } of state.runs) {
    for (const array of [run.covered, run.lines, run.pred, run.probs, run.score, fileOf]) if (array) buffers.push(array.buffer as ArrayBuffer);
  }
  return buffers;
}

/** Reads the request's files into a fresh builder: the worker's job, or this thread's when the worker dies. */
export async function readAssignedFiles(request: WorkerRequest): Promise<BuilderState> {
  configureInput(request.input);
  const builder = new PredictionBuilder({
    rowCount: request.rowCount,
    resolveRow: resolverFromSpec(request.spec),
    classes: request.classes,
    dataHasLabels: true,
  });
  request.paths.forEach((path, index) => builder.addPath(path, index));
  for (const index of request.files) await readPredictionFile(builder, request.paths[index], index, undefined, request.models[index] ?? null);
  return builder.exportState();
}

/** Starts the worker on every other file, or returns null when one thread is better. */
export function startParallelReader(
  paths: string[],
  rowCount: number,
  classes: string[],
  spec: ResolverSpec,
  models: (string | null)[] = [],
): ParallelReader | null {
  const setting = parallelSetting();
  if (setting === 'off' || paths.length < 2 || !workerScriptExists(WORKER_URL)) return null;
  if (setting === 'auto' && (availableParallelism() < 2 || rowCount * paths.length < PARALLEL_MIN_RECORDS)) return null;
  const mainFiles = paths.map((_, index) => index).filter((index) => index % 2 === 0);
  const request: WorkerRequest = {
    paths,
    files: paths.map((_, index) => index).filter((index) => index % 2 === 1),
    rowCount,
    classes,
    spec,
    models,
    input: inputSettings(),
  };
  const result = new Promise<{ state: BuilderState | null; error: Error | null }>((resolve) => {
    let settled = false;
    const worker = new Worker(WORKER_URL, { workerData: request });
    const fallback = () => {
      // The worker died without answering: read its files here, with the same result.
      readAssignedFiles(request).then(
        (state) => resolve({ state, error: null }),
        (error: Error) => resolve({ state: null, error }),
      );
    };
    worker.once('message', (reply: WorkerReply) => {
      settled = true;
      if (reply.ok) resolve({ state: reply.state, error: null });
      else
        resolve({
          state: null,
          error: reply.error.input ? new InputError(reply.error.message, reply.error.file, reply.error.line) : new Error(reply.error.message),
        });
      void worker.terminate();
    });
    worker.once('error', () => {
      if (!settled) {
        settled = true;
        fallback();
      }
    });
    worker.once('exit', () => {
      if (!settled) {
        settled = true;
        fallback();
      }
    });
  });
  return { mainFiles, result };
}
