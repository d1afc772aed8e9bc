import { z } from 'zod';
import { defineCheck, type FindingDraft } from './types.js';

const options = z
  .object({
    /** Share of missing cells in a column at which a finding is raised (0 flags any). */
    minMissingShare: z.number().min(0).max(1).default(0),
    /** How many example rows a finding lists. */
    maxExamples: z.number().int().min(1).default(5),
    /** Columns with missing cells beyond this many share one finding instead of one each. */
    maxColumnFindings: z.number().int().min(1).default(50),
    /** The `columns` metric details this many columns (in data order); the name lists are complete. */
    maxColumnDetails: z.number().int().min(1).default(1000),
  })
  .strict();

/** A summary names this many columns, then says how many more. */
const NAMES_IN_SUMMARY = 10;

function andMore(total: number): string {
  return total > NAMES_IN_SUMMARY ? ` and ${total - NAMES_IN_SUMMARY} more` : '';
}

function quotedNames(names: readonly string[]): string {
  return `${names.slice(0, NAMES_IN_SUMMARY).map((name) => `"${name}"`).join(', ')}${andMore(names.length)}`;
}

export const missingValues = defineCheck({
  id: 'missing-values',
  title: 'Missing values and column types',
  description: 'Empty, null and NaN cells per column, columns mixing types, and constant columns.',
  needs: [],
  options,
  run(context) {
    const { minMissingShare, maxExamples, maxColumnFindings, maxColumnDetails } = context.options as z.output<typeof options>;
    const { data, roles } = context;
    const rows = data.rowCount;
    const columns: Record<string, unknown>[] = [];
    const findings: FindingDraft[] = [];
    const mixed: string[] = [];
    const constant: string[] = [];
    const withMissing: string[] = [];
    // Columns past maxColumnFindings: counted into one finding.
    const moreMissing: { column: string; missing: number }[] = [];

    // One lookup table: a search per column is quadratic in the number of columns.
    const roleOf = new Map<string, string>();
    for (const assignment of roles.assignments) if (!roleOf.has(assignment.column)) roleOf.set(assignment.column, assignment.role);
    for (const column of data.columns) {
      const { empty, nulls, nan, types } = column.stats;
      const missing = empty + nulls + nan;
      const presentTypes = (Object.keys(types) as (keyof typeof types)[]).filter((type) => types[type] > 0);
      const isMixed = presentTypes.length > 1;
      const distinct = column.levels ? column.levels.length : column.distinctCount;
      const isConstant = rows > 1 && distinct <= 1;
      if (missing > 0) withMissing.push(column.name);
      if (columns.length < maxColumnDetails) columns.push({
        column: column.name,
        role: roleOf.get(column.name) ?? 'feature',
        empty,
        nulls,
        nan,
        missing,
        missingShare: rows === 0 ? 0 : missing / rows,
        types: { ...types },
        mixedTypes: isMixed,
        constant: isConstant,
        distinct: column.levels ? column.levels.length : null,
      });
      if (isMixed) mixed.push(column.name);
      if (isConstant) constant.push(column.name);

      const share = rows === 0 ? 0 : missing / rows;
      const isLabel = column.name === roles.label;
      if (missing > 0 && share >= minMissingShare && !isLabel && findings.length >= maxColumnFindings) {
        moreMissing.push({ column: column.name, missing });
      } else if (missing > 0 && share >= minMissingShare) {
        const examples = [];
        for (let row = 0; row < rows && examples.length < maxExamples; row++) {
          if (column.isMissing(row)) examples.push(context.example(row, { column: column.name }));
        }
        const severity = isLabel ? (share >= 0.05 ? 'high' : 'medium') : share >= 0.5 ? 'medium' : share >= 0.05 ? 'low' : 'info';
        findings.push({
          key: `missing:${column.name}`,
          severity,
          title: isLabel ? `${missing} rows have no label` : `Column "${column.name}" has missing values`,
          summary: `${missing} of ${rows} cells (${(share * 100).toFixed(2)}%) in "${column.name}" are missing: ${empty} empty, ${nulls} null, ${nan} NaN.${isLabel ? ' Unlabelled rows are left out of every label-based check.' : ''}`,
          metrics: { column: column.name, missing, missingShare: share, empty, nulls, nan, rows, isLabel },
          examples,
        });
      }
    }

    if (mixed.length > 0) {
      findings.push({
        key: 'mixed-types',
        severity: 'low',
        title: `${mixed.length} column${mixed.length === 1 ? '' : 's'} mix value types`,
        summary: `${mixed.slice(0, NAMES_IN_SUMMARY).map((name) => {
          const t = data.column(name)!.stats.types;
          return `"${name}" (${Object.entries(t).filter(([, n]) => n > 0).map(([type, n]) => `${n} ${type}`).join(', ')})`;
        }).join('; ')}${andMore(mixed.length)}: a column parsed as text where numbers were meant, or stray markers such as "?" or "-".`,
        metrics: { columns: mixed, columnTypes: mixed.map((name) => ({ column: name, types: { ...data.column(name)!.stats.types } })) },
        examples: [],
      });
    }
    if (constant.length > 0) {
      findings.push({
        key: 'constant-columns',
        severity: 'info',
        title: `${constant.length} constant column${constant.length === 1 ? '' : 's'}`,
        summary: `${quotedNames(constant)} hold${constant.length === 1 ? 's' : ''} at most one distinct value: no information for a model.`,
        metrics: { columns: constant },
        examples: [],
      });
    }
    if (moreMissing.length > 0) {
      const cells = moreMissing.reduce((sum, entry) => sum + entry.missing, 0);
      const names = moreMissing.map((entry) => entry.column);
      findings.push({
        key: 'missing-more-columns',
        severity: 'info',
        title: `${moreMissing.length} more column${moreMissing.length === 1 ? '' : 's'} with missing values`,
        summary: `Besides the ${maxColumnFindings} columns reported one by one, ${quotedNames(names)} ${moreMissing.length === 1 ? 'has' : 'have'} ${cells} missing cells in all (metrics.columns and metrics.missing list each column and its count).`,
        metrics: { columns: names, missing: moreMissing.map((entry) => entry.missing), cells, columnsReportedSeparately: maxColumnFindings },
        examples: [],
      });
    }
    return {
      metrics: {
        rows,
        columns: columns as never,
        ...(data.columns.length > columns.length ? { columnDetailsOmitted: data.columns.length - columns.length } : {}),
        columnsWithMissing: withMissing,
        mixedTypeColumns: mixed,
        constantColumns: constant,
      },
      findings,
    };
  },
});
