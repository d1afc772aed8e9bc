import { rawChunks } from './source.js';

/**
 * Copies the bytes of a file's header and of the records `keep` selects, exactly as the file has
 * them (encoding, quoting, line endings, ragged fields and all). `lines[r]` is the 1-based line
 * where record r starts, in file order; a record runs up to the next record's first line, the
 * last one to the end of the file, and the lines before the first record are the header. Line
 * breaks are counted as the reader counts them: `\r\n`, a lone `\r` and `\n` each end one line.
 */
export async function copyRecordBytes(path: string, lines: Int32Array, keep: (row: number) => boolean, write: (bytes: Buffer) => Promise<void>): Promise<void> {
  let line = 1;
  let record = -1; // the record the current line belongs to (-1: the header)
  let keeping = true;
  let crPending = false; // the previous buffer ended with `\r`: a following `\n` belongs to that break
  let previousKeeping = true;
  const advanceTo = (next: number) => {
    line = next;
    while (record + 1 < lines.length && lines[record + 1] <= line) record++;
    keeping = record < 0 || keep(record);
  };
  advanceTo(1);
  for await (const buffer of rawChunks(path, path)) {
    // Kept lines next to each other are written as one piece: [from, to) of this buffer.
    let from = 0;
    let to = 0;
    const emit = async () => {
      if (to > from) await write(buffer.subarray(from, to));
    };
    let i = 0;
    if (crPending) {
      crPending = false;
      if (buffer[0] === 10) {
        // The `\n` of a `\r\n` split across buffers goes with the line it ends.
        if (previousKeeping) to = 1;
        else from = to = 1;
        i = 1;
      }
    }
    for (; i < buffer.length; i++) {
      const byte = buffer[i];
      if (byte !== 10 && byte !== 13) continue;
      let end = i + 1;
      if (byte === 13) {
        if (i + 1 < buffer.length) {
          if (buffer[i + 1] === 10) end = i + 2;
        } else {
          crPending = true;
        }
      }
      if (keeping) to = end;
      else {
        await emit();
        from = to = end;
      }
      previousKeeping = keeping;
      i = end - 1;
      advanceTo(line + 1);
    }
    // The rest of the buffer starts a line: written when that line is kept.
    if (keeping) to = buffer.length;
    await emit();
  }
}
