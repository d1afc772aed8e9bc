import { benjaminiHochberg } from './fdr.js';
import { twoByTwoTest, type TwoByTwoTestOptions } from './fisher.js';
import { countValues, packCodes, sortByValue, valueOffsets, type CodeArray } from './slice-codes.js';

/**
 * Level-wise search for slices (conjunctions of column = value predicates) where a binary
 * target (an error, or a label class) is more frequent than overall, after SliceLine (Sagadeeva
 * & Boehm, SIGMOD 2021) with the significance testing of SliceFinder (Chung et al., ICDE 2019).
 *
 * Score: the excess of hits, hits - size * overallRate: how many errors the slice holds beyond
 * what a slice of that size holds on average, i.e. how many errors would go away if the slice did
 * as well as the whole. It grows with the size of the slice and with its excess error rate, so a
 * large slice a little worse than average and a small slice much worse both rank by the number
 * of errors at stake. ('both' ranks by the absolute excess, for label skew in either direction.)
 *
 * Pruning, as SliceLine does: a slice is only evaluated when its size reaches the minimum
 * support, when it has hits, when every parent (the slice less one predicate) was itself kept for
 * expansion, and when the upper bound of its score from its parents (hits <= the fewest hits of
 * any parent, size >= max(hits, minimum support)) beats the k-th best score found so far; a slice
 * is kept for expansion when the same bound for its children beats that score.
 *
 * Rows are handled as index lists: each level walks down the tree of kept slices from the root,
 * counting-sorting the current node's rows by the next column into one scratch buffer per depth,
 * so memory stays at (depth + 1) x rows whatever the number of slices.
 */

export interface SearchFeature {
  name: string;
  /** Per row, the index of the row's value in `values`, or -1 when the row has none. */
  codes: Int32Array;
  /** Display value of each code (null for a "missing" value). */
  values: readonly (string | null)[];
  /** Searched on its own only, never in a conjunction (a column that gives the label away: see the slices check). */
  alone?: boolean;
}

export interface SliceSearchInput {
  features: readonly SearchFeature[];
  /** 1 where the row is a hit (an error, or the label class under study), 0 otherwise. */
  target: Uint8Array;
  /** The rows taking part, ascending. */
  rows: Int32Array;
}

export interface SliceSearchOptions {
  /** A slice needs at least this many rows. */
  minSupport: number;
  /** Most predicates in a slice (1 to 3). */
  maxDepth: number;
  /** How many best scores the pruning bound keeps (SliceLine's K). */
  keep: number;
  /** 'over': slices with more hits than average; 'both': more or fewer. */
  direction: 'over' | 'both';
  /** False discovery rate of the tests that a child adds hits beyond each parent (redundancy removal). */
  alpha: number;
  /** A parent is left out when one significant child holds at least this share of its score (default 0.9). */
  explainedShare?: number;
  /** Also return every evaluated slice with a positive score, before redundancy removal (for tests and diagnostics). */
  includeAll?: boolean;
  test?: TwoByTwoTestOptions;
}

export interface Predicate {
  feature: number;
  value: number;
}

export interface FoundSlice {
  predicates: Predicate[];
  size: number;
  hits: number;
  rate: number;
  /** hits - size * overallRate. */
  excess: number;
  /** The ranking score: excess ('over') or |excess| ('both'). */
  score: number;
  pValue: number;
  qValue: number;
}

export interface SliceSearchResult {
  rows: number;
  hits: number;
  overallRate: number;
  /** Slices evaluated and tested, in all (the m of the false discovery rate control) and per level. */
  tested: number;
  testedByLevel: number[];
  /**
   * Ranked by score (ties: higher rate, fewer predicates, then column and value order); positive
   * score only; children that add nothing beyond a parent, and parents whose excess a child holds, removed.
   */
  slices: FoundSlice[];
  /** With `includeAll`: every evaluated slice with a positive score, in evaluation order. */
  all?: FoundSlice[];
}

interface Evaluated {
  predicates: Predicate[];
  key: string;
  size: number;
  hits: number;
  score: number;
  pValue: number;
}

function keyOf(predicates: readonly Predicate[]): string {
  let key = '';
  for (const p of predicates) key += (key ? '|' : '') + p.feature + ':' + p.value;
  return key;
}

/** What every step of the search reads: the input with its columns packed, and the overall counts. */
interface SearchSetup {
  features: readonly SearchFeature[];
  compact: { packed: CodeArray; none: number }[];
  rows: Int32Array;
  rowCount: number;
  totalHits: number;
  overallRate: number;
  minSupport: number;
  maxDepth: number;
  over: boolean;
  options: SliceSearchOptions;
}

function prepareSearch(input: SliceSearchInput, options: SliceSearchOptions): SearchSetup {
  const { features, target, rows } = input;
  const featureCount = features.length;
  const rowCount = rows.length;
  const minSupport = Math.max(1, options.minSupport);
  const maxDepth = Math.max(1, Math.min(options.maxDepth, featureCount));
  const over = options.direction === 'over';
  let totalHits = 0;
  for (let i = 0; i < rowCount; i++) totalHits += target[rows[i]];
  const overallRate = rowCount === 0 ? 0 : totalHits / rowCount;
  const compact = features.map((feature) => packCodes(feature.codes, feature.values.length, target));
  return { features, compact, rows, rowCount, totalHits, overallRate, minSupport, maxDepth, over, options };
}

/** Scores, bounds and tests slices, and keeps the evaluated ones with the `keep` best scores for pruning. */
class SliceScorer {
  readonly evaluated: Evaluated[] = [];
  /** The `keep` best scores so far, descending. */
  private readonly best: number[] = [];

  constructor(private readonly setup: SearchSetup) {}

  scoreOf(size: number, hits: number): number {
    const { over, overallRate } = this.setup;
    return over ? hits - overallRate * size : Math.abs(hits - overallRate * size);
  }

  /** Upper bound of the score of any slice with at most `size` rows and `hits` hits (SliceLine's bound, for this score). */
  bound(size: number, hits: number): number {
    const { over, overallRate, minSupport } = this.setup;
    const excess = hits - overallRate * Math.max(hits, minSupport);
    return over ? excess : Math.max(excess, overallRate * size);
  }

  valid(size: number, hits: number): boolean {
    return size >= this.setup.minSupport && (!this.setup.over || hits > 0);
  }

  threshold(): number {
    const { best } = this;
    return best.length >= this.setup.options.keep ? Math.max(0, best[best.length - 1]) : 0;
  }

  private remember(score: number): void {
    const { best } = this;
    const keep = this.setup.options.keep;
    if (score <= 0) return;
    if (best.length >= keep && score <= best[best.length - 1]) return;
    let i = best.length;
    best.push(score);
    while (i > 0 && best[i - 1] < score) {
      best[i] = best[i - 1];
      i--;
    }
    best[i] = score;
    if (best.length > keep) best.pop();
  }

  evaluate(predicates: Predicate[], size: number, hits: number): Evaluated {
    const { totalHits, rowCount, options } = this.setup;
    const test = twoByTwoTest(hits, size - hits, totalHits - hits, rowCount - size - (totalHits - hits), options.test);
    const entry: Evaluated = { predicates, key: keyOf(predicates), size, hits, score: this.scoreOf(size, hits), pValue: test.pValue };
    this.evaluated.push(entry);
    this.remember(entry.score);
    return entry;
  }
}

/** Level 1: one pass per column; returns the slices kept for expansion, by key. */
function searchFirstLevel(setup: SearchSetup, scorer: SliceScorer, testedByLevel: number[]): Map<string, Evaluated> {
  const { features, compact, rows, minSupport } = setup;
  let levelCount = 0;
  const level1: Evaluated[] = [];
  for (let f = 0; f < features.length; f++) {
    const { values } = features[f];
    const sizes = new Int32Array(values.length);
    const hits = new Int32Array(values.length);
    countValues(compact[f].packed, compact[f].none, rows, sizes, hits);
    for (let v = 0; v < values.length; v++) {
      if (sizes[v] < minSupport) continue;
      level1.push(scorer.evaluate([{ feature: f, value: v }], sizes[v], hits[v]));
      levelCount++;
    }
  }
  testedByLevel.push(levelCount);
  const expandable = new Map<string, Evaluated>();
  for (const slice of level1)
    if (!features[slice.predicates[0].feature].alone && scorer.valid(slice.size, slice.hits) && scorer.bound(slice.size, slice.hits) > scorer.threshold())
      expandable.set(slice.key, slice);
  return expandable;
}

/** One level (2 and up) of the search: the parents kept at the level before, and what the level creates. */
interface LevelWalk {
  setup: SearchSetup;
  scorer: SliceScorer;
  level: number;
  parents: Map<string, Evaluated>;
  /** Keys of the proper prefixes of the parents: the nodes to walk through on the way down. */
  prefixes: Set<string>;
  /** The pruning threshold at the start of the level. */
  limit: number;
  /** One scratch buffer of rows per depth. */
  scratch: Int32Array[];
  created: Evaluated[];
}

/** Counts the children of the slice `prefix` (level - 1 predicates) over its rows, and evaluates those that survive pruning. */
function expandParent(walk: LevelWalk, prefix: Predicate[], members: Int32Array, parent: Evaluated): void {
  const { setup, scorer, parents } = walk;
  const { features, compact } = setup;
  const last = prefix[prefix.length - 1].feature;
  for (let g = last + 1; g < features.length; g++) {
    if (features[g].alone) continue;
    const { values } = features[g];
    const sizes = new Int32Array(values.length);
    const hits = new Int32Array(values.length);
    countValues(compact[g].packed, compact[g].none, members, sizes, hits);
    for (let v = 0; v < values.length; v++) {
      if (!scorer.valid(sizes[v], hits[v])) continue;
      const predicates = [...prefix, { feature: g, value: v }];
      // Every parent must have been kept; the bound takes the tightest of them.
      let minSize = parent.size;
      let minHits = parent.hits;
      let pruned = false;
      for (let drop = 0; drop < prefix.length && !pruned; drop++) {
        const other = parents.get(keyOf(predicates.filter((_, index) => index !== drop)));
        if (!other) pruned = true;
        else {
          minSize = Math.min(minSize, other.size);
          minHits = Math.min(minHits, other.hits);
        }
      }
      if (pruned || scorer.bound(minSize, minHits) <= walk.limit) continue;
      walk.created.push(scorer.evaluate(predicates, sizes[v], hits[v]));
    }
  }
}

/** Walks from `prefix` (depth predicates) down to the parents of this level, sorting rows by each next column. */
function descend(walk: LevelWalk, prefix: Predicate[], members: Int32Array, depth: number): void {
  const { level, parents, prefixes } = walk;
  const { features, compact, rowCount } = walk.setup;
  if (depth === level - 1) {
    expandParent(walk, prefix, members, parents.get(keyOf(prefix))!);
    return;
  }
  const start = depth === 0 ? 0 : prefix[prefix.length - 1].feature + 1;
  const buffer = (walk.scratch[depth] ??= new Int32Array(rowCount));
  for (let f = start; f < features.length; f++) {
    const { values } = features[f];
    // Only values whose slice (prefix + this predicate) leads to a kept parent matter.
    const wanted: number[] = [];
    for (let v = 0; v < values.length; v++) {
      const next = keyOf([...prefix, { feature: f, value: v }]);
      if (depth + 1 === level - 1 ? parents.has(next) : prefixes.has(next)) wanted.push(v);
    }
    if (wanted.length === 0) continue;
    const offsets = valueOffsets(compact[f].packed, compact[f].none, members, values.length);
    sortByValue(compact[f].packed, compact[f].none, members, offsets, buffer);
    for (const v of wanted) {
      descend(walk, [...prefix, { feature: f, value: v }], buffer.subarray(offsets[v], offsets[v + 1]), depth + 1);
    }
  }
}

/** Levels 2 and up: each expands the slices the level before kept; returns nothing, the scorer holds the evaluated slices. */
function searchDeeperLevels(setup: SearchSetup, scorer: SliceScorer, first: Map<string, Evaluated>, testedByLevel: number[]): void {
  let expandable = first;
  const scratch: Int32Array[] = [];
  for (let level = 2; level <= setup.maxDepth && expandable.size > 0; level++) {
    const parents = expandable;
    const limit = scorer.threshold();
    const prefixes = new Set<string>();
    for (const parent of parents.values()) {
      for (let length = 1; length < parent.predicates.length; length++) prefixes.add(keyOf(parent.predicates.slice(0, length)));
    }
    const walk: LevelWalk = { setup, scorer, level, parents, prefixes, limit, scratch, created: [] };
    descend(walk, [], setup.rows, 0);
    testedByLevel.push(walk.created.length);

    const limitAfter = scorer.threshold();
    expandable = new Map();
    if (level < setup.maxDepth) {
      for (const slice of walk.created) if (scorer.bound(slice.size, slice.hits) > limitAfter) expandable.set(slice.key, slice);
    }
  }
}

/** Every evaluated slice with a positive score, with its rate, excess and q-value (Benjamini-Hochberg over all evaluated). */
function positiveSlices(evaluated: readonly Evaluated[], overallRate: number): FoundSlice[] {
  const qValues = benjaminiHochberg(evaluated.map((slice) => slice.pValue));
  const candidates: FoundSlice[] = [];
  evaluated.forEach((slice, index) => {
    if (slice.score <= 0) return;
    candidates.push({
      predicates: slice.predicates,
      size: slice.size,
      hits: slice.hits,
      rate: slice.hits / slice.size,
      excess: slice.hits - overallRate * slice.size,
      score: slice.score,
      pValue: slice.pValue,
      qValue: qValues[index],
    });
  });
  return candidates;
}

/**
 * A child is redundant when, against some parent, it does not add hits: its rate is no further
 * from the overall rate than the parent's, or it does not differ significantly from the rest of
 * the parent (a two-sided test of the child against the parent less the child, with
 * Benjamini-Hochberg over all these child-parent tests). Returns the candidates that are not.
 */
function withoutRedundantChildren(setup: SearchSetup, evaluated: readonly Evaluated[], candidates: readonly FoundSlice[]): FoundSlice[] {
  const { over, overallRate, options } = setup;
  const byKey = new Map(evaluated.map((slice, index) => [slice.key, index]));
  const redundant = new Uint8Array(candidates.length);
  const pairs: { child: number; pValue: number }[] = [];
  candidates.forEach((slice, index) => {
    if (slice.predicates.length < 2) return;
    for (let drop = 0; drop < slice.predicates.length; drop++) {
      const parentIndex = byKey.get(keyOf(slice.predicates.filter((_, i) => i !== drop)));
      if (parentIndex === undefined) continue;
      const parent = evaluated[parentIndex];
      const parentRate = parent.hits / parent.size;
      const further = over
        ? slice.rate > parentRate
        : Math.sign(slice.rate - overallRate) !== Math.sign(parentRate - overallRate) ||
          Math.abs(slice.rate - overallRate) > Math.abs(parentRate - overallRate);
      if (!further) {
        redundant[index] = 1;
        return;
      }
      const restSize = parent.size - slice.size;
      const restHits = parent.hits - slice.hits;
      if (restSize > 0) {
        const { pValue } = twoByTwoTest(slice.hits, slice.size - slice.hits, restHits, restSize - restHits, options.test);
        pairs.push({ child: index, pValue });
      }
    }
  });
  const pairQ = benjaminiHochberg(pairs.map((pair) => pair.pValue));
  pairs.forEach((pair, i) => {
    if (!(pairQ[i] <= options.alpha)) redundant[pair.child] = 1;
  });
  return candidates.filter((_, index) => !redundant[index]);
}

/**
 * The other way round, a slice is explained by a child when the child holds nearly all of its
 * excess (at least `explainedShare` of it, e.g. 0.9): then the rest of the slice is close to
 * average and only the child, the more precise description, is listed. Returns the slices that are not.
 */
function withoutExplainedParents(childless: readonly FoundSlice[], options: SliceSearchOptions): FoundSlice[] {
  const keptIndex = new Map(childless.map((slice, index) => [keyOf(slice.predicates), index]));
  const explained = new Uint8Array(childless.length);
  childless.forEach((child) => {
    if (child.predicates.length < 2 || !(child.qValue <= options.alpha)) return;
    for (let drop = 0; drop < child.predicates.length; drop++) {
      const parentIndex = keptIndex.get(keyOf(child.predicates.filter((_, i) => i !== drop)));
      if (parentIndex === undefined) continue;
      if (child.score >= (options.explainedShare ?? 0.9) * childless[parentIndex].score) explained[parentIndex] = 1;
    }
  });
  return childless.filter((_, index) => !explained[index]);
}

/** Ranks slices in place by score (ties: higher rate, fewer predicates, then column and value order). */
function rankSlices(kept: FoundSlice[], over: boolean, overallRate: number): void {
  kept.sort((a, b) => {
    if (b.score !== a.score) return b.score - a.score;
    const rateOrder = over ? b.rate - a.rate : Math.abs(b.rate - overallRate) - Math.abs(a.rate - overallRate);
    if (rateOrder !== 0) return rateOrder;
    if (a.predicates.length !== b.predicates.length) return a.predicates.length - b.predicates.length;
    for (let i = 0; i < a.predicates.length; i++) {
      const d = a.predicates[i].feature - b.predicates[i].feature || a.predicates[i].value - b.predicates[i].value;
      if (d !== 0) return d;
    }
    return 0;
  });
}

/** Runs the search; deterministic for the same input. */
export function searchSlices(input: SliceSearchInput, options: SliceSearchOptions): SliceSearchResult {
  const setup = prepareSearch(input, options);
  const scorer = new SliceScorer(setup);
  const testedByLevel: number[] = [];
  const first = searchFirstLevel(setup, scorer, testedByLevel);
  searchDeeperLevels(setup, scorer, first, testedByLevel);

  const { evaluated } = scorer;
  const { overallRate, over } = setup;
  const candidates = positiveSlices(evaluated, overallRate);
  const childless = withoutRedundantChildren(setup, evaluated, candidates);
  const kept = withoutExplainedParents(childless, options);
  rankSlices(kept, over, overallRate);

  const result: SliceSearchResult = { rows: setup.rowCount, hits: setup.totalHits, overallRate, tested: evaluated.length, testedByLevel, slices: kept };
  if (options.includeAll) result.all = candidates;
  return result;
}

/**
 * The first `limit` slices of a ranked list, skipping any slice whose rows overlap a slice
 * already taken by a Jaccard index of at least `maxOverlap` (near-duplicates such as the same
 * rows described through two correlated columns), so that the list shows distinct problems.
 */
export function distinctSlices(ranked: readonly FoundSlice[], input: SliceSearchInput, limit: number, maxOverlap: number): FoundSlice[] {
  const { features, rows } = input;
  let rowCount = 0;
  for (let i = 0; i < rows.length; i++) rowCount = Math.max(rowCount, rows[i] + 1);
  const taken: { members: Int32Array; mask: Uint8Array }[] = [];
  const out: FoundSlice[] = [];
  for (const slice of ranked) {
    if (out.length >= limit) break;
    const members = new Int32Array(slice.size);
    let count = 0;
    const first = features[slice.predicates[0].feature].codes;
    const firstValue = slice.predicates[0].value;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (first[row] !== firstValue) continue;
      let inside = true;
      for (let p = 1; p < slice.predicates.length; p++) {
        if (features[slice.predicates[p].feature].codes[row] !== slice.predicates[p].value) {
          inside = false;
          break;
        }
      }
      if (inside && count < members.length) members[count++] = row;
    }
    let duplicate = false;
    for (const other of taken) {
      let common = 0;
      for (let i = 0; i < count; i++) common += other.mask[members[i]];
      const union = count + other.members.length - common;
      if (union > 0 && common / union >= maxOverlap) {
        duplicate = true;
        break;
      }
    }
    if (duplicate) continue;
    const mask = new Uint8Array(rowCount);
    for (let i = 0; i < count; i++) mask[members[i]] = 1;
    taken.push({ members: members.subarray(0, count), mask });
    out.push(slice);
  }
  return out;
}

export { quantileBins, quantileBinsOfLevels } from './quantile-bins.js';
