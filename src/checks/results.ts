/**
 * Each check's metrics in a report, parsed once with the check's own schema (support/metrics-schema.ts):
 * what its remedies, charts, export rows and row count read, whether the report was just made or
 * read back from a file (`audit diff`). A check without a schema (a plugin) is read as it is.
 */
import { isObj } from './support/evidence.js';
import { parseMetrics } from './support/metrics-schema.js';
import type { AnyCheck } from './types.js';

/** Check id to its typed metrics (its schema's output), for the checks the report holds. */
export type CheckResults = ReadonlyMap<string, unknown>;

/** The typed metrics of each check in `outcomes` (ok, with findings or skipped: whatever metrics it wrote). */
export function checkResults(definitions: readonly AnyCheck[], outcomes: Readonly<Record<string, { metrics: unknown }>>): CheckResults {
  const out = new Map<string, unknown>();
  for (const check of definitions) {
    if (!Object.hasOwn(outcomes, check.id)) continue;
    const metrics: unknown = outcomes[check.id]?.metrics;
    if (!isObj(metrics)) continue;
    out.set(check.id, check.metrics ? parseMetrics(check.metrics as never, metrics).value : metrics);
  }
  return out;
}
