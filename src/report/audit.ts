/**
 * One audit as the consumers of its report read it: the report, and the checks that ran (plugins
 * included), whose definitions say how to draw their charts, list their flagged rows, name their
 * rules and place their findings. Built by `run` (or `audit diff`); ranking, export and rendering
 * take it instead of looking the checks up in the built-in registry.
 */
import type { AnyCheck } from '../checks/types.js';
import type { Report } from './schema.js';

export interface Audit {
  /** Every check available to the audit, in their order: built-ins, then plugins. */
  readonly checks: readonly AnyCheck[];
  readonly report: Report;
}
