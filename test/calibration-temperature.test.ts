/** The calibration check's temperature-scaling measurement reads each run's ECE from the caller when given: the same figures either way. */
import { describe, expect, it } from 'vitest';
import { measureTemperatureScaling } from '../src/checks/calibration.temperature.js';
import { calibration } from '../src/math/calibration.js';
import type { Run } from '../src/data/model.js';

describe('measureTemperatureScaling', () => {
  it('gives the same result with the ECEs passed in as when it computes them', () => {
    const n = 400;
    const k = 3;
    let state = 17;
    const next = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296;
    const labels = Int32Array.from({ length: n }, () => Math.floor(next() * k));
    const runs = [0, 1].map((r) => {
      const probs = new Float64Array(n * k);
      for (let i = 0; i < n; i++) {
        let total = 0;
        for (let c = 0; c < k; c++) total += probs[i * k + c] = Math.exp(3 * next() + (c === labels[i] ? 1 + r : 0));
        for (let c = 0; c < k; c++) probs[i * k + c] /= total;
      }
      return { name: String(r), covered: new Uint8Array(n).fill(1), probs } as unknown as Run;
    });
    const rows = Int32Array.from({ length: n }, (_, i) => i);
    const options = { folds: 5, seed: 3, bins: 15 };
    const computed = measureTemperatureScaling(runs, labels, k, rows, options);
    const eceBefore = runs.map((run) => calibration(run.probs!, k, labels, { bins: 15, rows }).ece);
    expect(measureTemperatureScaling(runs, labels, k, rows, { ...options, eceBefore })).toEqual(computed);
    expect(computed!.eceBefore).toBeCloseTo((eceBefore[0] + eceBefore[1]) / 2, 15);
  });
});
