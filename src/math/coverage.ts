/** Which rows several runs share, from their coverage masks (1 where a run has a record). */

export interface SharedRows {
  /** Rows every run covers and `usable` accepts, ascending. */
  rows: Int32Array;
  /** Rows at least one run covers. */
  unionCount: number;
  /** Rows every run covers (before `usable`). */
  sharedCount: number;
  /** Per run: rows another run covers that this run does not. */
  missing: Int32Array;
}

/**
 * Rows covered by every mask and accepted by `usable(row)` (e.g. labelled, with a prediction in
 * every run). Linear in rows x runs.
 */
export function sharedRows(masks: readonly Uint8Array[], usable: (row: number) => boolean = () => true): SharedRows {
  const runs = masks.length;
  const rowCount = runs === 0 ? 0 : masks[0].length;
  const keep = new Int32Array(rowCount);
  const missing = new Int32Array(runs);
  let kept = 0;
  let union = 0;
  let shared = 0;
  for (let row = 0; row < rowCount; row++) {
    let covering = 0;
    for (let r = 0; r < runs; r++) covering += masks[r][row];
    if (covering === 0) continue;
    union++;
    if (covering < runs) {
      for (let r = 0; r < runs; r++) if (!masks[r][row]) missing[r]++;
      continue;
    }
    shared++;
    if (usable(row)) keep[kept++] = row;
  }
  return { rows: keep.slice(0, kept), unionCount: union, sharedCount: shared, missing };
}
