/**
 * The leakage check's matching: which rows are evaluation rows of which split, which are training
 * items, and for each evaluation row the training row it duplicates exactly or nearly (see leakage.ts).
 */
import { embeddingNearIndex, NEAR_RADIUS_DEFAULT, type EmbeddingNearIndex } from './support/embedding-index.js';
import {
  NEAR_DEFAULTS,
  exactChance,
  exactIndex,
  exactIndexWithTrain,
  nearIndex,
  nearIndexWithTrain,
  type ExactChance,
  type ExactIndex,
} from './support/dedup-index.js';
import type { CheckContext } from './types.js';
import type { NearDuplicateIndex } from '../math/near-duplicates.js';

/** Evaluation split of each data row and the training items of the index space (the data's rows, then the training file's). */
export interface SplitAssignment {
  /** Data rows. */
  n: number;
  /** Items of the index space: data rows plus training-file rows. */
  total: number;
  splitNames: string[];
  /** Per data row, its evaluation split's code (-1: none). */
  evalSplit: Int32Array;
  /** Per item, 1 for a training item. */
  isTrain: Uint8Array;
  /** Data rows marked as training while a training file is given: left out of both sides. */
  excludedRows: number;
  /** The splits in a stable order: by name. */
  order: { name: string; code: number }[];
  trainingRows: number;
}

export function assignSplits(context: CheckContext, trainNameList: readonly string[]): SplitAssignment {
  const { data, roles } = context;
  const n = data.rowCount;
  const trainFile = context.train;
  const m = trainFile ? trainFile.data.rowCount : 0;
  const total = n + m;
  const trainNames = new Set(trainNameList.map((name) => name.trim().toLowerCase()));
  const splitColumn = roles.split ? (data.column(roles.split) ?? null) : null;
  const splitNames: string[] = [];
  const splitCode = new Map<string, number>();
  const evalSplit = new Int32Array(n).fill(-1);
  const isTrain = new Uint8Array(total);
  let excludedRows = 0;
  const splitOf = (name: string): number => {
    let code = splitCode.get(name);
    if (code === undefined) {
      code = splitNames.length;
      splitCode.set(name, code);
      splitNames.push(name);
    }
    return code;
  };
  for (let row = 0; row < n; row++) {
    const missing = !splitColumn || splitColumn.isMissing(row);
    const value = missing ? '' : splitColumn.get(row).trim();
    const training = !missing && trainNames.has(value.toLowerCase());
    if (trainFile) {
      // The data is the evaluation set; rows it marks as training are left out of both sides.
      if (training) excludedRows++;
      else evalSplit[row] = splitOf(missing ? 'evaluation' : value);
    } else if (training) isTrain[row] = 1;
    else if (!missing) evalSplit[row] = splitOf(value);
  }
  isTrain.fill(1, n);
  // Stable split order: by name.
  const order = splitNames.map((name, code) => ({ name, code })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let trainingRows = 0;
  for (let i = 0; i < total; i++) trainingRows += isTrain[i];
  return { n, total, splitNames, evalSplit, isTrain, excludedRows, order, trainingRows };
}

/** Per data row: the training item it duplicates best (-1: none), with the similarity, and whether exactly. */
export interface LeakMatches {
  bestSimilarity: Float64Array;
  bestTrain: Int32Array;
  bestExact: Uint8Array;
}

/** Exact duplicates: an evaluation row in a group holding a training item. */
export function matchExact(
  context: CheckContext,
  splits: SplitAssignment,
): { exact: ExactIndex & { missingTrainColumns?: string[] }; chance: ExactChance | null; matches: LeakMatches } {
  const { n, evalSplit, isTrain } = splits;
  const trainFile = context.train;
  const matches: LeakMatches = { bestSimilarity: new Float64Array(n).fill(-1), bestTrain: new Int32Array(n).fill(-1), bestExact: new Uint8Array(n) };
  const exact = trainFile ? exactIndexWithTrain(context) : exactIndex(context);
  // A few categorical columns shared by chance: an evaluation row equal to a training row is another person, not a leak.
  const chance = trainFile ? null : exactChance(context);
  for (const group of chance?.byChance ? [] : exact.groups) {
    let firstTrain = -1;
    for (const item of group) {
      if (isTrain[item]) {
        firstTrain = item;
        break;
      }
    }
    if (firstTrain < 0) continue;
    for (const item of group) {
      if (item < n && evalSplit[item] >= 0) {
        matches.bestSimilarity[item] = 1;
        matches.bestTrain[item] = firstTrain;
        matches.bestExact[item] = 1;
      }
    }
  }
  return { exact, chance, matches };
}

/** The near-duplicate index: of the texts, else (no text column, no training file) of the embeddings; null when near copies are not compared. */
export async function leakNearIndex(
  context: CheckContext,
  near: boolean,
  threshold: number,
): Promise<{ textNear: NearDuplicateIndex | null; near: NearDuplicateIndex | EmbeddingNearIndex | null }> {
  const { roles } = context;
  const trainFile = context.train;
  // Near duplicates: verified pairs between an evaluation row's text and a training text.
  const params = { ...NEAR_DEFAULTS, threshold };
  const textNear = near && roles.text ? (trainFile ? nearIndexWithTrain(context, params) : nearIndex(context, params)) : null;
  // Without a text column, near copies in embedding space; the embeddings cover the data's rows only, so not with --train.
  const index = textNear ?? (near && !roles.text && !trainFile ? await embeddingNearIndex(context, { radius: NEAR_RADIUS_DEFAULT }) : null);
  return { textNear, near: index };
}

/** Near duplicates: for each evaluation row not exactly duplicated, the most similar verified training item. */
export function matchNear(near: NearDuplicateIndex | EmbeddingNearIndex, splits: SplitAssignment, matches: LeakMatches): void {
  const { n, total, evalSplit, isTrain } = splits;
  const { bestSimilarity, bestTrain, bestExact } = matches;
  const repOf = near.repOf;
  const firstTrainOfRep = new Int32Array(total).fill(-1);
  for (let i = 0; i < total; i++) {
    const rep = repOf[i];
    if (isTrain[i] && rep >= 0 && firstTrainOfRep[rep] < 0) firstTrainOfRep[rep] = i;
  }
  const repSimilarity = new Float64Array(total).fill(-1);
  const repTrain = new Int32Array(total).fill(-1);
  const offer = (rep: number, similarity: number, train: number): void => {
    if (similarity > repSimilarity[rep] || (similarity === repSimilarity[rep] && train < repTrain[rep])) {
      repSimilarity[rep] = similarity;
      repTrain[rep] = train;
    }
  };
  for (let p = 0; p < near.verifiedPairs; p++) {
    const a = near.pairA[p];
    const b = near.pairB[p];
    if (firstTrainOfRep[b] >= 0) offer(a, near.pairSimilarity[p], firstTrainOfRep[b]);
    if (firstTrainOfRep[a] >= 0) offer(b, near.pairSimilarity[p], firstTrainOfRep[a]);
  }
  for (let row = 0; row < n; row++) {
    if (evalSplit[row] < 0 || bestExact[row]) continue;
    const rep = repOf[row];
    if (rep < 0) continue;
    // Same text up to case: similarity 1; else the most similar verified training text.
    if (firstTrainOfRep[rep] >= 0) {
      bestSimilarity[row] = 1;
      bestTrain[row] = firstTrainOfRep[rep];
    } else if (repTrain[rep] >= 0) {
      bestSimilarity[row] = repSimilarity[rep];
      bestTrain[row] = repTrain[rep];
    }
  }
}

export interface LeakPair {
  row: number;
  line: number;
  trainRow: number;
  trainLine: number;
  similarity: number;
  split: string;
  kind: 'exact' | 'near';
}

/** The leaked pairs in row order, and per split code the evaluation rows and the leaked ones. */
export function leakPairs(
  context: CheckContext,
  splits: SplitAssignment,
  matches: LeakMatches,
): { pairs: LeakPair[]; leakedCount: Int32Array; evalCount: Int32Array } {
  const { data } = context;
  const trainFile = context.train;
  const { n, evalSplit, splitNames } = splits;
  const { bestSimilarity, bestTrain, bestExact } = matches;
  const trainLines = trainFile ? trainFile.data.lines : data.lines;
  const pairs: LeakPair[] = [];
  const leakedCount = new Int32Array(splitNames.length);
  const evalCount = new Int32Array(splitNames.length);
  for (let row = 0; row < n; row++) {
    const split = evalSplit[row];
    if (split < 0) continue;
    evalCount[split]++;
    const train = bestTrain[row];
    if (train < 0) continue;
    leakedCount[split]++;
    const trainRow = trainFile ? train - n : train;
    pairs.push({
      row,
      line: data.lines[row],
      trainRow,
      trainLine: trainLines[trainRow],
      similarity: bestSimilarity[row],
      split: splitNames[split],
      kind: bestExact[row] ? 'exact' : 'near',
    });
  }
  return { pairs, leakedCount, evalCount };
}
