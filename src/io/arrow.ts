/**
 * Arrow IPC files (Feather v2, `.arrow`) and streams (what Hugging Face `datasets` caches hold),
 * read with apache-arrow one record batch at a time into the same typed columns as CSV. Values
 * become what a JSON record would hold: Int64 as a number when exact (else its digits), dates and
 * timestamps as ISO text, binary as base64, lists and structs as JSON.
 */
import { createReadStream } from 'node:fs';
import { DataType, Message, RecordBatchReader, type Field, type Schema } from 'apache-arrow';
import { Footer } from 'apache-arrow/ipc/metadata/file';
import { InputError } from '../errors.js';
import { scanArrowIpc } from './arrow-ipc.js';
import { ArrowLayoutCheck } from './arrow-layout.js';
import { formatBytes, inputSettings } from './source.js';
import { jsonLike, parquetValue } from './parquet.js';
import type { BinaryTableSink, BinaryTableFile } from './binary-table-sink.js';

/** A cell of an Arrow column as a JSON-like value. */
function arrowValue(value: unknown, field: Field): unknown {
  if (value === null || value === undefined) return null;
  if (
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && !DataType.isTimestamp(field.type) && !DataType.isDate(field.type))
  )
    return value;
  if ((DataType.isTimestamp(field.type) || DataType.isDate(field.type)) && (typeof value === 'number' || typeof value === 'bigint')) {
    const date = new Date(Number(value));
    return Number.isNaN(date.getTime()) ? null : date.toISOString();
  }
  if (typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function' && !(value instanceof Uint8Array) && !(value instanceof Date)) {
    return parquetValue((value as { toJSON(): unknown }).toJSON());
  }
  return jsonLike(value);
}

export async function readArrow(path: string, size: number, sink: BinaryTableSink): Promise<BinaryTableFile> {
  const { maxInputBytes, maxCompressionRatio } = inputSettings();
  if (size > maxInputBytes) throw new InputError(`the input is larger than ${formatBytes(maxInputBytes)} (raise --max-input-bytes to read it)`, path);
  // Every message apache-arrow will decode is verified first, and what each batch declares is
  // checked against the schema and its body, before apache-arrow reads the file.
  const scan = await scanArrowIpc(path, size);
  const layout = new ArrowLayoutCheck(path, size, { maxCompressionRatio });
  let fields: Field[] | null = null;
  let start = 0;
  let batches = 0;
  try {
    if (scan.schema) {
      const schema = scan.format === 'file' ? Footer.decode(scan.schema).schema : (Message.decode(scan.schema).header() as Schema);
      let records = 0;
      let dictionaries = 0;
      for (const batch of scan.batches) {
        const types = batch.kind === 'record' ? schema.fields : [schema.dictionaries.get(batch.id)];
        layout.check(
          batch,
          batch.bodyLength,
          types,
          schema.metadataVersion,
          batch.kind === 'record' ? `record batch ${records++}` : `dictionary batch ${dictionaries++}`,
        );
      }
    } else if (scan.batches.length) throw new InputError('not a readable Arrow IPC file or stream: the stream does not start with a schema', path);
    const reader = await RecordBatchReader.from(createReadStream(path));
    for await (const batch of reader) {
      if (!fields) {
        fields = batch.schema.fields;
        sink.header(fields.map((f) => f.name));
      }
      layout.checkColumns(
        batch.data.children,
        fields.map((field) => field.name),
        batches,
      );
      const columns = fields.map((field, i) => {
        const vector = batch.getChildAt(i);
        const out = new Array<unknown>(batch.numRows);
        for (let r = 0; r < batch.numRows; r++) out[r] = arrowValue(vector?.get(r), field);
        return out;
      });
      sink.columns(columns, batch.numRows, start);
      start += batch.numRows;
      batches++;
    }
    if (!fields) {
      const schema = reader.schema;
      if (!schema) throw new Error('no schema');
      fields = schema.fields;
      sink.header(fields.map((f) => f.name));
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`not a readable Arrow IPC file or stream: ${(error as Error).message}`, path);
  }
  return { columns: fields.map((f) => f.name), rows: start, groups: batches, bytes: size };
}
