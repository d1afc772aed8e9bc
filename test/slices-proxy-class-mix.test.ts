/**
 * Issue 27, item 4: a column that gives the label away (the mailbox a mail came from) stays in the
 * slice search, and a slice is reported as weak only when it errs beyond what its class mix
 * predicts (each row at its class's error rate). On the SpamAssassin cases of the retraining
 * experiment (fixtures/remedy-gains, SOURCE.md): hard ham, the spam-like newsletters kept rare in
 * training, is found by the search itself; the spam mailbox, which is the spam class, is not weak.
 * The built binary, as a user runs it.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { audit, fixture, type Parsed } from './helpers/cli.js';

interface ClassMix {
  expectedErrorRate: number;
  excessErrors: number;
  z: number;
}
interface Slice {
  predicates: Record<string, string | null>;
  size: number;
  errorRate: number;
  qValue: number;
  classMix: ClassMix | null;
}

const at = (name: string, file: string) => fixture('remedy-gains', name, file);
const run = (name: string, extra: string[] = []) => {
  const result = audit([at(name, 'data.csv'), at(name, 'preds.jsonl'), '-f', 'json', '--fail-on', 'none', ...extra]);
  expect(result.status, result.stderr).toBe(0);
  return result.json;
};
const weakOf = (report: Parsed) => report.findings.find((f: { id: string }) => f.id === 'slices/weak-slices');

/** Per evaluation row (split other than train): source, label and each seed's argmax; counted here, not by the audit. */
function evaluationRows(name: string) {
  const rows = Papa.parse<Record<string, string>>(readFileSync(at(name, 'data.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
  const byId = new Map(rows.filter((row) => row.split !== 'train').map((row) => [row.id, { source: row.source, label: row.label, wrong: [] as number[] }]));
  for (const line of readFileSync(at(name, 'preds.jsonl'), 'utf8').trim().split('\n')) {
    const record = JSON.parse(line) as { id: number; seed: number; probs: Record<string, number> };
    const row = byId.get(String(record.id));
    if (!row) continue;
    const predicted = record.probs.spam > record.probs.ham ? 'spam' : 'ham';
    row.wrong[record.seed] = predicted === row.label ? 0 : 1;
  }
  return [...byId.values()];
}
/** Mean over the seeds of each seed's error rate on the rows. */
const meanError = (rows: { wrong: number[] }[]) => {
  const seeds = rows[0].wrong.length;
  let sum = 0;
  for (let s = 0; s < seeds; s++) sum += rows.reduce((n, row) => n + row.wrong[s], 0) / rows.length;
  return sum / seeds;
};

describe('slices and proxy columns (issue 27): a slice is weak only beyond its class mix', () => {
  it('spam-hard-source: the search finds hard ham through the mailbox column, at several times the error rate of its class', () => {
    const report = run('spam-hard-source', ['--slice-cols', 'source']);
    const metrics = report.checks.slices.metrics;
    // The mailbox gives the label away (spam is exactly the spam group) and is reported so ...
    const proxy = report.findings.find((f: { id: string }) => f.id === 'slices/target-proxy:source');
    expect(proxy.metrics).toMatchObject({ target: 'label', lambda: 1, leftOutOfSearch: false });
    expect(proxy.summary).toContain('It stays in the slice search, where a slice on it counts as weak only when it errs beyond what its class mix predicts');
    // ... and searched, on its own.
    expect(metrics.search.columns).toContain('source');
    expect(metrics.search.proxyColumnsLeftOut).toEqual([]);
    expect(metrics.search.proxyColumnsAlone).toEqual(['source']);
    for (const slice of metrics.discovered as Slice[]) if ('source' in slice.predicates) expect(Object.keys(slice.predicates)).toEqual(['source']);

    // The weakest slice is hard ham, found by the search (not only as the declared group).
    const weak = weakOf(report);
    const top = weak.metrics.slices[0] as Slice;
    expect(top.predicates).toEqual({ source: 'hard_ham' });
    // Its numbers, counted from the files: the mean over the 5 seeds of each seed's error rate.
    const rows = evaluationRows('spam-hard-source');
    const hard = rows.filter((row) => row.source === 'hard_ham');
    const ham = rows.filter((row) => row.label === 'ham');
    expect(top.size).toBe(hard.length);
    expect(top.errorRate).toBeCloseTo(meanError(hard), 12);
    // Every hard-ham row is ham: its class mix predicts the ham error rate, and it errs at over 3 times that.
    expect(top.classMix!.expectedErrorRate).toBeCloseTo(meanError(ham), 12);
    expect(top.errorRate).toBeGreaterThan(3 * top.classMix!.expectedErrorRate);
    expect(top.classMix!.z).toBeGreaterThan(5);
    expect(top.qValue).toBeLessThan(0.001);
    expect(weak.metrics.targetSlice).toBe(0);
    expect(weak.summary).toContain('The weakest slice, source = "hard_ham", has 43 rows with an error rate of 20.9%');
    expect(weak.summary).toContain(
      "Its class mix predicts an error rate of 3.8% (each row at its class's error rate): 7 errors beyond that. It is 2.0% of the training rows against 12.3% of the evaluated rows. Targeted data or augmentation for it is the lever",
    );
    // The spam and easy-ham mailboxes are never weak slices.
    for (const slice of weak.metrics.slices as Slice[]) expect(slice.predicates.source ?? 'hard_ham').toBe('hard_ham');
    // Targeted data acts on hard ham and leads the remedies, as the retraining experiment found.
    expect(report.remedies[0].id).toBe('targeted-data');
    expect(report.remedies[0].why).toContain('slices/weak-slices');

    // The same in Chinese (without the proxy model, which the slices check does not read).
    const zh = audit([
      at('spam-hard-source', 'data.csv'),
      at('spam-hard-source', 'preds.jsonl'),
      '--slice-cols',
      'source',
      '-f',
      'json',
      '--fail-on',
      'none',
      '--no-proxy',
      '--lang',
      'zh',
    ]).json;
    expect(weakOf(zh).summary).toContain('最弱的切片 source = "hard_ham" 有 43 行，错误率为 20.9%');
    expect(weakOf(zh).summary).toContain('按其类别构成（每行按其类别的错误率）预期错误率为 3.8%：比这多出 7 个错误。');
    expect(zh.findings.find((f: { id: string }) => f.id === 'slices/target-proxy:source').summary).toContain(
      '该列仍参与切片搜索：在它上面切出的切片，只有错误超出其类别构成的预期（每行按其类别的错误率）时才算作弱切片。',
    );
  }, 180_000);

  it('spam-duplicates-leakage: the spam mailbox errs significantly more than the rest, only as much as the spam class does: not a weak slice', () => {
    const report = run('spam-duplicates-leakage', ['--no-proxy']);
    const metrics = report.checks.slices.metrics;
    expect(metrics.search.columns).toContain('source');
    expect(weakOf(report)).toBeUndefined();
    expect(metrics.discovered).toEqual([]);
    const explained = metrics.explainedByClassMix as Slice[];
    expect(explained.map((slice) => slice.predicates)).toEqual([{ source: 'spam' }]);
    const [spam] = explained;
    expect(spam.qValue).toBeLessThanOrEqual(0.05);
    // The mailbox is the class: the class mix predicts its error rate exactly.
    const rows = evaluationRows('spam-duplicates-leakage');
    const spamRows = rows.filter((row) => row.source === 'spam');
    expect(spamRows.every((row) => row.label === 'spam')).toBe(true);
    expect(spam.size).toBe(spamRows.length);
    expect(spam.errorRate).toBeCloseTo(meanError(spamRows), 12);
    expect(spam.classMix!.expectedErrorRate).toBeCloseTo(spam.errorRate, 12);
    expect(Math.abs(spam.classMix!.z)).toBeLessThan(1e-6);
    expect(spam.errorRate).toBeGreaterThan(1.5 * metrics.overallErrorRate);
  }, 180_000);

  it('digits-source-shift: the finding says how many significant slices their class mix explains, in English and Chinese', () => {
    const en = run('digits-source-shift', ['--slice-cols', 'source', '--no-proxy']);
    const explained = en.checks.slices.metrics.explainedByClassMix as Slice[];
    expect(explained.length).toBe(1);
    for (const slice of explained) expect(slice.classMix!.z).toBeLessThan(2);
    for (const slice of weakOf(en).metrics.slices as Slice[]) expect(slice.classMix!.z).toBeGreaterThanOrEqual(2);
    expect(weakOf(en).metrics.explainedByClassMix).toBe(1);
    expect(weakOf(en).summary).toContain(
      '1 other slice errs significantly more than the rest but no more than its class mix predicts (fewer than 2 standard errors beyond it): it restates the per-class error (see the performance check) and is not counted here.',
    );
    const zh = run('digits-source-shift', ['--slice-cols', 'source', '--no-proxy', '--lang', 'zh']);
    expect(weakOf(zh).summary).toContain('另有 1 个切片的错误显著多于其余数据，但不超过其类别构成的预期（超出不到 2 个标准误）');
  });

  it('checkOptions.slices.searchProxyColumns: false leaves the mailbox out as before; true searches it in conjunctions too', () => {
    const withConfig = (value: boolean) => {
      const config = join(mkdtempSync(join(tmpdir(), 'trainaudit-proxy-')), 'audit.config.json');
      writeFileSync(config, JSON.stringify({ checkOptions: { slices: { searchProxyColumns: value } } }));
      const result = audit([
        at('spam-hard-source', 'data.csv'),
        at('spam-hard-source', 'preds.jsonl'),
        '-f',
        'json',
        '--fail-on',
        'none',
        '--no-proxy',
        '--config',
        config,
      ]);
      expect(result.status, result.stderr).toBe(0);
      return result.json;
    };
    const off = withConfig(false);
    expect(off.checks.slices.metrics.search.proxyColumnsLeftOut).toEqual(['source']);
    expect(off.findings.find((f: { id: string }) => f.id === 'slices/target-proxy:source').metrics.leftOutOfSearch).toBe(true);
    const full = withConfig(true);
    expect(full.checks.slices.metrics.search.columns).toContain('source');
    expect(full.checks.slices.metrics.search.proxyColumnsAlone).toEqual([]);
  }, 180_000);
});
