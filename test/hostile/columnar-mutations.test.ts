/**
 * Hostile Parquet and Arrow IPC files (issue 28), built by editing the headers and footers of the
 * valid fixtures (test/reference/columnar_mutations.mjs): counts, lengths and offsets set to
 * hostile values, and random bytes in the footers and message metadata. Each must be refused with
 * one line naming the file (exit 2), or read as the file says, never an internal error, within
 * 10 s and 1 GB. The files are loaded by the built loader in one child process with a 1 GB heap
 * (test/helpers/columnar-runner.mjs), and a sample, with the issue's own cases, by the command.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  arrowLayout,
  namedCases,
  overwrite,
  parquetFooter,
  parquetPageHeaders,
  setArrow,
  setInPlace,
  setParquetFooter,
} from '../reference/columnar_mutations.mjs';
import { bin, fixture, root } from '../helpers/cli.js';

const CASES = Number(process.env.COLUMNAR_MUTATIONS ?? 300);
const LIMIT_MS = 10_000;
const LIMIT_KIB = 1024 * 1024;
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', NODE_OPTIONS: '--max-old-space-size=1024' };
const dir = mkdtempSync(join(tmpdir(), 'trainaudit-columnar-'));

/** A small seeded generator (mulberry32): the same mutations on every run. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n), pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] };
}

const FIXTURES = [
  'parquet/data-zstd.parquet',
  'parquet/slices.parquet',
  'parquet/typed.parquet',
  'parquet/preds.parquet',
  'arrow/data.arrow',
  'arrow/data-stream.arrows',
  'arrow/preds.arrow',
];

/** Fields that say how stored bytes are read, not how many there are: a file edited there is read differently, correctly. */
function reinterprets(kind: string, path: string): boolean {
  if (kind === 'random') return true;
  // Parquet schema elements: physical type, its length, repetition, converted type, scale, precision, logical type.
  if (/^2\.\d+\.(1|2|3|6|7|8|10(\.\d+)*)$/.test(path)) return true;
  // Page headers: the values' and levels' encodings.
  if (/^page\d+\.\d+\.\d+\.(5\.[234]|8\.4|7\.2)$/.test(path)) return true;
  // Arrow: a null count of 0 means the validity bits are not read.
  return /\.nullCount$/.test(path);
}

interface Mutation {
  file: string;
  fixture: string;
  kind: 'footer' | 'page' | 'random' | 'arrow';
  path: string;
}

function hostileValue(random: ReturnType<typeof generator>, original: bigint): bigint {
  return random.pick([
    0n,
    -1n,
    -5n,
    1n,
    original - 1n,
    original + 1n,
    original * 2n,
    500_000_000n,
    1_000_000_000n,
    2n ** 31n,
    2n ** 32n,
    2n ** 53n,
    2n ** 60n,
    -(2n ** 60n),
    BigInt(random.int(2 ** 30)) * 1024n,
  ]);
}

/** The edited copies, written to the temporary directory. */
function mutations(count: number): Mutation[] {
  const random = generator(28);
  const out: Mutation[] = [];
  for (let i = 0; i < count; i++) {
    const name = FIXTURES[i % FIXTURES.length];
    const original = readFileSync(fixture(name));
    let bytes: Buffer;
    let kind: Mutation['kind'];
    let path: string;
    if (name.endsWith('.parquet')) {
      const footer = parquetFooter(original);
      const roll = random.next();
      if (roll < 0.45) {
        const slot = random.pick(footer.slots);
        kind = 'footer';
        path = slot.path;
        bytes = setParquetFooter(original, slot.path, slot.zigzag ? hostileValue(random, slot.value) : BigInt(random.int(2 ** 31)));
      } else if (roll < 0.65) {
        const slot = random.pick(parquetPageHeaders(original));
        kind = 'page';
        path = slot.path;
        bytes = setInPlace(original, slot, hostileValue(random, slot.value));
      } else if (roll < 0.72) {
        kind = 'footer';
        path = 'footer length';
        bytes = Buffer.from(original);
        bytes.writeUInt32LE(Number(BigInt.asUintN(32, hostileValue(random, BigInt(footer.length)))), bytes.length - 8);
      } else {
        const size = 1 + random.int(4);
        kind = 'random';
        path = `footer+${random.int(footer.length - size)}`;
        bytes = overwrite(
          original,
          footer.start + Number(path.slice(7)),
          Array.from({ length: size }, () => random.int(256)),
        );
      }
    } else {
      const layout = arrowLayout(original);
      if (random.next() < 0.65) {
        const slot = random.pick(layout.slots);
        kind = 'arrow';
        path = slot.path;
        bytes = setArrow(original, slot.path, hostileValue(random, slot.value));
      } else {
        const range = random.pick(layout.ranges);
        const size = 1 + random.int(4);
        const at = range.start + random.int(Math.max(1, range.end - range.start - size));
        kind = 'random';
        path = `byte ${at}`;
        bytes = overwrite(
          original,
          at,
          Array.from({ length: size }, () => random.int(256)),
        );
      }
    }
    const file = join(dir, `${String(i).padStart(3, '0')}-${name.replace('/', '-')}`);
    writeFileSync(file, bytes);
    out.push({ file, fixture: name, kind, path });
  }
  return out;
}

interface Outcome {
  file: string;
  ms: number;
  outcome: 'loaded' | 'refused' | 'internal';
  rows?: number;
  columns?: string[];
  digest?: string;
  line?: string;
}

/** Loads the files with the built loader in one process with a 1 GB heap; a crash names the file it was on. */
function load(files: string[]): { outcomes: Map<string, Outcome>; maxRssKiB: number } {
  const run = spawnSync(process.execPath, [join(root, 'test/helpers/columnar-runner.mjs'), ...files], {
    encoding: 'utf8',
    env,
    timeout: 240_000,
    maxBuffer: 1 << 26,
  });
  const lines = run.stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  const started = lines.filter((line) => line.start).map((line) => line.start);
  const outcomes = new Map<string, Outcome>(lines.filter((line) => line.outcome).map((line) => [line.file, line]));
  const unfinished = started.find((file) => !outcomes.has(file));
  expect(unfinished, `the loader died on ${unfinished} (status ${run.status}, signal ${run.signal}): ${run.stderr.slice(-800)}`).toBeUndefined();
  expect(run.status, run.stderr.slice(-800)).toBe(0);
  return { outcomes, maxRssKiB: lines[lines.length - 1].maxRssKiB };
}

/** Runs the command on one file, with /usr/bin/time's peak memory where it is installed. */
function command(file: string): { status: number | null; lines: string[]; ms: number; kib: number | null } {
  const time = existsSync('/usr/bin/time');
  const args = [bin, file, '-f', 'json'];
  const started = performance.now();
  const run = time
    ? spawnSync('/usr/bin/time', ['-f', 'peak %M', process.execPath, ...args], { encoding: 'utf8', env, timeout: 60_000, maxBuffer: 1 << 26 })
    : spawnSync(process.execPath, args, { encoding: 'utf8', env, timeout: 60_000, maxBuffer: 1 << 26 });
  const ms = performance.now() - started;
  // GNU time adds its own line for a non-zero status, and its figures last.
  const lines = run.stderr.split('\n').filter((line) => line !== '' && !(time && /^Command exited with non-zero status \d+$/.test(line)));
  const peak = time ? lines.pop() : undefined;
  const kib = peak?.startsWith('peak ') ? Number(peak.slice(5)) : null;
  return { status: run.status, lines, ms, kib };
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('hostile Parquet and Arrow headers and footers (issue 28)', () => {
  let cases: Mutation[] = [];
  let outcomes = new Map<string, Outcome>();
  let originals = new Map<string, Outcome>();
  let maxRssKiB = 0;
  const before = new Map<string, string>();

  beforeAll(() => {
    cases = mutations(CASES);
    for (const { file } of cases) before.set(file, sha(file));
    const loaded = load([...FIXTURES.map((name) => fixture(name)), ...cases.map((c) => c.file)]);
    outcomes = loaded.outcomes;
    maxRssKiB = loaded.maxRssKiB;
    originals = new Map(FIXTURES.map((name) => [name, outcomes.get(fixture(name))!]));
  }, 300_000);

  it('loads the unedited fixtures', () => {
    for (const [name, outcome] of originals) expect(outcome.outcome, `${name}: ${outcome.line}`).toBe('loaded');
  });

  it(`refuses each of ${CASES} edited files with one line naming it, or reads it as it says; never an internal error`, () => {
    const tally = { refused: 0, same: 0, reread: 0 };
    for (const mutation of cases) {
      const outcome = outcomes.get(mutation.file)!;
      const what = `${mutation.fixture}, ${mutation.kind} ${mutation.path}: ${outcome.line ?? outcome.outcome}`;
      expect(outcome.outcome, what).not.toBe('internal');
      expect(outcome.ms, what).toBeLessThan(LIMIT_MS);
      if (outcome.outcome === 'refused') {
        tally.refused++;
        expect(outcome.line!.startsWith(`${mutation.file}: `), what).toBe(true);
        expect(outcome.line, what).not.toMatch(/[\r\n]|internal error/);
        continue;
      }
      // Read: every row the file had (the counts are what the checks hold), and the same cells
      // unless the edit changed how stored bytes are read (a type, an encoding, a null count).
      const original = originals.get(mutation.fixture)!;
      expect(outcome.rows, what).toBe(original.rows);
      expect(outcome.columns!.length, what).toBe(original.columns!.length);
      if (outcome.digest === original.digest) tally.same++;
      else {
        expect(reinterprets(mutation.kind, mutation.path), `${what}: read with different cells`).toBe(true);
        tally.reread++;
      }
    }
    // The edits must mostly break the files: a generator that changed nothing would pass the rest.
    expect(tally.refused).toBeGreaterThan(CASES / 2);
  });

  it('stays within 1 GB over all of them, and changes no input', () => {
    expect(maxRssKiB).toBeLessThan(LIMIT_KIB);
    for (const { file } of cases) expect(sha(file), file).toBe(before.get(file));
  });

  it('the command refuses them as the loader does: exit 2, one line naming the file', () => {
    const refused = cases.filter((c) => outcomes.get(c.file)!.outcome === 'refused');
    const sample = [0, 1, 2, 3].map((i) => refused[Math.floor((i * refused.length) / 4)]);
    for (const mutation of sample) {
      const run = command(mutation.file);
      expect(run.status, run.lines.join('\n')).toBe(2);
      expect(run.lines, mutation.file).toHaveLength(1);
      expect(run.lines[0].startsWith(`audit: ${mutation.file}: `), run.lines[0]).toBe(true);
      expect(run.lines[0]).not.toContain('internal error');
    }
  });

  it("the issue's cases (num_rows 1e9, 5e8, 2^60, -5; Arrow lengths 1e9): exit 2 with one line, within 10 s and 1 GB", () => {
    for (const [name, bytes] of Object.entries(namedCases())) {
      const file = join(dir, name);
      writeFileSync(file, bytes);
      const run = command(file);
      expect(run.status, `${name}: ${run.lines.join('\n')}`).toBe(2);
      expect(run.lines, name).toHaveLength(1);
      expect(run.lines[0], name).toMatch(
        new RegExp(`^audit: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not a readable (Parquet file|Arrow IPC file or stream): `),
      );
      expect(run.ms, name).toBeLessThan(LIMIT_MS);
      if (run.kib !== null) expect(run.kib, name).toBeLessThan(LIMIT_KIB);
    }
  });
});
