/**
 * Parquet data and prediction files written by DuckDB (test/reference/parquet_writer.mjs,
 * fixtures/parquet/): every codec and several row groups give the very findings of the same data
 * as CSV; list and struct probability columns read as the JSONL records do; typed values keep
 * their exact value; broken files are one exit-2 line.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { loadData } from '../src/io/data.js';
import { audit, fixture } from './helpers/cli.js';
import { findingTexts, jsonReport } from './helpers/same-findings.js';

const pq = (name: string) => fixture(`parquet/${name}`);
const findings = findingTexts;
const json = jsonReport;

describe('Parquet data files', () => {
  const csv = json([fixture('demo/data.csv'), fixture('demo/preds.jsonl')]);

  it.each(['snappy', 'gzip', 'zstd', 'brotli', 'lz4'])('%s: the findings of the same data as CSV', (codec) => {
    const report = json([pq(`data-${codec}.parquet`), fixture('demo/preds.jsonl')]);
    expect(report.inputs.data).toMatchObject({ format: 'parquet', rows: 488, columns: ['id', 'text', 'label', 'split', 'source', 'lang', 'stars'] });
    expect(findings(report)).toEqual(findings(csv));
  });

  it('reads row group by row group (2,048 and 952 rows) into the same findings', async () => {
    const metadata = await parquetMetadataAsync(await asyncBufferFromFile(pq('slices.parquet')));
    expect(metadata.row_groups.map((g) => Number(g.num_rows))).toEqual([2048, 952]);
    const args = ['--slice-cols', 'lang,channel'];
    expect(findings(json([pq('slices.parquet'), fixture('slices/preds.jsonl'), ...args]))).toEqual(
      findings(json([fixture('slices/data.csv'), fixture('slices/preds.jsonl'), ...args])),
    );
  });

  it('reads 300 one-row groups, and groups of 7, into the table one group gives (text, nulls, INT64, lists)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trainaudit-parquet-groups-'));
    const ids = Array.from({ length: 300 }, (_, i) => i + 1);
    const columnData = [
      { name: 'id', data: Int32Array.from(ids) },
      { name: 'text', data: ids.map((i) => (i % 11 === 0 ? null : `row ${i} ${'x'.repeat(i % 5)}`)) },
      { name: 'score', data: ids.map((i) => (i % 13 === 0 ? null : i / 7)) },
      { name: 'big', data: BigInt64Array.from(ids, (i) => BigInt(i) * 10n ** 15n) },
      { name: 'probs', data: ids.map((i) => (i % 17 === 0 ? [] : [i / 1000, 1 - i / 1000])) },
    ];
    const tables = [];
    for (const size of [300, 7, 1]) {
      const path = join(dir, `groups-${size}.parquet`);
      writeFileSync(path, new Uint8Array(parquetWriteBuffer({ columnData, rowGroupSize: size })));
      expect((await parquetMetadataAsync(await asyncBufferFromFile(path))).row_groups).toHaveLength(Math.ceil(300 / size));
      tables.push(await loadData(path));
    }
    const cells = (table: Awaited<ReturnType<typeof loadData>>) =>
      table.columns.map((column) => Array.from({ length: table.rowCount }, (_, r) => (column.isMissing(r) ? null : column.get(r))));
    expect(tables[0].rowCount).toBe(300);
    expect(cells(tables[0])[1][10]).toBeNull();
    expect(cells(tables[0])[3][299]).toBe('300000000000000000');
    expect(JSON.parse(cells(tables[0])[4][0]!)).toEqual([0.001, 0.999]);
    expect(cells(tables[1])).toEqual(cells(tables[0]));
    expect(cells(tables[2])).toEqual(cells(tables[0]));
    expect(Array.from(tables[2].lines.slice(0, 3))).toEqual([1, 2, 3]);
  });

  it('keeps typed values exact: INT64 past 2^53, dates, bytes, structs, nulls', async () => {
    const table = await loadData(pq('typed.parquet'));
    expect(table.column('big')!.get(0)).toBe('9007199254740993');
    expect(table.column('big')!.get(1)).toBe('42');
    expect(table.column('day')!.get(0)).toBe('2024-02-29T00:00:00.000Z');
    expect(table.column('day')!.isMissing(1)).toBe(true);
    expect(table.column('stamp')!.get(0)).toBe('2024-03-01T12:30:00.000Z');
    expect(Buffer.from(table.column('raw')!.get(0), 'base64')).toEqual(Buffer.from([0x00, 0xff]));
    expect(JSON.parse(table.column('nested')!.get(1))).toEqual({ a: 2, b: null });
    expect(table.lines[1]).toBe(2); // a row's "line" is its 1-based row number
  });

  it('refuses a cut-off file and standard input with one line', () => {
    const cut = audit([pq('truncated.parquet')]);
    expect(cut.status).toBe(2);
    expect(cut.stderr.trim()).toBe(`audit: ${pq('truncated.parquet')}: not a readable Parquet file: parquet file invalid (footer != PAR1)`);
    const stdin = audit(['-'], { input: readFileSync(pq('data-zstd.parquet')) });
    expect(stdin.status).toBe(2);
    expect(stdin.stderr).toContain('a Parquet file cannot be read from standard input');
  });

  it('refuses a pipe named .parquet without reading it (Parquet needs random access)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'trainaudit-parquet-fifo-'));
    spawnSync('mkfifo', [join(dir, 'pipe.parquet')]);
    const run = audit([join(dir, 'pipe.parquet')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Parquet needs random access (its index is at the end of the file): this is not a regular file');
  });

  it("exports a Parquet input's cleaned copy as JSON Lines", () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'trainaudit-parquet-')), 'out');
    const run = audit([pq('data-snappy.parquet'), fixture('demo/preds.jsonl'), '--export', dir, '-q', '--fail-on', 'none']);
    expect(run.status, run.stderr).toBe(0);
    expect(existsSync(join(dir, 'cleaned.jsonl'))).toBe(true);
    const first = JSON.parse(readFileSync(join(dir, 'cleaned.jsonl'), 'utf8').split('\n')[0]);
    expect(Object.keys(first)).toEqual(['id', 'text', 'label', 'split', 'source', 'lang', 'stars']);
  });
});

describe('Parquet prediction files', () => {
  it('a LIST<DOUBLE> probs column reads as the JSONL arrays do', () => {
    expect(findings(json([fixture('demo/data.csv'), pq('preds.parquet')]))).toEqual(findings(json([fixture('demo/data.csv'), fixture('demo/preds.jsonl')])));
  });
  it('a STRUCT probs column reads as the JSONL objects do', () => {
    const args = ['--slice-cols', 'lang,channel'];
    expect(findings(json([pq('slices.parquet'), pq('slices-preds.parquet'), ...args]))).toEqual(
      findings(json([fixture('slices/data.csv'), fixture('slices/preds.jsonl'), ...args])),
    );
  });
});
