import Papa from 'papaparse';
import { Readable } from 'node:stream';
import { InputError } from '../errors.js';

export interface DelimitedRowHandler {
  /** The header row and the line it starts on. */
  header(fields: string[], line: number): void;
  /** A data row and the 1-based line it starts on. */
  row(fields: string[], line: number): void;
  /** The line each record (header, row or blank line) ends on: the break ending it ends the record. */
  recordEnd?(line: number): void;
}

/** Newlines inside a parsed record's fields: quoted fields may span lines. */
function newlinesIn(fields: string[]): number {
  let count = 0;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i];
    if (field.length === 0) continue;
    let at = field.indexOf('\n');
    while (at >= 0) {
      count++;
      at = field.indexOf('\n', at + 1);
    }
  }
  return count;
}

/**
 * Streams CSV/TSV through papaparse, tracking the line where each record starts. Blank
 * lines are skipped (counted, and counted for line numbers); an unterminated quote is an InputError.
 */
export function parseDelimited(
  chunks: AsyncIterable<string>,
  delimiter: string,
  label: string,
  handler: DelimitedRowHandler,
): Promise<{ lines: number; blankLines: number }> {
  return new Promise((resolve, reject) => {
    let line = 1;
    let blankLines = 0;
    let sawHeader = false;
    let failed = false;
    const stream = Readable.from(chunks, { objectMode: true });
    stream.on('error', (error) => {
      failed = true;
      reject(error);
    });
    Papa.parse<string[]>(stream as unknown as File, {
      delimiter,
      header: false,
      skipEmptyLines: false,
      dynamicTyping: false,
      chunk(results, parser) {
        if (failed) return;
        try {
          // papaparse reports an unclosed quote once, for the record that ran to the end of the input.
          const quoteError = results.errors.find((error) => error.code === 'MissingQuotes');
          const rows = results.data;
          for (let i = 0; i < rows.length; i++) {
            const fields = rows[i];
            const start = line;
            if (quoteError && (quoteError.row === i || i === rows.length - 1)) {
              throw new InputError('unterminated quoted field: a " opens a field that never closes', label, start);
            }
            line += 1 + newlinesIn(fields);
            handler.recordEnd?.(line - 1);
            // A blank line (or one holding only "", which papaparse cannot tell apart): counted, not a record.
            if (fields.length === 1 && fields[0] === '') {
              blankLines++;
              continue;
            }
            if (!sawHeader) {
              sawHeader = true;
              handler.header(fields, start);
            } else {
              handler.row(fields, start);
            }
          }
        } catch (error) {
          failed = true;
          parser.abort();
          stream.destroy();
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      },
      complete() {
        if (!failed) resolve({ lines: line - 1, blankLines });
      },
      error(error: Error) {
        if (!failed) {
          failed = true;
          reject(error);
        }
      },
    });
  });
}
