import { describe, expect, it } from 'vitest';
import { runCheck } from './helpers/run-check.js';
import { leakage } from '../src/checks/leakage.js';
import { nearDuplicates } from '../src/checks/near-duplicates.js';
import { duplicates } from '../src/checks/duplicates.js';
import { conflictingLabels } from '../src/checks/conflicting-labels.js';
import { runChecks } from '../src/checks/run.js';
import { makeContext, makeInputs } from './helpers/inputs.js';
import { reviewsFixture } from './helpers/data-quality.js';

describe('leakage', () => {
  it('finds test rows duplicating training rows exactly and nearly (fixture)', async () => {
    const result = await runCheck(leakage, reviewsFixture());
    expect(result.metrics).toMatchObject({
      leakedRows: { test: 2, validation: 0 },
      leakedShare: { test: 0.5, validation: 0 },
      evaluationRows: { test: 4, validation: 2 },
      totalLeakedRows: 2,
      trainingRows: 11,
      exactLeakedRows: 1,
      source: 'split-column',
      keyedOn: 'text',
      threshold: 0.8,
      note: null,
    });
    expect(result.metrics.pairs).toEqual([
      { row: 10, line: 12, trainRow: 3, trainLine: 5, similarity: 1, split: 'test', kind: 'exact' },
      { row: 16, line: 18, trainRow: 15, trainLine: 17, similarity: 55 / 65, split: 'test', kind: 'near' },
    ]);
    const finding = result.findings[0];
    expect(finding).toMatchObject({ key: 'train-eval-overlap', severity: 'high' });
    expect(finding.summary).toContain('"test": 2 of 4 rows (50.00%)');
    expect(finding.examples[1]).toEqual({
      row: 16,
      line: 18,
      id: '17',
      split: 'test',
      kind: 'near',
      similarity: 55 / 65,
      excerpt: 'Fits my desk perfectly and the cable tray keeps everything neat.',
      trainRow: 15,
      trainLine: 17,
      trainExcerpt: 'Fits my desk perfectly and the cable tray keeps everything tidy.',
    });
  });

  it('counts exact leaks only when near is off', async () => {
    const result = await runCheck(leakage, reviewsFixture(), { near: false });
    expect(result.metrics.leakedRows).toEqual({ test: 1, validation: 0 });
    expect(result.metrics.threshold).toBeNull();
  });

  it('grades severity by the leaked share of the worst split (high from 1%)', async () => {
    const rows: string[][] = [];
    for (let i = 0; i < 300; i++) rows.push([`training sentence number ${i} about products`, 'train']);
    for (let i = 0; i < 1000; i++) rows.push([`evaluation sentence ${i} on another subject entirely`, 'test']);
    rows.push(['training sentence number 7 about products', 'test']);
    const low = await runCheck(leakage, { header: ['text', 'split'], rows });
    expect(low.metrics.leakedRows).toEqual({ test: 1 });
    expect(low.findings[0].severity).toBe('low'); // 1 of 1001
    for (let i = 0; i < 10; i++) rows.push([`training sentence number ${20 + i} about products`, 'test']);
    const high = await runCheck(leakage, { header: ['text', 'split'], rows });
    expect(high.metrics.leakedRows).toEqual({ test: 11 });
    expect(high.findings[0].severity).toBe('high'); // 11 of 1011 = 1.09%
  });

  it('picks the most similar training row, and the first one on ties', async () => {
    const context = makeContext({
      header: ['text', 'split'],
      rows: [
        ['Comfortable headphones with rich bass, though they get warm after one hour.', 'train'], // 64/77 with row 2
        ['Comfortable headphones with rich bass, though they get quite warm after an hour.', 'train'], // 67/79 with row 2
        ['Comfortable headphones with rich bass, though they get warm after an hour.', 'dev'],
        ['Comfortable headphones with rich bass, though they get quite warm after an hour.', 'Train'], // ties with row 1
        ['comfortable headphones with rich bass, though they get warm after ONE hour.', 'test'], // row 0 up to case
      ],
    });
    const result = await runCheck(leakage, context);
    expect(result.metrics.pairs).toEqual([
      { row: 2, line: 4, trainRow: 1, trainLine: 3, similarity: 67 / 79, split: 'dev', kind: 'near' },
      { row: 4, line: 6, trainRow: 0, trainLine: 2, similarity: 1, split: 'test', kind: 'near' },
    ]);
    expect(result.metrics.trainingRows).toBe(3);
  });

  it('keys on features without a text column, so a tabular test row equal to a training row leaks', async () => {
    const context = makeContext({
      header: ['id', 'age', 'city', 'label', 'split'],
      rows: [
        ['a', '31', 'Paris', 'yes', 'train'],
        ['b', '31', 'Paris', 'no', 'test'],
        ['c', '40', 'Oslo', 'no', 'test'],
        ['d', '40', 'Oslo', 'no', 'valid'],
      ],
    });
    const result = await runCheck(leakage, context);
    expect(result.metrics).toMatchObject({ keyedOn: 'features', threshold: null, leakedRows: { test: 1, valid: 0 } });
    expect(result.metrics.pairs).toEqual([{ row: 1, line: 3, trainRow: 0, trainLine: 2, similarity: 1, split: 'test', kind: 'exact' }]);
    expect(result.findings[0].examples[0]).toMatchObject({ row: 1, id: 'b', excerpt: '31 | Paris', trainExcerpt: '31 | Paris' });
  });

  it('compares the data with a separate training file (--train)', async () => {
    const evaluation = makeInputs({
      header: ['id', 'text', 'label'],
      rows: [
        ['e1', 'Fits my desk perfectly and the cable tray keeps everything neat.', 'positive'],
        ['e2', 'A brand new sentence nobody trained on at all.', 'negative'],
        ['e3', 'The kettle boils fast but the lid feels flimsy and rattles when pouring.', 'neutral'],
      ],
    });
    const train = makeInputs({
      header: ['text', 'label'],
      rows: [
        ['Stopped working after two weeks and support never replied to my emails.', 'negative'],
        ['The kettle boils fast but the lid feels flimsy and rattles when   pouring.', 'neutral'],
        ['Fits my desk perfectly and the cable tray keeps everything tidy.', 'positive'],
      ],
    });
    const inputs = { ...evaluation, train: { data: train.data, roles: train.roles } };
    const result = await runCheck(leakage, inputs);
    expect(result.metrics).toMatchObject({
      leakedRows: { evaluation: 2 },
      evaluationRows: { evaluation: 3 },
      trainingRows: 3,
      source: 'train-file',
      excludedRows: 0,
    });
    expect(result.metrics.pairs).toEqual([
      { row: 0, line: 2, trainRow: 2, trainLine: 4, similarity: 55 / 65, split: 'evaluation', kind: 'near' },
      { row: 2, line: 4, trainRow: 1, trainLine: 3, similarity: 1, split: 'evaluation', kind: 'exact' },
    ]);
    expect(result.findings[0].examples[0]).toMatchObject({
      row: 0,
      id: 'e1',
      trainRow: 2,
      trainExcerpt: 'Fits my desk perfectly and the cable tray keeps everything tidy.',
    });
    expect(result.findings[0].summary).toContain('the training file');
  });

  it('reports an error when the training file lacks the text column', async () => {
    const evaluation = makeInputs({ header: ['text', 'label'], rows: [['some text here', 'a']] });
    const train = makeInputs({ header: ['body2', 'label'], rows: [['12', 'a']], roles: { textCol: null } });
    const output = await runChecks([leakage], { ...evaluation, train: { data: train.data, roles: train.roles } });
    expect(output.checks.leakage.status).toBe('error');
    expect(output.checks.leakage.reason).toContain('the training file has no text column');
  });

  it('keeps split names that look like prototype keys as plain keys', async () => {
    const context = makeContext({
      header: ['text', 'split'],
      rows: [
        ['same text value', 'train'],
        ['same text value', '__proto__'],
      ],
    });
    const result = await runCheck(leakage, context);
    expect(Object.getPrototypeOf(result.metrics.leakedRows)).toBe(Object.prototype);
    expect(Object.keys(result.metrics.leakedRows as object)).toEqual(['__proto__']);
    expect(JSON.stringify(result.metrics.leakedRows)).toBe('{"__proto__":1}');
  });

  it('says so when no split is a training split', async () => {
    const result = await runCheck(leakage, {
      header: ['text', 'split'],
      rows: [
        ['a b c d e f', 'test'],
        ['a b c d e f', 'dev'],
      ],
    });
    expect(result.metrics.trainingRows).toBe(0);
    expect(result.metrics.note).toContain('no training rows');
    expect(result.findings).toEqual([]);
  });

  it('runs with the other data-quality checks on one shared index, byte-identically', async () => {
    const checks = [duplicates, nearDuplicates, conflictingLabels, leakage];
    const first = await runChecks(checks, makeInputs(reviewsFixture()));
    const second = await runChecks(checks, makeInputs(reviewsFixture()));
    expect(JSON.stringify(first)).toBe(JSON.stringify(second));
    expect(Object.values(first.checks).map((c) => c.status)).toEqual(['findings', 'findings', 'findings', 'findings']);
    expect(first.findings.map((f) => f.id)).toEqual([
      'duplicates/exact-duplicates',
      'near-duplicates/near-duplicates',
      'conflicting-labels/conflicting-labels',
      'leakage/train-eval-overlap',
    ]);
  });
});
