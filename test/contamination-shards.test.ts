import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit, bin, fixture, root } from './helpers/cli.js';

// The 5,000-row fine-tuning file of test/contamination.test.ts cut into 8 shards; each shard is an
// independent task (`audit scan-shard`) run through GNU parallel (Debian's `parallel`), and
// `audit merge` combines their partial results.
const hasParallel = spawnSync('parallel', ['--version'], { encoding: 'utf8' }).status === 0;
// Debian's Python with python3-distributed (a pyenv or venv python3 on PATH may not have it).
const debianPython = '/usr/bin/python3';
const hasDask = spawnSync(debianPython, ['-c', 'import distributed'], { encoding: 'utf8' }).status === 0;
const data = fixture('contamination', 'asdiv-eval.csv');
const preds = fixture('contamination', 'preds.jsonl');
const common = ['--train-text-cols', 'instruction,input', '--label-col', 'target', '-f', 'json', '--fail-on', 'none'];

/** The 5,000-row fine-tuning file cut into 8 shards of 625 rows in `dir`; their names, in order. */
function writeShards(dir: string): string[] {
  const lines = readFileSync(fixture('contamination', 'finetune-alpaca.jsonl'), 'utf8').trim().split('\n');
  const shards = Array.from({ length: 8 }, (_, s) => `shard-${s}.jsonl`);
  shards.forEach((name, s) => writeFileSync(join(dir, name), lines.slice(s * 625, (s + 1) * 625).join('\n') + '\n'));
  return shards;
}

describe('contamination scan as 8 shard tasks through GNU parallel, merged', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shards-'));
  const shards = writeShards(dir);

  it('the merged report is byte-identical to one process scanning the 8 shards', () => {
    expect(hasParallel, 'GNU parallel is needed: apt-get install -y parallel').toBe(true);
    const single = audit([data, preds, '--corpus', ...shards, ...common], { cwd: dir });
    expect(single.status, single.stderr).toBe(0);
    const tasks = spawnSync(
      'parallel',
      [
        '--will-cite',
        '-j',
        '2',
        '--halt',
        'now,fail=1',
        process.execPath,
        bin,
        'scan-shard',
        data,
        '--shard',
        '{}',
        '--train-text-cols',
        'instruction,input',
        '--label-col',
        'target',
        '-o',
        '{.}.partial.json',
        ':::',
        ...shards,
      ],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(tasks.status, tasks.stderr).toBe(0);
    expect(tasks.stderr.match(/scanned 625 rows/g)).toHaveLength(8);
    const merged = audit(['merge', data, preds, '--partials', ...shards.map((name) => name.replace('.jsonl', '.partial.json')), ...common], { cwd: dir });
    expect(merged.status, merged.stderr).toBe(0);
    expect(merged.stdout).toBe(single.stdout);
    const metrics = merged.json.checks.contamination.metrics;
    expect(metrics.rowsScanned).toBe(5000);
    expect(metrics.contaminated).toBe(10);
    expect(metrics.files.map((file: { path: string }) => file.path)).toEqual(shards);
  });

  it('partials of other evaluation items, or out of shape, are exit 2 with one line', () => {
    const other = join(dir, 'other.csv');
    writeFileSync(other, 'id,text\n1,"A different evaluation item with enough words to be indexed here today"\n');
    const task = spawnSync(
      process.execPath,
      [bin, 'scan-shard', other, '--shard', shards[0], '--train-text-cols', 'instruction,input', '-o', 'other.partial.json'],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(task.status, task.stderr).toBe(0);
    const mixed = audit(['merge', data, preds, '--partials', 'shard-1.partial.json', 'other.partial.json', ...common], { cwd: dir });
    expect(mixed.status).toBe(2);
    expect(mixed.stderr).toContain('different evaluation items or settings');
    writeFileSync(join(dir, 'broken.json'), '{"format": "trainaudit-contamination-partial/1", "items": 3}');
    const broken = audit(['merge', data, preds, '--partials', 'broken.json', ...common], { cwd: dir });
    expect(broken.status).toBe(2);
    expect(broken.stderr.trim().split('\n')).toHaveLength(1);
    expect(broken.stderr).toContain('broken.json');
    const none = audit(['merge', data, preds, ...common], { cwd: dir });
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('merge needs --partials');
    // merge is a command of its own, listed by --help, with every option of the audit.
    expect(audit(['--help']).stdout).toMatch(/^ {2}merge \[options\] <data> \.\.\. +the audit, its contamination scan merged/m);
    const help = audit(['merge', '--help']).stdout;
    expect(help).toContain('Usage: audit merge [options] <data> [predictions...]');
    for (const option of ['--partials <files...>', '--train-text-cols <columns>', '--format <format>', '--fail-on <severity>']) expect(help).toContain(option);
  });
});

describe('the same 8 shard tasks on Dask distributed (examples/dask-scan.py), merged', () => {
  it('a LocalCluster of two worker processes runs the tasks; the merged report is byte-identical to one process', () => {
    expect(hasDask, 'Dask distributed is needed: apt-get install -y python3-distributed').toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'dask-shards-'));
    const shards = writeShards(dir);
    const single = audit([data, preds, '--corpus', ...shards, ...common], { cwd: dir });
    expect(single.status, single.stderr).toBe(0);
    const tasks = spawnSync(
      debianPython,
      [
        join(root, 'examples', 'dask-scan.py'),
        data,
        ...shards,
        '--train-text-cols',
        'instruction,input',
        '--label-col',
        'target',
        '--workers',
        '2',
        '--audit',
        `${process.execPath} ${bin}`,
      ],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(tasks.status, tasks.stderr).toBe(0);
    const partials = tasks.stdout.trim().split('\n');
    expect(partials).toEqual(shards.map((name) => name.replace('.jsonl', '.partial.json')));
    expect(tasks.stderr.match(/scanned 625 rows/g)).toHaveLength(8);
    const merged = audit(['merge', data, preds, '--partials', ...shards.map((name) => name.replace('.jsonl', '.partial.json')), ...common], { cwd: dir });
    expect(merged.status, merged.stderr).toBe(0);
    expect(merged.stdout).toBe(single.stdout);
    expect(merged.json.checks.contamination.metrics.contaminated).toBe(10);
    rmSync(dir, { recursive: true, force: true });
  });
});
