import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  calibrateConfidentJoint,
  confidentJoint,
  confidentThresholds,
  estimateNoise,
  findLabelIssues,
  labelCounts,
  labelQuality,
  prepareInputs,
  pruneByNoiseRate,
  pruneCounts,
  rankByQuality,
  roundHalfEven,
  roundPreservingSum,
  selectDescending,
} from '../src/math/confident-learning.js';
import { combineRuns, runDisagreement } from '../src/math/run-combination.js';

/*
 * Worked example, 3 classes, 10 rows (also in test/reference/confident_learning.py).
 *
 *  row given  p0    p1    p2
 *   0    0    0.9   0.05  0.05
 *   1    0    0.8   0.1   0.1
 *   2    0    0.2   0.7   0.1
 *   3    0    0.1   0.1   0.8
 *   4    1    0.1   0.8   0.1
 *   5    1    0.3   0.6   0.1
 *   6    1    0.7   0.2   0.1
 *   7    2    0.1   0.1   0.8
 *   8    2    0.05  0.05  0.9
 *   9    2    0.2   0.5   0.3
 *
 * Thresholds (mean self-confidence per given class):
 *   t0 = (0.9 + 0.8 + 0.2 + 0.1) / 4 = 0.5
 *   t1 = (0.8 + 0.6 + 0.2) / 3      = 0.5333...
 *   t2 = (0.8 + 0.9 + 0.3) / 3      = 0.6666...
 * Confident class of each row (p >= t - 1e-6; one class reaches it in every row here):
 *   rows 0,1 -> 0; row 2 -> 1 (0.7 >= 0.533); row 3 -> 2 (0.8 >= 0.667); rows 4,5 -> 1;
 *   row 6 -> 0 (0.7 >= 0.5); rows 7,8 -> 2; row 9 -> none (0.2 < 0.5, 0.5 < 0.533, 0.3 < 0.667).
 * Confident joint (given x true):  [[2,1,1],[1,2,0],[0,0,2]]
 * Calibration to label counts [4,3,3]: rows 0 and 1 already sum to 4 and 3; row 2 sums to 2 and
 *   is scaled by 3/2 -> [0,0,3]. Calibrated joint [[2,1,1],[1,2,0],[0,0,3]], total 10.
 * Estimated noise rate = (10 - 7) / 10 = 0.3; per class: 2 of 4 (0.5), 1 of 3, 0 of 3.
 * Pruning: class 0, cell (0,1) = 1: margins p1 - p0 over rows 0..3 = -0.85, -0.7, 0.5, 0 -> row 2;
 *   cell (0,2) = 1: p2 - p0 = -0.85, -0.7, -0.1, 0.7 -> row 3;
 *   class 1, cell (1,0) = 1: p0 - p1 over rows 4..6 = -0.7, -0.3, 0.5 -> row 6.
 *   None of rows 2, 3, 6 has its given label as argmax, so all three stay flagged.
 * Self-confidence: row 3 0.1, row 2 0.2, row 6 0.2 -> ranked [3, 2, 6] (tie by row).
 * Normalised margin (p_given - max other + 1) / 2: row 3 (0.1-0.8+1)/2 = 0.15,
 *   row 2 (0.2-0.7+1)/2 = 0.25, row 6 (0.2-0.7+1)/2 = 0.25 -> [3, 2, 6].
 */
const K = 3;
const LABELS = Int32Array.from([0, 0, 0, 0, 1, 1, 1, 2, 2, 2]);
const PROBS = Float64Array.from([
  0.9, 0.05, 0.05, 0.8, 0.1, 0.1, 0.2, 0.7, 0.1, 0.1, 0.1, 0.8, 0.1, 0.8, 0.1, 0.3, 0.6, 0.1, 0.7, 0.2, 0.1, 0.1, 0.1, 0.8, 0.05, 0.05, 0.9, 0.2, 0.5, 0.3,
]);

describe('worked example', () => {
  it('computes the per-class thresholds', () => {
    const t = confidentThresholds(PROBS, LABELS, K);
    expect(t[0]).toBeCloseTo(0.5, 12);
    expect(t[1]).toBeCloseTo(1.6 / 3, 12);
    expect(t[2]).toBeCloseTo(2 / 3, 12);
  });

  it('computes the confident joint and calibrates it to the label counts', () => {
    const joint = confidentJoint(PROBS, LABELS, K, confidentThresholds(PROBS, LABELS, K));
    expect(joint).toEqual([
      [2, 1, 1],
      [1, 2, 0],
      [0, 0, 2],
    ]);
    expect(labelCounts(LABELS, K)).toEqual([4, 3, 3]);
    const calibrated = calibrateConfidentJoint(joint, [4, 3, 3]);
    expect(calibrated).toEqual([
      [2, 1, 1],
      [1, 2, 0],
      [0, 0, 3],
    ]);
    const noise = estimateNoise(calibrated);
    expect(noise.noiseRate).toBeCloseTo(0.3, 12);
    expect(noise.perClass).toEqual([
      { count: 2, share: 0.5 },
      { count: 1, share: 1 / 3 },
      { count: 0, share: 0 },
    ]);
    // P(given | true): column 0 of the joint is [2,1,0] -> [2/3, 1/3, 0].
    expect(noise.noiseMatrix[0][0]).toBeCloseTo(2 / 3, 12);
    expect(noise.noiseMatrix[1][0]).toBeCloseTo(1 / 3, 12);
    expect(noise.inverseNoiseMatrix[0]).toEqual([0.5, 0.25, 0.25]);
  });

  it('prunes by noise rate and ranks by self-confidence', () => {
    const result = findLabelIssues(PROBS, LABELS, K);
    expect(Array.from(result.rows)).toEqual([3, 2, 6]);
    expect(Array.from(result.scores)).toEqual([0.1, 0.2, 0.2]);
    expect(Array.from(result.suggested)).toEqual([2, 1, 0]);
    expect(result.noise.noiseRate).toBeCloseTo(0.3, 12);
    expect(result.analysed).toBe(10);
    expect(result.renormalised).toBe(0);
  });

  it('ranks by normalised margin', () => {
    const result = findLabelIssues(PROBS, LABELS, K, { method: 'normalized_margin' });
    expect(Array.from(result.rows)).toEqual([3, 2, 6]);
    expect(result.scores[0]).toBeCloseTo(0.15, 12);
    expect(result.scores[1]).toBeCloseTo(0.25, 12);
    expect(result.scores[2]).toBeCloseTo(0.25, 12);
  });
});

describe('rounding', () => {
  it('rounds half to even like numpy', () => {
    expect([0.5, 1.5, 2.5, 3.5, 2.4999, 2.5001].map(roundHalfEven)).toEqual([0, 2, 2, 4, 2, 3]);
  });

  it('keeps the rounded total, moving units by the largest residual', () => {
    // 1+1+1 = 3 but the total is 4: the residuals are 0.4, 0.4, 0.2; adding goes to the later of the tie.
    expect(roundPreservingSum([1.4, 1.4, 1.2])).toEqual([1, 2, 1]);
    // 2+2+1 = 5 but the total is 4: residuals -0.4, -0.4, -0.2; removing goes to the earlier of the tie.
    expect(roundPreservingSum([1.6, 1.6, 0.8])).toEqual([1, 2, 1]);
    expect(roundPreservingSum([2.5, 2.5, 5])).toEqual([2, 3, 5]);
    expect(roundPreservingSum([0, 0, 0])).toEqual([0, 0, 0]);
  });

  it('calibrates a joint with an unused class and a short row', () => {
    // Row 0 sums to 3 for 5 labelled rows: [1,1,1] * 5/3 = 1.667 each, rounded [2,2,2] = 6, one
    // too many: the residuals tie, so the earliest cell gives it back -> [1,2,2]. Class 2 has no rows.
    // (numpy reference: calibrate([[1,1,1],[0,4,0],[0,0,1]], [5,4,0]) -> [[1,2,2],[0,4,0],[0,0,0]].)
    expect(
      calibrateConfidentJoint(
        [
          [1, 1, 1],
          [0, 4, 0],
          [0, 0, 1],
        ],
        [5, 4, 0],
      ),
    ).toEqual([
      [1, 2, 2],
      [0, 4, 0],
      [0, 0, 0],
    ]);
  });
});

describe('pruning', () => {
  it('keeps at least the minimum per class', () => {
    // Diagonal 0 below 2: deficit 2 spread over (2 non-zero cells - 1) = 1 cell's worth, i.e. 2 off
    // each non-zero off-diagonal cell: [0,3,2] -> [2,1,0]. With diagonal 1 and a minimum of 3: deficit
    // 2 over (3 non-zero - 1) = 1 each: [1,3,2] -> [3,2,1]. (numpy reference keep_at_least agrees.)
    expect(
      pruneCounts(
        [
          [0, 3, 2],
          [1, 5, 0],
          [0, 0, 4],
        ],
        2,
      ),
    ).toEqual([
      [2, 1, 0],
      [1, 5, 0],
      [0, 0, 4],
    ]);
    expect(
      pruneCounts(
        [
          [1, 3, 2],
          [1, 5, 0],
          [0, 0, 4],
        ],
        3,
      ),
    ).toEqual([
      [3, 2, 1],
      [1, 5, 0],
      [0, 0, 4],
    ]);
    expect(pruneCounts([[0, 3, 2]], 0)).toEqual([[0, 3, 2]]);
  });

  it('takes the largest margins per cell, ties to the lower row, and clears argmax == label', () => {
    // Class 0 rows 0..4; margins p1 - p0: 0.2, 0.2, -0.6, 0.2, -0.2 (rows 0, 1, 3 tie).
    const probs = Float64Array.from([0.4, 0.6, 0.4, 0.6, 0.8, 0.2, 0.4, 0.6, 0.6, 0.4, 0.1, 0.9]);
    const labels = Int32Array.from([0, 0, 0, 0, 0, 1]);
    const mask = pruneByNoiseRate(probs, labels, 2, [
      [3, 2],
      [0, 1],
    ]);
    expect(Array.from(mask)).toEqual([1, 1, 0, 0, 0, 0]);
    // A cell asking for more rows than the class has takes them all, then argmax clears rows 2 and 4.
    expect(
      Array.from(
        pruneByNoiseRate(probs, labels, 2, [
          [0, 9],
          [0, 1],
        ]),
      ),
    ).toEqual([1, 1, 0, 1, 0, 0]);
    // A class with no more rows than the minimum is not pruned.
    expect(
      Array.from(
        pruneByNoiseRate(
          probs,
          labels,
          2,
          [
            [3, 2],
            [0, 1],
          ],
          5,
        ),
      ),
    ).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('selects the n-th largest value in linear time, with many ties', () => {
    const values = Float64Array.from([3, 1, 2, 2, 2, 5, 0, 2, 4, 2]);
    const sorted = Array.from(values).sort((a, b) => b - a);
    for (let rank = 0; rank < values.length; rank++) {
      expect(selectDescending(Float64Array.from(values), values.length, rank)).toBe(sorted[rank]);
    }
    const big = new Float64Array(10_001);
    for (let i = 0; i < big.length; i++) big[i] = ((i * 7919) % 1000) / 1000;
    const copy = Array.from(big).sort((a, b) => b - a);
    expect(selectDescending(big, big.length, 4321)).toBe(copy[4321]);
  });
});

describe('label quality', () => {
  it('scores self-confidence and normalised margin', () => {
    const probs = Float64Array.from([0.2, 0.5, 0.3]);
    expect(labelQuality(probs, 0, 0, 3, 'self_confidence')).toBe(0.2);
    expect(labelQuality(probs, 0, 0, 3, 'normalized_margin')).toBeCloseTo((0.2 - 0.5 + 1) / 2, 15);
    expect(labelQuality(probs, 0, 1, 3, 'normalized_margin')).toBeCloseTo((0.5 - 0.3 + 1) / 2, 15);
  });

  it('ranks only the given rows, lowest score first', () => {
    const ranked = rankByQuality(PROBS, LABELS, K, [6, 9, 2, 3], 'self_confidence');
    expect(Array.from(ranked.rows)).toEqual([3, 2, 6, 9]);
    expect(Array.from(ranked.scores)).toEqual([0.1, 0.2, 0.2, 0.3]);
  });
});

describe('robustness', () => {
  it('renormalises slightly-off probabilities and leaves out unusable rows', () => {
    const probs = Float64Array.from([0.50001, 0.5, 1.00001, -1e-9, NaN, NaN, 0, 0, 0.3, 0.7]);
    const labels = Int32Array.from([0, 1, 0, 1, -1]);
    const prepared = prepareInputs(probs, labels, 2);
    expect(Array.from(prepared.labels)).toEqual([0, 1, -1, -1, -1]);
    expect(prepared.analysed).toBe(2);
    expect(prepared.renormalised).toBe(2);
    expect(prepared.probs[0]).toBeCloseTo(0.50001 / 1.00001, 15);
    expect(prepared.probs[2]).toBe(1);
    expect(prepared.probs[3]).toBe(0);
    expect(probs[2]).toBe(1.00001); // the input is not modified
  });

  it('gives the same issues on probabilities off by 1e-5 as on exact ones', () => {
    const off = Float64Array.from(PROBS, (p, i) => (i % 3 === 0 ? p + 1e-5 : p));
    const result = findLabelIssues(off, LABELS, K);
    // Same rows flagged; rows 2 and 6 no longer tie (row 2's 0.2 + 1e-5 now beats row 6's 0.2 / 1.00001).
    expect(Array.from(result.rows)).toEqual([3, 6, 2]);
    expect(result.calibrated).toEqual([
      [2, 1, 1],
      [1, 2, 0],
      [0, 0, 3],
    ]);
    expect(result.renormalised).toBe(10);
  });
});

describe('against the numpy reference (test/reference/confident_learning.py)', () => {
  const fixture = JSON.parse(readFileSync(new URL('./reference/synthetic-60x4.json', import.meta.url), 'utf8'));
  const labels = Int32Array.from(fixture.labels as number[]);
  const probs = Float64Array.from((fixture.probs as number[][]).flat());

  for (const [method, expected] of [
    ['self_confidence', fixture.expected],
    ['normalized_margin', fixture.expectedMargin],
  ] as const) {
    it(`matches the reference with ${method}`, () => {
      const result = findLabelIssues(probs, labels, 4, { method });
      expect(Array.from(result.thresholds).map((t) => Number(t.toFixed(12)))).toEqual(expected.thresholds);
      expect(result.joint).toEqual(expected.joint);
      expect(result.calibrated).toEqual(expected.calibrated);
      expect(Array.from(result.rows)).toEqual(expected.rows);
      expect(Array.from(result.scores).map((s) => Number(s.toFixed(12)))).toEqual(expected.scores);
      expect(result.noise.noiseRate).toBeCloseTo(expected.noiseRate, 12);
    });
  }

  it('pastes the reference output for the synthetic case', () => {
    // python3 test/reference/confident_learning.py, case synthetic-60x4 (self_confidence).
    const result = findLabelIssues(probs, labels, 4);
    expect(result.calibrated).toEqual([
      [10, 0, 1, 0],
      [1, 14, 2, 3],
      [0, 1, 11, 1],
      [0, 0, 0, 16],
    ]);
    expect(Array.from(result.rows)).toEqual([36, 42, 5, 15, 40, 49, 31, 23]);
    expect(result.noise.noiseRate).toBeCloseTo(0.15, 12);
  });
});

describe('several runs', () => {
  it('averages probabilities over the runs that cover each row', () => {
    const a = { covered: Uint8Array.from([1, 1]), probs: Float64Array.from([0.8, 0.2, 0.4, 0.6]), pred: Int32Array.from([0, 1]) };
    const b = { covered: Uint8Array.from([1, 0]), probs: Float64Array.from([0.6, 0.4, NaN, NaN]), pred: Int32Array.from([0, -1]) };
    const combined = combineRuns([a, b], 2, 2)!;
    expect(combined.source).toBe('probabilities');
    expect(combined.runsUsed).toBe(2);
    expect(Array.from(combined.coverage)).toEqual([2, 1]);
    expect(combined.probs[0]).toBeCloseTo(0.7, 15);
    expect(combined.probs[1]).toBeCloseTo(0.3, 15);
    expect(Array.from(combined.probs.subarray(2))).toEqual([0.4, 0.6]);
  });

  it('uses vote shares with hard predictions only', () => {
    const runs = [0, 1, 1].map((vote, i) => ({ covered: Uint8Array.from([1, i < 2 ? 1 : 0]), probs: null, pred: Int32Array.from([vote, 2]) }));
    const combined = combineRuns(runs, 2, 3)!;
    expect(combined.source).toBe('votes');
    expect(Array.from(combined.probs)).toEqual([1 / 3, 2 / 3, 0, 0, 0, 1]);
    expect(Array.from(runDisagreement(runs, Int32Array.from([0, 2]), 3, [0, 1]))).toEqual([2 / 3, 0]);
  });

  it('returns nothing without predictions', () => {
    expect(combineRuns([], 3, 2)).toBeNull();
  });
});
