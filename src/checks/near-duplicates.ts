import { z } from 'zod';
import { severityLadder } from './support/severity.js';
import { defineCheck, finding, type Example, type FindingOf, type Severity, type TypedFinding } from './types.js';
import { NEAR_DEFAULTS, nearIndex, percent, redundantRows, trainingRedundancy } from './support/dedup-index.js';
import { ofRows, pct, removedRows, type CheckRemedies } from './support/evidence.js';
import { allButFirst } from './support/export-rows.js';
import { m, metricsSchema } from './support/metrics-schema.js';
import type { CheckContext, ExportContext, FlaggedRow } from './types.js';
import type { NearDuplicateIndex } from '../math/near-duplicates.js';
import { clusterSizeChart } from './support/cluster-chart.js';
import { approximateSearchNote, embeddingNearIndex, NEAR_RADIUS_DEFAULT, type EmbeddingNearIndex } from './support/embedding-index.js';
import { shared } from './support/wording.js';
import { wording } from './near-duplicates.wording.js';
import { benchmarkRepeats, benchmarkRepeatsEn, benchmarkRepeatsSchema, benchmarkRepeatsZh, type BenchmarkRepeats } from './support/benchmark-repeats.js';
import { benchmarkArgs, dedupRemedyGuards } from './support/dedup-rules.js';

export const nearOptions = z
  .object({
    /** Character 5-gram Jaccard similarity at or above which two texts are near duplicates (`--near-dup-threshold`). */
    threshold: z.number().min(0.5).max(1).default(NEAR_DEFAULTS.threshold),
    /** MinHash signature size (one-permutation bins); LSH bands are chosen within it. */
    hashes: z.number().int().min(16).max(512).default(NEAR_DEFAULTS.hashes),
    /** LSH buckets larger than this pair each text with its next `bucketWindow` texts only. */
    maxBucketSize: z.number().int().min(2).default(NEAR_DEFAULTS.maxBucketSize),
    bucketWindow: z.number().int().min(1).default(NEAR_DEFAULTS.bucketWindow),
    /** Without a text column, with embeddings: near duplicates are pairs closer than this fraction of the median nearest-neighbour cosine distance (cleanlab's 0.13). */
    embeddingRadius: z.number().gt(0).max(1).default(NEAR_RADIUS_DEFAULT),
    /** A fixed cosine similarity for embedding near duplicates instead of the radius. */
    embeddingSimilarity: z.number().min(0.5).max(1).nullable().default(null),
    /** How many clusters a finding shows as examples. */
    maxExamples: z.number().int().min(1).default(5),
  })
  .strict();

export const nearDuplicateSeverity = (share: number): Severity =>
  severityLadder(
    share,
    [
      ['high', 0.1],
      ['medium', 0.03],
      ['low', 0.005],
    ],
    'info',
  );

export interface NearDuplicatesArgs {
  threshold: number;
  clusterCount: number;
  nearDuplicateRows: number;
  nearDuplicateShare: number;
  largestCluster: number;
  textRows: number;
  /** Set when the rows are benchmark items (no training data): the repeats by task. */
  benchmark?: BenchmarkRepeats | null;
}

export interface EmbeddingNearDuplicatesArgs {
  /** Cosine similarity at or above which rows are near duplicates. */
  similarity: number;
  /** The fraction of the median nearest-neighbour distance that set it, or null for a fixed similarity. */
  radius: number | null;
  medianNearestDistance: number;
  clusterCount: number;
  nearDuplicateRows: number;
  nearDuplicateShare: number;
  largestCluster: number;
  embeddedRows: number;
  /** With the approximate (inverted-file) search: its recall of the exact top-k on sampled rows, else null. */
  searchRecall?: number | null;
}

const howClose = (a: EmbeddingNearDuplicatesArgs, lang: 'en' | 'zh'): string => wording.howClose[lang](a);

const findings = {
  'embedding-near-duplicates': finding({
    args: z.object({ nearDuplicateRows: m.number() }),
    size: (a) => a.nearDuplicateRows,
    en: (a: EmbeddingNearDuplicatesArgs) => {
      const clusters = `${a.clusterCount} cluster${a.clusterCount === 1 ? '' : 's'}`;
      return {
        title: `${a.nearDuplicateRows} near-duplicate row${a.nearDuplicateRows === 1 ? '' : 's'} in embedding space, in ${clusters}`,
        summary: `${a.nearDuplicateRows} of ${a.embeddedRows} embedded rows (${percent(a.nearDuplicateShare)}) are near copies of another row (${howClose(a, 'en')}), in ${clusters}; the largest has ${a.largestCluster} rows. They add little new information, over-weight their content in training and leak across splits; keeping one row per cluster removes ${a.nearDuplicateRows} rows.${approximateSearchNote(a.searchRecall, 'en')}`,
      };
    },
    zh: (a) => ({
      title: `嵌入空间中 ${a.nearDuplicateRows} 行近似重复，共 ${a.clusterCount} 个簇`,
      summary:
        `${a.embeddedRows} 行有嵌入向量的记录中有 ${a.nearDuplicateRows} 行（${percent(a.nearDuplicateShare)}）是另一行的近似副本（${howClose(a, 'zh')}），` +
        `共 ${a.clusterCount} 个簇，最大的簇有 ${a.largestCluster} 行。它们几乎不带来新信息，会在训练中放大其内容的权重，还会跨数据划分泄漏；每个簇只保留一行，可删除 ${a.nearDuplicateRows} 行。${approximateSearchNote(a.searchRecall, 'zh')}`,
    }),
  }),
  'near-duplicates': finding({
    args: z.object({ nearDuplicateRows: m.number(), benchmark: benchmarkArgs }),
    size: (a) => a.nearDuplicateRows,
    en: (a: NearDuplicatesArgs) => {
      const clusters = `${a.clusterCount} cluster${a.clusterCount === 1 ? '' : 's'}`;
      return {
        title: `${a.nearDuplicateRows} near-duplicate row${a.nearDuplicateRows === 1 ? '' : 's'} in ${clusters}`,
        summary: `${a.nearDuplicateRows} of ${a.textRows} text rows (${percent(a.nearDuplicateShare)}) are near copies (character 5-gram Jaccard similarity ≥ ${a.threshold}) of another row, in ${clusters}; the largest has ${a.largestCluster} rows.${a.benchmark ? benchmarkRepeatsEn(a.benchmark, 'cluster') : ` They add little new information, over-weight their content in training and leak across splits; keeping one row per cluster removes ${a.nearDuplicateRows} rows.`}`,
      };
    },
    zh: (a) => ({
      title: `${a.nearDuplicateRows} 行近似重复，共 ${a.clusterCount} 个簇`,
      summary:
        `${a.textRows} 行文本中有 ${a.nearDuplicateRows} 行（${percent(a.nearDuplicateShare)}）是另一行的近似副本（字符 5-gram Jaccard 相似度 ≥ ${a.threshold}），` +
        `共 ${a.clusterCount} 个簇，最大的簇有 ${a.largestCluster} 行。` +
        (a.benchmark
          ? benchmarkRepeatsZh(a.benchmark, 'cluster')
          : `它们几乎不带来新信息，会在训练中放大其内容的权重，还会跨数据划分泄漏；每个簇只保留一行，可删除 ${a.nearDuplicateRows} 行。`),
    }),
  }),
};

/** The metrics as the report holds them: near-duplicate texts (`space: 'text'`) or rows near in embedding space (`space: 'embeddings'`). */
const metrics = metricsSchema({
  /** Jaccard similarity (text) or cosine similarity (embeddings) at or above which rows are near duplicates. */
  threshold: m.number(),
  /** Each cluster's rows (0-based), largest cluster first. */
  clusters: m.list(z.array(z.number().int().min(0))),
  /** Rows beyond the first of their cluster. */
  nearDuplicateRows: m.number(),
  verifiedPairs: m.number(),
  clusterCount: m.number(),
  largestCluster: m.number(),
  nearDuplicateShare: m.number(),
  space: m.oneOf(['text', 'embeddings']),
  /** Training rows a de-duplication drops. */
  trainingRowsRemoved: m.number(),
  // Texts only:
  candidatePairs: m.optional(m.number()),
  textRows: m.optional(m.number()),
  identicalTextGroups: m.optional(m.number()),
  /** MinHash signature size, and its LSH bands of `rowsPerBand` rows. */
  hashes: m.optional(m.number()),
  bands: m.optional(m.number()),
  rowsPerBand: m.optional(m.number()),
  oversizedBuckets: m.optional(m.number()),
  /** Benchmark items only: the repeats by task. */
  benchmark: m.optional(m.object(benchmarkRepeatsSchema.shape)),
  // Embeddings only:
  embeddedRows: m.optional(m.number()),
  /** The fraction of the median nearest-neighbour distance that set the threshold; null for a fixed similarity. */
  radius: m.optional(m.number()),
  medianNearestDistance: m.optional(m.number()),
  /** The neighbour search: exact, or approximate (inverted file). */
  search: m.optional(m.oneOf(['exact', 'ivf'])),
});
type NearDuplicatesMetrics = z.output<typeof metrics>;
type NearDuplicatesFinding = TypedFinding<typeof findings>;

/** This check's part in the remedies: the evidence it gives and the headroom it measures. */
const remedies: CheckRemedies<NearDuplicatesMetrics, NearDuplicatesFinding> = {
  evidence({ metrics, lang, rows }) {
    const count = metrics?.nearDuplicateRows ?? null;
    if (metrics === null || count === null) return [];
    // A list read as empty may have been absent: it gives the count only when it holds something.
    const clusters = metrics.clusterCount ?? (metrics.clusters.length > 0 ? metrics.clusters.length : null);
    const share = metrics.nearDuplicateShare;
    const shareText = share !== null ? shared.share[lang](pct(share)) : ofRows(count, rows, lang);
    return [(metrics.space === 'embeddings' ? wording.embeddingEvidence : wording.textEvidence)[lang](count, shareText, metrics.threshold, clusters)];
  },
  headroom: {
    nearDuplicateShare({ metrics, lang }) {
      return removedRows(metrics?.trainingRowsRemoved ?? metrics?.nearDuplicateRows ?? null, lang);
    },
  },
};

/** Every row of a cluster but its first. */
function exportRows({ metrics, lang, line }: ExportContext<NearDuplicatesMetrics>): FlaggedRow[] {
  return allButFirst(metrics.clusters, (first, size) => wording.exportReason[lang](first, line(first), size));
}

type NearOptions = z.output<typeof nearOptions>;
type AnyNearIndex = NearDuplicateIndex | EmbeddingNearIndex;

/** The first clusters as examples: each cluster's first row with its closest directly verified partner. */
function clusterExamples(context: CheckContext<NearOptions>, index: AnyNearIndex): Example[] {
  const shown = index.clusters.slice(0, context.options.maxExamples);
  const partner = new Map<number, { row: number; similarity: number }>();
  for (const cluster of shown) {
    const first = cluster[0];
    const rep = index.repOf[first];
    const twin = Array.from(cluster).find((row) => row !== first && index.repOf[row] === rep);
    partner.set(rep, twin !== undefined ? { row: twin, similarity: 1 } : { row: -1, similarity: -1 });
  }
  for (let p = 0; p < index.verifiedPairs; p++) {
    const a = index.pairA[p];
    const b = index.pairB[p];
    const similarity = index.pairSimilarity[p];
    for (const [self, other] of [
      [a, b],
      [b, a],
    ]) {
      const best = partner.get(self);
      if (best && (similarity > best.similarity || (similarity === best.similarity && other < best.row))) partner.set(self, { row: other, similarity });
    }
  }
  return shown.map((cluster, c) => {
    const first = cluster[0];
    const { row: other, similarity } = partner.get(index.repOf[first])!;
    return context.example(first, {
      cluster: c,
      clusterSize: cluster.length,
      excerpt: context.excerpt(first) ?? null,
      otherRow: other,
      otherLine: context.data.lines[other],
      otherExcerpt: context.excerpt(other) ?? null,
      similarity,
    });
  });
}

/** The counts every near-duplicate report shares. */
interface ClusterCounts {
  clusterRows: number[][];
  nearDuplicateRows: number;
  share: number;
  largestCluster: number;
  trainingRowsRemoved: number;
}

function textMetrics(opts: NearOptions, index: NearDuplicateIndex, counts: ClusterCounts, benchmark: BenchmarkRepeats | null): NearDuplicatesMetrics {
  return {
    threshold: opts.threshold,
    clusters: counts.clusterRows,
    nearDuplicateRows: counts.nearDuplicateRows,
    candidatePairs: index.candidatePairs,
    verifiedPairs: index.verifiedPairs,
    clusterCount: index.clusters.length,
    largestCluster: counts.largestCluster,
    textRows: index.textItems,
    nearDuplicateShare: counts.share,
    identicalTextGroups: index.foldedGroups.length,
    hashes: opts.hashes,
    bands: index.bands.bands,
    rowsPerBand: index.bands.rows,
    oversizedBuckets: index.oversizedBuckets,
    space: 'text' as const,
    trainingRowsRemoved: counts.trainingRowsRemoved,
    ...(benchmark ? { benchmark } : {}),
  };
}

function embeddingMetrics(index: EmbeddingNearIndex, counts: ClusterCounts): NearDuplicatesMetrics {
  return {
    threshold: index.threshold,
    clusters: counts.clusterRows,
    nearDuplicateRows: counts.nearDuplicateRows,
    verifiedPairs: index.verifiedPairs,
    clusterCount: index.clusters.length,
    largestCluster: counts.largestCluster,
    embeddedRows: index.textItems,
    nearDuplicateShare: counts.share,
    radius: index.radius,
    medianNearestDistance: index.medianNearestDistance,
    search: index.method,
    space: 'embeddings' as const,
    trainingRowsRemoved: counts.trainingRowsRemoved,
  };
}

/** The finding (clusters found): near-duplicate texts, or near-duplicate rows in embedding space. */
function nearFinding(
  context: CheckContext<NearOptions>,
  indexes: { textIndex: NearDuplicateIndex | null; embeddingIndex: EmbeddingNearIndex | null },
  counts: ClusterCounts,
  benchmark: BenchmarkRepeats | null,
): FindingOf<typeof findings> {
  const { textIndex, embeddingIndex } = indexes;
  const index = (textIndex ?? embeddingIndex)!;
  const { clusters } = index;
  const { nearDuplicateRows, share } = counts;
  const examples = clusterExamples(context, index);
  const shared = { clusterCount: clusters.length, nearDuplicateRows, nearDuplicateShare: share, largestCluster: clusters[0].length };
  if (textIndex)
    return {
      key: 'near-duplicates',
      severity: benchmark
        ? nearDuplicateSeverity(index.textItems === 0 ? 0 : (benchmark.crossTaskRows + benchmark.withinTaskRows) / index.textItems)
        : nearDuplicateSeverity(share),
      args: { threshold: context.options.threshold, ...shared, textRows: index.textItems, benchmark },
      examples,
    };
  const e = embeddingIndex!;
  return {
    key: 'embedding-near-duplicates',
    severity: nearDuplicateSeverity(share),
    args: {
      similarity: e.threshold,
      radius: e.radius,
      medianNearestDistance: e.medianNearestDistance,
      ...shared,
      embeddedRows: index.textItems,
      searchRecall: e.searchRecall,
    },
    examples,
  };
}

export const nearDuplicates = defineCheck({
  id: 'near-duplicates',
  title: 'Near duplicates',
  description:
    "Text rows whose character 5-gram Jaccard similarity (lower-cased, whitespace collapsed) is at least the threshold (default 0.8), found with MinHash and LSH and verified exactly; without a text column, rows whose embeddings are closer than 0.13 x the median nearest-neighbour cosine distance (cleanlab's rule). Reported as clusters.",
  needs: ['textOrEmbeddings'],
  options: nearOptions,
  findings,
  metrics,
  remedies,
  exportRows,
  // Near copies in embedding space say nothing of benchmark items; none says how many training rows it removes.
  remedyGuards: dedupRemedyGuards((f: NearDuplicatesFinding) => ({
    benchmark: f.key === 'near-duplicates' ? f.args.benchmark : null,
    trainingRowsRemoved: null,
  })),
  sharedOptions: { nearDupThreshold: 'threshold' },
  charts: ({ metrics, lang }) =>
    clusterSizeChart('near-duplicates-clusters', ['near-duplicates/near-duplicates'], metrics.clusters, lang, {
      en: 'near-duplicate clusters',
      zh: '近似重复簇',
    }),
  async run(context) {
    const opts = context.options;
    const textIndex = nearIndex(context, opts);
    const embeddingIndex = textIndex ? null : (await embeddingNearIndex(context, { radius: opts.embeddingRadius, similarity: opts.embeddingSimilarity }))!;
    const index = textIndex ?? embeddingIndex!;
    const clusters = index.clusters;
    const nearDuplicateRows = redundantRows(clusters);
    const share = index.textItems === 0 ? 0 : nearDuplicateRows / index.textItems;
    const clusterRows = clusters.map((cluster) => Array.from(cluster));
    const largestCluster = clusters.length > 0 ? clusters[0].length : 0;
    // Benchmark items are evaluation rows only: de-duplicating them changes no training.
    const benchmark = textIndex ? benchmarkRepeats(context, clusters, index.textItems, true) : null;
    const trainingRowsRemoved = benchmark ? 0 : trainingRedundancy(clusters, context.rowRoles);
    const counts: ClusterCounts = { clusterRows, nearDuplicateRows, share, largestCluster, trainingRowsRemoved };
    const measured = textIndex ? textMetrics(opts, textIndex, counts, benchmark) : embeddingMetrics(embeddingIndex!, counts);
    const found = clusters.length > 0 ? [nearFinding(context, { textIndex, embeddingIndex }, counts, benchmark)] : [];
    return { metrics: measured, findings: found };
  },
});
