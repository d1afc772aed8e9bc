/** Which duplicate findings (exact and near) may feed which remedies: training de-duplication for training rows, benchmark de-duplication for benchmark items. */
import type { Finding, RemedyGuard } from '../types.js';
import type { BenchmarkRepeats } from './benchmark-repeats.js';

/** What the guards read of a duplicate finding: its benchmark repeats (null: not benchmark items) and the training rows it removes (null: not said). */
export interface DedupFacts {
  benchmark: BenchmarkRepeats | null;
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
      return benchmark !== null && benchmark.crossTaskRows + benchmark.withinTaskRows > 0;
    },
  };
}
