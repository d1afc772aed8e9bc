import { describe, expect, it } from 'vitest';
import { runCheck } from './helpers/run-check.js';
import { duplicates } from '../src/checks/duplicates.js';
import { runChecks } from '../src/checks/run.js';
import { makeContext, makeInputs } from './helpers/inputs.js';
import { reviewsFixture } from './helpers/data-quality.js';

describe('duplicates', () => {
  it('groups rows with the same normalised text (fixture)', async () => {
    const context = makeContext(reviewsFixture());
    const result = await runCheck(duplicates, context);
    expect(result.metrics).toMatchObject({
      exactDuplicateGroups: 3,
      exactDuplicateRows: 3,
      groups: [
        [1, 5],
        [3, 10],
        [8, 9],
      ],
      keyedOn: 'text',
      columns: ['text'],
      rowsCompared: 17,
      emptyRows: 0,
      largestGroup: 2,
    });
    expect(result.metrics.duplicateShare).toBe(3 / 17);
    expect(result.findings).toHaveLength(1);
    const finding = result.findings[0];
    expect(finding).toMatchObject({ key: 'exact-duplicates', severity: 'high' });
    expect(finding.summary).toContain('3 of 17 rows (17.65%)');
    expect(finding.examples[0]).toEqual({
      row: 1,
      line: 3,
      id: '2',
      group: 0,
      groupSize: 2,
      duplicateRows: [5],
      excerpt: 'Stopped working after two weeks and support never replied to my emails.',
    });
  });

  it('normalises NFC and whitespace but not case; ignores empty texts; orders groups largest first', async () => {
    const context = makeContext({
      header: ['text', 'label'],
      rows: [
        ['Cafe\u0301 au lait', 'a'], // 0
        ['Café   au lait ', 'b'], // 1: same after NFC + whitespace
        ['café au lait', 'a'], // 2: different case: not an exact duplicate
        ['', 'a'], // 3: empty
        ['  ', 'a'], // 4: empty
        ['x y', 'a'], // 5
        ['x\ty', 'a'], // 6
        ['x y', 'b'], // 7
      ],
      roles: { textCol: 'text' },
    });
    const result = await runCheck(duplicates, context);
    expect(result.metrics.groups).toEqual([
      [5, 6, 7],
      [0, 1],
    ]);
    expect(result.metrics.exactDuplicateRows).toBe(3);
    expect(result.metrics.rowsCompared).toBe(6);
    expect(result.metrics.emptyRows).toBe(2);
    expect(result.findings[0].severity).toBe('high');
  });

  it('keys on all feature columns without a text column, never on id, label or split', async () => {
    const context = makeContext({
      header: ['id', 'a', 'b', 'label', 'split'],
      rows: [
        ['1', '1.5', 'red', 'x', 'train'],
        ['2', '1.5', 'red', 'y', 'test'], // same features as row 0 (id, label, split differ)
        ['3', '1.5', 'blue', 'x', 'train'],
        ['4', '1.5 ', ' red', 'x', 'train'], // same after trimming
        ['5', '', '', 'x', 'train'], // no content
        ['6', '', '', 'x', 'train'],
        ['7', '2', 'blue', 'x', 'train'],
      ],
    });
    const result = await runCheck(duplicates, context);
    expect(result.metrics.keyedOn).toBe('features');
    expect(result.metrics.columns).toEqual(['a', 'b']);
    expect(result.metrics.groups).toEqual([[0, 1, 3]]);
    expect(result.metrics.rowsCompared).toBe(5);
    expect(result.findings[0].examples[0]).toMatchObject({ row: 0, id: '1', excerpt: '1.5 | red', duplicateRows: [1, 3] });
  });

  it('does not confuse cells across columns', async () => {
    const context = makeContext({
      header: ['a', 'b'],
      rows: [
        ['x y', 'z'],
        ['x', 'y z'],
        ['x y', 'z'],
      ],
      roles: { textCol: null },
    });
    const result = await runCheck(duplicates, context);
    expect(result.metrics.groups).toEqual([[0, 2]]);
  });

  it('reports no finding without duplicates, and info below 0.5%', async () => {
    const rows = Array.from({ length: 400 }, (_, i) => [`text number ${i}`]);
    const clean = await runCheck(duplicates, { header: ['text'], rows });
    expect(clean.findings).toEqual([]);
    expect(clean.metrics.exactDuplicateGroups).toBe(0);
    const one = await runCheck(duplicates, { header: ['text'], rows: [...rows, ['text number 7']] });
    expect(one.findings[0].severity).toBe('info');
  });

  it('gives byte-identical JSON through the runner', async () => {
    const inputs = makeInputs(reviewsFixture());
    const first = JSON.stringify(await runChecks([duplicates], inputs));
    const second = JSON.stringify(await runChecks([duplicates], makeInputs(reviewsFixture())));
    expect(first).toBe(second);
    expect(JSON.parse(first).checks.duplicates.status).toBe('findings');
  });
});
