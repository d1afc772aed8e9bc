import { formatBytes } from '../io/source.js';

/** What one check may put into the report (metrics and findings, as JSON text), by default. */
export const DEFAULT_MAX_CHECK_REPORT_BYTES = 64 * 1024 ** 2;
/** Deeper than this, a check's output is refused: plain report data is a few levels deep. */
export const MAX_REPORT_DEPTH = 64;

/**
 * Why a check's output cannot go into the report, or null when it can: larger than `limit`
 * bytes of JSON, or nested deeper than MAX_REPORT_DEPTH (which a value referring to itself is).
 * Stops as soon as either is passed, so a plugin returning gigabytes is not walked to the end.
 */
export function reportBudgetBreach(value: unknown, limit: number): string | null {
  let bytes = 0;
  let tooDeep = false;
  const visit = (item: unknown, depth: number): boolean => {
    if (depth > MAX_REPORT_DEPTH) {
      tooDeep = true;
      return false;
    }
    if (item === null || item === undefined) bytes += 4;
    else if (typeof item === 'string') bytes += item.length + 2;
    else if (typeof item === 'number') bytes += Number.isFinite(item) ? String(item).length : 4;
    else if (typeof item === 'boolean') bytes += 5;
    else if (ArrayBuffer.isView(item)) {
      const values = item as unknown as ArrayLike<number>;
      for (let i = 0; i < values.length && bytes <= limit; i++) bytes += String(values[i]).length + 1;
    } else if (Array.isArray(item)) {
      bytes += 2;
      for (const entry of item) if (!visit(entry, depth + 1)) return false;
    } else if (typeof item === 'object') {
      bytes += 2;
      for (const key of Object.keys(item)) {
        bytes += key.length + 4;
        if (!visit((item as Record<string, unknown>)[key], depth + 1)) return false;
      }
    } else bytes += 8;
    return bytes <= limit;
  };
  visit(value, 0);
  if (tooDeep) return `its metrics or findings are nested deeper than ${MAX_REPORT_DEPTH} levels (or refer to themselves)`;
  if (bytes > limit)
    return `its metrics and findings take more than ${formatBytes(limit)} of the report; a check must summarise large results (raise maxCheckReportBytes in the config to keep them)`;
  return null;
}
