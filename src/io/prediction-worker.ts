/** Worker thread of `parallel-predictions.ts`: reads its prediction files, posts the runs back. */
import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../errors.js';
import { PredictionBuilder } from '../data/predictions.js';
import { readPredictionFile, resolverFromSpec } from './predictions.js';
import { transferList, type WorkerReply, type WorkerRequest } from './parallel-predictions.js';

const request = workerData as WorkerRequest;
const builder = new PredictionBuilder({ rowCount: request.rowCount, resolveRow: resolverFromSpec(request.spec), classes: request.classes, dataHasLabels: true });
request.paths.forEach((path, index) => builder.addPath(path, index));
try {
  for (const index of request.files) await readPredictionFile(builder, request.paths[index], index);
  const state = builder.exportState();
  const reply: WorkerReply = { ok: true, state };
  parentPort!.postMessage(reply, transferList(state));
} catch (error) {
  const reply: WorkerReply = {
    ok: false,
    error: error instanceof InputError ? { input: true, message: error.message, file: error.file, line: error.line } : { input: false, message: error instanceof Error ? error.message : String(error) },
  };
  parentPort!.postMessage(reply);
}
