/**
 * A plugin check is a check like the built-in ones: its remedy is ranked, its flagged rows are
 * exported, its chart is drawn in the HTML report and its rule is described in SARIF
 * (fixtures/plugins/terse-text.js, on the demo data).
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit, fixture, type Parsed } from './helpers/cli.js';

const demo = [fixture('demo', 'data.csv'), fixture('demo', 'preds.jsonl')];
const plugin = ['--plugin', fixture('plugins', 'terse-text.js')];

/** Texts of the demo data with fewer than 9 words, counted here apart from the plugin. */
function terseRowsOfDemo(): number[] {
  const lines = readFileSync(fixture('demo', 'data.csv'), 'utf8').trim().split('\n').slice(1);
  const rows: number[] = [];
  lines.forEach((line, row) => {
    // id,text,label,...: the text is the second field, quoted when it holds a comma.
    const rest = line.slice(line.indexOf(',') + 1);
    const text = rest.startsWith('"') ? rest.slice(1, rest.indexOf('"', 1)) : rest.slice(0, rest.indexOf(','));
    if (text.trim().split(/\s+/).length < 9) rows.push(row);
  });
  return rows;
}

describe('a plugin check with a remedy, export rows and a chart', () => {
  const run = audit([...demo, ...plugin, '-f', 'json', '--fail-on', 'none']);
  const report: Parsed = run.json;
  const metrics = report.checks['terse-text'].metrics;

  it('reports its finding from the rows it counts', () => {
    expect(run.status).toBe(0);
    expect(report.checks['terse-text'].status).toBe('findings');
    const terse = terseRowsOfDemo();
    expect(terse.length).toBe(44);
    expect(metrics.terseRows.map((entry: Parsed) => entry.row)).toEqual(terse);
    expect(report.findings.map((f: Parsed) => f.id)).toContain('terse-text/terse');
  });

  it('ranks its own remedy with the catalogue, sized by its headroom measure and quoting its evidence', () => {
    const remedy = report.remedies.find((r: Parsed) => r.id === 'expand-terse-texts');
    expect(remedy).toBeDefined();
    expect(remedy.why).toEqual(['terse-text/terse']);
    expect(remedy.outcome).toBe('accuracy');
    const excess = (metrics.terseScored * (metrics.terseError - metrics.otherError)) / metrics.scoredRows;
    expect(excess).toBeGreaterThan(0);
    expect(remedy.expectedGain.basis).toBe('upper-bound');
    expect(remedy.expectedGain.value).toBeCloseTo(excess, 6);
    // An upper bound b counts as 3b/8 (README, "The score and the order").
    expect(remedy.headroom).toBeCloseTo((3 * excess) / 8, 5);
    expect(remedy.evidence).toContain('44 texts have fewer than 9 words');
    // Estimated and helping: before every accuracy remedy nothing estimates.
    const unestimated = report.remedies.filter((r: Parsed) => r.outcome === 'accuracy' && r.expectedGain?.basis === 'not-estimable');
    expect(unestimated.length).toBeGreaterThan(0);
    for (const other of unestimated) expect(remedy.rank).toBeLessThan(other.rank);
    // Without the plugin the remedy is not there.
    const without = audit([...demo, '-f', 'json', '--fail-on', 'none']).json;
    expect(without.remedies.map((r: Parsed) => r.id)).not.toContain('expand-terse-texts');
  });

  it('speaks Chinese where the plugin gives it', () => {
    const zh = audit([...demo, ...plugin, '-f', 'json', '--fail-on', 'none', '--lang', 'zh']).json;
    const remedy = zh.remedies.find((r: Parsed) => r.id === 'expand-terse-texts');
    expect(remedy.title).toBe('为过短的文本补充上下文');
    expect(remedy.steps[0]).toMatch(/^导出被标记的行/);
  });

  it('writes its flagged rows under --export DIR', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'audit-plugin-export-')), 'out');
    const exported = audit([...demo, ...plugin, '-f', 'json', '--fail-on', 'none', '--export', dir]);
    expect(exported.status).toBe(0);
    expect(readdirSync(dir)).toContain('flagged-terse-text.csv');
    const lines = readFileSync(join(dir, 'flagged-terse-text.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('row,line,id,reason');
    const terse = terseRowsOfDemo();
    expect(lines.slice(1).map((line) => Number(line.split(',')[0]))).toEqual(terse);
    // The demo has no multi-line records: row r is on line r + 2, its id is r + 1.
    expect(lines[1]).toMatch(new RegExp(`^${terse[0]},${terse[0] + 2},${terse[0] + 1},[78] words \\(fewer than 9\\)$`));
  });

  it('draws its chart in the HTML report, beside its finding', () => {
    const html = audit([...demo, ...plugin, '-f', 'html', '--fail-on', 'none']).stdout;
    const start = html.indexOf('id="f-terse-text-terse"');
    expect(start).toBeGreaterThan(0);
    const article = html.slice(start, html.indexOf('</article>', start));
    expect(article).toContain('<figure class="chart" id="terse-text-error-rate" data-marks="2">');
    expect(article).toMatch(/<svg role="img"/);
    expect(article).toContain('The model errs on 20.5% of the 44 terse texts and on 18.6% of the other rows.');
  });

  it('has its own rule in SARIF, with its title and description', () => {
    const sarif = JSON.parse(audit([...demo, ...plugin, '-f', 'sarif', '--fail-on', 'none']).stdout);
    const rules = sarif.runs[0].tool.driver.rules;
    const rule = rules.find((r: Parsed) => r.id === 'terse-text');
    expect(rule.shortDescription.text).toBe('Terse texts');
    expect(rule.fullDescription.text).toMatch(/^Rows whose text has fewer than 9 words/);
    const result = sarif.runs[0].results.find((r: Parsed) => r.ruleId === 'terse-text');
    expect(rules[result.ruleIndex].id).toBe('terse-text');
  });

  it("audit diff --plugin draws the plugin's chart and names its rule, as the audit does", () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-plugin-diff-'));
    const saved = join(dir, 'report.json');
    writeFileSync(saved, run.stdout);
    const html = audit(['diff', saved, saved, '-f', 'html', ...plugin]);
    expect(html.status).toBe(0);
    expect(html.stdout).toContain('id="terse-text-error-rate"');
    // Without the plugin, the diff knows the finding but not how to draw it.
    const bare = audit(['diff', saved, saved, '-f', 'html']).stdout;
    expect(bare).toContain('id="f-terse-text-terse"');
    expect(bare).not.toContain('id="terse-text-error-rate"');
    const sarif = JSON.parse(audit(['diff', saved, saved, '-f', 'sarif', ...plugin]).stdout);
    expect(sarif.runs[0].tool.driver.rules.find((r: Parsed) => r.id === 'terse-text').shortDescription.text).toBe('Terse texts');
  });

  it('a plugin remedy that takes a catalogue id is a usage error naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-plugin-remedy-'));
    const path = join(dir, 'taken.js');
    writeFileSync(
      path,
      `export default { id: 'taken', title: 'Taken', run: () => ({ metrics: {}, findings: [] }),
        remedies: { entries: [{ id: 'relabel', outcome: 'accuracy', title: { en: 'Mine' }, summary: { en: 'Mine.' }, appliesTo: ['taken'], cost: 'low' }] } };\n`,
    );
    const bad = audit([...demo, '--plugin', path]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/taken\.js: the plugin's check is not valid: remedies\.entries\.0\.id: is a remedy of the catalogue/);
  });

  it('a plugin part that throws or returns the wrong shape is a usage error naming the file and the part', () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-plugin-parts-'));
    const write = (name: string, parts: string) => {
      const path = join(dir, name);
      writeFileSync(
        path,
        `export default { id: 'odd', title: 'Odd', needs: ['text'],
          findings: { odd: { en: () => ({ title: 'Odd', summary: 'Odd.' }) } },
          run: () => ({ metrics: { rows: [0] }, findings: [{ key: 'odd', severity: 'low', args: {}, examples: [] }] }),
          ${parts} };\n`,
      );
      return path;
    };
    const entry = `entries: [{ id: 'odd-fix', outcome: 'accuracy', title: { en: 'Fix' }, summary: { en: 'Fix.' }, appliesTo: ['odd'], measuredBy: ['oddShare'], cost: 'low' }]`;
    const throwing = audit([
      ...demo,
      '--plugin',
      write('throws.js', `remedies: { ${entry}, headroom: { oddShare: () => { throw new Error('no share'); } } }`),
      '-f',
      'json',
    ]);
    expect(throwing.status).toBe(2);
    expect(throwing.stderr.trim()).toMatch(/throws\.js: the plugin's remedies\.headroom\.oddShare failed: no share$/);
    const shapeless = audit([...demo, '--plugin', write('shape.js', `remedies: { ${entry}, headroom: { oddShare: () => ({ value: 'big' }) } }`), '-f', 'json']);
    expect(shapeless.status).toBe(2);
    expect(shapeless.stderr).toMatch(/shape\.js: the plugin's remedies\.headroom\.oddShare returned/);
    const rows = write('rows.js', `exportRows: () => [{ row: -1, reason: 'x' }]`);
    const exported = audit([...demo, '--plugin', rows, '-f', 'json', '--fail-on', 'none', '--export', join(dir, 'out')]);
    expect(exported.status).toBe(2);
    expect(exported.stderr).toMatch(/rows\.js: the plugin's exportRows returned exportRows\.0\.row/);
  });

  it('a plugin chart that cannot be drawn is left out of the HTML report, which stands', () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-plugin-chart-'));
    const path = join(dir, 'chart.js');
    writeFileSync(
      path,
      `export default { id: 'odd', title: 'Odd', needs: ['text'],
        findings: { odd: { en: () => ({ title: 'Odd', summary: 'Odd.' }) } },
        run: () => ({ metrics: {}, findings: [{ key: 'odd', severity: 'low', args: {}, examples: [] }] }),
        charts: () => [
          { id: 'odd-broken', title: 'Broken', description: 'No such mark.', explains: ['odd/odd'], marks: 1, spec: { data: { values: [] }, mark: 'no-such-mark' } },
          { id: 'odd-shapeless', title: 'Shapeless', explains: 'odd/odd' },
        ] };\n`,
    );
    const html = audit([...demo, '--plugin', path, '-f', 'html', '--fail-on', 'none']);
    expect(html.status).toBe(0);
    expect(html.stdout).toContain('id="f-odd-odd"');
    expect(html.stdout).not.toContain('odd-broken');
    expect(html.stdout).not.toContain('odd-shapeless');
    expect(html.stdout).toContain('id="label-noise-per-class"');
  });
});
