/** The answer-bias check's metrics as the report holds them: what its remedy's measure reads. */
import { z } from 'zod';
import { m, metricsSchema } from '../support/metrics-schema.js';
import { priorCorrectionFields } from '../performance/metrics.js';

const interval = z.tuple([z.number(), z.number()]);
/** A correction paired with the run as it is (answer-bias/findings.ts: CorrectionArgs). */
const correction = { accuracyBefore: z.number(), accuracyAfter: z.number(), gain: z.number(), gainInterval: interval };

export const answerBiasMetrics = metricsSchema({
  /** Why the check applies: `choice letters`, `task llm` or `anyClassifier`. */
  applies: m.string(),
  alpha: m.number(),
  minShareGap: m.number(),
  method: m.string(),
  perRun: m.list(
    z.object({
      run: z.string(),
      model: z.string().nullable(),
      rows: z.number(),
      predictedShare: z.record(z.string(), z.number()),
      goldShare: z.record(z.string(), z.number()),
      perAnswer: z.array(
        z.object({
          answer: z.string(),
          predicted: z.number(),
          gold: z.number(),
          overPredicted: z.number(),
          underPredicted: z.number(),
          pValue: z.number().nullable(),
        }),
      ),
      statistic: z.number().nullable(),
      df: z.number(),
      pValue: z.number().nullable(),
      pAdjusted: z.number().nullable(),
      mostOverPredicted: z.string(),
      shareGap: z.number(),
      biased: z.boolean(),
      priorCorrection: z.object({ ...correction, folds: z.number() }).nullable(),
      batchCalibration: z.object(correction).nullable(),
    }),
  ),
  biasedRuns: m.number(),
  /** The biased runs with probabilities whose prior correction `correction` measures, comma-separated. */
  correctedRuns: m.string(),
  /** The cross-fitted prior correction of those runs together, paired over rows and runs (null without one). */
  correction: m.object(priorCorrectionFields),
});

export type AnswerBiasMetrics = z.output<typeof answerBiasMetrics>;
