import { describe, expect, it } from 'vitest';
import { runCheck } from './helpers/run-check.js';
import { conflictingLabels } from '../src/checks/conflicting-labels.js';
import { duplicates } from '../src/checks/duplicates.js';
import { nearDuplicates } from '../src/checks/near-duplicates.js';
import { makeContext, makeInputs } from './helpers/inputs.js';
import { reviewsFixture } from './helpers/data-quality.js';

describe('conflicting-labels', () => {
  it('finds the exact duplicate pair with different labels in the fixture', async () => {
    const result = await runCheck(conflictingLabels, reviewsFixture());
    expect(result.metrics).toMatchObject({
      conflictingGroups: 1,
      groups: [
        {
          rows: [8, 9],
          labels: ['neutral', 'negative'],
          kind: 'exact',
          majorityLabel: null,
          labelCounts: [
            { label: 'negative', count: 1 },
            { label: 'neutral', count: 1 },
          ],
          minorityRows: 1,
        },
      ],
      conflictingRows: 2,
      minorityRows: 1,
      exactConflictingGroups: 1,
      nearConflictingGroups: 0,
      source: 'exact+near',
      threshold: 0.8,
    });
    const finding = result.findings[0];
    expect(finding).toMatchObject({ key: 'conflicting-labels', severity: 'high' }); // 2 of 17 labelled rows
    expect(finding.summary).toContain(
      '1 exact or near-duplicate (Jaccard ≥ 0.8) group (2 rows, 11.76% of the labelled rows) carries different labels for the same content. It holds 1 exact-duplicate group whose identical copies disagree.',
    );
    expect(finding.summary).toContain('1 row disagrees with its group');
    expect(finding.examples).toEqual([
      {
        row: 8,
        line: 10,
        id: '9',
        group: 0,
        kind: 'exact',
        label: 'neutral',
        excerpt: 'Arrived late and the box was damaged, but the blender itself works fine.',
        otherRow: 9,
        otherLine: 11,
        otherLabel: 'negative',
        otherExcerpt: 'Arrived late and the box was damaged, but the blender itself works fine.',
        groupSize: 2,
      },
    ]);
  });

  it('finds near-duplicate conflicts and names the majority', async () => {
    const context = makeContext({
      header: ['text', 'label'],
      rows: [
        ['Comfortable headphones with rich bass, though they get warm after an hour.', 'pos'],
        ['Comfortable headphones with rich bass, though they get warm after one hour.', 'neg'],
        ['comfortable headphones with rich bass, though they get warm after an hour.', 'pos'],
        ['Something unrelated entirely, about a kettle that leaks.', 'neg'],
        ['Comfortable headphones with rich bass, though they get warm after an hour.', ''],
      ],
    });
    const result = await runCheck(conflictingLabels, context);
    expect(result.metrics.groups).toEqual([
      {
        rows: [0, 1, 2, 4],
        labels: ['pos', 'neg', 'pos', null],
        kind: 'near',
        exactConflicts: 0,
        majorityLabel: 'pos',
        labelCounts: [
          { label: 'pos', count: 2 },
          { label: 'neg', count: 1 },
        ],
        minorityRows: 1,
      },
    ]);
    // Exact groups only: rows 0 and 4 (and 2 differs in case) carry no conflict.
    const exactOnly = await runCheck(
      conflictingLabels,
      {
        header: ['text', 'label'],
        rows: [
          ['A b c d e f', 'x'],
          ['A b c d e f', 'y'],
          ['a b c d e f', 'y'],
        ],
      },
      { near: false },
    );
    expect(exactOnly.metrics).toMatchObject({ conflictingGroups: 1, source: 'exact', threshold: null });
    expect(exactOnly.metrics.groups).toEqual([
      {
        rows: [0, 1],
        labels: ['x', 'y'],
        kind: 'exact',
        exactConflicts: 1,
        majorityLabel: null,
        labelCounts: [
          { label: 'x', count: 1 },
          { label: 'y', count: 1 },
        ],
        minorityRows: 1,
      },
    ]);
  });

  it('keeps an exact conflict exact when near copies join its cluster', async () => {
    // Rows 0 and 1 are identical with different labels; row 2 is a near copy of them, row 3 agrees.
    const result = await runCheck(conflictingLabels, {
      header: ['text', 'label'],
      rows: [
        ['The charger stopped working after three days and support never answered my emails.', 'neg'],
        ['The charger stopped working after three days and support never answered my emails.', 'pos'],
        ['The charger stopped working after three days and support never answered my email.', 'neg'],
        ['A lovely kettle, quiet and quick to boil.', 'pos'],
      ],
    });
    expect(result.metrics).toMatchObject({ conflictingGroups: 1, exactConflictingGroups: 1, nearConflictingGroups: 0 });
    expect((result.metrics.groups as { kind: string; exactConflicts: number }[])[0]).toMatchObject({ kind: 'near', exactConflicts: 1 });
    expect(result.findings[0].summary).toContain('It holds 1 exact-duplicate group whose identical copies disagree.');
  });

  it('works on feature columns without a text column', async () => {
    const context = makeContext({
      header: ['f1', 'f2', 'label'],
      rows: [
        ['1', 'a', 'yes'],
        ['1', 'a', 'no'],
        ['1', 'a', 'no'],
        ['2', 'a', 'yes'],
        ['2', 'a', 'yes'],
      ],
    });
    const result = await runCheck(conflictingLabels, context);
    expect(result.metrics).toMatchObject({ conflictingGroups: 1, source: 'exact', keyedOn: 'features', conflictingRows: 3, minorityRows: 1 });
    expect(result.metrics.groups).toEqual([
      {
        rows: [0, 1, 2],
        labels: ['yes', 'no', 'no'],
        kind: 'exact',
        exactConflicts: 1,
        majorityLabel: 'no',
        labelCounts: [
          { label: 'no', count: 2 },
          { label: 'yes', count: 1 },
        ],
        minorityRows: 1,
      },
    ]);
    expect(result.findings[0].examples[0]).toMatchObject({ row: 0, label: 'yes', otherRow: 1, otherLabel: 'no', excerpt: '1 | a' });
  });

  it('reuses the indexes of duplicates and near-duplicates', async () => {
    const memo = new Map<string, unknown>();
    const inputs = makeInputs(reviewsFixture());
    await runCheck(duplicates, inputs, {}, memo);
    await runCheck(nearDuplicates, inputs, {}, memo);
    const before = new Map(memo);
    await runCheck(conflictingLabels, inputs, {}, memo);
    expect([...memo.keys()]).toEqual([...before.keys()]);
    for (const [key, value] of before) expect(memo.get(key)).toBe(value);
  });

  it('has no finding when duplicates agree', async () => {
    const result = await runCheck(conflictingLabels, {
      header: ['text', 'label'],
      rows: [
        ['same text here', 'a'],
        ['same text here', 'a'],
        ['other text there', 'b'],
      ],
    });
    expect(result.findings).toEqual([]);
    expect(result.metrics.conflictingGroups).toBe(0);
  });
});
