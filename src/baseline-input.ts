/** Reads the JSON report given as --baseline-report: the same schema version, and the keys a comparison reads. */
import { promises as fs } from 'node:fs';
import { InputError, fileError } from './errors.js';
import { SCHEMA_VERSION } from './report/schema.js';
import { baselineReportSchema, type BaselineReport } from './report/baseline.js';

/** Larger than any report trainaudit writes (each check's part is bounded). */
const MAX_BASELINE_BYTES = 512 * 1024 * 1024;

/** The parsed JSON of a report file, with its schemaVersion checked; `role` names it in messages ("baseline report"). */
export async function readReportJson(path: string, role = 'baseline report'): Promise<unknown> {
  let text: string;
  try {
    const stat = await fs.stat(path);
    if (!stat.isFile()) throw new InputError(`the ${role} is not a regular file`, path);
    if (stat.size > MAX_BASELINE_BYTES)
      throw new InputError(`the ${role} is larger than ${MAX_BASELINE_BYTES / 1024 / 1024} MiB; is it a trainaudit JSON report?`, path);
    text = await fs.readFile(path, 'utf8');
  } catch (error) {
    throw error instanceof InputError ? error : fileError(error, path);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InputError(`the ${role} is not JSON (write it with --format json or -o FILE.json)`, path);
  }
  const version = (parsed as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version !== 'number') throw new InputError(`the ${role} has no schemaVersion: it is not a trainaudit JSON report`, path);
  if (version !== SCHEMA_VERSION)
    throw new InputError(
      `the ${role} has schemaVersion ${version}; this trainaudit writes schemaVersion ${SCHEMA_VERSION}, so their findings cannot be matched`,
      path,
    );
  return parsed;
}

/** Parses with a zod schema; the first mismatch is an input error naming where. */
export function matchReportSchema<T>(
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } },
  value: unknown,
  path: string,
  role = 'baseline report',
): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new InputError(`the ${role} does not match the report schema at ${issue.path.map(String).join('.') || '(top)'}: ${issue.message}`, path);
}

export async function loadBaselineReport(path: string): Promise<BaselineReport> {
  return matchReportSchema(baselineReportSchema, await readReportJson(path), path);
}
