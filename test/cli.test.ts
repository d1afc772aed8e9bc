import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit, bin, fixture, root, type Parsed } from './helpers/cli.js';
import { reportSchema } from '../src/report/schema.js';

const demo = [fixture('demo', 'data.csv'), fixture('demo', 'preds.jsonl')];

describe('audit on the demo', () => {
  const run = audit([...demo, '--format', 'json', '--fail-on', 'none']);

  it('prints a JSON report that matches the schema', () => {
    expect(run.status).toBe(0);
    const parsed = reportSchema.safeParse(run.json);
    if (!parsed.success) throw new Error(JSON.stringify(parsed.error.issues.slice(0, 3)));
    expect(run.json.schemaVersion).toBe(1);
    expect(run.json.tool.name).toBe('trainaudit');
  });

  it('says which column got which role and why', () => {
    const roles = run.json.inputs.data.roles;
    expect(roles).toMatchObject({ id: 'id', label: 'label', text: 'text', split: 'split' });
    expect(roles.assignments.find((a: Parsed) => a.column === 'label').reason).toBe('named "label"');
    expect(run.json.inputs.predictions.runs.map((r: Parsed) => r.name)).toEqual(['1', '2', '3']);
    expect(run.json.inputs.predictions.records).toBe(1464);
  });

  it('gives byte-identical JSON for the same inputs', () => {
    const again = audit([...demo, '--format', 'json', '--fail-on', 'none']);
    expect(again.stdout).toBe(run.stdout);
  });

  it('has a summary consistent with the findings', () => {
    const counts = run.json.summary.bySeverity;
    const total = Object.values(counts).reduce((a: number, b) => a + (b as number), 0);
    expect(total).toBe(run.json.findings.length);
    expect(run.json.summary.gate).toEqual({ failOn: 'none', passed: true });
  });

  it('every finding example carries row and line', () => {
    for (const finding of run.json.findings) {
      for (const example of finding.examples) {
        expect(Number.isInteger(example.row)).toBe(true);
        expect(example.line).toBeGreaterThanOrEqual(2);
      }
    }
  });
});

describe('the gate', () => {
  it('fails (exit 1) when a finding reaches --fail-on, passes with none', () => {
    const strict = audit([fixture('formats', 'messy.csv'), '--fail-on', 'low', '--format', 'json']);
    expect(strict.status).toBe(1);
    expect(strict.json.summary.gate).toEqual({ failOn: 'low', passed: false });
    const off = audit([fixture('formats', 'messy.csv'), '--fail-on', 'none', '--format', 'json']);
    expect(off.status).toBe(0);
  });
  it('takes --fail-on from the config file', () => {
    const strict = audit([fixture('formats', 'messy.csv'), '--config', fixture('config', 'strict.json'), '--format', 'json']);
    expect(strict.json.summary.gate.failOn).toBe('low');
    expect(strict.status).toBe(1);
  });
});

describe('real-world CSV', () => {
  const run = audit([fixture('formats', 'messy.csv'), '--format', 'json', '--fail-on', 'none']);
  it('handles a BOM, CRLF, quoted commas, quotes and newlines', () => {
    expect(run.json.inputs.data.columns).toEqual(['id', 'text', 'label', 'score', 'score_2']);
    expect(run.json.inputs.data.rows).toBe(6);
  });
  it('reports renamed duplicate headers', () => {
    expect(run.json.inputs.data.renamedHeaders).toEqual([{ original: 'score', renamed: 'score_2', position: 4 }]);
    expect(run.json.findings.map((f: Parsed) => f.id)).toContain('input-integrity/duplicate-headers');
  });
  it('reports ragged rows with their lines, keeping the rows', () => {
    const ragged = run.json.findings.find((f: Parsed) => f.id === 'input-integrity/ragged-rows');
    expect(ragged.metrics.lines).toEqual([6, 7]);
    expect(ragged.examples.map((e: Parsed) => [e.row, e.line, e.id])).toEqual([
      [3, 6, '4'],
      [4, 7, '5'],
    ]);
    expect(run.json.checks['input-integrity'].metrics.raggedLines).toEqual([6, 7]);
  });
});

describe('input formats', () => {
  it.each([
    ['data.tsv', 'tsv'],
    ['data.json', 'json'],
    ['data.jsonl', 'jsonl'],
    ['data.jsonl.gz', 'jsonl'],
  ])('%s loads as %s', (file, format) => {
    const run = audit([fixture('formats', file), '--format', 'json', '--fail-on', 'none']);
    expect(run.status).toBe(0);
    expect(run.json.inputs.data.format).toBe(format);
    expect(run.json.inputs.data.rows).toBe(2);
  });
  it('keeps a __proto__ key as a plain column, never a prototype', () => {
    const run = audit([fixture('formats', 'data.json'), '--format', 'json', '--fail-on', 'none']);
    expect(run.json.inputs.data.columns).toContain('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
  it('reads the data from stdin with -', () => {
    const run = audit(['-', '--format', 'json', '--fail-on', 'none'], { input: readFileSync(fixture('demo', 'data.csv')) });
    expect(run.status).toBe(0);
    expect(run.json.inputs.data.rows).toBe(488);
    expect(run.json.inputs.data.path).toBe('<stdin>');
  });
  it('reads CSV predictions with per-class probability columns', () => {
    const run = audit([fixture('formats', 'messy.csv'), fixture('formats', 'preds.csv'), '--format', 'json', '--fail-on', 'none']);
    expect(run.status).toBe(0);
    expect(run.json.inputs.predictions.runs.map((r: Parsed) => [r.name, r.rows, r.probabilities])).toEqual([
      ['a', 2, true],
      ['b', 2, true],
    ]);
  });
});

describe('output', () => {
  it('prints text and writes JSON to a file in one run, atomically', () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-'));
    const file = join(dir, 'report.json');
    const run = audit([...demo, '-o', file, '-o', join(dir, 'summary.md'), '--fail-on', 'none']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^trainaudit /);
    expect(JSON.parse(readFileSync(file, 'utf8')).schemaVersion).toBe(1);
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toMatch(/^## trainaudit: /);
    expect(readdirSync(dir).sort()).toEqual(['report.json', 'summary.md']); // no temp files left
  });
  it('text is readable in 80 columns and plain with NO_COLOR', () => {
    const run = audit([...demo, '--fail-on', 'none']);
    for (const line of run.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(run.stdout).not.toContain('\u001b[');
  });
  it('honours FORCE_COLOR and --no-color', () => {
    expect(audit([...demo, '--fail-on', 'none'], { env: { NO_COLOR: '', FORCE_COLOR: '1' } }).stdout).toContain('\u001b[');
    expect(audit([...demo, '--fail-on', 'none', '--no-color'], { env: { NO_COLOR: '', FORCE_COLOR: '' } }).stdout).not.toContain('\u001b[');
  });
  it('writes SARIF and JUnit for CI', () => {
    const sarif = audit([fixture('formats', 'messy.csv'), '--format', 'sarif', '--fail-on', 'low']);
    expect(sarif.status).toBe(1);
    expect(sarif.json.version).toBe('2.1.0');
    expect(sarif.json.runs[0].results.length).toBeGreaterThan(0);
    const junit = audit([fixture('formats', 'messy.csv'), '--format', 'junit', '--fail-on', 'low']);
    expect(junit.stdout).toMatch(/<testcase classname="input-integrity" name="input-integrity\/ragged-rows \(medium\)"><failure type="medium"/);
  });
  it('exits quietly into a closed pipe', () => {
    const result = spawnSync('bash', ['-c', `node ${bin} ${demo.join(' ')} --format json --fail-on none | head -1`], { encoding: 'utf8', cwd: root });
    expect(result.stdout).toBe('{\n');
    expect(result.stderr).toBe('');
  });
});

describe('checks and plugins', () => {
  it('audit checks lists every check with its needs', () => {
    const run = audit(['checks', '--format', 'json']);
    expect(run.status).toBe(0);
    const ids = run.json.map((c: Parsed) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['input-integrity', 'class-balance', 'missing-values']));
    expect(run.json.find((c: Parsed) => c.id === 'class-balance').needs).toEqual(['labels']);
  });
  it('--checks and --skip-checks select checks; the rest are skipped with the reason', () => {
    const only = audit([...demo, '--checks', 'class-balance', '--format', 'json', '--fail-on', 'none']);
    expect(only.json.checks['class-balance'].status).not.toBe('skipped');
    expect(only.json.checks['missing-values']).toEqual({ status: 'skipped', reason: 'not selected by --checks', metrics: {} });
    const skip = audit([...demo, '--skip-checks', 'class-balance', '--format', 'json', '--fail-on', 'none']);
    expect(skip.json.checks['class-balance'].reason).toBe('skipped by --skip-checks');
    const unknown = audit([...demo, '--checks', 'nope']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown check "nope"/);
  });
  it('a check whose needs are unmet is skipped with the reason', () => {
    const run = audit([fixture('bad', 'no-label.csv'), '--format', 'json', '--fail-on', 'none']);
    expect(run.json.checks['class-balance'].status).toBe('skipped');
    expect(run.json.checks['class-balance'].reason).toMatch(/needs labels/);
  });
  it('--plugin loads a user check with the same interface', () => {
    const run = audit([...demo, '--plugin', fixture('plugins', 'short-text.js'), '--format', 'json', '--fail-on', 'none']);
    expect(run.status).toBe(0);
    expect(run.json.checks['short-text'].status).toBe('ok');
    expect(run.json.checks['short-text'].metrics.shortTexts).toBe(0);
    const listed = audit(['checks', '--plugin', fixture('plugins', 'short-text.js')]);
    expect(listed.stdout).toMatch(/short-text\s+Very short texts/);
  });
  it('a plugin owns its wording as a built-in check does: Chinese where it gives it, English marked where it does not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-plugin-'));
    writeFileSync(join(dir, 'st.csv'), 'id,text,label\n1,too short,a\n2,this one is long enough,b\n3,ok,a\n');
    const args = [
      'st.csv',
      '--plugin',
      fixture('plugins', 'short-text.js'),
      '--plugin',
      fixture('plugins', 'english-only.js'),
      '-f',
      'json',
      '--fail-on',
      'none',
    ];
    const byId = (run: { json: { findings: { id: string }[] } }, id: string) => run.json.findings.find((finding) => finding.id === id);
    const english = audit(args, { cwd: dir });
    expect(byId(english, 'short-text/short')).toMatchObject({
      severity: 'low',
      title: '2 very short texts',
      summary: '2 of 3 texts have fewer than 3 words.',
      metrics: { count: 2, rows: 3 },
    });
    expect(byId(english, 'english-only/rows')).not.toHaveProperty('lang');
    const chinese = audit([...args, '--lang', 'zh'], { cwd: dir });
    expect(byId(chinese, 'short-text/short')).toMatchObject({ title: '2 条文本过短', summary: '3 条文本中有 2 条少于 3 个词。' });
    expect(byId(chinese, 'short-text/short')).not.toHaveProperty('lang');
    expect(byId(chinese, 'english-only/rows')).toMatchObject({ title: '3 rows', lang: 'en' });
    // The text report says which findings are in English only.
    const text = audit([...args.slice(0, 5), '--lang', 'zh', '--fail-on', 'none'], { cwd: dir, env: { COLUMNS: '200' } });
    expect(text.stdout).toMatch(/3 rows （仅有英文） \[english-only\/rows\]/);
    expect(text.stdout).not.toMatch(/过短 （仅有英文）/);
  });
  it('a plugin check that throws is an error, and the others still run', () => {
    const run = audit([...demo, '--plugin', fixture('plugins', 'throws.js'), '--format', 'json', '--fail-on', 'none']);
    expect(run.status).toBe(0);
    expect(run.json.checks['always-throws']).toEqual({ status: 'error', reason: 'no luck today', metrics: {} });
    expect(run.json.checks['class-balance'].status).not.toBe('error');
  });
  it('a broken plugin is a usage error naming the file', () => {
    const run = audit([...demo, '--plugin', fixture('plugins', 'not-a-check.js')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/not-a-check\.js: the plugin's check is not valid: run/);
  });
});

describe('audit schema', () => {
  it('prints the JSON Schema of the report', () => {
    const run = audit(['schema']);
    expect(run.status).toBe(0);
    expect(run.json.type).toBe('object');
    expect(run.json.required).toEqual(expect.arrayContaining(['schemaVersion', 'tool', 'inputs', 'checks', 'findings', 'remedies', 'summary']));
  });
  it('ships as schema/report.schema.json, identical to what audit schema prints', () => {
    expect(existsSync(join(root, 'schema', 'report.schema.json'))).toBe(true);
    expect(readFileSync(join(root, 'schema', 'report.schema.json'), 'utf8')).toBe(audit(['schema']).stdout);
  });
});

describe('--export', () => {
  it('writes flagged rows and a cleaned copy, and says so on stderr', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'audit-')), 'export');
    const run = audit([...demo, '--export', dir, '--export-drop-label-issues', '--format', 'json', '--fail-on', 'none']);
    expect(run.status).toBe(0);
    expect(run.json.schemaVersion).toBe(1);
    expect(run.stderr).toMatch(/^audit: exported \d+ files to .*export: the cleaned copy keeps \d+ of 488 rows/);
    const files = readdirSync(dir).sort();
    expect(files).toEqual(expect.arrayContaining(['cleaned.csv', 'flagged-duplicates.csv', 'flagged-label-noise.csv', 'flagged-leakage.csv']));
    const flagged = readFileSync(join(dir, 'flagged-duplicates.csv'), 'utf8').split('\n');
    expect(flagged[0]).toBe('row,line,id,reason');
    const duplicateRows = run.json.checks.duplicates.metrics.exactDuplicateRows;
    expect(flagged.filter(Boolean).length - 1).toBe(duplicateRows);
  });
});

describe('untrusted text from data files', () => {
  const hostile = fixture('hostile', 'data.csv');
  it('never reaches the terminal as control sequences', () => {
    const run = audit([hostile, '--fail-on', 'none'], { env: { NO_COLOR: '', FORCE_COLOR: '' } });
    expect(run.stdout).toMatch(/CLEAR SCREEN/);
    expect(run.stdout).not.toContain('\u001b');
  });
  it('is escaped in Markdown', () => {
    const run = audit([hostile, '--format', 'markdown', '--fail-on', 'none']);
    expect(run.stdout).toMatch(/CLEAR SCREEN &lt;img src=x onerror=alert\(1\)&gt; \\\*\\\*bold\\\*\\\* `@everyone`/);
    expect(run.stdout).not.toMatch(/<img/);
    // A mention only inside a code span, where no renderer makes one.
    expect(run.stdout.replace(/`[^`]*`/g, '')).not.toMatch(/@everyone/);
  });
  it('is neutralised in the flagged files, while the cleaned copy keeps every byte of the kept rows', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'audit-')), 'export');
    const run = audit([hostile, '--export', dir, '--fail-on', 'none']);
    expect(run.status).toBe(0);
    const input = readFileSync(hostile, 'utf8').split('\n');
    const cleaned = readFileSync(join(dir, 'cleaned.csv'), 'utf8').split('\n');
    // Header and kept lines as the input has them, in order (dropped rows leave gaps only).
    expect(cleaned[0]).toBe(input[0]);
    let at = 0;
    for (const line of cleaned) {
      while (at < input.length && input[at] !== line) at++;
      expect(at).toBeLessThan(input.length);
      at++;
    }
    for (const name of readdirSync(dir).filter((file) => file.startsWith('flagged-'))) {
      expect(readFileSync(join(dir, name), 'utf8')).not.toMatch(/(^|,)"?[=+@]/m);
    }
  });
});

describe('data-quality checks from the command line', () => {
  const reviews = fixture('data-quality', 'reviews.csv');
  it('finds the planted duplicates, near-duplicates, conflicts and leaks', () => {
    const run = audit([reviews, '--format', 'json', '--fail-on', 'none']);
    expect(run.status).toBe(0);
    const m = (id: string) => run.json.checks[id].metrics;
    expect(m('duplicates').exactDuplicateGroups).toBe(3);
    expect(m('near-duplicates').clusters).toEqual([
      [1, 5],
      [3, 10],
      [4, 6],
      [8, 9],
      [15, 16],
    ]);
    expect(m('conflicting-labels').conflictingGroups).toBe(1);
    expect(m('leakage').leakedRows).toEqual({ test: 2, validation: 0 });
  });
  it('--near-dup-threshold moves every near-duplicate check together', () => {
    const run = audit([reviews, '--near-dup-threshold', '0.79', '--format', 'json', '--fail-on', 'none']);
    expect(run.json.checks['near-duplicates'].metrics.threshold).toBe(0.79);
    expect(run.json.checks['near-duplicates'].metrics.clusters).toContainEqual([0, 7]);
    expect(run.json.checks['leakage'].metrics.threshold).toBe(0.79);
  });
});

describe('prediction files read on two threads', () => {
  const data = fixture('multi-seed', 'data.csv');
  const seeds = ['seed-1234', 'seed-13', 'seed-2024', 'seed-42', 'seed-87'].map((s) => fixture('multi-seed', 'per-seed', `${s}.jsonl`));
  const both = (args: string[]) => [audit(args, { env: { TRAINAUDIT_PARALLEL: 'off' } }), audit(args, { env: { TRAINAUDIT_PARALLEL: 'force' } })];
  it('give byte-identical reports', () => {
    const [one, two] = both([data, ...seeds, '--format', 'json', '--fail-on', 'none']);
    expect(one.status).toBe(0);
    expect(one.json.inputs.predictions.runs.map((r: Parsed) => r.name)).toEqual(['seed-1234', 'seed-13', 'seed-2024', 'seed-42', 'seed-87']);
    expect(two.stdout).toBe(one.stdout);
  });
  it('report a duplicate across files the same way', () => {
    const [one, two] = both([data, fixture('parallel', 'seed1.jsonl'), fixture('parallel', 'seed1-tail.jsonl')]);
    expect(one.status).toBe(2);
    expect(one.stderr).toMatch(/seed1-tail\.jsonl:1: duplicate prediction for id "r0399" in run "1": already given at .*seed1\.jsonl:399/);
    expect(two.stderr).toBe(one.stderr);
  });
  it('report the first error in file order, whichever thread met it', () => {
    const [one, two] = both([data, seeds[0], fixture('parallel', 'nan.jsonl'), seeds[2]]);
    expect(one.status).toBe(2);
    expect(one.stderr).toMatch(/nan\.jsonl:1: invalid JSON/);
    expect(two.stderr).toBe(one.stderr);
  });
});

describe('--train', () => {
  it('finds evaluation rows that repeat rows of a separate training file', () => {
    const run = audit([fixture('train-eval', 'eval.csv'), '--train', fixture('train-eval', 'train.csv'), '--format', 'json', '--fail-on', 'none']);
    expect(run.status).toBe(0);
    expect(run.json.inputs.train).toEqual({ path: fixture('train-eval', 'train.csv'), rows: 11 });
    const leakage = run.json.checks.leakage.metrics;
    expect(leakage.leakedRows).toEqual({ evaluation: 2 });
    expect(leakage.pairs.map((p: Parsed) => [p.row, p.line, p.trainRow, p.trainLine, p.kind])).toEqual([
      [0, 2, 3, 5, 'exact'],
      [5, 7, 10, 12, 'near'],
    ]);
  });
});

describe('--lang zh', () => {
  it('names severities in Chinese in the text and Markdown reports, and keeps them in English in JSON', () => {
    const text = audit([...demo, '--lang', 'zh', '--fail-on', 'none']);
    expect(text.stdout).toMatch(/^发现的问题 \(5 高, 7 中, 1 低\)$/m);
    expect(text.stdout).toMatch(/^高 {7}\S/m);
    const markdown = audit([...demo, '--lang', 'zh', '--format', 'markdown', '--fail-on', 'none']);
    expect(markdown.stdout).toMatch(/🔴 高: 5/);
    const json = audit([...demo, '--lang', 'zh', '--format', 'json', '--fail-on', 'none']);
    expect(json.json.findings[0].severity).toBe('high');
  });
});
