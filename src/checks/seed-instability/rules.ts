/** Which seed-instability findings may feed which remedies: a spread within sampling noise, or repeats of a prompted model's evaluation, call for no training remedy. */
import type { RemedyGuard, TypedFinding } from '../types.js';
import type { findings } from './findings.js';

type SeedFinding = TypedFinding<typeof findings>;

/** A seed accuracy spread that its own test finds within sampling noise. */
const isNoiseSpread = (finding: SeedFinding) => finding.key === 'accuracy-spread' && finding.args.significant === false;

/**
 * Runs of a prompted model's evaluation repeated under one configuration (`runKind: 'run'`): their
 * spread is the evaluation's nondeterminism, not a training outcome, so training remedies do not apply.
 */
export const isEvaluationRepeat = (finding: SeedFinding) => finding.args.runKind === 'run';

export const remedyGuards: Readonly<Record<string, RemedyGuard<SeedFinding>>> = {
  // Regularisation and tuning answer a real spread between seeds, not one the report itself calls
  // sampling noise (more seeds, or a larger evaluation set, are what that calls for).
  regularize: (finding) => !isNoiseSpread(finding) && !isEvaluationRepeat(finding),
  'hyperparameter-search': (finding) => !isNoiseSpread(finding) && !isEvaluationRepeat(finding),
  // Training remedies answer runs that were trained; repeats of a prompted model's evaluation were not.
  'adversarial-training': (finding) => !isEvaluationRepeat(finding),
  distill: (finding) => !isEvaluationRepeat(finding),
  'transfer-learning': (finding) => !isEvaluationRepeat(finding),
  curriculum: (finding) => !isEvaluationRepeat(finding),
  // Ensembling is justified by churn or a measured gain; a spread within noise calls for more seeds first.
  ensemble: (finding) => !isNoiseSpread(finding),
};
