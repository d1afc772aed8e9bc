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

/**
 * The setting a run's name states for a prompted model's evaluation: an n-shot setting (`0-shot`,
 * `5shot`, `zero-shot`, `few-shot`) or a prompt variant (`prompt-a`, `template2`).
 */
const EVALUATION_SETTING = /(?:^|[^a-z0-9])((?:\d+|zero|one|few)[-_ ]?shots?|(?:prompt|template)[-_ ]?[a-z0-9]+)(?![a-z0-9])/i;

/**
 * Runs whose names state two or more evaluation settings (`0-shot` and `5-shot`, `prompt-a` and
 * `prompt-b`) are configurations of a prompted model, not seeds: each setting (with its model, when
 * one is named) becomes the runs' model and configuration, so that runs of one setting are that
 * evaluation repeated and different settings are never one seed population. Returns the
 * configurations, or null when the rule does not apply (a run without a setting in its name, one
 * setting only, configurations already known, snapshots).
 */
export function configurationsFromRunNames(predictions: Predictions): string[] | null {
  const runs = predictions.runs;
  if (runs.length < 2 || (predictions.snapshots?.length ?? 0) > 0 || runs.some((run) => run.configuration !== undefined)) return null;
  const settings = runs.map((run) => EVALUATION_SETTING.exec(run.name)?.[1].toLowerCase().replace(/[_ ]/g, '-') ?? null);
  if (settings.some((setting) => setting === null) || new Set(settings).size < 2) return null;
  runs.forEach((run, i) => {
    const configuration = run.model === null ? settings[i]! : `${run.model} ${settings[i]}`;
    run.model = configuration;
    run.configuration = configuration;
  });
  return [...new Set(runs.map((run) => run.configuration!))];
}
