/**
 * OpenCompass outputs, recognised by content: prediction files (`predictions/<model>/<dataset>.json`,
 * an object of items keyed "0", "1", ... with `origin_prompt` and `prediction`), the results file
 * the evaluation wrote for each (`results/<model>/<dataset>.json`, its figure and, in recent
 * versions, per-sample details) and the run's summary (`summary/summary_<time>.csv`).
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, sep } from 'node:path';
import { InputError, fileError } from '../../errors.js';
import { fileHead, filesUnder, readJsonBeside } from '../dir-files.js';
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

/** An OpenCompass prediction file starts `{"0": {"origin_prompt": ...` (the first item holds a prompt and a prediction). */
const PREDICTIONS_HEAD = /^\s*\{\s*"0"\s*:\s*\{\s*"(?:origin_prompt|prediction)"/;

async function isPredictionsFile(path: string): Promise<boolean> {
  if (!/\.json$/i.test(path)) return false;
  const text = await fileHead(path);
  return text !== null && PREDICTIONS_HEAD.test(text);
}

/** Results, summaries, logs and configs sit beside the predictions; their files are not predictions. */
const NOT_PREDICTIONS = new Set(['results', 'summary', 'logs', 'configs']);

/** Prediction files under a directory (6 levels), sorted by path; OpenCompass's partial `tmp_` files apart. */
async function findPredictions(dir: string): Promise<{ files: string[]; partial: string[] }> {
  const found = { files: [] as string[], partial: [] as string[] };
  for (const path of await filesUnder(dir, (name) => NOT_PREDICTIONS.has(name)))
    if (await isPredictionsFile(path)) (basename(path).startsWith('tmp_') ? found.partial : found.files).push(path);
  return found;
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
  // One prediction file is enough; partial ones count, so that a run stopped during inference is said to be one.
  for (const file of await filesUnder(path, (name) => NOT_PREDICTIONS.has(name))) if (await isPredictionsFile(file)) return true;
  return false;
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
      const found = await findPredictions(path);
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
  const results = await readJsonBeside(path, `OpenCompass's results file for ${file.dataset}`);
  if (results === null) return null;
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
