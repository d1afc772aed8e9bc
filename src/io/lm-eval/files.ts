/**
 * lm-evaluation-harness `--log_samples` output, recognised by content: which paths are samples
 * files (`samples_<task>_<time>.jsonl`, or JSONL under a `.json` name as older versions wrote it),
 * the `results_<time>.json` written beside them, and what that results file says of each task.
 */
import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { InputError, fileError } from '../../errors.js';
import { fileHead, filesUnder, readJsonBeside } from '../dir-files.js';

const SAMPLES_NAME = /^samples_(.+)_(\d{4}-\d{2}-\d{2}T[\d.:-]+)\.jsonl?$/;

/** One samples file: the task it holds and the time stamp that pairs it with its results file. */
export interface SamplesFile {
  path: string;
  task: string;
  /** The run's time stamp from the file name, or null when the name has none. */
  stamp: string | null;
}

/** The first line of a file (up to 64 KiB), or null for a file that cannot be read as text. */
async function firstLine(path: string): Promise<string | null> {
  const text = await fileHead(path);
  if (text === null) return null;
  const end = text.indexOf('\n');
  return end < 0 ? text : text.slice(0, end);
}

/** A JSON line that is a harness sample: `doc_id`, `doc` and the model's responses. */
export function isSampleRecord(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const record = value as Record<string, unknown>;
  return 'doc_id' in record && 'doc' in record && ('filtered_resps' in record || 'resps' in record);
}

/** True when the path is a samples file (by its first record) or a directory holding one. */
export async function isLmEvalPath(path: string): Promise<boolean> {
  if (path === '-') return false;
  let info;
  try {
    info = await stat(path);
  } catch {
    return false;
  }
  if (info.isDirectory()) return (await findSamples(path)).length > 0;
  if (!/\.jsonl?$/i.test(path)) return false;
  const line = await firstLine(path);
  if (line === null) return false;
  try {
    return isSampleRecord(JSON.parse(line));
  } catch {
    return false;
  }
}

/** Samples files under a directory (recursively, 6 levels), sorted by path. */
async function findSamples(dir: string): Promise<string[]> {
  return (await filesUnder(dir)).filter((path) => SAMPLES_NAME.test(basename(path)));
}

/** The samples files the paths name: files as given, directories expanded. */
export async function samplesFiles(paths: readonly string[]): Promise<SamplesFile[]> {
  const out: SamplesFile[] = [];
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      throw fileError(error, path);
    }
    const files = info.isDirectory() ? await findSamples(path) : [path];
    if (files.length === 0) throw new InputError('no lm-evaluation-harness samples file (samples_<task>_<time>.jsonl) in this directory', path);
    for (const file of files) {
      const match = SAMPLES_NAME.exec(basename(file));
      out.push({
        path: file,
        task: match
          ? match[1]
          : basename(file)
              .replace(/\.jsonl?$/i, '')
              .replace(/^samples_/, ''),
        stamp: match ? match[2] : null,
      });
    }
  }
  return out;
}

/** What the results file says of the run and its tasks. */
export interface ResultsInfo {
  path: string;
  model: string | null;
  nShot: Record<string, number>;
  /** Subtask to its group (`leaderboard_gpqa_main` to `leaderboard_gpqa`). */
  groupOf: Record<string, string>;
  /** `metric,filter` to value, per task. */
  metrics: Record<string, Record<string, number>>;
  /** Per task: the string put before each choice (default " "). */
  targetDelimiter: Record<string, string>;
}

/** The model as the results file names it: `model_name`, else `pretrained=`/`model=` of `model_args`; a path is shortened to its last part. */
function modelName(results: Record<string, unknown>): string | null {
  const config = (results.config ?? {}) as Record<string, unknown>;
  let name = typeof results.model_name === 'string' && results.model_name !== '' ? results.model_name : null;
  if (name === null && typeof config.model_args === 'string') {
    const match = /(?:^|,)\s*(?:pretrained|model|path)=([^,]+)/.exec(config.model_args);
    if (match) name = match[1].trim();
  }
  if (name === null && typeof config.model === 'string') name = config.model;
  if (name !== null && name.includes('/') && name.startsWith('/')) name = name.replace(/\/+$/, '').split('/').pop() ?? name;
  return name;
}

/** Reads `results_<stamp>.json` beside a samples file; null when there is none. */
export async function readResults(samples: SamplesFile): Promise<ResultsInfo | null> {
  if (samples.stamp === null) return null;
  const path = join(dirname(samples.path), `results_${samples.stamp}.json`);
  const results = await readJsonBeside(path, `the harness results file beside ${basename(samples.path)}`);
  if (results === null) return null;
  const nShot: Record<string, number> = {};
  for (const [task, n] of Object.entries((results['n-shot'] ?? {}) as Record<string, unknown>)) if (typeof n === 'number') nShot[task] = n;
  const groupOf: Record<string, string> = {};
  for (const [group, tasks] of Object.entries((results.group_subtasks ?? {}) as Record<string, unknown>)) {
    if (Array.isArray(tasks)) for (const task of tasks) if (typeof task === 'string') groupOf[task] = group;
  }
  const metrics: Record<string, Record<string, number>> = {};
  for (const [task, values] of Object.entries((results.results ?? {}) as Record<string, unknown>)) {
    const numbers: Record<string, number> = {};
    for (const [key, value] of Object.entries((values ?? {}) as Record<string, unknown>))
      if (typeof value === 'number' && !key.includes('_stderr')) numbers[key] = value;
    metrics[task] = numbers;
  }
  const targetDelimiter: Record<string, string> = {};
  for (const [task, config] of Object.entries((results.configs ?? {}) as Record<string, unknown>)) {
    const delimiter = (config as Record<string, unknown> | null)?.target_delimiter;
    if (typeof delimiter === 'string') targetDelimiter[task] = delimiter;
    const shots = (config as Record<string, unknown> | null)?.num_fewshot;
    if (nShot[task] === undefined && typeof shots === 'number') nShot[task] = shots;
  }
  return { path, model: modelName(results), nShot, groupOf, metrics, targetDelimiter };
}
