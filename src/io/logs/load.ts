/**
 * `--logs PATH...`: files or folders of training logs. Folders are searched for the files the
 * common trainers write; each log's run is named by the nearest folder (or file) whose name is
 * not one the trainer chose (`version_0`, `checkpoint-500`, `lightning_logs`). Logs of one run
 * (several event files, a trainer_state.json in each checkpoint) are merged.
 */
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError, fileError } from '../../errors.js';
import { mergeLogs, type TrainingLog, type TrainingLogs } from '../../data/training-log.js';
import { readCsvLog, readJsonlLog, readTrainerState } from './text-logs.js';

type Kind = 'trainer-state' | 'csv' | 'tfevents' | 'jsonl';

const GENERIC_FOLDER =
  /^(version_\d+|checkpoint-\d+|checkpoints?|lightning_logs|tb_logs|logs?|runs|outputs?|results|train|weights|tensorboard|events|csv_logs|metrics)$/i;
const GENERIC_FILE = /^(trainer_state\.json|metrics\.csv|results\.csv|training\.log|history\.csv|log\.csv|logs?\.jsonl)$/i;
/** Folders are searched this many levels below a --logs folder; a deeper folder is an error naming it, never skipped unsaid. */
export const MAX_LOG_DEPTH = 32;
/** At most this many log files under one --logs folder; more is an error, never a silent cut. */
export const MAX_LOG_FILES = 10_000;

function kindOf(path: string): Kind | null {
  const name = basename(path).replace(/\.gz$/i, '');
  if (/^trainer_state\.json$/i.test(name)) return 'trainer-state';
  if (name.includes('tfevents')) return 'tfevents';
  if (/\.jsonl$/i.test(name)) return 'jsonl';
  if (/\.(csv|log)$/i.test(name)) return 'csv';
  return null;
}

/** The run a log file belongs to: the nearest meaningful folder name below `root`, else the file's stem. */
export function runNameOf(path: string, root: string | null): string {
  const name = basename(path);
  if (!GENERIC_FILE.test(name) && !name.includes('tfevents')) return name.replace(/\.gz$/i, '').replace(/\.(csv|log|jsonl|json)$/i, '');
  let dir = dirname(path);
  const stop = root === null ? null : dirname(root);
  while (dir !== stop && dir !== dirname(dir)) {
    const folder = basename(dir);
    if (!GENERIC_FOLDER.test(folder)) return folder;
    dir = dirname(dir);
  }
  return root ? basename(root) : basename(dirname(path));
}

async function walk(root: string, dir: string, depth: number, out: string[]): Promise<void> {
  if (depth > MAX_LOG_DEPTH)
    throw new InputError(
      `this folder is ${depth} levels below the --logs folder ${root}, and log folders are searched ${MAX_LOG_DEPTH} levels deep: give a folder nearer the logs to --logs`,
      dir,
    );
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw fileError(error, dir);
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await walk(root, path, depth + 1, out);
    else if (entry.isFile() && kindOf(path) !== null && (kindOf(path) !== 'csv' || /^(metrics|results)\.csv$|\.csv$/i.test(entry.name))) {
      if (out.length >= MAX_LOG_FILES)
        throw new InputError(
          `more than ${MAX_LOG_FILES.toLocaleString('en-US')} training log files in this folder and below: give the folders of the runs to audit to --logs`,
          root,
        );
      out.push(path);
    }
  }
}

/** The log files a path names: itself, or the log files found under a folder. */
async function expand(path: string): Promise<{ file: string; root: string | null }[]> {
  let stat;
  try {
    stat = await fs.stat(path);
  } catch (error) {
    throw fileError(error, path);
  }
  if (!stat.isDirectory()) {
    if (kindOf(path) === null)
      throw new InputError('not a training log this tool reads (trainer_state.json, a CSV log, events.out.tfevents.*, or .jsonl)', path);
    return [{ file: path, root: null }];
  }
  const files: string[] = [];
  await walk(path, path, 0, files);
  if (files.length === 0)
    throw new InputError(
      'no training logs in this folder (looked for trainer_state.json, metrics.csv, results.csv, *.csv, events.out.tfevents.*, *.jsonl)',
      path,
    );
  return files.map((file) => ({ file, root: path }));
}

async function readOne(file: string, run: string, fromFolder: boolean): Promise<TrainingLog[]> {
  switch (kindOf(file)) {
    case 'trainer-state':
      return [await readTrainerState(file, run)];
    case 'tfevents':
      // The TensorBoard reader (protobufjs) loads only when an event file is read.
      return [await (await import('./tfevents.js')).readEventFile(file, run)];
    case 'jsonl':
      return readJsonlLog(file, run);
    case 'csv':
      try {
        return [await readCsvLog(file, run)];
      } catch (error) {
        // A folder may hold CSV files that are not logs (predictions, data): skipped there, an error when named.
        if (fromFolder && error instanceof InputError && /^not a training log/.test(error.message)) return [];
        throw error;
      }
    default:
      return [];
  }
}

export async function loadTrainingLogs(paths: readonly string[]): Promise<TrainingLogs> {
  const logs: TrainingLog[] = [];
  for (const path of paths) {
    for (const { file, root } of await expand(path)) logs.push(...(await readOne(file, runNameOf(file, root), root !== null)));
  }
  const merged = mergeLogs(logs);
  if (merged.every((log) => log.series.length === 0))
    throw new InputError('the training logs hold no loss or metric curve (only bookkeeping such as epochs and run times)', paths[0]);
  return { paths: [...paths], logs: merged };
}
