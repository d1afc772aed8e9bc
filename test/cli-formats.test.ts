import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { audit, fixture } from './helpers/cli.js';
import { colorLevel } from '../src/cli.js';

const demo = [fixture('demo/data.csv'), fixture('demo/preds.jsonl')];

describe('format names and output files', () => {
  it('refuses an --output extension it does not know, naming the known ones, and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trainaudit-out-'));
    const target = join(dir, 'report.pdf');
    const run = audit([...demo, '-o', target]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/unknown extension; known: \.json, \.md, \.markdown, \.sarif, \.sarif\.json, \.xml, \.txt, \.html, \.htm/);
    expect(run.stdout).toBe('');
    expect(existsSync(target)).toBe(false);
  });

  it('takes the same names in -f as in -o (md, xml, txt, htm)', () => {
    expect(audit([...demo, '-f', 'md', '--fail-on', 'none']).stdout).toMatch(/^## trainaudit/);
    expect(audit([...demo, '-f', 'xml', '--fail-on', 'none']).stdout).toMatch(/^<\?xml/);
    expect(audit([...demo, '-f', 'htm', '--fail-on', 'none']).stdout).toMatch(/^<!doctype html>/);
    const bad = audit([...demo, '-f', 'pdf']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('-f takes text, json, markdown, sarif, junit, github, html (or md, xml, txt), got "pdf"');
  });
});

describe('colour as chalk documents it', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });
  const tty = { isTTY: true } as NodeJS.WriteStream;

  it('FORCE_COLOR=0 and FORCE_COLOR=false turn colour off even on a terminal', () => {
    for (const value of ['0', 'false']) {
      process.env.FORCE_COLOR = value;
      expect(colorLevel(true, tty), value).toBe(0);
    }
  });

  it('TERM=dumb has no colour; FORCE_COLOR=2 still forces it', () => {
    delete process.env.FORCE_COLOR;
    delete process.env.NO_COLOR;
    process.env.TERM = 'dumb';
    expect(colorLevel(true, tty)).toBe(0);
    process.env.FORCE_COLOR = '2';
    expect(colorLevel(true, tty)).toBe(2);
  });
});
