/**
 * Columnar storage for one data column. Low-cardinality columns are dictionary-encoded
 * (each distinct string stored once, an Int32Array of codes per row); high-cardinality
 * columns (ids, free text) keep one string per row. Numeric views are parsed lazily, once.
 */

/** What a cell held before it became text; counted per column while loading. */
export interface ColumnStats {
  /** Cells that were the empty string (after trimming) or absent in a ragged row. */
  empty: number;
  /** Cells that were JSON null, or the text `null`/`NULL`/`None`/`NA`/`N/A`. */
  nulls: number;
  /** Cells that were NaN (text `NaN`/`nan`). */
  nan: number;
  /** Non-missing cells by the type they parse as: number, boolean, string, object (JSON only). */
  types: { number: number; boolean: number; string: number; object: number };
  /** First row holding a JSON number that is an integer beyond 2^53 (not exact as a double), or -1. */
  firstInexactIntegerRow?: number;
}

/** A dictionary stays in use while it has at most this many distinct values. */
export const MAX_DICTIONARY_LEVELS = 4096;

const NULL_WORDS = new Set(['null', 'NULL', 'Null', 'None', 'NA', 'N/A', 'n/a', '#N/A']);
const NAN_WORDS = new Set(['NaN', 'nan', 'NAN']);
const NUMBER_PATTERN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const BOOLEAN_WORDS = new Set(['true', 'false', 'True', 'False', 'TRUE', 'FALSE']);

export interface Column {
  readonly name: string;
  /** Position in the header (0-based). */
  readonly index: number;
  readonly size: number;
  readonly stats: ColumnStats;
  /** Raw cell text; '' when the cell is missing. */
  get(row: number): string;
  /** True when the cell is empty, null-like or NaN. */
  isMissing(row: number): boolean;
  /** Distinct values (missing excluded) when the column is dictionary-encoded, else null. */
  readonly levels: readonly string[] | null;
  /** Per row, index into `levels`, or -1 for a missing cell; null when not dictionary-encoded. */
  readonly codes: Int32Array | null;
  /** Number of distinct non-missing values (exact when dictionary-encoded, else at least MAX_DICTIONARY_LEVELS + 1). */
  readonly distinctCount: number;
  /** True when every non-missing cell parses as a finite number (and there is at least one). */
  readonly isNumeric: boolean;
  /** Parsed numbers per row (NaN for missing or non-numeric cells); computed on first use. */
  numbers(): Float64Array;
}

/** Builds a Column cell by cell while a file streams in. */
export class ColumnBuilder {
  readonly stats: ColumnStats = { empty: 0, nulls: 0, nan: 0, types: { number: 0, boolean: 0, string: 0, object: 0 } };
  private size = 0;
  private dictionary: Map<string, number> | null = new Map();
  /** Codes of the numbers seen while dictionary-coded (a number formats to one text, so one code). */
  private numberCodes = new Map<number, number>();
  private levels: string[] = [];
  // Small to start: a file with a million columns holds a million builders.
  private codes: Int32Array = new Int32Array(16);
  private strings: string[] | null = null;
  /** Past the dictionary, while every cell is a number: the values, and the text of cells not written as String(value). */
  private values: Float64Array | null = null;
  private rawText: Map<number, string> | null = null;
  private missing: Uint8Array = new Uint8Array(16);

  constructor(
    readonly name: string,
    readonly index: number,
  ) {}

  /** Adds a cell given as text (CSV) and returns nothing; JSON values go through addValue. */
  addText(value: string): void {
    let missing = false;
    const length = value.length;
    const first = length === 0 ? 0 : value.charCodeAt(0);
    // Length and first-character guards keep long texts away from set lookups (which hash the
    // whole string) and from the number pattern.
    if (length === 0 || ((first <= 32 || first === 0xa0 || first === 0xfeff || first >= 0x1680) && value.trim() === '')) {
      this.stats.empty++;
      missing = true;
    } else if (length <= 4 && NULL_WORDS.has(value)) {
      this.stats.nulls++;
      missing = true;
    } else if (length === 3 && NAN_WORDS.has(value)) {
      this.stats.nan++;
      missing = true;
    } else if (((first >= 48 && first <= 57) || first === 45 || first === 43 || first === 46) && NUMBER_PATTERN.test(value)) {
      this.stats.types.number++;
      this.push(value, false, finiteOrNaN(Number(value)));
      return;
    } else if (length <= 5 && BOOLEAN_WORDS.has(value)) {
      this.stats.types.boolean++;
    } else {
      this.stats.types.string++;
    }
    this.push(missing ? '' : value, missing);
  }

  /** Adds a cell given as a parsed JSON value. */
  addValue(value: unknown): void {
    if (value === null || value === undefined) {
      this.stats.nulls++;
      this.push('', true);
    } else if (typeof value === 'number') {
      if (Number.isNaN(value)) {
        this.stats.nan++;
        this.push('', true);
      } else this.addNumber(value);
    } else if (typeof value === 'boolean') {
      this.stats.types.boolean++;
      this.push(String(value), false);
    } else if (typeof value === 'string') {
      this.addText(value);
    } else {
      this.stats.types.object++;
      this.push(JSON.stringify(value), false);
    }
  }

  /**
   * A finite number (JSON, Parquet, Arrow). While the column is dictionary-coded, repeated values
   * find their code by the number itself, without formatting it again.
   */
  private addNumber(value: number): void {
    this.stats.types.number++;
    if (this.stats.firstInexactIntegerRow === undefined && Number.isInteger(value) && !Number.isSafeInteger(value))
      this.stats.firstInexactIntegerRow = this.size;
    if (this.dictionary) {
      const code = this.numberCodes.get(value);
      if (code !== undefined && !Object.is(value, -0)) {
        const row = this.size++;
        if (row >= this.missing.length) this.missing = grow(this.missing, this.missing.length * 2);
        if (row >= this.codes.length) this.codes = growInt(this.codes, this.codes.length * 2);
        this.codes[row] = code;
        return;
      }
    }
    // The text is the number's own formatting: "0" for -0, so the value read back is 0 as the text says.
    this.push(String(value), false, Object.is(value, -0) ? 0 : value);
    if (this.dictionary && !Object.is(value, -0)) this.numberCodes.set(value, this.codes[this.size - 1]);
  }

  /** Numbers of a typed column (Parquet, Arrow): NaN is a missing cell, as in JSON. */
  addNumbers(values: ArrayLike<number>, count: number): void {
    for (let r = 0; r < count; r++) {
      const value = values[r];
      if (Number.isNaN(value)) {
        this.stats.nan++;
        this.push('', true);
      } else this.addNumber(value);
    }
  }

  /** Adds a cell absent from a short (ragged) row. */
  addAbsent(): void {
    this.stats.empty++;
    this.push('', true);
  }

  /**
   * Stores one cell. `number` is the cell's value when it is a number (NaN for one too large to be
   * finite), else null: a column of numbers past the dictionary's size keeps them in a Float64Array,
   * with the text only of cells whose text is not the number's own formatting ("1.50", "1e5").
   */
  private push(value: string, missing: boolean, number: number | null = null): void {
    const row = this.size++;
    if (row >= this.missing.length) this.missing = grow(this.missing, this.missing.length * 2);
    if (missing) this.missing[row] = 1;
    if (this.dictionary) {
      if (row >= this.codes.length) this.codes = growInt(this.codes, this.codes.length * 2);
      if (missing) {
        this.codes[row] = -1;
        return;
      }
      let code = this.dictionary.get(value);
      if (code === undefined) {
        code = this.levels.length;
        if (code >= MAX_DICTIONARY_LEVELS) {
          this.leaveDictionary(number !== null);
          this.pushUncoded(row, value, missing, number);
          return;
        }
        this.dictionary.set(value, code);
        this.levels.push(value);
      }
      this.codes[row] = code;
    } else this.pushUncoded(row, value, missing, number);
  }

  private pushUncoded(row: number, value: string, missing: boolean, number: number | null): void {
    if (this.values) {
      if (missing || number !== null) {
        if (row >= this.values.length) this.values = growFloat(this.values, this.values.length * 2);
        this.values[row] = missing ? NaN : number!;
        if (!missing && value !== String(number)) this.rawText!.set(row, value);
        // Text that is not the number's own formatting is kept per cell: too many, and strings are cheaper.
        if (this.rawText!.size * 8 <= row + 1) return;
      }
      this.numbersToStrings(row);
    }
    this.strings!.push(value);
  }

  /** Past the dictionary's size: numbers so far (and this one) go to a Float64Array, else to strings. */
  private leaveDictionary(numeric: boolean): void {
    const done = this.size - 1;
    const t = this.stats.types;
    if (numeric && t.boolean === 0 && t.string === 0 && t.object === 0) {
      const values = new Float64Array(Math.max(16, done * 2));
      const levelValues = this.levels.map((level) => finiteOrNaN(Number(level)));
      const rawText = new Map<number, string>();
      for (let row = 0; row < done; row++) {
        const code = this.codes[row];
        values[row] = code < 0 ? NaN : levelValues[code];
        if (code >= 0 && this.levels[code] !== String(levelValues[code])) rawText.set(row, this.levels[code]);
      }
      this.values = values;
      this.rawText = rawText;
    } else {
      const strings: string[] = new Array<string>(done);
      for (let row = 0; row < done; row++) {
        const code = this.codes[row];
        strings[row] = code < 0 ? '' : this.levels[code];
      }
      this.strings = strings;
    }
    this.dictionary = null;
    this.numberCodes = new Map();
    this.levels = [];
    this.codes = new Int32Array(0);
  }

  /** A cell that is not a number (or too many numbers with their own text): the numbers so far become their text. */
  private numbersToStrings(rows: number): void {
    const strings: string[] = new Array<string>(rows);
    for (let row = 0; row < rows; row++) strings[row] = this.missing[row] ? '' : (this.rawText!.get(row) ?? String(this.values![row]));
    this.strings = strings;
    this.values = null;
    this.rawText = null;
  }

  build(): Column {
    const size = this.size;
    const missing = this.missing.subarray(0, size);
    if (this.dictionary) {
      return new DictionaryColumn(this.name, this.index, size, this.stats, this.levels, this.codes.slice(0, size), missing);
    }
    if (this.values) return new NumberColumn(this.name, this.index, size, this.stats, this.values.slice(0, size), this.rawText!, missing);
    return new StringColumn(this.name, this.index, size, this.stats, this.strings!, missing);
  }
}

function grow(array: Uint8Array, length: number): Uint8Array {
  const next = new Uint8Array(length);
  next.set(array);
  return next;
}

function growFloat(array: Float64Array, length: number): Float64Array {
  const next = new Float64Array(length);
  next.set(array);
  return next;
}

/** A number as a column reads it: NaN for one too large to be finite. */
function finiteOrNaN(value: number): number {
  return Number.isFinite(value) ? value : NaN;
}

function growInt(array: Int32Array, length: number): Int32Array {
  const next = new Int32Array(length);
  next.set(array);
  return next;
}

abstract class BaseColumn implements Column {
  private parsed: Float64Array | null = null;
  abstract readonly levels: readonly string[] | null;
  abstract readonly codes: Int32Array | null;
  abstract readonly distinctCount: number;
  abstract get(row: number): string;

  constructor(
    readonly name: string,
    readonly index: number,
    readonly size: number,
    readonly stats: ColumnStats,
    protected readonly missing: Uint8Array,
  ) {}

  isMissing(row: number): boolean {
    return this.missing[row] === 1;
  }

  get isNumeric(): boolean {
    const t = this.stats.types;
    return t.number > 0 && t.boolean === 0 && t.string === 0 && t.object === 0;
  }

  numbers(): Float64Array {
    if (this.parsed) return this.parsed;
    this.parsed = this.parsedNumbers();
    if (this.parsed) return this.parsed;
    const out = new Float64Array(this.size);
    if (this.levels && this.codes) {
      const values = this.levels.map((level) => toNumber(level));
      for (let row = 0; row < this.size; row++) {
        const code = this.codes[row];
        out[row] = code < 0 ? NaN : values[code];
      }
    } else {
      for (let row = 0; row < this.size; row++) out[row] = this.missing[row] ? NaN : toNumber(this.get(row));
    }
    this.parsed = out;
    return out;
  }

  /** The numbers when the column already holds them (a column of numbers): null to parse the text. */
  protected parsedNumbers(): Float64Array | null {
    return null;
  }
}

function toNumber(text: string): number {
  if (!NUMBER_PATTERN.test(text.trim())) return NaN;
  const value = Number(text);
  return Number.isFinite(value) ? value : NaN;
}

class DictionaryColumn extends BaseColumn {
  constructor(
    name: string,
    index: number,
    size: number,
    stats: ColumnStats,
    readonly levels: readonly string[],
    readonly codes: Int32Array,
    missing: Uint8Array,
  ) {
    super(name, index, size, stats, missing);
  }

  get distinctCount(): number {
    return this.levels.length;
  }

  get(row: number): string {
    const code = this.codes[row];
    return code < 0 ? '' : this.levels[code];
  }
}

/** A column past the dictionary's size: no levels or codes, more distinct values than a dictionary holds. */
abstract class UncodedColumn extends BaseColumn {
  readonly levels = null;
  readonly codes = null;
  readonly distinctCount = MAX_DICTIONARY_LEVELS + 1;
}

class StringColumn extends UncodedColumn {
  constructor(
    name: string,
    index: number,
    size: number,
    stats: ColumnStats,
    private readonly strings: string[],
    missing: Uint8Array,
  ) {
    super(name, index, size, stats, missing);
  }

  get(row: number): string {
    return this.strings[row];
  }
}

/** High-cardinality numbers: a Float64Array, with the text of cells not written as the number's own formatting. */
class NumberColumn extends UncodedColumn {
  constructor(
    name: string,
    index: number,
    size: number,
    stats: ColumnStats,
    private readonly values: Float64Array,
    private readonly rawText: ReadonlyMap<number, string>,
    missing: Uint8Array,
  ) {
    super(name, index, size, stats, missing);
  }

  get(row: number): string {
    if (this.missing[row] === 1) return '';
    return this.rawText.get(row) ?? String(this.values[row]);
  }

  protected override parsedNumbers(): Float64Array {
    return this.values;
  }
}
