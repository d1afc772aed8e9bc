/** Which duplicate findings (exact and near) may feed which remedies: training de-duplication for training rows, benchmark de-duplication for benchmark items. */
import type { RemedyGuard } from '../types.js';
import { isObj, num } from './evidence.js';

export const dedupRemedyGuards: Readonly<Record<string, RemedyGuard>> = {
  // De-duplication changes training only through training rows.
  // Benchmark items (rows logged by an evaluation harness) are never training rows.
  deduplicate: (finding) => !isObj(finding.metrics.benchmark) && (num(finding.metrics, 'trainingRowsRemoved') ?? 1) > 0,
  // Repeated benchmark items (no training rows) change what a pooled score counts, not what a model learns.
  'dedupe-benchmark': (finding) =>
    isObj(finding.metrics.benchmark) &&
    (num(finding.metrics, 'benchmark', 'crossTaskRows') ?? 0) + (num(finding.metrics, 'benchmark', 'withinTaskRows') ?? 0) > 0,
};
