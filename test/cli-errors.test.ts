import { describe, expect, it } from 'vitest';
import { chmodSync, mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { audit, fixture } from './helpers/cli.js';

const bad = (name: string) => fixture('bad', name);

/** Each bad input: exit 2 and one line naming the file, the line (where there is one) and the problem. */
function expectInputError(args: string[], pattern: RegExp) {
  const run = audit(args);
  expect(run.status).toBe(2);
  expect(run.stdout).toBe('');
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  return run;
}

describe('bad input gets exit 2 and one clear line', () => {
  it('an empty file', () => expectInputError([bad('empty.csv')], /empty\.csv: the file is empty/));
  it('a header only', () => expectInputError([bad('header-only.csv')], /header-only\.csv: the file has a header but no data rows/));
  it('an unterminated quote, with the line where the field starts', () =>
    expectInputError([bad('unterminated-quote.csv')], /unterminated-quote\.csv:3: unterminated quoted field/));
  it('binary garbage', () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-'));
    const file = join(dir, 'garbage.csv');
    writeFileSync(file, Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 37) % 256)));
    expectInputError([file], /garbage\.csv:1: binary data/);
  });
  it('an invalid JSON line', () => expectInputError([bad('data.csv'), bad('invalid-json.jsonl')], /invalid-json\.jsonl:2: invalid JSON/));
  it('NaN probabilities', () => expectInputError([bad('data.csv'), bad('nan-probs.jsonl')], /nan-probs\.jsonl:2: .*NaN/));
  it('negative probabilities', () =>
    expectInputError([bad('data.csv'), bad('negative-probs.jsonl')], /negative-probs\.jsonl:2: probabilities contain a negative value/));
  it('classes the labels lack', () =>
    expectInputError([bad('data.csv'), bad('unknown-class.jsonl')], /unknown-class\.jsonl:2: "probs" names class "maybe", which the labels do not have/));
  it('duplicate (id, run) records, naming both lines', () =>
    expectInputError(
      [bad('data.csv'), bad('duplicate-record.jsonl')],
      /duplicate-record\.jsonl:4: duplicate prediction for id "1" in run "1": already given at line 2/,
    ));
  it('a missing label column where one is needed', () =>
    expectInputError([bad('no-label.csv'), bad('preds-no-label.jsonl')], /no-label\.csv: the predictions cannot be scored: the data has no label column/));
  it('a label column that does not exist', () =>
    expectInputError([bad('data.csv'), '--label-col', 'gold'], /--label-col names column "gold", which the data does not have/));
  it('a path that does not exist', () => expectInputError([bad('nope.csv')], /nope\.csv: no such file/));
  it('a directory', () => expectInputError([fixture('bad')], /bad: is a directory/));
  it('an unreadable file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-'));
    const file = join(dir, 'locked.csv');
    writeFileSync(file, 'id,label\n1,a\n');
    chmodSync(file, 0o000);
    // root reads any file whatever its mode; /proc/self/mem fails to read at offset 0 for anyone.
    const target = process.getuid?.() === 0 ? '/proc/self/mem' : file;
    expectInputError([target], /(locked\.csv: permission denied|\/proc\/self\/mem: .*(cannot be read|input\/output))/);
  });
  it('an unknown flag is a usage error (exit 2)', () => {
    const run = audit([bad('data.csv'), '--no-such-flag']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/unknown option '--no-such-flag'/);
  });
  it('a bad --fail-on value is a usage error (exit 2)', () => {
    const run = audit([bad('data.csv'), '--fail-on', 'severe']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--fail-on/);
  });
  it('a stack trace only with --debug', () => {
    const run = audit([bad('empty.csv'), '--debug']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/\n\s+at /);
  });
  it('input files are never modified', () => {
    const files = ['data.csv', 'duplicate-record.jsonl', 'nan-probs.jsonl'].map(bad);
    const hash = () => files.map((f) => createHash('sha256').update(readFileSync(f)).digest('hex'));
    const before = hash();
    audit([files[0], files[1]]);
    audit([files[0], files[2], '-o', join(mkdtempSync(join(tmpdir(), 'audit-')), 'r.json')]);
    expect(hash()).toEqual(before);
  });
});

describe('config errors', () => {
  it('an unknown key names the key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-'));
    writeFileSync(join(dir, 'audit.config.json'), JSON.stringify({ failOn: 'high', labelColumn: 'x' }));
    const run = audit([bad('data.csv')], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/audit\.config\.json: unknown key "labelColumn"/);
  });
  it('a bad value names the key and what was expected', () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-'));
    const file = join(dir, 'custom.json');
    writeFileSync(file, JSON.stringify({ failOn: 'severe' }));
    const run = audit([bad('data.csv'), '--config', file]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/custom\.json: key "failOn": .*"info".*"none"/);
  });
  it('a bad per-check option names the key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-'));
    const file = join(dir, 'c.json');
    writeFileSync(file, JSON.stringify({ checkOptions: { 'class-balance': { maxImbalanceRatio: 'ten' } } }));
    const run = audit([bad('data.csv'), '--config', file]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/checkOptions\.class-balance\.maxImbalanceRatio/);
  });
});
