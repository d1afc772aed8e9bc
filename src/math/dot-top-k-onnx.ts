/**
 * The onnxruntime kernel of dot-top-k.ts (loaded only when onnxruntime-node is installed): a
 * Gemm with the base transposed, then TopK, in one graph. onnxruntime's MLAS kernels pick this
 * CPU's widest SIMD at run time (about 50 G multiply-adds a second on the 2 cores here, more than
 * ten times usearch's portable build and a JavaScript loop); the score matrix never reaches
 * JavaScript, only the k winners of each row.
 *
 * The ONNX graph is declared here (the part of onnx.proto it needs, as a protobufjs reflection
 * root, field numbers as onnx.proto declares them) and encoded in memory, so no model file ships.
 */
import os from 'node:os';
import ort from 'onnxruntime-node';
import protobuf from 'protobufjs';
import type { TopK } from './top-k.js';

const onnx = protobuf.Root.fromJSON({
  nested: {
    ModelProto: {
      fields: {
        irVersion: { type: 'int64', id: 1 },
        graph: { type: 'GraphProto', id: 7 },
        opsetImport: { rule: 'repeated', type: 'OperatorSetIdProto', id: 8 },
      },
    },
    OperatorSetIdProto: { fields: { domain: { type: 'string', id: 1 }, version: { type: 'int64', id: 2 } } },
    GraphProto: {
      fields: {
        node: { rule: 'repeated', type: 'NodeProto', id: 1 },
        name: { type: 'string', id: 2 },
        input: { rule: 'repeated', type: 'ValueInfoProto', id: 11 },
        output: { rule: 'repeated', type: 'ValueInfoProto', id: 12 },
      },
    },
    NodeProto: {
      fields: {
        input: { rule: 'repeated', type: 'string', id: 1 },
        output: { rule: 'repeated', type: 'string', id: 2 },
        opType: { type: 'string', id: 4 },
        attribute: { rule: 'repeated', type: 'AttributeProto', id: 5 },
      },
    },
    // type 2 = INT.
    AttributeProto: { fields: { name: { type: 'string', id: 1 }, i: { type: 'int64', id: 3 }, type: { type: 'int32', id: 20 } } },
    ValueInfoProto: { fields: { name: { type: 'string', id: 1 }, type: { type: 'TypeProto', id: 2 } } },
    TypeProto: { fields: { tensorType: { type: 'TensorTypeProto', id: 1 } } },
    // elemType 1 = FLOAT, 7 = INT64.
    TensorTypeProto: { fields: { elemType: { type: 'int32', id: 1 }, shape: { type: 'TensorShapeProto', id: 2 } } },
    TensorShapeProto: { fields: { dim: { rule: 'repeated', type: 'Dimension', id: 1 } } },
    Dimension: { fields: { dimValue: { type: 'int64', id: 1 }, dimParam: { type: 'string', id: 2 } } },
  },
});

const FLOAT = 1;
const INT64 = 7;
const INT = 2;

function tensor(name: string, elemType: number, dims: (string | number)[]) {
  return { name, type: { tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } } };
}

/** The graph: scores = queries x baseᵀ (Gemm, transB), then the k largest scores of each row, sorted. */
function modelBytes(): Uint8Array {
  const attribute = (name: string, i: number) => ({ name, i, type: INT });
  return onnx
    .lookupType('ModelProto')
    .encode({
      irVersion: 8,
      opsetImport: [{ domain: '', version: 17 }],
      graph: {
        name: 'dot_top_k',
        node: [
          { input: ['queries', 'base'], output: ['scores'], opType: 'Gemm', attribute: [attribute('transB', 1)] },
          {
            input: ['scores', 'k'],
            output: ['values', 'indices'],
            opType: 'TopK',
            attribute: [attribute('axis', 1), attribute('largest', 1), attribute('sorted', 1)],
          },
        ],
        input: [tensor('queries', FLOAT, ['n', 'd']), tensor('base', FLOAT, ['m', 'd']), tensor('k', INT64, [1])],
        output: [tensor('values', FLOAT, ['n', 'k']), tensor('indices', INT64, ['n', 'k'])],
      },
    })
    .finish();
}

let session: Promise<ort.InferenceSession> | null = null;

function sessionOnce(): Promise<ort.InferenceSession> {
  session ??= ort.InferenceSession.create(modelBytes(), {
    intraOpNumThreads: Math.max(1, Math.min(os.availableParallelism(), 8)),
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3,
  });
  return session;
}

/** Score matrix cells per call: bounds the memory onnxruntime holds at once (64 MB of floats). */
const MAX_CELLS = 16 * 1024 * 1024;

/** dotTopK in onnxruntime; queries are taken in blocks so that the score matrix stays within MAX_CELLS. */
export async function dotTopKOnnx(
  queries: Float32Array,
  queryRows: number,
  base: Float32Array,
  baseRows: number,
  dimensions: number,
  k: number,
): Promise<TopK> {
  const kept = Math.min(k, baseRows);
  const indices = new Int32Array(queryRows * kept);
  const scores = new Float32Array(queryRows * kept);
  if (kept === 0 || queryRows === 0) return { k: kept, indices, scores };
  const run = await sessionOnce();
  const baseTensor = new ort.Tensor('float32', base.subarray(0, baseRows * dimensions), [baseRows, dimensions]);
  const kTensor = new ort.Tensor('int64', BigInt64Array.from([BigInt(kept)]), [1]);
  const block = Math.max(1, Math.floor(MAX_CELLS / baseRows));
  for (let start = 0; start < queryRows; start += block) {
    const rows = Math.min(block, queryRows - start);
    const queryTensor = new ort.Tensor('float32', queries.subarray(start * dimensions, (start + rows) * dimensions), [rows, dimensions]);
    const out = await run.run({ queries: queryTensor, base: baseTensor, k: kTensor });
    scores.set(out.values.data as Float32Array, start * kept);
    const found = out.indices.data as BigInt64Array;
    for (let i = 0; i < found.length; i++) indices[start * kept + i] = Number(found[i]);
    out.values.dispose();
    out.indices.dispose();
  }
  return { k: kept, indices, scores };
}
