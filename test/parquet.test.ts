/**
 * Parquet data and prediction files written by DuckDB (test/reference/parquet_writer.mjs,
 * fixtures/parquet/): every codec and several row groups give the very findings of the same data
 * as CSV; list and struct probability columns read as the JSONL records do; typed values keep
 * their exact value; broken files are one exit-2 line.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asyncBufferFromFile, parquetMetadataAsync } from 'hyparquet';
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
    expect(findings(json([pq('slices.parquet'), fixture('slices/preds.jsonl'), ...args]))).toEqual(findings(json([fixture('slices/data.csv'), fixture('slices/preds.jsonl'), ...args])));
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

  it('exports a Parquet input\'s cleaned copy as JSON Lines', () => {
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
    expect(findings(json([pq('slices.parquet'), pq('slices-preds.parquet'), ...args]))).toEqual(findings(json([fixture('slices/data.csv'), fixture('slices/preds.jsonl'), ...args])));
  });
});
