import type { CheckContext, Example, Json, Settings } from './types.js';
import type { DataTable } from '../data/table.js';
import type { Labels, Predictions, Roles } from '../data/model.js';
import type { TrainingLogs } from '../data/training-log.js';
import type { Embeddings } from '../data/embeddings.js';
import { sanitizeText } from '../core/sanitize.js';
import { rowRoles, type RowRoles } from '../data/row-roles.js';

export interface AuditInputs {
  data: DataTable;
  roles: Roles;
  labels: Labels | null;
  predictions: Predictions | null;
  train?: { data: DataTable; roles: Roles } | null;
  logs?: TrainingLogs | null;
  embeddings?: Embeddings | null;
  settings?: Partial<Settings>;
  /** The roles of the data rows; derived from the split column (or `--train`) when absent. */
  rowRoles?: RowRoles;
  /** The metrics of checks that already ran (the runner's outcomes, parsed with their schemas); none by default. */
  earlier?: CheckContext['earlier'];
}

export const DEFAULT_SETTINGS: Settings = { task: null, lang: 'en', sliceDepth: 1, seed: 42 };

/**
 * Builds the read-only context shared by all checks of one audit. `memo` is shared, so
 * pass the same `memoStore` to every check's context.
 */
export function createContext(inputs: AuditInputs, options: Record<string, unknown> = {}, memoStore = new Map<string, unknown>()): CheckContext {
  const { data, roles } = inputs;
  const idColumn = roles.id ? (data.column(roles.id) ?? null) : null;
  const textColumn = roles.text ? (data.column(roles.text) ?? null) : null;
  const settings: Settings = { ...DEFAULT_SETTINGS, ...inputs.settings };
  return {
    data,
    roles,
    labels: inputs.labels,
    predictions: inputs.predictions,
    train: inputs.train ?? null,
    logs: inputs.logs ?? null,
    embeddings: inputs.embeddings ?? null,
    rowRoles: inputs.rowRoles ?? rowRoles(data, roles, !!inputs.train),
    earlier: inputs.earlier ?? (() => null),
    options,
    settings,
    memo<T>(key: string, compute: () => T): T {
      if (memoStore.has(key)) return memoStore.get(key) as T;
      const value = compute();
      memoStore.set(key, value);
      return value;
    },
    example(row: number, extra: Record<string, Json> = {}): Example {
      const example: Example = { row, line: data.lines[row] };
      if (idColumn) example.id = idColumn.get(row);
      for (const [key, value] of Object.entries(extra)) {
        if (key !== '__proto__') example[key] = value;
      }
      return example;
    },
    excerpt(row: number, max = 80): string | undefined {
      if (!textColumn) return undefined;
      return truncate(sanitizeText(textColumn.get(row)).replace(/\s+/g, ' ').trim(), max);
    },
  };
}

function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max - 1).join('') + '…';
}
