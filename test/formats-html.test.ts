/**
 * The HTML report's structure, without a browser (test/html-browser.test.ts opens the same pages
 * in Chromium): one self-contained file, a Content Security Policy with no network and no
 * script, only the elements the page itself writes (data text never becomes markup), each chart
 * with its marks and its text alternative, and charts left out when their data is absent.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit, fixture } from './helpers/cli.js';
import { LONG_COLUMN, writeHostileInputs } from './helpers/hostile-inputs.js';
import { HTML_CASES, chartsOf, type ChartInfo } from './helpers/html-cases.js';

const dir = mkdtempSync(join(tmpdir(), 'trainaudit-html-'));
writeHostileInputs(dir);

function html(args: string[], cwd?: string): string {
  const run = audit([...args, '-f', 'html', '--fail-on', 'none'], cwd ? { cwd } : {});
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
}

/** The elements the page and Vega's SVG write; anything else came from data. */
const ALLOWED = new Set([
  'html',
  'head',
  'meta',
  'title',
  'style',
  'body',
  'main',
  'header',
  'footer',
  'section',
  'article',
  'h1',
  'h2',
  'h3',
  'h4',
  'p',
  'ul',
  'ol',
  'li',
  'span',
  'strong',
  'code',
  'details',
  'summary',
  'div',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'figure',
  'figcaption',
  'svg',
  'g',
  'path',
  'rect',
  'line',
  'text',
  'defs',
  'lineargradient',
  'stop',
  'clippath',
  'circle',
]);
const tagsOf = (page: string) => new Set([...page.matchAll(/<([a-zA-Z][\w:-]*)/g)].map((m) => m[1].toLowerCase()));
/** Attribute names of every element (data text escapes `<`, so each `<name ...>` is markup the page wrote). */
const attributesOf = (page: string) =>
  new Set(
    [...page.matchAll(/<[a-zA-Z][\w:-]*((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*\/?>/g)].flatMap((m) =>
      [...m[1].matchAll(/\s+([\w:-]+)(?:="[^"]*")?/g)].map((a) => a[1].toLowerCase()),
    ),
  );
const UNSAFE_ATTRIBUTE = /^(src|href|xlink:href|action|formaction|srcdoc|on[a-z]+)$/;

describe('the HTML report', () => {
  const demo = html([fixture('demo/data.csv'), fixture('demo/preds.jsonl')]);

  it('is one page that fetches nothing and runs nothing', () => {
    expect(demo.startsWith('<!doctype html>')).toBe(true);
    expect(demo).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">`,
    );
    expect(demo).not.toMatch(/<script|<link|<img|<iframe|<object|<embed/i);
    expect([...attributesOf(demo)].filter((name) => UNSAFE_ATTRIBUTE.test(name))).toEqual([]);
    // The only URLs are the SVG namespaces.
    expect(
      [...demo.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => m[0]).filter((url) => !/^http:\/\/www\.w3\.org\/(2000\/svg|1999\/xlink)$/.test(url)),
    ).toEqual([]);
    for (const tag of tagsOf(demo)) expect(ALLOWED, tag).toContain(tag);
  });

  it('shows the gate, severity counts, checks and inputs, then every finding and remedy', () => {
    const report = audit([fixture('demo/data.csv'), fixture('demo/preds.jsonl'), '-f', 'json', '--fail-on', 'none']).json;
    expect(demo).toContain('gate: off (--fail-on none)');
    expect(demo).toContain('14 checks run · 6 skipped · 0 failed');
    expect(demo).toContain('demo/data.csv</code> (csv, 488 rows, 7 columns)');
    for (const finding of report.findings) expect(demo).toContain(`<code>${finding.id}</code>`);
    for (const remedy of report.remedies) expect(demo).toContain(`id="remedy-${remedy.id}"`);
  });

  it('draws the expected charts on the demo, each with its marks and a text alternative', () => {
    const charts = chartsOf(demo);
    expect(charts.map((c) => c.id).sort()).toEqual(HTML_CASES.demo.charts.map((c) => c.id).sort());
    for (const expected of HTML_CASES.demo.charts) {
      const chart = charts.find((c) => c.id === expected.id) as ChartInfo;
      if (expected.marks !== undefined) expect(chart.marks, chart.id).toBe(expected.marks);
      expect(chart.caption.length, chart.id).toBeGreaterThan(40);
      expect(chart.svg).toContain(`aria-labelledby="${chart.id}-caption"`);
    }
    // A chart stands inside the article of the finding it explains.
    const churn = demo.indexOf('id="f-seed-instability-churn"');
    expect(demo.indexOf('id="seed-instability-churn"')).toBeGreaterThan(churn);
    expect(demo.indexOf('id="seed-instability-churn"')).toBeLessThan(demo.indexOf('</article>', churn));
  });

  it('leaves out a chart whose data is absent', () => {
    // One run of hard predictions: no seeds, no churn, no calibration.
    const one = join(dir, 'one-run.jsonl');
    writeFileSync(
      one,
      readFileSync(fixture('demo/preds.jsonl'), 'utf8')
        .split('\n')
        .filter((line) => line.includes('"seed":1'))
        .map((line) => {
          const r = JSON.parse(line);
          const probs = Object.entries(r.probs as Record<string, number>);
          return JSON.stringify({ id: r.id, pred: probs.reduce((a, b) => (b[1] > a[1] ? b : a))[0] });
        })
        .join('\n'),
    );
    const ids = chartsOf(html([fixture('demo/data.csv'), one])).map((c) => c.id);
    expect(ids).toContain('performance-confusion');
    for (const absent of [
      'seed-instability-runs',
      'seed-instability-churn',
      'calibration-reliability',
      'calibration-bin-counts',
      'training-curves-loss',
      'training-dynamics-data-map',
      'comparison-forest',
    ])
      expect(ids).not.toContain(absent);
    // No predictions at all: no chart of predictions.
    expect(
      chartsOf(html([fixture('demo/data.csv')]))
        .map((c) => c.id)
        .filter((id) => /^(performance|seed|calibration|slices-groups)/.test(id)),
    ).toEqual([]);
  });

  it('draws the curves, the data map, the slices and the comparison when their inputs are given', () => {
    for (const name of ['slices', 'dynamics', 'comparison'] as const) {
      const page = html([...HTML_CASES[name].args]);
      const charts = chartsOf(page);
      for (const expected of HTML_CASES[name].charts) {
        const chart = charts.find((c) => c.id === expected.id);
        expect(chart, `${name}: ${expected.id}`).toBeDefined();
        if (expected.marks !== undefined) expect(chart!.marks, `${name}: ${expected.id}`).toBe(expected.marks);
      }
    }
  });

  it('escapes hostile data text everywhere: it never becomes an element, an attribute or a control character', () => {
    const page = html(['hostile-unicode.csv', 'hostile-preds.jsonl', '--slice-cols', LONG_COLUMN], dir);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    for (const tag of tagsOf(page)) expect(ALLOWED, tag).toContain(tag);
    expect([...attributesOf(page)].filter((name) => UNSAFE_ATTRIBUTE.test(name))).toEqual([]);
    // eslint-disable-next-line no-control-regex -- control characters are what the page must not contain
    expect(page).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffe\uffff\u200b\u202e\u2066]/u);
    // The class names (one is a URL) reach the confusion matrix as text.
    expect(chartsOf(page).find((c) => c.id === 'performance-confusion')!.svg).toContain('https://neutral.example');
  });

  it('in Chinese with --lang zh, and as a file with -o report.html', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'trainaudit-html-out-')), 'report.html');
    copyFileSync(fixture('demo/data.csv'), join(dir, 'demo.csv'));
    const run = audit([fixture('demo/data.csv'), fixture('demo/preds.jsonl'), '--lang', 'zh', '-o', out, '-q', '--fail-on', 'none']);
    expect(run.status, run.stderr).toBe(0);
    const page = readFileSync(out, 'utf8');
    expect(page).toContain('<html lang="zh-CN">');
    expect(page).toContain('trainaudit 审计报告');
    expect(page).toContain('发现的问题');
    expect(chartsOf(page).find((c) => c.id === 'performance-confusion')!.caption).toContain('行是真实类别');
  });
});
