import { z } from 'zod';
import type { GroupMetricName } from '../../math/group-metrics.js';

/** The slices check's options, and the metrics it compares. */
export const options = z
  .object({
    /** Reference group per declared column (`{"race": "Caucasian"}`); default: the column's largest group. */
    referenceGroups: z.record(z.string(), z.string()).default({}),
    /** A disparity ratio below this is a finding (Aequitas' four-fifths rule). */
    disparityLow: z.number().gt(0).max(1).default(0.8),
    /** A disparity ratio above this is a finding. */
    disparityHigh: z.number().min(1).default(1.25),
    /** False discovery rate for disparities and discovered slices (Benjamini-Hochberg q-value at most this). */
    alpha: z.number().gt(0).lt(1).default(0.05),
    /** Groups smaller than this get no disparity finding and stay out of the between-group differences. */
    minGroupSize: z.number().int().min(1).default(30),
    /** Most groups listed per declared column (or intersection), largest first. */
    maxGroups: z.number().int().min(1).default(100),
    /** A column with at most this many distinct values is categorical; a numeric one with more is cut into bins. */
    maxLevels: z.number().int().min(2).default(20),
    /** Quantile bins for numeric columns and the text length. */
    bins: z.number().int().min(2).max(50).default(5),
    /** Minimum support of a discovered slice: this share of the rows ... */
    minSupportShare: z.number().min(0).max(1).default(0.01),
    /** ... and at least this many rows. */
    minSupportRows: z.number().int().min(1).default(30),
    /** Most predicates in a discovered slice. */
    maxDepth: z.number().int().min(1).max(3).default(3),
    /** Most discovered slices listed. */
    maxDiscovered: z.number().int().min(1).default(10),
    /** A discovered slice whose rows overlap a higher-ranked one by this Jaccard index or more is left out as a near-duplicate. */
    maxOverlap: z.number().gt(0).max(1).default(0.8),
    /** Search only these columns (the text column stands for its length); default: every column but the id and the text. */
    searchColumns: z.array(z.string()).nullable().default(null),
    /** Columns left out of the search (e.g. a score that is the prediction itself). */
    excludeColumns: z.array(z.string()).default([]),
    /** A column whose values alone predict the label (or the prediction) with Goodman-Kruskal lambda at least this is a possible target leak (target-proxy). */
    proxyLambda: z.number().gt(0).max(1).default(0.9),
    /** ... as is one with lambda at least 0.5 whose values alone predict the label better than the model does by this much (accuracy, as a share). */
    proxyBeatsModelBy: z.number().min(0).max(1).default(0.05),
    /**
     * Which target-proxy columns the slice search keeps. `'label'` (the default): columns that give
     * the label away are searched, a slice on them being weak only when it errs beyond its class mix
     * (issue 27: provenance such as a mailbox); columns that give only the model's prediction away
     * are left out (a slice on them restates the prediction, which a class mix does not account
     * for), as are all of them without predictions (the label-skew search looks for the label
     * itself). `true`: every one is searched; `false`: none is.
     */
    searchProxyColumns: z.union([z.boolean(), z.literal('label')]).default('label'),
    /** Most columns searched, in table order. */
    maxSearchColumns: z.number().int().min(1).default(40),
    /** Example rows per finding. */
    maxExamples: z.number().int().min(0).default(5),
  })
  .strict();

export type Options = z.output<typeof options>;

/** Metrics compared between groups, for a binary task with a positive class; error rate otherwise. */
export const BINARY_METRICS: GroupMetricName[] = ['accuracy', 'errorRate', 'fpr', 'fnr', 'precision', 'selectionRate', 'prevalence'];
/** Metrics whose disparities become findings (accuracy mirrors the error rate; prevalence is the data's, not the model's). */
export const FINDING_METRICS: GroupMetricName[] = ['errorRate', 'fpr', 'fnr', 'precision', 'selectionRate'];
