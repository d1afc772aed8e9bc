import type { CheckContext, Need } from './types.js';
import { modelGroups, mostRunsOfOneModel } from '../data/model-groups.js';
import { BASELINE_MODEL } from '../core/vocabulary.js';

/** Why a need is unmet, or null when it is met. */
export function unmetNeed(need: Need, context: CheckContext): string | null {
  switch (need) {
    case 'labels':
      if (context.labels) return null;
      // A generation task's gold answers are free text the harness scored item by item: there are no classes to give.
      if (context.roles.benchmark)
        return `needs classes: these benchmark items are a generation task (free-text answers, each scored by ${context.roles.benchmark.harness}), not a choice among classes`;
      return 'needs labels: no label column was found (give --label-col) and the predictions carry no "label"';
    case 'predictions':
      return context.predictions && context.predictions.runs.length > 0 ? null : 'needs predictions: give one or more prediction files';
    case 'probabilities':
      return context.predictions?.hasProbabilities ? null : 'needs class probabilities ("probs" or "logits") in the predictions';
    case 'multipleRuns': {
      const runs = context.predictions?.runs ?? [];
      if (mostRunsOfOneModel(runs) >= 2) return null;
      const models = modelGroups(runs).length;
      // A prompted model's evaluations under different settings (n-shot, prompt, filter) are configurations.
      if (models > 1 && runs.every((run) => run.configuration !== undefined))
        return `needs two or more runs of one configuration; got ${runs.length} runs of ${models} configurations (model, n-shot setting, filter), one each (runs of different configurations are not repeats of one evaluation)`;
      return models > 1
        ? `needs two or more runs (seeds) of one model; got ${runs.length} runs of ${models} models, one each (runs of different models are not seeds)`
        : `needs two or more runs (seeds); got ${runs.length}`;
    }
    case 'outcomes': {
      const runs = context.predictions?.runs ?? [];
      return context.labels || (runs.length > 0 && runs.every((run) => run.score !== null))
        ? null
        : 'needs labels (give --label-col) or per-example "correct"/"score" values in the predictions';
    }
    case 'text':
      return context.roles.text ? null : 'needs a text column (give --text-col)';
    case 'textOrEmbeddings':
      return context.roles.text || context.embeddings
        ? null
        : 'needs a text column (give --text-col) or embeddings (--embeddings FILE or --embedding-col NAME)';
    case 'split':
      return context.roles.split || context.train ? null : 'needs a split column (give --split-col) or a training file (--train)';
    case 'slices':
      return context.roles.slices.length > 0 ? null : 'needs slice columns (give --slice-cols)';
    case 'logs':
      return context.logs && context.logs.logs.length > 0
        ? null
        : 'needs training logs (give --logs with trainer_state.json, a CSV log, TensorBoard event files or a JSONL of {run, step, metric, value})';
    case 'snapshots':
      return context.predictions?.snapshots && context.predictions.snapshots.length > 0
        ? null
        : 'needs predictions at several epochs of a run (records with "epoch", "step" or "checkpoint")';
    case 'embeddings':
      return context.embeddings
        ? null
        : 'needs embeddings: give --embeddings FILE (.npy, .npz, Parquet or Arrow, one vector per data row) or --embedding-col NAME';
    case 'baseline': {
      const runs = context.predictions?.runs ?? [];
      const baseline = runs.filter((run) => run.model === BASELINE_MODEL).length;
      if (baseline === 0) return `needs baseline runs to compare with (give --baseline-runs FILES, or records with "model": "${BASELINE_MODEL}")`;
      return baseline < runs.length ? null : 'needs candidate runs beside the baseline runs';
    }
  }
}

export function unmetNeeds(needs: readonly Need[], context: CheckContext): string | null {
  for (const need of needs) {
    const reason = unmetNeed(need, context);
    if (reason) return reason;
  }
  return null;
}
