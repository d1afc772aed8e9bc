import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { InputError } from './errors.js';
import { FAIL_ON, FORMATS, LANGS, TASKS, type Format } from './core/vocabulary.js';
import { fileInputShape, listSchema as list, splitList } from './input-files.js';

export { FORMATS, type Format, splitList };

/** Every flag has a config key of the same name in camelCase; per-check thresholds live in `checkOptions`. */
export const configSchema = z
  .object({
    failOn: z.enum(FAIL_ON),
    format: z.enum(FORMATS),
    output: z.union([z.string(), z.array(z.string())]).transform((value) => (Array.isArray(value) ? value : [value])),
    quiet: z.boolean(),
    idCol: z.string().min(1),
    labelCol: z.string().min(1),
    textCol: z.string().min(1),
    splitCol: z.string().min(1),
    sliceCols: list,
    sliceDepth: z.number().int().min(1).max(3),
    positiveClass: z.string(),
    classes: list,
    /** Each check's wall time on stderr and as checks.<id>.durationMs (ESLint's TIMING). */
    timing: z.boolean(),
    dataFormat: z.enum(['csv', 'tsv', 'jsonl', 'json', 'parquet', 'arrow']),
    /** The input files (src/input-files.ts declares each: its flag, help, merge and standard-input rule). */
    ...fileInputShape,
    /** The fields of the --train file that hold its text (joined with a newline): the file is then a fine-tuning corpus, streamed once for the evaluation items (contamination), not loaded as a table. */
    trainTextCols: list,
    /** With a baseline report the gate counts only new and worse findings; "all" counts every finding. */
    gate: z.enum(['all', 'new-and-worse']),
    /** A data column whose cells are lists of numbers: the rows' embeddings. */
    embeddingCol: z.string().min(1),
    /** For predictions with snapshots (records with epoch/step/checkpoint): the one the checks other than training-dynamics use; default the last. */
    snapshot: z.union([z.string().min(1), z.number().transform(String)]),
    checks: list,
    skipChecks: list,
    /** Seconds a plugin check may take before it is reported as an error (default 60). */
    pluginTimeout: z.number().gt(0).max(86_400),
    task: z.enum(TASKS),
    lang: z.enum(LANGS),
    nearDupThreshold: z.number().gt(0).max(1),
    export: z.string().min(1),
    exportDropLabelIssues: z.boolean(),
    seed: z.number().int().min(0),
    /** How many example rows every finding lists, for each check with a `maxExamples` option (checkOptions win). */
    maxExamples: z.number().int().min(1),
    encoding: z.enum(['utf8', 'latin1']),
    maxInputBytes: z.number().int().min(1),
    /** SARIF locations are relative to this directory (`%SRCROOT%`); default: the working directory. */
    sarifRoot: z.string().min(1),
    maxCompressionRatio: z.number().min(1),
    maxLineChars: z.number().int().min(1),
    maxCheckReportBytes: z.number().int().min(1),
    checkOptions: z.record(z.string(), z.record(z.string(), z.unknown())),
  })
  .partial()
  .strict();

export type Config = z.output<typeof configSchema>;

/** Explains the first zod issue as `key: what was expected`. */
export function describeConfigIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue.code === 'unrecognized_keys') {
    return `unknown key "${issue.keys[0]}" (known keys: ${Object.keys(configSchema.shape).join(', ')})`;
  }
  const key = issue.path.map(String).join('.') || '(root)';
  return `key "${key}": ${issue.message}`;
}

export const DEFAULT_CONFIG_FILE = 'audit.config.json';

/**
 * Reads `--config FILE`, or `audit.config.json` in the working directory when it exists.
 * A missing explicit file, bad JSON or a bad key or value is an InputError naming the file.
 */
export async function loadConfig(path: string | undefined, cwd = process.cwd()): Promise<{ config: Config; path: string | null }> {
  const explicit = path !== undefined;
  const file = path ?? `${cwd}/${DEFAULT_CONFIG_FILE}`;
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (!explicit && code === 'ENOENT') return { config: {}, path: null };
    if (code === 'ENOENT') throw new InputError('config file not found', file);
    if (code === 'EISDIR') throw new InputError('config path is a directory', file);
    throw new InputError(`cannot read the config file: ${(error as Error).message}`, file);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new InputError(`invalid JSON in config: ${(error as Error).message}`, file);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new InputError('the config must be a JSON object', file);
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) throw new InputError(describeConfigIssue(parsed.error), file);
  return { config: parsed.data, path: file };
}
