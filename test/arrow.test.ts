/**
 * Arrow IPC files and streams written by the Arrow JS writer (test/reference/arrow_writer.mjs,
 * fixtures/arrow/): the file and the 4-batch stream give the very findings of the same data as
 * CSV, a List<Float64> probs column reads as the JSONL arrays, a cut stream is one exit-2 line.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Bool,
  DateDay,
  Dictionary,
  Field,
  FixedSizeList,
  Float64,
  Int32,
  Int64,
  Int8,
  List,
  Null,
  RecordBatchFileWriter,
  RecordBatchStreamWriter,
  Struct,
  Table,
  TimestampMillisecond,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { loadData } from '../src/io/data.js';
import { audit, fixture } from './helpers/cli.js';
import { findingTexts, jsonReport } from './helpers/same-findings.js';

const ar = (name: string) => fixture(`arrow/${name}`);
const findings = findingTexts;
const json = jsonReport;

describe('Arrow IPC', () => {
  const csv = json([fixture('demo/data.csv'), fixture('demo/preds.jsonl')]);
  it.each(['data.arrow', 'data-stream.arrows'])('%s: the findings of the same data as CSV', (name) => {
    const report = json([ar(name), fixture('demo/preds.jsonl')]);
    expect(report.inputs.data).toMatchObject({ format: 'arrow', rows: 488 });
    expect(findings(report)).toEqual(findings(csv));
  });
  it('reads Int64 and missing values as CSV would', async () => {
    const table = await loadData(ar('data-stream.arrows'));
    expect(table.column('stars')!.isNumeric).toBe(true);
    expect(table.column('id')!.get(487)).toBe('488');
    expect(table.lines[487]).toBe(488);
  });
  it('a List<Float64> probs column reads as the JSONL arrays do', () => {
    expect(findings(json([fixture('demo/data.csv'), ar('preds.arrow')]))).toEqual(findings(csv));
  });
  it('reads dictionaries, booleans, dates, structs, lists, all-null columns and sliced batches (null count -1) past the checks', async () => {
    const n = 50;
    const rows = Array.from({ length: n }, (_, i) => i);
    const table = new Table({
      id: vectorFromArray(Int32Array.from(rows)),
      cat: vectorFromArray(
        rows.map((i) => (i % 7 === 0 ? null : ['a', 'b', 'c'][i % 3])),
        new Dictionary(new Utf8(), new Int32()),
      ),
      cat8: vectorFromArray(
        rows.map((i) => ['x', 'y'][i % 2]),
        new Dictionary(new Utf8(), new Int8()),
      ),
      flag: vectorFromArray(
        rows.map((i) => (i % 5 === 0 ? null : i % 2 === 0)),
        new Bool(),
      ),
      day: vectorFromArray(
        rows.map((i) => new Date(Date.UTC(2024, 0, 1 + i))),
        new DateDay(),
      ),
      stamp: vectorFromArray(
        rows.map((i) => new Date(Date.UTC(2024, 0, 1, 0, i))),
        new TimestampMillisecond(),
      ),
      pair: vectorFromArray(
        rows.map((i) => [i, -i]),
        new FixedSizeList(2, new Field('v', new Float64(), true)),
      ),
      record: vectorFromArray(
        rows.map((i) => ({ a: i, b: `s${i}` })),
        new Struct([new Field('a', new Int32(), true), new Field('b', new Utf8(), true)]),
      ),
      nothing: vectorFromArray(
        rows.map(() => null),
        new Null(),
      ),
      items: vectorFromArray(
        rows.map((i) => (i % 4 === 0 ? null : rows.slice(0, i % 3))),
        new List(new Field('item', new Int32(), true)),
      ),
      big: vectorFromArray(
        rows.map((i) => BigInt(i) * 10n ** 17n),
        new Int64(),
      ),
    });
    const dir = mkdtempSync(join(tmpdir(), 'trainaudit-arrow-types-'));
    writeFileSync(join(dir, 'types.arrow'), RecordBatchFileWriter.writeAll(table).toUint8Array(true));
    const batches = [0, 16, 32, 48].flatMap((start) => table.slice(start, start + 16).batches);
    writeFileSync(join(dir, 'types.arrows'), RecordBatchStreamWriter.writeAll(batches).toUint8Array(true));
    const file = await loadData(join(dir, 'types.arrow'));
    const stream = await loadData(join(dir, 'types.arrows'));
    const cells = (t: typeof file) => t.columns.map((column) => rows.map((r) => (column.isMissing(r) ? null : column.get(r))));
    expect(file.rowCount).toBe(n);
    expect(cells(stream)).toEqual(cells(file));
    const at = (name: string, row: number) => cells(file)[file.columns.findIndex((c) => c.name === name)][row];
    expect([at('cat', 1), at('cat', 7), at('flag', 2), at('day', 0), at('big', 49)]).toEqual([
      'b',
      null,
      'true',
      '2024-01-01T00:00:00.000Z',
      '4900000000000000000',
    ]);
    expect(JSON.parse(at('record', 3)!)).toEqual({ a: 3, b: 's3' });
    expect(cells(file)[file.columns.findIndex((c) => c.name === 'nothing')].every((cell) => cell === null)).toBe(true);
  });
  it('a stream cut inside a batch is one exit-2 line', () => {
    const run = audit([ar('truncated.arrows')]);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('truncated.arrows: not a readable Arrow IPC file or stream: Expected to read');
  });
});
