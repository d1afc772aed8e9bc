/**
 * For each query row, the k base rows with the largest dot product: the one kernel of the
 * approximate neighbour search (ivf.ts). onnxruntime-node is an optional dependency (288 MB
 * installed, most of it binaries for other systems): when it is installed its Gemm + TopK graph
 * runs (dot-top-k-onnx.ts, about 50 G multiply-adds a second here); when it is not, or when
 * TRAINAUDIT_KERNEL=javascript, the JavaScript kernel does (dot-top-k-js.ts, same results up to
 * float rounding and ties, about fifty times slower). Exact searches (up to 5,000 rows) never
 * come here.
 */
import { dotTopKJs } from './dot-top-k-js.js';
import type { TopK } from './top-k.js';

export type Kernel = 'onnxruntime' | 'javascript';

type KernelFunction = (queries: Float32Array, queryRows: number, base: Float32Array, baseRows: number, dimensions: number, k: number) => Promise<TopK> | TopK;

let loaded: Promise<{ kernel: Kernel; run: KernelFunction }> | null = null;

/** The kernel this process uses, loaded once: onnxruntime when it can be imported, else JavaScript. */
export function dotTopKKernel(): Promise<{ kernel: Kernel; run: KernelFunction }> {
  loaded ??= (async () => {
    if (process.env.TRAINAUDIT_KERNEL === 'javascript') return { kernel: 'javascript' as const, run: dotTopKJs };
    try {
      const { dotTopKOnnx } = await import('./dot-top-k-onnx.js');
      return { kernel: 'onnxruntime' as const, run: dotTopKOnnx };
    } catch {
      return { kernel: 'javascript' as const, run: dotTopKJs };
    }
  })();
  return loaded;
}

/**
 * The k largest dot products of each of `queryRows` rows of `queries` among the `baseRows` rows of
 * `base` (both row-major with `dimensions` columns); k is capped at baseRows.
 */
export async function dotTopK(queries: Float32Array, queryRows: number, base: Float32Array, baseRows: number, dimensions: number, k: number): Promise<TopK> {
  const kept = Math.min(k, baseRows);
  if (kept === 0 || queryRows === 0) return { k: kept, indices: new Int32Array(queryRows * kept), scores: new Float32Array(queryRows * kept) };
  return (await dotTopKKernel()).run(queries, queryRows, base, baseRows, dimensions, k);
}
