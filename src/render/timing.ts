/** `--timing`: the checks by wall time, slowest first, as ESLint's TIMING table prints its rules. */
import type { Report } from '../report/schema.js';

export function renderTiming(report: Report): string {
  const rows = Object.entries(report.checks)
    .filter(([, outcome]) => outcome.durationMs !== undefined)
    .map(([id, outcome]) => ({ id, ms: outcome.durationMs! }))
    .sort((a, b) => b.ms - a.ms);
  if (rows.length === 0) return '';
  const total = rows.reduce((sum, row) => sum + row.ms, 0);
  const width = Math.max('Check'.length, ...rows.map((row) => row.id.length));
  const lines = [`${'Check'.padEnd(width)} | ${'Time (ms)'.padStart(10)} | Relative`, `${'-'.repeat(width)} | ${'-'.repeat(10)} | --------`];
  for (const row of rows)
    lines.push(`${row.id.padEnd(width)} | ${row.ms.toFixed(1).padStart(10)} | ${(total === 0 ? 0 : (100 * row.ms) / total).toFixed(1).padStart(7)}%`);
  lines.push(`${'all checks'.padEnd(width)} | ${total.toFixed(1).padStart(10)} |`);
  return `${lines.join('\n')}\n`;
}
