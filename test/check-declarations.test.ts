/**
 * What the checks declare holds together: every headroom measure a built-in check computes sizes
 * some remedy (a catalogue entry's `measuredBy`, or one of the check's own entries'), so a measure
 * named with a typo, which no remedy would ever read, fails here; and each measure has one check.
 */
import { describe, expect, it } from 'vitest';
import { builtinChecks } from '../src/checks/registry.js';
import { CATALOGUE } from '../src/remedies/catalogue/index.js';

describe('declarations of the built-in checks', () => {
  it('every headroom measure sizes a remedy, and is computed by one check only', () => {
    const read = new Set(CATALOGUE.flatMap((entry) => entry.measuredBy));
    const owner = new Map<string, string>();
    for (const check of builtinChecks) {
      const own = new Set((check.remedies?.entries ?? []).flatMap((entry) => entry.measuredBy ?? []));
      for (const measure of Object.keys(check.remedies?.headroom ?? {})) {
        expect(read.has(measure as never) || own.has(measure), `${check.id}: headroom "${measure}" sizes no remedy`).toBe(true);
        expect(owner.get(measure), `"${measure}" is computed by ${owner.get(measure)} and ${check.id}`).toBeUndefined();
        owner.set(measure, check.id);
      }
    }
    // Every measure the catalogue reads is computed by some check.
    for (const measure of read) expect(owner.has(measure), `no check computes "${measure}"`).toBe(true);
  });
});
