import { tableFromRows } from '../../src/data/table.js';
import { detectRoles, type RoleOverrides } from '../../src/data/roles.js';
import { labelsFromColumn } from '../../src/data/labels.js';
import { predictionsFromRecords } from '../../src/data/predictions.js';
import { createContext, type AuditInputs } from '../../src/checks/context.js';
import type { CheckContext, Settings } from '../../src/checks/types.js';

export interface InputSpec {
  header: string[];
  rows: unknown[][];
  roles?: RoleOverrides;
  /** Prediction records; `id` is the 0-based data row unless the data has an id column. */
  predictions?: Record<string, unknown>[];
  classes?: string[];
  positiveClass?: string;
  settings?: Partial<Settings>;
}

/** Audit inputs built from in-memory rows the way the loaders build them from files. */
export function makeInputs(spec: InputSpec): AuditInputs {
  const data = tableFromRows(spec.header, spec.rows);
  const roles = detectRoles(data, spec.roles ?? {});
  const labelColumn = roles.label ? data.column(roles.label)! : null;
  let labels = labelColumn ? labelsFromColumn(labelColumn, spec.classes ?? null, spec.positiveClass ?? null) : null;
  let predictions = null;
  if (spec.predictions) {
    const idColumn = roles.id ? data.column(roles.id)! : null;
    const records = idColumn
      ? spec.predictions.map((record) => {
          // Tests give ids as data ids; map them to rows the way the loader joins them.
          let row = -1;
          for (let r = 0; r < data.rowCount; r++) if (idColumn.get(r) === String(record.id)) row = r;
          return { ...record, id: row };
        })
      : spec.predictions;
    const built = predictionsFromRecords(records, {
      rowCount: data.rowCount,
      classes: spec.classes ?? null,
      labels,
      positiveClass: spec.positiveClass ?? null,
    });
    predictions = built.predictions;
    labels = built.labels as typeof labels;
  }
  return { data, roles, labels, predictions, settings: spec.settings };
}

/** A check context from in-memory rows, with the given check options. */
export function makeContext(spec: InputSpec, options: Record<string, unknown> = {}): CheckContext {
  return createContext(makeInputs(spec), options);
}
