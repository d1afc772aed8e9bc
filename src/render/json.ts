import type { Report } from '../report/schema.js';

/** The versioned JSON report: keys in a fixed order, two-space indent, trailing newline. */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
