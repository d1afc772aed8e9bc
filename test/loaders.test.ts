import { describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadData, detectFormat } from '../src/io/data.js';
import { loadPredictions, rowResolver, runNameFromPath } from '../src/io/predictions.js';
import { detectRoles } from '../src/data/roles.js';
import { labelsFromColumn, sortClasses } from '../src/data/labels.js';
import { uniqueHeaders, tableFromRows } from '../src/data/table.js';
import { MAX_DICTIONARY_LEVELS } from '../src/data/column.js';
import { InputError } from '../src/errors.js';

function tempFile(name: string, content: string | Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), 'audit-load-')), name);
  writeFileSync(file, content);
  return file;
}

async function loadWithPredictions(csv: string, jsonl: string, classes: string[] | null = null) {
  const data = await loadData(tempFile('data.csv', csv));
  const roles = detectRoles(data);
  const labels = roles.label ? labelsFromColumn(data.column(roles.label)!, classes, null) : null;
  return loadPredictions([tempFile('preds.jsonl', jsonl)], { data, roles, labels: labels ? { ...labels } : null, classes, positiveClass: null });
}

describe('data loader', () => {
  it('tracks the 1-based line where each record starts, across quoted newlines and blank lines', async () => {
    const table = await loadData(tempFile('d.csv', 'id,text\n1,"a\nb\nc"\n\n2,plain\r\n3,"x"\n'));
    expect(table.rowCount).toBe(3);
    expect(Array.from(table.lines)).toEqual([2, 6, 7]);
    expect(table.column('text')!.get(0)).toBe('a\nb\nc');
  });

  it('streams records that span chunk boundaries', async () => {
    const long = 'w'.repeat(3_000_000); // larger than one read chunk
    const table = await loadData(tempFile('d.csv', `id,text\n1,"${long}"\n2,short\n`));
    expect(table.column('text')!.get(0).length).toBe(3_000_000);
    expect(Array.from(table.lines)).toEqual([2, 3]);
  });

  it('reads gzip by its magic bytes and stdin with -', async () => {
    const gz = await loadData(tempFile('d.csv.gz', gzipSync('id,label\n1,a\n2,b\n')));
    expect(gz.rowCount).toBe(2);
    const stdin = await loadData('-', { stdin: Readable.from([Buffer.from('{"id":1,"label":"a"}\n{"id":2,"label":"b","x":3}\n')]) });
    expect(stdin.format).toBe('jsonl');
    expect(stdin.columns.map((c) => c.name)).toEqual(['id', 'label', 'x']);
    expect(stdin.column('x')!.isMissing(0)).toBe(true);
  });

  it('decodes UTF-8 characters split across chunks', async () => {
    const text = '数据清洗'.repeat(400_000); // 3-byte characters across the 1 MiB read boundary
    const table = await loadData(tempFile('d.csv', `id,text\n1,${text}\n`));
    expect(table.column('text')!.get(0)).toBe(text);
  });

  it('parses a streamed JSON array with lines per element', async () => {
    const table = await loadData(tempFile('d.json', '[\n {"id": 1, "t": "a ] } {"},\n {"id": 2,\n  "t": "b"}\n]\n'));
    expect(table.rowCount).toBe(2);
    expect(Array.from(table.lines)).toEqual([2, 3]);
    expect(table.column('t')!.get(0)).toBe('a ] } {');
  });

  it('rejects a JSON array that is not closed', async () => {
    await expect(loadData(tempFile('d.json', '[{"id": 1}, {"id": 2'))).rejects.toThrow(/ends in the middle of an element/);
  });

  it('counts empty, null and NaN cells and value types per column', async () => {
    const table = await loadData(tempFile('d.csv', 'a,b\n1,x\n,NaN\nnull,2\n3,true\n'));
    expect(table.column('a')!.stats).toEqual({ empty: 1, nulls: 1, nan: 0, types: { number: 2, boolean: 0, string: 0, object: 0 } });
    expect(table.column('b')!.stats).toEqual({ empty: 0, nulls: 0, nan: 1, types: { number: 1, boolean: 1, string: 1, object: 0 } });
    expect(Array.from(table.column('a')!.numbers())).toEqual([1, NaN, NaN, 3]);
  });

  it('switches a high-cardinality column from a dictionary to strings without losing values', () => {
    const rows = Array.from({ length: MAX_DICTIONARY_LEVELS + 10 }, (_, i) => [`value-${i}`, i % 3]);
    const table = tableFromRows(['text', 'k'], rows);
    const text = table.column('text')!;
    expect(text.levels).toBeNull();
    expect(text.get(0)).toBe('value-0');
    expect(text.get(MAX_DICTIONARY_LEVELS + 9)).toBe(`value-${MAX_DICTIONARY_LEVELS + 9}`);
    expect(table.column('k')!.levels).toEqual(['0', '1', '2']);
  });

  it('detects formats by name, then by content', () => {
    expect(detectFormat('x.tsv.gz', '')).toBe('tsv');
    expect(detectFormat('x.json', '{"a":1}')).toBe('jsonl');
    expect(detectFormat('-', '[{"a":1}]')).toBe('json');
    expect(detectFormat('-', 'a\tb\n1\t2')).toBe('tsv');
    expect(detectFormat('-', 'a,b\n1,2')).toBe('csv');
  });
});

describe('headers and roles', () => {
  it('makes duplicate header names unique and reports them', () => {
    expect(uniqueHeaders(['a', 'score', 'score', 'score', ''])).toEqual({
      names: ['a', 'score', 'score_2', 'score_3', 'column_5'],
      renamed: [
        { original: 'score', renamed: 'score_2', position: 2 },
        { original: 'score', renamed: 'score_3', position: 3 },
        { original: '', renamed: 'column_5', position: 4 },
      ],
    });
  });

  it('detects roles by name and type, with reasons; overrides win', () => {
    const long = 'a fairly long sentence of free text that goes on';
    const table = tableFromRows(
      ['uid', 'review_body', 'target', 'fold', 'age'],
      [
        [1, `${long} one`, 'a', 'train', 30],
        [2, `${long} two`, 'b', 'test', 40],
      ],
    );
    const roles = detectRoles(table);
    expect([roles.id, roles.text, roles.label, roles.split]).toEqual(['uid', 'review_body', 'target', 'fold']);
    expect(roles.features).toEqual(['age']);
    expect(roles.assignments.find((a) => a.column === 'review_body')!.reason).toMatch(/free text/);
    const overridden = detectRoles(table, { labelCol: 'fold', sliceCols: ['age'] });
    expect(overridden.label).toBe('fold');
    expect(overridden.slices).toEqual(['age']);
    expect(() => detectRoles(table, { textCol: 'nope' })).toThrow(InputError);
  });

  it('sorts classes numerically when they are numbers', () => {
    expect(sortClasses(['10', '2', '1'])).toEqual(['1', '2', '10']);
    expect(sortClasses(['b', 'a', 'B'])).toEqual(['B', 'a', 'b']);
  });
});

describe('prediction records', () => {
  const csv = 'id,label\n7,cat\n8,dog\n9,cat\n';

  it('joins ids as strings: 7 matches "7" and 7.0', async () => {
    const { predictions } = await loadWithPredictions(csv, '{"id":7,"pred":"dog"}\n{"id":"8","pred":"dog"}\n{"id":9.0,"pred":"cat"}\n');
    const run = predictions.runs[0];
    expect(run.name).toBe('preds');
    expect(Array.from(run.pred!)).toEqual([1, 1, 0]);
    expect(Array.from(run.score!)).toEqual([0, 1, 1]);
  });

  it('renormalises probabilities within 1e-3 and rejects ones further off', async () => {
    const { predictions } = await loadWithPredictions(csv, '{"id":7,"probs":{"cat":0.60005,"dog":0.40005}}\n');
    expect(predictions.runs[0].probs![0] + predictions.runs[0].probs![1]).toBeCloseTo(1, 12);
    await expect(loadWithPredictions(csv, '{"id":7,"probs":[0.7,0.4]}\n')).rejects.toThrow(/sum to 1\.1/);
  });

  it('soft-maxes logits and takes arrays in --classes order', async () => {
    const { predictions } = await loadWithPredictions(csv, '{"id":7,"logits":[0,0]}\n{"id":8,"probs":[0.9,0.1]}\n', ['dog', 'cat']);
    const probs = predictions.runs[0].probs!;
    expect([probs[0], probs[1]]).toEqual([0.5, 0.5]);
    expect([probs[2], probs[3]]).toEqual([0.9, 0.1]);
    expect(predictions.runs[0].pred![1]).toBe(0); // dog
  });

  it('splits one file into runs by seed, and counts unmatched ids and uncovered rows', async () => {
    const { predictions } = await loadWithPredictions(csv, '{"id":7,"seed":1,"pred":"cat"}\n{"id":7,"seed":2,"pred":"dog"}\n{"id":70,"seed":2,"pred":"dog"}\n');
    expect(predictions.runs.map((r) => [r.name, r.count])).toEqual([
      ['1', 1],
      ['2', 1],
    ]);
    expect(predictions.unmatched).toEqual({ count: 1, examples: [{ path: expect.stringMatching(/preds\.jsonl$/), line: 3, id: '70', run: '2' }] });
    expect(predictions.uncovered.count).toBe(2);
  });

  it('counts every data row as without predictions when no record matches any row', async () => {
    const { predictions } = await loadWithPredictions(csv, '{"id":70,"pred":"dog"}\n{"id":71,"pred":"cat"}\n');
    expect(predictions.runs).toEqual([]);
    expect(predictions.unmatched.count).toBe(2);
    expect(predictions.uncovered.count).toBe(3);
  });

  it('takes labels from the predictions when the data has none, and LLM-style scores', async () => {
    const data = await loadData(tempFile('d.csv', 'id,question\n1,what\n2,why\n'));
    const roles = detectRoles(data);
    const { predictions, labels } = await loadPredictions(
      [tempFile('llm.jsonl', '{"id":1,"correct":true,"label":"yes"}\n{"id":2,"score":0.25,"label":"no"}\n')],
      { data, roles, labels: null, classes: null, positiveClass: null },
    );
    expect(labels!.classes).toEqual(['no', 'yes']);
    expect(labels!.source).toBe('predictions');
    expect(Array.from(predictions.runs[0].score!)).toEqual([1, 0.25]);
  });

  it('names the line of a record with a missing id or a bad field', async () => {
    await expect(loadWithPredictions(csv, '{"id":7,"pred":"cat"}\n{"pred":"dog"}\n')).rejects.toMatchObject({
      line: 2,
      message: 'missing required field "id"',
    });
    await expect(loadWithPredictions(csv, '{"id":7,"score":1.5}\n')).rejects.toMatchObject({ line: 1, message: expect.stringMatching(/field "score"/) });
  });

  it('refuses to join when the data repeats an id', () => {
    const table = tableFromRows(
      ['id', 'label'],
      [
        [1, 'a'],
        [1, 'b'],
      ],
    );
    expect(() => rowResolver(table, detectRoles(table))).toThrow(/id "1" occurs twice/);
  });

  it('names runs after their files', () => {
    expect(runNameFromPath('runs/seed-3.jsonl.gz')).toBe('seed-3');
  });
});

describe('the fast record path agrees with the zod schema', () => {
  it.each([
    { id: 7, seed: 1, probs: [0.2, 0.8] },
    { id: 'a', run: 'r', pred: 'cat', label: 'dog', correct: true },
    { id: 3, probs: { cat: 0.5, dog: 0.5 }, score: 0.5, correct: 0 },
    { id: true, seed: null, pred: 2, logits: [1, 2] },
  ])('accepts %j exactly as zod does', async (raw) => {
    const { isPlainPredictionRecord, toPredictionRecord, predictionRecordSchema } = await import('../src/data/predictions.js');
    expect(isPlainPredictionRecord(raw as Record<string, unknown>)).toBe(true);
    const fast = { data: toPredictionRecord(raw) };
    const slow = predictionRecordSchema.parse(raw);
    // The fast path keeps JSON scalars as they are; the builder reads them as strings, as zod gives them.
    const asText = (v: unknown) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v);
    const fastData = Object.fromEntries(
      Object.entries((fast as unknown as { data: Record<string, unknown> }).data).map(([k, v]) => [
        k,
        ['id', 'seed', 'run', 'pred', 'label'].includes(k) ? asText(v) : v,
      ]),
    );
    const known = ['id', 'seed', 'run', 'pred', 'probs', 'logits', 'correct', 'score', 'label'];
    const clean = (o: Record<string, unknown>) => Object.fromEntries(known.filter((k) => o[k] !== undefined && o[k] !== null).map((k) => [k, o[k]]));
    expect(clean(fastData)).toEqual(clean(slow as Record<string, unknown>));
  });
  it.each([{ seed: 1 }, { id: 1, score: 2 }, { id: 1, probs: [0.5, 'x'] }, { id: 1, correct: 'yes' }, { id: 1, probs: { a: Number.NaN } }, { id: {} }])(
    'rejects %j as zod does',
    async (raw) => {
      const { isPlainPredictionRecord, toPredictionRecord, predictionRecordSchema } = await import('../src/data/predictions.js');
      expect(isPlainPredictionRecord(raw as Record<string, unknown>)).toBe(false);
      expect(() => toPredictionRecord(raw as Record<string, unknown>, 'p.jsonl', 3)).toThrow(InputError);
      expect(predictionRecordSchema.safeParse(raw).success).toBe(false);
    },
  );
});

describe('class names written differently', () => {
  it('match the same number and booleans in another case', async () => {
    const data = await loadData(tempFile('d.csv', 'id,label\n0,True\n1,False\n'));
    const roles = detectRoles(data);
    const labels = labelsFromColumn(data.column('label')!, null, null);
    const { predictions } = await loadPredictions([tempFile('p.jsonl', '{"id":0,"pred":true}\n{"id":1,"probs":{"true":0.2,"false":0.8}}\n')], {
      data,
      roles,
      labels,
      classes: null,
      positiveClass: null,
    });
    expect(Array.from(predictions.runs[0].pred!)).toEqual([1, 0]);
    const numeric = await loadWithPredictions('id,label\n7,1.0\n8,0.0\n', '{"id":7,"pred":1}\n{"id":8,"pred":"0"}\n');
    expect(Array.from(numeric.predictions.runs[0].score!)).toEqual([1, 1]);
    await expect(loadWithPredictions('id,label\n7,1.0\n8,0.0\n', '{"id":7,"pred":"yes"}\n')).rejects.toThrow(/predicted class "yes" is not one of the classes/);
  });
});
