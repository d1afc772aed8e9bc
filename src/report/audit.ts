/**
 * One audit as the consumers of its report read it: the report, the checks that ran (plugins
 * included), whose definitions say how to draw their charts, list their flagged rows, name their
 * rules and place their findings, and each check's metrics parsed once with its schema. Built by
 * `run` (or `audit diff`, from a saved report); ranking, export and rendering take it instead of
 * looking the checks up in the built-in registry or reading metrics by string key.
 */
import { checkResults, type CheckResults } from '../checks/results.js';
import type { AnyCheck } from '../checks/types.js';
import type { Report } from './schema.js';

export interface Audit {
  /** Every check available to the audit, in their order: built-ins, then plugins. */
  readonly checks: readonly AnyCheck[];
  readonly report: Report;
  /** Each check's metrics in the report, typed by its schema. */
  readonly results: CheckResults;
}

/** The audit of a report, its checks' metrics parsed unless already given. */
export function createAudit(checks: readonly AnyCheck[], report: Report, results?: CheckResults): Audit {
  return { checks, report, results: results ?? checkResults(checks, report.checks) };
}
