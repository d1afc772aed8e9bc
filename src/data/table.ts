import { Column, ColumnBuilder } from './column.js';

/** How the file was read: line endings and undecodable bytes seen (io/source.ts fills it in). */
export interface ReadStats {
  /** Line breaks of each kind; in CSV and TSV, those that end records (not those inside quoted values). */
  lineEndings: { lf: number; crlf: number; cr: number };
  firstLineEnding: { lf: number | null; crlf: number | null; cr: number | null };
  undecodable: number;
  undecodableLines: number[];
  encoding: 'utf8' | 'latin1';
  /** CSV and TSV: line breaks inside quoted values (read as part of the value, as \n). */
  lineBreaksInValues?: number;
  /** The input as stored (before gunzip): size and SHA-256. */
  storedBytes?: number;
  sha256?: string | null;
  /** False for stdin, FIFOs and devices: the file cannot be read a second time (for a byte copy). */
  rereadable: boolean;
}

export type DataFormat = 'csv' | 'tsv' | 'jsonl' | 'json' | 'parquet' | 'arrow';

/** A header name that occurred more than once and the unique name it was given. */
export interface RenamedHeader {
  original: string;
  renamed: string;
  position: number;
}

/** A data row whose field count differed from the header's. */
export interface RaggedRow {
  row: number;
  line: number;
  fields: number;
}

/** The data file, loaded once into columns. */
export interface DataTable {
  readonly path: string;
  readonly format: DataFormat;
  readonly rowCount: number;
  readonly columns: readonly Column[];
  /** 1-based line where each row's record starts. */
  readonly lines: Int32Array;
  readonly renamedHeaders: readonly RenamedHeader[];
  readonly raggedRows: readonly RaggedRow[];
  /** Blank lines skipped in a delimited file (a line holding only "" reads the same). */
  readonly blankLines: number;
  /** Header width expected of every row (CSV/TSV), or the number of distinct keys (JSON). */
  readonly expectedFields: number;
  /** How the file was read; absent for tables built in memory. */
  readonly read?: ReadStats;
  column(name: string): Column | undefined;
}

/** Makes header names unique: the second `score` becomes `score_2`, and so on. */
export function uniqueHeaders(header: readonly string[]): { names: string[]; renamed: RenamedHeader[] } {
  const seen = new Set<string>();
  const names: string[] = [];
  const renamed: RenamedHeader[] = [];
  const counts = new Map<string, number>();
  for (const name of header) seen.add(name);
  const taken = new Set<string>();
  header.forEach((raw, position) => {
    let name = raw === '' ? `column_${position + 1}` : raw;
    if (taken.has(name)) {
      let n = (counts.get(name) ?? 1) + 1;
      while (taken.has(`${name}_${n}`) || (seen.has(`${name}_${n}`) && `${name}_${n}` !== raw)) n++;
      counts.set(name, n);
      const unique = `${name}_${n}`;
      renamed.push({ original: raw, renamed: unique, position });
      name = unique;
    } else if (raw === '') {
      renamed.push({ original: raw, renamed: name, position });
    }
    taken.add(name);
    names.push(name);
  });
  return { names, renamed };
}

/** Accumulates rows into columns; used by every loader and by tests. */
export class TableBuilder {
  private builders: ColumnBuilder[] = [];
  private byName = new Map<string, ColumnBuilder>();
  private lineNumbers = new Int32Array(1024);
  private rows = 0;
  readonly raggedRows: RaggedRow[] = [];
  blankLines = 0;
  renamedHeaders: RenamedHeader[] = [];

  constructor(
    readonly path: string,
    readonly format: DataFormat,
    header: readonly string[] = [],
  ) {
    if (header.length > 0) this.setHeader(header);
  }

  get rowCount(): number {
    return this.rows;
  }

  get columnCount(): number {
    return this.builders.length;
  }

  setHeader(header: readonly string[]): void {
    const { names, renamed } = uniqueHeaders(header);
    this.renamedHeaders = renamed;
    for (const name of names) this.addColumn(name);
  }

  private addColumn(name: string): ColumnBuilder {
    const builder = new ColumnBuilder(name, this.builders.length);
    // A column first seen after some rows (JSON records) is absent in those rows.
    for (let row = 0; row < this.rows; row++) builder.addAbsent();
    this.builders.push(builder);
    this.byName.set(name, builder);
    return builder;
  }

  private startRow(line: number): number {
    const row = this.rows++;
    if (row >= this.lineNumbers.length) {
      const next = new Int32Array(this.lineNumbers.length * 2);
      next.set(this.lineNumbers);
      this.lineNumbers = next;
    }
    this.lineNumbers[row] = line;
    return row;
  }

  /** Adds a delimited row; fields beyond or short of the header make the row ragged. */
  addFields(fields: readonly string[], line: number): void {
    const row = this.startRow(line);
    const width = this.builders.length;
    if (fields.length !== width) this.raggedRows.push({ row, line, fields: fields.length });
    for (let i = 0; i < width; i++) {
      if (i < fields.length) this.builders[i].addText(fields[i]);
      else this.builders[i].addAbsent();
    }
  }

  /** Adds `count` rows given as one value array per column in header order (a Parquet row group), lines numbered from `firstLine`. */
  addValueColumns(columns: readonly ArrayLike<unknown>[], count: number, firstLine: number): void {
    for (let r = 0; r < count; r++) this.startRow(firstLine + r);
    for (let c = 0; c < this.builders.length; c++) {
      const builder = this.builders[c];
      const values = columns[c];
      // Typed arrays of numbers (Parquet's and Arrow's numeric columns) skip the per-value type tests.
      if (ArrayBuffer.isView(values) && !(values instanceof DataView) && !(values instanceof BigInt64Array) && !(values instanceof BigUint64Array))
        builder.addNumbers(values as unknown as ArrayLike<number>, count);
      else for (let r = 0; r < count; r++) builder.addValue(values[r]);
    }
  }

  /** Adds a JSON record; keys first seen here become new columns. */
  addRecord(record: Record<string, unknown>, line: number): void {
    for (const key of Object.keys(record)) if (!this.byName.has(key)) this.addColumn(key);
    this.startRow(line);
    for (const builder of this.builders) {
      if (Object.prototype.hasOwnProperty.call(record, builder.name)) builder.addValue(record[builder.name]);
      else builder.addAbsent();
    }
  }

  build(read?: ReadStats): DataTable {
    const columns = this.builders.map((builder) => builder.build());
    const byName = new Map(columns.map((column) => [column.name, column]));
    return {
      path: this.path,
      format: this.format,
      rowCount: this.rows,
      columns,
      lines: this.lineNumbers.slice(0, this.rows),
      renamedHeaders: this.renamedHeaders,
      raggedRows: this.raggedRows,
      blankLines: this.blankLines,
      expectedFields: columns.length,
      ...(read ? { read } : {}),
      column: (name: string) => byName.get(name),
    };
  }
}

/** A cell as delimited text: a scalar as written, null or undefined as an empty field, an array or object as its JSON. */
const cellText = (cell: unknown): string =>
  cell === null || cell === undefined
    ? ''
    : typeof cell === 'string'
      ? cell
      : typeof cell === 'number' || typeof cell === 'boolean' || typeof cell === 'bigint'
        ? String(cell)
        : (JSON.stringify(cell) ?? '');

/** A table from in-memory rows: for tests and for data that arrives already parsed. */
export function tableFromRows(header: readonly string[], rows: readonly (readonly unknown[])[], path = '<memory>'): DataTable {
  const builder = new TableBuilder(path, 'csv', header);
  rows.forEach((cells, index) => {
    builder.addFields(
      cells.map((cell) => cellText(cell)),
      index + 2,
    );
  });
  return builder.build();
}
