/**
 * Streams the records of a text table (CSV, TSV, JSON Lines or a JSON array, optionally gzipped)
 * one at a time, never holding the file: what a scan of a fine-tuning corpus of millions of rows
 * reads. Each record comes with the 1-based line it starts on.
 */
import { InputError } from '../errors.js';
import { parseDelimited } from './csv.js';
import { parseJsonArray, parseJsonLines } from './json.js';
import { firstChunk, openSource } from './source.js';
import { detectFormat } from './data.js';
import { binaryTableFormat } from './binary-tables.js';

export type RecordVisitor = (record: Record<string, unknown>, line: number) => void;

/** Calls `visit` for each record of the file in order; returns the number of records. An empty file is an InputError. */
export async function forEachRecord(path: string, visit: RecordVisitor): Promise<number> {
  if (path !== '-' && (await binaryTableFormat(path)))
    throw new InputError('a fine-tuning corpus is scanned as CSV, TSV, JSON Lines or a JSON array (optionally .gz); convert Parquet or Arrow first', path);
  const source = await openSource(path);
  const opened = await firstChunk(source);
  if (!opened || opened.head.trim() === '') throw new InputError('the file is empty', source.label);
  const format = detectFormat(path, opened.head);
  let count = 0;
  const counted: RecordVisitor = (record, line) => {
    count++;
    visit(record, line);
  };
  if (format === 'csv' || format === 'tsv') {
    let header: string[] = [];
    await parseDelimited(opened.chunks, format === 'tsv' ? '\t' : ',', source.label, {
      header(fields) {
        header = fields.map((field) => field.trim());
      },
      row(fields, line) {
        const record: Record<string, unknown> = {};
        for (let i = 0; i < header.length; i++) record[header[i]] = fields[i] ?? null;
        counted(record, line);
      },
    });
  } else {
    source.lineBreaks.stop();
    if (format === 'json') await parseJsonArray(opened.chunks, source.label, counted);
    else await parseJsonLines(opened.chunks, source.label, counted);
  }
  return count;
}
