/** The comparison check's metrics as the report holds them: what its chart reads. */
import { z } from 'zod';
import { m, metricsSchema } from '../support/metrics-schema.js';

const interval = z.tuple([z.number(), z.number()]);
/** One run's mean: `accuracy` with 0/1 correctness, `meanScore` with graded scores. */
const runMean = z.object({ run: z.string(), accuracy: z.number().optional(), meanScore: z.number().optional() });
/** A paired difference on some rows: each side's mean over runs, candidate minus baseline, its 95% interval and bootstrap p-value. */
const difference = {
  baselineMean: z.number(),
  candidateMean: z.number(),
  difference: z.number(),
  interval,
  pValue: z.number(),
};
const sideCalibration = z.object({ rows: z.number(), ece: z.number(), brier: z.number() }).nullable();

/** A candidate model's rows: those both sides score (`sharedRows`) and those only one side does. */
const rowsCompared = {
  candidate: z.string(),
  sharedRows: z.number(),
  onlyBaselineRows: z.number(),
  onlyCandidateRows: z.number(),
};

/** A candidate compared with the baseline on its shared rows (compare.ts; check.ts `comparisonMetrics`). */
const compared = z.object({
  ...rowsCompared,
  metric: z.enum(['accuracy', 'mean score']),
  baselineRuns: z.array(runMean),
  candidateRuns: z.array(runMean),
  ...difference,
  /** Null when the bootstrap drew one resample only (the work budget). */
  standardError: z.number().nullable(),
  /** P(candidate run > baseline run), ties counted half. */
  probabilityOfImprovement: z.number(),
  probabilityOfImprovementInterval: interval,
  bootstrap: z.object({ resamples: z.number(), seed: z.number(), method: z.string(), runShrinkage: z.object({ baseline: z.number(), candidate: z.number() }) }),
  /** Each side's own interval from the same resamples, as two separate audits would give them. */
  unpaired: z.object({ baselineInterval: interval, candidateInterval: interval, overlap: z.boolean() }),
  /** The smallest true difference detected with probability `power` on these rows and runs. */
  minimumDetectableDifference: z.number(),
  power: z.number(),
  /** What more runs per side would detect, when runs add noise. */
  withMoreRuns: z.object({ runsPerSide: z.number(), minimumDetectable: z.number() }).nullable(),
  verdict: z.enum(['worse', 'better', 'no-detectable-difference']),
  /** Run-pair flips (0/1 correctness only): mean counts over pairs, and each pair's exact McNemar test. */
  flips: z
    .object({
      negative: z.number(),
      positive: z.number(),
      negativeRate: z.number(),
      positiveRate: z.number(),
      pairs: z.array(z.object({ baseline: z.string(), candidate: z.string(), negative: z.number(), positive: z.number(), pValue: z.number() })),
    })
    .nullable(),
  /** Exact McNemar on the two sides' majorities. */
  majority: z.object({ negative: z.number(), positive: z.number(), pValue: z.number() }).nullable(),
  negativeFlipRateByClass: z.array(z.object({ class: z.string(), rows: z.number(), negativeFlipRate: z.number() })),
  /** Mean ECE and Brier score of each side's runs, where they have probabilities. */
  calibration: z.object({ baseline: sideCalibration, candidate: sideCalibration }).nullable(),
  /** Mean pairwise churn within each side and between the sides' runs (null without predicted classes or with one run). */
  churn: z.object({ baseline: z.number().nullable(), candidate: z.number().nullable(), between: z.number().nullable() }),
  /** Each class and declared slice value with enough rows: its paired difference and Benjamini-Hochberg q. */
  groups: z.array(z.object({ kind: z.enum(['class', 'slice']), key: z.string(), rows: z.number(), ...difference, q: z.number() })),
  /** The slice search among the rows where the sides' majorities disagree (null when it did not run). */
  discovered: z
    .object({
      disagreements: z.number(),
      lost: z.number(),
      columns: z.array(z.string()),
      skippedColumns: z.array(z.string()),
      slicesSearched: z.number(),
      slices: z.array(
        z.object({
          predicates: z.array(z.object({ column: z.string(), value: z.string().nullable() })),
          rows: z.number(),
          lost: z.number(),
          disagreements: z.number(),
          searchQ: z.number(),
          ...difference,
          /** Most of its rows lie in a slice already reported (no finding of its own). */
          insideReported: z.boolean(),
        }),
      ),
    })
    .nullable(),
});

/** A candidate with fewer than two shared rows: nothing compared. */
const notCompared = z.object({ ...rowsCompared, verdict: z.null() });

export const comparisonMetrics = metricsSchema({
  baselineModel: m.string(),
  baselineRuns: m.number(),
  /** One entry per candidate model. */
  comparisons: m.list(z.union([compared, notCompared])),
});

export type ComparisonMetrics = z.output<typeof comparisonMetrics>;
export type CandidateMetrics = z.output<typeof compared>;
