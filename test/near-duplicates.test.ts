import { describe, expect, it } from 'vitest';
import { runCheck } from './helpers/run-check.js';
import { nearDuplicates } from '../src/checks/near-duplicates.js';
import { runChecks, resolveCheckOptions } from '../src/checks/run.js';
import { InputError } from '../src/errors.js';
import { makeContext, makeInputs } from './helpers/inputs.js';
import { reviewsFixture } from './helpers/data-quality.js';

describe('near-duplicates', () => {
  it('clusters the fixture: exact duplicates, the pair just above 0.8, not the pair just below', async () => {
    const result = await runCheck(nearDuplicates, reviewsFixture());
    expect(result.metrics).toMatchObject({
      threshold: 0.8,
      clusters: [
        [1, 5],
        [3, 10],
        [4, 6], // 64/77 = 0.831
        [8, 9],
        [15, 16], // 55/65 = 0.846
      ],
      nearDuplicateRows: 5,
      verifiedPairs: 2,
      clusterCount: 5,
      largestCluster: 2,
      textRows: 17,
      identicalTextGroups: 3,
      hashes: 128,
      bands: 16,
      rowsPerBand: 8,
      oversizedBuckets: 0,
    });
    // Rows 0 and 7 (similarity 58/73 = 0.795) stay apart.
    expect(JSON.stringify(result.metrics.clusters)).not.toContain('[0,7]');
    expect(result.metrics.candidatePairs).toBeGreaterThanOrEqual(2);
    const finding = result.findings[0];
    expect(finding).toMatchObject({ key: 'near-duplicates', severity: 'high' });
    expect(finding.examples[2]).toEqual({
      row: 4,
      line: 6,
      id: '5',
      cluster: 2,
      clusterSize: 2,
      excerpt: 'Comfortable headphones with rich bass, though they get warm after an hour.',
      otherRow: 6,
      otherLine: 8,
      otherExcerpt: 'Comfortable headphones with rich bass, though they get warm after one hour.',
      similarity: 64 / 77,
    });
    expect(finding.examples[0]).toMatchObject({ row: 1, otherRow: 5, similarity: 1 });
  });

  it('takes the threshold option: at 0.79 the lower pair joins', async () => {
    const result = await runCheck(nearDuplicates, reviewsFixture(), { threshold: 0.79 });
    expect(result.metrics.clusters).toContainEqual([0, 7]);
    expect(result.metrics.threshold).toBe(0.79);
    const strict = await runCheck(nearDuplicates, reviewsFixture(), { threshold: 0.84 });
    expect(strict.metrics.clusters).toEqual([
      [1, 5],
      [3, 10],
      [8, 9],
      [15, 16],
    ]);
  });

  it('validates options', () => {
    expect(() => resolveCheckOptions(nearDuplicates, { threshold: 1.2 })).toThrow(InputError);
    expect(() => resolveCheckOptions(nearDuplicates, { threshold: 0.3 })).toThrow(/threshold/);
    expect(() => resolveCheckOptions(nearDuplicates, { treshold: 0.9 })).toThrow(InputError);
    expect(resolveCheckOptions(nearDuplicates, {})).toMatchObject({ threshold: 0.8, hashes: 128 });
  });

  it('joins rows that differ only in case and whitespace with similarity 1', async () => {
    const context = makeContext({
      header: ['text'],
      rows: [['The Quick Brown Fox jumps'], ['a completely different sentence here'], ['the quick   brown fox JUMPS']],
    });
    const result = await runCheck(nearDuplicates, context);
    expect(result.metrics.clusters).toEqual([[0, 2]]);
    expect(result.metrics.verifiedPairs).toBe(0);
    expect(result.findings[0].examples[0]).toMatchObject({ row: 0, otherRow: 2, similarity: 1 });
  });

  it('is skipped by the runner without a text column', async () => {
    const inputs = makeInputs({ header: ['a', 'label'], rows: [['1', 'x']] });
    const output = await runChecks([nearDuplicates], inputs);
    expect(output.checks['near-duplicates'].status).toBe('skipped');
  });

  it('shares its index through the memo', async () => {
    const memo = new Map<string, unknown>();
    const inputs = makeInputs(reviewsFixture());
    await runCheck(nearDuplicates, inputs, {}, memo);
    const keys = [...memo.keys()];
    expect(keys).toEqual(['dedup:near:data:0.8:128:128:8:42']);
    const index = memo.get(keys[0]);
    await runCheck(nearDuplicates, inputs, {}, memo);
    expect(memo.get(keys[0])).toBe(index);
  });
});
