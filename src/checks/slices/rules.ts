/** Which slices findings may feed which remedies: drift monitoring for slices of the split column, targeted data for slices it can act on. */
import type { RemedyGuard, TypedFinding } from '../types.js';
import type { findings } from './findings.js';
import { predicateColumns } from './remedy.js';
import { z } from 'zod';
import { m, parseMetrics } from '../support/metrics-schema.js';
import { predicates } from './metrics.js';

type SliceFinding = TypedFinding<typeof findings>;

/**
 * Can targeted data act on what the finding names? A weak-slices finding must name a target
 * slice (older reports without the key: any); a declared group's disparity must be worse on its
 * error rate beyond its class mix and rarer in training (`targetable`). Other findings: yes.
 */
function isTargetable(finding: SliceFinding): boolean {
  if (finding.key === 'weak-slices') return finding.args.targetSlice !== null;
  if (finding.key === 'disparity') return finding.args.targetable === true;
  return true;
}

/** Where any slices finding is (its own predicates and column, or its slices'), read from its metrics whatever its key (older reports too). */
const where = z.object({
  predicates: predicates.nullable().catch(null),
  column: m.string(),
  slices: m.list(z.object({ predicates: predicates.nullable().catch(null) })),
});

/** The columns a finding's slices or groups are defined by. */
function columnsOf(finding: SliceFinding): string[] {
  const at = parseMetrics(where, finding.metrics).value;
  return [...predicateColumns(at.predicates), ...(at.column?.split(' & ') ?? []), ...at.slices.flatMap((entry) => predicateColumns(entry.predicates))];
}

export const remedyGuards: Readonly<Record<string, RemedyGuard<SliceFinding>>> = {
  // Drift monitoring: only for slices that involve the split column (errors or labels concentrated in one split).
  'monitor-drift': (finding, { isSplit }) => columnsOf(finding).some(isSplit),
  // Targeted data and augmentation act on a slice only when it is weak beyond its class mix and,
  // with training rows, rarer there than in evaluation (the check names it as targetSlice).
  'targeted-data': (finding) => isTargetable(finding),
  augment: (finding) => isTargetable(finding),
};
