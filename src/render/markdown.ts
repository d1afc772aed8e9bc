import type { Report } from '../report/schema.js';
import { SEVERITIES } from '../checks/types.js';
import { codeSpan, escapeMarkdown } from '../core/sanitize.js';
import { baselineSection } from './baseline-section.js';
import { messages } from './messages.js';
import { expectedGainLabel, gainPhrase, notWorthItLabel, remedySections } from './remedy-sections.js';

/** GitHub refuses a step summary over 1 MiB; the findings table stops short of it, with a note. */
export const MAX_MARKDOWN_BYTES = 1024 * 1024;
/** Room kept for the remedies, the checks table and the note. */
const TAIL_RESERVE = 64 * 1024;

const ICONS: Record<string, string> = { critical: '🛑', high: '🔴', medium: '🟠', low: '🔵', info: '⚪' };

/** A Markdown summary for CI pages (e.g. $GITHUB_STEP_SUMMARY); data text is escaped. */
export function renderMarkdown(report: Report): string {
  const t = messages(report.options.lang);
  const out: string[] = [];
  const gate = report.summary.gate;
  const status = gate.failOn === 'none' ? t.gateOff : gate.passed ? `✅ ${t.gatePassed}` : `❌ ${t.gateFailed}`;
  out.push(`## trainaudit: ${status}`, '');
  const d = report.inputs.data;
  out.push(
    `${t.data}: ${codeSpan(d.path)}, ${d.rows} ${t.rows}, ${d.columns.length} ${t.columns}; ${t.predictions}: ${report.inputs.predictions.runs.length} ${t.runs}.`,
    '',
  );
  const counts = [...SEVERITIES]
    .reverse()
    .map((s) => `${ICONS[s]} ${t.severities[s]}: ${report.summary.bySeverity[s]}`)
    .join(' · ');
  out.push(counts, '');
  const since = baselineSection(report, t);
  if (since) {
    out.push(`### ${escapeMarkdown(since.counts)}`, '');
    if (since.warning) out.push(`> ${escapeMarkdown(since.warning)}`, '');
    // Bounded like the findings table: the JSON report has every change.
    for (const entry of since.entries.slice(0, 100))
      out.push(
        `- **${t.states[entry.state as keyof typeof t.states] ?? t.gone}** ${codeSpan(entry.id)}: ${escapeMarkdown(entry.title)}${entry.changes.length > 0 ? ` (${escapeMarkdown(entry.changes.join(', '))})` : ''}`,
      );
    if (since.entries.length > 0) out.push('');
  }
  if (report.findings.length > 0) {
    out.push(`### ${t.findings}`, '', `| ${t.severity} | ${t.finding} | ${t.check} |`, '|---|---|---|');
    let bytes = Buffer.byteLength(out.join('\n'));
    let left = 0;
    for (const [index, finding] of report.findings.entries()) {
      const examples = finding.examples.slice(0, 3).map((example) => {
        const text = typeof example.excerpt === 'string' ? example.excerpt : typeof example.text === 'string' ? example.text : null;
        return `${t.example} row ${example.row} (line ${example.line})${example.id !== undefined ? `, id ${escapeMarkdown(String(example.id))}` : ''}${text ? `: “${escapeMarkdown(text)}”` : ''}`;
      });
      const row = `| ${ICONS[finding.severity]} ${t.severities[finding.severity]} | **${escapeMarkdown(finding.title)}**${finding.lang && finding.lang !== report.options.lang ? ` ${t.inEnglish}` : ''}<br>${escapeMarkdown(finding.summary)}${examples.map((line) => `<br>${line}`).join('')} | ${codeSpan(finding.id)} |`;
      bytes += Buffer.byteLength(row) + 1;
      if (bytes > MAX_MARKDOWN_BYTES - TAIL_RESERVE) {
        left = report.findings.length - index;
        break;
      }
      out.push(row);
    }
    out.push('');
    if (left > 0) out.push(t.markdownCut(left), '');
  }
  if (report.remedies.length > 0) {
    // One list per outcome; at most 10 remedies in all, the rest are in the JSON report.
    const lang = report.options.lang;
    out.push(`### ${t.remedies}`, '');
    let budget = 10;
    for (const section of remedySections(report)) {
      if (budget <= 0) break;
      out.push(`**${escapeMarkdown(section.title)}**`, '');
      for (const remedy of section.remedies.slice(0, budget)) {
        budget--;
        const gain = gainPhrase(remedy, lang);
        out.push(
          `${remedy.rank}. **${escapeMarkdown(remedy.title)}** (${codeSpan(remedy.id)})${gain ? ` ${expectedGainLabel(lang)}: ${escapeMarkdown(gain)}.` : ''} ${escapeMarkdown(remedy.evidence)}`,
        );
      }
      const skipped = section.notWorthIt.map((remedy) => `${codeSpan(remedy.id)} (${escapeMarkdown(gainPhrase(remedy, lang) ?? '')})`);
      out.push('');
      if (skipped.length > 0) out.push(`_${notWorthItLabel(lang)}:_ ${skipped.join('; ')}`, '');
    }
  }
  out.push(`<details><summary>${t.checks}</summary>`, '', `| ${t.check} | ${t.status} |`, '|---|---|');
  for (const [id, outcome] of Object.entries(report.checks)) {
    out.push(`| ${codeSpan(id)} | ${outcome.status}${outcome.reason ? `: ${escapeMarkdown(outcome.reason)}` : ''} |`);
  }
  out.push('', '</details>', '');
  return out.join('\n');
}
