/**
 * Child process of the benchmark. `parse`: the floor, reading the data with the CSV parser and
 * the predictions with the JSONL reader (JSON.parse per line) and doing nothing else.
 * `audit`: the full audit as the CLI runs it, JSON report rendered. `load`: the data file alone
 * loaded into columns (to compare formats). Prints seconds and peak RSS.
 */
import { performance } from 'node:perf_hooks';
import { parseDelimited } from '../io/csv.js';
import { parseJsonLines } from '../io/json.js';
import { firstChunk, openSource } from '../io/source.js';
import { run } from '../run.js';
import { loadData } from '../io/data.js';
import { renderJsonChunks } from '../render/json.js';
import { renderHtml } from '../render/html/page.js';

const [mode, data, ...rest] = process.argv.slice(2);
const preds = rest.filter((arg) => !arg.startsWith('--'));
const flags = rest.filter((arg) => arg.startsWith('--'));

async function chunksOf(path: string): Promise<AsyncIterable<string>> {
  const opened = await firstChunk(await openSource(path));
  if (!opened) throw new Error(`${path} is empty`);
  return opened.chunks;
}

let html: { htmlSeconds: number; htmlBytes: number } | null = null;
// Each check's wall time, in seconds (the audit runs with --timing: a regression names its check).
let checkSeconds: Record<string, number> | null = null;
const start = performance.now();
if (mode === 'load') {
  // The data file alone, as the audit loads it into typed columns (CSV or Parquet alike).
  const table = await loadData(data);
  if (table.rowCount === 0) throw new Error('nothing loaded');
} else if (mode === 'parse') {
  let fields = 0;
  let records = 0;
  await parseDelimited(await chunksOf(data), ',', data, {
    header() {},
    row(row) {
      fields += row.length;
    },
  });
  for (const path of preds) {
    await parseJsonLines(await chunksOf(path), path, () => {
      records++;
    });
  }
  if (fields === 0 || (preds.length > 0 && records === 0)) throw new Error('nothing parsed');
} else {
  const flag = (name: string) =>
    flags
      .find((f) => f.startsWith(`${name}=`))
      ?.slice(name.length + 1)
      .split(',');
  // --no-proxy as the CLI reads it: checkOptions.proxy.enabled false.
  const checkOptions = flags.includes('--no-proxy') ? { proxy: { enabled: false } } : undefined;
  const result = await run({ data, predictions: preds, skipChecks: flag('--skip-checks'), baselineRuns: flag('--baseline-runs'), checkOptions, timing: true });
  checkSeconds = Object.fromEntries(
    Object.entries(result.report.checks)
      .filter(([, outcome]) => outcome.durationMs !== undefined)
      .map(([id, outcome]) => [id, Number((outcome.durationMs! / 1000).toFixed(3))]),
  );
  // As the CLI writes it: in pieces (a wide report outgrows one string).
  const pieces = renderJsonChunks(result.report);
  if (pieces.length === 0 || pieces[0].length === 0) throw new Error('empty report');
  if (flags.includes('--html')) {
    // What -o report.html adds: the page with its charts, from the same report.
    const htmlStart = performance.now();
    const page = await renderHtml(result.audit);
    html = { htmlSeconds: (performance.now() - htmlStart) / 1000, htmlBytes: Buffer.byteLength(page) };
  }
}
const seconds = (performance.now() - start) / 1000;
console.log(JSON.stringify({ seconds, peakRssMB: process.resourceUsage().maxRSS / 1024, ...html, ...(checkSeconds ? { checks: checkSeconds } : {}) }));
