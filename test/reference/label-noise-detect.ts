/**
 * Driver for the label-noise measurements (not a test): runs src/math/confident-learning.ts on
 * probabilities written by test/reference/label_noise_f1.py, or times it on synthetic data.
 *
 * Build and run (node 20 cannot run TypeScript directly):
 *   npx tsc --outDir /tmp/cl-build --rootDir . --module nodenext --moduleResolution nodenext \
 *     --target es2022 --types node --skipLibCheck src/math/confident-learning.ts test/reference/label-noise-detect.ts
 *   node /tmp/cl-build/test/reference/label-noise-detect.js time [rows] [classes]
 *   node /tmp/cl-build/test/reference/label-noise-detect.js detect /tmp/label-noise/compas-binary.json
 */
import { readFileSync } from 'node:fs';
import { findLabelIssues, type QualityMethod } from '../../src/math/confident-learning.js';
import { combineRuns, runDisagreement, type RunPredictions } from '../../src/math/run-combination.js';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function time(rows: number, k: number): void {
  const random = mulberry32(1);
  const probs = new Float64Array(rows * k);
  const labels = new Int32Array(rows);
  for (let row = 0; row < rows; row++) {
    const truth = Math.floor(random() * k);
    let sum = 0;
    for (let c = 0; c < k; c++) {
      const v = Math.exp(2 * random() + (c === truth ? 2.5 : 0));
      probs[row * k + c] = v;
      sum += v;
    }
    for (let c = 0; c < k; c++) probs[row * k + c] /= sum;
    labels[row] = random() < 0.1 ? (truth + 1 + Math.floor(random() * (k - 1))) % k : truth;
  }
  for (let repeat = 0; repeat < 3; repeat++) {
    const start = process.hrtime.bigint();
    const result = findLabelIssues(probs, labels, k);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    console.log(JSON.stringify({ rows, classes: k, ms: Math.round(ms), issues: result.rows.length, noiseRate: result.noise.noiseRate }));
  }
}

interface Task {
  name: string;
  classes: string[];
  labels: number[];
  flipped: number[];
  runs: number[][][]; // runs x rows x classes
}

function f1(flagged: ArrayLike<number>, truth: Set<number>): { flagged: number; precision: number; recall: number; f1: number } {
  let hits = 0;
  for (let t = 0; t < flagged.length; t++) if (truth.has(flagged[t])) hits++;
  const precision = flagged.length === 0 ? 0 : hits / flagged.length;
  const recall = truth.size === 0 ? 0 : hits / truth.size;
  return { flagged: flagged.length, precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

function detect(path: string): void {
  const task = JSON.parse(readFileSync(path, 'utf8')) as Task;
  const k = task.classes.length;
  const n = task.labels.length;
  const labels = Int32Array.from(task.labels);
  const truth = new Set(task.flipped);
  const runs: RunPredictions[] = task.runs.map((matrix) => {
    const probs = Float64Array.from(matrix.flat());
    const pred = new Int32Array(n);
    for (let row = 0; row < n; row++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (probs[row * k + c] > probs[row * k + best]) best = c;
      pred[row] = best;
    }
    return { covered: new Uint8Array(n).fill(1), probs, pred };
  });
  const out: Record<string, unknown> = { task: task.name, rows: n, flipped: truth.size };
  for (const method of ['self_confidence', 'normalized_margin'] as QualityMethod[]) {
    const single = findLabelIssues(runs[0].probs!, labels, k, { method });
    const combined = combineRuns(runs, n, k)!;
    const averaged = findLabelIssues(combined.probs, labels, k, { method });
    const agreement = runDisagreement(runs, labels, k, averaged.rows);
    const byAgreement = (min: number) => Array.from(averaged.rows).filter((_, t) => agreement[t] >= min);
    // The hard-vote path: the runs' argmax only.
    const votes = combineRuns(
      runs.map((run) => ({ ...run, probs: null })),
      n,
      k,
    )!;
    const voted = findLabelIssues(votes.probs, labels, k, { method });
    out[method] = {
      singleRun: { ...f1(single.rows, truth), rows: method === 'self_confidence' ? Array.from(single.rows) : undefined },
      averaged: {
        ...f1(averaged.rows, truth),
        rows: method === 'self_confidence' ? Array.from(averaged.rows) : undefined,
        estimatedNoiseRate: averaged.noise.noiseRate,
      },
      averagedMinAgreement05: f1(byAgreement(0.5), truth),
      averagedMinAgreement1: f1(byAgreement(1), truth),
      hardVotes: f1(voted.rows, truth),
    };
  }
  console.log(JSON.stringify(out));
}

const [mode, a, b] = process.argv.slice(2);
if (mode === 'time') time(Number(a ?? 1_000_000), Number(b ?? 10));
else if (mode === 'detect') detect(a);
else console.error('usage: label-noise-detect.js time [rows] [classes] | detect FILE');
