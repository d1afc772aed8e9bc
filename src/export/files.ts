/** The export's files: written in chunks through a temporary name, the flagged-rows CSVs and the cleaned copy of the data. */
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { claimTemp, releaseTemp } from '../io/write.js';
import { copyRecordBytes } from '../io/record-bytes.js';
import type { DataTable } from '../data/table.js';
import type { Column } from '../data/column.js';
import { csvCell } from '../core/sanitize.js';
import type { FlaggedRow } from '../checks/types.js';

const CHUNK = 1 << 20;

/** Buffered writer over a file handle: appends text, writes in chunks of about 1 MiB. */
export class ChunkWriter {
  private buffer: string[] = [];
  private size = 0;
  constructor(private readonly handle: FileHandle) {}

  /** Queues text; true when the buffer is full and should be flushed. */
  push(textPart: string): boolean {
    this.buffer.push(textPart);
    this.size += textPart.length;
    return this.size >= CHUNK;
  }

  /** Writes bytes as they are, after the queued text. */
  async writeBytes(bytes: Buffer): Promise<void> {
    await this.flush();
    await this.handle.write(bytes);
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.size = 0;
    await this.handle.write(chunk, null, 'utf8');
  }
}

/** Writes a file through a temporary name in the same directory; returns the temporary path. */
export async function writeTemp(dir: string, name: string, produce: (writer: ChunkWriter) => Promise<void>): Promise<string> {
  const temp = claimTemp(join(dir, name));
  const handle = await fs.open(temp, 'wx');
  try {
    const writer = new ChunkWriter(handle);
    await produce(writer);
    await writer.flush();
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fs.rm(temp, { force: true }).catch(() => undefined);
    releaseTemp(temp);
    throw error;
  }
  await handle.close();
  return temp;
}

/** A delimited cell written from parsed values (stdin input): quoted when needed, otherwise as read. */
function cleanedCell(value: string, delimiter: string): string {
  const special = delimiter === '\t' ? /[\t"\n\r]/ : /[",\n\r]/;
  return special.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function jsonValue(data: DataTable, columnIndex: number, row: number): string {
  const column = data.columns[columnIndex];
  if (column.isMissing(row)) return 'null';
  const raw = column.get(row);
  const types = column.stats.types;
  if (column.isNumeric) {
    const value = Number(raw);
    if (Number.isFinite(value)) return JSON.stringify(value);
  }
  if (types.boolean > 0 && types.number === 0 && types.string === 0 && types.object === 0) {
    if (/^true$/i.test(raw)) return 'true';
    if (/^false$/i.test(raw)) return 'false';
  }
  if (types.object > 0 && (raw.startsWith('{') || raw.startsWith('['))) {
    try {
      return JSON.stringify(JSON.parse(raw));
    } catch {
      // Not JSON after all: keep the text.
    }
  }
  return JSON.stringify(raw);
}

/** Writes one check's flagged rows (row, line, id, reason) to a temporary file; returns its path. */
export async function writeFlaggedCsv(dir: string, name: string, rows: readonly FlaggedRow[], data: DataTable, idColumn: Column | null): Promise<string> {
  const n = data.rowCount;
  return writeTemp(dir, name, async (writer) => {
    writer.push('row,line,id,reason\n');
    for (const entry of rows) {
      const inData = entry.row < n;
      const id = inData && idColumn ? idColumn.get(entry.row) : '';
      if (writer.push(`${csvCell(entry.row)},${inData ? csvCell(data.lines[entry.row]) : ''},${csvCell(id)},${csvCell(entry.reason)}\n`)) await writer.flush();
    }
  });
}

/** The kept rows as CSV or TSV from the parsed values, under the header as the input spells it. */
async function writeDelimited(writer: ChunkWriter, data: DataTable, drop: Uint8Array): Promise<void> {
  const columns = data.columns;
  const delimiter = data.format === 'tsv' ? '\t' : ',';
  // The header as the input spells it: a duplicate name the loader renamed gets its own name back.
  const original = new Map(data.renamedHeaders.map((h) => [h.position, h.original]));
  const header = columns.map((column, c) => cleanedCell(original.get(c) ?? column.name, delimiter)).join(delimiter);
  writer.push(`${header}\n`);
  for (let row = 0; row < data.rowCount; row++) {
    if (drop[row]) continue;
    let line = '';
    for (let c = 0; c < columns.length; c++) {
      if (c > 0) line += delimiter;
      line += cleanedCell(columns[c].get(row), delimiter);
    }
    if (writer.push(`${line}\n`)) await writer.flush();
  }
}

/** The kept rows as JSON records: one per line, or a JSON array for a JSON input. */
async function writeJsonRecords(writer: ChunkWriter, data: DataTable, drop: Uint8Array): Promise<void> {
  const columns = data.columns;
  const keys = columns.map((column) => JSON.stringify(column.name));
  const array = data.format === 'json';
  if (array) writer.push('[');
  let first = true;
  for (let row = 0; row < data.rowCount; row++) {
    if (drop[row]) continue;
    let record = '{';
    for (let c = 0; c < columns.length; c++) record += `${c > 0 ? ',' : ''}${keys[c]}:${jsonValue(data, c, row)}`;
    record += '}';
    if (writer.push(array ? `${first ? '\n' : ',\n'}${record}` : `${record}\n`)) await writer.flush();
    first = false;
  }
  if (array) writer.push(first ? ']\n' : '\n]\n');
}

/** Writes the data without the dropped rows to a temporary file; returns its path. */
export async function writeCleanedCopy(dir: string, name: string, data: DataTable, drop: Uint8Array): Promise<string> {
  // A byte copy needs the file again: not for stdin or a FIFO, nor for a JSON array (its commas and brackets).
  const byteCopy = data.read?.rereadable === true && data.format !== 'json';
  return writeTemp(dir, name, async (writer) => {
    if (byteCopy) {
      // Every byte of the header and of every kept record, as the input has them.
      await copyRecordBytes(
        data.path,
        data.lines,
        (row) => drop[row] === 0,
        (bytes) => writer.writeBytes(bytes),
      );
    } else if (data.format === 'csv' || data.format === 'tsv') await writeDelimited(writer, data, drop);
    else await writeJsonRecords(writer, data, drop);
  });
}
