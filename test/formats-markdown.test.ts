import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { renderMarkdown, MAX_MARKDOWN_BYTES } from '../src/render/markdown.js';
import { escapeMarkdown } from '../src/core/sanitize.js';
import { audit, fixture } from './helpers/cli.js';

/** Markdown as GitHub-flavoured renderers read it: markdown-it with tables and linkify on. */
const md = new MarkdownIt({ html: true, linkify: true });
const render = (text: string) => md.render(text);

describe('Markdown checked by rendering it', () => {
  const hostile = [
    'Visit https://phish.example/login now',
    'or www.phish.example/x and mail root@phish.example, see evil.com/login or google.com.',
    'ping @octocat and [click](https://evil.example) ![img](https://evil.example/a.png)',
    '<script>alert(1)</script> <b>bold</b> | pipe `tick` a\u200bb\u200dc\u200ed\u200ff\u061cg\ufff9h\u{e0041}i',
  ];

  it('data text never makes a link, an image, an HTML element or a mention', () => {
    for (const text of hostile) {
      const html = render(`| a |\n|---|\n| ${escapeMarkdown(text)} |\n`);
      expect(html, text).not.toMatch(/<a |<img |<script|<b>/);
      // A mention needs "@name" outside code: every @ left is inside <code>.
      expect(html.replace(/<code>[^<]*<\/code>/g, ''), text).not.toMatch(/@\w/);
      // Still one table cell: the pipe did not split it.
      expect((html.match(/<td>/g) ?? []).length).toBe(1);
    }
  });

  it('invisible characters are stripped', () => {
    const html = render(escapeMarkdown(hostile[3]));
    expect(html).not.toMatch(/[\u200b-\u200f\u061c\ufff9\u{e0041}]/u);
    expect(html).toContain('abcdfghi');
  });

  it('the demo report renders with its tables and no link', () => {
    const run = audit([fixture('demo/data.csv'), fixture('demo/preds.jsonl'), '-f', 'markdown', '--fail-on', 'none']);
    const html = render(run.stdout);
    expect(html).toContain('<table>');
    expect(html).not.toMatch(/<a /);
  });

  it('stays under 1 MiB, saying how many findings were left out', () => {
    const finding = (i: number) => ({
      id: `plugin/big:${i}`,
      check: 'plugin',
      severity: 'low',
      title: `Finding ${i}`,
      summary: 'x'.repeat(20_000),
      metrics: {},
      examples: [],
    });
    const report = {
      options: { lang: 'en' },
      summary: { gate: { failOn: 'high', passed: true }, bySeverity: { critical: 0, high: 0, medium: 0, low: 200, info: 0 } },
      inputs: { data: { path: 'data.csv', rows: 10, columns: ['a'] }, predictions: { runs: [] } },
      findings: Array.from({ length: 200 }, (_, i) => finding(i)),
      remedies: [],
      checks: { plugin: { status: 'findings', metrics: {} } },
    };
    const text = renderMarkdown(report as never);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_MARKDOWN_BYTES);
    const shown = (text.match(/\*\*Finding \d+\*\*/g) ?? []).length;
    expect(shown).toBeGreaterThan(10);
    expect(text).toContain(
      `_${200 - shown} more findings left out to keep this summary under GitHub's 1 MiB limit; the JSON and SARIF reports have every finding._`,
    );
  });
});
