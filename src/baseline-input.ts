/** Reads the JSON report given as --baseline-report: the same schema version, and the keys a comparison reads. */
import { promises as fs } from 'node:fs';
import { InputError, fileError } from './errors.js';
import { SCHEMA_VERSION } from './report/schema.js';
import { baselineReportSchema, type BaselineReport } from './report/baseline.js';

/** Larger than any report trainaudit writes (each check's part is bounded). */
const MAX_BASELINE_BYTES = 512 * 1024 * 1024;

export async function loadBaselineReport(path: string): Promise<BaselineReport> {
  let text: string;
  try {
    const stat = await fs.stat(path);
    if (!stat.isFile()) throw new InputError('the baseline report is not a regular file', path);
    if (stat.size > MAX_BASELINE_BYTES) throw new InputError(`the baseline report is larger than ${MAX_BASELINE_BYTES / 1024 / 1024} MiB; is it a trainaudit JSON report?`, path);
    text = await fs.readFile(path, 'utf8');
  } catch (error) {
    throw error instanceof InputError ? error : fileError(error, path);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InputError('the baseline report is not JSON (write it with --format json or -o FILE.json)', path);
  }
  const version = (parsed as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version !== 'number') throw new InputError('the baseline report has no schemaVersion: it is not a trainaudit JSON report', path);
  if (version !== SCHEMA_VERSION) throw new InputError(`the baseline report has schemaVersion ${version}; this trainaudit writes schemaVersion ${SCHEMA_VERSION}, so their findings cannot be matched`, path);
  const result = baselineReportSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new InputError(`the baseline report does not match the report schema at ${issue.path.join('.') || '(top)'}: ${issue.message}`, path);
  }
  return result.data;
}
