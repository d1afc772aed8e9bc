/**
 * OpenCompass outputs audited as they come (fixtures/opencompass, real files from public
 * repositories): prediction files recognised by content, the rows are the items, each run's
 * accuracy equals the figure OpenCompass wrote (results file and summary), Chinese benchmarks read.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit, fixture, root } from './helpers/cli.js';
import { reportSchema } from '../src/report/schema.js';
import type { LmEvalTaskSummary } from '../src/io/lm-eval/load.js';
import { parseJsonObjectEntries } from '../src/io/json.js';
import { choiceNamed, datasetOptions, goldLetter, itemParts, markedOptionCount, promptText } from '../src/io/opencompass/answers.js';

function openCompass(...paths: string[]) {
  const run = audit([...paths, '-f', 'json', '--fail-on', 'none']);
  expect(run.status, run.stderr).toBe(0);
  expect(reportSchema.safeParse(run.json).success).toBe(true);
  return { run, tasks: run.json.inputs.predictions.lmEval as LmEvalTaskSummary[] };
}

const findingIds = (json: { findings: { id: string }[] }) => json.findings.map((f) => f.id);

describe('OpenCompass outputs', () => {
  it('MMLU subjects with a results file each: every accuracy equals the results file to 1e-9 and the summary to its 2 decimals', () => {
    const dir = fixture('opencompass', 'rag-mmlu');
    const { run, tasks } = openCompass(dir);
    expect(tasks.map((t) => t.task)).toEqual(['mmlu_abstract_algebra', 'mmlu_college_mathematics', 'mmlu_global_facts', 'mmlu_management']);
    const summary = readFileSync(join(dir, '20240615_143153/summary/summary_20240615_143153.csv'), 'utf8');
    for (const t of tasks) {
      expect(t).toMatchObject({ configuration: 'llama-3-8b-ragga-disturb', run: '20240615_143153', group: 'mmlu', metric: 'accuracy', samples: 10 });
      expect(t.answersFrom).toBe('results-details');
      expect(t.evaluationVerdicts).toBe(10);
      expect(Math.abs(t.accuracy - t.harness!)).toBeLessThan(1e-9);
      const line = summary.split('\n').find((l) => l.startsWith(`${t.task},`))!;
      expect(Math.abs(Number(line.split(',')[4]) / 100 - t.accuracy)).toBeLessThan(0.00005 + 1e-12);
      // Reading the prediction text agrees with OpenCompass's own post-processing on every item here.
      expect(t.recomputedAgreement).toBe(1);
    }
    expect(tasks.map((t) => t.accuracy)).toEqual([0.3, 0.2, 0.3, 0.8]);
    const data = run.json.inputs.data;
    expect(data.rows).toBe(40);
    expect(data.classes).toEqual(['A', 'B', 'C', 'D']);
    expect(data.roles).toMatchObject({
      id: 'id',
      label: 'label',
      text: 'question',
      slices: ['task', 'group'],
      benchmark: { harness: 'OpenCompass', taskColumn: 'task' },
    });
    // The partial file OpenCompass writes during inference is not read, and the report says so.
    expect(run.json.inputs.predictions.partialFiles).toEqual([
      join(dir, '20240615_143153/predictions/llama-3-8b-ragga-disturb/tmp_mmlu_high_school_us_history.json'),
    ]);
    // Answer letters are positions, not classes with a meaning: no confused pairs, no imbalance.
    expect(findingIds(run.json).filter((id) => id.startsWith('performance/confused-pair') || id.startsWith('class-balance/'))).toEqual([]);
  });

  it('one prediction file given alone still finds its results file and run', () => {
    const file = fixture('opencompass', 'rag-mmlu', '20240615_143153', 'predictions', 'llama-3-8b-ragga-disturb', 'mmlu_management.json');
    const { tasks } = openCompass(file);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ task: 'mmlu_management', accuracy: 0.8, harness: 0.8, samples: 10 });
    expect(tasks[0].reportedIn).toContain(join('results', 'llama-3-8b-ragga-disturb', 'mmlu_management.json'));
  });

  it('a generation task: the evaluation verdicts per item, a figure written as a fraction, the match measures', () => {
    const { run, tasks } = openCompass(fixture('opencompass', 'rag-triviaqa'));
    expect(tasks).toHaveLength(1);
    const t = tasks[0];
    expect(t).toMatchObject({ task: 'TriviaQA', metric: 'EM score', samples: 50, answersFrom: 'results-details' });
    expect(Math.abs(t.accuracy - 0.32)).toBeLessThan(1e-9);
    expect(Math.abs(t.accuracy - t.harness!)).toBeLessThan(1e-9);
    expect(t.generation).toBeDefined();
    expect(t.generation!.tokenF1).toBeGreaterThan(0);
    const data = run.json.inputs.data;
    expect(data.classes).toEqual([]);
    expect(data.roles.benchmark).toMatchObject({ harness: 'OpenCompass', answerColumn: 'reference' });
    // The text is the question, not the retrieved passage or the chat template around it.
    expect(run.json.inputs.data.columns).toEqual(expect.arrayContaining(['question', 'reference', 'item.context']));
  });

  it('a Chinese benchmark with two models and no results file: answers read from the text as LawBench scores them, two configurations', () => {
    const { run, tasks } = openCompass(fixture('opencompass', 'lawbench'));
    const expected = JSON.parse(readFileSync(join(root, 'test/reference/opencompass/lawbench-judge-expected.json'), 'utf8')) as Record<
      string,
      { correct: number; items: number }
    >;
    expect(tasks.map((t) => t.configuration)).toEqual(['GPT4 zero_shot', 'qwen-7b-chat-hf zero_shot']);
    for (const t of tasks) {
      expect(t).toMatchObject({ task: '3-6', samples: 120, harness: null, answersFrom: 'prediction-text', evaluationVerdicts: 0 });
    }
    // GPT4 always answers "[正确答案]X<eoa>": LawBench's own rule gives the same 57 of 120.
    expect(tasks[0].accuracy).toBe(expected.GPT4.correct / 120);
    // qwen explains its answer and names other letters on the way, which LawBench's rule counts wrong:
    // reading the stated answer gives more, never fewer, correct items.
    expect(tasks[1].accuracy * 120).toBeGreaterThanOrEqual(expected['qwen-7b-chat-hf'].correct);
    expect(run.json.inputs.data.classes).toEqual(['A', 'B', 'C', 'D']);
    // qwen favours "C" (40.8% of its answers against 27.5% of the gold answers).
    const skew = (run.json.findings as { id: string; metrics: { answer?: string } }[]).find((f) => f.id.startsWith('answer-bias/skew:qwen'));
    expect(skew?.metrics.answer).toBe('C');
    // Different models are configurations, never seeds.
    expect(findingIds(run.json).some((id) => id.startsWith('seed-instability/'))).toBe(false);
    // The same report in Chinese validates too.
    const zh = audit([fixture('opencompass', 'lawbench'), '-f', 'json', '--fail-on', 'none', '--lang', 'zh']);
    expect(zh.status, zh.stderr).toBe(0);
    expect(reportSchema.safeParse(zh.json).success).toBe(true);
  });

  it('broken outputs are one-line errors naming the file, and partial details fall back to reading the text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-opencompass-'));
    mkdirSync(join(dir, 'run/predictions/m'), { recursive: true });
    mkdirSync(join(dir, 'run/results/m'), { recursive: true });
    const write = (path: string, text: string) => writeFileSync(join(dir, path), text);
    const fails = (file: string, message: RegExp) => {
      const run = audit([join(dir, 'run/predictions/m', file), '-f', 'json']);
      expect(run.status, file).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(message);
    };
    write('run/predictions/m/trunc.json', '{"0": {"origin_prompt": "q", "prediction": "A", "gold": "A"}, "1": {"origin_prompt": "q2", "prediction": ');
    fails('trunc.json', /trunc\.json:1: the JSON object ends before its closing }/);
    write('run/predictions/m/nogold.json', '{"0": {"origin_prompt": "q", "prediction": "A"}}');
    fails('nogold.json', /carry no gold answer .* cannot be scored/);
    write(
      'run/predictions/m/ok.json',
      '{"0": {"origin_prompt": "Q: a\\nA. x\\nB. y", "prediction": "B", "gold": "B"}, "1": {"origin_prompt": "Q: b\\nA. x\\nB. y", "prediction": null, "gold": "A"}}',
    );
    write('run/results/m/ok.json', 'not json');
    fails('ok.json', /results file for ok is not JSON/);
    // A run stopped during inference leaves only its partial tmp_ files: said as such.
    mkdirSync(join(dir, 'stopped/predictions/m'), { recursive: true });
    write('stopped/predictions/m/tmp_nq.json', '{"0": {"origin_prompt": "q", "prediction": "x", "gold": ["x"]}}');
    const stopped = audit([join(dir, 'stopped'), '-f', 'json']);
    expect(stopped.status).toBe(2);
    expect(stopped.stderr).toMatch(/only OpenCompass's partial prediction files here \(1, such as tmp_nq\.json\): the run stopped during inference/);
    // Details for other keys than the items': each item is read from its text, and the report says so.
    write('run/results/m/ok.json', '{"accuracy": 50, "details": [1, null, {"predictions": "A", "references": "A"}]}');
    const { tasks } = openCompass(join(dir, 'run/predictions/m/ok.json'));
    expect(tasks[0]).toMatchObject({ samples: 2, accuracy: 0.5, harness: 0.5, answersFrom: 'prediction-text', evaluationVerdicts: 0 });
  });

  it('multiple choice beside generation: the generation items are answered by their reference, only items with no gold answer at all are reported', () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-opencompass-mixed-'));
    mkdirSync(join(dir, 'run/predictions/m'), { recursive: true });
    const items = (n: number, item: (i: number) => object) => JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [String(i), item(i)])));
    writeFileSync(
      join(dir, 'run/predictions/m/mc.json'),
      items(20, (i) => ({ origin_prompt: `Question: q${i} ${'xyz'.repeat(i)}\nA. a\nB. b\nAnswer:`, prediction: 'AB'[i % 2], gold: 'AB'[(i >> 1) % 2] })),
    );
    writeFileSync(
      join(dir, 'run/predictions/m/gen.json'),
      items(10, (i) => ({ origin_prompt: `Question: who ${i} ${'abc'.repeat(i)}?\nAnswer:`, prediction: `name ${i}`, gold: i === 3 ? [''] : [`name ${i}`] })),
    );
    const { run, tasks } = openCompass(join(dir, 'run'));
    // The item with an empty gold answer is not scored.
    expect(tasks.find((t) => t.task === 'gen')).toMatchObject({ samples: 9, accuracy: 1 });
    const missing = (run.json.findings as { id: string; title: string; severity: string }[]).filter((f) => f.id.startsWith('missing-values/'));
    expect(missing.map((f) => [f.id, f.title])).toEqual([['missing-values/missing:label', '1 benchmark item has no gold answer']]);
    expect(run.json.checks['missing-values'].metrics.labelsGivenAsReference).toBe(9);
  });

  it('an OpenCompass file mixed with other inputs is refused with the reason', () => {
    const run = audit([fixture('opencompass', 'lawbench'), fixture('demo', 'preds.jsonl'), '-f', 'json']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/not an OpenCompass prediction file/);
  });
});

describe('reading OpenCompass items', () => {
  it('streams an object of objects across any chunking, keys and escapes included', async () => {
    const text = '{\n "0": {"origin_prompt": "a \\"q\\" {x}", "prediction": "B"},\n "1\\u00e9": {"gold": ["x", {"y": 1}]}\n}';
    for (const size of [1, 3, 7, text.length]) {
      const chunks = (function* () {
        for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
      })();
      const seen: [string, unknown, number][] = [];
      await parseJsonObjectEntries(chunks, 'x.json', (key, value, line) => seen.push([key, value, line]));
      expect(seen).toEqual([
        ['0', { origin_prompt: 'a "q" {x}', prediction: 'B' }, 2],
        ['1é', { gold: ['x', { y: 1 }] }, 3],
      ]);
    }
  });

  it('refuses what is not an object of objects, naming the problem', async () => {
    const read = (text: string) => parseJsonObjectEntries([text], 'x.json', () => undefined);
    await expect(read('[{"a": 1}]')).rejects.toThrow(/expected a JSON object/);
    await expect(read('{"0": 3}')).rejects.toThrow(/expected a JSON object as the value of "0"/);
    await expect(read('{"0": {"a": 1}')).rejects.toThrow(/ends before its closing/);
    await expect(read('{"0": {"a": 1}} x')).rejects.toThrow(/after the closing/);
  });

  it('gold letters, option counts and the choice a free-text answer names', () => {
    expect(['C', '(B)', 'D.', '正确答案:C。', '答案：A', 'Answer: B', ['A']].map(goldLetter)).toEqual(['C', 'B', 'D', 'C', 'A', 'B', 'A']);
    expect([['Wilhelm'], 'CB', 'a', 3].map(goldLetter)).toEqual([null, null, null, null]);
    expect(markedOptionCount('Question: x\nA. 1\nB. 2\nC. 3\nD. 4\nAnswer:')).toBe(4);
    expect(markedOptionCount('何罪?A:职务侵占罪;B:金融凭证诈骗罪;C:挪用资金罪;D:挪用公款罪。')).toBe(4);
    // One passage naming "E. coli" does not add a fifth choice to the dataset.
    expect(datasetOptions(['A. x\nB. y\nC. z\nD. w', 'E. coli\nA. x\nB. y\nC. z\nD. w', 'A. x\nB. y\nC. z\nD. w'], ['A', 'D', 'B'])).toBe('ABCD');
    expect(datasetOptions(['A. x\nB. y'], ['C'])).toBe('ABC');
    const named = (text: string) => choiceNamed(text, 'ABCD');
    expect(named('[正确答案]B<eoa>')).toBe('B');
    expect(named('答案是 C，因为……')).toBe('C');
    expect(named('The correct answer is (D).')).toBe('D');
    expect(named('Answer: A')).toBe('A');
    expect(named('C. Planetary days will become shorter.')).toBe('C');
    expect(named('I think it is B')).toBe('B');
    expect(named('None of these')).toBe('');
  });

  it("each prompt's own part: shared instructions and template cut at line starts, from the last 'Question:' on", () => {
    const template = (question: string) =>
      `<|user|>\nAnswer the question.\nBackground: passage about ${question.length}\nQuestion: ${question}\nAnswer:<|assistant|>\n`;
    expect(itemParts([template('Who won?'), template('Which year?'), template('What is it?')])).toEqual([
      'Question: Who won?',
      'Question: Which year?',
      'Question: What is it?',
    ]);
    // C-Eval as OpenCompass prompts it: few-shot examples, then each item under the same header line.
    const ceval = (question: string, options: string[]) =>
      `以下是中国关于注册会计师考试的单项选择题，请选出其中的正确答案。\n示例题目____。\nA. 甲\nB. 乙\nC. 丙\nD. 丁\n答案: \nB\n` +
      `以下是中国关于注册会计师考试的单项选择题，请选出其中的正确答案。\n${question}\n${options.map((o, i) => `${'ABCD'[i]}. ${o}`).join('\n')}\n答案: `;
    expect(
      itemParts([ceval('下列说法不正确的是____。', ['一', '二', '三', '四']), ceval('甲公司应编制____。', ['增量预算', '零基预算', '固定预算', '弹性预算'])]),
    ).toEqual(['下列说法不正确的是____。\nA. 一\nB. 二\nC. 三\nD. 四', '甲公司应编制____。\nA. 增量预算\nB. 零基预算\nC. 固定预算\nD. 弹性预算']);
    expect(choiceNamed('答案: B', 'ABCD')).toBe('B');
    expect(choiceNamed('正确答案是C。', 'ABCD')).toBe('C');
    // Identical prompts keep their whole text (nothing is left once the shared part is cut).
    expect(itemParts(['same\nprompt', 'same\nprompt'])).toEqual(['same\nprompt', 'same\nprompt']);
    expect(
      promptText([
        { role: 'HUMAN', prompt: '问题' },
        { role: 'BOT', prompt: '答' },
      ]),
    ).toBe('问题\n答');
  });
});
