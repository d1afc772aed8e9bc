/**
 * Groups of items with equal content, from a 64-bit content hash per item and a verification
 * key: items are bucketed by hash in one linear pass (open addressing, typed arrays), then
 * each bucket with two or more items is split by its exact key, so a hash collision never
 * merges different contents.
 */
import { sortGroups } from './union-find.js';

export interface ExactGrouping {
  /** Groups of two or more items, ascending inside, largest first (ties: smallest first item). */
  groups: Int32Array[];
  /** Group index per item (into `groups`), or -1 when the item is unique or has no content. */
  groupOf: Int32Array;
}

/**
 * @param n number of items
 * @param hashes two 32-bit words per item: `hashes[2i]`, `hashes[2i+1]`
 * @param valid 1 for items that have content (others are never grouped); null: all
 * @param keyOf the exact content of an item, computed only for items in a shared bucket
 */
export function groupByHash(n: number, hashes: Uint32Array, valid: Uint8Array | null, keyOf: (item: number) => string): ExactGrouping {
  let live = 0;
  for (let i = 0; i < n; i++) if (!valid || valid[i]) live++;
  let size = 16;
  while (size < live * 2) size *= 2;
  const mask = size - 1;
  const head = new Int32Array(size).fill(-1);
  const tail = new Int32Array(size);
  const next = new Int32Array(n).fill(-1);
  const multi: number[] = [];
  for (let i = 0; i < n; i++) {
    if (valid && !valid[i]) continue;
    const h1 = hashes[2 * i];
    const h2 = hashes[2 * i + 1];
    let slot = (h1 ^ Math.imul(h2, 0x9e3779b1)) & mask;
    for (;;) {
      const first = head[slot];
      if (first === -1) {
        head[slot] = i;
        tail[slot] = i;
        break;
      }
      if (hashes[2 * first] === h1 && hashes[2 * first + 1] === h2) {
        if (first === tail[slot]) multi.push(slot);
        next[tail[slot]] = i;
        tail[slot] = i;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  const groups: Int32Array[] = [];
  for (const slot of multi) {
    // Split the bucket by exact key; nearly always one class.
    const keys: string[] = [];
    const members: number[][] = [];
    for (let item = head[slot]; item !== -1; item = next[item]) {
      const key = keyOf(item);
      let c = keys.indexOf(key);
      if (c === -1) {
        c = keys.length;
        keys.push(key);
        members.push([]);
      }
      members[c].push(item);
    }
    for (const rows of members) if (rows.length >= 2) groups.push(Int32Array.from(rows));
  }
  sortGroups(groups);
  const groupOf = new Int32Array(n).fill(-1);
  groups.forEach((group, g) => {
    for (const item of group) groupOf[item] = g;
  });
  return { groups, groupOf };
}
