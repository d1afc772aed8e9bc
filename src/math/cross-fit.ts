/**
 * Cross-fitting: a correction fitted on some rows is judged on rows it did not see. The rows are
 * split into k folds stratified by label (each class dealt round-robin over the folds after a
 * seeded shuffle, so fold sizes differ by at most one per class); each fold is predicted by a
 * correction fitted on the other k-1.
 */
import { createRandom } from './random.js';

/** The fold (0..folds-1) of each position of `rows`, stratified by `labels[rows[i]]`. */
export function stratifiedFolds(labels: ArrayLike<number>, rows: ArrayLike<number>, folds: number, seed: number): Uint8Array {
  if (folds < 2 || folds > 255) throw new RangeError('folds must be between 2 and 255');
  let top = 0;
  for (let i = 0; i < rows.length; i++) {
    const y = labels[rows[i]];
    if (!(Number.isInteger(y) && y >= 0 && y < MAX_COUNTED_LABEL)) return stratifiedFoldsByMap(labels, rows, folds, seed);
    if (y > top) top = y;
  }
  // Class codes: the positions grouped by class (a counting sort, stable), then each class's
  // segment shuffled and dealt as stratifiedFoldsByMap does with its lists.
  const start = new Int32Array(top + 2);
  for (let i = 0; i < rows.length; i++) start[labels[rows[i]] + 1]++;
  for (let y = 0; y <= top; y++) start[y + 1] += start[y];
  const order = new Int32Array(rows.length);
  const at = start.slice(0, top + 1);
  for (let i = 0; i < rows.length; i++) order[at[labels[rows[i]]]++] = i;
  const random = createRandom(seed);
  const fold = new Uint8Array(rows.length);
  let next = 0;
  for (let y = 0; y <= top; y++) {
    const from = start[y];
    for (let i = start[y + 1] - from - 1; i > 0; i--) {
      const j = random.int(i + 1);
      const t = order[from + i];
      order[from + i] = order[from + j];
      order[from + j] = t;
    }
    for (let p = from; p < start[y + 1]; p++) {
      fold[order[p]] = next;
      next = (next + 1) % folds;
    }
  }
  return fold;
}

/** Labels below this (non-negative integers) are counted in an array; others go through a Map. */
const MAX_COUNTED_LABEL = 1 << 16;

/** `stratifiedFolds` for any label values: the positions of each class in a list, classes in numeric order. */
export function stratifiedFoldsByMap(labels: ArrayLike<number>, rows: ArrayLike<number>, folds: number, seed: number): Uint8Array {
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < rows.length; i++) {
    const y = labels[rows[i]];
    let list = byClass.get(y);
    if (!list) byClass.set(y, (list = []));
    list.push(i);
  }
  const random = createRandom(seed);
  const fold = new Uint8Array(rows.length);
  // Classes in label order, so the assignment does not depend on the order rows first appear.
  let next = 0;
  for (const y of [...byClass.keys()].sort((a, b) => a - b)) {
    const list = byClass.get(y)!;
    for (let i = list.length - 1; i > 0; i--) {
      const j = random.int(i + 1);
      const t = list[i];
      list[i] = list[j];
      list[j] = t;
    }
    // Continue the round-robin where the previous class stopped: folds stay within one row of each other.
    for (const position of list) {
      fold[position] = next;
      next = (next + 1) % folds;
    }
  }
  return fold;
}

/**
 * At most `limit` positions of `positions`, evenly spaced (every one when there are fewer): what a
 * fit reads when the rows are many. Deterministic.
 */
export function evenSubset(positions: Int32Array, limit: number): Int32Array {
  if (positions.length <= limit) return positions;
  const out = new Int32Array(limit);
  const step = positions.length / limit;
  for (let i = 0; i < limit; i++) out[i] = positions[Math.floor(i * step)];
  return out;
}

/** The positions (indices into the rows) of each fold's complement and of the fold itself. */
export function foldPositions(fold: Uint8Array, folds: number): { fit: Int32Array; held: Int32Array }[] {
  const sizes = new Int32Array(folds);
  for (let i = 0; i < fold.length; i++) sizes[fold[i]]++;
  const out: { fit: Int32Array; held: Int32Array }[] = [];
  for (let f = 0; f < folds; f++) {
    const fit = new Int32Array(fold.length - sizes[f]);
    const held = new Int32Array(sizes[f]);
    let a = 0;
    let b = 0;
    for (let i = 0; i < fold.length; i++) {
      if (fold[i] === f) held[b++] = i;
      else fit[a++] = i;
    }
    out.push({ fit, held });
  }
  return out;
}
