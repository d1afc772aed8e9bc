import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * `TRAINAUDIT_PARALLEL`: `off` keeps all work on one thread; `force` uses workers whatever the
 * input size (for tests); anything else lets each caller decide by size and cores.
 */
export function parallelSetting(): 'auto' | 'off' | 'force' {
  const value = process.env.TRAINAUDIT_PARALLEL;
  return value === 'off' || value === 'force' ? value : 'auto';
}

/** Whether a worker script exists as a file: workers run only from the compiled build. */
export function workerScriptExists(url: URL): boolean {
  try {
    return url.protocol === 'file:' && existsSync(fileURLToPath(url));
  } catch {
    return false;
  }
}
