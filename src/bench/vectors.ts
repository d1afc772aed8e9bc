/**
 * Seeded clustered vectors with a low intrinsic dimension, as sentence and image embeddings are:
 * topic centres (2,000 by default), each row its centre plus a deviation in the centre's own
 * subspace (8 dimensions by default) and a little isotropic noise.
 */
import { createRandom } from '../math/random.js';

export function clusteredVectors(rows: number, dims: number, seed: number, centres = 2000, rank = 8): Float32Array {
  const random = createRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
  const centre = new Float32Array(centres * dims);
  for (let i = 0; i < centre.length; i++) centre[i] = normal();
  const basis = new Float32Array(centres * rank * dims);
  for (let i = 0; i < basis.length; i++) basis[i] = normal() * 0.3;
  const out = new Float32Array(rows * dims);
  const z = new Float64Array(rank);
  for (let row = 0; row < rows; row++) {
    const c = random.int(centres);
    for (let t = 0; t < rank; t++) z[t] = normal();
    const o = row * dims;
    for (let j = 0; j < dims; j++) {
      let x = centre[c * dims + j];
      for (let t = 0; t < rank; t++) x += basis[(c * rank + t) * dims + j] * z[t];
      out[o + j] = x + 0.1 * normal();
    }
  }
  return out;
}
