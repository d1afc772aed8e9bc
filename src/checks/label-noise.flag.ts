/**
 * The label-noise check's flagging: the runs combined, in-sample training predictions left out,
 * confident learning, and the flags the runs agree on; and how the flags compare with the training
 * dynamics and the embedding neighbours (see label-noise.ts).
 */
import { neighbourLabelDisagreement, type EmbeddingNeighbours } from './support/embedding-index.js';
import type { CheckContext } from './types.js';
import type { LabelNoiseMetrics } from './label-noise.metrics.js';
import { findLabelIssues, type LabelIssues } from '../math/confident-learning.js';
import { combineRuns, runDisagreement, type CombinedRuns } from '../math/run-combination.js';
import { inSampleCheck, type InSampleCheck } from './label-noise.roles.js';
import { dynamicsOf, lowMarginRows } from './support/dynamics.js';
import { argmaxRows } from '../math/ensemble.js';

/** The runs combined into one set of probabilities, with a note when they are vote shares. */
export function combinedRuns(context: CheckContext<unknown>): { combined: CombinedRuns; notes: string[] } {
  const labels = context.labels!;
  const combined = combineRuns(context.predictions!.runs, labels.codes.length, labels.classes.length);
  if (!combined)
    throw new Error('the runs carry neither predicted classes nor probabilities (only correct/score), so labels cannot be checked against predictions');
  const notes: string[] = [];
  if (combined.source === 'votes') {
    notes.push(
      combined.runsUsed === 1
        ? 'one run with hard predictions only: its vote is the only evidence, so this is close to "predicted class differs from the label" with confident-learning calibration; give probabilities or more runs for a finer ranking'
        : `no probabilities: the shares of the ${combined.runsUsed} runs' votes are used as probabilities`,
    );
  }
  return { combined, notes };
}

/** The rows flagged as likely mislabelled, most likely error first, and what they were flagged from. */
export interface FlaggedLabels {
  /** The combined runs' predicted class per row. */
  combinedPred: Int32Array;
  inSample: InSampleCheck | null;
  /** Training rows left out because their predictions look in-sample. */
  trainingLeftOut: boolean;
  /** The labels analysed (-1 for rows left out). */
  codes: Int32Array;
  result: LabelIssues;
  rows: number[];
  qualityScores: number[];
  suggestedLabels: string[];
  runAgreement: number[];
  suggestedCodes: number[];
  flaggedPerClass: number[];
  droppedByRunAgreement: number;
}

export function flagLabels(
  context: CheckContext<unknown>,
  combined: CombinedRuns,
  options: { method: 'self_confidence' | 'normalized_margin'; minExamplesPerClass: number; minRunAgreement: number },
): FlaggedLabels {
  const labels = context.labels!;
  const runs = context.predictions!.runs;
  const classes = labels.classes;
  const k = classes.length;
  // Predictions on training rows that look in-sample say nothing of their labels: leave them out.
  const combinedPred = argmaxRows(combined.probs, k);
  const inSample = inSampleCheck(context.rowRoles, combinedPred, labels.codes, k);
  const trainingLeftOut = inSample?.inSample === true;
  const codes = trainingLeftOut ? labels.codes.map((y, row) => (context.rowRoles.evaluation[row] ? y : -1)) : labels.codes;
  const result = findLabelIssues(combined.probs, codes, k, { method: options.method, minPerClass: options.minExamplesPerClass });
  const agreement = runDisagreement(runs, labels.codes, k, result.rows);
  const flagged: FlaggedLabels = {
    combinedPred,
    inSample,
    trainingLeftOut,
    codes,
    result,
    rows: [],
    qualityScores: [],
    suggestedLabels: [],
    runAgreement: [],
    suggestedCodes: [],
    flaggedPerClass: new Array<number>(k).fill(0),
    droppedByRunAgreement: 0,
  };
  for (let t = 0; t < result.rows.length; t++) {
    const share = agreement[t];
    if (runs.length > 1 && !(share >= options.minRunAgreement)) {
      flagged.droppedByRunAgreement++;
      continue;
    }
    const row = result.rows[t];
    flagged.rows.push(row);
    flagged.qualityScores.push(result.scores[t]);
    flagged.suggestedLabels.push(classes[result.suggested[t]]);
    flagged.suggestedCodes.push(result.suggested[t]);
    flagged.runAgreement.push(share);
    flagged.flaggedPerClass[labels.codes[row]]++;
  }
  return flagged;
}

/** With embeddings: confident learning's rows beside the rows whose nearest neighbours mostly carry another label. */
export function agreementWithNeighbours(
  context: CheckContext<unknown>,
  flaggedRows: readonly number[],
  neighbours: EmbeddingNeighbours | null,
): { k: number; confidentLearning: number; neighbourFlagged: number; both: number; jaccard: number } | null {
  const vote = neighbourLabelDisagreement(context, neighbours);
  if (!vote) return null;
  const byNeighbours = new Set(vote.rows);
  let both = 0;
  for (const row of flaggedRows) if (byNeighbours.has(row)) both++;
  const union = flaggedRows.length + byNeighbours.size - both;
  return { k: vote.k, confidentLearning: flaggedRows.length, neighbourFlagged: byNeighbours.size, both, jaccard: union === 0 ? 1 : both / union };
}

/**
 * How far confident learning and the training dynamics agree, on the rows both measured: the
 * rows each flags (here, a negative area under the margin) and their overlap. Null without snapshots.
 */
export function agreementWithDynamics(context: CheckContext<unknown>, flaggedRows: readonly number[]): LabelNoiseMetrics['trainingDynamics'] {
  const dynamics = dynamicsOf(context);
  if (!dynamics) return null;
  const measured = new Set(dynamics.rows);
  const confident = new Set(flaggedRows.filter((row) => measured.has(row)));
  const margin = new Set(lowMarginRows(dynamics));
  let both = 0;
  for (const row of confident) if (margin.has(row)) both++;
  const union = confident.size + margin.size - both;
  return {
    rowsCompared: measured.size,
    confidentLearning: confident.size,
    lowMargin: margin.size,
    both,
    onlyConfidentLearning: confident.size - both,
    onlyLowMargin: margin.size - both,
    jaccard: union === 0 ? 1 : both / union,
  };
}
