import { z } from 'zod';
import { defineCheck, type Example, type FindingDraft, type Severity } from './types.js';
import { NEAR_DEFAULTS, nearIndex, percent, redundantRows } from './support/dedup-index.js';

export const nearOptions = z
  .object({
    /** Character 5-gram Jaccard similarity at or above which two texts are near duplicates (`--near-dup-threshold`). */
    threshold: z.number().min(0.5).max(1).default(NEAR_DEFAULTS.threshold),
    /** MinHash signature size (one-permutation bins); LSH bands are chosen within it. */
    hashes: z.number().int().min(16).max(512).default(NEAR_DEFAULTS.hashes),
    /** LSH buckets larger than this pair each text with its next `bucketWindow` texts only. */
    maxBucketSize: z.number().int().min(2).default(NEAR_DEFAULTS.maxBucketSize),
    bucketWindow: z.number().int().min(1).default(NEAR_DEFAULTS.bucketWindow),
    /** How many clusters a finding shows as examples. */
    maxExamples: z.number().int().min(1).default(5),
  })
  .strict();

export function nearDuplicateSeverity(share: number): Severity {
  if (share >= 0.1) return 'high';
  if (share >= 0.03) return 'medium';
  if (share >= 0.005) return 'low';
  return 'info';
}

export const nearDuplicates = defineCheck({
  id: 'near-duplicates',
  title: 'Near duplicates',
  description:
    'Text rows whose character 5-gram Jaccard similarity (lower-cased, whitespace collapsed) is at least the threshold (default 0.8), found with MinHash and LSH and verified exactly; reported as clusters.',
  needs: ['text'],
  options: nearOptions,
  run(context) {
    const opts = nearOptions.parse(context.options ?? {});
    const index = nearIndex(context, opts)!;
    const clusters = index.clusters;
    const nearDuplicateRows = redundantRows(clusters);
    const share = index.textItems === 0 ? 0 : nearDuplicateRows / index.textItems;
    const metrics = {
      threshold: opts.threshold,
      clusters: clusters.map((cluster) => Array.from(cluster)),
      nearDuplicateRows,
      candidatePairs: index.candidatePairs,
      verifiedPairs: index.verifiedPairs,
      clusterCount: clusters.length,
      largestCluster: clusters.length > 0 ? clusters[0].length : 0,
      textRows: index.textItems,
      nearDuplicateShare: share,
      identicalTextGroups: index.foldedGroups.length,
      hashes: opts.hashes,
      bands: index.bands.bands,
      rowsPerBand: index.bands.rows,
      oversizedBuckets: index.oversizedBuckets,
    };
    const findings: FindingDraft[] = [];
    if (clusters.length > 0) {
      // Show each example cluster's first row with its closest directly verified partner.
      const shown = clusters.slice(0, opts.maxExamples);
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
      const examples: Example[] = shown.map((cluster, c) => {
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
      findings.push({
        key: 'near-duplicates',
        severity: nearDuplicateSeverity(share),
        title: `${nearDuplicateRows} near-duplicate row${nearDuplicateRows === 1 ? '' : 's'} in ${clusters.length} cluster${clusters.length === 1 ? '' : 's'}`,
        summary: `${nearDuplicateRows} of ${index.textItems} text rows (${percent(share)}) are near copies (character 5-gram Jaccard similarity ≥ ${opts.threshold}) of another row, in ${clusters.length} cluster${clusters.length === 1 ? '' : 's'}; the largest has ${clusters[0].length} rows. They add little new information, over-weight their content in training and leak across splits; keeping one row per cluster removes ${nearDuplicateRows} rows.`,
        metrics: { threshold: opts.threshold, clusterCount: clusters.length, nearDuplicateRows, nearDuplicateShare: share, largestCluster: clusters[0].length, textRows: index.textItems },
        examples,
      });
    }
    return { metrics, findings };
  },
});
