/**
 * `npm run bench -- --rows N [--json] [--seeds S] [--baseline B]`: generates a synthetic dataset
 * and S runs of predictions, then measures in one run (a) the floor: parsing both files with the
 * same parsers and nothing else, and (b) the full audit; prints both times, their ratio and the
 * audit's peak RSS. Each measurement runs in a fresh child process so that neither warms the
 * other's heap. With `--baseline B`, B more runs of a slightly weaker model are given as
 * --baseline-runs, and the audit is measured twice more on the same inputs, with and without the
 * comparison check, to give what the comparison adds (issue 12: at most 25% at 1M rows x 5 + 5).
 * The audit is always measured once more with --no-proxy: the proxy model's share, reported apart
 * (issue 30 asks for at most 25% of the parse floor at 1M rows).
 * With `--snapshots N`, each run's file holds N snapshots (records with "epoch" 1..N, the model's
 * margin growing with the epoch): the training-dynamics case (issue 13: 100,000 rows x 20
 * snapshots x 3 runs within 3x the parse floor). With `--html`, the audit also renders the HTML
 * report and prints its size and the seconds it adds (issue 14: under 5 MB and 1 s at 1M rows).
 * With `--parquet`, the data is also written as Parquet (hyparquet-writer, snappy, row groups of
 * 100,000) and both files are loaded alone: Parquet must load at least as fast as CSV (issue 15).
 * With `--embeddings [--dims D]`, only the nearest-neighbour search over --rows x D embeddings is
 * measured (src/bench/embeddings.ts; issue 15: 1M x 128 within 60 s and 4 GB, recall >= 0.95).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRandom } from '../math/random.js';

const here = dirname(fileURLToPath(import.meta.url));

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index >= 0 && process.argv[index + 1] !== undefined ? process.argv[index + 1] : fallback;
}

const rows = Number(argument('--rows', '1000000'));
const seeds = Number(argument('--seeds', '5'));
const baselineSeeds = Number(argument('--baseline', '0'));
const snapshots = Number(argument('--snapshots', '0'));
const withHtml = process.argv.includes('--html');
const withParquet = process.argv.includes('--parquet');
const json = process.argv.includes('--json');
const dir = argument('--dir', join(process.cwd(), '.bench'));
const extra = process.argv.includes('--') ? process.argv.slice(process.argv.indexOf('--') + 1) : [];

/** Part of the cached files' names: bump it when the generated data changes. */
const GENERATOR_VERSION = 2;

const WORDS = (
  'the a model data training run seed loss accuracy label text review product quality service fast slow good bad great poor ' +
  'delivery price value support battery screen sound camera design weight size colour fabric comfort store order refund ' +
  'works broken excellent terrible average expected arrived late early cheap expensive recommend return again never always ' +
  'small large bright dark clean noisy quiet simple complex useful useless happy unhappy friendly rude helpful slowly quickly'
).split(' ');
const CLASSES = ['negative', 'neutral', 'positive'];
const REGIONS = ['north', 'south', 'east', 'west', 'central'];
const DEVICES = ['web', 'ios', 'android'];

/** Writes lines through a 1 MiB buffer with synchronous writes: simple and fast for generated data. */
function write(path: string, produce: (emit: (line: string) => void) => void): void {
  const fd = openSync(path, 'w');
  let buffer: string[] = [];
  let size = 0;
  const flush = () => {
    if (buffer.length > 0) writeSync(fd, buffer.join(''));
    buffer = [];
    size = 0;
  };
  try {
    produce((line) => {
      buffer.push(line);
      size += line.length;
      if (size > 1 << 20) flush();
    });
    flush();
  } finally {
    closeSync(fd);
  }
}

interface BenchFiles {
  data: string;
  preds: string[];
  baseline: string[];
}

/** One run's predictions: the true class gets `margin` on top of uniform noise, more noise in the east. */
function writeRunAs(path: string, randomSeed: number, seed: number, truth: Uint8Array, hard: Uint8Array, margin: number): void {
  const random = createRandom(randomSeed).next;
  write(path, (emit) => {
    // Without snapshots one record per row; with N, N per row (epochs 1..N), the margin growing to `margin`.
    for (let epoch = snapshots > 0 ? 1 : 0; epoch <= snapshots; epoch++) {
      const atEpoch = snapshots > 0 ? (margin * epoch) / snapshots : margin;
      const tag = snapshots > 0 ? `"epoch":${epoch},` : '';
      for (let i = 0; i < rows; i++) {
        const noise = hard[i] ? 2.5 : 1.2;
        const logits = [0, 1, 2].map((c) => (c === truth[i] ? atEpoch : 0) + noise * (random() - 0.5) * 2);
        const max = Math.max(...logits);
        const e = logits.map((l) => Math.exp(l - max));
        const sum = e[0] + e[1] + e[2];
        emit(`{"id":${i},"seed":${seed},${tag}"probs":[${(e[0] / sum).toFixed(4)},${(e[1] / sum).toFixed(4)},${(e[2] / sum).toFixed(4)}]}\n`);
      }
    }
  });
}

function generate(): BenchFiles {
  mkdirSync(dir, { recursive: true });
  const data = join(dir, `data-${rows}-v${GENERATOR_VERSION}.csv`);
  const snap = snapshots > 0 ? `-snap${snapshots}` : '';
  const preds = Array.from({ length: seeds }, (_, s) => join(dir, `preds-${rows}-v${GENERATOR_VERSION}${snap}-seed${s + 1}.jsonl`));
  const baseline = Array.from({ length: baselineSeeds }, (_, s) => join(dir, `baseline-${rows}-v${GENERATOR_VERSION}-seed${s + 1}.jsonl`));
  if (existsSync(data) && [...preds, ...baseline].every((p) => existsSync(p))) return { data, preds, baseline };
  // Seeded (createRandom), so the data is the same on every machine.
  const random = createRandom(1).next;
  const truth = new Uint8Array(rows);
  const hard = new Uint8Array(rows);
  // The last WINDOW texts, as a ring buffer indexed by row % WINDOW.
  const WINDOW = 1000;
  const recent: string[] = new Array<string>(WINDOW);
  write(data, (emit) => {
    emit('id,text,label,split,region,device,age,rating\n');
    for (let i = 0; i < rows; i++) {
      // 1% of rows repeat one of the previous WINDOW rows exactly; 2% are mislabelled.
      const duplicateOf = i > 100 && random() < 0.01 ? i - 1 - Math.floor(random() * Math.min(i, WINDOW)) : -1;
      const cls = duplicateOf >= 0 ? truth[duplicateOf] : Math.floor(random() * 3);
      truth[i] = cls;
      let text: string;
      if (duplicateOf >= 0) text = recent[duplicateOf % WINDOW];
      else {
        const length = 8 + Math.floor(random() * 18);
        const words: string[] = [CLASSES[cls]];
        for (let w = 1; w < length; w++) words.push(WORDS[Math.floor(random() * WORDS.length)]);
        text = words.join(' ');
      }
      recent[i % WINDOW] = text;
      const label = random() < 0.02 ? (cls + 1 + Math.floor(random() * 2)) % 3 : cls;
      const region = REGIONS[Math.floor(random() * REGIONS.length)];
      hard[i] = region === 'east' ? 1 : 0;
      emit(
        `${i},${text},${CLASSES[label]},${random() < 0.8 ? 'train' : 'test'},${region},${DEVICES[Math.floor(random() * 3)]},${18 + Math.floor(random() * 60)},${(random() * 5).toFixed(2)}\n`,
      );
    }
  });
  // Seeds 100 + s (the files' records say seed s + 1, as before); the baseline is a weaker model.
  for (let s = 0; s < seeds; s++) writeRunAs(preds[s], 100 + s, s + 1, truth, hard, 2);
  for (let s = 0; s < baselineSeeds; s++) writeRunAs(baseline[s], 200 + s, s + 1, truth, hard, 1.9);
  return { data, preds, baseline };
}

function measure(
  mode: 'parse' | 'audit' | 'load',
  files: BenchFiles,
  flags: string[] = [],
): { seconds: number; peakRssMB: number; htmlSeconds?: number; htmlBytes?: number; checks?: Record<string, number> } {
  // The floor parses every prediction file; the audit is told which are the baseline's.
  const inputs =
    mode === 'parse'
      ? [...files.preds, ...files.baseline]
      : [...files.preds, ...(files.baseline.length > 0 ? [`--baseline-runs=${files.baseline.join(',')}`] : []), ...flags, ...extra];
  const child = spawnSync(process.execPath, [join(here, 'measure.js'), mode, files.data, ...inputs], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (child.status !== 0) throw new Error(`${mode} failed (${child.status}): ${child.stderr}`);
  const lines = child.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as ReturnType<typeof measure>;
}

/**
 * `--case wide` (a header of 1,000,000 columns and two rows) and `--case long-line` (one 64 MiB
 * text cell): the shapes that were quadratic once (per-column role lookups, re-scanning a carried
 * partial line). Measured like the main case, with no predictions.
 */
const benchCase = argument('--case', '');
function generateCase(name: string): { data: string; preds: string[] } {
  mkdirSync(dir, { recursive: true });
  const data = join(dir, `case-${name}-v${GENERATOR_VERSION}.csv`);
  if (existsSync(data)) return { data, preds: [] };
  if (name === 'wide') {
    const columns = 1_000_000;
    write(data, (emit) => {
      emit('id,label');
      for (let c = 0; c < columns; c++) emit(`,c${c}`);
      for (const [id, label] of [
        [1, 'a'],
        [2, 'b'],
      ]) {
        emit(`\n${id},${label}`);
        for (let c = 0; c < columns; c++) emit(`,${c % 7}`);
      }
      emit('\n');
    });
  } else if (name === 'long-line') {
    const piece = 'x'.repeat(1 << 20);
    write(data, (emit) => {
      emit('id,text,label\n1,');
      for (let i = 0; i < 64; i++) emit(piece);
      emit(',a\n2,short,b\n');
    });
  } else {
    throw new Error(`unknown --case ${name} (wide or long-line)`);
  }
  return { data, preds: [] };
}

async function parquetCopy(csv: string): Promise<string> {
  const path = csv.replace(/\.csv$/, '.parquet');
  if (existsSync(path)) return path;
  const { loadData } = await import('../io/data.js');
  const { parquetWriteBuffer } = await import('hyparquet-writer');
  const table = await loadData(csv);
  const columnData = table.columns.map((column) =>
    column.isNumeric
      ? { name: column.name, data: Float64Array.from(column.numbers()), type: 'DOUBLE' as const }
      : { name: column.name, data: Array.from({ length: table.rowCount }, (_, row) => column.get(row)), type: 'STRING' as const },
  );
  writeFileSync(path, new Uint8Array(parquetWriteBuffer({ columnData, rowGroupSize: 100_000 })));
  return path;
}
/**
 * CSV against Parquet, each loaded alone in a fresh process five times, alternating (single
 * loads vary by a tenth of a second here): the median of each.
 */
async function compareLoads(csv: string): Promise<{ csv: { seconds: number }; parquet: { seconds: number } }> {
  const parquet = await parquetCopy(csv);
  const times: { csv: number[]; parquet: number[] } = { csv: [], parquet: [] };
  for (let round = 0; round < 5; round++) {
    times.csv.push(measure('load', { data: csv, preds: [], baseline: [] }).seconds);
    times.parquet.push(measure('load', { data: parquet, preds: [], baseline: [] }).seconds);
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
  return { csv: { seconds: median(times.csv) }, parquet: { seconds: median(times.parquet) } };
}

/** The tabular audit: parse floor, audit, and what --baseline, --html and --parquet add. */
async function benchAudit(): Promise<void> {
  const files: BenchFiles = benchCase ? { ...generateCase(benchCase), baseline: [] } : generate();

  /** The bench data as Parquet, with the CSV's column types, written once beside it. */
  const loadTimes = withParquet && !benchCase ? await compareLoads(files.data) : null;
  const parse = measure('parse', files);
  const audit = measure('audit', files, withHtml ? ['--html'] : []);
  // The same inputs without the comparison check: what the comparison itself adds.
  const withoutComparison = files.baseline.length > 0 ? measure('audit', files, ['--skip-checks=comparison']) : null;
  // The same inputs without the proxy model: what the proxy's fits and what-ifs add, reported apart.
  const withoutProxy = measure('audit', files, ['--no-proxy']);
  const result = {
    ...(benchCase ? { case: benchCase } : {}),
    rows,
    ...(snapshots > 0 ? { snapshots } : {}),
    parseSeconds: Number(parse.seconds.toFixed(3)),
    auditSeconds: Number(audit.seconds.toFixed(3)),
    ratio: Number((audit.seconds / parse.seconds).toFixed(3)),
    peakRssMB: Math.round(audit.peakRssMB),
    ...(loadTimes ? { csvLoadSeconds: Number(loadTimes.csv.seconds.toFixed(3)), parquetLoadSeconds: Number(loadTimes.parquet.seconds.toFixed(3)) } : {}),
    ...(audit.htmlSeconds !== undefined ? { htmlSeconds: Number(audit.htmlSeconds.toFixed(3)), htmlMB: Number((audit.htmlBytes! / 1e6).toFixed(2)) } : {}),
    ...(withoutComparison
      ? {
          baselineRuns: files.baseline.length,
          withoutComparisonSeconds: Number(withoutComparison.seconds.toFixed(3)),
          comparisonOverhead: Number((audit.seconds / withoutComparison.seconds - 1).toFixed(3)),
        }
      : {}),
    withoutProxySeconds: Number(withoutProxy.seconds.toFixed(3)),
    proxySeconds: Number((audit.seconds - withoutProxy.seconds).toFixed(3)),
    proxyShareOfParse: Number(((audit.seconds - withoutProxy.seconds) / parse.seconds).toFixed(3)),
    // Each check's seconds in the audit run (the rest is loading, joining and rendering).
    checks: audit.checks ?? {},
  };
  if (!json) {
    console.log(
      benchCase
        ? `case:        ${benchCase}`
        : `rows:        ${rows.toLocaleString('en-US')} (+ ${seeds} x ${rows.toLocaleString('en-US')}${snapshots > 0 ? ` x ${snapshots} snapshots` : ''} prediction lines)`,
    );
    console.log(`parse floor: ${result.parseSeconds.toFixed(2)} s (peak RSS ${Math.round(parse.peakRssMB)} MB)`);
    console.log(`audit:       ${result.auditSeconds.toFixed(2)} s`);
    console.log(`ratio:       ${result.ratio.toFixed(2)}x`);
    console.log(`peak RSS:    ${result.peakRssMB} MB`);
    if (result.csvLoadSeconds !== undefined)
      console.log(
        `load:        CSV ${result.csvLoadSeconds.toFixed(2)} s, the same data as Parquet ${result.parquetLoadSeconds!.toFixed(2)} s (medians of 5 alternating loads)`,
      );
    if (result.htmlSeconds !== undefined)
      console.log(`html:        ${result.htmlMB} MB, rendered in ${result.htmlSeconds.toFixed(2)} s (included in the audit time)`);
    console.log(
      `proxy:       the audit takes ${result.withoutProxySeconds.toFixed(2)} s with --no-proxy: the proxy adds ${result.proxySeconds.toFixed(2)} s, ${(result.proxyShareOfParse * 100).toFixed(0)}% of the parse floor`,
    );
    const timed = Object.entries(result.checks).sort((a, b) => b[1] - a[1]);
    const checksTotal = timed.reduce((sum, [, t]) => sum + t, 0);
    console.log(`checks:      ${checksTotal.toFixed(2)} s in all (${(checksTotal / result.parseSeconds).toFixed(2)}x the parse floor); each, slowest first:`);
    for (const [id, t] of timed.filter(([, t]) => t >= 0.005))
      console.log(`  ${id.padEnd(20)} ${t.toFixed(2).padStart(7)} s  ${((100 * t) / result.auditSeconds).toFixed(1).padStart(5)}% of the audit`);
    if (withoutComparison)
      console.log(
        `comparison:  ${files.baseline.length} baseline runs; the audit takes ${result.withoutComparisonSeconds!.toFixed(2)} s without the comparison check: +${(result.comparisonOverhead! * 100).toFixed(1)}%`,
      );
  }
  console.log(JSON.stringify(result));
}

if (process.argv.includes('--embeddings')) {
  // The embedding search alone, in its own process (its heap and timing apart from this one's).
  // Its options (--rows, --dims, --topics, --rank, --json) and their defaults are its own.
  const child = spawnSync(process.execPath, [join(here, 'embeddings.js'), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exitCode = child.status ?? 1;
} else await benchAudit();
