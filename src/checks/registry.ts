import type { AnyCheck } from './types.js';
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

/** Every built-in check, in the order they run and appear in reports. */
export const builtinChecks: AnyCheck[] = [
  inputIntegrity,
  classBalance,
  missingValues,
  duplicates,
  nearDuplicates,
  conflictingLabels,
  leakage,
  labelNoise,
  seedInstability,
  calibration,
  slices,
];
