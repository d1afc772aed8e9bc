/**
 * The binary table formats, told apart by their first bytes (or their extension): Parquet
 * (`PAR1`), Arrow IPC files (`ARROW1`) and streams (a 0xFFFFFFFF continuation marker). Both are
 * read a row group or record batch at a time into a sink; neither can come from stdin.
 */
import { open as openFile, stat } from 'node:fs/promises';
import { InputError, fileError } from '../errors.js';
import type { BinaryTableFile, BinaryTableSink } from './binary-table-sink.js';

export type BinaryTableFormat = 'parquet' | 'arrow';

/** The binary table format of a file, or null for text (and for stdin, which is read as text). */
export async function binaryTableFormat(path: string): Promise<BinaryTableFormat | null> {
  if (path === '-') return null;
  const name = path.toLowerCase();
  if (name.endsWith('.parquet')) return 'parquet';
  if (/\.(arrow|arrows|feather|ipc)$/.test(name)) return 'arrow';
  try {
    // Sniff regular files only: reading the first bytes of a FIFO would consume them.
    if (!(await stat(path)).isFile()) return null;
    const handle = await openFile(path, 'r');
    try {
      const head = Buffer.alloc(8);
      const { bytesRead } = await handle.read(head, 0, 8, 0);
      if (bytesRead >= 4 && head.subarray(0, 4).toString('latin1') === 'PAR1') return 'parquet';
      if (bytesRead >= 6 && head.subarray(0, 6).toString('latin1') === 'ARROW1') return 'arrow';
      if (bytesRead === 8 && head.readUInt32LE(0) === 0xffffffff && head.readInt32LE(4) > 0) return 'arrow';
      return null;
    } finally {
      await handle.close();
    }
  } catch {
    return null;
  }
}

/** The readers load their libraries (Apache Arrow, hyparquet) on first use: most runs read CSV or JSON and should not pay for them at start-up. */
export async function readBinaryTable(path: string, format: BinaryTableFormat, sink: BinaryTableSink): Promise<BinaryTableFile> {
  if (format === 'parquet') return (await import('./parquet.js')).readParquet(path, sink);
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    throw fileError(error, path);
  }
  if (size === 0) throw new InputError('the file is empty', path);
  return (await import('./arrow.js')).readArrow(path, size, sink);
}
