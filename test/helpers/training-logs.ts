import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A generic JSONL training log of runs given as {run: {tag: values by epoch}}; `split/metric` tags carry a split. NaN is written as null. */
export function jsonlLog(runs: Record<string, Record<string, number[]>>): string {
  const dir = mkdtempSync(join(tmpdir(), 'trainaudit-curves-'));
  const lines: string[] = [];
  for (const [run, tags] of Object.entries(runs)) {
    for (const [tag, values] of Object.entries(tags)) {
      const [split, metric] = tag.includes('/') ? tag.split('/') : [null, tag];
      values.forEach((value, i) =>
        lines.push(
          JSON.stringify({ run, step: (i + 1) * 100, epoch: i + 1, ...(split ? { split } : {}), metric, value: Number.isFinite(value) ? value : null }),
        ),
      );
    }
  }
  const path = join(dir, 'logs.jsonl');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** A curve falling linearly from `from` to `to` over `n` points. */
export const falling = (n: number, from = 1, to = 0.2): number[] => Array.from({ length: n }, (_, i) => from - ((from - to) * i) / (n - 1));
