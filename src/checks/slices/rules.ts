/** Which slices findings may feed which remedies: drift monitoring for slices of the split column, targeted data for slices it can act on. */
import type { Finding, RemedyGuard } from '../types.js';
import { arr, isObj } from '../support/evidence.js';
import { predicateColumns } from './remedy.js';

/**
 * Can targeted data act on what the finding names? A weak-slices finding must name a target
 * slice (older reports without the key: any); a declared group's disparity must be worse on its
 * error rate beyond its class mix and rarer in training (`targetable`). Other findings: yes.
 */
function isTargetable(finding: Finding): boolean {
  if (finding.id === 'slices/weak-slices') return !('targetSlice' in finding.metrics) || finding.metrics.targetSlice !== null;
  if (finding.id.startsWith('slices/disparity:')) return finding.metrics.targetable === true;
  return true;
}

export const remedyGuards: Readonly<Record<string, RemedyGuard>> = {
  // Drift monitoring: only for slices that involve the split column (errors or labels concentrated in one split).
  'monitor-drift': (finding, { isSplit }) => {
    const m = finding.metrics;
    const columns = [
      ...predicateColumns(m.predicates),
      ...(typeof m.column === 'string' ? m.column.split(' & ') : []),
      ...(arr(m, 'slices') ?? []).flatMap((entry) => predicateColumns(isObj(entry) ? entry.predicates : null)),
    ];
    return columns.some(isSplit);
  },
  // Targeted data and augmentation act on a slice only when it is weak beyond its class mix and,
  // with training rows, rarer there than in evaluation (the check names it as targetSlice).
  'targeted-data': (finding) => isTargetable(finding),
  augment: (finding) => isTargetable(finding),
};
