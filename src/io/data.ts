import { InputError } from '../errors.js';
import { TableBuilder, type DataFormat, type DataTable, type ReadStats } from '../data/table.js';
import { binaryTableFormat, readBinaryTable, type BinaryTableFormat } from './binary-tables.js';
import { parseDelimited } from './csv.js';
import { parseJsonArray, parseJsonLines } from './json.js';
import { firstChunk, openSource } from './source.js';
import type { Readable } from 'node:stream';

/** Format from the file name (ignoring `.gz`), else from the first characters. */
export function detectFormat(path: string, head: string): DataFormat {
  const name = path.toLowerCase().replace(/\.gz$/, '');
  const start = head.trimStart();
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'jsonl';
  if (name.endsWith('.json')) return start.startsWith('[') ? 'json' : 'jsonl';
  if (name.endsWith('.tsv') || name.endsWith('.tab')) return 'tsv';
  if (name.endsWith('.csv')) return 'csv';
  if (start.startsWith('[')) return 'json';
  if (start.startsWith('{')) return 'jsonl';
  const firstLine = head.slice(0, head.indexOf('\n') >= 0 ? head.indexOf('\n') : head.length);
  return firstLine.includes('\t') && !firstLine.includes(',') ? 'tsv' : 'csv';
}

export interface LoadOptions {
  format?: DataFormat | null;
  stdin?: Readable;
}

/** A Parquet or Arrow data file, row group (record batch) by row group; a row's line is its 1-based row number. */
async function loadBinaryData(path: string, format: BinaryTableFormat): Promise<DataTable> {
  if (path === '-') throw new InputError(`${format === 'parquet' ? 'Parquet' : 'Arrow'} cannot be read from standard input here: give a file path`);
  const builder = new TableBuilder(path, format);
  await readBinaryTable(path, format, {
    header: (columns) => builder.setHeader(columns),
    columns: (values, count, firstRow) => builder.addValueColumns(values, count, firstRow + 1),
  });
  if (builder.rowCount === 0) throw new InputError(`the ${format === 'parquet' ? 'Parquet' : 'Arrow'} file has no rows`, path);
  return builder.build();
}

/** Loads a data file into columns, streaming. Empty files and header-only files are errors. */
export async function loadData(path: string, options: LoadOptions = {}): Promise<DataTable> {
  const binary = options.format === 'parquet' || options.format === 'arrow' ? options.format : options.format == null ? await binaryTableFormat(path) : null;
  if (binary) return loadBinaryData(path, binary);
  const source = await openSource(path, options.stdin);
  const opened = await firstChunk(source);
  if (!opened || opened.head.trim() === '') throw new InputError('the file is empty: expected a header and data rows', source.label);
  const format = options.format ?? detectFormat(path, opened.head);
  const builder = new TableBuilder(source.label, format);
  // Line endings as records end (CSV): a break inside a quoted value is part of the value.
  let recordEndings: Pick<ReadStats, 'lineEndings' | 'firstLineEnding'> | null = null;
  if (format === 'csv' || format === 'tsv') {
    const ends: Pick<ReadStats, 'lineEndings' | 'firstLineEnding'> = {
      lineEndings: { lf: 0, crlf: 0, cr: 0 },
      firstLineEnding: { lf: null, crlf: null, cr: null },
    };
    recordEndings = ends;
    const names = ['lf', 'crlf', 'cr'] as const;
    let headerWidth = 0;
    const parsed = await parseDelimited(opened.chunks, format === 'tsv' ? '\t' : ',', source.label, {
      header(fields) {
        headerWidth = fields.length;
        builder.setHeader(fields.map((field) => field.trim()));
      },
      row(fields, line) {
        builder.addFields(fields, line);
      },
      recordEnd(line) {
        const kind = source.lineBreaks.kindEnding(line);
        if (kind === -1) return;
        const name = names[kind];
        ends.lineEndings[name]++;
        ends.firstLineEnding[name] ??= line;
      },
    });
    if (headerWidth === 0) throw new InputError('the file is empty: expected a header and data rows', source.label);
    builder.blankLines = parsed.blankLines;
  } else {
    source.lineBreaks.stop();
    const onRecord = (record: Record<string, unknown>, line: number) => builder.addRecord(record, line);
    if (format === 'json') await parseJsonArray(opened.chunks, source.label, onRecord);
    else await parseJsonLines(opened.chunks, source.label, onRecord);
  }
  if (builder.rowCount === 0) {
    throw new InputError(format === 'csv' || format === 'tsv' ? 'the file has a header but no data rows' : 'the file has no records', source.label);
  }
  const { lineEndings } = source.stats;
  const inValues = recordEndings
    ? lineEndings.lf + lineEndings.crlf + lineEndings.cr - (recordEndings.lineEndings.lf + recordEndings.lineEndings.crlf + recordEndings.lineEndings.cr)
    : 0;
  return builder.build({ ...source.stats, ...(recordEndings ?? {}), lineBreaksInValues: inValues, rereadable: source.rereadable });
}
