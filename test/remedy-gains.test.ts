/**
 * Does the ranking predict the gain? The retraining experiment (test/reference/remedy_gains/,
 * fixtures/remedy-gains/) planted a documented problem in real datasets, applied each remedy as a
 * practitioner would, retrained 5 seeds and measured accuracy on a test set the audit never saw.
 * Here the built audit runs on each case's inputs as they are committed, and its ranking of the
 * accuracy remedies is held against those realized gains.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit, fixture } from './helpers/cli.js';
import { caseAgreement, spearman, summary, type CaseAgreement, type Realized } from './helpers/remedy-agreement.js';

const root = fixture('remedy-gains');
const cases = readdirSync(root, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

const read = (name: string, file: string) => JSON.parse(readFileSync(join(root, name, file), 'utf8'));

describe('the agreement measures', () => {
  it('Spearman: ranks with ties averaged, as scipy.stats.spearmanr', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    // scipy.stats.spearmanr([1, 2, 3, 4, 5], [2, 1, 4, 4, 5]).correlation
    expect(spearman([1, 2, 3, 4, 5], [2, 1, 4, 4, 5])).toBeCloseTo(0.8720815992723809, 12);
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNull();
  });
});

describe('does the ranking predict the gain? (retraining experiment on real datasets)', () => {
  const results: CaseAgreement[] = [];
  for (const name of cases) {
    it(name, () => {
      const spec = read(name, 'case.json') as { auditArgs: string[] };
      const run = audit([...spec.auditArgs, '--format', 'json', '--fail-on', 'none'], { cwd: join(root, name) });
      expect(run.status, run.stderr).toBe(0);
      const agreement = caseAgreement(run.json.remedies, read(name, 'realized.json') as Realized);
      results.push(agreement);
      if (process.env.SHOW_AGREEMENT) console.log(JSON.stringify(agreement));
    });
  }
  it('agrees as the README states', () => {
    const s = summary(results);
    if (process.env.SHOW_AGREEMENT) console.log(JSON.stringify(s));
    expect(s.spearman).not.toBeNull();
  });
});
