/**
 * The assignment of columns to rows that maximises the summed weight of a square matrix
 * (Kuhn-Munkres, the O(n^3) shortest-augmenting-path form with potentials). Used to find the
 * order of a model's probability columns that agrees best with the labels: weights are counts of
 * the confusion matrix.
 */

/** For each column j, the row assigned to it, maximising sum weight[row][j]; `weight` is n x n, row-major. */
export function maxWeightAssignment(weight: ArrayLike<number>, n: number): Int32Array {
  if (weight.length !== n * n) throw new RangeError(`an assignment needs an n x n matrix, got ${weight.length} values for n = ${n}`);
  // Minimise the negated weights; 1-based arrays with a dummy column 0, as in the classic formulation.
  const cost = (i: number, j: number) => -weight[(i - 1) * n + (j - 1)];
  const u = new Float64Array(n + 1);
  const v = new Float64Array(n + 1);
  const rowOfColumn = new Int32Array(n + 1);
  const way = new Int32Array(n + 1);
  for (let i = 1; i <= n; i++) {
    rowOfColumn[0] = i;
    let j0 = 0;
    const minv = new Float64Array(n + 1).fill(Infinity);
    const used = new Uint8Array(n + 1);
    do {
      used[j0] = 1;
      const i0 = rowOfColumn[j0];
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= n; j++) {
        if (used[j]) continue;
        const reduced = cost(i0, j) - u[i0] - v[j];
        if (reduced < minv[j]) {
          minv[j] = reduced;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (let j = 0; j <= n; j++) {
        if (used[j]) {
          u[rowOfColumn[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (rowOfColumn[j0] !== 0);
    do {
      const j1 = way[j0];
      rowOfColumn[j0] = rowOfColumn[j1];
      j0 = j1;
    } while (j0 !== 0);
  }
  const out = new Int32Array(n);
  for (let j = 1; j <= n; j++) out[j - 1] = rowOfColumn[j] - 1;
  return out;
}
