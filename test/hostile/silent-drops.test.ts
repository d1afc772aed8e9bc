/**
 * Nothing read is dropped without a word: training logs deep in a folder, a trainer_state.json
 * field that is not a number, prediction ids that could join more than one data row, and the
 * temporary files of a run killed while writing. Each runs the built binary and checks the exit
 * status, the one-line message or the JSON report, and that the inputs are unchanged.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit, fixture, root } from '../helpers/cli.js';

const DATA = 'id,text,label\n1,good movie,pos\n2,bad movie,neg\n3,good movie,pos\n4,fine film,pos\n';
const PREDS = ['{"id":1,"pred":"pos"}', '{"id":2,"pred":"neg"}', '{"id":3,"pred":"pos"}', '{"id":4,"pred":"neg"}', ''].join('\n');
const STATE = readFileSync(fixture('training-logs', 'hf-sentiment', 'trainer_state.json'), 'utf8');

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

function workDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'audit-drops-'));
  writeFileSync(join(dir, 'v.csv'), DATA);
  writeFileSync(join(dir, 'p.jsonl'), PREDS);
  return dir;
}

function oneLine(stderr: string): string {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0];
}

/** Writes a trainer_state.json under `dir` at the folders `parts`. */
function putState(dir: string, parts: string[], text = STATE): string {
  const folder = join(dir, ...parts);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'trainer_state.json'), text);
  return join(folder, 'trainer_state.json');
}

describe('training logs in deep folders', () => {
  it('reads a run 10 folders down beside a shallow one', () => {
    const dir = workDir();
    putState(dir, ['out', 'seed-0']);
    putState(dir, ['out', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'seed-1']);
    const run = audit(['v.csv', 'p.jsonl', '--logs', 'out', '-f', 'json', '--fail-on', 'none'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.json.inputs.logs.runs.map((r: { run: string }) => r.run).sort()).toEqual(['seed-0', 'seed-1']);
  });

  it('a folder past the depth limit is an error naming it, not a silent skip', () => {
    const dir = workDir();
    putState(dir, ['out', 'seed-0']);
    const deep = Array.from({ length: 33 }, (_, i) => `d${i + 1}`);
    putState(dir, ['out', ...deep]);
    const run = audit(['v.csv', '--logs', 'out'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(oneLine(run.stderr)).toBe(
      `audit: ${join('out', ...deep)}: this folder is 33 levels below the --logs folder out, and log folders are searched 32 levels deep: give a folder nearer the logs to --logs`,
    );
  });

  it('more log files than the limit is an error, not a silent cut', () => {
    const dir = workDir();
    mkdirSync(join(dir, 'many'));
    for (let i = 0; i <= 10_000; i++) writeFileSync(join(dir, 'many', `r${i}.jsonl`), '');
    const run = audit(['v.csv', '--logs', 'many'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(oneLine(run.stderr)).toMatch(/^audit: many: more than 10,000 training log files in this folder and below/);
  });
});

describe('trainer_state.json fields that are not numbers', () => {
  const history = (entries: object[]) => JSON.stringify({ log_history: entries });

  it('a loss holding a nested array is a malformed log: exit 2 naming the file, the entry and the field', () => {
    const dir = workDir();
    const path = putState(
      dir,
      ['run'],
      history([
        { step: 10, epoch: 1, loss: 0.9 },
        { step: 10, epoch: 1, eval_loss: [[0.5]] },
        { step: 20, epoch: 2, loss: 0.5 },
      ]),
    );
    const before = sha(path);
    const run = audit(['v.csv', '--logs', 'run/trainer_state.json'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(oneLine(run.stderr)).toBe('audit: run/trainer_state.json: log_history[1] field "eval_loss" is an array, not a number');
    expect(sha(path)).toBe(before);
  });

  it('a metric that is a number in one entry and text in another is malformed too', () => {
    const dir = workDir();
    putState(
      dir,
      ['run'],
      history([
        { step: 10, eval_loss: 0.6, eval_accuracy: 0.7 },
        { step: 20, eval_loss: 0.5, eval_accuracy: 'n/a' },
      ]),
    );
    const run = audit(['v.csv', '--logs', 'run'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(oneLine(run.stderr)).toBe('audit: run/trainer_state.json: log_history[1] field "eval_accuracy" is the string "n/a", not a number');
  });

  it('a field that never holds a number (a confusion matrix) is no curve, and the report lists it', () => {
    const dir = workDir();
    putState(
      dir,
      ['run'],
      history([
        { step: 10, loss: 0.9 },
        {
          step: 10,
          eval_loss: 0.6,
          eval_confusion_matrix: [
            [3, 1],
            [0, 4],
          ],
        },
        { step: 20, loss: 0.5 },
        {
          step: 20,
          eval_loss: 0.5,
          eval_confusion_matrix: [
            [4, 0],
            [0, 4],
          ],
        },
      ]),
    );
    const run = audit(['v.csv', '--logs', 'run', '-f', 'json', '--fail-on', 'none'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.json.inputs.logs.runs[0]).toMatchObject({ series: ['loss', 'eval_loss'], unreadFields: ['eval_confusion_matrix'] });
  });
});

describe('prediction ids that are one number written differently', () => {
  const data = 'id,text,label\n1,good movie,pos\n1.0,bad movie,neg\n1e0,fine film,pos\n2,dull film,neg\n';

  it('refuses a JSON number id that could be "1", "1.0" or "1e0" (exit 2 naming the line and the ids)', () => {
    const dir = workDir();
    writeFileSync(join(dir, 'd.csv'), data);
    writeFileSync(join(dir, 'n.jsonl'), '{"id":2,"pred":"neg"}\n{"id":1.0,"pred":"neg"}\n{"id":1e0,"pred":"pos"}\n');
    const run = audit(['d.csv', 'n.jsonl'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(oneLine(run.stderr)).toBe(
      'audit: n.jsonl:2: id 1 could be any of the data ids "1", "1.0", "1e0": they are the same number written differently, and a JSON number does not keep how it was written; write the prediction ids as strings exactly as the data has them',
    );
  });

  it('joins string ids to their own spelling, and refuses one that is none of them', () => {
    const dir = workDir();
    writeFileSync(join(dir, 'd.csv'), data);
    writeFileSync(join(dir, 's.jsonl'), '{"id":"1","pred":"pos"}\n{"id":"1.0","pred":"neg"}\n{"id":"1e0","pred":"neg"}\n{"id":2,"pred":"neg"}\n');
    const run = audit(['d.csv', 's.jsonl', '-f', 'json', '--fail-on', 'none'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.json.inputs.predictions).toMatchObject({ records: 4, unmatchedRecords: 0, rowsWithoutPredictions: 0 });
    // Three right of four: "1e0" (pos) was predicted neg; a join by number would have scored other rows.
    expect(run.json.checks.performance.metrics.perRun[0].accuracy).toBeCloseTo(0.75, 10);
    writeFileSync(join(dir, 'x.jsonl'), '{"id":"1.00","pred":"pos"}\n');
    const refused = audit(['d.csv', 'x.jsonl'], { cwd: dir });
    expect(refused.status).toBe(2);
    expect(oneLine(refused.stderr)).toMatch(/^audit: x\.jsonl:1: id "1\.00" could be any of the data ids "1", "1\.0", "1e0"/);
  });

  it('still joins a JSON number to the CSV id it writes, and "2.0" to "2", when nothing is ambiguous', () => {
    const dir = workDir();
    writeFileSync(join(dir, 'n.jsonl'), '{"id":1,"pred":"pos"}\n{"id":"2.0","pred":"neg"}\n{"id":3,"pred":"pos"}\n{"id":4.0,"pred":"pos"}\n');
    const run = audit(['v.csv', 'n.jsonl', '-f', 'json', '--fail-on', 'none'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.json.inputs.predictions).toMatchObject({ unmatchedRecords: 0, rowsWithoutPredictions: 0 });
  });
});

describe('temporary files of a run killed while writing', () => {
  /** A process that claims a temporary file for `target` as the CLI does, writes part of it, then is killed outright (or waits). */
  const writer = (target: string, end: 'SIGKILL' | 'wait') => `
    import { writeFileSync } from 'node:fs';
    import { claimTemp } from ${JSON.stringify(join(root, 'dist/io/write.js'))};
    writeFileSync(claimTemp(${JSON.stringify(target)}), 'partial');
    ${end === 'SIGKILL' ? "process.kill(process.pid, 'SIGKILL');" : 'setTimeout(() => {}, 60_000);'}
  `;
  const temps = (dir: string) =>
    readdirSync(dir)
      .filter((name) => name.endsWith('.tmp'))
      .sort();

  it("the next -o into the folder removes the killed run's file, and nothing else", async () => {
    const dir = workDir();
    const killed = spawnSync(process.execPath, ['--input-type=module', '-e', writer(join(dir, 'report.json'), 'SIGKILL')], {
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(killed.signal).toBe('SIGKILL');
    const [left] = temps(dir);
    expect(left).toMatch(/^\.report\.json\..*\.tmp$/);
    // A live run's temporary file, and files that only look like ours, stay.
    const live = spawn(process.execPath, ['--input-type=module', '-e', writer(join(dir, 'other.json'), 'wait')], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 100 && temps(dir).length < 2; i++) await new Promise((done) => setTimeout(done, 50));
      const liveTemp = temps(dir).find((name) => name.startsWith('.other.json.'))!;
      expect(liveTemp).toBeDefined();
      writeFileSync(join(dir, '.notes.txt.1.deadbeef.tmp'), 'mine');
      writeFileSync(join(dir, 'notes.tmp'), 'mine');
      const before = [sha(join(dir, 'v.csv')), sha(join(dir, 'p.jsonl'))];
      const run = audit(['v.csv', 'p.jsonl', '-o', 'report.json', '-q', '--fail-on', 'none'], { cwd: dir });
      expect(run.status).toBe(0);
      expect(oneLine(run.stderr)).toBe(`audit: removed 1 temporary file left by an earlier run that was killed while writing: ${left}`);
      expect(existsSync(join(dir, left))).toBe(false);
      expect(temps(dir)).toEqual([liveTemp, '.notes.txt.1.deadbeef.tmp', 'notes.tmp'].sort());
      expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).schemaVersion).toBe(1);
      expect([sha(join(dir, 'v.csv')), sha(join(dir, 'p.jsonl'))]).toEqual(before);
    } finally {
      live.kill('SIGKILL');
    }
  });

  it('an export into the folder of a killed export removes its temporary file', () => {
    const dir = workDir();
    expect(audit(['v.csv', 'p.jsonl', '--export', 'out', '--fail-on', 'none', '-q'], { cwd: dir }).status).toBe(0);
    const killed = spawnSync(process.execPath, ['--input-type=module', '-e', writer(join(dir, 'out', 'cleaned.csv'), 'SIGKILL')], {
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(killed.signal).toBe('SIGKILL');
    expect(temps(join(dir, 'out'))).toHaveLength(1);
    const run = audit(['v.csv', 'p.jsonl', '--export', 'out', '--fail-on', 'none', '-q'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/audit: removed 1 temporary file left by an earlier run that was killed while writing: out\/\.cleaned\.csv\..*\.tmp/);
    expect(temps(join(dir, 'out'))).toEqual([]);
  });
});
