/** The label-noise check's metrics as the report holds them. */
import { z } from 'zod';
import { m, metricsSchema } from './support/metrics-schema.js';

const roleCounts = { rows: m.number(), flagged: m.number() };

export const metrics = metricsSchema({
  issueCount: m.number(),
  /** The flagged rows, most likely error first; `qualityScores`, `suggestedLabels` and `runAgreement` follow their order. */
  rows: m.list(z.number().int().min(0)),
  /** With a split (or --train): analysed and flagged rows per role; null when every row plays both roles. */
  byRole: m.object({
    training: m.object(roleCounts),
    evaluation: m.object({
      ...roleCounts,
      /** Accuracy under the suggested labels minus under the given ones, over the evaluation rows: how far it may be off at most. */
      accuracyShiftIfRelabelled: m.number(),
    }),
  }),
  /** Accuracy on training rows against evaluation rows: do the predictions look in-sample? Null without both roles predicted. */
  inSample: m.object({
    trainingRows: m.number(),
    evaluationRows: m.number(),
    trainingAccuracy: m.number(),
    trainingAccuracyAtEvaluationMix: m.number(),
    evaluationAccuracy: m.number(),
    gap: m.number(),
    z: m.number(),
    inSample: m.boolean(),
  }),
  /** The training rows were left out as in-sample. */
  trainingLeftOut: m.boolean(),
  /** How far the combined prediction is above always guessing the majority label (majorityClass: its class index). */
  skill: m.object({ accuracy: m.number(), majorityBaseline: m.number(), majorityClass: m.number(), skill: m.number(), rows: m.number() }),
  weakModel: m.boolean(),
  estimatedNoiseRate: m.number(),
  /** Per class: estimated share and count of wrong labels, and rows flagged. */
  perClass: m.record(z.object({ share: z.number().nullable(), count: z.number(), flagged: z.number() })),
  qualityScores: m.numbers(),
  suggestedLabels: m.strings(),
  /** Share of the runs predicting a flagged row that disagree with its label. */
  runAgreement: m.numbers(),
  issueShare: m.number(),
  rowsAnalysed: m.number(),
  /** Rows whose probabilities did not sum to 1 and were renormalised. */
  renormalisedRows: m.number(),
  method: m.oneOf(['self_confidence', 'normalized_margin']),
  /** What the runs gave: probabilities (averaged), or hard predictions (vote shares). */
  source: m.oneOf(['probabilities', 'votes']),
  runsUsed: m.number(),
  minRunAgreement: m.number(),
  droppedByRunAgreement: m.number(),
  classes: m.strings(),
  /** The confident joint calibrated to the label counts (given x true); null above maxJointClasses. */
  confidentJoint: m.value(z.array(z.array(z.number()))),
  /** Above maxJointClasses: why the joint is not listed, and its largest off-diagonal cells. */
  confidentJointOmitted: m.optional(m.string()),
  confidentJointTopPairs: m.optional(m.list(z.object({ label: z.string(), suggested: z.string(), count: z.number() }))),
  /** Per-class thresholds (null for a class with none). */
  thresholds: m.numbers(),
  notes: m.strings(),
  /** With training snapshots: how far the flags agree with a negative area under the margin; null without. */
  trainingDynamics: m.object({
    rowsCompared: m.number(),
    confidentLearning: m.number(),
    lowMargin: m.number(),
    both: m.number(),
    onlyConfidentLearning: m.number(),
    onlyLowMargin: m.number(),
    jaccard: m.number(),
  }),
  /** With embeddings: how far the flags agree with a k-NN label vote; null without. */
  neighbourLabels: m.object({ k: m.number(), confidentLearning: m.number(), neighbourFlagged: m.number(), both: m.number(), jaccard: m.number() }),
});
export type LabelNoiseMetrics = z.output<typeof metrics>;
