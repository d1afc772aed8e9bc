/** The embeddings check's metrics as the report holds them. */
import { z } from 'zod';
import { m, metricsSchema } from '../support/metrics-schema.js';

export const metrics = metricsSchema({
  rows: m.number(),
  rowsWithVector: m.number(),
  dimensions: m.number(),
  /** Neighbours per row. */
  k: m.number(),
  /** The neighbour search: exact, or approximate (inverted file). */
  search: m.oneOf(['exact', 'ivf']),
  /** The approximate search's recall of the exact top-k on sampled rows; null when exact. */
  searchRecall: m.object({ sampledRows: m.number(), recallAt10: m.number() }),
  /** The inverted-file index; null when exact. */
  searchIndex: m.object({
    cells: m.number(),
    probes: m.number(),
    calibrationRows: m.number(),
    calibrationRecall: m.number(),
    kernel: m.oneOf(['onnxruntime', 'javascript']),
  }),
  medianNearestDistance: m.number(),
  /** Quartiles of the outlier score (mean cosine distance to the k nearest), the cutoff and Tukey's fence that set it. */
  outlierScore: m.object({ q1: m.number(), median: m.number(), q3: m.number(), cutoff: m.number(), fence: m.number() }),
  outlierCount: m.number(),
  /** Outlier rows, largest score first, and their scores in the same order. */
  outliers: m.list(z.number().int().min(0)),
  outlierScores: m.numbers(),
  /** Labelled rows whose neighbours mostly carry one other label; null without labels. */
  neighbourDisagreementCount: m.number(),
  neighbourDisagreementShare: m.number(),
  neighbourDisagreements: m.list(z.number().int().min(0)),
  /** The label their neighbours carry, in the order of `neighbourDisagreements`. */
  neighbourLabels: m.strings(),
});
export type EmbeddingsMetrics = z.output<typeof metrics>;
