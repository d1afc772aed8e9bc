import type { Severity } from '../../core/vocabulary.js';

/**
 * A severity from a value and the thresholds at which it reaches each step, highest first: the
 * first step whose threshold the value reaches, else `below` (a ladder such as "high from 10%,
 * medium from 2%, low from 0.5%, info below").
 */
export function severityLadder(value: number, steps: readonly (readonly [Severity, number])[], below: Severity): Severity {
  for (const [severity, threshold] of steps) if (value >= threshold) return severity;
  return below;
}
