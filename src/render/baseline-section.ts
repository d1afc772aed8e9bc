/** The "since the baseline" part of the text and Markdown reports: counts, then what is new, worse, better or gone. */
import type { Report } from '../report/schema.js';
import { sanitizeInline } from '../core/sanitize.js';
import type { Messages } from './messages.js';

export interface BaselineEntry {
  state: 'new' | 'worse' | 'better' | 'gone';
  id: string;
  title: string;
  /** `metric before -> after`, for findings the baseline had. */
  changes: string[];
}

/** Numbers as the reports print them: integers as they are, others to 4 significant digits. */
const shown = (x: number) => (Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(4))));

/** The counts line and the entries worth reading (unchanged findings are only counted). */
export function baselineSection(report: Report, t: Messages): { counts: string; warning: string | null; entries: BaselineEntry[] } | null {
  const baseline = report.baseline;
  if (!baseline) return null;
  const c = baseline.counts;
  const counts = `${t.sinceBaseline} (${sanitizeInline(baseline.path)}): ${c.new} ${t.states.new}, ${c.worse} ${t.states.worse}, ${c.unchanged} ${t.states.unchanged}, ${c.better} ${t.states.better}; ${baseline.disappeared.length} ${t.gone}`;
  const order = { new: 0, worse: 1, better: 2, gone: 3 } as const;
  const entries: BaselineEntry[] = [];
  for (const finding of report.findings) {
    const since = finding.baseline;
    if (!since || since.state === 'unchanged') continue;
    const changes = Object.entries(since.changes).map(([metric, [before, after]]) => `${sanitizeInline(metric)} ${shown(before)} -> ${shown(after)}`);
    if (since.previousSeverity && since.previousSeverity !== finding.severity) changes.unshift(`severity ${since.previousSeverity} -> ${finding.severity}`);
    entries.push({ state: since.state, id: finding.id, title: finding.title, changes });
  }
  for (const gone of baseline.disappeared) entries.push({ state: 'gone', id: gone.id, title: gone.title, changes: [] });
  entries.sort((a, b) => order[a.state] - order[b.state]);
  return { counts, warning: baseline.sameData === false ? t.otherData : null, entries };
}
