/**
 * How a plugin check runs: within a time limit, with its stdout kept out of the report. A check
 * whose `run()` does not settle in time (a promise that never settles, a request that hangs) becomes
 * an `error`, and the rest of the report stands.
 */
import { describeCaptured, takeCaptured, writingAs } from '../core/stdout-guard.js';
import type { AnyCheck, CheckContext, CheckResult } from './types.js';

/** Seconds a plugin check may take unless `--plugin-timeout` (config `pluginTimeout`) says otherwise. */
export const DEFAULT_PLUGIN_TIMEOUT_SECONDS = 5;

const seconds = (ms: number) => `${Number((ms / 1000).toPrecision(3))} s`;

/**
 * Runs a plugin's check. The limit's timer keeps the process alive while the check is pending (a
 * promise alone does not) and is cleared as soon as it settles, so a quick check never waits for
 * it. Synchronous work cannot be interrupted: a check that blocks past the limit and then returns
 * is an error all the same, so that the limit means one thing.
 */
export async function runPluginCheck(check: AnyCheck, context: CheckContext, limitMs: number): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const overdue = () => new Error(`did not finish within ${seconds(limitMs)} (--plugin-timeout, config key pluginTimeout)`);
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(overdue()), limitMs);
  });
  try {
    const result = await writingAs(check.id, () => Promise.race([Promise.resolve().then(() => check.run(context)), limit]));
    const took = performance.now() - started;
    if (took > limitMs) throw new Error(`did not finish within ${seconds(limitMs)}: it took ${seconds(took)} (--plugin-timeout, config key pluginTimeout)`);
    return result;
  } finally {
    clearTimeout(timer);
    // The race has handled the limit's rejection, or the timer never fired.
    limit.catch(() => undefined);
  }
}

/** What the report says of a plugin check's stdout, or null when it wrote none. */
export function pluginOutputNote(check: AnyCheck): string | null {
  const output = takeCaptured(check.id);
  return output ? describeCaptured(output) : null;
}
