/** Generation match measures against hand-computed values (SQuAD normalisation and token F1; numbers as math benchmarks write them). */
import { describe, expect, it } from 'vitest';
import { bestMatch, GenerationSums, lastNumber, matchGeneration, normalizeAnswer, parseNumber, tokenF1 } from '../src/math/generation-match.js';

describe('generation match', () => {
  it('normalises as SQuAD does: lower case, no punctuation, no articles, single spaces', () => {
    expect(normalizeAnswer('The  Eiffel Tower!')).toBe('eiffel tower');
    expect(normalizeAnswer('An apple, a pear.')).toBe('apple pear');
  });

  it('token F1: 2PR/(P+R) over shared tokens (with repeats counted once each)', () => {
    // answer tokens: [paris, france, capital] ; reference: [paris] -> P = 1/3, R = 1, F1 = 0.5
    expect(tokenF1('Paris, France (capital)', 'Paris')).toBeCloseTo(0.5, 12);
    // [cat, cat] vs [cat]: one shared -> P = 1/2, R = 1 -> 2/3
    expect(tokenF1('cat cat', 'cat')).toBeCloseTo(2 / 3, 12);
    expect(tokenF1('dog', 'cat')).toBe(0);
    // Chinese: each character a token. 北京市 vs 北京: P = 2/3, R = 1 -> 0.8
    expect(tokenF1('北京市', '北京')).toBeCloseTo(0.8, 12);
  });

  it('numbers: commas, dollars, fractions, \\frac and \\boxed; the last number of a worked answer', () => {
    expect(parseNumber('1,234')).toBe(1234);
    expect(parseNumber('$18')).toBe(18);
    expect(parseNumber('\\frac{3}{4}')).toBe(0.75);
    expect(parseNumber('\\boxed{-2.5}')).toBe(-2.5);
    expect(parseNumber('x + 1')).toBeNull();
    expect(lastNumber('She sells 16 - 3 - 4 = 9 eggs for $2 each, so 18 dollars.')).toBe(18);
    expect(lastNumber('The answer is $\\boxed{\\dfrac{1}{8}}$.')).toBe(0.125);
  });

  it('one answer, every measure', () => {
    expect(matchGeneration('The answer is 18.', '18')).toEqual({ exact: 0, normalized: 0, numeric: 1, tokenF1: 0.5 });
    expect(matchGeneration(' Mrs. Hilt ', 'mrs hilt')).toEqual({ exact: 0, normalized: 1, numeric: null, tokenF1: 1 });
    expect(matchGeneration('42', '42')).toEqual({ exact: 1, normalized: 1, numeric: 1, tokenF1: 1 });
  });

  it('the best match over accepted references, and the means a report gives', () => {
    const against = ['Wilhelm Röntgen', '1895', 'W. C. Röntgen'].map((reference) => matchGeneration('Röntgen, in 1895', reference));
    expect(bestMatch(against)).toEqual({ exact: 0, normalized: 0, numeric: 1, tokenF1: Math.max(...against.map((m) => m.tokenF1)) });
    expect(bestMatch([matchGeneration('a', 'b')]).numeric).toBeNull();
    const sums = new GenerationSums();
    sums.add(matchGeneration('42', '42'));
    sums.add(matchGeneration(' Mrs. Hilt ', 'mrs hilt'));
    sums.add(matchGeneration('The answer is 18.', '17'));
    // Means over 4 samples (one had no reference); numeric over the 2 numeric references.
    expect(sums.summary(4)).toEqual({ exact: 0.25, normalized: 0.5, numeric: 0.5, numericSamples: 2, tokenF1: (1 + 1 + 0) / 4 });
  });
});
