/** Which label-noise findings may feed which remedies: flags that cannot mean training label errors call for no relabelling. */
import type { Finding, RemedyGuard } from './types.js';

/** What the guards read of a label-noise finding. */
export interface FlagFacts {
  /** A mislabelled-rows finding (the others flag no rows). */
  mislabelled: boolean;
  /** The model is too weak for its flags to mean label errors. */
  weakModel: boolean;
  /** Flagged training and evaluation rows; null when the finding does not say. */
  trainingFlagged: number | null;
  evaluationFlagged: number | null;
}

/** The check's guards, reading each of its findings through `facts`. */
export function labelNoiseGuards<F extends Finding>(facts: (finding: F) => FlagFacts): Readonly<Record<string, RemedyGuard<F>>> {
  /** A finding whose flags do not mean training label errors: the model is too weak, or no flagged row is a training row. */
  const isUntrustedOrEvaluationOnlyFlag = (finding: F) => {
    const { mislabelled, weakModel, trainingFlagged } = facts(finding);
    return mislabelled && (weakModel || !((trainingFlagged ?? 1) > 0));
  };
  return {
    // A curriculum orders training rows: flags from a model too weak to mean label errors, or on evaluation rows only, give it nothing to order.
    curriculum: (finding) => !isUntrustedOrEvaluationOnlyFlag(finding),
    // Relabelling changes what the model learns only through training rows: flagged evaluation rows
    // call for fixing the evaluation labels instead (an honesty remedy).
    relabel: (finding) => !isUntrustedOrEvaluationOnlyFlag(finding),
    // A model too weak for its flags to mean label errors calls for neither relabelling nor a review of the evaluation labels.
    'fix-evaluation-labels': (finding) => {
      const { weakModel, evaluationFlagged } = facts(finding);
      return !weakModel && (evaluationFlagged ?? 0) > 0;
    },
    // An expert is asked about label errors only when the flags can mean label errors.
    'domain-knowledge': (finding) => {
      const { mislabelled, weakModel } = facts(finding);
      return !(mislabelled && weakModel);
    },
  };
}
