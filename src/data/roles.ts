import type { Column } from './column.js';
import type { FreeFormAnswers, RoleAssignment, Roles } from './model.js';
import type { DataTable } from './table.js';
import { InputError } from '../errors.js';

export interface RoleOverrides {
  idCol?: string | null;
  labelCol?: string | null;
  textCol?: string | null;
  splitCol?: string | null;
  sliceCols?: string[] | null;
  /** Names tried for the text column before the usual ones: a reader that knows where its format keeps the input (a benchmark's question). */
  textNames?: readonly string[];
}

export const ID_NAMES = ['id', '_id', 'uid', 'example_id', 'idx'];
export const LABEL_NAMES = ['label', 'labels', 'target', 'class', 'y', 'gold', 'gold_label', 'ground_truth', 'true_label', 'annotation'];
export const TEXT_NAMES = ['text', 'sentence', 'content', 'review', 'body', 'document', 'question', 'prompt', 'comment', 'message', 'utterance', 'passage'];
export const SPLIT_NAMES = ['split', 'fold', 'subset', 'partition', 'set', 'dataset_split'];
export const SPLIT_VALUES = new Set(['train', 'training', 'val', 'valid', 'validation', 'dev', 'test', 'testing', 'eval', 'evaluation', 'holdout']);

/** A free-text column: mostly distinct strings averaging at least this many characters. */
const TEXT_MIN_MEAN_LENGTH = 30;

function byName(table: DataTable, names: readonly string[]): Column | undefined {
  for (const name of names) {
    const column = table.columns.find((c) => c.name.toLowerCase() === name);
    if (column) return column;
  }
  return undefined;
}

function requireColumn(table: DataTable, name: string, flag: string): Column {
  const column = table.column(name);
  if (!column) {
    const known = table.columns
      .map((c) => c.name)
      .slice(0, 12)
      .join(', ');
    throw new InputError(`${flag} names column "${name}", which the data does not have (columns: ${known})`, table.path);
  }
  return column;
}

function meanLength(column: Column, sample = 2000): number {
  let total = 0;
  let count = 0;
  const step = Math.max(1, Math.floor(column.size / sample));
  for (let row = 0; row < column.size; row += step) {
    if (column.isMissing(row)) continue;
    total += column.get(row).length;
    count++;
  }
  return count === 0 ? 0 : total / count;
}

/** Rows per distinct value below which a column of many values holds free-form answers, not classes. */
const MIN_ROWS_PER_CLASS = 3;
/** Up to this many distinct values a column may always be classes (a few rare ones included). */
const ALWAYS_CLASSES = 20;

/**
 * Free-form answers rather than classes: more than 20 distinct values, fewer than 3 rows per value
 * on average (the answers of a math word-problem set: 123 values among 231 rows). Classes repeat.
 */
export function freeFormAnswers(column: Column): FreeFormAnswers | null {
  const present = column.size - column.stats.empty - column.stats.nulls - column.stats.nan;
  const distinct = column.distinctCount;
  if (present === 0 || distinct <= ALWAYS_CLASSES || present >= MIN_ROWS_PER_CLASS * distinct) return null;
  const examples: string[] = [];
  const seen = new Set<string>();
  for (let row = 0; row < column.size && examples.length < 4; row++) {
    if (column.isMissing(row)) continue;
    const value = column.get(row);
    if (seen.has(value)) continue;
    seen.add(value);
    // Prefer answers that are plainly not class names: mix a word answer in when there is one.
    if (examples.length < 3 || /[a-z]/i.test(value)) examples.push(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  }
  return { column: column.name, distinct, rows: present, examples };
}

function looksLikeSplit(column: Column): boolean {
  if (!column.levels || column.levels.length === 0 || column.levels.length > 6) return false;
  return column.levels.every((level) => SPLIT_VALUES.has(level.toLowerCase()));
}

/** Assigns a role to every column: overrides first, then names, then types. */
export function detectRoles(table: DataTable, overrides: RoleOverrides = {}): Roles {
  const assignments: RoleAssignment[] = [];
  const taken = new Set<string>();
  const assign = (column: Column | undefined, role: RoleAssignment['role'], reason: string): string | null => {
    if (!column || taken.has(column.name)) return null;
    taken.add(column.name);
    assignments.push({ column: column.name, role, reason });
    return column.name;
  };

  const pick = (
    override: string | null | undefined,
    flag: string,
    names: readonly string[],
    role: RoleAssignment['role'],
    fallback?: () => Column | undefined,
    fallbackReason?: string,
  ): string | null => {
    if (override) return assign(requireColumn(table, override, flag), role, `set by ${flag}`);
    if (override === null) return null;
    const named = byName(table, names);
    if (named && !taken.has(named.name)) return assign(named, role, `named "${named.name}"`);
    const found = fallback?.();
    return found ? assign(found, role, fallbackReason ?? 'detected by type') : null;
  };

  const id = pick(overrides.idCol, '--id-col', ID_NAMES, 'id');
  // A column named like a label is taken as one only when its values repeat like classes.
  let answers: FreeFormAnswers | null = null;
  if (overrides.labelCol === undefined) {
    const named = byName(table, LABEL_NAMES);
    answers = named && !taken.has(named.name) ? freeFormAnswers(named) : null;
    if (answers) {
      taken.add(answers.column);
      assignments.push({
        column: answers.column,
        role: 'feature',
        reason: `named "${answers.column}" but free-form answers (${answers.distinct} distinct values among ${answers.rows} rows), not classes: not taken as the label (--label-col ${answers.column} takes it)`,
      });
    }
  }
  const label = answers ? null : pick(overrides.labelCol, '--label-col', LABEL_NAMES, 'label');
  const split = pick(
    overrides.splitCol,
    '--split-col',
    SPLIT_NAMES,
    'split',
    () => table.columns.find((c) => !taken.has(c.name) && looksLikeSplit(c)),
    'values are split names (train/validation/test)',
  );
  const text = pick(
    overrides.textCol,
    '--text-col',
    [...(overrides.textNames ?? []), ...TEXT_NAMES],
    'text',
    () => {
      let best: Column | undefined;
      let bestLength = TEXT_MIN_MEAN_LENGTH;
      for (const column of table.columns) {
        if (taken.has(column.name) || column.isNumeric) continue;
        const present = column.size - column.stats.empty - column.stats.nulls - column.stats.nan;
        // Free text is mostly distinct; a categorical column repeats a few values.
        if (column.levels && column.levels.length < 0.5 * present) continue;
        const length = meanLength(column);
        if (length >= bestLength) {
          best = column;
          bestLength = length;
        }
      }
      return best;
    },
    `free text: mostly distinct strings of ${TEXT_MIN_MEAN_LENGTH}+ characters on average`,
  );

  const slices: string[] = [];
  for (const name of overrides.sliceCols ?? []) {
    const column = requireColumn(table, name, '--slice-cols');
    if (taken.has(column.name)) {
      // A declared slice may also be the label or split; it keeps its first role and is also a slice.
      slices.push(column.name);
      continue;
    }
    assign(column, 'slice', 'set by --slice-cols');
    slices.push(column.name);
  }

  const features: string[] = answers ? [answers.column] : [];
  for (const column of table.columns) {
    if (taken.has(column.name)) continue;
    taken.add(column.name);
    features.push(column.name);
    const kind = column.isNumeric ? 'numeric' : column.levels ? `categorical, ${column.levels.length} values` : 'string';
    assignments.push({ column: column.name, role: 'feature', reason: `remaining column (${kind})` });
  }
  assignments.sort((a, b) => table.column(a.column)!.index - table.column(b.column)!.index);
  return { id, label, text, split, slices, features, assignments, ...(answers ? { freeFormAnswers: answers } : {}) };
}
