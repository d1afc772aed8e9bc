import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../src/math/synthetic.js';
import { distinctSlices, quantileBins, quantileBinsOfLevels, searchSlices, type SearchFeature, type SliceSearchOptions } from '../src/math/slice-search.js';

/** Random table: `levels[f]` values per column, some missing cells, and a target planted at 45% in a 2-column slice (10% elsewhere). */
function randomInput(rows: number, levels: number[], seed: number) {
  const random = mulberry32(seed);
  const features: SearchFeature[] = levels.map((count, f) => ({
    name: `c${f}`,
    codes: new Int32Array(rows),
    values: Array.from({ length: count }, (_, v) => `v${v}`),
  }));
  const target = new Uint8Array(rows);
  for (let row = 0; row < rows; row++) {
    features.forEach((feature, f) => (feature.codes[row] = random() < 0.03 ? -1 : Math.floor(random() * levels[f])));
    const planted = features[1].codes[row] === 0 && features[2].codes[row] === 1;
    target[row] = random() < (planted ? 0.45 : 0.1) ? 1 : 0;
  }
  return { features, target, rows: Int32Array.from({ length: rows }, (_, i) => i) };
}

/** Every conjunction of up to `depth` predicates on distinct columns, with its size and hits, by brute force. */
function bruteForce(input: ReturnType<typeof randomInput>, depth: number, minSupport: number) {
  const { features, target, rows } = input;
  const out: { key: string; size: number; hits: number }[] = [];
  const walk = (start: number, predicates: { feature: number; value: number }[]) => {
    for (let f = start; f < features.length; f++) {
      for (let v = 0; v < features[f].values.length; v++) {
        const next = [...predicates, { feature: f, value: v }];
        let size = 0;
        let hits = 0;
        for (const row of rows) {
          if (next.every((p) => features[p.feature].codes[row] === p.value)) {
            size++;
            hits += target[row];
          }
        }
        if (size >= minSupport) out.push({ key: next.map((p) => `${p.feature}:${p.value}`).join('|'), size, hits });
        if (next.length < depth) walk(f + 1, next);
      }
    }
  };
  walk(0, []);
  return out;
}

const keyOf = (slice: { predicates: { feature: number; value: number }[] }) => slice.predicates.map((p) => `${p.feature}:${p.value}`).join('|');

describe('searchSlices', () => {
  const input = randomInput(3000, [3, 4, 3, 2, 5], 11);
  const base: SliceSearchOptions = { minSupport: 40, maxDepth: 3, keep: 100_000, direction: 'over', alpha: 0.05, includeAll: true };

  it('finds every slice with a positive excess, with exact counts (pruning loses none)', () => {
    const result = searchSlices(input, base);
    const rate = result.overallRate;
    const expected = bruteForce(input, 3, 40).filter((slice) => slice.hits - rate * slice.size > 0);
    const found = new Map(result.all!.map((slice) => [keyOf(slice), slice]));
    expect(found.size).toBe(expected.length);
    for (const slice of expected) {
      const match = found.get(slice.key);
      expect(match, slice.key).toBeDefined();
      expect(match!.size).toBe(slice.size);
      expect(match!.hits).toBe(slice.hits);
      expect(match!.excess).toBeCloseTo(slice.hits - rate * slice.size, 9);
    }
    // Without a top-k bound every slice of sufficient size is tested (470 of them).
    expect(result.tested).toBe(bruteForce(input, 3, 40).length);
  });

  it('keeps the exact top-k under top-k pruning (SliceLine guarantee)', () => {
    const rate = searchSlices(input, base).overallRate;
    const truth = bruteForce(input, 3, 40)
      .map((slice) => ({ key: slice.key, score: slice.hits - rate * slice.size }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 5);
    const pruned = searchSlices(input, { ...base, keep: 5 });
    const top = [...pruned.all!].sort((a, b) => b.score - a.score).slice(0, 5);
    expect(top.map(keyOf)).toEqual(truth.map((slice) => slice.key));
    expect(pruned.tested).toBeLessThan(searchSlices(input, base).tested);
  });

  it('ranks the planted slice first and drops its redundant children and explained parents', () => {
    const result = searchSlices(input, { ...base, includeAll: false, keep: 40 });
    expect(keyOf(result.slices[0])).toBe('1:0|2:1');
    expect(result.slices[0].qValue).toBeLessThan(1e-10);
    // No listed slice is a superset of the planted one (they add nothing beyond it) ...
    for (const slice of result.slices.slice(1)) {
      const keys = keyOf(slice).split('|');
      expect(keys.includes('1:0') && keys.includes('2:1')).toBe(false);
    }
    // ... and neither of its parents is listed: the child holds nearly all their excess.
    expect(result.slices.map(keyOf)).not.toContain('1:0');
    expect(result.slices.map(keyOf)).not.toContain('2:1');
    // Deterministic: the same input gives the same list.
    expect(searchSlices(input, { ...base, includeAll: false, keep: 40 })).toEqual(result);
  });

  it("'both' finds slices where the rate is lower than overall too", () => {
    const rows = 2000;
    const feature: SearchFeature = { name: 'g', codes: new Int32Array(rows), values: ['a', 'b'] };
    const target = new Uint8Array(rows);
    for (let row = 0; row < rows; row++) {
      feature.codes[row] = row < 500 ? 0 : 1;
      target[row] = row < 500 ? (row % 10 === 0 ? 1 : 0) : row % 2; // 10% in a, 50% in b
    }
    const result = searchSlices(
      { features: [feature], target, rows: Int32Array.from({ length: rows }, (_, i) => i) },
      { ...base, direction: 'both', includeAll: false },
    );
    expect(result.overallRate).toBe(0.4); // (50 + 750) / 2000
    // a: 50 hits where 200 expected, |excess| 150; b: 750 where 600 expected, 150: tie broken by the larger deviation of the rate (a: 0.3).
    expect(result.slices.map(keyOf)).toEqual(['0:0', '0:1']);
    expect(result.slices[0].excess).toBeCloseTo(-150, 9);
    const over = searchSlices({ features: [feature], target, rows: Int32Array.from({ length: rows }, (_, i) => i) }, { ...base, includeAll: false });
    expect(over.slices.map(keyOf)).toEqual(['0:1']);
  });
});

describe('distinctSlices', () => {
  it('drops a slice whose rows mostly repeat a higher-ranked one', () => {
    const rows = 1000;
    const a: SearchFeature = { name: 'a', codes: new Int32Array(rows), values: ['x', 'y'] };
    const b: SearchFeature = { name: 'b', codes: new Int32Array(rows), values: ['x', 'y'] };
    for (let row = 0; row < rows; row++) {
      a.codes[row] = row < 300 ? 0 : 1;
      b.codes[row] = row < 310 ? 0 : 1; // b = x covers a = x and 10 more rows: Jaccard 300/310
    }
    const input = { features: [a, b], target: new Uint8Array(rows), rows: Int32Array.from({ length: rows }, (_, i) => i) };
    const slice = (feature: number, value: number, size: number) => ({
      predicates: [{ feature, value }],
      size,
      hits: 0,
      rate: 0,
      excess: 1,
      score: 1,
      pValue: 0,
      qValue: 0,
    });
    const ranked = [slice(0, 0, 300), slice(1, 0, 310), slice(0, 1, 700)];
    expect(distinctSlices(ranked, input, 10, 0.8).map((s) => s.size)).toEqual([300, 700]);
    expect(distinctSlices(ranked, input, 10, 0.99).map((s) => s.size)).toEqual([300, 310, 700]);
    expect(distinctSlices(ranked, input, 1, 0.8).map((s) => s.size)).toEqual([300]);
  });
});

describe('quantileBins', () => {
  it('cuts at data values at the k/bins quantiles', () => {
    // Sorted values 1 2 2 3 4 5 6 7 8 100 (n = 10), 4 bins: cuts at positions 2, 5 and 7 -> 2, 5, 7.
    const { codes, labels, cuts } = quantileBins([5, 1, 2, 100, 3, 2, 8, 7, NaN, 4, 6], 4);
    expect(cuts).toEqual([1, 2, 5, 7]);
    expect(labels).toEqual(['[1, 2)', '[2, 5)', '[5, 7)', '[7, 100]']);
    expect(Array.from(codes)).toEqual([2, 0, 1, 3, 1, 1, 3, 3, -1, 1, 2]);
  });

  it('gives the same bins from dictionary levels and codes', () => {
    const random = mulberry32(5);
    const levels = ['3', '10', '1', '7', 'x', '2.5'];
    const numbers = levels.map(Number); // 'x' is NaN: no bin
    const codes = Int32Array.from({ length: 500 }, () => Math.floor(random() * 7) - 1); // -1: missing
    const direct = quantileBins(
      Array.from(codes, (c) => (c < 0 ? NaN : numbers[c])),
      4,
    );
    const viaLevels = quantileBinsOfLevels(numbers, codes, 4);
    expect(viaLevels.labels).toEqual(direct.labels);
    expect(Array.from(viaLevels.codes)).toEqual(Array.from(direct.codes));
    expect(direct.labels.length).toBeGreaterThan(2);
  });

  it('merges repeated cut points of tied values', () => {
    const { labels } = quantileBins([0, 0, 0, 0, 0, 0, 1, 2, 3, 4], 5);
    expect(labels).toEqual(['[0, 1)', '[1, 3)', '[3, 4]']);
  });
});
