/**
 * One prediction file read into a builder, and how prediction ids map to data rows: shared by the
 * loader (io/predictions.ts) and the worker threads (io/parallel-predictions.ts).
 */
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { InputError } from '../errors.js';
import type { DataTable } from '../data/table.js';
import type { Roles } from '../data/model.js';
import { PredictionBuilder, toPredictionRecord } from '../data/predictions.js';
import { parseDelimited } from './csv.js';
import { parseJsonLines } from './json.js';
import { firstChunk, openSource } from './source.js';
import { binaryTableFormat, readBinaryTable, type BinaryTableFormat } from './binary-tables.js';

/** A Parquet or Arrow prediction file: each row a record (a list column of numbers is `probs` or `logits` as an array); its line is its 1-based row number. */
async function readBinaryPredictions(builder: PredictionBuilder, path: string, format: BinaryTableFormat, index: number, model: string | null): Promise<void> {
  builder.addPath(path, index);
  const defaultRun = runNameFromPath(path);
  let columns: string[] = [];
  const file = await readBinaryTable(path, format, {
    header: (names) => (columns = names),
    columns: (values, count, firstRow) => {
      for (let r = 0; r < count; r++) {
        const raw: Record<string, unknown> = {};
        columns.forEach((name, c) => {
          const value = values[c][r];
          if (value !== null && value !== undefined) raw[name] = value;
        });
        const line = firstRow + r + 1;
        builder.add(toPredictionRecord(raw, path, line), path, line, defaultRun, model);
      }
    },
  });
  if (file.rows === 0) throw new InputError('the prediction file is empty', path);
}

/** The run name for records without `seed`/`run`: the file name without its extensions. */
export function runNameFromPath(path: string): string {
  if (path === '-') return 'stdin';
  return basename(path)
    .replace(/\.gz$/i, '')
    .replace(/\.(jsonl|ndjson|json|csv|tsv|parquet|arrow|arrows|feather|ipc)$/i, '');
}

/** Largest integer id range (relative to the row count) that gets a direct lookup table. */
const DIRECT_TABLE_FACTOR = 4;

/**
 * How prediction ids map to data rows, as plain data that can be sent to a worker thread:
 * row numbers (no id column), a direct table for compact integer ids, or the id strings.
 */
export type ResolverSpec = { kind: 'rows'; rowCount: number } | { kind: 'table'; min: number; table: Int32Array } | { kind: 'map'; ids: (string | null)[] };

/**
 * Ids join as strings (`7` matches `"7"` and `7.0`); integer ids use a lookup table, not
 * hashing. An id the data repeats is an error: predictions could not be joined. Data ids that are
 * one number written differently ("1", "1.0") make a join by number ambiguous: see resolverFromSpec.
 */
export function resolverSpec(data: DataTable, roles: Roles): ResolverSpec {
  const column = roles.id ? data.column(roles.id) : undefined;
  if (!column) return { kind: 'rows', rowCount: data.rowCount };
  const duplicate = (id: string, previous: number, row: number) =>
    new InputError(
      `id "${id}" occurs twice in the id column "${column.name}" (lines ${data.lines[previous]} and ${data.lines[row]}): predictions cannot be joined; give another --id-col`,
      data.path,
      data.lines[row],
    );

  if (column.isNumeric && column.stats.empty + column.stats.nulls + column.stats.nan === 0) {
    const values = column.numbers();
    let min = Infinity;
    let max = -Infinity;
    let integers = true;
    for (let row = 0; row < values.length && integers; row++) {
      const v = values[row];
      integers = Number.isInteger(v) && String(v) === column.get(row).trim();
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (integers && max - min < DIRECT_TABLE_FACTOR * data.rowCount + 1024) {
      const table = new Int32Array(max - min + 1).fill(-1);
      for (let row = 0; row < values.length; row++) {
        const slot = values[row] - min;
        if (table[slot] >= 0) throw duplicate(column.get(row), table[slot], row);
        table[slot] = row;
      }
      return { kind: 'table', min, table };
    }
  }
  const seen = new Map<string, number>();
  const ids: (string | null)[] = new Array<string | null>(data.rowCount);
  for (let row = 0; row < data.rowCount; row++) {
    if (column.isMissing(row)) {
      ids[row] = null;
      continue;
    }
    const id = column.get(row);
    const previous = seen.get(id);
    if (previous !== undefined) throw duplicate(id, previous, row);
    seen.set(id, row);
    ids[row] = id;
  }
  return { kind: 'map', ids };
}

/** The function that maps an id (string, or number as JSON gave it) to its row, or -1. */
export function resolverFromSpec(spec: ResolverSpec): (id: string | number) => number {
  const asNumber = (id: string | number) => (typeof id === 'number' ? id : id.trim() === '' ? NaN : Number(id));
  if (spec.kind === 'rows') {
    return (id) => {
      const row = asNumber(id);
      return Number.isInteger(row) && row >= 0 && row < spec.rowCount ? row : -1;
    };
  }
  if (spec.kind === 'table') {
    const { min, table } = spec;
    const max = min + table.length - 1;
    return (id) => {
      const value = asNumber(id);
      if (!Number.isInteger(value) || value < min || value > max) return -1;
      return table[value - min];
    };
  }
  const rows = new Map<string, number>();
  // Data ids that are one number written differently ("1", "1.0", "1e0"), by that number as
  // JavaScript writes it. Two such ids need one not written the canonical way, so only those are
  // grouped: in most data there are none.
  const variants = new Map<string, number[]>();
  spec.ids.forEach((id, row) => {
    if (id === null) return;
    rows.set(id, row);
    if (!DECIMAL.test(id)) return;
    const key = String(Number(id));
    if (key !== id) variants.set(key, [...(variants.get(key) ?? []), row]);
  });
  const ambiguous = new Map<string, number[]>();
  for (const [key, others] of variants) {
    const canonical = rows.get(key);
    const group = canonical === undefined ? others : [canonical, ...others];
    if (group.length > 1) ambiguous.set(key, group);
  }
  variants.clear();
  /** The row of a number whose data ids are several: the one it can mean, -1 for none, or an error naming them. */
  const among = (group: number[], shown: string, json: boolean): number => {
    // A JSON number was written as JSON writes numbers: never "007" or "+7".
    const candidates = json ? group.filter((row) => JSON_NUMBER.test(spec.ids[row]!)) : group;
    if (candidates.length <= 1) return candidates[0] ?? -1;
    const ids = candidates.slice(0, 5).map((row) => JSON.stringify(spec.ids[row]));
    throw new InputError(
      `id ${shown} could be any of the data ids ${ids.join(', ')}${candidates.length > 5 ? ', ...' : ''}: they are the same number written differently, and ${json ? 'a JSON number does not keep how it was written' : 'it is none of them exactly'}; write the prediction ids as strings exactly as the data has them`,
    );
  };
  return (id) => {
    if (typeof id === 'number') {
      // A JSON number joins the data id that is the same number ("7" for 7, also when written 7.0).
      const key = String(id);
      const group = ambiguous.get(key);
      return group ? among(group, key, true) : (rows.get(key) ?? -1);
    }
    const row = rows.get(id);
    if (row !== undefined) return row;
    // A string joins the same string, else the same number written the canonical way ("7.0" joins "7").
    if (!DECIMAL.test(id)) return -1;
    const key = String(Number(id));
    const group = ambiguous.get(key);
    return group ? among(group, JSON.stringify(id), false) : (rows.get(key) ?? -1);
  };
}

/** A decimal number as text (what a CSV cell or a JSON string holds): `7`, `-0.5`, `1e3`, ` 7 `. */
const DECIMAL = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;
/** A number as JSON writes it: no sign +, no leading zeros, no spaces. */
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

export function rowResolver(data: DataTable, roles: Roles): (id: string | number) => number {
  return resolverFromSpec(resolverSpec(data, roles));
}

const PROB_COLUMN = /^(?:probs?[._]|proba[._]|p_)(.+)$/;
const LOGIT_COLUMN = /^logits?[._](.+)$/;

/** Turns a CSV prediction row into the same record shape JSONL gives. */
function csvRecordMaker(header: string[], label: string): (fields: string[], line: number) => Record<string, unknown> {
  const plain = new Set(['id', 'seed', 'run', 'pred', 'label', 'epoch', 'step', 'checkpoint']);
  return (fields, line) => {
    const record: Record<string, unknown> = {};
    let probs: Record<string, number> | null = null;
    let logits: Record<string, number> | null = null;
    for (let i = 0; i < header.length && i < fields.length; i++) {
      const name = header[i];
      const cell = fields[i].trim();
      if (cell === '') continue;
      if (plain.has(name)) record[name] = cell;
      else if (name === 'correct') record.correct = /^(true|1|yes)$/i.test(cell) ? true : /^(false|0|no)$/i.test(cell) ? false : cell;
      else if (name === 'score') record.score = Number(cell);
      else if (name === 'probs' || name === 'logits') {
        try {
          record[name] = JSON.parse(cell);
        } catch {
          throw new InputError(`"${name}" is not a JSON array or object: ${cell.slice(0, 40)}`, label, line);
        }
      } else {
        const prob = PROB_COLUMN.exec(name);
        const logit = LOGIT_COLUMN.exec(name);
        if (prob) (probs ??= Object.create(null) as Record<string, number>)[prob[1]] = Number(cell);
        else if (logit) (logits ??= Object.create(null) as Record<string, number>)[logit[1]] = Number(cell);
      }
    }
    if (probs && record.probs === undefined) record.probs = { ...probs };
    if (logits && record.logits === undefined) record.logits = { ...logits };
    return record;
  };
}

/** Reads one prediction file (JSONL, or CSV/TSV with the same fields) into the builder. */
export async function readPredictionFile(
  builder: PredictionBuilder,
  path: string,
  index: number,
  stdin?: Readable,
  model: string | null = null,
): Promise<void> {
  const binary = await binaryTableFormat(path);
  if (binary) return readBinaryPredictions(builder, path, binary, index, model);
  const source = await openSource(path, stdin);
  builder.addPath(source.label, index);
  const defaultRun = runNameFromPath(path);
  const opened = await firstChunk(source);
  if (!opened || opened.head.trim() === '') throw new InputError('the prediction file is empty', source.label);
  const add = (raw: Record<string, unknown>, line: number) => builder.add(toPredictionRecord(raw, source.label, line), source.label, line, defaultRun, model);
  const name = path.toLowerCase().replace(/\.gz$/, '');
  const isCsv =
    name.endsWith('.csv') || name.endsWith('.tsv') || (!name.endsWith('.jsonl') && !name.endsWith('.json') && !opened.head.trimStart().startsWith('{'));
  if (isCsv) {
    let makeRecord: ((fields: string[], line: number) => Record<string, unknown>) | null = null;
    await parseDelimited(opened.chunks, name.endsWith('.tsv') ? '\t' : ',', source.label, {
      header(fields) {
        makeRecord = csvRecordMaker(
          fields.map((field) => field.trim()),
          source.label,
        );
      },
      row(fields, line) {
        add(makeRecord!(fields, line), line);
      },
    });
  } else {
    await parseJsonLines(opened.chunks, source.label, add);
  }
  if (source.stats.sha256 !== null) builder.addDigest(index, { bytes: source.stats.storedBytes, sha256: source.stats.sha256 });
}
