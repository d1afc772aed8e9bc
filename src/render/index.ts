import type { Format } from '../core/vocabulary.js';
import type { Audit } from '../report/audit.js';
import { renderJson, renderJsonChunks } from './json.js';
import { renderGithub } from './github.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderText, type TextOptions } from './text.js';
import { renderHtml } from './html/page.js';

/** Options of every renderer: the text report's, and the directory SARIF URIs are relative to. */
export type RenderOptions = TextOptions & { sarifRoot?: string };
// sarifRoot also roots the GitHub annotations' file paths: both name files relative to the repository.

/** The audit's report in one format; HTML, SARIF and GitHub annotations also read the audit's checks (charts, rules, places). */
export async function renderReport(audit: Audit, format: Format, text: RenderOptions): Promise<string> {
  const { report } = audit;
  switch (format) {
    case 'html':
      return renderHtml(audit);
    case 'json':
      return renderJson(report);
    case 'markdown':
      return renderMarkdown(report);
    case 'sarif':
      return renderSarif(audit, { root: text.sarifRoot });
    case 'junit':
      return renderJunit(report);
    case 'github':
      return renderGithub(audit, { root: text.sarifRoot });
    default:
      return renderText(report, text);
  }
}

/**
 * The report in pieces to write one after the other: JSON is streamed (a report can outgrow the
 * longest string V8 holds); the other formats list a bounded number of examples and are one piece.
 */
export async function renderReportChunks(audit: Audit, format: Format, text: RenderOptions): Promise<Iterable<string>> {
  return format === 'json' ? renderJsonChunks(audit.report) : [await renderReport(audit, format, text)];
}

/** The extensions --output knows. */
export const OUTPUT_EXTENSIONS = ['.json', '.md', '.markdown', '.sarif', '.sarif.json', '.xml', '.txt', '.html', '.htm'] as const;

/** The format an --output file gets from its extension (JSON without one), or null for an extension it does not know. */
export function formatForPath(path: string): Format | null {
  const name = path.toLowerCase();
  if (name.endsWith('.md') || name.endsWith('.markdown')) return 'markdown';
  if (name.endsWith('.sarif') || name.endsWith('.sarif.json')) return 'sarif';
  if (name.endsWith('.xml')) return 'junit';
  if (name.endsWith('.txt')) return 'text';
  if (name.endsWith('.html') || name.endsWith('.htm')) return 'html';
  if (name.endsWith('.json')) return 'json';
  // No extension at all (a device such as /dev/stdout): the JSON report.
  const base = name.slice(name.lastIndexOf('/') + 1);
  return base.lastIndexOf('.') > 0 ? null : 'json';
}
