/**
 * The line the CLI writes on stderr when the approximate neighbour search ran on the JavaScript
 * kernel because onnxruntime-node is not installed (an optional dependency): the results are the
 * same, only slower, and one command makes it fast.
 */
import type { Report } from '../report/schema.js';

export function kernelNotice(report: Report): string | null {
  const metrics = report.checks.embeddings?.metrics as { searchIndex?: { kernel?: string } | null } | undefined;
  if (metrics?.searchIndex?.kernel !== 'javascript' || process.env.TRAINAUDIT_KERNEL === 'javascript') return null;
  return 'audit: the approximate neighbour search of the embeddings ran in JavaScript, about fifty times slower than with onnxruntime-node, an optional dependency that is not installed; `npm install onnxruntime-node@1.30.0` beside trainaudit makes it fast (the results are the same)\n';
}
