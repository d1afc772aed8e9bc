/**
 * Property-based tests of the data loaders: random CSV, TSV and JSONL (quotes, separators, line
 * endings, Unicode, ragged rows, gzip) must load without an internal error, keep every record
 * (ragged ones reported as such) and give back every field as written.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { loadData } from '../../src/io/data.js';

const dir = mkdtempSync(join(tmpdir(), 'audit-props-'));
let fileCount = 0;
function writeInput(text: string, extension: string, gzip: boolean): string {
  const path = join(dir, `f${fileCount++}.${extension}${gzip ? '.gz' : ''}`);
  writeFileSync(path, gzip ? gzipSync(Buffer.from(text, 'utf8')) : text);
  return path;
}

/** Characters that stress a delimited reader, with ordinary and astral Unicode. */
const tricky = fc.constantFrom(
  '"',
  ',',
  '\t',
  '\n',
  '\r',
  '\r\n',
  ' ',
  ';',
  '\\',
  "'",
  '=',
  '中',
  '文',
  'é',
  '\u0301',
  '😀',
  '\u2028',
  '\ufeff',
  'a',
  'b',
  '1',
  '0',
  '.',
  '-',
  'e',
);
const field = fc
  .array(fc.oneof({ weight: 3, arbitrary: tricky }, { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 4 }) }), { maxLength: 8 })
  .map((parts) => parts.join(''));
// Header names are trimmed by the loader and must differ from each other.
const headerName = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }).filter((name) => name.trim() === name && name !== '' && !/[\r\n]/.test(name));

const table = fc.uniqueArray(headerName, { minLength: 1, maxLength: 5 }).chain((header) =>
  fc.record({
    header: fc.constant(header),
    rows: fc.array(
      fc.oneof(
        { weight: 5, arbitrary: fc.array(field, { minLength: header.length, maxLength: header.length }) },
        // Ragged: fewer or more fields than the header.
        { weight: 1, arbitrary: fc.array(field, { minLength: 1, maxLength: header.length + 2 }) },
      ),
      { minLength: 1, maxLength: 12 },
    ),
    // One line ending per line break: files that mix LF, CR LF and CR included.
    eols: fc.oneof(
      fc.constantFrom('\n', '\r\n', '\r').map((eol) => new Array<string>(14).fill(eol)),
      fc.array(fc.constantFrom('\n', '\r\n', '\r'), { minLength: 14, maxLength: 14 }),
    ),
    quoteAll: fc.boolean(),
    gzip: fc.boolean(),
    finalNewline: fc.boolean(),
  }),
);

function serializeDelimited(cells: string[], delimiter: string, quoteAll: boolean): string {
  return cells
    .map((cell) =>
      quoteAll || cell === '' || /["\r\n]/.test(cell) || cell.includes(delimiter) || cell.trim() !== cell ? `"${cell.replaceAll('"', '""')}"` : cell,
    )
    .join(delimiter);
}

/** A field the loader reads as a missing cell rather than as text. */
const readsAsMissing = (value: string) =>
  value.trim() === '' || ['null', 'NULL', 'Null', 'None', 'NA', 'N/A', 'n/a', '#N/A', 'NaN', 'nan', 'NAN'].includes(value);

/** Line breaks are read as `\n` whatever the file used (CR LF and lone CR included). */
const normalized = (value: string) => value.replace(/\r\n?/g, '\n');

async function loadsOrRefuses(path: string) {
  try {
    return await loadData(path);
  } catch (error) {
    // Refusing is allowed only with a message for the user (exit 2), never as an internal error.
    expect(error).toBeInstanceOf(InputError);
    return null;
  }
}

describe('delimited loader properties', () => {
  for (const [format, delimiter] of [
    ['csv', ','],
    ['tsv', '\t'],
  ] as const) {
    it(`keeps every ${format} record and field`, async () => {
      await fc.assert(
        fc.asyncProperty(table, async ({ header, rows, eols, quoteAll, gzip, finalNewline }) => {
          // A record of one empty field is a blank line to every CSV reader: skipped, and counted.
          const blank = (row: string[]) => row.length === 1 && row[0] === '';
          const kept = rows.filter((row) => !blank(row));
          fc.pre(kept.length > 0);
          const lines = [header, ...rows].map((cells) => (blank(cells) && !quoteAll ? '' : serializeDelimited(cells, delimiter, quoteAll)));
          // A blank line between a CR and an LF is no line at all: the two are one CR LF.
          fc.pre(
            !lines.some(
              (line, index) =>
                index > 0 && line === '' && eols[index - 1] === '\r' && index + 1 < lines.length + (finalNewline ? 1 : 0) && eols[index].startsWith('\n'),
            ),
          );
          const text = lines.map((line, index) => (index === 0 ? line : eols[index - 1] + line)).join('') + (finalNewline ? eols[lines.length - 1] : '');
          const path = writeInput(text, format, gzip);
          const data = await loadData(path);
          expect(data.rowCount).toBe(kept.length);
          // An empty last line with no line break after it is the file's final line break.
          const endsAsFinalBreak = !quoteAll && !finalNewline && blank(rows[rows.length - 1]);
          expect(data.blankLines).toBe(rows.length - kept.length - (endsAsFinalBreak ? 1 : 0));
          expect(data.columns.map((column) => column.name)).toEqual(header);
          const ragged = kept.flatMap((row, index) => (row.length === header.length ? [] : [index]));
          expect(data.raggedRows.map((entry) => entry.row)).toEqual(ragged);
          kept.forEach((row, r) => {
            header.forEach((_, c) => {
              const column = data.columns[c];
              if (c >= row.length) return expect(column.isMissing(r)).toBe(true);
              const value = normalized(row[c]);
              if (column.isMissing(r)) expect(readsAsMissing(value)).toBe(true);
              else expect(column.get(r)).toBe(value);
            });
          });
        }),
        { numRuns: Number(process.env.PROPERTY_RUNS ?? 150) },
      );
    });
  }

  it('never fails with an internal error on arbitrary text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(tricky, fc.string({ unit: 'binary', maxLength: 6 })), { minLength: 1, maxLength: 60 }),
        fc.constantFrom('csv', 'tsv', 'jsonl', 'json'),
        async (parts, format) => {
          await loadsOrRefuses(writeInput(parts.join(''), format, false));
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 200) },
    );
  });
});

const jsonValue = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }) },
  { weight: 2, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }) },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.array(fc.integer(), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }) },
);

describe('JSON Lines loader properties', () => {
  it('keeps every record and gives back each value (keys missing from a record are missing cells)', async () => {
    const key = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 5 }).filter((name) => name.trim() === name);
    await fc.assert(
      fc.asyncProperty(
        fc
          .uniqueArray(key, { minLength: 1, maxLength: 4 })
          .chain((keys) =>
            fc.tuple(fc.constant(keys), fc.array(fc.dictionary(fc.constantFrom(...keys), jsonValue, { minKeys: 1 }), { minLength: 1, maxLength: 10 })),
          ),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        async ([, records], eol, gzip) => {
          const path = writeInput(records.map((record) => JSON.stringify(record)).join(eol) + eol, 'jsonl', gzip);
          const data = await loadData(path);
          expect(data.rowCount).toBe(records.length);
          records.forEach((record, r) => {
            for (const column of data.columns) {
              if (!Object.prototype.hasOwnProperty.call(record, column.name)) {
                expect(column.isMissing(r)).toBe(true);
                continue;
              }
              const value = record[column.name];
              if (value === null) expect(column.isMissing(r)).toBe(true);
              else if (typeof value === 'string') {
                if (column.isMissing(r)) expect(readsAsMissing(value)).toBe(true);
                else expect(column.get(r)).toBe(value);
              } else if (typeof value === 'object') expect(JSON.parse(column.get(r))).toEqual(value);
              else expect(column.get(r)).toBe(String(value));
            }
          });
          expect(new Set(data.columns.map((column) => column.name))).toEqual(new Set(records.flatMap((record) => Object.keys(record))));
        },
      ),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 150) },
    );
  });
});
