/** What the answer bias explains in other checks' findings. */
import type { Finding } from '../types.js';

/**
 * Confused pairs into the answer a biased run over-predicts (`performance/confused-pair:A->B` beside
 * `answer-bias/skew` naming "B"): the answer bias explains them, so relabelling, targeted data and
 * the like are not offered for them; the answer-bias remedies are.
 */
export function confusionsExplained(findings: readonly Finding[]): string[] {
  const favoured = new Set(
    findings
      .filter((f) => f.id.startsWith('answer-bias/skew'))
      .map((f) => f.metrics.answer)
      .filter((answer): answer is string => typeof answer === 'string'),
  );
  if (favoured.size === 0) return [];
  return findings
    .filter((f) => f.id.startsWith('performance/confused-pair:') && typeof f.metrics.predictedAs === 'string' && favoured.has(f.metrics.predictedAs))
    .map((f) => f.id);
}
