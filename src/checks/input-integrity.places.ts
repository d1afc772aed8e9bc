/** Where input-integrity's findings point: prediction records that match no data row are in their prediction file, at their line. */
import type { FindingPlace } from './types.js';

export function unmatchedPredictionPlaces(finding: { id: string; metrics: Readonly<Record<string, unknown>> }): FindingPlace[] | null {
  if (!finding.id.startsWith('input-integrity/unmatched-predictions') || !Array.isArray(finding.metrics.examples)) return null;
  return (finding.metrics.examples as { path?: unknown; line?: unknown }[]).map((issue) => ({
    path: typeof issue.path === 'string' ? issue.path : '',
    line: typeof issue.line === 'number' ? issue.line : null,
  }));
}
