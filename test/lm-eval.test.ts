/**
 * lm-evaluation-harness `--log_samples` output audited as it comes (fixtures/lm-eval, real files
 * from a public repository): no data file, no conversion; each run's accuracy equals the figure the
 * harness wrote in its results file; runs are named by model, n-shot setting and filter, and runs of
 * one configuration written at different times are that evaluation repeated, not seeds.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit, fixture } from './helpers/cli.js';
import { readSample, lengthNormalized, argmaxFirst, choiceProbabilities } from '../src/io/lm-eval/samples.js';
import { reportSchema } from '../src/report/schema.js';
import type { LmEvalTaskSummary } from '../src/io/lm-eval/load.js';

/** The report's `inputs.predictions.lmEval` entries, as the loader declares them. */
type TaskSummary = LmEvalTaskSummary;

function lmEval(dir: string, extra: string[] = []) {
  const run = audit([fixture('lm-eval', dir), '-f', 'json', '--fail-on', 'none', ...extra]);
  expect(run.status, run.stderr).toBe(0);
  // The JSON contract: the report, lmEval included, matches the schema.
  expect(reportSchema.safeParse(run.json).success).toBe(true);
  return { run, tasks: run.json.inputs.predictions.lmEval as TaskSummary[] };
}

describe('lm-evaluation-harness samples', () => {
  it('multiple choice at 5-shot and its 0-shot generation variant: two configurations, each equal to the harness to 1e-9', () => {
    const { run, tasks } = lmEval('winogrande');
    expect(tasks).toHaveLength(2);
    for (const t of tasks) expect(Math.abs(t.accuracy - t.harness!)).toBeLessThan(1e-9);
    const mc = tasks.find((t) => t.metric === 'acc')!;
    expect(mc).toMatchObject({ configuration: 'llama3.1-pro16-0827-Inst-nc-chat_241016 5-shot', nShot: 5, filter: 'none', samples: 10, accuracy: 0.7 });
    // The argmax of the log-likelihoods against the gold agrees with the harness's own per-sample acc everywhere.
    expect(mc.recomputedAgreement).toBe(1);
    const gen = tasks.find((t) => t.metric === 'exact_match')!;
    expect(gen).toMatchObject({ configuration: 'llama3.1-pro16-0827-Inst-nc-chat_241016 0-shot get-answer', nShot: 0, filter: 'get-answer' });
    // Two configurations of one model: two models for the checks, never one seed population.
    const runs = run.json.inputs.predictions.runs as { name: string; model: string; probabilities: boolean }[];
    expect(runs.map((r) => r.model)).toEqual(['llama3.1-pro16-0827-Inst-nc-chat_241016 5-shot', 'llama3.1-pro16-0827-Inst-nc-chat_241016 0-shot get-answer']);
    expect(runs[0].probabilities).toBe(true);
    // The rows are the docs, the doc's fields are columns, the task is a slice; gold choices are the labels.
    const data = run.json.inputs.data;
    expect(data.rows).toBe(10);
    expect(data.columns).toEqual(expect.arrayContaining(['id', 'task', 'doc_id', 'label', 'doc.sentence', 'doc.option1', 'doc.option2', 'doc.answer']));
    expect(data.roles).toMatchObject({ id: 'id', label: 'label', slices: ['task'] });
    expect(data.classes).toEqual(['A', 'B']);
    expect((run.json.findings as { id: string }[]).some((f) => f.id.startsWith('seed-instability/'))).toBe(false);
  });

  it('subtasks of a group for two models, one of them run twice: per subtask equal to the harness, the two runs are repeats of one configuration', () => {
    const { run, tasks } = lmEval('gpqa');
    expect(tasks).toHaveLength(9);
    for (const t of tasks) {
      expect(t.harness, `${t.configuration} ${t.task}`).not.toBeNull();
      expect(Math.abs(t.accuracy - t.harness!)).toBeLessThan(1e-9);
      expect(t.group).toBe('leaderboard_gpqa');
    }
    expect(new Set(tasks.map((t) => t.configuration))).toEqual(new Set(['gpt-4o 0-shot', 'llama3.1-pro16-0827-Inst-nc-chat_241016 0-shot']));
    expect(tasks.filter((t) => t.configuration === 'gpt-4o 0-shot').map((t) => [t.run.slice(0, 19), t.task, t.accuracy])).toEqual([
      ['2024-11-22T16-07-44', 'leaderboard_gpqa_diamond', 0.1],
      ['2024-11-22T16-12-45', 'leaderboard_gpqa_diamond', 0.4],
      ['2024-11-22T16-07-44', 'leaderboard_gpqa_extended', 0],
      ['2024-11-22T16-12-45', 'leaderboard_gpqa_extended', 0.4],
      ['2024-11-22T16-07-44', 'leaderboard_gpqa_main', 0.2],
      ['2024-11-22T16-12-45', 'leaderboard_gpqa_main', 0.4],
    ]);
    expect(run.json.inputs.data.roles.slices).toEqual(['task', 'group']);
    // gpt-4o's two runs are one evaluation repeated: analysed together, worded as runs, not seeds.
    const findings = run.json.findings as { id: string; title: string; summary: string }[];
    const spread = findings.find((f) => f.id === 'seed-instability/accuracy-spread:gpt-4o 0-shot')!;
    expect(spread.title).toBe('"gpt-4o 0-shot": Run accuracy range: 30.0 points');
    expect(spread.summary).not.toMatch(/seed/i);
    const seedFindings = findings.filter((f) => f.id.startsWith('seed-instability/'));
    expect(seedFindings.map((f) => f.id).every((id) => id.endsWith(':gpt-4o 0-shot'))).toBe(true);
    for (const f of seedFindings) expect(`${f.title} ${f.summary}`).not.toMatch(/seed|retrain/i);
  });

  it('Chinese wording of repeated runs speaks of runs, not seeds', () => {
    const { run } = lmEval('gpqa', ['--lang', 'zh']);
    const seedFindings = (run.json.findings as { id: string; title: string; summary: string }[]).filter((f) => f.id.startsWith('seed-instability/'));
    expect(seedFindings.length).toBeGreaterThan(0);
    for (const f of seedFindings) expect(`${f.title} ${f.summary}`).not.toMatch(/种子/);
  });

  it('a generation task (MATH, 4-shot): equal to the harness, with exact, normalised, numeric and token-F1 match per task', () => {
    const { run, tasks } = lmEval('math');
    expect(tasks.map((t) => [t.task, t.samples, t.nShot, t.metric])).toEqual([
      ['leaderboard_math_counting_and_prob_hard', 123, 4, 'exact_match'],
      ['leaderboard_math_geometry_hard', 132, 4, 'exact_match'],
    ]);
    for (const t of tasks) expect(Math.abs(t.accuracy - t.harness!)).toBeLessThan(1e-9);
    const counting = tasks[0].generation!;
    // The harness's exact_match is 0 on every problem (its answer extraction finds no answer in this model's style);
    // the last number of the response matches the reference in 3 of the 122 problems whose reference is a number.
    expect(counting.exact).toBe(0);
    expect(counting.numericSamples).toBe(122);
    expect(counting.numeric! * 122).toBeCloseTo(3, 9);
    expect(counting.tokenF1).toBeGreaterThan(0);
    // Generation answers are not classes: no label column.
    expect(run.json.inputs.data.roles.label).toBeNull();
    expect(run.json.inputs.data.columns).toContain('reference');
  });

  it('a samples file given on its own (the results file found beside it) reads the same', () => {
    const file = fixture('lm-eval', 'winogrande', 'llama3.1-pro16-nc-chat', 'samples_winogrande_2024-12-23T13-17-27.691350.jsonl');
    const run = audit([file, '-f', 'json', '--fail-on', 'none']);
    expect(run.status, run.stderr).toBe(0);
    const tasks = run.json.inputs.predictions.lmEval as TaskSummary[];
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ accuracy: 0.7, harness: 0.7, nShot: 5 });
  });

  it('a data file joined by doc_id: the accuracy equals the harness, and its rows are benchmark items', () => {
    // The docs of the real Winogrande 5-shot samples written out as a data file (id = doc_id, the gold as the answer letter).
    const samplesFile = fixture('lm-eval', 'winogrande', 'llama3.1-pro16-nc-chat', 'samples_winogrande_2024-12-23T13-17-27.691350.jsonl');
    const dir = mkdtempSync(join(tmpdir(), 'trainaudit-join-'));
    try {
      const samples = readFileSync(samplesFile, 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { doc_id: number; doc: { sentence: string; option1: string; option2: string; answer: string } });
      const quote = (text: string) => `"${text.replace(/"/g, '""')}"`;
      const rows = samples.map((s) =>
        [s.doc_id, quote(s.doc.sentence), quote(s.doc.option1), quote(s.doc.option2), s.doc.answer === '1' ? 'A' : 'B'].join(','),
      );
      writeFileSync(join(dir, 'docs.csv'), ['id,sentence,option1,option2,label', ...rows].join('\n') + '\n');
      const run = audit(['docs.csv', samplesFile, '-f', 'json', '--fail-on', 'none'], { cwd: dir });
      expect(run.status, run.stderr).toBe(0);
      expect(reportSchema.safeParse(run.json).success).toBe(true);
      const tasks = run.json.inputs.predictions.lmEval as TaskSummary[];
      expect(tasks).toHaveLength(1);
      expect(tasks[0]).toMatchObject({ task: 'winogrande', samples: 10, accuracy: 0.7, harness: 0.7 });
      expect(run.json.inputs.predictions.runs.map((r: { rows: number }) => r.rows)).toEqual([10]);
      // Joined to one task's samples, the data file's rows are that task's items.
      expect(run.json.inputs.data.roles.benchmark).toEqual({ harness: 'lm-evaluation-harness', taskColumn: null });
      expect(run.json.options.task).toBe('llm');
      const ids = run.json.findings.map((f: { id: string }) => f.id);
      expect(ids).not.toContain('conflicting-labels/conflicting-labels');
      expect(ids).not.toContain('class-balance/rare-classes');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a samples file mixed with another kind of file is one line naming it, exit 2', () => {
    const run = audit([fixture('lm-eval', 'winogrande'), fixture('generation', 'asdiv.csv'), '-f', 'json']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('not an lm-evaluation-harness samples file');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('one sample as the harness scores it', () => {
  it('acc_norm divides each log-likelihood by its choice length in characters (np.argmax(lls / completion_len))', () => {
    const record = {
      doc_id: 3,
      doc: { gold: 1 },
      target: 1,
      arguments: { gen_args_0: { arg_0: 'Q:', arg_1: ' a' }, gen_args_1: { arg_0: 'Q:', arg_1: ' bbbbbb' } },
      filtered_resps: [
        [-2, false],
        [-6, false],
      ],
      acc: 0,
      acc_norm: 1,
    };
    const sample = readSample(record, ' ', 'x.jsonl', 1);
    expect(sample.kind).toBe('choice');
    if (sample.kind !== 'choice') return;
    expect(sample.lengths).toEqual([1, 6]);
    expect(sample.gold).toBe(1);
    // Raw: -2 > -6, so choice 0 (acc 0); normalised: -2/1 = -2 < -6/6 = -1, so choice 1 (acc_norm 1).
    expect(argmaxFirst(sample.logLikelihoods)).toBe(0);
    expect(lengthNormalized(sample.logLikelihoods, sample.lengths!)).toEqual([-2, -1]);
    expect(argmaxFirst(lengthNormalized(sample.logLikelihoods, sample.lengths!))).toBe(1);
    // Softmax over the choices: e^-2 / (e^-2 + e^-6).
    const p = choiceProbabilities(sample.logLikelihoods);
    expect(p[0]).toBeCloseTo(1 / (1 + Math.exp(-4)), 12);
  });

  it('older string log-likelihoods (["-1.5", "False"]) and a tie resolved to the first choice, as numpy does', () => {
    const sample = readSample(
      {
        doc_id: 0,
        doc: {},
        target: '0',
        filtered_resps: [
          ['-1.5', 'False'],
          ['-1.5', 'False'],
        ],
        acc: 1,
      },
      ' ',
      'x.jsonl',
      1,
    );
    if (sample.kind !== 'choice') throw new Error('expected a choice sample');
    expect(sample.logLikelihoods).toEqual([-1.5, -1.5]);
    expect(argmaxFirst(sample.logLikelihoods)).toBe(0);
    expect(sample.gold).toBe(0);
  });
});

describe('failed runs among repeats of one evaluation', () => {
  it('are worded as a broken evaluation, not a failed training, in English and Chinese', async () => {
    const { findings } = await import('../src/checks/seed-instability/findings.js');
    const args = {
      model: 'gpt-4o 0-shot',
      runKind: 'run' as const,
      failedRuns: ['gpt-4o 0-shot/r2'],
      majorityBaseline: 0.49,
      failedAccuracies: [0.31],
      meanWithoutFailed: 0.62,
      meanAccuracy: 0.465,
      majorityClass: 'B',
      runs: 2,
    };
    const en = findings['failed-runs'].en(args);
    expect(en.title).toBe('"gpt-4o 0-shot": 1 of 2 repeats of the evaluation score at the majority-answer level');
    expect(en.summary).toContain(
      '1 of 2 repeats of the same evaluation ("gpt-4o 0-shot/r2") reach no more than the 49.0% accuracy of always answering "B" (worst: 31.0%)',
    );
    expect(en.summary).toContain('mean accuracy is 62.0% instead of 46.5% (+15.5 points)');
    expect(en.summary).not.toMatch(/seed|learning rate|Mosbach/);
    const zh = findings['failed-runs'].zh!(args);
    expect(zh.title).toContain('同一评估的 2 次重复中有 1 次');
    expect(zh.summary).not.toMatch(/种子|学习率/);
    // Retrained seeds keep the optimisation wording.
    expect(findings['failed-runs'].en({ ...args, runKind: 'seed' }).summary).toContain('Mosbach et al. 2021');
  });
});
