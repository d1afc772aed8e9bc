/** Which label-noise findings may feed which remedies: flags that cannot mean training label errors call for no relabelling. */
import type { Finding, RemedyGuard } from './types.js';
import { isObj, num } from './support/evidence.js';

/** Flagged rows of one role in a label-noise finding (`byRole.<role>.flagged`); null when the finding does not say. */
function flaggedOfRole(finding: Finding, role: 'training' | 'evaluation'): number | null {
  const byRole = finding.metrics.byRole;
  return isObj(byRole) ? num(byRole, role, 'flagged') : null;
}

/** A label-noise finding whose flags do not mean training label errors: the model is too weak, or no flagged row is a training row. */
const isUntrustedOrEvaluationOnlyFlag = (finding: Finding) =>
  finding.id === 'label-noise/mislabelled-rows' && (finding.metrics.weakModel === true || !((flaggedOfRole(finding, 'training') ?? 1) > 0));

export const remedyGuards: Readonly<Record<string, RemedyGuard>> = {
  // A curriculum orders training rows: flags from a model too weak to mean label errors, or on evaluation rows only, give it nothing to order.
  curriculum: (finding) => !isUntrustedOrEvaluationOnlyFlag(finding),
  // Relabelling changes what the model learns only through training rows: flagged evaluation rows
  // call for fixing the evaluation labels instead (an honesty remedy).
  relabel: (finding) => !isUntrustedOrEvaluationOnlyFlag(finding),
  // A model too weak for its flags to mean label errors calls for neither relabelling nor a review of the evaluation labels.
  'fix-evaluation-labels': (finding) => finding.metrics.weakModel !== true && (flaggedOfRole(finding, 'evaluation') ?? 0) > 0,
  // An expert is asked about label errors only when the flags can mean label errors.
  'domain-knowledge': (finding) => !(finding.id === 'label-noise/mislabelled-rows' && finding.metrics.weakModel === true),
};
