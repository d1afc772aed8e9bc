import type { AnyCheck, FindingIdOf } from './types.js';
import { classBalance } from './class-balance.js';
import { missingValues } from './missing-values.js';
import { duplicates } from './duplicates.js';
import { nearDuplicates } from './near-duplicates.js';
import { conflictingLabels } from './conflicting-labels.js';
import { leakage } from './leakage.js';
import { inputIntegrity } from './input-integrity.js';
import { seedInstability } from './seed-instability.js';
import { calibration } from './calibration.js';
import { slices } from './slices/check.js';
import { labelNoise } from './label-noise.js';
import { performance } from './performance/check.js';
import { comparison } from './comparison/check.js';
import { trainingCurves } from './training-curves/check.js';
import { trainingDynamics } from './training-dynamics/check.js';
import { embeddings } from './embeddings/check.js';
import { distributionShift } from './distribution-shift/check.js';
import { proxy } from './proxy/check.js';
import { answerBias } from './answer-bias/check.js';
import { contamination } from './contamination/check.js';

const checks = [
  inputIntegrity,
  classBalance,
  missingValues,
  duplicates,
  nearDuplicates,
  conflictingLabels,
  leakage,
  contamination,
  distributionShift,
  labelNoise,
  embeddings,
  seedInstability,
  performance,
  answerBias,
  calibration,
  slices,
  comparison,
  trainingCurves,
  trainingDynamics,
  // Last: it reads what label-noise, duplicates, near-duplicates and slices flagged.
  proxy,
] as const;

/** Every built-in check, in the order they run and appear in reports. */
export const builtinChecks: readonly AnyCheck[] = checks;

type BuiltinCheck = (typeof checks)[number];
export type BuiltinCheckId = BuiltinCheck['id'];
/** Every finding id a built-in check can report (`<check>/<key>`; instanced keys add `:<instance>`). */
export type BuiltinFindingId = FindingIdOf<BuiltinCheck>;
/**
 * What a remedy's `appliesTo` may name: a check (all its findings), one finding, or every instance
 * of an instanced key (`slices/disparity:*`). A renamed or removed key fails to compile.
 */
export type FindingPattern = BuiltinCheckId | BuiltinFindingId | `${BuiltinFindingId}:*`;
