/**
 * Times the whole label-noise check (combining runs, confident learning, run agreement, metrics)
 * on synthetic data: node .../label-noise-check-time.js [rows] [classes] [runs]. Not a test; see
 * label-noise-detect.ts for the build command (add src/checks/label-noise.ts to the tsc inputs).
 */
import { labelNoise } from '../../src/checks/label-noise.js';
import { runCheckSync } from '../helpers/run-check.js';
import type { CheckContext } from '../../src/checks/types.js';
import type { Predictions, Run } from '../../src/data/model.js';

const [rows, k, runCount] = process.argv.slice(2).map(Number) as [number, number, number];
let state = 7;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const truth = new Int32Array(rows);
const codes = new Int32Array(rows);
for (let row = 0; row < rows; row++) {
  truth[row] = Math.floor(random() * k);
  codes[row] = random() < 0.1 ? (truth[row] + 1 + Math.floor(random() * (k - 1))) % k : truth[row];
}
const runs: Run[] = [];
for (let r = 0; r < runCount; r++) {
  const probs = new Float64Array(rows * k);
  const pred = new Int32Array(rows);
  for (let row = 0; row < rows; row++) {
    let sum = 0;
    let best = 0;
    for (let c = 0; c < k; c++) {
      const v = Math.exp(2 * random() + (c === truth[row] ? 2.5 : 0));
      probs[row * k + c] = v;
      sum += v;
    }
    for (let c = 0; c < k; c++) {
      probs[row * k + c] /= sum;
      if (probs[row * k + c] > probs[row * k + best]) best = c;
    }
    pred[row] = best;
  }
  runs.push({
    name: `s${r}`,
    model: null,
    path: 'mem',
    covered: new Uint8Array(rows).fill(1),
    count: rows,
    pred,
    probs,
    score: null,
    lines: new Int32Array(rows),
  });
}
const classes = Array.from({ length: k }, (_, c) => `c${c}`);
const predictions = {
  paths: [],
  digests: [],
  runs,
  records: rows * runCount,
  classes,
  hasProbabilities: true,
  unmatched: { count: 0, examples: [] },
  uncovered: { count: 0, rows: [] },
} as Predictions;
const context = {
  labels: { classes, codes, source: 'label', positiveClass: -1 },
  predictions,
  options: { method: 'self_confidence', minRunAgreement: 0.5, minExamplesPerClass: 1, maxExamples: 10 },
  example: (row: number, extra: Record<string, unknown> = {}) => ({ row, line: row + 2, ...extra }),
  excerpt: () => undefined,
} as unknown as CheckContext;
for (let repeat = 0; repeat < 3; repeat++) {
  const start = process.hrtime.bigint();
  const result = runCheckSync(labelNoise, context);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(
    JSON.stringify({
      rows,
      classes: k,
      runs: runCount,
      ms: Math.round(ms),
      issueCount: result.metrics.issueCount,
      estimatedNoiseRate: result.metrics.estimatedNoiseRate,
    }),
  );
}
