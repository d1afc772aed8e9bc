/** Which duplicate findings (exact and near) may feed which remedies: training de-duplication for training rows, benchmark de-duplication for benchmark items. */
import { z } from 'zod';
import type { Finding, RemedyGuard } from '../types.js';
import { m } from './metrics-schema.js';

/** What a duplicate finding's `args` schema reads back of its benchmark repeats (null: the rows are not benchmark items). */
export const benchmarkArgs = m.object({ crossTaskRows: m.number(), withinTaskRows: m.number() });

/** What the guards read of a duplicate finding: its benchmark repeats and the training rows it removes (null: not said). */
export interface DedupFacts {
  benchmark: z.output<typeof benchmarkArgs>;
  trainingRowsRemoved: number | null;
}

/** The guards of a duplicate check, reading each of its findings through `facts`. */
export function dedupRemedyGuards<F extends Finding>(facts: (finding: F) => DedupFacts): Readonly<Record<string, RemedyGuard<F>>> {
  return {
    // De-duplication changes training only through training rows.
    // Benchmark items (rows logged by an evaluation harness) are never training rows.
    deduplicate: (finding) => {
      const { benchmark, trainingRowsRemoved } = facts(finding);
      return benchmark === null && (trainingRowsRemoved ?? 1) > 0;
    },
    // Repeated benchmark items (no training rows) change what a pooled score counts, not what a model learns.
    'dedupe-benchmark': (finding) => {
      const { benchmark } = facts(finding);
      return benchmark !== null && (benchmark.crossTaskRows ?? 0) + (benchmark.withinTaskRows ?? 0) > 0;
    },
  };
}
