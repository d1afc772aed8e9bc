/**
 * Disjoint sets over 0..n-1 (union by size, path halving): near-linear time, typed arrays only.
 */
export class UnionFind {
  readonly parent: Int32Array;
  readonly size: Int32Array;
  /** Number of disjoint sets. */
  sets: number;

  constructor(readonly n: number) {
    this.parent = new Int32Array(n);
    this.size = new Int32Array(n).fill(1);
    for (let i = 0; i < n; i++) this.parent[i] = i;
    this.sets = n;
  }

  find(x: number): number {
    const parent = this.parent;
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }

  /** Joins the sets of a and b; returns false when they were already one set. */
  union(a: number, b: number): boolean {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return false;
    if (this.size[ra] < this.size[rb] || (this.size[ra] === this.size[rb] && rb < ra)) {
      const t = ra;
      ra = rb;
      rb = t;
    }
    this.parent[rb] = ra;
    this.size[ra] += this.size[rb];
    this.sets--;
    return true;
  }

  connected(a: number, b: number): boolean {
    return this.find(a) === this.find(b);
  }

  /**
   * The sets with at least `minSize` members, each as ascending elements, ordered largest
   * first and, among equal sizes, by smallest element. Deterministic for given unions.
   */
  groups(minSize = 2): Int32Array[] {
    const n = this.n;
    const root = new Int32Array(n);
    const count = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const r = this.find(i);
      root[i] = r;
      count[r]++;
    }
    const slot = new Int32Array(n).fill(-1);
    const groups: Int32Array[] = [];
    const fill: number[] = [];
    for (let i = 0; i < n; i++) {
      const r = root[i];
      if (count[r] < minSize) continue;
      let g = slot[r];
      if (g < 0) {
        g = groups.length;
        slot[r] = g;
        groups.push(new Int32Array(count[r]));
        fill.push(0);
      }
      groups[g][fill[g]++] = i;
    }
    return sortGroups(groups);
  }
}

/** Orders groups largest first, then by first (smallest) element; each group must be ascending. */
export function sortGroups<T extends ArrayLike<number>>(groups: T[]): T[] {
  return groups.sort((a, b) => b.length - a.length || a[0] - b[0]);
}
