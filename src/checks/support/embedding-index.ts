/**
 * Shared, memoised indexes over the rows' embeddings (`context.embeddings`), for the checks that
 * read them: near-duplicates, conflicting-labels and leakage (near pairs when there is no text),
 * embeddings (outliers, neighbour labels) and slices (k-means clusters as a search feature).
 *
 * Neighbours are by cosine distance, the row itself left out; rows without a vector are never
 * anyone's neighbour. Up to EXACT_SEARCH_MAX_ROWS rows the search is exact (brute force), beyond
 * it an inverted-file index (math/ivf.ts, dot products in onnxruntime when installed), whose recall of the exact
 * top-k every audit measures on sampled rows, as the tests and the bench do.
 */
import type { Embeddings } from '../../data/embeddings.js';
import { exactNeighbours, normalizeRows, recallAgainst, type Neighbours } from '../../math/neighbours.js';
import { exactNeighboursOf, ivfNeighbours } from '../../math/ivf.js';
import { dotTopKKernel, type Kernel } from '../../math/dot-top-k.js';
import { nearPairs, neighbourVotes, pairClusters, quantileOf, type NeighbourVote } from '../../math/neighbour-scores.js';
import { sphericalKMeans, type KMeansResult } from '../../math/kmeans.js';
import type { CheckContext } from '../types.js';
import { pct } from './format.js';
import { shared } from './wording.js';
import type { NearDuplicateIndex } from '../../math/near-duplicates.js';

export const EXACT_SEARCH_MAX_ROWS = 5000;
/** Neighbours kept per row. */
export const NEIGHBOURS_K = 10;
/**
 * Near duplicates in embedding space: pairs closer than this fraction of the median
 * nearest-neighbour distance (cleanlab's Datalab near_duplicate issue uses 0.13).
 */
export const NEAR_RADIUS_DEFAULT = 0.13;

export interface EmbeddingNeighbours extends Neighbours {
  /** Rows with a vector. */
  indexed: number;
  /** Median distance of a row to its nearest neighbour. */
  medianNearest: number;
  /** With the approximate (IVF) search: its recall of the exact top-k on evenly spaced sampled rows (checked in every audit). */
  sampledRecall: { rows: number; recall: number } | null;
  /** With the IVF search: its cells, the cells probed per row and the calibration that chose them. */
  ivf: { cells: number; probes: number; calibrationRows: number | null; calibrationRecall: number | null; kernel: Kernel } | null;
}

/** Rows the approximate search is checked on. */
const RECALL_SAMPLE = 200;

/** The sentence a finding resting on neighbours adds when they came from the approximate search (nothing when exact). */
export function approximateSearchNote(recall: number | null | undefined, lang: 'en' | 'zh'): string {
  if (recall === null || recall === undefined) return '';
  return shared.approximateSearch[lang](pct(recall), RECALL_SAMPLE);
}

/** Memo key of the searched neighbours. */
const NEIGHBOURS_KEY = 'embeddings:neighbours';

/**
 * Searches every row's neighbours once per audit (onnxruntime is asynchronous): the only way to
 * the neighbours, so no check depends on another having searched first; what reads them takes
 * the searched value as an argument.
 */
export async function searchEmbeddingNeighbours(context: Pick<CheckContext, 'embeddings' | 'memo'>): Promise<EmbeddingNeighbours | null> {
  const embeddings = context.embeddings;
  if (!embeddings) return null;
  const found = await context.memo(`${NEIGHBOURS_KEY}:search`, () => computeNeighbours(embeddings));
  return context.memo(NEIGHBOURS_KEY, () => found);
}

async function computeNeighbours(embeddings: Embeddings): Promise<EmbeddingNeighbours> {
  const { rows, dimensions: d, missing } = embeddings;
  const present: number[] = [];
  for (let i = 0; i < rows; i++) if (!missing[i]) present.push(i);
  const compact = present.length === rows ? embeddings.vectors : new Float32Array(present.length * d);
  if (compact !== embeddings.vectors) present.forEach((row, i) => compact.set(embeddings.vectors.subarray(row * d, row * d + d), i * d));
  const k = Math.min(NEIGHBOURS_K, Math.max(1, present.length - 1));
  const approximate = present.length > EXACT_SEARCH_MAX_ROWS ? await ivfNeighbours(compact, d, k) : null;
  const found = approximate ?? exactNeighbours(compact, d, k);
  let sampledRecall: EmbeddingNeighbours['sampledRecall'] = null;
  let ivf: EmbeddingNeighbours['ivf'] = null;
  if (approximate) {
    ivf = {
      cells: approximate.cells,
      probes: approximate.probes,
      calibrationRows: approximate.calibration?.rows ?? null,
      calibrationRecall: approximate.calibration?.recall ?? null,
      kernel: (await dotTopKKernel()).kernel,
    };
    const size = Math.min(RECALL_SAMPLE, present.length);
    const sample = Array.from({ length: size }, (_, i) => Math.floor((i * present.length) / size));
    sampledRecall = { rows: size, recall: recallAgainst(await exactNeighboursOf(compact, d, k, sample), found, sample) };
  }
  const out: EmbeddingNeighbours = {
    k,
    rows: new Int32Array(rows * k).fill(-1),
    distances: new Float32Array(rows * k).fill(NaN),
    method: found.method,
    indexed: present.length,
    medianNearest: NaN,
    sampledRecall,
    ivf,
  };
  present.forEach((row, i) => {
    for (let j = 0; j < k; j++) {
      const other = found.rows[i * k + j];
      out.rows[row * k + j] = other >= 0 ? present[other] : -1;
      out.distances[row * k + j] = found.distances[i * k + j];
    }
  });
  const nearest = new Float64Array(present.length);
  present.forEach((row, i) => (nearest[i] = Math.max(0, out.distances[row * k])));
  out.medianNearest = quantileOf(nearest, 0.5);
  return out;
}

/**
 * The near-duplicate index's shape (math/near-duplicates), so the checks read either alike: here
 * `threshold` is a cosine similarity, `textItems` the rows with a vector, and each row stands for
 * itself in `repOf` (no folding of identical content as for texts; -1 without a vector).
 */
export interface EmbeddingNearIndex extends Pick<
  NearDuplicateIndex,
  'threshold' | 'textItems' | 'repOf' | 'foldedGroups' | 'candidatePairs' | 'verifiedPairs' | 'pairA' | 'pairB' | 'pairSimilarity' | 'clusters' | 'clusterOf'
> {
  space: 'embeddings';
  /** How the threshold was set: the radius times the median nearest-neighbour distance, or null for a fixed similarity. */
  radius: number | null;
  medianNearestDistance: number;
  method: Neighbours['method'];
  /** The approximate search's sampled recall (EmbeddingNeighbours.sampledRecall), or null when exact. */
  searchRecall: number | null;
}

export interface EmbeddingNearParams {
  /** Near duplicates closer than radius x the median nearest-neighbour distance. */
  radius: number;
  /** A fixed cosine similarity instead of the radius, when given. */
  similarity?: number | null;
}

/** Near-duplicate pairs and clusters of the embedding space (memoised per parameters); null without embeddings. */
export async function embeddingNearIndex(context: Pick<CheckContext, 'embeddings' | 'memo'>, params: EmbeddingNearParams): Promise<EmbeddingNearIndex | null> {
  const neighbours = await searchEmbeddingNeighbours(context);
  if (!neighbours || !context.embeddings) return null;
  const embeddings = context.embeddings;
  return context.memo(`embeddings:near:${params.radius}:${params.similarity ?? ''}`, () => {
    const rows = embeddings.rows;
    // Never below 1 - 1e-6: float noise aside, only a radius of a positive distance is meaningful.
    const threshold = params.similarity ?? Math.min(1 - 1e-6, 1 - params.radius * neighbours.medianNearest);
    const pairs = nearPairs(neighbours, rows, threshold);
    const { clusters, clusterOf } = pairClusters(pairs, rows);
    const repOf = new Int32Array(rows);
    for (let i = 0; i < rows; i++) repOf[i] = embeddings.missing[i] ? -1 : i;
    return {
      space: 'embeddings' as const,
      threshold,
      radius: params.similarity == null ? params.radius : null,
      medianNearestDistance: neighbours.medianNearest,
      textItems: neighbours.indexed,
      repOf,
      foldedGroups: [],
      candidatePairs: pairs.a.length,
      verifiedPairs: pairs.a.length,
      pairA: pairs.a,
      pairB: pairs.b,
      pairSimilarity: pairs.similarity,
      clusters,
      clusterOf,
      method: neighbours.method,
      searchRecall: neighbours.sampledRecall?.recall ?? null,
    };
  });
}

/** Regions of the embedding space for the slice search: spherical k-means, k = clamp(sqrt(rows / 20), 2, 50). */
export function embeddingClusters(context: Pick<CheckContext, 'embeddings' | 'memo' | 'settings'>): KMeansResult | null {
  const embeddings = context.embeddings;
  if (!embeddings || embeddings.rows - embeddings.missingRows < 20) return null;
  const seed = context.settings.seed;
  return context.memo(`embeddings:kmeans:${seed}`, () => {
    const k = Math.max(2, Math.min(50, Math.round(Math.sqrt((embeddings.rows - embeddings.missingRows) / 20))));
    return sphericalKMeans(normalizeRows(embeddings.vectors, embeddings.dimensions), embeddings.dimensions, { k, seed, missing: embeddings.missing });
  });
}

export interface NeighbourLabelDisagreement {
  vote: NeighbourVote;
  /** Rows whose neighbours mostly (more than half of those labelled) carry one other label, ascending. */
  rows: number[];
  /** Labelled rows with a vector and at least one labelled neighbour. */
  voted: number;
  k: number;
}

/** The k-NN label vote of every labelled row over the searched neighbours (memoised); null without neighbours or labels. */
export function neighbourLabelDisagreement(
  context: Pick<CheckContext, 'memo' | 'labels'>,
  neighbours: EmbeddingNeighbours | null,
): NeighbourLabelDisagreement | null {
  const labels = context.labels;
  if (!neighbours || !labels) return null;
  return context.memo('embeddings:neighbour-labels', () => {
    const vote = neighbourVotes(neighbours, labels.codes, labels.classes.length);
    const rows: number[] = [];
    let voted = 0;
    for (let i = 0; i < labels.codes.length; i++) {
      if (labels.codes[i] < 0 || vote.voters[i] === 0) continue;
      voted++;
      if (vote.topLabel[i] !== labels.codes[i] && 2 * vote.topCount[i] > vote.voters[i]) rows.push(i);
    }
    return { vote, rows, voted, k: neighbours.k };
  });
}
