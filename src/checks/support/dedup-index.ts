/**
 * Shared, memoised duplicate indexes for the duplicates, near-duplicates, conflicting-labels
 * and leakage checks: each index is computed once per audit (`context.memo`) and reused.
 *
 * - Exact groups: rows whose content is identical after `normalizeText` (NFC, trimmed,
 *   whitespace collapsed), keyed on the text column when there is one, else on every content
 *   column (features and slices; never the id, label, text or split column).
 * - Near-duplicate index: `findNearDuplicates` over the text column.
 * - With a separate training file (`context.train`), both indexes are also built over the
 *   evaluation rows followed by the training rows (training row t is item rowCount + t).
 */
import type { RowRoles } from '../../data/row-roles.js';
import { collisionProbability, expectedIdenticalPairs, identicalPairs } from '../../math/chance-collisions.js';
import type { Column } from '../../data/column.js';
import type { Roles } from '../../data/model.js';
import type { DataTable } from '../../data/table.js';
import { groupByHash, type ExactGrouping } from '../../math/exact-groups.js';
import { findNearDuplicates, type NearDuplicateIndex } from '../../math/near-duplicates.js';
import { fmix32, normalizedHash, normalizeText } from '../../math/normalize.js';
import { sanitizeInline } from '../../core/sanitize.js';
import { pct2 } from './format.js';
import { shared } from './wording.js';
import type { CheckContext } from '../types.js';

/** Defaults shared by the checks that read the near-duplicate index (same defaults, same memo). */
export const NEAR_DEFAULTS = { threshold: 0.8, hashes: 128, maxBucketSize: 128, bucketWindow: 8 } as const;

export interface NearParams {
  threshold: number;
  hashes: number;
  maxBucketSize: number;
  bucketWindow: number;
}

export type KeyKind = 'text' | 'features' | 'none';

export interface ContentKey {
  keyedOn: KeyKind;
  /** The columns the content is read from, in table order. */
  columns: string[];
}

export interface ExactIndex extends ExactGrouping, ContentKey {
  /** Items with some content (empty texts, or rows whose content columns are all missing, are never grouped). */
  keyedItems: number;
}

/** Which columns make a row's content: the text column, else every non-role column. */
export function contentKey(table: DataTable, roles: Roles): ContentKey {
  // Asked once per example excerpt: with a million columns, recomputing it each time dominates.
  let byRoles = contentKeys.get(table);
  if (!byRoles) contentKeys.set(table, (byRoles = new WeakMap()));
  let key = byRoles.get(roles);
  if (!key) byRoles.set(roles, (key = computeContentKey(table, roles)));
  return key;
}

const contentKeys = new WeakMap<DataTable, WeakMap<Roles, ContentKey>>();

function computeContentKey(table: DataTable, roles: Roles): ContentKey {
  if (roles.text) return { keyedOn: 'text', columns: [roles.text] };
  const excluded = new Set([roles.id, roles.label, roles.split].filter((name): name is string => !!name));
  const included = new Set([...roles.features, ...roles.slices]);
  const columns = table.columns.filter((column) => included.has(column.name) && !excluded.has(column.name)).map((column) => column.name);
  return { keyedOn: columns.length > 0 ? 'features' : 'none', columns };
}

/**
 * Writes the 64-bit normalised-content hash of each row of `columns` to `out[2 * (offset + row)]`
 * and marks rows with content in `valid`. Dictionary-encoded columns hash each level once.
 */
function hashContent(columns: (Column | undefined)[], rows: number, seed: number, out: Uint32Array, valid: Uint8Array, offset: number): void {
  const scratch = new Uint32Array(2);
  if (columns.length === 1 && columns[0]) {
    const column = columns[0];
    if (column.levels && column.codes) {
      const levelHashes = new Uint32Array(2 * column.levels.length);
      const levelLength = new Int32Array(column.levels.length);
      column.levels.forEach((level, code) => {
        levelLength[code] = normalizedHash(level, false, seed, levelHashes, 2 * code);
      });
      for (let row = 0; row < rows; row++) {
        const code = column.codes[row];
        if (code < 0 || levelLength[code] === 0) continue;
        valid[offset + row] = 1;
        out[2 * (offset + row)] = levelHashes[2 * code];
        out[2 * (offset + row) + 1] = levelHashes[2 * code + 1];
      }
    } else {
      for (let row = 0; row < rows; row++) {
        if (column.isMissing(row)) continue;
        if (normalizedHash(column.get(row), false, seed, out, 2 * (offset + row)) > 0) valid[offset + row] = 1;
      }
    }
    return;
  }
  // Several columns: combine the per-cell hashes in column order (position matters).
  const acc1 = new Uint32Array(rows);
  const acc2 = new Uint32Array(rows);
  acc1.fill(fmix32(seed ^ 0x2545f491));
  acc2.fill(fmix32(seed ^ 0x6a09e667));
  columns.forEach((column, position) => {
    let levelHashes: Uint32Array | null = null;
    let levelLength: Int32Array | null = null;
    if (column?.levels && column.codes) {
      levelHashes = new Uint32Array(2 * column.levels.length);
      levelLength = new Int32Array(column.levels.length);
      for (let code = 0; code < column.levels.length; code++) levelLength[code] = normalizedHash(column.levels[code], false, seed, levelHashes, 2 * code);
    }
    const salt = Math.imul(position + 1, 0x9e3779b1);
    for (let row = 0; row < rows; row++) {
      let h1 = 0;
      let h2 = 0;
      let length = 0;
      if (column && !column.isMissing(row)) {
        if (levelHashes && levelLength && column.codes) {
          const code = column.codes[row];
          h1 = levelHashes[2 * code];
          h2 = levelHashes[2 * code + 1];
          length = levelLength[code];
        } else {
          length = normalizedHash(column.get(row), false, seed, scratch, 0);
          h1 = scratch[0];
          h2 = scratch[1];
        }
      }
      if (length > 0) valid[offset + row] = 1;
      else {
        // An empty cell: its own constant per position.
        h1 = salt;
        h2 = ~salt;
      }
      acc1[row] = Math.imul(acc1[row] ^ h1 ^ salt, 0x01000193);
      acc2[row] = Math.imul(((acc2[row] << 13) | (acc2[row] >>> 19)) ^ h2, 0x5bd1e995) + salt;
    }
  });
  for (let row = 0; row < rows; row++) {
    out[2 * (offset + row)] = fmix32(acc1[row]);
    out[2 * (offset + row) + 1] = fmix32(acc2[row] ^ columns.length);
  }
}

/** Exact content of a row, for verifying hash groups (JSON of the normalised cells when several). */
function contentText(columns: (Column | undefined)[], row: number): string {
  if (columns.length === 1) return columns[0] && !columns[0].isMissing(row) ? normalizeText(columns[0].get(row)) : '';
  return JSON.stringify(columns.map((column) => (column && !column.isMissing(row) ? normalizeText(column.get(row)) : '')));
}

function buildExact(parts: { columns: (Column | undefined)[]; rows: number }[], key: ContentKey, seed: number): ExactIndex {
  const total = parts.reduce((sum, part) => sum + part.rows, 0);
  const hashes = new Uint32Array(2 * total);
  const valid = new Uint8Array(total);
  const offsets: number[] = [];
  let offset = 0;
  for (const part of parts) {
    offsets.push(offset);
    if (key.keyedOn !== 'none') hashContent(part.columns, part.rows, seed, hashes, valid, offset);
    offset += part.rows;
  }
  const grouping = groupByHash(total, hashes, valid, (item) => {
    let p = parts.length - 1;
    while (offsets[p] > item) p--;
    return contentText(parts[p].columns, item - offsets[p]);
  });
  let keyedItems = 0;
  for (let i = 0; i < total; i++) keyedItems += valid[i];
  return { ...grouping, ...key, keyedItems };
}

/** Exact-duplicate groups of the data rows (memoised). */
export function exactIndex(context: CheckContext): ExactIndex {
  return context.memo(`dedup:exact:data:${context.settings.seed}`, () => {
    const key = contentKey(context.data, context.roles);
    const columns = key.columns.map((name) => context.data.column(name));
    return buildExact([{ columns, rows: context.data.rowCount }], key, context.settings.seed);
  });
}

/** The training file's columns matching the data's content columns (by name; the text column may also be the training file's own). */
export function trainContentColumns(context: CheckContext, key: ContentKey): { columns: (Column | undefined)[]; missing: string[] } {
  const train = context.train!;
  if (key.keyedOn === 'text') {
    const name = key.columns[0];
    const column = train.data.column(name) ?? (train.roles.text ? train.data.column(train.roles.text) : undefined);
    if (!column)
      throw new Error(
        `the training file has no text column (looked for "${name}"${train.roles.text ? ` and "${train.roles.text}"` : ''}): give it the same text column as the data`,
      );
    return { columns: [column], missing: [] };
  }
  const columns = key.columns.map((name) => train.data.column(name));
  return { columns, missing: key.columns.filter((_, index) => !columns[index]) };
}

/** Exact groups over the data rows (items 0..n-1) followed by the training file's rows (n..n+m-1). */
export function exactIndexWithTrain(context: CheckContext): ExactIndex & { missingTrainColumns: string[] } {
  return context.memo(`dedup:exact:data+train:${context.settings.seed}`, () => {
    const key = contentKey(context.data, context.roles);
    const columns = key.columns.map((name) => context.data.column(name));
    const train = trainContentColumns(context, key);
    const index = buildExact(
      [
        { columns, rows: context.data.rowCount },
        { columns: train.columns, rows: context.train!.data.rowCount },
      ],
      key,
      context.settings.seed,
    );
    return { ...index, missingTrainColumns: train.missing };
  });
}

function nearKey(scope: string, params: NearParams, seed: number): string {
  return `dedup:near:${scope}:${params.threshold}:${params.hashes}:${params.maxBucketSize}:${params.bucketWindow}:${seed}`;
}

/** Near-duplicate index of the data's text column (memoised per parameters); null without a text column. */
export function nearIndex(context: CheckContext, params: NearParams): NearDuplicateIndex | null {
  const textName = context.roles.text;
  if (!textName) return null;
  const column = context.data.column(textName)!;
  return context.memo(nearKey('data', params, context.settings.seed), () =>
    findNearDuplicates(
      { count: context.data.rowCount, text: (row) => column.get(row) },
      { threshold: params.threshold, hashes: params.hashes, seed: context.settings.seed, maxBucketSize: params.maxBucketSize, window: params.bucketWindow },
    ),
  );
}

/**
 * Near-duplicate index over the data's texts followed by the training file's texts, verifying
 * only pairs that join the two (memoised); null without a text column.
 */
export function nearIndexWithTrain(context: CheckContext, params: NearParams): NearDuplicateIndex | null {
  const textName = context.roles.text;
  if (!textName || !context.train) return null;
  const column = context.data.column(textName)!;
  const trainColumn = trainContentColumns(context, { keyedOn: 'text', columns: [textName] }).columns[0]!;
  const n = context.data.rowCount;
  const m = context.train.data.rowCount;
  return context.memo(nearKey('data+train', params, context.settings.seed), () => {
    const side = new Uint8Array(n + m);
    side.fill(1, n);
    return findNearDuplicates(
      { count: n + m, text: (item) => (item < n ? column.get(item) : trainColumn.get(item - n)) },
      {
        threshold: params.threshold,
        hashes: params.hashes,
        seed: context.settings.seed,
        maxBucketSize: params.maxBucketSize,
        window: params.bucketWindow,
        side,
        crossOnly: true,
      },
    );
  });
}

/** A short sanitised excerpt of a row's content: its text, else its content cells joined by " | ". */
export function contentExcerpt(context: CheckContext, row: number, max = 80): string | undefined {
  const text = context.excerpt(row, max);
  if (text !== undefined) return text;
  const key = contentKey(context.data, context.roles);
  if (key.columns.length === 0) return undefined;
  // Only as many cells as the excerpt can show are read.
  const parts: string[] = [];
  let length = 0;
  for (const name of key.columns) {
    const cell = context.data.column(name)!.get(row);
    parts.push(cell);
    length += cell.length + 3;
    if (length > 4 * max) break;
  }
  return truncate(sanitizeInline(parts.join(' | ')), max);
}

/** Sanitised excerpt of a cell of another table (the training file). */
export function cellExcerpt(column: Column | undefined, row: number, max = 80): string | undefined {
  if (!column) return undefined;
  return truncate(sanitizeInline(column.get(row)), max);
}

function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…';
}

/** Rows of each group beyond the first. */
export function redundantRows(groups: readonly ArrayLike<number>[]): number {
  let total = 0;
  for (const group of groups) total += group.length - 1;
  return total;
}

/** "12.34%" */
export const percent = pct2;

/** How near copies were told apart, for the findings: by text Jaccard or by embedding cosine similarity. */
export function nearRule(
  space: 'text' | 'embeddings' | undefined,
  threshold: number,
  lang: 'en' | 'zh',
  textWords: { en: string; zh: string } = { en: 'character 5-gram Jaccard', zh: '字符 5-gram Jaccard 相似度' },
): string {
  if (space === 'embeddings') return shared.embeddingRule[lang](String(Number(threshold.toFixed(4))));
  return `${textWords[lang]} ≥ ${threshold}`;
}

/**
 * The training rows a de-duplication drops: in each group, its training rows beyond the first.
 * Without a split every row trains (and is evaluated by cross-validation); with a training file
 * the data rows are evaluation rows and drop none.
 */
export function trainingRedundancy(groups: readonly ArrayLike<number>[], roles: RowRoles): number {
  if (roles.source === 'all-rows') return redundantRows(groups);
  let total = 0;
  for (const group of groups) {
    let training = 0;
    for (let i = 0; i < group.length; i++) if (!roles.evaluation[group[i]]) training++;
    if (training > 1) total += training - 1;
  }
  return total;
}

/** Rows below which the chance test of exact groups is not made (every repeat counts as a copy). */
export const CHANCE_MIN_ROWS = 100;
/** Identical pairs up to this many times what independent columns give are coincidences, not copies. */
export const CHANCE_FACTOR = 10;

export interface ExactChance {
  /** Pairs of identical rows, and what independent columns with these frequencies give. */
  observedPairs: number;
  expectedPairs: number;
  byChance: boolean;
}

/**
 * Are the exact groups of the data what chance gives? Only for rows keyed on feature columns (no
 * text; a free text shared by two rows is a copy): there, different rows share values by chance,
 * and the groups are copies only when identical pairs exceed what independent columns give by
 * more than CHANCE_FACTOR (math/chance-collisions.ts). Null when the test does not apply.
 */
export function exactChance(context: CheckContext): ExactChance | null {
  return context.memo(`dedup:exact:chance:${context.settings.seed}`, () => {
    const index = exactIndex(context);
    // Value frequencies from a handful of rows say little: the test needs a table of some size.
    if (index.keyedOn !== 'features' || index.groups.length === 0 || context.data.rowCount < CHANCE_MIN_ROWS) return null;
    const n = context.data.rowCount;
    const probabilities: number[] = [];
    for (const name of index.columns) {
      const column = context.data.column(name);
      if (!column) return null;
      if (column.codes && column.levels) {
        const counts = new Float64Array(column.levels.length + 1);
        for (let row = 0; row < n; row++) counts[column.codes[row] < 0 ? column.levels.length : column.codes[row]]++;
        probabilities.push(collisionProbability(counts, n));
      } else {
        // A column of many distinct values: counted by value (missing cells are one value).
        const counts = new Map<string, number>();
        for (let row = 0; row < n; row++) {
          const value = column.isMissing(row) ? '\u0000missing' : column.get(row);
          counts.set(value, (counts.get(value) ?? 0) + 1);
        }
        probabilities.push(collisionProbability(counts.values(), n));
      }
    }
    const expectedPairs = expectedIdenticalPairs(probabilities, n);
    const observedPairs = identicalPairs(index.groups);
    return { observedPairs, expectedPairs, byChance: observedPairs <= CHANCE_FACTOR * expectedPairs };
  });
}
