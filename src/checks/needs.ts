import type { CheckContext, Need } from './types.js';
import type { Lang } from '../core/vocabulary.js';
import { modelGroups, mostRunsOfOneModel } from '../data/model-groups.js';
import { BASELINE_MODEL } from '../core/vocabulary.js';
import { skipReasons, type SkipReason } from './needs.wording.js';

const reason = (key: Exclude<SkipReason['key'], 'generationBenchmark' | 'runsOfConfigurations' | 'runsOfModels' | 'runs'>): SkipReason => ({ key, args: [] });

/** Why a need is unmet, as a key of the skip reasons and its arguments, or null when it is met. */
export function unmetNeedReason(need: Need, context: CheckContext): SkipReason | null {
  switch (need) {
    case 'labels':
      if (context.labels) return null;
      // A generation task's gold answers are free text the harness scored item by item: there are no classes to give.
      if (context.roles.benchmark) return { key: 'generationBenchmark', args: [context.roles.benchmark.harness] };
      return reason('labels');
    case 'predictions':
      return context.predictions && context.predictions.runs.length > 0 ? null : reason('predictions');
    case 'probabilities':
      return context.predictions?.hasProbabilities ? null : reason('probabilities');
    case 'multipleRuns': {
      const runs = context.predictions?.runs ?? [];
      if (mostRunsOfOneModel(runs) >= 2) return null;
      const models = modelGroups(runs).length;
      // A prompted model's evaluations under different settings (n-shot, prompt, filter) are configurations.
      if (models > 1 && runs.every((run) => run.configuration !== undefined)) return { key: 'runsOfConfigurations', args: [runs.length, models] };
      return models > 1 ? { key: 'runsOfModels', args: [runs.length, models] } : { key: 'runs', args: [runs.length] };
    }
    case 'outcomes': {
      const runs = context.predictions?.runs ?? [];
      return context.labels || (runs.length > 0 && runs.every((run) => run.score !== null)) ? null : reason('outcomes');
    }
    case 'text':
      return context.roles.text ? null : reason('text');
    case 'textOrEmbeddings':
      return context.roles.text || context.embeddings ? null : reason('textOrEmbeddings');
    case 'split':
      return context.roles.split || context.train ? null : reason('split');
    case 'slices':
      return context.roles.slices.length > 0 ? null : reason('slices');
    case 'logs':
      return context.logs && context.logs.logs.length > 0 ? null : reason('logs');
    case 'snapshots':
      return context.predictions?.snapshots && context.predictions.snapshots.length > 0 ? null : reason('snapshots');
    case 'embeddings':
      return context.embeddings ? null : reason('embeddings');
    case 'baseline': {
      const runs = context.predictions?.runs ?? [];
      const baseline = runs.filter((run) => run.model === BASELINE_MODEL).length;
      if (baseline === 0) return reason('noBaseline');
      return baseline < runs.length ? null : reason('onlyBaseline');
    }
  }
}

/** A skip reason in the report's language. */
export function skipText(skip: SkipReason, lang: Lang): string {
  const text = skipReasons[skip.key][lang] as (...args: SkipReason['args']) => string;
  return text(...skip.args);
}

/** Why a need is unmet, in the report's language (as findings are written), or null when it is met. */
export function unmetNeed(need: Need, context: CheckContext): string | null {
  const skip = unmetNeedReason(need, context);
  return skip ? skipText(skip, context.settings.lang) : null;
}

export function unmetNeeds(needs: readonly Need[], context: CheckContext): string | null {
  for (const need of needs) {
    const reason = unmetNeed(need, context);
    if (reason) return reason;
  }
  return null;
}
