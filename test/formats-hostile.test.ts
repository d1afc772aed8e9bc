/**
 * Every format on hostile inputs, each checked by its consumer: JSON by the shipped schema, SARIF
 * by the official schema and Microsoft's multitool, JUnit by the xUnit XSD, Markdown by
 * markdown-it, GitHub annotations by the workflow-command grammar, text by its display width
 * (string-width) piped and under a real pseudo-terminal (util-linux `script`).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import MarkdownIt from 'markdown-it';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { audit, bin, fixture, root } from './helpers/cli.js';
import { LONG_COLUMN, writeHostileInputs } from './helpers/hostile-inputs.js';
import { junitErrors, multitoolErrors, sarifSchemaErrors } from './helpers/validators.js';

const dir = mkdtempSync(join(tmpdir(), 'trainaudit-hostile-formats-'));
const files = writeHostileInputs(dir);
// Two real fixtures beside the hostile ones, copied so that every case runs from one directory.
for (const [from, to] of [
  ['demo/data.csv', 'demo.csv'],
  ['demo/preds.jsonl', 'demo-preds.jsonl'],
  ['real-models/planted/data.csv', 'planted.csv'],
  ['real-models/planted/preds.jsonl', 'planted-preds.jsonl'],
])
  copyFileSync(fixture(from), join(dir, to));
const CASES: Record<string, { args: string[]; input?: string }> = {
  unicode: { args: ['hostile-unicode.csv', 'hostile-preds.jsonl', '--slice-cols', `${LONG_COLUMN},split`] },
  zh: { args: ['hostile-unicode.csv', 'hostile-preds.jsonl', '--slice-cols', LONG_COLUMN, '--lang', 'zh'] },
  stdin: { args: ['-', 'hostile-preds.jsonl'], input: readFileSync(files.data, 'utf8') },
  gz: { args: ['hostile-unicode.csv.gz', 'hostile-preds.jsonl'] },
  odd: { args: ['my data #1 100%.csv', 'hostile-preds.jsonl'] },
  wide: { args: ['hostile-wide.csv'] },
  demo: { args: ['demo.csv', 'demo-preds.jsonl'] },
  planted: { args: ['planted.csv', 'planted-preds.jsonl'] },
};
const FORMATS = ['text', 'json', 'markdown', 'sarif', 'junit', 'github'] as const;
const outputs: Record<string, Record<(typeof FORMATS)[number], string>> = {};
for (const [name, { args, input }] of Object.entries(CASES)) {
  outputs[name] = {} as Record<(typeof FORMATS)[number], string>;
  for (const format of FORMATS) {
    const run = audit([...args, '-f', format, '--fail-on', 'none'], { cwd: dir, input });
    if (run.status !== 0) throw new Error(`${name} ${format}: exit ${run.status}: ${run.stderr}`);
    outputs[name][format] = run.stdout;
  }
}

// What must never reach any report: terminal escapes, C0/C1 controls but tab and newline,
// noncharacters, invisible and bidi characters, a zero-width joiner outside an emoji sequence.
// eslint-disable-next-line no-control-regex -- the control characters no report may contain are what this test looks for
const FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufffe\uffff\u200b\u202e\u2066\u{e0041}]|zero\u200dwidth/u;

describe('every format on hostile inputs and real fixtures', () => {
  it('the inputs are hostile: the findings quote emoji, CJK, URLs and long names', () => {
    const report = JSON.parse(outputs.unicode.json);
    expect(report.findings.length).toBeGreaterThan(4);
    const text = JSON.stringify(report.findings);
    expect(text).toMatch(/👨‍👩‍👧|🙂/u);
    expect(text).toContain('中文评论');
    expect(text).toContain('phish.example');
    expect(text).toContain(LONG_COLUMN);
    expect(JSON.parse(outputs.wide.json).inputs.data.columns).toHaveLength(3000);
  });

  it('JSON: valid against the shipped schema, with no control, forbidden or invisible character in any string', () => {
    const ajv = new (Ajv2020 as unknown as typeof import('ajv').default)({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(readFileSync(join(root, 'schema/report.schema.json'), 'utf8')));
    for (const [name, out] of Object.entries(outputs)) {
      const report = JSON.parse(out.json);
      expect(validate(report) ? [] : validate.errors, name).toEqual([]);
      // JSON escapes control characters, so look at the parsed strings.
      expect(
        JSON.stringify(report, (_, value) => (typeof value === 'string' && FORBIDDEN.test(value) ? `FORBIDDEN: ${JSON.stringify(value)}` : value)),
        name,
      ).not.toContain('FORBIDDEN: ');
    }
  });

  it('text: no line over 80 display columns, no escape sequence, nothing cut inside a character', () => {
    for (const [name, out] of Object.entries(outputs)) {
      for (const line of out.text.split('\n')) {
        expect(stringWidth(line), `${name}: ${line}`).toBeLessThanOrEqual(80);
        expect(line, name).not.toMatch(FORBIDDEN);
        expect(line, name).not.toContain('\ufffd');
      }
    }
  });

  it('Markdown: data text makes no link, image, HTML element or mention (markdown-it, linkify on)', () => {
    const md = new MarkdownIt({ html: true, linkify: true });
    for (const [name, out] of Object.entries(outputs)) {
      const html = md.render(out.markdown);
      expect(html, name).not.toMatch(/<a |<img|<script|<b>/);
      expect(html.replace(/<code>[^<]*<\/code>/g, ''), name).not.toMatch(/@everyone/);
      expect(html, name).not.toMatch(FORBIDDEN);
    }
  });

  it('SARIF: valid against the schema, and no error from the multitool', () => {
    const paths: string[] = [];
    for (const [name, out] of Object.entries(outputs)) {
      expect(sarifSchemaErrors(JSON.parse(out.sarif)), name).toEqual([]);
      const path = join(dir, `${name}.sarif`);
      writeFileSync(path, out.sarif);
      paths.push(path);
    }
    expect(multitoolErrors(paths, dir)).toEqual([]);
  }, 120_000);

  it('JUnit: valid against junit-10.xsd', async () => {
    for (const [name, out] of Object.entries(outputs)) expect(await junitErrors(out.junit), name).toEqual([]);
  });

  it('GitHub annotations: one well-formed workflow command per finding, data text escaped', () => {
    const COMMAND = /^::(error|warning|notice) ((?:file=[^,:]+,)?(?:line=\d+,)?title=[^,:]+)::([^\r\n]+)$/u;
    for (const [name, out] of Object.entries(outputs)) {
      const report = JSON.parse(out.json);
      const lines = out.github.split('\n').filter(Boolean);
      expect(lines, name).toHaveLength(report.findings.length);
      for (const line of lines) {
        expect(line, name).toMatch(COMMAND);
        expect(line, name).not.toMatch(FORBIDDEN);
        // Every % in a message or property is an escape the runner decodes.
        expect(line.replace(/%(25|0D|0A|3A|2C)/g, ''), name).not.toContain('%');
      }
    }
    // Files are repository-relative (the odd name escaped only where the grammar needs it); stdin has none, a .gz file no line.
    expect(outputs.odd.github).toMatch(/file=my data #1 100%25\.csv,/);
    for (const line of outputs.stdin.github.trim().split('\n')) expect(line).not.toContain('file=');
    for (const line of outputs.gz.github.trim().split('\n')) expect(line).not.toContain('line=');
  });
});

// A real pseudo-terminal: `script` gives the command a tty of the size stty sets.
const hasScript = spawnSync('script', ['--version']).status === 0;
function underTerminal(columns: number, args: string[]): string {
  const quoted = [process.execPath, bin, ...args].map((arg) => `'${arg.replace(/'/g, `'\\''`)}'`).join(' ');
  const run = spawnSync('script', ['-qec', `stty cols ${columns} rows 50; ${quoted}`, '/dev/null'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', TERM: 'xterm-256color' },
  });
  if (run.error) throw run.error;
  return run.stdout.replace(/\r\n/g, '\n');
}

describe.runIf(hasScript)('text under a real terminal', () => {
  it('stays within the terminal width, coloured with SGR codes only', () => {
    for (const columns of [80, 60]) {
      const out = underTerminal(columns, [...CASES.unicode.args, '--fail-on', 'none']);
      expect(out).toContain('\u001b['); // a terminal gets colour
      const lines = out.split('\n');
      expect(lines.length).toBeGreaterThan(30);
      for (const line of lines) {
        expect(stringWidth(line), line).toBeLessThanOrEqual(columns);
        // Only colour codes: no other escape sequence survives.
        // eslint-disable-next-line no-control-regex -- strips the colour codes (only those) before looking for control characters
        expect(line.replace(/\u001b\[[0-9;]*m/g, '')).not.toMatch(FORBIDDEN);
      }
    }
  });

  it('audit remedies wraps to the terminal too', () => {
    for (const lang of ['en', 'zh']) {
      const out = underTerminal(80, ['remedies', '--lang', lang]);
      const lines = out.split('\n');
      expect(lines.length).toBeGreaterThan(200);
      for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
    }
  });
});

describe('--export on hostile data', () => {
  it('the cleaned copy keeps the header as spelled, duplicate names included, and neutralises nothing, from stdin too', () => {
    const csv = 'id,score,score,text\n1,=1+2,3,@SUM(A1)\n2,-5,+4,"=HYPERLINK(""x"")"\n2,-5,+4,"=HYPERLINK(""x"")"\n3,7,8,plain\n';
    writeFileSync(join(dir, 'dup-header.csv'), csv);
    for (const [name, args, input] of [
      ['file', ['dup-header.csv', '--export', 'export-file'], undefined],
      ['stdin', ['-', '--export', 'export-stdin'], csv],
    ] as const) {
      const run = audit([...args, '--fail-on', 'none', '-q'], { cwd: dir, input });
      expect(run.status, `${name}: ${run.stderr}`).toBe(0);
      const cleaned = readFileSync(join(dir, args[2], 'cleaned.csv'), 'utf8');
      // The exact duplicate (the second id 2) is dropped; every kept line is as the input has it.
      expect(cleaned, name).toBe(
        csv
          .split('\n')
          .filter((_, i) => i !== 3)
          .join('\n'),
      );
    }
  });
});
