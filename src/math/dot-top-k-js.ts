/**
 * The JavaScript kernel of dot-top-k.ts: each query against every base row, keeping the k largest
 * scores by insertion (k is small: 1 for a cell assignment, up to 33 for probes). About 1 G
 * multiply-adds a second on one core here, against about 50 G for onnxruntime on two, so it serves
 * when onnxruntime-node is not installed, and as the reference the onnxruntime kernel is tested
 * against. Ties keep the lower base row first.
 */
import type { TopK } from './top-k.js';

export function dotTopKJs(queries: Float32Array, queryRows: number, base: Float32Array, baseRows: number, dimensions: number, k: number): TopK {
  const kept = Math.min(k, baseRows);
  const indices = new Int32Array(queryRows * kept).fill(-1);
  const scores = new Float32Array(queryRows * kept).fill(-Infinity);
  if (kept === 0) return { k: kept, indices, scores };
  const d = dimensions;
  const unrolled = d - (d % 4);
  for (let q = 0; q < queryRows; q++) {
    const qo = q * d;
    const o = q * kept;
    let worst = -Infinity;
    let filled = 0;
    for (let b = 0; b < baseRows; b++) {
      const bo = b * d;
      // Four partial sums: independent additions the engine can overlap.
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let c = 0;
      for (; c < unrolled; c += 4) {
        s0 += queries[qo + c] * base[bo + c];
        s1 += queries[qo + c + 1] * base[bo + c + 1];
        s2 += queries[qo + c + 2] * base[bo + c + 2];
        s3 += queries[qo + c + 3] * base[bo + c + 3];
      }
      for (; c < d; c++) s0 += queries[qo + c] * base[bo + c];
      const score = Math.fround(s0 + s1 + s2 + s3);
      if (filled === kept && score <= worst) continue;
      let at = filled < kept ? filled++ : kept - 1;
      while (at > 0 && scores[o + at - 1] < score) {
        scores[o + at] = scores[o + at - 1];
        indices[o + at] = indices[o + at - 1];
        at--;
      }
      scores[o + at] = score;
      indices[o + at] = b;
      worst = scores[o + kept - 1];
    }
  }
  return { k: kept, indices, scores };
}
