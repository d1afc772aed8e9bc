import type { Readable } from 'node:stream';
import { InputError } from '../errors.js';
import type { DataTable } from '../data/table.js';
import type { Labels, Predictions, Roles } from '../data/model.js';
import { PredictionBuilder, scoreRunsAgainstLabels } from '../data/predictions.js';
import { readPredictionFile, resolverFromSpec, resolverSpec, runNameFromPath } from './prediction-file.js';
import { configurationsFromRunNames, modelsFromFiles } from '../data/model-groups.js';
import { startParallelReader } from './parallel-predictions.js';

export { rowResolver, runNameFromPath } from './prediction-file.js';

export interface PredictionLoadOptions {
  data: DataTable;
  roles: Roles;
  labels: Labels | null;
  /** --classes: fixes the class order of probability arrays. */
  classes: string[] | null;
  positiveClass: string | null;
  /** Per path, the model its records belong to unless they name one (`--model`); null for none. */
  models?: (string | null)[];
  /** For runs with snapshots: the one the checks use (default: the last). */
  snapshot?: string | null;
  stdin?: Readable;
}

/** Loads every prediction file into runs aligned to the data rows. */
export async function loadPredictions(paths: string[], options: PredictionLoadOptions): Promise<{ predictions: Predictions; labels: Labels | null }> {
  const spec = resolverSpec(options.data, options.roles);
  const classes = options.labels?.classes ?? options.classes;
  const builder = new PredictionBuilder({
    rowCount: options.data.rowCount,
    resolveRow: resolverFromSpec(spec),
    classes,
    dataHasLabels: options.labels !== null,
    snapshot: options.snapshot ?? null,
  });
  // In parallel only when the classes are fixed by the data's labels, so both readers agree on them.
  const helper =
    options.labels && !paths.includes('-') ? startParallelReader(paths, options.data.rowCount, options.labels.classes, spec, options.models ?? []) : null;
  if (helper) {
    // Files alternate between this thread and a worker; the worker's runs are merged after.
    paths.forEach((path, index) => builder.addPath(path, index));
    let mainError: unknown = null;
    try {
      for (const index of helper.mainFiles) await readPredictionFile(builder, paths[index], index, options.stdin, options.models?.[index] ?? null);
    } catch (error) {
      mainError = error;
    }
    const result = await helper.result;
    // Report the error one reader going through the files in order would have met first.
    const errors = [mainError, result.error].filter((error): error is InputError | Error => error !== null);
    if (errors.length > 0) throw errors.sort((a, b) => errorPosition(a, paths) - errorPosition(b, paths))[0];
    const idColumn = options.roles.id ? options.data.column(options.roles.id) : undefined;
    builder.mergeState(result.state!, (row) => (idColumn ? idColumn.get(row) : String(row)));
  } else {
    for (const [index, path] of paths.entries()) await readPredictionFile(builder, path, index, options.stdin, options.models?.[index] ?? null);
  }
  const built = builder.build(options.classes, options.positiveClass);
  const fromFiles = options.models?.some((model) => model !== null) ? null : modelsFromFiles(built.predictions, runNameFromPath);
  if (fromFiles) built.predictions.modelsFromFiles = fromFiles;
  const fromNames = configurationsFromRunNames(built.predictions);
  if (fromNames) built.predictions.configurationsFromRunNames = fromNames;
  const labels = options.labels ?? built.labels;
  scoreRunsAgainstLabels(built.predictions.runs, labels);
  for (const group of built.predictions.snapshots ?? []) scoreRunsAgainstLabels(group.runs, labels);
  return { predictions: built.predictions, labels };
}

/** Sort key of an error: file order, then line; errors without a place come last. */
function errorPosition(error: unknown, paths: string[]): number {
  if (!(error instanceof InputError) || error.file === undefined) return Number.MAX_SAFE_INTEGER;
  const file = paths.indexOf(error.file);
  return (file < 0 ? paths.length : file) * 1e12 + (error.line ?? 0);
}
