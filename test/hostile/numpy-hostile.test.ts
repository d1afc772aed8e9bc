/**
 * Issue 28's hostile .npy and .npz files (written by scripts/hostile-numpy.mjs: deflate bombs of
 * 1 GiB members, sparse files of 1.5 GB, a 400 MB header, a header naming `shape` twice), given
 * to the built CLI with --probs, --embeddings and --labels: each is exit 2 with one line naming the
 * file and what is wrong, within 10 s and 1 GB, never an internal error, and no input changes.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { boundedAudit } from '../helpers/bounded-audit.js';
import { fixture, root } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'trainaudit-hostile-numpy-'));
const demo = fixture('demo/data.csv');
/** The demo's 488 rows without a label column, for --labels. */
const ids = join(dir, 'ids.csv');
const LIMIT_KB = 1024 * 1024;

/** Each file's size and modification time: what a run must leave as it was. */
const stats = () =>
  new Map(
    readdirSync(dir).map((name) => {
      const stat = statSync(join(dir, name));
      return [name, `${stat.size}:${stat.mtimeMs}`];
    }),
  );

beforeAll(() => {
  const made = spawnSync(process.execPath, [join(root, 'scripts/hostile-numpy.mjs'), dir], { encoding: 'utf8' });
  expect(made.status, made.stderr).toBe(0);
  writeFileSync(ids, ['id', ...Array.from({ length: 488 }, (_, i) => String(i))].join('\n') + '\n');
});

describe('hostile NumPy inputs through the CLI', () => {
  // [data, flag, file, extra args, what the line must say]
  const cases: [string, string, string, string[], string][] = [
    [demo, '--probs', 'npz-six-bombs.npz', [], 'npz-six-bombs.npz:pred_probs: has 134217728 rows and the data has 488'],
    [demo, '--embeddings', 'npz-six-bombs.npz', [], 'npz-six-bombs.npz:embeddings: has 134217728 rows and the data has 488'],
    [ids, '--labels', 'npz-six-bombs.npz', [], 'npz-six-bombs.npz:labels: has 134217728 labels and the data has 488 rows'],
    [
      demo,
      '--probs',
      'npz-small-bomb.npz',
      ['--max-input-bytes', '100000000'],
      'the .npz member "pred_probs.npy" is 900 MiB once inflated, more than the input limit of 95.4 MiB',
    ],
    [demo, '--probs', 'npz-small-bomb.npz', [], 'has 117964800 rows and the data has 488'],
    [demo, '--probs', 'npz-liar-small.npz', [], 'the .npz member "pred_probs.npy" inflates to more than the 5984 bytes its zip entry declares'],
    // Its only member, (488, 3) float32, would do as 3-dimensional embeddings: its 1 GiB zip entry is refused before inflating.
    [
      demo,
      '--embeddings',
      'npz-liar-big.npz',
      [],
      'npz-liar-big.npz:pred_probs: the .npy zip entry holds 1073735968 bytes more than shape (488, 3) of <f4 needs',
    ],
    [demo, '--probs', 'npz-liar-big.npz', [], 'the .npy zip entry holds 1073735968 bytes more than shape (488, 3) of <f4 needs'],
    [demo, '--probs', 'npy-sparse-u1.npy', [], 'npy-sparse-u1.npy: has 500000000 rows and the data has 488'],
    [demo, '--embeddings', 'npy-sparse-u1.npy', [], 'npy-sparse-u1.npy: has 500000000 rows and the data has 488'],
    [ids, '--labels', 'npy-sparse-u1.npy', [], 'npy-sparse-u1.npy: expected a 1-D array of class indices, got shape (500000000, 3)'],
    [demo, '--probs', 'npy-sparse-tail.npy', [], 'the .npy file holds 1499998408 bytes more than shape (488, 3) of |u1 needs'],
    [demo, '--probs', 'npy-header-400mb.npy', [], 'the .npy header is 400000000 bytes long: NumPy refuses headers over 10000 characters'],
    [demo, '--probs', 'npy-two-shapes.npy', [], "the .npy header names 'shape' twice"],
  ];

  it('refuses each with one line naming the file, within 10 s and 1 GB, changing nothing', () => {
    const before = stats();
    for (const [data, flag, file, extra, message] of cases) {
      const what = `${flag} ${file} ${extra.join(' ')}`;
      const run = boundedAudit([data, flag, join(dir, file), ...extra]);
      expect(run.status, `${what}: ${run.stderr}`).toBe(2);
      const lines = run.stderr.trim().split('\n');
      expect(lines, what).toHaveLength(1);
      expect(lines[0], what).toContain(join(dir, file));
      expect(lines[0], what).toContain(message);
      expect(lines[0], what).not.toContain('internal error');
      expect(run.seconds, what).toBeLessThan(10);
      expect(run.peakKB, what).not.toBeNull();
      expect(run.peakKB!, what).toBeLessThan(LIMIT_KB);
    }
    expect(stats()).toEqual(before);
  });
});
