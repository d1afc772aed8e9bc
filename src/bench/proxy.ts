/**
 * `npm run build && node dist/bench/proxy.js [--rows N] [--repeat R]`: times the proxy learner on
 * synthetic data (seeded): feature preparation and one multinomial logistic fit with the default
 * options (C = 1, preconditioned, stopping when F falls by under 1e-6 per step over 10 steps) on
 *   - dense: N rows x 50 numeric columns (5 of them with 2% missing cells, so 5 indicators) + 2
 *     categorical columns of 6 levels -> 67 dense features, 3 classes from a noisy linear rule;
 *   - text: N short texts (4 to 15 words drawn from a 5,000-word Zipf vocabulary, a class
 *     preference mixed in) -> hashed TF-IDF over 2^18 buckets (CSR), 3 classes;
 * training on 80% of the rows (the other 20% held out, as one cross-fitting fold). Prints median
 * wall and CPU seconds of R runs (default 3), the steps taken, and how close the fit is to a tight
 * one (tolerance 1e-9, no decrease test): the objective's relative gap, the held-out log loss's
 * relative difference and the largest held-out probability difference; then a what-if refit (5%
 * of the training rows weighted 0) from zero and warm-started from the baseline fit.
 */
import { TableBuilder, type DataTable } from '../data/table.js';
import { fitLogistic, predictProba, type LogisticModel } from '../math/logistic-regression.js';
import { prepareProxyFeatures, type ProxyFeatureColumns } from '../math/proxy-features.js';
import type { FeatureMatrix } from '../math/feature-matrix.js';
import { createRandom, type Random } from '../math/random.js';

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index >= 0 && process.argv[index + 1] !== undefined ? process.argv[index + 1] : fallback;
}

const rows = Number(argument('--rows', '50000'));
const repeat = Number(argument('--repeat', '3'));

function gaussian(random: Random): number {
  const u = random.next() || 2 ** -32;
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
}

function denseTable(random: Random): DataTable {
  const numeric = 50;
  const header = [...Array.from({ length: numeric }, (_, j) => `x${j}`), 'region', 'device', 'label'];
  const builder = new TableBuilder('<bench>', 'csv', header);
  const weights = Array.from({ length: 3 * numeric }, () => gaussian(random) * 0.3);
  for (let row = 0; row < rows; row++) {
    const fields: string[] = [];
    const z = [0, 0, 0];
    for (let j = 0; j < numeric; j++) {
      // Columns on different scales and offsets: the standardisation has work to do.
      const v = gaussian(random);
      for (let k = 0; k < 3; k++) z[k] += v * weights[k * numeric + j];
      fields.push(j < 5 && random.next() < 0.02 ? '' : (v * (1 + (j % 7)) + (j % 3)).toFixed(4));
    }
    const region = random.int(6);
    const device = random.int(6);
    z[region % 3] += 0.5;
    for (let k = 0; k < 3; k++) z[k] += 1.5 * gaussian(random);
    fields.push(`region-${region}`, `device-${device}`, String(z.indexOf(Math.max(...z))));
    builder.addFields(fields, row + 2);
  }
  return builder.build();
}

/** Made-up words of 2 to 8 letters, one per index. */
function makeWord(index: number): string {
  let x = Math.imul(index + 1, 0x9e3779b1) >>> 0;
  let word = '';
  for (let c = 0; c < 2 + (index % 7); c++) {
    word += 'abcdefghijklmnopqrstuvwxyz'[x % 26];
    x = Math.imul(x ^ (x >>> 15), 0x85ebca6b) >>> 0;
  }
  return word;
}

function textTable(random: Random): DataTable {
  const size = 5000;
  const cumulative = new Float64Array(size);
  let total = 0;
  for (let i = 0; i < size; i++) cumulative[i] = total += 1 / Math.pow(i + 1, 1.05);
  const zipf = (): number => {
    const u = random.next() * total;
    let lo = 0;
    let hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const vocabulary = Array.from({ length: size }, (_, i) => makeWord(i));
  const builder = new TableBuilder('<bench>', 'csv', ['text', 'label']);
  for (let row = 0; row < rows; row++) {
    const label = random.int(3);
    const words: string[] = [];
    const length = 4 + random.int(12);
    for (let w = 0; w < length; w++) {
      let index = zipf();
      // 30% of the words are drawn from the label's third of the vocabulary.
      if (random.next() < 0.3) while (index % 3 !== label) index = zipf();
      words.push(vocabulary[index]);
    }
    builder.addFields([words.join(' '), String(label)], row + 2);
  }
  return builder.build();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function heldOut(
  model: LogisticModel,
  matrix: FeatureMatrix,
  y: Int32Array,
  held: Int32Array,
): { probabilities: Float64Array; logLoss: number; accuracy: number } {
  const probabilities = predictProba(model, matrix, held);
  let correct = 0;
  let loss = 0;
  for (let i = 0; i < held.length; i++) {
    let best = 0;
    for (let k = 1; k < 3; k++) if (probabilities[i * 3 + k] > probabilities[i * 3 + best]) best = k;
    if (best === y[held[i]]) correct++;
    loss -= Math.log(probabilities[i * 3 + y[held[i]]]);
  }
  return { probabilities, logLoss: loss / held.length, accuracy: correct / held.length };
}

function measure(name: string, table: DataTable, columns: ProxyFeatureColumns): void {
  const y = Int32Array.from(table.column('label')!.numbers());
  const train = Int32Array.from({ length: rows }, (_, i) => i).filter((i) => i % 5 !== 0);
  const held = Int32Array.from({ length: rows }, (_, i) => i).filter((i) => i % 5 === 0);
  const prepare: number[][] = [];
  const fit: number[][] = [];
  let last: { matrix: FeatureMatrix; model: LogisticModel; description: string } | null = null;
  for (let r = 0; r < repeat; r++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const { matrix, description } = prepareProxyFeatures(table, columns, { fitRows: train });
    const cpu1 = process.cpuUsage();
    const t1 = performance.now();
    const model = fitLogistic(matrix, y, 3, { rows: train });
    const cpu2 = process.cpuUsage();
    const t2 = performance.now();
    prepare.push([(t1 - t0) / 1000, (cpu1.user - cpu0.user) / 1e6]);
    fit.push([(t2 - t1) / 1000, (cpu2.user - cpu1.user) / 1e6]);
    last = { matrix, model, description: `${description.kind} ${description.rows} x ${description.dims}, ${description.nonzeros} nonzeros` };
  }
  const { matrix, model, description } = last!;
  const tight = fitLogistic(matrix, y, 3, { rows: train, tolerance: 1e-9, relativeTolerance: 0, maxIterations: 5000 });
  const fitted = heldOut(model, matrix, y, held);
  const reference = heldOut(tight, matrix, y, held);
  let largest = 0;
  for (let i = 0; i < fitted.probabilities.length; i++) largest = Math.max(largest, Math.abs(fitted.probabilities[i] - reference.probabilities[i]));
  const seconds = (pairs: number[][]) => `${median(pairs.map((p) => p[0])).toFixed(2)} s wall, ${median(pairs.map((p) => p[1])).toFixed(2)} s CPU`;
  // A what-if: 5% of the training rows dropped, refitted cold and from the baseline's coefficients.
  const dropped = Float64Array.from({ length: rows }, (_, i) => (i % 20 === 1 ? 0 : 1));
  const timed = (warm: LogisticModel | null): string => {
    const cpu0 = process.cpuUsage();
    const refit = fitLogistic(matrix, y, 3, { rows: train, sampleWeight: dropped, warmStart: warm });
    return `${refit.iterations} steps, ${((process.cpuUsage().user - cpu0.user) / 1e6).toFixed(2)} s CPU`;
  };
  const whatIf = `what-if refit (5% of the training rows dropped): cold ${timed(null)}, warm-started from the baseline ${timed(model)}`;
  console.log(`${name}: ${description}`);
  console.log(
    `  prepare ${seconds(prepare)}; fit ${seconds(fit)} (medians of ${repeat}): ${model.iterations} steps, ${model.evaluations} gradients, stop ${model.stop}`,
  );
  console.log(
    `  against a tight fit (${tight.iterations} steps): objective gap ${((model.objective - tight.objective) / tight.objective).toExponential(1)}, ` +
      `held-out log loss ${fitted.logLoss.toFixed(4)} vs ${reference.logLoss.toFixed(4)}, accuracy ${fitted.accuracy.toFixed(4)} vs ${reference.accuracy.toFixed(4)}, largest probability difference ${largest.toExponential(1)}`,
  );
  console.log(`  ${whatIf}`);
}

const random = createRandom(20240601);
measure('dense', denseTable(random), {
  numeric: Array.from({ length: 50 }, (_, j) => `x${j}`),
  categorical: ['region', 'device'],
});
measure('text', textTable(random), { text: 'text' });
