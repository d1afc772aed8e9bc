import { describe, expect, it } from 'vitest';
import { confusionBootstrap } from '../src/math/confusion-bootstrap.js';
import { createRandom } from '../src/math/random.js';
import { quantileSorted } from '../src/math/bootstrap.js';

/** 3 classes, 3,000 rows: class 0 right 90% of the time, class 1 70%, class 2 (rarer) 50%. */
function rows() {
  const random = createRandom(7);
  const label: number[] = [];
  const pred: number[] = [];
  for (let i = 0; i < 3000; i++) {
    const y = i % 10 < 5 ? 0 : i % 10 < 8 ? 1 : 2;
    const right = [0.9, 0.7, 0.5][y];
    label.push(y);
    pred.push(random.next() < right ? y : (y + 1 + random.int(2)) % 3);
  }
  return { label: Int32Array.from(label), pred: Int32Array.from(pred) };
}

/** The textbook bootstrap: n rows drawn with replacement per resample. */
function rowBootstrap(label: Int32Array, pred: Int32Array, k: number, resamples: number) {
  const random = createRandom(99);
  const n = label.length;
  const accuracy: number[] = [];
  const macroF1: number[] = [];
  const balanced: number[] = [];
  for (let b = 0; b < resamples; b++) {
    const tp = new Float64Array(k);
    const support = new Float64Array(k);
    const predicted = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      const j = random.int(n);
      support[label[j]]++;
      predicted[pred[j]]++;
      if (label[j] === pred[j]) tp[label[j]]++;
    }
    accuracy.push(tp.reduce((a, c) => a + c, 0) / n);
    macroF1.push(Array.from(tp, (t, c) => (2 * t) / (support[c] + predicted[c])).reduce((a, c) => a + c, 0) / k);
    balanced.push(Array.from(tp, (t, c) => t / support[c]).reduce((a, c) => a + c, 0) / k);
  }
  const interval = (v: number[]) => {
    const sorted = Float64Array.from(v).sort();
    return [quantileSorted(sorted, 0.025), quantileSorted(sorted, 0.975)];
  };
  return { accuracy: interval(accuracy), macroF1: interval(macroF1), balancedAccuracy: interval(balanced) };
}

describe('confusion-matrix bootstrap', () => {
  const { label, pred } = rows();

  it('gives the intervals of the row bootstrap (same distribution, drawn per cell)', () => {
    const fast = confusionBootstrap(label, pred, 3, 4000, 1)!;
    const slow = rowBootstrap(label, pred, 3, 4000);
    for (const metric of ['accuracy', 'macroF1', 'balancedAccuracy'] as const) {
      expect(fast[metric][0]).toBeCloseTo(slow[metric][0], 2);
      expect(fast[metric][1]).toBeCloseTo(slow[metric][1], 2);
    }
  });

  it('matches the normal approximation of a proportion for accuracy', () => {
    const n = label.length;
    const p = label.reduce((a, y, i) => a + (y === pred[i] ? 1 : 0), 0) / n;
    const half = 1.96 * Math.sqrt((p * (1 - p)) / n);
    const { accuracy } = confusionBootstrap(label, pred, 3, 4000, 2)!;
    expect(accuracy[0]).toBeCloseTo(p - half, 2);
    expect(accuracy[1]).toBeCloseTo(p + half, 2);
  });

  it('is reproducible from its seed, and null without rows or resamples', () => {
    expect(confusionBootstrap(label, pred, 3, 500, 5)).toEqual(confusionBootstrap(label, pred, 3, 500, 5));
    expect(confusionBootstrap(label, pred, 3, 500, 5)).not.toEqual(confusionBootstrap(label, pred, 3, 500, 6));
    expect(confusionBootstrap(new Int32Array(0), new Int32Array(0), 3, 500, 5)).toBeNull();
    expect(confusionBootstrap(label, pred, 3, 1, 5)).toBeNull();
  });

  it('a perfect model has the degenerate interval [1, 1]', () => {
    const result = confusionBootstrap(label, label, 3, 300, 3)!;
    expect(result.accuracy).toEqual([1, 1]);
    expect(result.macroF1).toEqual([1, 1]);
  });
});
