/**
 * The rows of the slice targeted data can act on (the slices check's `targetSlice`: weak beyond
 * its class mix and rarer in training), over every data row, training rows included: what the
 * proxy model up-weights to size collecting more of it. The slices check writes it once per
 * audit; a check that runs later reads it (null when slices did not run or found none).
 */
import type { CheckContext } from '../types.js';

const KEY = 'slices:target-slice-rows';

export function rememberTargetSlice(context: CheckContext<unknown>, rows: Uint8Array | null): void {
  context.memo(KEY, () => rows);
}

export function targetSliceRows(context: CheckContext<unknown>): Uint8Array | null {
  return context.memo<Uint8Array | null>(KEY, () => null);
}
