/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The HTML reports opened in a real browser: headless Chromium from Debian's `chromium` package,
 * driven by playwright-core with the system executable (no browser download). For each fixture:
 * no console error, no request but the page itself, every expected chart drawn with its marks;
 * hostile text runs nothing and creates no element; the page fits 360 px and prints. Screenshots
 * go to test-artifacts/html/. Without Chromium the tests say they are skipped and why (the
 * structure tests in formats-html.test.ts still run).
 */
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { audit, root } from './helpers/cli.js';
import { LONG_COLUMN, writeHostileInputs } from './helpers/hostile-inputs.js';
import { HTML_CASES } from './helpers/html-cases.js';

const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (path): path is string => typeof path === 'string' && existsSync(path),
);
const ARTIFACTS = join(root, 'test-artifacts', 'html');
const dir = mkdtempSync(join(tmpdir(), 'trainaudit-browser-'));

function writeReport(name: string, args: string[], cwd?: string): string {
  const path = join(dir, `${name}.html`);
  const run = audit([...args, '-o', path, '-q', '--fail-on', 'none'], cwd ? { cwd } : {});
  if (run.status !== 0) throw new Error(`${name}: exit ${run.status}: ${run.stderr}`);
  return path;
}

interface Visit {
  page: Page;
  errors: string[];
  requests: string[];
  dialogs: string[];
}

describe.skipIf(!CHROMIUM)(
  `HTML reports in headless Chromium${CHROMIUM ? '' : ' (skipped: no Chromium at /usr/bin/chromium; apt-get install -y chromium, or set CHROMIUM_PATH)'}`,
  () => {
    let browser: Browser;
    beforeAll(async () => {
      const { chromium } = await import('playwright-core');
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
      mkdirSync(ARTIFACTS, { recursive: true });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
    });

    async function open(path: string, width = 1000): Promise<Visit> {
      const context = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: true });
      const page = await context.newPage();
      const visit: Visit = { page, errors: [], requests: [], dialogs: [] };
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') visit.errors.push(message.text());
      });
      page.on('pageerror', (error) => visit.errors.push(String(error)));
      page.on('request', (request) => visit.requests.push(request.url()));
      page.on('dialog', (dialog) => {
        visit.dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await page.goto(pathToFileURL(path).href, { waitUntil: 'load' });
      return visit;
    }

    for (const [name, { args, charts }] of Object.entries(HTML_CASES)) {
      it(`${name}: no console error, no request, each chart drawn with its marks`, async () => {
        const path = writeReport(name, [...args]);
        const visit = await open(path);
        expect(visit.errors).toEqual([]);
        expect(visit.requests).toEqual([pathToFileURL(path).href]);
        const drawn = await visit.page.$$eval('figure.chart', (figures) =>
          figures.map((figure) => ({
            id: figure.id,
            declared: Number((figure as HTMLElement).dataset.marks),
            marks: figure.querySelectorAll('.data_marks > *').length,
            caption: figure.querySelector('figcaption')?.textContent ?? '',
            labelled: figure.querySelector('svg')?.getAttribute('aria-labelledby') === `${figure.id}-caption`,
            width: figure.querySelector<SVGSVGElement>('svg')?.getBoundingClientRect().width ?? 0,
          })),
        );
        for (const chart of drawn) {
          expect(chart.marks, chart.id).toBe(chart.declared);
          expect(chart.labelled, chart.id).toBe(true);
          expect(chart.caption.length, chart.id).toBeGreaterThan(40);
          expect(chart.width, chart.id).toBeGreaterThan(100);
        }
        for (const expected of charts) {
          const chart = drawn.find((c) => c.id === expected.id);
          expect(chart, `${name}: ${expected.id}`).toBeDefined();
          if (expected.marks !== undefined) expect(chart!.marks, `${name}: ${expected.id}`).toBe(expected.marks);
        }
        await visit.page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
        await visit.page.context().close();
      }, 60_000);
    }

    it('hostile text executes nothing and renders as text, not markup', async () => {
      const hostile = join(dir, 'hostile');
      mkdirSync(hostile, { recursive: true });
      writeHostileInputs(hostile);
      const path = writeReport('hostile', ['hostile-unicode.csv', 'hostile-preds.jsonl', '--slice-cols', LONG_COLUMN], hostile);
      const visit = await open(path);
      expect(visit.dialogs).toEqual([]);
      expect(visit.errors).toEqual([]);
      expect(visit.requests).toEqual([pathToFileURL(path).href]);
      const dom = await visit.page.evaluate(() => ({
        active: document.querySelectorAll('script, img, iframe, object, embed, link, a, form, input, base').length,
        handlers: [...document.querySelectorAll('*')]
          .flatMap((element) => [...element.attributes].map((a) => a.name))
          .filter((name) => /^on/i.test(name) || /^(src|href|xlink:href)$/i.test(name)).length,
        text: document.body.textContent ?? '',
      }));
      expect(dom.active).toBe(0);
      expect(dom.handlers).toBe(0);
      expect(dom.text).toContain('<script>alert(1)</script>');
      expect(dom.text).toContain('<img src=x onerror=alert(1)>');
      expect(dom.text).toContain('javascript:alert(1)');
      expect(dom.text).not.toContain('\u001b');
      await visit.page.screenshot({ path: join(ARTIFACTS, 'hostile.png'), fullPage: true });
      await visit.page.context().close();
    }, 60_000);

    it('fits a 360 px screen and prints', async () => {
      const path = writeReport('narrow', [...HTML_CASES.dynamics.args, '--lang', 'zh']);
      const visit = await open(path, 360);
      const widths = await visit.page.evaluate(() => ({
        page: document.documentElement.scrollWidth,
        view: window.innerWidth,
        widest: Math.max(...[...document.querySelectorAll('figure.chart svg')].map((svg) => svg.getBoundingClientRect().right)),
      }));
      expect(widths.page).toBeLessThanOrEqual(widths.view);
      expect(widths.widest).toBeLessThanOrEqual(360);
      await visit.page.screenshot({ path: join(ARTIFACTS, 'narrow-zh.png'), fullPage: true });
      const pdf = await visit.page.pdf({ format: 'A4', printBackground: true });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.length).toBeGreaterThan(20_000);
      writeFileSync(join(ARTIFACTS, 'narrow-zh.pdf'), pdf);
      await visit.page.context().close();
    }, 60_000);
  },
);
