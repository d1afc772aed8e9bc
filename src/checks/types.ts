import type { z } from 'zod';
import type { DataTable } from '../data/table.js';
import type { Labels, Predictions, Roles } from '../data/model.js';

import { SEVERITIES, type Lang, type Need, type Severity, type Task } from '../core/vocabulary.js';

export { SEVERITIES, type Need, type Severity };


/** Plain serialisable values: what metrics and examples may hold. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Metrics = { [key: string]: Json };

/** An example row behind a finding: `row` is the 0-based record index, `line` the 1-based line. */
export interface Example {
  row: number;
  line: number;
  id?: string;
  [key: string]: Json | undefined;
}

/** A finding as a check returns it; the runner adds `id` (`<check>/<key>`) and `check`. */
export interface FindingDraft {
  /** Stable within the check, e.g. `imbalance`; the finding id becomes `class-balance/imbalance`. */
  key: string;
  severity: Severity;
  title: string;
  summary: string;
  metrics: Metrics;
  examples: Example[];
}

export interface Finding extends Omit<FindingDraft, 'key'> {
  id: string;
  check: string;
}

export interface CheckResult {
  metrics: Metrics;
  findings: FindingDraft[];
}

/** Everything a check may read. Read-only: checks never modify it, never print. */
export interface CheckContext {
  readonly data: DataTable;
  readonly roles: Roles;
  readonly labels: Labels | null;
  readonly predictions: Predictions | null;
  /** Rows of the training split when the evaluation data came with `--train FILE`. */
  readonly train: { data: DataTable; roles: Roles } | null;
  /** This check's options: the check's own zod schema applied to `checkOptions.<id>` of the config. */
  readonly options: Record<string, unknown>;
  /** Options shared by all checks (positive class, task domain, ...). */
  readonly settings: Readonly<Settings>;
  /**
   * Computes a value once per audit and shares it between checks (e.g. exact-duplicate
   * groups used by duplicates, conflicting-labels and leakage). Key it by what it depends on.
   */
  memo<T>(key: string, compute: () => T): T;
  /** Example helper: row, line, id (when there is an id column) plus extra fields. */
  example(row: number, extra?: Record<string, Json>): Example;
  /** A short excerpt of the row's text (control characters stripped, at most `max` characters). */
  excerpt(row: number, max?: number): string | undefined;
}

export interface Settings {
  task: Task | null;
  lang: Lang;
  /** Declared slice depth for intersections (1 = single columns). */
  sliceDepth: number;
  seed: number;
}

/** A check: plain object, metadata apart from logic, `run` returns plain data. */
export interface Check<Options extends Record<string, unknown> = Record<string, unknown>> {
  id: string;
  title: string;
  description: string;
  needs: Need[];
  /** zod schema of this check's options, with defaults; validated from `checkOptions.<id>`. */
  options?: z.ZodType<Options>;
  run(context: CheckContext & { options: Options }): CheckResult | Promise<CheckResult>;
}

/** Identity helper that gives a check object its types. */
export function defineCheck<Options extends Record<string, unknown>>(check: Check<Options>): Check<Options> {
  return check;
}

export type CheckStatus = 'ok' | 'findings' | 'skipped' | 'error';

export interface CheckOutcome {
  status: CheckStatus;
  reason?: string;
  metrics: Metrics;
}
