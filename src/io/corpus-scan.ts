/**
 * One pass over fine-tuning corpus files for evaluation items (math/ngram-containment.ts): each
 * record's text columns are joined with a newline and scanned; nothing is kept per training row
 * but a count and the first rows that hold an item. Memory is bounded by the index, whatever the
 * corpus size.
 *
 * A scan of several files is the scan of their concatenation, in the order given; so the partial
 * results of separate scans (one per shard file, on other machines) merge into what one scan of
 * every file gives (`mergeScans`), and serialise to plain JSON (`scanToJson` / `scanFromJson`)
 * with the digest of the index they were made against, so that partials of different evaluation
 * items or settings are refused.
 */
import { createHash } from 'node:crypto';
import { InputError } from '../errors.js';
import { forEachRecord } from './records.js';
import { ContainmentIndex, emptyCounts, mergeCounts, scanRow, type ContainmentCounts } from '../math/ngram-containment.js';

export interface CorpusScanOptions {
  /** The record fields joined (newline) into the text scanned. */
  columns: readonly string[];
  /** A row holds an item when it covers at least this share of the item's n-grams by itself. */
  rowShare: number;
  /** Rows holding an item kept as examples (the first ones, in file order). */
  maxExamples: number;
}

export interface HeldRow {
  file: string;
  line: number;
  item: number;
  coverage: number;
}

export interface CorpusScan {
  /** Digest of the evaluation items and settings the scan was made against. */
  index: string;
  files: { path: string; rows: number }[];
  columns: string[];
  /** Rows that hold at least `rowShare` of some item by themselves, and rows with none of the columns. */
  rowsHolding: number;
  rowsWithoutText: number;
  counts: ContainmentCounts;
  examples: HeldRow[];
}

/** What identifies an index: n, the item texts and the row share. */
export function indexDigest(items: readonly (string | null)[], index: ContainmentIndex, rowShare: number, columns: readonly string[]): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ n: index.n, sizes: Array.from(index.sizes), rowShare, columns }));
  for (const item of items) hash.update(`${item ?? '\u0000'}\u0001`);
  return hash.digest('hex').slice(0, 32);
}

function textOf(record: Record<string, unknown>, columns: readonly string[]): string | null {
  const parts: string[] = [];
  for (const column of columns) {
    if (!Object.prototype.hasOwnProperty.call(record, column)) continue;
    const value = record[column];
    if (value === null || value === undefined) continue;
    parts.push(typeof value === 'string' ? value : JSON.stringify(value));
  }
  return parts.length === 0 ? null : parts.join('\n');
}

/** Scans `paths` in order against `index`. A file whose first record has none of the columns is an InputError naming them. */
export async function scanCorpus(paths: readonly string[], index: ContainmentIndex, digest: string, options: CorpusScanOptions): Promise<CorpusScan> {
  const counts = emptyCounts(index);
  const scan: CorpusScan = { index: digest, files: [], columns: [...options.columns], rowsHolding: 0, rowsWithoutText: 0, counts, examples: [] };
  for (const path of paths) {
    let first = true;
    const rows = await forEachRecord(path, (record, line) => {
      if (first) {
        first = false;
        if (!options.columns.some((column) => Object.prototype.hasOwnProperty.call(record, column))) {
          const fields = Object.keys(record).slice(0, 12).join(', ');
          throw new InputError(
            `none of the training text columns ${options.columns.join(', ')} is in the file (its fields: ${fields}); give --train-text-cols`,
            path,
          );
        }
      }
      const text = textOf(record, options.columns);
      if (text === null) {
        scan.rowsWithoutText++;
        counts.rowsScanned++;
        return;
      }
      const held = scanRow(index, counts, text, options.rowShare);
      if (held.length === 0) return;
      scan.rowsHolding++;
      for (const { item, coverage } of held) if (scan.examples.length < options.maxExamples) scan.examples.push({ file: path, line, item, coverage });
    });
    scan.files.push({ path, rows });
  }
  return scan;
}

/** Merges partial scans (in the order of their files) into the scan of all their files. */
export function mergeScans(parts: readonly CorpusScan[], maxExamples: number): CorpusScan {
  if (parts.length === 0) throw new RangeError('nothing to merge');
  const [first, ...rest] = parts;
  const counts: ContainmentCounts = {
    found: first.counts.found.slice(),
    bestRowCoverage: first.counts.bestRowCoverage.slice(),
    rowsWithHits: first.counts.rowsWithHits.slice(),
    rowsScanned: first.counts.rowsScanned,
  };
  const merged: CorpusScan = { ...first, files: [...first.files], counts, examples: [...first.examples] };
  for (const part of rest) {
    if (part.index !== first.index)
      throw new InputError(`the partial results were made against different evaluation items or settings (index ${part.index} and ${first.index})`);
    mergeCounts(merged.counts, part.counts);
    merged.files.push(...part.files);
    merged.rowsHolding += part.rowsHolding;
    merged.rowsWithoutText += part.rowsWithoutText;
    merged.examples.push(...part.examples);
  }
  merged.examples = merged.examples.slice(0, maxExamples);
  return merged;
}

/** A scan as plain JSON: found n-grams as base64 bits, per-item counts sparse. */
export function scanToJson(scan: CorpusScan): Record<string, unknown> {
  const bits = new Uint8Array(Math.ceil(scan.counts.found.length / 8));
  scan.counts.found.forEach((value, i) => {
    if (value) bits[i >> 3] |= 1 << (i & 7);
  });
  const sparse = (values: ArrayLike<number>) => {
    const out: [number, number][] = [];
    for (let i = 0; i < values.length; i++) if (values[i] !== 0) out.push([i, values[i]]);
    return out;
  };
  return {
    format: 'trainaudit-contamination-partial/1',
    index: scan.index,
    files: scan.files,
    columns: scan.columns,
    rowsScanned: scan.counts.rowsScanned,
    rowsHolding: scan.rowsHolding,
    rowsWithoutText: scan.rowsWithoutText,
    items: scan.counts.rowsWithHits.length,
    positions: scan.counts.found.length,
    found: Buffer.from(bits).toString('base64'),
    bestRowCoverage: sparse(scan.counts.bestRowCoverage),
    rowsWithHits: sparse(scan.counts.rowsWithHits),
    examples: scan.examples,
  };
}

/** Reads a partial scan written by `scanToJson`; a malformed one is an InputError naming `label`. */
export function scanFromJson(json: unknown, label: string): CorpusScan {
  const fail = (what: string): never => {
    throw new InputError(`not a partial contamination scan: ${what}`, label);
  };
  if (typeof json !== 'object' || json === null) return fail('expected a JSON object');
  const o = json as Record<string, unknown>;
  if (o.format !== 'trainaudit-contamination-partial/1') fail('its "format" is not trainaudit-contamination-partial/1');
  const items = o.items;
  const positions = o.positions;
  if (!Number.isSafeInteger(items) || !Number.isSafeInteger(positions) || (items as number) < 0 || (positions as number) < 0)
    return fail('"items" and "positions" must be counts');
  const bits = Buffer.from(typeof o.found === 'string' ? o.found : fail('"found" must be base64 text'), 'base64');
  if (bits.length !== Math.ceil((positions as number) / 8)) fail('"found" does not hold one bit per n-gram');
  const found = new Uint8Array(positions as number);
  for (let i = 0; i < found.length; i++) found[i] = (bits[i >> 3] >> (i & 7)) & 1;
  const dense = (key: string, out: Float64Array | Int32Array) => {
    const list = o[key];
    if (!Array.isArray(list)) fail(`"${key}" must be a list`);
    for (const entry of list as unknown[]) {
      if (
        !Array.isArray(entry) ||
        !Number.isSafeInteger(entry[0]) ||
        entry[0] < 0 ||
        entry[0] >= out.length ||
        typeof entry[1] !== 'number' ||
        !Number.isFinite(entry[1])
      )
        fail(`"${key}" has an entry that is not [item, value]`);
      out[(entry as number[])[0]] = (entry as number[])[1];
    }
    return out;
  };
  const count = (key: string) => (Number.isSafeInteger(o[key]) && (o[key] as number) >= 0 ? (o[key] as number) : fail(`"${key}" must be a count`));
  if (typeof o.index !== 'string' || !Array.isArray(o.files) || !Array.isArray(o.columns) || !Array.isArray(o.examples))
    fail('"index", "files", "columns" and "examples" are required');
  return {
    index: o.index as string,
    files: o.files as CorpusScan['files'],
    columns: o.columns as string[],
    rowsHolding: count('rowsHolding'),
    rowsWithoutText: count('rowsWithoutText'),
    counts: {
      found,
      bestRowCoverage: dense('bestRowCoverage', new Float64Array(items as number)) as Float64Array,
      rowsWithHits: dense('rowsWithHits', new Int32Array(items as number)) as Int32Array,
      rowsScanned: count('rowsScanned'),
    },
    examples: o.examples as HeldRow[],
  };
}
