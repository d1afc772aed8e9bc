import { Chalk, type ChalkInstance } from 'chalk';
import type { Report } from '../report/schema.js';
import { countsTowardGate } from '../report/baseline.js';
import { SEVERITIES, type Severity } from '../checks/types.js';
import { sanitizeInline } from '../core/sanitize.js';
import { messages } from './messages.js';
import { clipToWidth, displayWidth, wrap } from './columns.js';
import { baselineSection } from './baseline-section.js';
import { expectedGainLabel, gainPhrase, notWorthItLabel, remedySections } from './remedy-sections.js';

export interface TextOptions {
  /** chalk colour level: 0 for plain text. */
  colorLevel: 0 | 1 | 2 | 3;
  width?: number;
  /** Findings shown in full; the rest are listed by title. */
  maxFindings?: number;
  maxExamples?: number;
  maxRemedies?: number;
}

/** Numbers in examples: at most 4 significant digits, so float noise does not reach the screen. */
function short(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? value : Number(value.toPrecision(4));
  if (Array.isArray(value)) return value.map(short);
  return value;
}

function severityColor(chalk: ChalkInstance, severity: Severity): (text: string) => string {
  switch (severity) {
    case 'critical':
      return chalk.bgRed.white.bold;
    case 'high':
      return chalk.red.bold;
    case 'medium':
      return chalk.yellow;
    case 'low':
      return chalk.cyan;
    default:
      return chalk.gray;
  }
}

function exampleLine(example: Report['findings'][number]['examples'][number]): string {
  const parts = [`row ${example.row}`, `line ${example.line}`];
  if (example.id !== undefined) parts.push(`id ${sanitizeInline(example.id)}`);
  const extras: string[] = [];
  for (const [key, value] of Object.entries(example)) {
    if (key === 'row' || key === 'line' || key === 'id' || value === null || value === undefined) continue;
    const clip = (text: string) => clipToWidth(text, 58);
    const shown = typeof value === 'string' ? `"${clip(sanitizeInline(value))}"` : clip(sanitizeInline(JSON.stringify(short(value))));
    extras.push(`${key} ${shown}`);
  }
  return `${parts.join(', ')}${extras.length > 0 ? `: ${extras.join(', ')}` : ''}`;
}

/** What every section of the terminal report reads. */
interface TextContext {
  report: Report;
  chalk: ChalkInstance;
  width: number;
  t: ReturnType<typeof messages>;
}

/** Severity tags fill 8 columns (a Chinese character takes two). */
function severityTag({ report, t }: TextContext, severity: Severity): string {
  const name = report.options.lang === 'en' ? severity.toUpperCase() : t.severities[severity];
  return name + ' '.repeat(Math.max(0, 8 - displayWidth(name)));
}

/** The tool, the data, its roles and classes, and the prediction runs. */
function headerLines({ report, chalk, width, t }: TextContext): string[] {
  const out: string[] = [];
  const { data, predictions } = report.inputs;
  out.push(chalk.bold(`trainaudit ${report.tool.version}`) + chalk.gray(` · ${t.schema} ${report.schemaVersion}`));
  out.push(
    ...wrap(
      `${t.data}: ${sanitizeInline(data.path)} (${data.format}, ${data.rows.toLocaleString('en-US')} ${t.rows}, ${data.columns.length} ${t.columns})`,
      width,
      '',
    ),
  );
  const roleParts = (['id', 'label', 'text', 'split'] as const)
    .filter((role) => data.roles[role])
    .map((role) => `${role}=${sanitizeInline(data.roles[role]!)}`);
  if (data.roles.slices.length > 0) roleParts.push(`slices=${data.roles.slices.map(sanitizeInline).join(',')}`);
  out.push(
    ...wrap(
      `${t.roles}: ${roleParts.length > 0 ? roleParts.join(' ') : t.none}${data.classes && data.classes.length > 0 ? `; ${t.classes}: ${data.classes.slice(0, 8).map(sanitizeInline).join(', ')}${data.classes.length > 8 ? ', …' : ''}` : ''}`,
      width,
      '',
    ),
  );
  if (predictions.runs.length > 0) {
    out.push(
      ...wrap(
        `${t.predictions}: ${predictions.runs.length} ${t.runs} (${predictions.runs
          .slice(0, 6)
          .map((r) => sanitizeInline(r.name))
          .join(
            ', ',
          )}${predictions.runs.length > 6 ? ', …' : ''}), ${predictions.records.toLocaleString('en-US')} ${t.records}${predictions.modelsFromFiles ? `; ${t.modelsFromFiles(predictions.modelsFromFiles.map(sanitizeInline))}` : ''}${predictions.configurationsFromRunNames ? `; ${t.configurationsFromRunNames(predictions.configurationsFromRunNames.map(sanitizeInline))}` : ''}`,
        width,
        '',
      ),
    );
  }
  out.push('');
  return out;
}

/** Against a baseline report: the counts by state and the findings' states (none without a baseline). */
function baselineLines(context: TextContext, maxFindings: number): string[] {
  const { report, chalk, width, t } = context;
  const since = baselineSection(report, t);
  if (!since) return [];
  const out: string[] = [];
  out.push(...wrap(since.counts, width, '').map((line) => chalk.bold(line)));
  if (since.warning) out.push(...wrap(since.warning, width, '  ').map((line) => chalk.yellow(line)));
  for (const entry of since.entries.slice(0, maxFindings)) {
    const name = (t.states[entry.state as keyof typeof t.states] ?? t.gone).toUpperCase();
    out.push(
      ...wrap(
        `${name} ${sanitizeInline(entry.title)} [${sanitizeInline(entry.id)}]${entry.changes.length > 0 ? `: ${entry.changes.join(', ')}` : ''}`,
        width,
        '  ',
        '    ',
      ),
    );
  }
  out.push('');
  return out;
}

/** The findings: the first maxFindings in full (title, summary, examples), the rest by title. */
function findingLines(context: TextContext, maxFindings: number, maxExamples: number): string[] {
  const { report, chalk, width, t } = context;
  const out: string[] = [];
  const counts = report.summary.bySeverity;
  const countText = [...SEVERITIES]
    .reverse()
    .filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${t.severities[s]}`)
    .join(', ');
  out.push(chalk.bold.underline(`${t.findings} (${report.findings.length === 0 ? t.none : countText})`));
  report.findings.slice(0, maxFindings).forEach((finding) => {
    const tag = severityColor(chalk, finding.severity)(severityTag(context, finding.severity));
    const heading = wrap(
      `${sanitizeInline(finding.title)}${finding.lang && finding.lang !== report.options.lang ? ` ${t.inEnglish}` : ''} [${sanitizeInline(finding.id)}]`,
      width,
      '         ',
    );
    out.push(...heading.map((line, i) => (i === 0 ? `${tag} ${chalk.bold(line.slice(9))}` : chalk.bold(line))));
    out.push(...wrap(sanitizeInline(finding.summary), width, '         '));
    for (const example of finding.examples.slice(0, maxExamples)) {
      out.push(...wrap(`${t.example}: ${exampleLine(example)}`, width, '         ').map((line) => chalk.gray(line)));
    }
  });
  if (report.findings.length > maxFindings) {
    out.push(chalk.gray(`… ${report.findings.length - maxFindings} ${t.moreFindings}`));
    for (const finding of report.findings.slice(maxFindings)) {
      const lines = wrap(
        `${sanitizeInline(finding.title)}${finding.lang && finding.lang !== report.options.lang ? ` ${t.inEnglish}` : ''} [${sanitizeInline(finding.id)}]`,
        width,
        `  ${severityTag(context, finding.severity)} `,
        ' '.repeat(11),
      );
      out.push(...lines.map((line) => chalk.gray(line)));
    }
  }
  out.push('');
  return out;
}

/** Accuracy remedies in full (up to maxRemedies), then the other outcomes in their own sections. */
function remedyLines({ report, chalk, width, t }: TextContext, maxRemedies: number): string[] {
  const lang = report.options.lang;
  if (report.remedies.length === 0) return [];
  const out: string[] = [];
  out.push(chalk.bold.underline(t.remedies));
  let shown = 0;
  for (const section of remedySections(report)) {
    out.push(...wrap(section.title, width, '').map((line) => chalk.bold(line)));
    for (const remedy of section.remedies) {
      const gain = gainPhrase(remedy, lang);
      if (section.outcome === 'accuracy' && shown < maxRemedies) {
        shown++;
        out.push(...wrap(`${remedy.rank}. ${sanitizeInline(remedy.title)} (${remedy.id})`, width, '', '   ').map((line) => chalk.bold.green(line)));
        if (gain) out.push(...wrap(`${expectedGainLabel(lang)}: ${sanitizeInline(gain)}`, width, '   '));
        out.push(...wrap(`${t.why}: ${sanitizeInline(remedy.evidence)}`, width, '   '));
        for (const step of remedy.steps.slice(0, 3)) out.push(...wrap(`- ${sanitizeInline(step)}`, width, '   ', '     '));
      } else {
        out.push(...wrap(`${remedy.rank}. ${sanitizeInline(remedy.title)} (${remedy.id})${gain ? `: ${sanitizeInline(gain)}` : ''}`, width, '', '   '));
      }
    }
    for (const remedy of section.notWorthIt) {
      const gain = gainPhrase(remedy, lang);
      out.push(
        ...wrap(
          `${notWorthItLabel(lang)}: ${remedy.rank}. ${sanitizeInline(remedy.title)} (${remedy.id})${gain ? `: ${sanitizeInline(gain)}` : ''}`,
          width,
          '',
          '   ',
        ).map((line) => chalk.gray(line)),
      );
    }
  }
  out.push('');
  return out;
}

/** Each check's status, with its reason wrapped under it. */
function checkLines({ report, chalk, width, t }: TextContext): string[] {
  const out: string[] = [];
  out.push(chalk.bold.underline(t.checks));
  const idWidth = Math.min(22, Math.max(...Object.keys(report.checks).map((id) => id.length)));
  for (const [id, outcome] of Object.entries(report.checks)) {
    const paint = outcome.status === 'ok' ? chalk.green : outcome.status === 'findings' ? chalk.yellow : outcome.status === 'skipped' ? chalk.gray : chalk.red;
    const name = sanitizeInline(id);
    // An id wider than the column (a plugin's) takes lines of its own; the status follows, indented.
    const idLines = displayWidth(name) > idWidth ? wrap(name, width, '') : [];
    const head = idLines.length > 0 ? `${' '.repeat(idWidth)} ${outcome.status}` : `${name.padEnd(idWidth)} ${outcome.status}`;
    out.push(...idLines);
    if (!outcome.reason) {
      out.push(head.replace(` ${outcome.status}`, ` ${paint(outcome.status)}`));
      continue;
    }
    // The head is the first line's prefix (kept whole); the reason wraps under the status.
    const lines = wrap(sanitizeInline(outcome.reason), width, `${head}: `, ' '.repeat(idWidth + 1));
    lines[0] = lines[0].replace(` ${outcome.status}:`, ` ${paint(outcome.status)}:`);
    out.push(...lines.map((line, i) => (i === 0 ? line : chalk.gray(line))));
  }
  out.push('');
  return out;
}

/** The gate's verdict. */
function gateLine({ report, chalk, t }: TextContext): string {
  const gate = report.summary.gate;
  if (gate.failOn === 'none') return chalk.gray(t.gateOff);
  if (gate.passed) return chalk.green.bold(`${t.gatePassed} (--fail-on ${gate.failOn}${gate.scope === 'new-and-worse' ? `; ${t.gateScope}` : ''})`);
  // The findings at or above the threshold that the gate counts (against a baseline, the new and worse ones).
  const counted = report.findings.filter(
    (f) => countsTowardGate(f, gate.scope) && SEVERITIES.indexOf(f.severity) >= SEVERITIES.indexOf(gate.failOn as Severity),
  ).length;
  return chalk.red.bold(
    `${t.gateFailed}: ${counted} ${t.findingsAtOrAbove} ${gate.failOn} (--fail-on ${gate.failOn}${gate.scope === 'new-and-worse' ? `; ${t.gateScope}` : ''})`,
  );
}

/** The terminal report: readable in 80 columns; every data-derived string is sanitised. */
export function renderText(report: Report, options: TextOptions): string {
  const context: TextContext = { report, chalk: new Chalk({ level: options.colorLevel }), width: options.width ?? 80, t: messages(report.options.lang) };
  const maxFindings = options.maxFindings ?? 12;
  const out = [
    ...headerLines(context),
    ...baselineLines(context, maxFindings),
    ...findingLines(context, maxFindings, options.maxExamples ?? 3),
    ...remedyLines(context, options.maxRemedies ?? 5),
    ...checkLines(context),
    gateLine(context),
  ];
  return `${out.join('\n')}\n`;
}
