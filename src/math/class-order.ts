/**
 * Does another order of the probability columns fit the labels far better than the one assumed?
 * Arrays of probabilities name no classes: the audit reads them in sorted label order unless told
 * otherwise, while scikit-learn's predict_proba follows the encoder (breast_cancer: 0 = malignant,
 * 1 = benign) and a Hugging Face model its id2label (MNLI: entailment, neutral, contradiction).
 * The confusion matrix of labels against the top column, pooled over the runs whose arrays are
 * read by position, gives the order that agrees most (a maximum-weight assignment); it is only
 * called a mismatch when the rows it gains outnumber the rows it loses far beyond chance (a sign
 * test at z >= 5, strict because the order was chosen after looking).
 */
import type { Labels, Run } from '../data/model.js';
import { maxWeightAssignment } from './assignment.js';

export interface ClassOrderMismatch {
  /** The class of each probability column under the order that fits. */
  fitting: string[];
  /** Labelled rows with a prediction read by position, pooled over runs, agreeing with the top column: as read, and in the order that fits. */
  rows: number;
  agreeAsRead: number;
  agreeFitting: number;
  /** Sign-test statistic of the rows gained against the rows lost. */
  z: number;
  /** The files whose arrays were read by position. */
  paths: string[];
}

/** Past this many classes the assignment is not attempted (a permuted large head is another problem). */
const MAX_CLASSES = 200;
const MIN_Z = 5;

export function classOrderMismatch(labels: Labels, runs: readonly Run[]): ClassOrderMismatch | null {
  const k = labels.classes.length;
  const positional = runs.filter((run) => run.probsByPosition && run.probs);
  if (k < 2 || k > MAX_CLASSES || positional.length === 0) return null;
  // counts[label * k + column]: rows of a label whose highest probability is in that column.
  const counts = new Float64Array(k * k);
  let rows = 0;
  for (const run of positional) {
    const probs = run.probs!;
    for (let row = 0; row < labels.codes.length; row++) {
      const label = labels.codes[row];
      if (label < 0 || run.covered[row] !== 1) continue;
      const offset = row * k;
      let top = -1;
      for (let c = 0; c < k; c++) if (!Number.isNaN(probs[offset + c]) && (top < 0 || probs[offset + c] > probs[offset + top])) top = c;
      if (top < 0) continue;
      counts[label * k + top]++;
      rows++;
    }
  }
  if (rows === 0) return null;
  const labelOf = maxWeightAssignment(counts, k);
  let asRead = 0;
  let fitting = 0;
  let gained = 0;
  let lost = 0;
  for (let column = 0; column < k; column++) {
    asRead += counts[column * k + column];
    fitting += counts[labelOf[column] * k + column];
    if (labelOf[column] !== column) {
      gained += counts[labelOf[column] * k + column];
      lost += counts[column * k + column];
    }
  }
  if (gained + lost === 0) return null;
  const z = (gained - lost) / Math.sqrt(gained + lost);
  if (z < MIN_Z) return null;
  return {
    fitting: Array.from(labelOf, (c) => labels.classes[c]),
    rows,
    agreeAsRead: asRead,
    agreeFitting: fitting,
    z,
    paths: [...new Set(positional.map((run) => run.path))],
  };
}
