/** Runs grouped by the model they train: the seed populations. */
import type { Predictions, Run } from './model.js';

export interface ModelGroup {
  /** The model's name; null for runs that name none. */
  model: string | null;
  runs: Run[];
}

/** Runs by model, in the order each model first appears; runs without a model form one group. */
export function modelGroups(runs: readonly Run[]): ModelGroup[] {
  const groups = new Map<string | null, Run[]>();
  for (const run of runs) {
    const list = groups.get(run.model);
    if (list) list.push(run);
    else groups.set(run.model, [run]);
  }
  return [...groups].map(([model, list]) => ({ model, runs: list }));
}

/** The largest number of runs one model has. */
export function mostRunsOfOneModel(runs: readonly Run[]): number {
  return Math.max(0, ...modelGroups(runs).map((group) => group.runs.length));
}

/**
 * Several prediction files that each hold several runs, none of them naming its model: each file
 * is taken as one model (named after the file) and its runs as that model's seeds, rather than
 * pooling every run as seeds of one model (an MLP's five seeds in one file and a gradient-boosted
 * model's in another are two models). Returns the model names given, or null when the rule does
 * not apply (one file, a file with one run, a record or --model naming a model, snapshots).
 */
export function modelsFromFiles(predictions: Predictions, fileModel: (path: string) => string): string[] | null {
  if (predictions.paths.length < 2 || (predictions.snapshots?.length ?? 0) > 0) return null;
  if (predictions.runs.some((run) => run.model !== null)) return null;
  const byPath = new Map<string, Run[]>();
  for (const run of predictions.runs) {
    const list = byPath.get(run.path);
    if (list) list.push(run);
    else byPath.set(run.path, [run]);
  }
  if (byPath.size < 2 || [...byPath.values()].some((runs) => runs.length < 2)) return null;
  // Names after the files; two files of one name are told apart by their position.
  const stems = [...byPath.keys()].map(fileModel);
  const names = stems.map((stem, i) => (stems.indexOf(stem) !== i || stems.lastIndexOf(stem) !== i ? `${stem}-${i + 1}` : stem));
  [...byPath.values()].forEach((runs, i) => {
    for (const run of runs) {
      run.model = names[i];
      run.name = `${names[i]}/${run.name}`;
    }
  });
  return names;
}
