/**
 * Trust review of the report on benchmark items (lm-evaluation-harness samples, real fixtures):
 * repeated items are worded as what they are for an evaluation-only input (an item counted once per
 * task in a pooled accuracy, never "training duplicates"), near copies with another gold answer are
 * contrast items, and no training remedy is offered for rows nothing is trained on.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { audit, fixture, type Parsed } from './helpers/cli.js';
import { conflictingGoldSamples } from './helpers/conflicting-gold.js';
import { reportSchema } from '../src/report/schema.js';

const TRAINING_REMEDIES = ['deduplicate', 'regularize', 'hyperparameter-search', 'adversarial-training', 'distill'];

function report(dir: string, lang: 'en' | 'zh' = 'en') {
  const run = audit([fixture('lm-eval', dir), '-f', 'json', '--lang', lang]);
  expect(reportSchema.safeParse(run.json).success).toBe(true);
  return run;
}

describe('benchmark items are evaluation rows, not training data', () => {
  it('GPQA: the subtasks share 12 items; the duplicates findings say they count once per task when pooled (en)', () => {
    const run = report('gpqa');
    // High findings remain (the shared items, the spread between the two gpt-4o repeats): the gate fails.
    expect(run.status).toBe(1);
    const r = run.json;
    expect(r.inputs.data.roles.benchmark).toEqual({ harness: 'lm-evaluation-harness', taskColumn: 'task', answerColumn: 'reference' });
    const exact = r.findings.find((f: Parsed) => f.id === 'duplicates/exact-duplicates');
    const near = r.findings.find((f: Parsed) => f.id === 'near-duplicates/near-duplicates');
    for (const f of [exact, near]) {
      expect(f.metrics.benchmark).toMatchObject({
        crossTaskRows: 12,
        withinTaskRows: 0,
        contrastRows: 0,
        distinctItems: 18,
        sharedTasks: ['leaderboard_gpqa_diamond', 'leaderboard_gpqa_extended', 'leaderboard_gpqa_main'],
      });
      expect(f.summary).not.toMatch(/over-weight|in training and|leak across splits/);
      expect(f.summary).toContain('an accuracy pooled over those tasks counts each such item once per task it is in');
    }
    // Nothing is trained on the rows: de-duplicating them drops no training row.
    expect(exact.metrics.trainingRowsRemoved).toBe(0);
    expect(exact.summary).toMatchSnapshot('gpqa exact-duplicates en');
    const ids = r.remedies.map((m: Parsed) => m.id);
    expect(ids).toContain('dedupe-benchmark');
    for (const id of TRAINING_REMEDIES) expect(ids).not.toContain(id);
    const dedupe = r.remedies.find((m: Parsed) => m.id === 'dedupe-benchmark');
    expect(dedupe.outcome).toBe('honesty');
    expect(dedupe.why).toEqual(['duplicates/exact-duplicates', 'near-duplicates/near-duplicates']);
  });

  it('GPQA in Chinese: the same facts, no training wording', () => {
    const r = report('gpqa', 'zh').json;
    const exact = r.findings.find((f: Parsed) => f.id === 'duplicates/exact-duplicates');
    expect(exact.summary).not.toContain('训练中放大其内容的权重');
    expect(exact.summary).toContain('按它所在的任务数重复计数');
    expect(exact.summary).toContain('共 18 道不同的题');
    expect(exact.summary).toMatchSnapshot('gpqa exact-duplicates zh');
    expect(r.remedies.find((m: Parsed) => m.id === 'dedupe-benchmark').title).toBe('每道基准题只计一次');
  });

  it('the repeats of gpt-4o (one configuration run twice) get no training remedy', () => {
    const r = report('gpqa').json;
    const spread = r.findings.find((f: Parsed) => f.id === 'seed-instability/accuracy-spread:gpt-4o 0-shot');
    expect(spread.metrics.runKind).toBe('run');
    const behind = r.remedies.filter((m: Parsed) => m.why.includes(spread.id)).map((m: Parsed) => m.id);
    expect(behind).not.toContain('regularize');
    expect(behind).not.toContain('hyperparameter-search');
    // Worded for repeated evaluations: no seeds, nothing trained.
    const title = (id: string) => r.remedies.find((m: Parsed) => m.id === id).title;
    expect(title('ensemble')).toBe('Take the majority answer of repeated evaluations (self-consistency)');
    expect(title('more-seeds')).toBe('Repeat the evaluation before concluding');
    const steps = r.remedies.filter((m: Parsed) => m.why.includes(spread.id)).flatMap((m: Parsed) => m.steps);
    expect(steps.join(' ')).not.toMatch(/trained|initialisation|dropout/);
    const zh = report('gpqa', 'zh').json.remedies;
    expect(zh.find((m: Parsed) => m.id === 'more-seeds').title).toBe('多重复几次评估再下结论');
    expect(zh.find((m: Parsed) => m.id === 'ensemble').title).toBe('对重复评估取多数答案(自洽性)');
  });

  it('Winogrande: twin sentences with opposite answers are contrast items, not repeats', () => {
    const r = report('winogrande').json;
    const near = r.findings.find((f: Parsed) => f.id === 'near-duplicates/near-duplicates');
    expect(near.metrics.benchmark).toMatchObject({ crossTaskRows: 0, withinTaskRows: 0, contrastRows: 1, distinctItems: 10 });
    expect(near.severity).toBe('info');
    expect(near.summary).toContain('a different item worded alike (a contrast item such as Winogrande');
    expect(near.summary).not.toMatch(/counts? (more than once|twice)/);
    expect(r.remedies.map((m: Parsed) => m.id)).not.toContain('dedupe-benchmark');
  });

  it('the roles line names no classes when there are none (GPQA generation runs)', () => {
    const run = audit([fixture('lm-eval', 'gpqa')]);
    const rolesLine = run.stdout.split('\n').find((line) => line.startsWith('roles:'))!;
    expect(rolesLine).toBe('roles: id=id text=doc.Question slices=task,group');
    expect(run.stdout).not.toMatch(/classes:\s*$/m);
  });
});

describe('what a benchmark item is, and what is judged on it', () => {
  it('the text is the question the model answers, not the explanation or the solution', () => {
    const roles = (dir: string) => report(dir).json.inputs.data.roles;
    // GPQA: "Question", not the longer "Explanation"; MATH: "problem", not "solution" (which holds the answer).
    expect(roles('gpqa').text).toBe('doc.Question');
    expect(roles('math').text).toBe('doc.problem');
    expect(roles('winogrande').text).toBe('doc.sentence');
    const assignment = roles('gpqa').assignments.find((a: Parsed) => a.column === 'doc.Question');
    expect(assignment).toEqual({ column: 'doc.Question', role: 'text', reason: 'named "doc.Question"' });
  });

  it("the doc's other fields (annotators' notes, revisions) are not judged for gaps or types; the columns with a role are", () => {
    const r = report('gpqa').json;
    expect(r.findings.filter((f: Parsed) => f.check === 'missing-values')).toEqual([]);
    const m = r.checks['missing-values'].metrics;
    // 88 columns: id, task and group, the question (text) and 84 without a role: doc_id, reference and 82 doc fields.
    expect(m.benchmarkFieldsNotJudged).toBe(84);
    // The facts stay in the metrics: the gaps are counted, only not called a problem.
    expect(m.columnsWithMissing).toContain('doc.Extra Revised Question');
    expect(r.remedies.map((x: Parsed) => x.id)).not.toContain('clean-missing');
  });

  it('answer positions (A, B) are not classes to balance or to learn: no class-balance finding, the counts stay', () => {
    const r = report('winogrande').json;
    expect(r.findings.filter((f: Parsed) => f.check === 'class-balance')).toEqual([]);
    expect(r.checks['class-balance'].metrics).toMatchObject({
      classCounts: { A: 6, B: 4 },
      benchmark: { harness: 'lm-evaluation-harness', findingsWithheld: true },
    });
  });

  it('Winogrande: twin sentences with opposite answers are not conflicting labels; no training remedy for 10 benchmark items', () => {
    const r = report('winogrande').json;
    expect(r.findings.filter((f: Parsed) => f.check === 'conflicting-labels')).toEqual([]);
    expect(r.checks['conflicting-labels'].metrics.benchmark).toMatchObject({ contrastGroups: 1, contrastRows: 2 });
    const ids = r.remedies.map((m: Parsed) => m.id);
    // The flags of a model this weak are its own errors; an overconfident prompted model says nothing of how it was trained.
    for (const id of ['relabel', 'curriculum', 'domain-knowledge', 'regularize', 'rebalance']) expect(ids).not.toContain(id);
    // No training rows: no proxy model is fitted on the benchmark's own items.
    expect(r.checks.proxy).toMatchObject({ status: 'skipped', reason: expect.stringContaining('benchmark items logged by lm-evaluation-harness') });
  });

  it('MATH: two problems from one template with other numbers and other answers are two items, not a repeat', () => {
    const r = report('math').json;
    const near = r.findings.find((f: Parsed) => f.id === 'near-duplicates/near-duplicates');
    expect(near.metrics.benchmark).toMatchObject({ contrastRows: 1, withinTaskRows: 0, crossTaskRows: 0, distinctItems: 255 });
    expect(near.summary).toContain('one template with other numbers');
    expect(near.summary).not.toMatch(/counts? (more than once|twice)/);
    expect(r.remedies.map((m: Parsed) => m.id)).not.toContain('dedupe-benchmark');
    expect(r.options.task).toBe('llm');
  });

  describe('an item logged twice with different gold answers', () => {
    const dir = conflictingGoldSamples();
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('is conflicting-gold, sized as an understatement of the accuracy, with fix-evaluation-labels and never relabel', () => {
      const r = audit([dir, '-f', 'json']).json;
      const f = r.findings.find((x: Parsed) => x.id === 'conflicting-labels/conflicting-gold');
      expect(f.metrics).toMatchObject({ conflictingGroups: 1, conflictingRows: 2, minorityRows: 1 });
      // The twin sentence of doc 0 sits in the same near cluster as the conflicting pair: not counted apart.
      expect(f.metrics).toMatchObject({ understatement: 1 / 11, contrastGroups: 0 });
      expect(r.checks['conflicting-labels'].metrics.benchmark).toMatchObject({ labelledRows: 11, understatement: 1 / 11, contrastGroups: 0 });
      expect(f.title).toBe('1 benchmark item with conflicting gold answers');
      expect(f.summary).toContain('scored wrong on at least 1 of these rows whatever it answers');
      expect(f.summary).toContain('understated by up to 9.09%');
      const fix = r.remedies.find((m: Parsed) => m.id === 'fix-evaluation-labels');
      expect(fix.outcome).toBe('honesty');
      expect(fix.why).toContain('conflicting-labels/conflicting-gold');
      expect(fix.expectedGain).toMatchObject({ metric: 'understatement', basis: 'upper-bound', rows: 1 });
      expect(fix.expectedGain.value).toBeCloseTo(1 / 11, 6);
      const ids = r.remedies.map((m: Parsed) => m.id);
      expect(ids).not.toContain('relabel');
      expect(ids).not.toContain('domain-knowledge');
    });

    it('in Chinese, the same bound', () => {
      const f = audit([dir, '-f', 'json', '--lang', 'zh']).json.findings.find((x: Parsed) => x.id === 'conflicting-labels/conflicting-gold');
      expect(f.title).toBe('1 道基准题的参考答案相互矛盾');
      expect(f.summary).toContain('最多被低估 9.09%');
    });
  });
});

describe('runs named after their n-shot setting (a generic predictions file)', () => {
  // 120 reviews; one prompted model evaluated 0-shot and 5-shot, the runs named so (no seed, no model field).
  const dir = mkdtempSync(join(tmpdir(), 'trainaudit-shots-'));
  let data = 'id,text,label\n';
  let preds = '';
  for (let i = 0; i < 120; i++) {
    const label = i % 2 ? 'pos' : 'neg';
    data += `${i},review ${i}: the film was ${label === 'pos' ? 'great' : 'awful'},${label}\n`;
    for (const [run, wrongEvery] of [
      ['0-shot', 3],
      ['5-shot', 10],
    ] as const)
      preds += JSON.stringify({ id: i, run, pred: i % wrongEvery === 0 ? (label === 'pos' ? 'neg' : 'pos') : label }) + '\n';
  }
  writeFileSync(join(dir, 'data.csv'), data);
  writeFileSync(join(dir, 'preds.jsonl'), preds);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are two configurations, not two seeds: no seed spread, and the inputs say so', () => {
    const run = audit(['data.csv', 'preds.jsonl', '-f', 'json'], { cwd: dir });
    const r = run.json;
    expect(r.inputs.predictions.configurationsFromRunNames).toEqual(['0-shot', '5-shot']);
    expect(r.inputs.predictions.runs.map((x: Parsed) => x.model)).toEqual(['0-shot', '5-shot']);
    expect(r.findings.filter((f: Parsed) => f.check === 'seed-instability')).toEqual([]);
    expect(r.checks['seed-instability'].reason).toContain('got 2 runs of 2 configurations');
    const text = audit(['data.csv', 'preds.jsonl'], { cwd: dir }).stdout;
    expect(text.replace(/\s+/g, ' ')).toContain(
      'runs grouped by the setting their names state (0-shot, 5-shot): configurations of a prompted model, not seeds',
    );
  });
});
