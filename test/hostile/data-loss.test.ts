/**
 * Hostile uses that could destroy the user's files or hang: each runs the built binary and checks
 * the exit status, the one-line message, that inputs are byte-for-byte unchanged and that no
 * temporary file is left behind.
 */
import { createHash } from 'node:crypto';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, linkSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { audit, bin } from '../helpers/cli.js';

const DATA = 'id,text,label\n1,good movie,pos\n2,bad movie,neg\n3,good movie,pos\n4,fine film,pos\n';
const PREDS = ['{"id":1,"pred":"pos"}', '{"id":2,"pred":"neg"}', '{"id":3,"pred":"pos"}', '{"id":4,"pred":"neg"}', ''].join('\n');

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function workDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'audit-hostile-'));
  writeFileSync(join(dir, 'v.csv'), DATA);
  writeFileSync(join(dir, 'p.jsonl'), PREDS);
  return dir;
}

function oneLine(stderr: string): string {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0];
}

const noTemps = (dir: string) => expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);

describe('outputs never land on an input', () => {
  it.each([
    ['the data file', () => ['v.csv', 'p.jsonl', '-o', 'v.csv']],
    ['a prediction file', () => ['v.csv', 'p.jsonl', '-o', 'p.jsonl']],
    ['a hard link to the data', (d: string) => (linkSync(join(d, 'v.csv'), join(d, 'hard.json')), ['v.csv', '-o', 'hard.json'])],
    ['a symbolic link to the data', (d: string) => (symlinkSync(join(d, 'v.csv'), join(d, 'soft.md')), ['v.csv', '-o', 'soft.md'])],
    ['another spelling of the path', () => ['v.csv', '-o', './sub/../v.csv']],
    ['the config file', (d: string) => (writeFileSync(join(d, 'c.json'), '{}'), ['v.csv', '--config', 'c.json', '-o', 'c.json'])],
    // Every input file of the table (src/input-files.ts) is protected, the class-order file included.
    [
      'the --classes-from file',
      (d: string) => (writeFileSync(join(d, 'classes.json'), '["neg","pos"]'), ['v.csv', '--classes-from', 'classes.json', '-o', 'classes.json']),
    ],
    [
      'a --model file given in the config',
      (d: string) => (writeFileSync(join(d, 'c.json'), '{"models": {"m": ["p.jsonl"]}}'), ['v.csv', '--config', 'c.json', '-o', 'p.jsonl']),
    ],
  ])('refuses %s as -o (exit 2, input unchanged)', (_, args) => {
    const dir = workDir();
    const argv = args(dir);
    if (argv.includes('./sub/../v.csv')) spawnSync('mkdir', [join(dir, 'sub')]);
    const before = [sha(join(dir, 'v.csv')), sha(join(dir, 'p.jsonl'))];
    const run = audit(argv, { cwd: dir });
    expect(run.status).toBe(2);
    expect(oneLine(run.stderr)).toMatch(/refusing to write the report: it is one of the input files/);
    expect([sha(join(dir, 'v.csv')), sha(join(dir, 'p.jsonl'))]).toEqual(before);
    noTemps(dir);
  });

  it('standard input: one input at most, and only inputs that can be read from it (the table says which)', () => {
    const dir = workDir();
    const twice = audit(['-', 'p.jsonl', '--train', '-'], { cwd: dir, input: DATA });
    expect(twice.status).toBe(2);
    expect(oneLine(twice.stderr)).toMatch(/only one input can be read from standard input/);
    // A corpus shard read from stdin beside the data from stdin: counted as well.
    const corpus = audit(['-', '--corpus', '-', '--train-text-cols', 'text'], { cwd: dir, input: DATA });
    expect(corpus.status).toBe(2);
    expect(oneLine(corpus.stderr)).toMatch(/only one input can be read from standard input/);
    for (const flag of ['--logs', '--baseline-report', '--classes-from', '--embeddings']) {
      const run = audit(['v.csv', 'p.jsonl', flag, '-'], { cwd: dir, input: '' });
      expect(run.status, flag).toBe(2);
      expect(oneLine(run.stderr)).toBe(`audit: ${flag} cannot be read from standard input (-): give a file path`);
    }
  });

  it('never deletes an input that has an export file name (--train e/cleaned.csv --export e)', () => {
    const dir = workDir();
    spawnSync('mkdir', [join(dir, 'e')]);
    writeFileSync(join(dir, 'e', 'cleaned.csv'), DATA);
    const before = sha(join(dir, 'e', 'cleaned.csv'));
    const run = audit(['v.csv', '--train', 'e/cleaned.csv', '--export', 'e', '--fail-on', 'none'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(oneLine(run.stderr)).toMatch(/export directory is not empty \(it holds "cleaned.csv"/);
    expect(sha(join(dir, 'e', 'cleaned.csv'))).toBe(before);
  });

  it('re-exports into its own directory, replacing only what it wrote', () => {
    const dir = workDir();
    expect(audit(['v.csv', 'p.jsonl', '--export', 'out', '--fail-on', 'none'], { cwd: dir }).status).toBe(0);
    expect(audit(['v.csv', 'p.jsonl', '--export', 'out', '--fail-on', 'none'], { cwd: dir }).status).toBe(0);
    // A file the user changed since is theirs now: refused, kept.
    writeFileSync(join(dir, 'out', 'cleaned.csv'), 'my edits\n');
    const run = audit(['v.csv', 'p.jsonl', '--export', 'out', '--fail-on', 'none'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(readFileSync(join(dir, 'out', 'cleaned.csv'), 'utf8')).toBe('my edits\n');
    noTemps(join(dir, 'out'));
  });

  it('concurrent exports into one directory all succeed and leave no temporary files', async () => {
    const dir = workDir();
    const runs = Array.from(
      { length: 6 },
      () =>
        new Promise<number | null>((resolve) => {
          const child = spawn(process.execPath, [bin, 'v.csv', 'p.jsonl', '--export', 'out', '--fail-on', 'none', '-q'], { cwd: dir, stdio: 'ignore' });
          child.on('exit', (code) => resolve(code));
        }),
    );
    expect(await Promise.all(runs)).toEqual([0, 0, 0, 0, 0, 0]);
    noTemps(join(dir, 'out'));
    expect(readdirSync(join(dir, 'out')).filter((name) => name.endsWith('.lock'))).toEqual([]);
  });

  it('writes into a device in place and keeps an existing file mode', () => {
    const dir = workDir();
    const run = audit(['v.csv', '-o', '/dev/null', '-q', '--fail-on', 'none'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    writeFileSync(join(dir, 'r.json'), '{}');
    chmodSync(join(dir, 'r.json'), 0o600);
    expect(audit(['v.csv', '-o', 'r.json', '-q', '--fail-on', 'none'], { cwd: dir }).status).toBe(0);
    expect(statSync(join(dir, 'r.json')).mode & 0o777).toBe(0o600);
    noTemps(dir);
  });

  it('the cleaned copy keeps every byte of kept rows, ragged fields and CRLF included', () => {
    const dir = workDir();
    const raw = 'id,text,label\r\n1,"a, b",x\r\n2,=SUM(A1),y,extra\r\n3,"a, b",x\r\n4,NA,y\r\n';
    writeFileSync(join(dir, 'r.csv'), raw);
    expect(audit(['r.csv', '--export', 'out', '--fail-on', 'none', '-q'], { cwd: dir }).status).toBe(0);
    // Row 3 duplicates row 1 and is dropped; everything else is the input's bytes.
    expect(readFileSync(join(dir, 'out', 'cleaned.csv'), 'utf8')).toBe('id,text,label\r\n1,"a, b",x\r\n2,=SUM(A1),y,extra\r\n4,NA,y\r\n');
  });
});

describe('hostile inputs fail fast with one line', () => {
  it('refuses a decompression bomb before the heap gives out', () => {
    const dir = workDir();
    // 300 MiB of one repeated row, about 300 KiB compressed: over 1000:1.
    const row = Buffer.from('1,aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,x\n');
    const body = Buffer.alloc(300 * 1024 * 1024);
    for (let at = 0; at < body.length; at += row.length) row.copy(body, at);
    writeFileSync(join(dir, 'bomb.csv.gz'), gzipSync(Buffer.concat([Buffer.from('id,text,label\n'), body])));
    const run = audit(['bomb.csv.gz'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(oneLine(run.stderr)).toMatch(/bomb.csv.gz: refusing to decompress further: .* \(more than 200:1/);
  });

  it('reads a FIFO once without hanging', () => {
    const dir = workDir();
    spawnSync('mkfifo', [join(dir, 'fifo.csv')]);
    const writer = spawn('sh', ['-c', `cat v.csv > fifo.csv`], { cwd: dir });
    const result = spawnSync(process.execPath, [bin, 'fifo.csv', '-f', 'json', '--fail-on', 'none'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 20_000,
      env: { ...process.env, NO_COLOR: '1' },
    });
    writer.kill();
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).inputs.data.rows).toBe(4);
  });

  it('fails fast on an export directory under /proc', () => {
    const dir = workDir();
    const result = spawnSync(process.execPath, [bin, 'v.csv', '--export', '/proc/trainaudit-x'], { cwd: dir, encoding: 'utf8', timeout: 20_000 });
    expect(result.status).toBe(2);
    expect(oneLine(result.stderr)).toMatch(/virtual file system/);
  });

  it('exits 2 when stdout is a full device', () => {
    const dir = workDir();
    const result = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" v.csv > /dev/full`], { cwd: dir, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(oneLine(result.stderr)).toMatch(/no space left on the device/);
  });

  it('refuses JSON ids above 2^53, which would join the wrong row', () => {
    const dir = workDir();
    writeFileSync(join(dir, 'big.csv'), 'id,label\n9007199254740992,x\n9007199254740993,y\n');
    writeFileSync(join(dir, 'big.jsonl'), '{"id":9007199254740993,"pred":"y"}\n');
    const run = audit(['big.csv', 'big.jsonl'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(oneLine(run.stderr)).toMatch(/big.jsonl:1: id 9007199254740992 is a JSON number above 2\^53/);
  });

  it('reads a 100,000-deep JSON value as a clear error', () => {
    const dir = workDir();
    writeFileSync(join(dir, 'deep.jsonl'), `{"id":1,"label":"x","v":${'['.repeat(100_000)}${']'.repeat(100_000)}}\n`);
    const run = audit(['deep.jsonl'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(oneLine(run.stderr)).toMatch(/deep.jsonl:1: .*nested too deeply|deep.jsonl:1: invalid JSON/);
  });

  it('usage errors are one line; --checks with no id is one', () => {
    const dir = workDir();
    expect(oneLine(audit(['v.csv', '--no-such-flag'], { cwd: dir }).stderr)).toBe("audit: unknown option '--no-such-flag' (run audit --help for usage)");
    // A near miss keeps commander's suggestion, still on one line.
    expect(oneLine(audit(['v.csv', '--snapshto', '3'], { cwd: dir }).stderr)).toBe(
      "audit: unknown option '--snapshto' (Did you mean --snapshot?) (run audit --help for usage)",
    );
    const none = audit(['v.csv', '--checks', ','], { cwd: dir });
    expect(none.status).toBe(2);
    expect(oneLine(none.stderr)).toMatch(/--checks names no check/);
  });

  it('mixed line endings do not leave a carriage return inside a label', () => {
    const dir = workDir();
    writeFileSync(join(dir, 'mixed.csv'), 'id,label\n1,a\r\n2,b\r\n3,a\r4,b\n');
    writeFileSync(join(dir, 'mixed.jsonl'), ['1', '2', '3', '4'].map((id, i) => `{"id":${id},"pred":"${'abab'[i]}"}`).join('\n'));
    const run = audit(['mixed.csv', 'mixed.jsonl', '-f', 'json', '--fail-on', 'none'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.json.inputs.data.rows).toBe(4);
    expect(run.json.inputs.data.classes).toEqual(['a', 'b']);
    expect(run.json.checks['seed-instability'] ?? run.json.checks['input-integrity']).toBeDefined();
  });
});

describe('signals', () => {
  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('%s removes the temporary file being written, then ends the process by that signal', (signal) => {
    const dir = workDir();
    // The compiled module, as the CLI runs it: claim a temporary file, write part of it, be signalled.
    const script = `
      import { writeFileSync } from 'node:fs';
      import { claimTemp } from ${JSON.stringify(join(process.cwd(), 'dist/io/write.js'))};
      const temp = claimTemp(${JSON.stringify(join(dir, 'report.json'))});
      writeFileSync(temp, '{"partial":');
      process.kill(process.pid, ${JSON.stringify(signal)});
      setTimeout(() => {}, 5000);
    `;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 10_000 });
    expect(child.signal).toBe(signal);
    expect(readdirSync(dir).sort()).toEqual(['p.jsonl', 'v.csv']);
  });
});

describe('classes and ids', () => {
  it('a class named twice in --classes is a usage error', () => {
    const dir = workDir();
    const run = audit(['v.csv', 'p.jsonl', '--classes', 'pos,pos,neg'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(oneLine(run.stderr)).toBe('audit: --classes names "pos" twice: each class must appear once');
  });

  it('repeated ids are a finding without predictions and an error with them', () => {
    const dir = workDir();
    writeFileSync(join(dir, 'dup.csv'), 'id,text,label\n1,good movie,pos\n2,bad movie,neg\n1,fine film,pos\n');
    const alone = audit(['dup.csv', '-f', 'json', '--fail-on', 'none'], { cwd: dir });
    expect(alone.status).toBe(0);
    expect(alone.json.findings.map((finding: { id: string }) => finding.id)).toContain('input-integrity/duplicate-ids');
    const joined = audit(['dup.csv', 'p.jsonl'], { cwd: dir });
    expect(joined.status).toBe(2);
    expect(oneLine(joined.stderr)).toMatch(/^audit: dup\.csv:4: .*id "1"/);
  });
});

describe('messages and plugins', () => {
  it('a plugin finding with an unknown severity makes that check an error, and the report stays valid', () => {
    const dir = workDir();
    const run = audit(['v.csv', '--plugin', join(process.cwd(), 'fixtures/plugins/bogus-severity.js'), '-f', 'json', '--fail-on', 'none'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.json.checks['bogus-severity']).toMatchObject({ status: 'error' });
    expect(run.json.checks['bogus-severity'].reason).toMatch(/severity "bogus"; expected one of info, low, medium, high, critical/);
    expect(run.json.findings.map((finding: { check: string }) => finding.check)).not.toContain('bogus-severity');
  });

  it('a field of the wrong type names what was expected and what was found', () => {
    const dir = workDir();
    writeFileSync(join(dir, 'bad.jsonl'), '{"id":1,"probs":"x"}\n');
    const run = audit(['v.csv', 'bad.jsonl'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(oneLine(run.stderr)).toBe(
      'audit: bad.jsonl:1: field "probs" has the wrong type: expected an array of numbers or an object of class: probability, got string "x"',
    );
  });
});
