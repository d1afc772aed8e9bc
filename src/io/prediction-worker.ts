/** Worker thread of `parallel-predictions.ts`: reads its prediction files, posts the runs back. */
import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../errors.js';
import { readAssignedFiles, transferList, type WorkerReply, type WorkerRequest } from './parallel-predictions.js';

try {
  const state = await readAssignedFiles(workerData as WorkerRequest);
  const reply: WorkerReply = { ok: true, state };
  parentPort!.postMessage(reply, transferList(state));
} catch (error) {
  const reply: WorkerReply = {
    ok: false,
    error:
      error instanceof InputError
        ? { input: true, message: error.message, file: error.file, line: error.line }
        : { input: false, message: error instanceof Error ? error.message : String(error) },
  };
  parentPort!.postMessage(reply);
}
