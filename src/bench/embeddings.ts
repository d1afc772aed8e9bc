/**
 * `npm run bench -- --embeddings [--rows N] [--dims D] [--topics T] [--rank R]`: nearest-neighbour
 * search over N x D embeddings as the embedding checks run it (every row's 10 nearest by cosine
 * distance, the inverted-file index of math/ivf.ts), timed alone in this process with its peak
 * RSS, then its recall of the exact top-10 on a 1,000-row sample (a plain JavaScript brute force,
 * independent of onnxruntime; not timed). Issue 15: 1M x 128 within 60 s and 4 GB, recall at least
 * 0.95.
 *
 * The vectors are clustered with a low intrinsic dimension, as sentence and image embeddings are:
 * T topic centres (2,000), each row its centre plus a deviation in the centre's own R-dimensional
 * subspace (8) and a little isotropic noise (seeded, so every run searches the same vectors).
 */
import { clusteredVectors } from './vectors.js';
import { exactNeighbours, recallAgainst } from '../math/neighbours.js';
import { ivfNeighbours } from '../math/ivf.js';

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index >= 0 && process.argv[index + 1] !== undefined ? process.argv[index + 1] : fallback;
}

const rows = Number(argument('--rows', '1000000'));
const dims = Number(argument('--dims', '128'));
const topics = Number(argument('--topics', '2000'));
const rank = Number(argument('--rank', '8'));
const vectors = clusteredVectors(rows, dims, 15, topics, rank);
process.stderr.write(`generated ${rows} x ${dims} (${topics} topics of rank ${rank}); searching...\n`);
const generatedRss = process.memoryUsage().rss;
let peak = generatedRss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
const started = performance.now();
const found = await ivfNeighbours(vectors, dims, 10);
const seconds = (performance.now() - started) / 1000;
peak = Math.max(peak, process.memoryUsage().rss);
clearInterval(sampler);
process.stderr.write(`searched in ${seconds.toFixed(1)} s; exact recall on a sample (brute force in JavaScript)...\n`);
const sample = Array.from({ length: Math.min(1000, rows) }, (_, i) => Math.floor((i * rows) / Math.min(1000, rows)));
const recall = recallAgainst(exactNeighbours(vectors, dims, 10, sample), found, sample);
const result = {
  rows,
  dims,
  topics,
  rank,
  k: 10,
  method: found.method,
  cells: found.cells,
  probes: found.probes,
  calibrationRecall: found.calibration?.recall ?? null,
  searchSeconds: Number(seconds.toFixed(2)),
  peakRssMb: Math.round(peak / 2 ** 20),
  vectorsMb: Math.round((rows * dims * 4) / 2 ** 20),
  recallAt10: Number(recall.toFixed(4)),
  sampled: sample.length,
};
if (process.argv.includes('--json')) console.log(JSON.stringify(result));
else {
  console.log(
    `embedding search: ${rows.toLocaleString('en')} x ${dims}, k = 10 (${found.method}: ${found.cells} cells, ${found.probes} probed per row${found.calibration ? `, chosen for recall ${found.calibration.recall.toFixed(3)} on ${found.calibration.rows} calibration rows` : ''})`,
  );
  console.log(`  all rows' neighbours  ${result.searchSeconds} s   (limit 60 s at 1M x 128)`);
  console.log(`  peak RSS              ${result.peakRssMb} MB   (limit 4096 MB; the vectors alone ${result.vectorsMb} MB)`);
  console.log(`  recall of exact top-10 ${result.recallAt10} on ${sample.length} sampled rows (at least 0.95)`);
}
