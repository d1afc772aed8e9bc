/**
 * OpenCompass outputs, recognised by content: prediction files (`predictions/<model>/<dataset>.json`,
 * an object of items keyed "0", "1", ... with `origin_prompt` and `prediction`), the results file
 * the evaluation wrote for each (`results/<model>/<dataset>.json`, its figure and, in recent
 * versions, per-sample details) and the run's summary (`summary/summary_<time>.csv`).
 */
import { open, readFile, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, sep } from 'node:path';
import { InputError, fileError } from '../../errors.js';
import Papa from 'papaparse';

/** One prediction file and where it sits in its run. */
export interface PredictionsFile {
  path: string;
  /** The dataset (file name without `.json`). */
  dataset: string;
  /** The model (the directory holding the file). */
  model: string;
  /** Directories between `predictions/` and the model's (LawBench's `zero_shot`), joined by "/"; empty for OpenCompass's own layout. */
  setting: string;
  /** The run's directory (holding `predictions/`, `results/`, `summary/`), or null when the file is not under a `predictions/` directory. */
  runDir: string | null;
}

/** The start of a file (up to 64 KiB), or null when it cannot be read. */
async function head(path: string): Promise<string | null> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return null;
  }
  try {
    const buffer = Buffer.alloc(65536);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** An OpenCompass prediction file starts `{"0": {"origin_prompt": ...` (the first item holds a prompt and a prediction). */
const PREDICTIONS_HEAD = /^\s*\{\s*"0"\s*:\s*\{\s*"(?:origin_prompt|prediction)"/;

async function isPredictionsFile(path: string): Promise<boolean> {
  if (!/\.json$/i.test(path)) return false;
  const text = await head(path);
  return text !== null && PREDICTIONS_HEAD.test(text);
}

/** Prediction files under a directory (6 levels), sorted by path; OpenCompass's partial `tmp_` files apart. */
async function findPredictions(dir: string, depth: number, out: { files: string[]; partial: string[] }): Promise<void> {
  if (depth > 6) return;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw fileError(error, dir);
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      // Results and summaries sit beside the predictions; their files are not predictions.
      if (entry.name !== 'results' && entry.name !== 'summary' && entry.name !== 'logs' && entry.name !== 'configs')
        await findPredictions(path, depth + 1, out);
    } else if (await isPredictionsFile(path)) (entry.name.startsWith('tmp_') ? out.partial : out.files).push(path);
  }
}

/** True when the path is an OpenCompass prediction file or a directory holding one. */
export async function isOpenCompassPath(path: string): Promise<boolean> {
  if (path === '-') return false;
  let info;
  try {
    info = await stat(path);
  } catch {
    return false;
  }
  if (!info.isDirectory()) return isPredictionsFile(path);
  const found = { files: [] as string[], partial: [] as string[] };
  await findPredictions(path, 0, found);
  // A run stopped during inference leaves only partial files: recognised, so that the error says so.
  return found.files.length > 0 || found.partial.length > 0;
}

/** Where a prediction file sits: its model, dataset, setting and run directory. */
function describe(path: string): PredictionsFile {
  const dataset = basename(path).replace(/\.json$/i, '');
  const model = basename(dirname(path));
  const parts = dirname(dirname(path)).split(sep);
  const at = parts.lastIndexOf('predictions');
  if (at < 0) return { path, dataset, model, setting: '', runDir: null };
  return { path, dataset, model, setting: parts.slice(at + 1).join('/'), runDir: parts.slice(0, at).join(sep) || '.' };
}

/** The prediction files the paths name (directories expanded), and the partial `tmp_` files left out. */
export async function predictionsFiles(paths: readonly string[]): Promise<{ files: PredictionsFile[]; partial: string[] }> {
  const files: PredictionsFile[] = [];
  const partial: string[] = [];
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      throw fileError(error, path);
    }
    if (info.isDirectory()) {
      const found = { files: [] as string[], partial: [] as string[] };
      await findPredictions(path, 0, found);
      if (found.files.length === 0 && found.partial.length > 0)
        throw new InputError(
          `only OpenCompass's partial prediction files here (${found.partial.length}, such as ${basename(found.partial[0])}): the run stopped during inference; give a finished run's predictions`,
          path,
        );
      if (found.files.length === 0) throw new InputError('no OpenCompass prediction file (predictions/<model>/<dataset>.json) in this directory', path);
      files.push(...found.files.map(describe));
      partial.push(...found.partial);
    } else files.push(describe(path));
  }
  return { files, partial };
}

/** One item's details as the evaluation kept them. */
export interface ResultDetail {
  /** The answer after OpenCompass's post-processing. */
  prediction: unknown;
  references: unknown;
  /** The evaluator's own verdict, when it wrote one. */
  correct: boolean | null;
}

/** What a results file says of one model on one dataset. */
export interface ResultsInfo {
  path: string;
  /** The headline metric: the first of accuracy, acc, score, exact_match, EM ... present, else the first number. */
  metric: string | null;
  value: number | null;
  /** Per-item details by the prediction file's key (a list is keyed by position). */
  details: Map<string, ResultDetail> | null;
}

const METRIC_ORDER = ['accuracy', 'acc', 'Acc', 'score', 'exact_match', 'EM score', 'em', 'EM'];

/** Reads `results/<setting>/<model>/<dataset>.json` of the file's run; null when there is none. */
export async function readResults(file: PredictionsFile): Promise<ResultsInfo | null> {
  if (file.runDir === null) return null;
  const path = join(file.runDir, 'results', ...(file.setting ? file.setting.split('/') : []), file.model, `${file.dataset}.json`);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return null;
  }
  let results: Record<string, unknown>;
  try {
    results = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new InputError(`OpenCompass's results file for ${file.dataset} is not JSON: ${(error as Error).message.slice(0, 120)}`, path);
  }
  const numbers = Object.keys(results).filter((key) => typeof results[key] === 'number');
  const metric = METRIC_ORDER.find((name) => numbers.includes(name)) ?? numbers[0] ?? null;
  let details: Map<string, ResultDetail> | null = null;
  const raw = results.details;
  if (raw !== null && typeof raw === 'object') {
    details = new Map();
    const entries = Array.isArray(raw) ? raw.map((value, i) => [String(i), value] as const) : Object.entries(raw);
    for (const [key, value] of entries) {
      if (value === null || typeof value !== 'object') continue;
      const detail = value as Record<string, unknown>;
      const verdict: unknown = Array.isArray(detail.correct) ? (detail.correct as unknown[])[0] : detail.correct;
      details.set(key, {
        prediction: detail.predictions ?? detail.pred ?? null,
        references: detail.references ?? detail.answer ?? null,
        correct: typeof verdict === 'boolean' ? verdict : typeof verdict === 'number' ? verdict > 0 : null,
      });
    }
  }
  return { path, metric, value: metric === null ? null : (results[metric] as number), details };
}

/** The run's summary: `dataset,version,metric,mode,<model>...`, a figure per dataset, metric and model ("-" when none). */
export interface SummaryInfo {
  path: string;
  /** The figures of a dataset for a model, by metric, in the summary's order. */
  figures(dataset: string, model: string): Map<string, number>;
}

/** Reads `summary/summary_<time>.csv` of the run (the newest when there are several); null when there is none. */
export async function readSummary(runDir: string | null): Promise<SummaryInfo | null> {
  if (runDir === null) return null;
  const dir = join(runDir, 'summary');
  let names: string[];
  try {
    names = (await readdir(dir)).filter((name) => /^summary_.*\.csv$/.test(name)).sort();
  } catch {
    return null;
  }
  if (names.length === 0) return null;
  const path = join(dir, names[names.length - 1]);
  // A summary is a few lines per dataset: read whole.
  const rows = Papa.parse<string[]>(await readFile(path, 'utf8'), { skipEmptyLines: true }).data;
  const header = rows[0] ?? [];
  const figures = new Map<string, Map<string, number>>();
  for (const cells of rows.slice(1)) {
    for (let c = 4; c < header.length; c++) {
      const value = Number(cells[c]);
      if (cells[c] === undefined || cells[c] === '-' || cells[c] === '' || !Number.isFinite(value)) continue;
      const id = `${cells[0]}\u0000${header[c]}`;
      if (!figures.has(id)) figures.set(id, new Map());
      figures.get(id)!.set(cells[2], value);
    }
  }
  return { path, figures: (dataset, model) => figures.get(`${dataset}\u0000${model}`) ?? new Map() };
}
