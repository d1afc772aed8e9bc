/**
 * Trust review of the report on benchmark items (lm-evaluation-harness samples, real fixtures):
 * repeated items are worded as what they are for an evaluation-only input (an item counted once per
 * task in a pooled accuracy, never "training duplicates"), near copies with another gold answer are
 * contrast items, and no training remedy is offered for rows nothing is trained on.
 */
import { describe, expect, it } from 'vitest';
import { audit, fixture, type Parsed } from './helpers/cli.js';
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
    expect(r.inputs.data.roles.benchmark).toEqual({ harness: 'lm-evaluation-harness', taskColumn: 'task' });
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
  });

  it('Winogrande: twin sentences with opposite answers are contrast items, not repeats', () => {
    const r = report('winogrande').json;
    const near = r.findings.find((f: Parsed) => f.id === 'near-duplicates/near-duplicates');
    expect(near.metrics.benchmark).toMatchObject({ crossTaskRows: 0, withinTaskRows: 0, contrastRows: 1, distinctItems: 10 });
    expect(near.severity).toBe('info');
    expect(near.summary).toContain('contrast items by design');
    expect(near.summary).not.toMatch(/counts? (more than once|twice)/);
    expect(r.remedies.map((m: Parsed) => m.id)).not.toContain('dedupe-benchmark');
  });

  it('the roles line names no classes when there are none (GPQA generation runs)', () => {
    const run = audit([fixture('lm-eval', 'gpqa')]);
    const rolesLine = run.stdout.split('\n').find((line) => line.startsWith('roles:'))!;
    expect(rolesLine).toBe('roles: id=id text=doc.Explanation slices=task,group');
    expect(run.stdout).not.toMatch(/classes:\s*$/m);
  });
});
