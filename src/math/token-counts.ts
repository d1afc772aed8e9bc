/**
 * Word-token counts of many texts (the tokens of `forEachWordToken`), optionally also of their
 * even and odd halves (alternate texts), counted once per text. Counts of ranges of texts add up
 * (`mergeTokenCounts`), so the texts can be counted in parts; the maps may then list tokens in
 * another order, which no reader depends on (they sort or sum them).
 */
import { forEachWordToken } from './word-tokens.js';

export interface TokenCounts {
  counts: Map<string, number>;
  total: number;
}

export interface TextTokenCounts {
  all: TokenCounts;
  /** Of the texts at even and odd positions (empty unless halves were asked for). */
  even: TokenCounts;
  odd: TokenCounts;
}

/** Counts by token id (ids in order of first appearance) over a range of texts. */
export interface RawTokenCounts {
  tokens: string[];
  all: Int32Array;
  even: Int32Array;
  odd: Int32Array;
}

/** Counts the tokens of texts[from..to) (position i is even when i % 2 === 0); even/odd only with `halves`. */
export function countTokenRange(text: (i: number) => string, from: number, to: number, halves: boolean): RawTokenCounts {
  const ids = new Map<string, number>();
  let all = new Int32Array(1024);
  let even = new Int32Array(halves ? 1024 : 0);
  let odd = new Int32Array(halves ? 1024 : 0);
  for (let i = from; i < to; i++) {
    const isEven = i % 2 === 0;
    forEachWordToken(text(i), (token) => {
      let id = ids.get(token);
      if (id === undefined) {
        id = ids.size;
        ids.set(token, id);
        if (id === all.length) {
          all = grown(all);
          if (halves) [even, odd] = [grown(even), grown(odd)];
        }
      }
      all[id]++;
      if (!halves) return;
      if (isEven) even[id]++;
      else odd[id]++;
    });
  }
  const size = ids.size;
  return { tokens: [...ids.keys()], all: all.slice(0, size), even: even.slice(0, halves ? size : 0), odd: odd.slice(0, halves ? size : 0) };
}

function grown(counts: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const out = new Int32Array(counts.length * 2);
  out.set(counts);
  return out;
}

/** The counts of several ranges added up, as maps of the tokens counted at least once. */
export function mergeTokenCounts(parts: readonly RawTokenCounts[]): TextTokenCounts {
  const merged = (pick: (part: RawTokenCounts) => Int32Array): TokenCounts => {
    const counts = new Map<string, number>();
    let total = 0;
    for (const part of parts) {
      const values = pick(part);
      for (let id = 0; id < values.length; id++) {
        const count = values[id];
        if (count === 0) continue;
        const token = part.tokens[id];
        counts.set(token, (counts.get(token) ?? 0) + count);
        total += count;
      }
    }
    return { counts, total };
  };
  return { all: merged((part) => part.all), even: merged((part) => part.even), odd: merged((part) => part.odd) };
}

/**
 * The token counts of `texts` (with halves: also of the even and odd positions) and of each of
 * `others` (no halves): each list tokenised once, whatever number of comparisons reads it.
 */
export function countTokens(
  texts: readonly string[],
  halves: boolean,
  others: readonly (readonly string[])[] = [],
): { main: TextTokenCounts; others: TokenCounts[] } {
  return {
    main: mergeTokenCounts([countTokenRange((i) => texts[i], 0, texts.length, halves)]),
    others: others.map((list) => mergeTokenCounts([countTokenRange((i) => list[i], 0, list.length, false)]).all),
  };
}
