/** Generated corpora for benchmarks and tests: a small seeded generator and Zipf vocabularies. */

/** mulberry32: a seeded 32-bit generator of floats in [0, 1), the same stream on every machine. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** `count` random lower-case words of 2 to 9 letters. */
export function randomWords(count: number, random: () => number): string[] {
  const words: string[] = [];
  for (let i = 0; i < count; i++) {
    let word = '';
    const length = 2 + Math.floor(random() * 8);
    for (let j = 0; j < length; j++) word += LETTERS[Math.floor(random() * 26)];
    words.push(word);
  }
  return words;
}

/** Draws words with Zipf frequencies: word i (0-based) with weight 1 / (i + 1). */
export function zipfSampler(words: readonly string[], random: () => number): () => string {
  const cumulative = new Float64Array(words.length);
  let total = 0;
  for (let i = 0; i < words.length; i++) cumulative[i] = total += 1 / (i + 1);
  return () => {
    const u = random() * total;
    let lo = 0;
    let hi = words.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return words[lo];
  };
}
