/**
 * Every file an audit reads beside the positional data and predictions, declared once: its config
 * key (the flag is the key in kebab case), its command-line form and help, how a flag combines with
 * the config's value, and whether it may be standard input. The command-line options, the merge of
 * flags into the config, the files no output may overwrite and the standard-input rule are all
 * derived from this table, so that they cannot drift apart.
 */
import { z } from 'zod';
import { InputError } from './errors.js';

export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
}

/** A list in the config: an array, or one comma-separated string. */
export const listSchema = z.union([z.array(z.string()), z.string().transform((value) => splitList(value))]);

/** What the config holds for an input: one path, a list of paths, or lists of paths by model name. */
const SCHEMA_OF_KIND = {
  file: z.string().min(1),
  files: listSchema,
  byModel: z.record(z.string().min(1), listSchema),
};
type Kind = keyof typeof SCHEMA_OF_KIND;

interface FileInputSpec {
  kind: Kind;
  /** The option as commander declares it (`--train <file>`). */
  option: string;
  help: string;
  /**
   * How a flag combines with the config file's value: `replace` it, or `append` to its list (a
   * flag's files are added to the config's). `model` flags are `NAME=FILES` added by name.
   */
  merge: 'replace' | 'append';
  /** `-` reads standard input (at most one input may). */
  stdin: boolean;
  /** The command-line option group it is listed in (`audit --help` keeps its order). */
  group: 'columns' | 'inputs' | 'run';
}

/** In the order `audit --help` lists them. */
const SPECS = [
  {
    key: 'classesFrom',
    kind: 'file',
    option: '--classes-from <file>',
    help: "the model's class order from a Hugging Face config.json (id2label) or a list of class names",
    merge: 'replace',
    stdin: false,
    group: 'columns',
  },
  {
    key: 'models',
    kind: 'byModel',
    option: '--model <name=files>',
    help: 'prediction files of one model, comma-separated (repeatable): runs of one model are its seeds, two models are never one seed population',
    merge: 'append',
    stdin: true,
    group: 'inputs',
  },
  {
    key: 'baselineRuns',
    kind: 'files',
    option: '--baseline-runs <files...>',
    help: 'prediction files of the baseline model: the comparison check tests the other runs (the candidate) against them, paired on the shared examples',
    merge: 'append',
    stdin: true,
    group: 'inputs',
  },
  {
    key: 'baselineReport',
    kind: 'file',
    option: '--baseline-report <file>',
    help: 'a JSON report from an earlier audit: mark findings new, unchanged, worse or better; the gate then counts only new and worse findings',
    merge: 'replace',
    stdin: false,
    group: 'inputs',
  },
  {
    key: 'probs',
    kind: 'files',
    option: '--probs <files...>',
    help: "NumPy arrays (.npy, .npz) of class probabilities or logits, rows x classes in data order (cleanlab's pred_probs.npy): one run per file, named after it",
    merge: 'append',
    stdin: true,
    group: 'inputs',
  },
  {
    key: 'labels',
    kind: 'file',
    option: '--labels <file>',
    help: "the labels as a NumPy array of class indices (.npy, .npz), one per data row in data order, when the data has no label column (cleanlab's labels beside pred_probs)",
    merge: 'replace',
    stdin: true,
    group: 'inputs',
  },
  {
    key: 'embeddings',
    kind: 'file',
    option: '--embeddings <file>',
    help: 'one vector per data row, in data order: a NumPy array (.npy, .npz, rows x dimensions) or a Parquet/Arrow file with a vector column (for near-duplicates, outliers, neighbour labels and clusters without text)',
    merge: 'replace',
    stdin: false,
    group: 'inputs',
  },
  {
    key: 'logs',
    kind: 'files',
    option: '--logs <paths...>',
    help: 'training logs, files or folders: trainer_state.json, Lightning/Keras/Ultralytics CSV, TensorBoard event files, JSONL of {run, step, split, metric, value}',
    merge: 'append',
    stdin: false,
    group: 'inputs',
  },
  {
    key: 'train',
    kind: 'file',
    option: '--train <file>',
    help: 'separate training file when <data> is the evaluation set (for leakage)',
    merge: 'replace',
    stdin: true,
    group: 'inputs',
  },
  {
    key: 'corpus',
    kind: 'files',
    option: '--corpus <files...>',
    help: 'fine-tuning corpus files (shards of one corpus, scanned in this order) for contamination; needs --train-text-cols',
    merge: 'replace',
    stdin: true,
    group: 'inputs',
  },
  {
    key: 'partials',
    kind: 'files',
    option: '--partials <files...>',
    help: 'partial contamination scans written by audit scan-shard, merged instead of scanning (audit merge)',
    merge: 'replace',
    stdin: false,
    group: 'inputs',
  },
  {
    key: 'plugins',
    kind: 'files',
    option: '--plugin <file>',
    help: 'load a check from a JavaScript module (repeatable)',
    merge: 'append',
    stdin: false,
    group: 'run',
  },
] as const satisfies readonly (FileInputSpec & { key: string })[];

export type FileInput = (typeof SPECS)[number];
export type FileInputKey = FileInput['key'];
export const FILE_INPUTS: readonly FileInput[] = SPECS;

/** The config schema's entries for the input files, typed by kind (one path, a list, lists by model). */
export const fileInputShape = Object.fromEntries(SPECS.map((spec) => [spec.key, SCHEMA_OF_KIND[spec.kind]])) as {
  [S in FileInput as S['key']]: (typeof SCHEMA_OF_KIND)[S['kind']];
};

/** A config as far as its input files go. */
export type InputConfig = Partial<{ [K in FileInputKey]: z.output<(typeof fileInputShape)[K]> }>;

/** The option's own name as commander keys its value (`--baseline-runs` as `baselineRuns`, `--plugin` as `plugin`). */
export function flagName(input: FileInput): string {
  const long = /--([a-z-]+)/.exec(input.option)![1];
  return long.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** The paths a config names for one input, flattened (a model map gives every model's files). */
export function pathsOf(config: InputConfig, key: FileInputKey): string[] {
  const value: unknown = config[key];
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return Object.values(value as Record<string, string[]>).flat();
}

/** Every input file the config names, in table order. */
export function inputPaths(config: InputConfig): string[] {
  return FILE_INPUTS.flatMap((input) => pathsOf(config, input.key));
}

/**
 * At most one input may be standard input (`-`), and only an input that can be read from it: the
 * positional data and predictions and the table's `stdin` inputs.
 */
export function checkStdin(data: string, predictions: readonly string[], config: InputConfig): void {
  for (const input of FILE_INPUTS)
    if (!input.stdin && pathsOf(config, input.key).includes('-'))
      throw new InputError(`${input.option.split(' ')[0]} cannot be read from standard input (-): give a file path`);
  const uses = [data, ...predictions, ...FILE_INPUTS.filter((input) => input.stdin).flatMap((input) => pathsOf(config, input.key))].filter(
    (path) => path === '-',
  ).length;
  if (uses > 1) throw new InputError('only one input can be read from standard input (-)');
}
