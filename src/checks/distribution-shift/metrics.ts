/** The distribution-shift check's metrics as the report holds them. */
import { z } from 'zod';
import { m, metricsSchema } from '../support/metrics-schema.js';

/** A test statistic, p-value, q-value or effect: null where not finite. */
const figure = z.number().nullable();

/** One comparison of a feature (or the label, the confidence) between the reference and an evaluation split, at full precision. */
const comparison = z.object({
  feature: z.string(),
  kind: z.enum(['numeric', 'categorical', 'text-length', 'label', 'confidence']),
  test: z.enum(['ks', 'chi-square']),
  statistic: figure,
  pValue: figure,
  /** Benjamini-Hochberg over every test of the check. */
  qValue: figure,
  effect: figure,
  effectName: z.enum(['wasserstein/std', 'jensen-shannon', 'ks']),
  referenceRows: z.number(),
  evaluationRows: z.number(),
  /** The means (numbers), or the value whose share moved most and its shares (categories), as text. */
  reference: z.string(),
  evaluation: z.string(),
});

/** One evaluation split against the reference. */
const splitEntry = z.object({
  split: z.string(),
  rows: z.number(),
  features: z.array(comparison),
  /** The features significant under BH with an effect of at least minEffect. */
  drifted: z.array(z.string()),
  label: comparison.nullable(),
  /** Each label's share of the reference and of the split (6 significant digits). */
  labelShares: z.array(z.object({ label: z.string(), reference: figure, evaluation: figure })),
  /** Vocabulary and word frequencies; null without text on both sides. */
  text: z
    .object({
      statistic: figure,
      pValue: figure,
      qValue: figure,
      oovRate: figure,
      baselineOovRate: figure,
      tokenDistance: figure,
      risen: z.array(z.object({ token: z.string(), reference: z.number(), evaluation: z.number() })),
      referenceTokens: z.number(),
      evaluationTokens: z.number(),
    })
    .nullable(),
  /** The nearest-neighbour two-sample test of the embeddings; null without them. */
  embedding: z.object({ sameShare: figure, expectedShare: figure, pValue: figure, qValue: figure, permutations: z.number(), pairs: z.number() }).nullable(),
  /** The top-class probability compared; null without probabilities. */
  confidence: comparison.nullable(),
});
export type SplitMetrics = z.output<typeof splitEntry>;
export type ComparisonMetrics = z.output<typeof comparison>;

export const metrics = metricsSchema({
  /** The training side: the split named like training, or the --train file. */
  reference: m.object({ name: m.string(), rows: m.number(), source: m.oneOf(['split-column', 'train-file']) }),
  /** The feature columns compared. */
  columns: m.strings(),
  alpha: m.number(),
  minEffect: m.number(),
  splits: m.list(splitEntry),
});
export type DistributionShiftMetrics = z.output<typeof metrics>;
