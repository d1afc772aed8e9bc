/** Runs grouped by the model they train: the seed populations. */
import type { Run } from './model.js';

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
