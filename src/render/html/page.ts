/**
 * `-f html` / `-o report.html`: one self-contained page. Charts are SVG rendered at report time
 * (no script runs on the page); a Content Security Policy forbids every fetch, script and inline
 * event handler; every piece of data text is escaped. Each chart stands beside the first finding
 * it explains, the others under "Measurements"; a chart whose data is absent is not drawn.
 */
import type { Report } from '../../report/schema.js';
import { expectedGainLabel, gainPhrase, notWorthItLabel, remedySections, type ReportRemedy } from '../remedy-sections.js';
import type { Chart } from '../../checks/types.js';
import { SEVERITIES } from '../../checks/types.js';
import type { Audit } from '../../report/audit.js';
import { escapeHtml } from '../../core/sanitize.js';
import { messages, type Messages } from '../messages.js';
import { chartSvg } from './svg.js';
import { STYLE } from './style.js';

/** No fetch of any kind, no script, no plugin, no form, no base: the page can only show itself. */
export const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

type Finding = Report['findings'][number];
type Example = Finding['examples'][number];

/** Examples shown per finding and columns per example table: the JSON report has them all. */
const MAX_EXAMPLES = 5;
const MAX_COLUMNS = 8;
const MAX_CELL = 240;

const esc = (value: unknown): string =>
  escapeHtml(
    typeof value === 'string'
      ? value
      : value === undefined || value === null
        ? ''
        : typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint'
          ? String(value)
          : (JSON.stringify(value) ?? ''),
  );
const clip = (text: string) => (text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text);
const anchor = (id: string) => `f-${id.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** A chart as a check's `charts` must give it (a plugin's may not): the page reads these fields. */
const isChart = (chart: Chart): boolean =>
  typeof chart === 'object' &&
  chart !== null &&
  typeof chart.id === 'string' &&
  typeof chart.title === 'string' &&
  typeof chart.description === 'string' &&
  Array.isArray(chart.explains) &&
  chart.explains.every((prefix) => typeof prefix === 'string') &&
  typeof chart.marks === 'number' &&
  typeof chart.spec === 'object' &&
  chart.spec !== null;

/** Every chart the audit's checks (plugins included) draw of their metrics in this report. */
function chartsOf({ report, checks, results }: Audit): Chart[] {
  const lang = report.options.lang;
  const out: Chart[] = [];
  for (const check of checks) {
    const outcome = report.checks[check.id];
    if (!check.charts || !outcome || (outcome.status !== 'ok' && outcome.status !== 'findings')) continue;
    try {
      out.push(...check.charts({ metrics: results.get(check.id) ?? outcome.metrics, lang }).filter(isChart));
    } catch {
      // A chart that cannot be drawn from odd metrics is left out; the findings and the JSON stay whole.
    }
  }
  return out;
}

/** The charts that could be drawn, with their figures by id: a specification Vega-Lite cannot compile (a plugin's, say) is left out and the page stands. */
async function drawCharts(audit: Audit): Promise<{ charts: Chart[]; rendered: Map<string, string> }> {
  const drawn = chartsOf(audit);
  const rendered = new Map<string, string>();
  for (const chart of drawn) {
    try {
      rendered.set(chart.id, await figure(chart));
    } catch {
      // Left out; the findings and the JSON stay whole.
    }
  }
  return { charts: drawn.filter((chart) => rendered.has(chart.id)), rendered };
}

async function figure(chart: Chart): Promise<string> {
  const svg = await chartSvg(chart.id, chart.spec);
  return `<figure class="chart" id="${esc(chart.id)}" data-marks="${chart.marks}"><div class="svg">${svg}</div><figcaption id="${esc(chart.id)}-caption"><span class="visually-hidden">${esc(chart.title)}: </span>${esc(chart.description)}</figcaption></figure>`;
}

function examplesTable(examples: readonly Example[], t: Messages): string {
  const shown = examples.slice(0, MAX_EXAMPLES);
  if (shown.length === 0) return '';
  const keys: string[] = [];
  for (const example of shown) for (const key of Object.keys(example)) if (!keys.includes(key) && keys.length < MAX_COLUMNS) keys.push(key);
  const head = keys.map((key) => `<th scope="col">${esc(key)}</th>`).join('');
  const body = shown
    .map(
      (example) =>
        `<tr>${keys.map((key) => `<td>${esc(clip(typeof example[key] === 'string' ? example[key] : example[key] === undefined ? '' : JSON.stringify(example[key])))}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<details class="examples"><summary>${esc(t.html.examples)} (${shown.length}${examples.length > shown.length ? ` / ${examples.length}` : ''})</summary><div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div></details>`;
}

function findingArticle(finding: Finding, t: Messages, lang: string, figures: string[]): string {
  return `<article class="finding sev-${finding.severity}" id="${anchor(finding.id)}"><header><span class="badge sev-${finding.severity}">${esc(t.severities[finding.severity])}</span> <h4>${esc(finding.title)}${finding.lang && finding.lang !== lang ? ` <span class="lang">${esc(t.inEnglish)}</span>` : ''}</h4></header><p>${esc(finding.summary)}</p><p class="id"><code>${esc(finding.id)}</code></p>${examplesTable(finding.examples, t)}${figures.join('')}</article>`;
}

export async function renderHtml(audit: Audit): Promise<string> {
  const { report } = audit;
  const t = messages(report.options.lang);
  const { charts, rendered } = await drawCharts(audit);
  // Each chart beside the first finding (in report order) it explains.
  const placed = new Map<string, string[]>();
  const unplaced: Chart[] = [];
  for (const chart of charts) {
    const owner = report.findings.find((f) => chart.explains.some((prefix) => f.id === prefix || f.id.startsWith(`${prefix}:`)));
    if (owner) placed.set(owner.id, [...(placed.get(owner.id) ?? []), rendered.get(chart.id)!]);
    else unplaced.push(chart);
  }

  const gate = report.summary.gate;
  const gateText = gate.failOn === 'none' ? t.gateOff : gate.passed ? t.gatePassed : t.gateFailed;
  const gateClass = gate.failOn === 'none' ? 'off' : gate.passed ? 'passed' : 'failed';
  const statuses = Object.values(report.checks);
  const count = (status: string) => statuses.filter((c) => c.status === status).length;
  const d = report.inputs.data;
  const runs = report.inputs.predictions.runs;
  const inputs = [
    `<li>${esc(t.data)}: <code>${esc(d.path)}</code> (${esc(d.format)}, ${d.rows} ${esc(t.rows)}, ${d.columns.length} ${esc(t.columns)})</li>`,
    runs.length > 0
      ? `<li>${esc(t.predictions)}: ${runs.length} ${esc(t.runs)} (${[...new Set(report.inputs.predictions.paths)].map((p) => `<code>${esc(p)}</code>`).join(', ')})</li>`
      : '',
    report.inputs.train ? `<li>${esc(t.html.train)}: <code>${esc((report.inputs.train as { path?: unknown }).path ?? '')}</code></li>` : '',
    report.inputs.logs
      ? `<li>${esc(t.html.logs)}: ${report.inputs.logs.runs.length} ${esc(t.runs)} (${report.inputs.logs.paths.map((p) => `<code>${esc(p)}</code>`).join(', ')})</li>`
      : '',
  ].join('');
  const severityCounts = [...SEVERITIES]
    .reverse()
    .map((s) => `<li class="sev-${s}"><span class="badge sev-${s}">${esc(t.severities[s])}</span> ${report.summary.bySeverity[s]}</li>`)
    .join('');

  const bySeverity = [...SEVERITIES].reverse().flatMap((severity) => {
    const list = report.findings.filter((f) => f.severity === severity);
    if (list.length === 0) return [];
    return [
      `<h3 class="sev-${severity}">${esc(t.severities[severity])} (${list.length})</h3>${list.map((f) => findingArticle(f, t, report.options.lang, placed.get(f.id) ?? [])).join('')}`,
    ];
  });
  // One list per outcome, accuracy first; remedies measured not to help close their section.
  const remedyItem = (r: ReportRemedy, notWorthIt: boolean) => {
    const gain = gainPhrase(r, report.options.lang);
    return (
      `<li class="remedy${notWorthIt ? ' not-worth-it' : ''}" id="remedy-${esc(r.id)}" value="${r.rank}"><h4>${esc(r.title)}</h4><p class="meta"><code>${esc(r.id)}</code> · ${esc(t.html.cost)} ${esc(r.cost)}${notWorthIt ? ` · ${esc(notWorthItLabel(report.options.lang))}` : ''}</p>` +
      (gain ? `<p class="gain"><strong>${esc(expectedGainLabel(report.options.lang))}:</strong> ${esc(gain)}</p>` : '') +
      `<p><strong>${esc(t.why)}:</strong> ${esc(r.evidence)}</p>${r.steps.length > 0 ? `<details><summary>${esc(t.html.steps)}</summary><ol>${r.steps.map((step) => `<li>${esc(step)}</li>`).join('')}</ol></details>` : ''}</li>`
    );
  };
  const remedies = remedySections(report).map(
    (section) =>
      `<h3 id="remedies-${section.outcome}">${esc(section.title)}</h3><ol>${[...section.remedies.map((r) => remedyItem(r, false)), ...section.notWorthIt.map((r) => remedyItem(r, true))].join('')}</ol>`,
  );
  const checks = Object.entries(report.checks)
    .map(([id, c]) => `<tr class="status-${esc(c.status)}"><td><code>${esc(id)}</code></td><td>${esc(c.status)}</td><td>${esc(c.reason ?? '')}</td></tr>`)
    .join('');

  const lang = report.options.lang === 'zh' ? 'zh-CN' : 'en';
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="referrer" content="no-referrer">
<title>${esc(t.html.title)}: ${esc(d.path)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<header class="top">
<h1>${esc(t.html.title)}</h1>
<p class="gate ${gateClass}">${esc(gateText)}${gate.failOn !== 'none' ? ` (--fail-on ${esc(gate.failOn)})` : ''}</p>
<ul class="counts">${severityCounts}</ul>
<p>${count('ok') + count('findings')} ${esc(t.html.checksRun)} · ${count('skipped')} ${esc(t.html.checksSkipped)} · ${count('error')} ${esc(t.html.checksFailed)}</p>
<h2>${esc(t.html.inputs)}</h2>
<ul class="inputs">${inputs}</ul>
</header>
<section id="findings">
<h2>${esc(t.findings)} (${report.findings.length})</h2>
${bySeverity.length > 0 ? bySeverity.join('\n') : `<p>${esc(t.html.noFindings)}</p>`}
</section>
${unplaced.length > 0 ? `<section id="measurements"><h2>${esc(t.html.measurements)}</h2><p>${esc(t.html.measurementsNote)}</p>${unplaced.map((c) => rendered.get(c.id)).join('')}</section>` : ''}
${remedies.length > 0 ? `<section id="remedies"><h2>${esc(t.remedies)}</h2>${remedies.join('')}</section>` : ''}
<section id="checks"><h2>${esc(t.checks)}</h2><div class="scroll"><table><thead><tr><th scope="col">${esc(t.check)}</th><th scope="col">${esc(t.status)}</th><th scope="col">${esc(t.html.reason)}</th></tr></thead><tbody>${checks}</tbody></table></div></section>
<footer><p>${esc(t.html.generated)} ${esc(report.tool.name)} ${esc(report.tool.version)} · ${esc(t.schema)} ${report.schemaVersion}</p></footer>
</main>
</body>
</html>
`;
}
