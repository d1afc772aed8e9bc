import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { mkdtemp, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportFlagged, type ExportableReport } from '../src/export/export.js';
import { loadData } from '../src/io/data.js';
import { InputError } from '../src/errors.js';
import { builtinChecks } from '../src/checks/registry.js';

let work: string;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'trainaudit-export-'));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

// Row 0 and row 3 are exact duplicates; row 5 (test) leaks training row 1; rows 6 and 2 are
// flagged label issues (6 ranked first). Cells starting with = + - @ test the neutralisation.
const INPUT_CSV = [
  'id,text,label,split,score',
  'a1,"good, really good",pos,train,0.9',
  'a2,=HYPERLINK("http://evil.example"),neg,train,-1.5',
  'a3,"she said ""meh""",neg,train,+3',
  'a4,"good, really good",pos,train,0.9',
  '=cmd,@SUM(A1:A2),pos,test,-2+3',
  'a6,=HYPERLINK("http://evil.example"),neg,test,0.1',
  'a7,"line one',
  'line two",pos,test,NA',
  '',
].join('\n');

function reportFor(path: string): ExportableReport {
  return {
    checks: {
      duplicates: { status: 'findings', metrics: { exactDuplicateGroups: 1, exactDuplicateRows: 1, groups: [[3, 0]] } },
      'near-duplicates': { status: 'skipped', metrics: {} },
      leakage: { status: 'findings', metrics: { leakedRows: { test: 1 }, pairs: [{ row: 5, trainRow: 1, similarity: 1 }] } },
      'label-noise': { status: 'findings', metrics: { issueCount: 2, rows: [6, 2], qualityScores: [0.012345, 0.2], suggestedLabels: ['neg', '=pos'] } },
    },
    inputs: { data: { path, roles: { id: 'id', label: 'label' } }, predictions: { paths: [] }, train: null },
    options: { lang: 'en' },
  };
}

async function setup() {
  const input = join(work, 'data.csv');
  await writeFile(input, INPUT_CSV);
  const before = await stat(input);
  const data = await loadData(input);
  return { input, before, data };
}

describe('exportFlagged', () => {
  test('writes flagged rows per check with neutralised cells, and a cleaned copy without duplicates and leaked rows', async () => {
    const { input, before, data } = await setup();
    const dir = join(work, 'out');
    const summary = await exportFlagged({ definitions: builtinChecks, dir, report: reportFor(input), data, dropLabelIssues: false });

    expect((await readdir(dir)).sort()).toEqual([
      '.trainaudit-export.json',
      'cleaned.csv',
      'flagged-duplicates.csv',
      'flagged-label-noise.csv',
      'flagged-leakage.csv',
    ]);
    expect(await readFile(join(dir, 'flagged-duplicates.csv'), 'utf8')).toBe('row,line,id,reason\n3,5,a4,exact duplicate of row 0 (line 2); group of 2\n');
    expect(await readFile(join(dir, 'flagged-leakage.csv'), 'utf8')).toBe(
      'row,line,id,reason\n5,7,a6,evaluation row duplicates row 1 of the training split (similarity 1)\n',
    );
    // Ranked order kept; the suggested label "=pos" is data text: quoted and neutralised.
    expect(await readFile(join(dir, 'flagged-label-noise.csv'), 'utf8')).toBe(
      'row,line,id,reason\n' +
        '6,8,a7,"likely mislabelled (rank 1); given ""pos""; suggested ""neg""; label quality 0.0123"\n' +
        '2,4,a3,"likely mislabelled (rank 2); given ""neg""; suggested ""=pos""; label quality 0.2"\n',
    );

    // Rows 3 (duplicate) and 5 (leaked) are gone; every kept byte is the input's: the cleaned copy
    // is training data, not a spreadsheet, so nothing is neutralised or re-quoted and NA stays NA.
    expect(await readFile(join(dir, 'cleaned.csv'), 'utf8')).toBe(
      INPUT_CSV.split('\n')
        .filter((line) => !line.startsWith('a4,') && !line.startsWith('a6,'))
        .join('\n'),
    );
    expect(summary).toEqual({
      dir,
      files: [
        { path: join(dir, 'flagged-duplicates.csv'), kind: 'flagged', check: 'duplicates', rows: 1 },
        { path: join(dir, 'flagged-leakage.csv'), kind: 'flagged', check: 'leakage', rows: 1 },
        { path: join(dir, 'flagged-label-noise.csv'), kind: 'flagged', check: 'label-noise', rows: 2 },
        { path: join(dir, 'cleaned.csv'), kind: 'cleaned', rows: 5 },
      ],
      removed: { duplicates: 1, leakage: 1, labelIssues: 0, total: 2 },
      keptRows: 5,
      ignoredRows: 0,
      removedStale: [],
    });

    // The cleaned copy loads back with the same cells (apart from the neutralised ones).
    const back = await loadData(join(dir, 'cleaned.csv'));
    expect(back.rowCount).toBe(5);
    expect(back.column('text')!.get(4)).toBe('line one\nline two');
    expect(back.column('score')!.get(1)).toBe('-1.5');

    // The input is untouched.
    expect(await readFile(input, 'utf8')).toBe(INPUT_CSV);
    expect((await stat(input)).mtimeMs).toBe(before.mtimeMs);
  });

  test('with dropLabelIssues the flagged label errors leave the cleaned copy too', async () => {
    const { input, data } = await setup();
    const dir = join(work, 'out');
    const summary = await exportFlagged({ definitions: builtinChecks, dir, report: reportFor(input), data, dropLabelIssues: true });
    expect(summary.removed).toEqual({ duplicates: 1, leakage: 1, labelIssues: 2, total: 4 });
    expect(await readFile(join(dir, 'cleaned.csv'), 'utf8')).toBe(
      [
        'id,text,label,split,score',
        'a1,"good, really good",pos,train,0.9',
        'a2,=HYPERLINK("http://evil.example"),neg,train,-1.5',
        '=cmd,@SUM(A1:A2),pos,test,-2+3',
        '',
      ].join('\n'),
    );
  });

  test('refuses a directory holding other files, and never writes over an input', async () => {
    const { input, data } = await setup();
    // The data's own directory holds data.csv: refused, nothing written.
    await expect(exportFlagged({ definitions: builtinChecks, dir: work, report: reportFor(input), data, dropLabelIssues: false })).rejects.toThrow(
      /export directory is not empty \(it holds "data.csv"/,
    );
    expect((await readdir(work)).sort()).toEqual(['data.csv']);
    // A file as DIR.
    await expect(exportFlagged({ definitions: builtinChecks, dir: input, report: reportFor(input), data, dropLabelIssues: false })).rejects.toBeInstanceOf(
      InputError,
    );
    // An input named like our output, alone in DIR.
    const trap = join(work, 'trap');
    await mkdir(trap);
    await writeFile(join(trap, 'cleaned.csv'), INPUT_CSV);
    const trapped = await loadData(join(trap, 'cleaned.csv'));
    await expect(
      exportFlagged({ definitions: builtinChecks, dir: trap, report: reportFor(join(trap, 'cleaned.csv')), data: trapped, dropLabelIssues: false }),
    ).rejects.toThrow(/not empty \(it holds "cleaned.csv"/);
    expect(await readFile(join(trap, 'cleaned.csv'), 'utf8')).toBe(INPUT_CSV);
    expect(await readdir(trap)).toEqual(['cleaned.csv']);
  });

  test('a second export replaces the first and removes its stale files; a failed one leaves the first intact', async () => {
    const { input, data } = await setup();
    const dir = join(work, 'out');
    await exportFlagged({ definitions: builtinChecks, dir, report: reportFor(input), data, dropLabelIssues: false });
    const first = await readFile(join(dir, 'cleaned.csv'), 'utf8');

    const noLeak = reportFor(input);
    delete noLeak.checks.leakage;
    const summary = await exportFlagged({ definitions: builtinChecks, dir, report: noLeak, data, dropLabelIssues: false });
    expect(summary.removedStale).toEqual(['flagged-leakage.csv']);
    expect((await readdir(dir)).sort()).toEqual(['.trainaudit-export.json', 'cleaned.csv', 'flagged-duplicates.csv', 'flagged-label-noise.csv']);
    expect(summary.keptRows).toBe(6);

    // Make the rename of one output fail (a directory in its place): no file changes, no temp files left.
    await exportFlagged({ definitions: builtinChecks, dir, report: reportFor(input), data, dropLabelIssues: false });
    await rm(join(dir, 'flagged-leakage.csv'));
    await mkdir(join(dir, 'flagged-leakage.csv'));
    await writeFile(join(dir, 'flagged-leakage.csv', 'keep'), 'x');
    const other = reportFor(input);
    (other.checks.duplicates.metrics as { groups: number[][] }).groups = [];
    await expect(exportFlagged({ definitions: builtinChecks, dir, report: other, data, dropLabelIssues: true })).rejects.toBeInstanceOf(InputError);
    expect((await readdir(dir)).sort()).toEqual([
      '.trainaudit-export.json',
      'cleaned.csv',
      'flagged-duplicates.csv',
      'flagged-label-noise.csv',
      'flagged-leakage.csv',
    ]);
    expect(await readFile(join(dir, 'cleaned.csv'), 'utf8')).toBe(first);
  });

  test('JSONL data gives a typed JSONL cleaned copy; rows of another file are ignored', async () => {
    const input = join(work, 'data.jsonl');
    const lines = [
      { id: 1, text: 'x', n: 1.5, ok: true, meta: { a: [1, 2] } },
      { id: 2, text: 'x', n: -2, ok: false, meta: null },
      { id: 3, text: '=1+1', n: 3, ok: true, meta: { b: 'c' } },
    ].map((record) => JSON.stringify(record));
    await writeFile(input, `${lines.join('\n')}\n`);
    const data = await loadData(input);
    const report: ExportableReport = {
      checks: { duplicates: { metrics: { groups: [[0, 1]] } }, leakage: { metrics: { pairs: [[57, 3, 0.91]] } } },
      inputs: { data: { path: input, roles: { id: 'id' } } },
    };
    const dir = join(work, 'out');
    const summary = await exportFlagged({ definitions: builtinChecks, dir, report, data, dropLabelIssues: false });
    expect(summary.ignoredRows).toBe(1);
    expect(await readFile(join(dir, 'cleaned.jsonl'), 'utf8')).toBe(`${lines[0]}\n${lines[2]}\n`);
    // The leaked row 57 is not a row of this data: listed with an empty line cell.
    expect(await readFile(join(dir, 'flagged-leakage.csv'), 'utf8')).toBe(
      'row,line,id,reason\n57,,,evaluation row duplicates row 3 of the training split (similarity 0.91)\n',
    );
  });

  test('JSON array and TSV data keep their format family', async () => {
    const jsonInput = join(work, 'data.json');
    await writeFile(jsonInput, '[{"t": "a", "y": 1}, {"t": "a", "y": 1}, {"t": "b", "y": null}]');
    const jsonData = await loadData(jsonInput);
    await exportFlagged({
      definitions: builtinChecks,
      dir: join(work, 'j'),
      report: { checks: { duplicates: { metrics: { groups: [[0, 1]] } } } },
      data: jsonData,
      dropLabelIssues: false,
    });
    expect(JSON.parse(await readFile(join(work, 'j', 'cleaned.json'), 'utf8'))).toEqual([
      { t: 'a', y: 1 },
      { t: 'b', y: null },
    ]);

    const tsvInput = join(work, 'data.tsv');
    await writeFile(tsvInput, 'text\tlabel\n"has\ttab"\tpos\n-plain\tneg\n');
    const tsvData = await loadData(tsvInput);
    const summary = await exportFlagged({
      definitions: builtinChecks,
      dir: join(work, 't'),
      report: { checks: {} },
      data: tsvData,
      dropLabelIssues: false,
      lang: 'zh',
    });
    expect(summary.files).toEqual([{ path: join(work, 't', 'cleaned.tsv'), kind: 'cleaned', rows: 2 }]);
    expect(await readFile(join(work, 't', 'cleaned.tsv'), 'utf8')).toBe('text\tlabel\n"has\ttab"\tpos\n-plain\tneg\n');
  });

  test('reasons in Chinese', async () => {
    const { input, data } = await setup();
    const dir = join(work, 'zh');
    await exportFlagged({ definitions: builtinChecks, dir, report: reportFor(input), data, dropLabelIssues: false, lang: 'zh' });
    expect(await readFile(join(dir, 'flagged-duplicates.csv'), 'utf8')).toBe('row,line,id,reason\n3,5,a4,与记录 0(文件第 2 行)完全重复;该组共 2 条记录\n');
  });

  test('streams a large table out in chunks', async () => {
    const rows = 120_000;
    const body = Array.from({ length: rows }, (_, i) => `${i},${'t'.repeat(20)}${i % 1000},${i % 2 ? 'pos' : 'neg'}`).join('\n');
    const input = join(work, 'big.csv');
    await writeFile(input, `id,text,label\n${body}\n`);
    const data = await loadData(input);
    const groups = Array.from({ length: 1000 }, (_, g) => Array.from({ length: rows / 1000 }, (_, k) => g + k * 1000));
    const summary = await exportFlagged({
      definitions: builtinChecks,
      dir: join(work, 'big'),
      report: { checks: { duplicates: { metrics: { groups } } } },
      data,
      dropLabelIssues: false,
    });
    expect(summary.keptRows).toBe(1000);
    expect(summary.files[0]).toEqual({ path: join(work, 'big', 'flagged-duplicates.csv'), kind: 'flagged', check: 'duplicates', rows: rows - 1000 });
    const cleaned = await readFile(join(work, 'big', 'cleaned.csv'), 'utf8');
    expect(cleaned.split('\n').length).toBe(1000 + 2);
    const flagged = await readFile(join(work, 'big', 'flagged-duplicates.csv'), 'utf8');
    expect(flagged.split('\n').length).toBe(rows - 1000 + 2);
  });
});
