/** Declared shared values: computed once per audit for the same inputs, apart for other inputs. */
import { describe, expect, it } from 'vitest';
import { ensembleMeanProbabilities, sharedValue } from '../src/checks/support/shared-values.js';
import type { Run } from '../src/data/model.js';

/** A context's memo over one store, as createContext gives every check of an audit. */
const memoOver = (store: Map<string, unknown>) => ({
  memo<T>(key: string, compute: () => T): T {
    if (!store.has(key)) store.set(key, compute());
    return store.get(key) as T;
  },
});

describe('sharedValue', () => {
  it('computes once for the same inputs, whichever check asks first, and apart for other inputs', () => {
    let computed = 0;
    const squares = sharedValue(
      'test:squares',
      (n: number) => String(n),
      (n: number) => {
        computed++;
        return Array.from({ length: n }, (_, i) => i * i);
      },
    );
    const store = new Map<string, unknown>();
    const first = squares.get(memoOver(store), 4);
    const second = squares.get(memoOver(store), 4);
    expect(second).toBe(first);
    expect(first).toEqual([0, 1, 4, 9]);
    expect(computed).toBe(1);
    expect(squares.get(memoOver(store), 3)).toEqual([0, 1, 4]);
    expect(computed).toBe(2);
    expect([...store.keys()]).toEqual(['test:squares:4', 'test:squares:3']);
  });

  it('the ensemble mean of two runs, row by row, over the runs covering each row', () => {
    const run = (name: string, probs: number[], covered: number[]) =>
      ({
        name,
        model: null,
        path: 'p.jsonl',
        covered: Uint8Array.from(covered),
        count: 2,
        pred: null,
        probs: Float64Array.from(probs),
        score: null,
        lines: new Int32Array(3),
      }) as Run;
    // Row 2 is covered by the first run only (its cells in the second are NaN).
    const a = run('s0', [0.9, 0.1, 0.2, 0.8, 0.6, 0.4], [1, 1, 1]);
    const b = run('s1', [0.7, 0.3, 0.4, 0.6, NaN, NaN], [1, 1, 0]);
    const store = new Map<string, unknown>();
    const mean = ensembleMeanProbabilities.get(memoOver(store), [a, b], 2);
    expect(Array.from(mean).map((x) => Number(x.toFixed(12)))).toEqual([0.8, 0.2, 0.3, 0.7, 0.6, 0.4]);
    expect([...store.keys()]).toEqual(['ensemble:mean-probabilities:["s0","s1"]']);
    expect(ensembleMeanProbabilities.get(memoOver(store), [a, b], 2)).toBe(mean);
  });
});
