/** The worker thread of logistic-pool.ts: fits the chains it is given and posts their models back. */
import { parentPort, workerData } from 'node:worker_threads';
import type { FeatureMatrix } from './feature-matrix.js';
import { fitChain, type FitChain } from './logistic-pool.js';

const { matrix, y, classes, chains } = workerData as { matrix: FeatureMatrix; y: Int32Array; classes: number; chains: FitChain[] };
const models = chains.map((chain) => fitChain(matrix, y, classes, chain));
parentPort!.postMessage(
  models,
  models.flat().flatMap((m) => [m.weights.buffer as ArrayBuffer, m.intercepts.buffer as ArrayBuffer]),
);
