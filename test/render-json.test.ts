import { describe, expect, it } from 'vitest';
import { renderJsonChunks } from '../src/render/json.js';
import { audit, fixture } from './helpers/cli.js';

const streamed = (value: unknown) => renderJsonChunks(value).join('');
const reference = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

describe('renderJsonChunks', () => {
  it('writes the same text as JSON.stringify with two-space indent, for every kind of value', () => {
    const values: unknown[] = [
      null,
      0,
      -0,
      1.5e-300,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      'a "quoted" \u2028 line\n\u0000 and 中文',
      true,
      [],
      {},
      [[], {}, [[]], { a: [] }],
      { a: undefined, b: () => 1, c: 1 },
      [undefined, () => 1, Symbol('s'), 2],
      { only: undefined },
      new Float64Array([1, Number.NaN, 2]),
      new Int32Array(0),
      { when: new Date(Date.UTC(2026, 11, 2)) },
      { nested: { deeper: { list: [1, { x: 'y' }, [2, [3]]] } }, __proto__x: 1 },
    ];
    for (const value of values) expect(streamed(value)).toBe(reference(value));
  });

  it('splits a large report into pieces that join to the same text', () => {
    const big = { rows: Array.from({ length: 50_000 }, (_, i) => ({ row: i, name: `c${i}` })) };
    const chunks = renderJsonChunks(big);
    expect(chunks.length).toBeGreaterThan(10);
    expect(chunks.join('')).toBe(reference(big));
    const deep = { a: { b: { c: { list: big.rows, record: Object.fromEntries(big.rows.slice(0, 600).map((r) => [r.name, r])), empty: [] } } } };
    expect(renderJsonChunks(deep).join('')).toBe(reference(deep));
  });

  it('gives the CLI the bytes JSON.stringify would (the demo report)', () => {
    const run = audit([fixture('demo/data.csv'), fixture('demo/preds.jsonl'), '-f', 'json']);
    expect(run.json).toBeDefined();
    expect(run.stdout).toBe(reference(run.json));
  });
});
