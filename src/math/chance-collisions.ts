/**
 * How often rows of a table coincide by chance. In a table of a few low-cardinality columns,
 * different people share feature vectors. With columns independent and each value drawn from its
 * column's frequencies, two rows are identical with probability prod_j s_j, where
 * s_j = sum_l p_jl^2 is column j's collision probability, so n rows give
 * E[identical pairs] = n (n - 1) / 2 x prod_j s_j: exact for any number of value combinations.
 * Correlated columns make coincidences more common than that, by a small factor; copies (a join
 * or an export repeated) make them more common by orders of magnitude.
 */

/** Sum of squared value frequencies of one column, from value counts. */
export function collisionProbability(counts: Iterable<number>, total: number): number {
  let sum = 0;
  for (const count of counts) sum += (count / total) ** 2;
  return sum;
}

/** Expected pairs of identical rows among `n` if the columns were independent. */
export function expectedIdenticalPairs(collisionProbabilities: readonly number[], n: number): number {
  let product = 1;
  for (const s of collisionProbabilities) product *= s;
  return (n * (n - 1) * product) / 2;
}

/** Pairs of identical rows in groups of identical rows. */
export function identicalPairs(groups: readonly ArrayLike<number>[]): number {
  let pairs = 0;
  for (const group of groups) pairs += (group.length * (group.length - 1)) / 2;
  return pairs;
}
