import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeComparisonInputs } from './helpers/comparison-inputs.js';
import { makeInputs, type InputSpec } from './helpers/inputs.js';
import { audit, fixture } from './helpers/cli.js';
import { conflictingGoldSamples } from './helpers/conflicting-gold.js';
import { falling, jsonlLog } from './helpers/training-logs.js';
import { runChecks } from '../src/checks/run.js';
import { builtinChecks } from '../src/checks/registry.js';
import type { Finding } from '../src/checks/types.js';
import type { AuditInputs } from '../src/checks/context.js';
import { tableFromRows } from '../src/data/table.js';
import { detectRoles } from '../src/data/roles.js';
import { run, type RunRequest } from '../src/run.js';
import { renderText } from '../src/render/text.js';
import { clipToWidth, displayWidth, wrap } from '../src/render/columns.js';

const CJK = /[\u4e00-\u9fff]/;
/** Numbers as the texts write them: integers, decimals, exponents, percentages. */
const numbers = (text: string) => new Set(text.match(/\d+(?:\.\d+)?(?:e[-+]?\d+)?%?/g) ?? []);

/** Finding keys (`<check>/<key in its table>`) that a test below translated. */
const covered = new Set<string>();

/** The key of a finding in its check's table: the id without the check and the `:<instance>`. */
function tableKey(finding: Finding): string {
  const check = builtinChecks.find((candidate) => candidate.id === finding.check)!;
  const rest = finding.id.slice(check.id.length + 1);
  const key = Object.keys(check.findings ?? {}).find((name) => rest === name || rest.startsWith(`${name}:`));
  if (!key) throw new Error(`${finding.id} is not in the findings table of ${check.id}`);
  return key;
}

/**
 * The Chinese version of a real finding, from its check's table and its metrics (the arguments
 * the check gave it): Chinese title and summary carrying exactly the numbers of the English ones,
 * everything else the very same values.
 */
function zh(finding: Finding): Finding {
  const check = builtinChecks.find((candidate) => candidate.id === finding.check)!;
  const key = tableKey(finding);
  const spec = check.findings![key];
  expect(spec.zh, `${finding.id} has Chinese text`).toBeDefined();
  const out: Finding = { ...finding, ...spec.zh!(finding.metrics) };
  expect(out.id).toBe(finding.id);
  expect(out.check).toBe(finding.check);
  expect(out.severity).toBe(finding.severity);
  expect(out.metrics).toBe(finding.metrics);
  expect(out.examples).toBe(finding.examples);
  expect(out.title).toMatch(CJK);
  expect(out.summary).toMatch(CJK);
  expect(numbers(out.title)).toEqual(numbers(finding.title));
  expect(numbers(out.summary)).toEqual(numbers(finding.summary));
  covered.add(`${finding.check}/${key}`);
  return out;
}

async function findings(spec: InputSpec, checkOptions: Record<string, Record<string, unknown>> = {}, extra: Partial<AuditInputs> = {}): Promise<Finding[]> {
  return (await runChecks(builtinChecks, { ...makeInputs(spec), ...extra }, { checkOptions })).findings;
}

function byId(list: Finding[], id: string): Finding {
  const found = list.find((finding) => finding.id === id);
  if (!found) throw new Error(`no finding ${id} among ${list.map((finding) => finding.id).join(', ')}`);
  return found;
}

async function report(request: Partial<RunRequest> & { data: string }) {
  return (await run({ predictions: [], ...request })).report;
}

describe('findings in Chinese', () => {
  it('input integrity: unmatched predictions, rows without predictions, uneven coverage; seed partial coverage', async () => {
    // Ten rows (ids are row numbers); run s1 predicts rows 0-7, run s2 rows 0-5 and a row 99 that is not in the data.
    const labels = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? 'a' : 'b'));
    const predictions = [
      ...labels.slice(0, 8).map((pred, id) => ({ id, seed: 's1', pred })),
      ...labels.slice(0, 6).map((pred, id) => ({ id, seed: 's2', pred })),
      { id: 99, seed: 's2', pred: 'a' },
    ];
    const list = await findings({ header: ['label'], rows: labels.map((label) => [label]), predictions });

    const unmatched = zh(byId(list, 'input-integrity/unmatched-predictions'));
    expect(unmatched.title).toBe('1 条预测记录在数据中找不到对应的行');
    expect(unmatched.summary).toBe(
      '15 条预测记录中有 1 条的 id 不在数据中（前几条：<memory>:15 处的 "99"）。这些记录不计入任何指标；数据与预测可能来自数据集的不同版本。',
    );

    const uncovered = zh(byId(list, 'input-integrity/rows-without-predictions'));
    expect(uncovered.title).toBe('2 行数据没有预测');
    expect(uncovered.summary).toBe('10 行数据中有 2 行（20.00%）在所有运行中都没有预测；基于预测的指标只覆盖其余的行。');

    const uneven = zh(byId(list, 'input-integrity/uneven-run-coverage'));
    expect(uneven.title).toBe('各次运行覆盖的行不同');
    expect(uneven.summary).toBe('2 次运行各自覆盖 6 到 8 行；所有运行都覆盖的有 6 行，跨运行的比较只使用这些行。');

    const partial = zh(byId(list, 'seed-instability/partial-coverage'));
    expect(partial.title).toBe('2 行在部分运行中缺失');
    expect(partial.summary).toContain('在至少一次运行覆盖的 8 个样本中，"s2" 缺少 2 个；各次运行只在全部运行都覆盖的 6 个样本上比较（其中 6 个可用）');
  });

  it('input integrity: mixed line endings and undecodable bytes (a hand-made file with LF, CRLF and CR breaks and a Latin-1 byte)', async () => {
    const english = await report({ data: fixture('formats/mixed-endings-latin1.csv') });
    const endings = zh(byId(english.findings as Finding[], 'input-integrity/mixed-line-endings'));
    expect(endings.summary).toContain('4 个 LF（首次出现在第 1 行）、2 个 CRLF（首次出现在第 2 行）、1 个 CR（首次出现在第 4 行）');
    const bytes = zh(byId(english.findings as Finding[], 'input-integrity/undecodable-bytes'));
    expect(bytes.title).toBe('1 个字节序列不是有效的 UTF-8');
    const ids = zh(byId(english.findings as Finding[], 'input-integrity/duplicate-ids'));
    expect(ids.summary).toContain('"3"（第 4 行和第 7 行）');
    // A generation task's answers (ASDiv, lm-evaluation-harness targets) named like a label.
    const generation = await report({ data: fixture('generation/asdiv.csv') });
    const answers = zh(byId(generation.findings as Finding[], 'input-integrity/generation-task'));
    expect(answers.title).toBe('"target" 列是自由形式的答案而非类别：任务看起来是生成任务');
    expect(answers.summary).toContain('其 231 个值有 123 种不同取值，平均每种 1.9 行');
    expect(answers.summary).toContain('请加上 --label-col target');
    // Read as Latin-1, nothing is undecodable.
    const latin1 = await report({ data: fixture('formats/mixed-endings-latin1.csv'), encoding: 'latin1' });
    expect((latin1.findings as Finding[]).map((finding) => finding.id)).not.toContain('input-integrity/undecodable-bytes');
  });

  it('input integrity: ragged rows and repeated headers (messy.csv through run())', async () => {
    const { findings: list } = await report({ data: fixture('formats/messy.csv'), lang: 'zh' });
    const ragged = byId(list as Finding[], 'input-integrity/ragged-rows');
    expect(ragged.title).toBe('2 行的字段数不正确');
    expect(ragged.summary).toBe(
      '6 行中有 2 行的字段数不等于表头的 5 个（1 行字段不足，已用缺失值补齐；1 行字段过多，多余字段已忽略）：第 6、7 行。多出的分隔符或未加引号的逗号会使该行之后的每一列都错位。',
    );
    const headers = byId(list as Finding[], 'input-integrity/duplicate-headers');
    expect(headers.title).toBe('1 个表头名称重复或为空');
    expect(headers.summary).toBe('为区分各列，已重命名：第 5 列 "score" -> "score_2"。请确认训练代码读取的是哪一列。');
    // The same findings in English, translated here, carry the same numbers.
    const english = await report({ data: fixture('formats/messy.csv') });
    for (const id of ['input-integrity/ragged-rows', 'input-integrity/duplicate-headers', 'missing-values/missing:score', 'missing-values/missing:score_2']) {
      expect(zh(byId(english.findings as Finding[], id))).toEqual(byId(list as Finding[], id));
    }
  });

  it('class balance and missing values: imbalance, rare classes, missing labels and cells, mixed types, constant columns', async () => {
    // 36 "big", 3 "small", one row without a label; a constant column; a column of numbers with two words and one empty cell.
    const labels = [...new Array(36).fill('big'), 'small', 'small', 'small', ''];
    const rows = labels.map((label, i) => [label, 'k', i === 5 ? 'x' : i === 6 ? 'y' : i === 7 ? '' : String(i)]);
    const list = await findings({ header: ['label', 'const', 'mixed'], rows });

    const imbalance = zh(byId(list, 'class-balance/imbalance'));
    expect(imbalance.title).toBe('类别不平衡');
    expect(imbalance.summary).toContain('最大的类别 "big" 有 36 行，最小的类别 "small" 有 3 行：不平衡比为 12.0:1（归一化熵 0.391）');

    const rare = zh(byId(list, 'class-balance/rare-classes'));
    expect(rare.title).toBe('1 个稀有类别');
    expect(rare.summary).toBe('"small"（3 行，7.69%）的行数少于 20，或占标签的比例低于 1.0%：样本太少，难以可靠地学习或评估。');

    const label = zh(byId(list, 'missing-values/missing:label'));
    expect(label.title).toBe('1 行没有标签');
    expect(label.summary).toBe('"label" 列的 40 个单元格中有 1 个（2.50%）缺失：1 个为空，0 个为 null，0 个为 NaN。没有标签的行不参与任何基于标签的检查。');

    const cells = zh(byId(list, 'missing-values/missing:mixed'));
    expect(cells.title).toBe('列 "mixed" 存在缺失值');
    expect(cells.summary).toBe('"mixed" 列的 40 个单元格中有 1 个（2.50%）缺失：1 个为空，0 个为 null，0 个为 NaN。');

    const mixed = zh(byId(list, 'missing-values/mixed-types'));
    expect(mixed.title).toBe('1 列混有多种取值类型');
    expect(mixed.summary).toBe('"mixed"（37 个数值，2 个文本）：可能是本应为数字的列被解析成了文本，或混入了 "?"、"-" 之类的占位符号。');

    const constant = zh(byId(list, 'missing-values/constant-columns'));
    expect(constant.title).toBe('1 个常量列');
    expect(constant.summary).toBe('"const" 最多只有一个不同的取值：对模型没有任何信息。');

    // More columns than a summary names, and more with missing cells than get one finding each.
    const wideHeader = ['label', ...Array.from({ length: 15 }, (_, c) => `w${c}`)];
    const wideRows = [0, 1, 2].map((r) => [r === 1 ? 'b' : 'a', ...wideHeader.slice(1).map((_, c) => (r === 1 ? '' : String(c)))]);
    const wide = await findings({ header: wideHeader, rows: wideRows }, { 'missing-values': { maxColumnFindings: 3 } });
    const more = byId(wide, 'missing-values/missing-more-columns');
    expect(more.title).toBe('12 more columns with missing values');
    expect(more.summary).toBe(
      'Besides the 3 columns reported one by one, "w3", "w4", "w5", "w6", "w7", "w8", "w9", "w10", "w11", "w12" and 2 more have 12 missing cells in all (metrics.columns and metrics.missing list each column and its count).',
    );
    const moreZh = zh(more);
    expect(moreZh.title).toBe('另有 12 列存在缺失值');
    expect(moreZh.summary).toBe(
      '除逐列报告的 3 列之外，"w3"、"w4"、"w5"、"w6"、"w7"、"w8"、"w9"、"w10"、"w11"、"w12"及另外 2 列共有 12 个缺失单元格（metrics.columns 与 metrics.missing 列出每一列及其缺失数）。',
    );
    expect(wide.filter((finding) => finding.id.startsWith('missing-values/missing:')).map((finding) => finding.id)).toEqual([
      'missing-values/missing:w0',
      'missing-values/missing:w1',
      'missing-values/missing:w2',
    ]);
    const wideConstant = zh(
      byId(
        await findings({ header: wideHeader, rows: [wideRows[0], wideRows[0].map((cell, c) => (c === 0 ? 'b' : cell))] }),
        'missing-values/constant-columns',
      ),
    );
    expect(wideConstant.summary).toBe('"w0"、"w1"、"w2"、"w3"、"w4"、"w5"、"w6"、"w7"、"w8"、"w9"及另外 5 列 最多只有一个不同的取值：对模型没有任何信息。');

    // A declared class with no rows: the imbalance has no bound.
    const unbounded = await findings({ header: ['label'], rows: [['big'], ['big'], ['small']], classes: ['big', 'small', 'none'] });
    const text = zh(byId(unbounded, 'class-balance/imbalance'));
    expect(text.summary).toContain('最大的类别 "big" 有 2 行，最小的类别 "none" 有 0 行：不平衡比没有上界（有类别没有任何行）（归一化熵 0.579）');
  });

  it('duplicates, conflicting labels and leakage on feature columns, with a separate training file', async () => {
    // Exact duplicates on two feature columns; rows 0 and 1 disagree on the label.
    const rows = [
      ['red', '1', 'yes', 'test'],
      ['red', '1', 'no', 'test'],
      ['blue', '2', 'yes', 'test'],
      ['green', '3', 'no', 'test'],
      ['green', '3', 'no', 'test'],
      ['black', '4', 'yes', 'test'],
    ];
    const train = tableFromRows(
      ['colour', 'size', 'label'],
      [
        ['blue', '2', 'yes'],
        ['white', '9', 'no'],
      ],
    );
    const list = await findings({ header: ['colour', 'size', 'label', 'split'], rows }, {}, { train: { data: train, roles: detectRoles(train, {}) } });
    const duplicates = zh(byId(list, 'duplicates/exact-duplicates'));
    expect(duplicates.title).toBe('2 行完全重复，共 2 组');
    expect(duplicates.summary).toContain('6 行中有 2 行（33.33%）在 2 个特征列上与前面的某一行完全相同');
    expect(duplicates.summary).toContain('共 2 组，最大的一组有 2 行');

    const conflicts = zh(byId(list, 'conflicting-labels/conflicting-labels'));
    expect(conflicts.title).toBe('1 组重复样本的标签相互矛盾');
    expect(conflicts.summary).toContain(
      '1 组完全重复的样本（共 2 行，占有标签行的 33.33%）对相同的内容给出了不同的标签。其中包含 1 组完全相同却标签不同的副本。',
    );
    expect(conflicts.summary).toContain('其中 1 行与所在组的多数标签');

    // Benchmark items: identical items with different gold answers (a real samples file with one line copied, see the helper).
    const dir = conflictingGoldSamples();
    try {
      const report = audit([dir, '-f', 'json', '--fail-on', 'none']).json as { findings: Finding[] };
      const gold = zh(byId(report.findings, 'conflicting-labels/conflicting-gold'));
      expect(gold.title).toBe('1 道基准题的参考答案相互矛盾');
      expect(gold.summary).toContain('至少有 1 行会被判错');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    const leak = zh(byId(list, 'leakage/train-eval-overlap'));
    expect(leak.title).toBe('1 行评估数据与训练数据重复');
    expect(leak.summary).toContain('"test"：6 行中有 1 行（16.67%），与训练文件中的某一行完全重复。');
    expect(leak.summary).toContain('从评估中删除这 1 行泄漏数据');
  });

  it('seed instability: failed runs, churn, ensemble gain, spread within noise (hard predictions)', async () => {
    // Ten rows, six "a" then four "b"; s3 always predicts the majority class (as test/seed-instability.test.ts).
    const labels = ['a', 'a', 'a', 'a', 'a', 'a', 'b', 'b', 'b', 'b'];
    const s1 = ['b', 'a', 'a', 'a', 'a', 'a', 'a', 'b', 'b', 'b']; // 0.8
    const s2 = ['a', 'b', 'a', 'a', 'a', 'a', 'b', 'b', 'b', 'b']; // 0.9
    const s3 = new Array(10).fill('a'); // 0.6
    const predictions = [s1, s2, s3].flatMap((preds, r) => preds.map((pred, id) => ({ id, seed: `s${r + 1}`, pred })));
    const list = await findings({ header: ['text', 'label'], rows: labels.map((label, i) => [`review number ${i}`, label]), predictions });

    const failed = zh(byId(list, 'seed-instability/failed-runs'));
    expect(failed.title).toBe('3 次运行中有 1 次失败');
    expect(failed.summary).toContain('3 次运行中有 1 次（"s3"）的准确率不高于始终预测多数类 "a" 的 60.0%（最差：60.0%）。');
    expect(failed.summary).toContain('去掉这次运行后，平均准确率为 85.0%，而不是 76.7%（高 8.3 个百分点）。');

    const churn = zh(byId(list, 'seed-instability/churn'));
    expect(churn.title).toBe('不同随机种子的预测不一致：60.0% 的行');
    expect(churn.summary).toContain(
      '在 10 个共同样本上，任意两次运行平均有 40.00% 的样本预测类别不同（最多 50.00%，在 "s2" 与 "s3" 之间），而平均错误率为 23.33%',
    );
    expect(churn.summary).toContain('每错 100 个预测就会改变 171 个预测');
    expect(churn.summary).toContain('准确率为 90.0%（比单次运行的平均值高 13.3 个百分点）');

    const gain = zh(byId(list, 'seed-instability/ensemble-gain'));
    expect(gain.title).toBe('集成各次运行可将准确率提高 13.3 个百分点');
    expect(gain.summary).toContain(
      '在 10 个共同样本上，对各次运行做多数投票得到的准确率为 90.0%：比单次运行的平均值（76.7%）高 13.3 个百分点，比最好的运行（"s2"，90.0%）高 0.0 个百分点。',
    );
    expect(gain.summary).toContain('代价是 3 倍的推理成本');

    const spread = zh(byId(list, 'seed-instability/accuracy-spread'));
    expect(spread.title).toBe('不同随机种子的准确率极差：30.0 个百分点');
    expect(spread.summary).toContain('准确率从 60.0%（"s3"）到 90.0%（"s2"）不等：平均 76.7%，标准差 15.28 个百分点');
    expect(spread.summary).toContain(
      'Cochran Q 检验统计量 = 2.33（自由度 2），p = 0.3114：在 10 个样本上，这一差异仍在抽样噪声之内（单次运行的 95% 置信区间约为 ±26.2 个百分点）',
    );
  });

  it('seed instability: a significant spread, and churn measured on scores without labels', async () => {
    // 200 rows: s1 right on all, s2 right on the first 150.
    const n = 200;
    const labels = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 'a' : 'b'));
    const predictions = [
      ...labels.map((label, id) => ({ id, seed: 's1', pred: label })),
      ...labels.map((label, id) => ({ id, seed: 's2', pred: id < 150 ? label : label === 'a' ? 'b' : 'a' })),
    ];
    const list = await findings({ header: ['label'], rows: labels.map((label) => [label]), predictions });
    const spread = zh(byId(list, 'seed-instability/accuracy-spread'));
    expect(spread.title).toBe('不同随机种子的准确率极差：25.0 个百分点');
    expect(spread.summary).toContain('Cochran Q 检验统计量 = 50.00（自由度 1），p < 0.0001：各次运行之间的差异超出了 200 个样本上抽样噪声所能解释的范围。');
    expect(spread.summary).toContain('最多相差 12.5 个百分点；报告 2 次运行的平均值');
    expect(spread.summary).toContain('高估约 12.5 个百分点');

    // No labels: runs give only "correct"; 40 rows where s2 is wrong on the last 10.
    const scored = [
      ...Array.from({ length: 40 }, (_, id) => ({ id, seed: 's1', correct: 1 })),
      ...Array.from({ length: 40 }, (_, id) => ({ id, seed: 's2', correct: id < 30 ? 1 : 0 })),
    ];
    const scores = await findings({ header: ['value'], rows: Array.from({ length: 40 }, (_, i) => [String(i)]), predictions: scored });
    const churn = zh(byId(scores, 'seed-instability/churn'));
    expect(churn.title).toBe('不同运行的预测不一致：25.0% 的行');
    expect(churn.summary).toContain('任意两次运行平均有 25.00% 的样本正确与否不同');
    expect(churn.summary).toContain('有 10 个样本（25.0%）在各次运行中的得分不完全相同。');
    expect(churn.summary).not.toContain('蒸馏');
  });

  it('calibration: underconfident single run, overconfident at exactly 100%, two runs with the ensemble', async () => {
    const labels = ['a', 'b', 'a', 'b'];
    const under = await findings({
      header: ['label'],
      rows: labels.map((label) => [label]),
      predictions: labels.map((label, id) => ({ id, probs: label === 'a' ? { a: 0.6, b: 0.4 } : { a: 0.4, b: 0.6 } })),
    });
    const u = zh(byId(under, 'calibration/underconfident'));
    expect(u.title).toBe('概率信心不足（ECE 0.400）');
    expect(u.summary).toContain('在 4 个样本上，平均置信度为 60.0%，而准确率为 100.0%：期望校准误差（ECE，15 个分箱，运行 "run"）为 0.400。');
    expect(u.summary).toContain('在置信度 60%-67% 区间的 4 个样本上，模型给出的置信度为 60.0%，实际正确率为 100.0%。');
    expect(u.summary).toContain('这 40.0 个百分点的差距');

    const over = await findings({
      header: ['label'],
      rows: labels.map((label) => [label]),
      predictions: labels.map((_, id) => ({ id, probs: { a: 1, b: 0 } })),
    });
    const o = zh(byId(over, 'calibration/overconfident'));
    expect(o.title).toBe('概率过度自信（ECE 0.500）');
    expect(o.summary).toContain('在置信度恰为 100% 的 4 个样本上，模型给出的置信度为 100.0%，实际正确率为 50.0%。');

    const two = ['a', 'a', 'b', 'b'];
    const r1 = [
      [0.99, 0.01],
      [0.9, 0.1],
      [0.95, 0.05],
      [0.2, 0.8],
    ];
    const r2 = [
      [0.97, 0.03],
      [0.6, 0.4],
      [0.85, 0.15],
      [0.1, 0.9],
    ];
    const both = await findings({
      header: ['text', 'label'],
      rows: two.map((label, i) => [`row ${i}`, label]),
      predictions: [r1, r2].flatMap((probs, s) => probs.map(([a, b], id) => ({ id, seed: `s${s}`, probs: { a, b } }))),
    });
    const e = zh(byId(both, 'calibration/overconfident'));
    expect(e.summary).toContain('2 次运行的平均值）为');
    expect(e.summary).toContain('最差的运行 "s1" 为 0.345。');
    expect(e.summary).toContain('对各次运行的概率取平均并不能降低它：集成的 ECE 为 0.330（准确率 75.0%，平均置信度 87.0%）。');
  });

  it('performance: a class never right and a confused pair', async () => {
    const rows: string[][] = [];
    const predictions: { id: number; seed: number; pred: string }[] = [];
    const add = (label: string, pred: string, count: number) => {
      for (let i = 0; i < count; i++) {
        for (const seed of [1, 2]) predictions.push({ id: rows.length, seed, pred });
        rows.push([label]);
      }
    };
    add('bird', 'bird', 30);
    add('cat', 'cat', 18);
    add('cat', 'dog', 12);
    add('dog', 'dog', 27);
    add('dog', 'cat', 3);
    add('eel', 'dog', 15);
    const list = await findings({ header: ['label'], rows, predictions, roles: { idCol: null } });
    const never = zh(byId(list, 'performance/class-never-right:eel'));
    expect(never.title).toBe('模型几乎从不能正确预测类别 "eel"：召回率为 0.0%（共 15 行）');
    expect(never.summary).toContain(
      '在标签为 "eel" 的 15 行中，2 次运行的集成只对 0 行预测为 "eel"（召回率 0.0%；各次运行平均为 0.0%）；其中 100.0% 被预测为 "dog"。',
    );
    const pair = zh(byId(list, 'performance/confused-pair:cat->dog'));
    expect(pair.summary).toContain(
      '在标签为 "cat" 的 30 行中，2 次运行的集成把 12 行（40.0%）预测为 "dog"；反过来，标签为 "dog" 的 30 行中有 3 行被预测为 "cat"。',
    );
  });

  it('label noise: one run of hard predictions', async () => {
    // 40 rows; the single run contradicts 4 labels.
    const labels = Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? 'a' : 'b'));
    const predictions = labels.map((label, id) => ({ id, pred: id < 4 ? (label === 'a' ? 'b' : 'a') : label }));
    const list = await findings({ header: ['label'], rows: labels.map((label) => [label]), predictions });
    const noise = byId(list, 'label-noise/mislabelled-rows');
    const text = zh(noise);
    const count = noise.metrics.issueCount as number;
    // One run of hard predictions shows the model's errors, not label errors: said so, and at most low.
    expect(noise.severity).toBe('low');
    expect(text.title).toBe(`唯一一次运行预测错误的 ${count} 行（不能证明标签有错）`);
    expect(text.summary).toContain(
      `40 行有标签的数据中有 ${count} 行（${((count / 40) * 100).toFixed(1)}%）被唯一一次运行预测为其他类别，而这次运行只给出硬预测。`,
    );
    expect(text.summary).toContain('在重新标注之前，请提供概率或多次运行的预测。');
  });

  describe('on the fixtures through run()', () => {
    let demoZh: Finding[];
    let demoEn: Finding[];
    beforeAll(async () => {
      const request = { data: fixture('demo/data.csv'), predictions: [fixture('demo/preds.jsonl')], sliceCols: ['source'] };
      demoZh = (await report({ ...request, lang: 'zh' })).findings as Finding[];
      demoEn = (await report(request)).findings as Finding[];
    });

    it('the demo: every finding in Chinese with the numbers of the English report', () => {
      expect(demoZh.map((finding) => finding.id)).toEqual(demoEn.map((finding) => finding.id));
      demoEn.forEach((finding, i) => expect(zh(finding)).toEqual(demoZh[i]));
      expect(byId(demoZh, 'near-duplicates/near-duplicates').title).toBe('63 行近似重复，共 53 个簇');
      expect(byId(demoZh, 'near-duplicates/near-duplicates').summary).toContain(
        '488 行文本中有 63 行（12.91%）是另一行的近似副本（字符 5-gram Jaccard 相似度 ≥ 0.8）',
      );
      expect(byId(demoZh, 'duplicates/exact-duplicates').summary).toContain('在文本列 "text" 上与前面的某一行完全相同');
      expect(byId(demoZh, 'leakage/train-eval-overlap').summary).toContain(
        '"test"：176 行中有 31 行（17.61%），与训练划分中的某一行完全或近似（字符 5-gram Jaccard 相似度 ≥ 0.8）重复。',
      );
      expect(byId(demoZh, 'conflicting-labels/conflicting-labels').summary).toContain(
        '6 组完全重复或近似重复（Jaccard ≥ 0.8）的样本（共 17 行，占有标签行的 3.48%）对相同的内容给出了不同的标签。其中包含 3 组完全相同却标签不同的副本；有 3 组只是近似副本之间标签不同。',
      );
      expect(byId(demoZh, 'label-noise/mislabelled-rows').summary).toContain('依据 3 次运行的平均概率，只保留至少 50.0% 的运行与标签不一致的行');
      expect(byId(demoZh, 'slices/weak-slices').title).toBe('1 个切片的错误显著偏多');
      expect(byId(demoZh, 'slices/weak-slices').summary).toContain(
        '最弱的切片 source = "forum" 有 55 行，错误率为 41.2%，而整体为 22.7%（均为 3 次运行的平均；搜索检验的是各次运行的集成，它在该切片上的错误率为 27.3%，整体为 11.4%）（提升度 1.81，在检验的 24 个切片上 q = 2.8e-4）：比按其份额预期的多出 10 个错误，相当于 176 个评估行上 5.8 个百分点的准确率；全部 40 个错误中有 56.7% 落在该切片。',
      );
      // Only the evaluation rows are searched; the slice is rare in training, so new data for it is the lever.
      expect(byId(demoZh, 'slices/weak-slices').summary).toContain(
        '按其类别构成（每行按其类别的错误率）预期错误率为 22.6%：比这多出 10 个错误。它占训练行的 4.5%，占评估行的 31.3%。为它补充针对性数据或做数据增强是关键手段',
      );
      // The star rating gives the label away and stays in the search (issue 27), judged by its class mix.
      expect(byId(demoZh, 'slices/weak-slices').summary).not.toContain('未参与搜索');
      const proxy = byId(demoZh, 'slices/target-proxy:stars');
      expect(proxy.title).toBe('列 "stars" 几乎单独就能预测标签：可能存在目标泄漏');
      expect(proxy.summary).toContain(
        '只用 "stars" 预测标签（取其 5 个取值各自最常见的标签），在 176 行中有 96.0% 预测正确，而总是猜最常见的标签只有 35.2%：它消除了 93.9% 的猜测错误（Goodman-Kruskal lambda）',
      );
      expect(proxy.summary).toContain('该列仍参与切片搜索：在它上面切出的切片，只有错误超出其类别构成的预期（每行按其类别的错误率）时才算作弱切片。');
      const disparity = demoZh.find((finding) => finding.id.startsWith('slices/disparity:source='))!;
      expect(disparity.id).toBe('slices/disparity:source=forum:errorRate');
      expect(disparity.title).toMatch(/^source = "forum" 的错误率是其余数据的 \d+\.\d\d 倍$/);
      expect(disparity.summary).toMatch(/（55 行）的错误率（3 次运行的集成）为 27\.3%（55 行中有 15 个错误），其余数据（121 行）为/);
    });

    it('the remedies’ measurements on the retraining experiment’s cases: prior shift, a gap like in-sample predictions, a weak model, identical feature vectors', async () => {
      const at = (name: string, file: string) => fixture('remedy-gains', name, file);
      const pairs = async (request: Partial<RunRequest> & { data: string }) => {
        const chinese = (await report({ ...request, lang: 'zh' })).findings as Finding[];
        const english = (await report(request)).findings as Finding[];
        english.forEach((finding, i) => expect(zh(finding)).toEqual(chinese[i]));
        return chinese;
      };
      const iris = await pairs({ data: at('iris-asymmetric-noise', 'data.csv'), predictions: [at('iris-asymmetric-noise', 'preds.jsonl')] });
      const shift = byId(iris, 'performance/prior-shift');
      expect(shift.title).toMatch(/^对各类别重新加权可使留出数据上的准确率提高 \+\d+\.\d 个百分点$/);
      expect(shift.summary).toContain('"versicolor" × ');
      const gbm = await pairs({
        data: at('compas-overfit-gbm', 'data.csv'),
        predictions: [at('compas-overfit-gbm', 'preds.jsonl')],
        positiveClass: 'recid',
        sliceCols: ['age_cat'],
        logs: [at('compas-overfit-gbm', 'logs')],
      });
      expect(byId(gbm, 'label-noise/in-sample-predictions').summary).toContain('因此只在评估行中查找了标签错误');
      const weak = byId(gbm, 'label-noise/mislabelled-rows');
      expect(weak.title).toMatch(/^模型高置信度地不认同的 \d+ 行（模型太弱，不能说明标签有错）$/);
      expect(weak.summary).toContain('这些标记大多是模型自己的错误，而不是标签错误');
      const mlp = await pairs({ data: at('digits-unstable-mlp', 'data.csv'), predictions: [at('digits-unstable-mlp', 'preds.jsonl')] });
      expect(byId(mlp, 'proxy/beats-your-model').title).toMatch(/^基于你的特征的逻辑回归比你的模型高 \d+\.\d 个百分点$/);
      const categorical = await pairs({
        data: at('compas-categorical-duplicates', 'data.csv'),
        predictions: [at('compas-categorical-duplicates', 'preds.jsonl')],
        positiveClass: 'recid',
      });
      expect(byId(categorical, 'duplicates/identical-feature-vectors').summary).toContain('这些是相同的特征向量而不是副本');
    });

    it('answer bias: a 0-shot run answering "B" on 80.5% of rows against 28.2% of gold answers (generated fixture)', async () => {
      const request = { data: fixture('answer-bias/questions.csv'), predictions: [fixture('answer-bias/predictions.jsonl')] };
      const chinese = (await report({ ...request, lang: 'zh' })).findings as Finding[];
      const english = (await report(request)).findings as Finding[];
      english.forEach((finding, i) => expect(zh(finding)).toEqual(chinese[i]));
      const skew = byId(chinese, 'answer-bias/skew:llm-0shot');
      expect(skew.title).toBe('运行 "llm-0shot" 在 80.5% 的行上回答 "B"，而正确答案为 "B" 的行只占 28.2%');
      expect(skew.summary).toContain('在 400 行中，运行 "llm-0shot" 把 322 行（80.5%）预测为 "B"，而正确答案为 "B" 的有 113 行（28.2%）');
      expect(skew.summary).toContain('温度缩放无法修正它');
    });

    it('contamination: 10 ASDiv items wrapped in Alpaca templates inside a 5,000-row fine-tuning file (generated fixture)', async () => {
      const at = (name: string) => fixture('contamination', name);
      const request = {
        data: at('asdiv-eval.csv'),
        predictions: [at('preds.jsonl')],
        train: at('finetune-alpaca.jsonl'),
        trainTextCols: ['instruction', 'input'],
        labelCol: 'target',
        checks: ['contamination'],
      };
      const chinese = (await report({ ...request, lang: 'zh' })).findings as Finding[];
      const english = (await report(request)).findings as Finding[];
      english.forEach((finding, i) => expect(zh(finding)).toEqual(chinese[i]));
      const found = byId(chinese, 'contamination/items-in-training');
      expect(found.title).toBe('231 个评估条目中有 10 个（4.3%）出现在微调数据中');
      expect(found.summary).toContain('在 231 个评估条目中，有 10 个至少 50% 的 13-gram');
      expect(found.summary).toContain('个干净条目上为');
    });

    it('COMPAS with declared intersections: disparities of the confusion-matrix metrics', async () => {
      // A declared reference for the intersection (the other columns compare each group with the rest).
      const request = {
        data: fixture('remedies-compas/data.csv'),
        predictions: [fixture('remedies-compas/preds.jsonl')],
        sliceCols: ['race', 'sex'],
        sliceDepth: 2,
        checkOptions: { slices: { referenceGroups: { 'race & sex': 'African-American & Male' } } },
      };
      const chinese = (await report({ ...request, lang: 'zh' })).findings as Finding[];
      const english = (await report(request)).findings as Finding[];
      english.forEach((finding, i) => expect(zh(finding)).toEqual(chinese[i]));
      const fnr = byId(chinese, 'slices/disparity:race & sex=African-American & Female:fnr');
      expect(fnr.title).toBe('race = "African-American" & sex = "Female" 的假阴性率是参照组的 2.05 倍');
      expect(fnr.summary).toContain(
        'race = "African-American" & sex = "Female"（64 行）的假阴性率（5 次运行的集成）为 60.0%（30 个实际正例中有 18 个假阴性），参照组 race = "African-American" & sex = "Male"（323 行）为 29.3%：比值为 2.05，超出 0.8–1.25 的范围（p = 0.002；对 55 项差异检验做 Benjamini-Hochberg 校正后 q = 0.005）。若按参照组的比率，该组的假阴性会少 9 个；',
      );
      const metrics = new Set(chinese.filter((finding) => finding.id.startsWith('slices/disparity:')).map((finding) => finding.metrics.metric));
      expect([...metrics].sort()).toEqual(['fnr', 'fpr', 'precision', 'selectionRate']);
    });

    it('label skew without predictions; unmatched prediction ids', async () => {
      const skew = byId((await report({ data: fixture('slices/data.csv'), lang: 'zh' })).findings as Finding[], 'slices/label-skew');
      const english = byId((await report({ data: fixture('slices/data.csv') })).findings as Finding[], 'slices/label-skew');
      expect(zh(english)).toEqual(skew);
      expect(skew.title).toMatch(/^类别 ".+" 在 \d+ 个切片中分布不均$/);
      expect(skew.summary).toMatch(/^在 .+（\d+ 行）中，\d+\.\d% 的标签为 ".+"，而整体为 \d+\.\d%（在检验的 \d+ 个切片上 q = /);

      const split = await report({
        data: fixture('demo/data.csv'),
        predictions: [fixture('parallel/seed1.jsonl'), fixture('parallel/seed1-tail.jsonl')],
        lang: 'zh',
      });
      expect(byId(split.findings as Finding[], 'input-integrity/unmatched-predictions').title).toMatch(/^\d+ 条预测记录在数据中找不到对应的行$/);
    });
  });

  it('English is the default and Chinese is only for --lang zh; unknown ids keep their English text', async () => {
    const english = await report({ data: fixture('formats/messy.csv') });
    expect(english.options.lang).toBe('en');
    expect(byId(english.findings as Finding[], 'input-integrity/ragged-rows').title).toBe('2 rows with the wrong number of fields');
    // A plugin check that gives English only: its findings say so in a Chinese report.
    const englishOnly = {
      id: 'short-text',
      title: 'Short texts',
      description: '',
      needs: [],
      run: () => ({
        metrics: {},
        findings: [
          {
            key: 'too-short',
            severity: 'low' as const,
            title: 'Texts are short',
            summary: '3 texts have fewer than 5 characters.',
            metrics: { count: 3 },
            examples: [],
          },
        ],
      }),
    };
    const inputs = makeInputs({ header: ['label'], rows: [['a'], ['b']] });
    const inChinese = await runChecks([englishOnly], { ...inputs, settings: { lang: 'zh' } });
    expect(inChinese.findings).toEqual([
      {
        id: 'short-text/too-short',
        check: 'short-text',
        severity: 'low',
        title: 'Texts are short',
        summary: '3 texts have fewer than 5 characters.',
        metrics: { count: 3 },
        examples: [],
        lang: 'en',
      },
    ]);
    const inEnglish = await runChecks([englishOnly], inputs);
    expect(inEnglish.findings[0]).not.toHaveProperty('lang');
  });

  it('comparison: regression, improvement, no detectable difference, group regression, negative flips', () => {
    const digits = (name: string) => fixture(`real-models/digits/${name}`);
    const dir = mkdtempSync(join(tmpdir(), 'trainaudit-zh-comparison-'));
    const same = join(dir, 'same');
    const worse = join(dir, 'worse');
    mkdirSync(same);
    mkdirSync(worse);
    writeComparisonInputs(same, 'same');
    writeComparisonInputs(worse, 'site-d-worse');
    const runs = [
      audit([
        digits('data.csv'),
        digits('logreg-10.jsonl'),
        '--baseline-runs',
        digits('gboost-5.jsonl'),
        '--checks',
        'comparison',
        '-f',
        'json',
        '--fail-on',
        'none',
      ]),
      audit([
        digits('data.csv'),
        digits('gboost-5.jsonl'),
        '--baseline-runs',
        digits('logreg-10.jsonl'),
        '--checks',
        'comparison',
        '-f',
        'json',
        '--fail-on',
        'none',
      ]),
      audit(['data.csv', 'cand.jsonl', '--baseline-runs', 'base.jsonl', '--slice-cols', 'site', '--checks', 'comparison', '-f', 'json', '--fail-on', 'none'], {
        cwd: same,
      }),
      audit(['data.csv', 'cand.jsonl', '--baseline-runs', 'base.jsonl', '--slice-cols', 'site', '--checks', 'comparison', '-f', 'json', '--fail-on', 'none'], {
        cwd: worse,
      }),
    ];
    const keys = new Set<string>();
    for (const run of runs) for (const finding of JSON.parse(run.stdout).findings as Finding[]) keys.add(`comparison/${tableKey(zh(finding))}`);
    expect([...keys].sort()).toEqual([
      'comparison/group-regression',
      'comparison/improvement',
      'comparison/negative-flips',
      'comparison/no-detectable-difference',
      'comparison/regression',
    ]);
  });

  it('training curves and training dynamics: every finding on the real MLP runs and on planted logs', () => {
    const data = fixture('training-dynamics/noisy/data.csv');
    const config = join(mkdtempSync(join(tmpdir(), 'trainaudit-zh-')), 'audit.config.json');
    writeFileSync(config, JSON.stringify({ checkOptions: { 'training-dynamics': { forgottenEvents: 1 } } }));
    const nan = [1, 0.8, 0.7, NaN, NaN, NaN];
    const spiky = falling(30, 1, 0.3).map((v, i) => (i === 20 ? 3 : i >= 25 ? 2.5 : v));
    const lr = Array.from({ length: 30 }, (_, i) => (i === 12 ? 1e-2 : 1e-3));
    const runs = [
      [data, fixture('training-dynamics/noisy/snapshots.jsonl.gz'), '--logs', fixture('training-dynamics/noisy/logs.jsonl'), '-c', config],
      [data, '--logs', fixture('training-dynamics/tensorboard/truncated')],
      [data, '--logs', fixture('training-logs/hf-sentiment')],
      [data, '--logs', fixture('training-logs/lora-train-only')],
      [
        data,
        '--logs',
        jsonlLog({
          a: { 'train/loss': nan, 'validation/loss': [1, 0.9, 0.85, 0.84, 0.83, 0.82] },
          b: { 'train/loss': falling(20), 'validation/loss': falling(20, 1, 0.4) },
        }),
      ],
      [
        data,
        '--logs',
        jsonlLog({ a: { 'train/loss': falling(20, 2, 0.5), 'validation/loss': falling(20, 2, 0.8), 'validation/accuracy': falling(20, 0.5, 0.9) } }),
      ],
      [data, '--logs', jsonlLog({ a: { 'train/loss': spiky, 'validation/loss': falling(30, 1, 0.5), learning_rate: lr } })],
    ];
    const keys = new Set<string>();
    for (const args of runs) {
      const result = audit([...args, '--checks', 'training-curves,training-dynamics', '-f', 'json', '--fail-on', 'none']);
      expect(result.status, result.stderr).toBe(0);
      for (const finding of result.json.findings as Finding[]) keys.add(`${finding.check}/${tableKey(zh(finding))}`);
    }
    const declared = builtinChecks
      .filter((check) => check.id.startsWith('training-'))
      .flatMap((check) => Object.keys(check.findings ?? {}).map((key) => `${check.id}/${key}`));
    expect([...keys].sort()).toEqual(declared.sort());
  });

  it('embeddings and distribution shift: every finding on digits and on the planted-drift table', () => {
    const digits = (name: string) => fixture(`embeddings/digits/${name}`);
    const byClass = join(mkdtempSync(join(tmpdir(), 'trainaudit-zh-')), 'data.csv');
    const lines = readFileSync(digits('data.csv'), 'utf8').trim().split('\n');
    writeFileSync(
      byClass,
      [
        lines[0],
        ...lines.slice(1).map((line, i) => {
          const [id, label] = line.split(',');
          return `${id},${label},${label === 'digit-8' || label === 'digit-9' || i % 10 === 0 ? 'test' : 'train'}`;
        }),
      ].join('\n') + '\n',
    );
    const runs = [
      [digits('data.csv'), '--embeddings', digits('embeddings.npy'), '--probs', digits('probs.npy')],
      [byClass, '--embeddings', digits('embeddings.npy')],
      [fixture('distribution-shift/data.csv'), fixture('distribution-shift/preds.jsonl')],
    ];
    const keys = new Set<string>();
    for (const args of runs) {
      const result = audit([...args, '--checks', 'near-duplicates,leakage,label-noise,embeddings,distribution-shift', '-f', 'json', '--fail-on', 'none']);
      expect(result.status, result.stderr).toBe(0);
      for (const finding of result.json.findings as Finding[]) keys.add(`${finding.check}/${tableKey(zh(finding))}`);
    }
    const declared = builtinChecks
      .filter((check) => check.id === 'embeddings' || check.id === 'distribution-shift')
      .flatMap((check) => Object.keys(check.findings ?? {}).map((key) => `${check.id}/${key}`));
    for (const key of [...declared, 'near-duplicates/embedding-near-duplicates']) expect(keys, key).toContain(key);
  });

  it('every finding key the built-in checks can produce was translated above', () => {
    // The keys every built-in check declares in its findings table: what run() can return.
    const expected = new Set(builtinChecks.flatMap((check) => Object.keys(check.findings ?? {}).map((key) => `${check.id}/${key}`)));
    expect([...expected].sort()).toEqual([
      'answer-bias/skew',
      'calibration/overconfident',
      'calibration/underconfident',
      'class-balance/imbalance',
      'class-balance/rare-classes',
      'comparison/group-regression',
      'comparison/improvement',
      'comparison/negative-flips',
      'comparison/no-detectable-difference',
      'comparison/regression',
      'conflicting-labels/conflicting-gold',
      'conflicting-labels/conflicting-labels',
      'contamination/items-in-training',
      'distribution-shift/confidence-shift',
      'distribution-shift/embedding-shift',
      'distribution-shift/feature-drift',
      'distribution-shift/label-shift',
      'distribution-shift/text-shift',
      'duplicates/exact-duplicates',
      'duplicates/identical-feature-vectors',
      'embeddings/neighbour-label-disagreement',
      'embeddings/outliers',
      'input-integrity/duplicate-headers',
      'input-integrity/duplicate-ids',
      'input-integrity/generation-task',
      'input-integrity/mixed-line-endings',
      'input-integrity/ragged-rows',
      'input-integrity/rows-without-predictions',
      'input-integrity/undecodable-bytes',
      'input-integrity/uneven-run-coverage',
      'input-integrity/unmatched-predictions',
      'label-noise/in-sample-predictions',
      'label-noise/mislabelled-rows',
      'leakage/train-eval-overlap',
      'missing-values/constant-columns',
      'missing-values/missing',
      'missing-values/missing-more-columns',
      'missing-values/mixed-types',
      'near-duplicates/embedding-near-duplicates',
      'near-duplicates/near-duplicates',
      'performance/class-never-right',
      'performance/confused-pair',
      'performance/prior-shift',
      'proxy/beats-your-model',
      'seed-instability/accuracy-spread',
      'seed-instability/churn',
      'seed-instability/ensemble-gain',
      'seed-instability/failed-runs',
      'seed-instability/partial-coverage',
      'slices/disparity',
      'slices/label-skew',
      'slices/target-proxy',
      'slices/weak-slices',
      'training-curves/diverged',
      'training-curves/failed-runs',
      'training-curves/last-checkpoint-cost',
      'training-curves/no-validation',
      'training-curves/not-converged',
      'training-curves/nothing-to-gain',
      'training-curves/overfitting',
      'training-curves/seed-spread',
      'training-curves/truncated-log',
      'training-curves/unstable',
      'training-dynamics/ambiguous',
      'training-dynamics/hard-to-learn',
      'training-dynamics/low-margin',
      'training-dynamics/never-learned',
      'training-dynamics/often-forgotten',
    ]);
    expect([...expected].filter((id) => !covered.has(id))).toEqual([]);
  });
});

describe('the CLI in Chinese', () => {
  const demo = [fixture('demo/data.csv'), fixture('demo/preds.jsonl')];

  it('every built-in finding on the demo and on messy.csv has a Chinese title and summary', () => {
    for (const args of [demo, [fixture('formats/messy.csv')]]) {
      const result = audit([...args, '--lang', 'zh', '--format', 'json', '--fail-on', 'none']);
      expect(result.status).toBe(0);
      const found = result.json.findings as Finding[];
      expect(found.length).toBeGreaterThan(3);
      for (const finding of found) {
        expect(finding.title, finding.id).toMatch(CJK);
        expect(finding.summary, finding.id).toMatch(CJK);
      }
    }
  });

  it('the text report in Chinese fits in 80 terminal columns', () => {
    const result = audit([...demo, '--lang', 'zh', '--fail-on', 'none']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('63 行近似重复，共 53 个簇 [near-duplicates/near-duplicates]');
    const lines = result.stdout.split('\n');
    expect(lines.filter((line) => CJK.test(line)).length).toBeGreaterThan(40);
    for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(80);
  });
});

describe('wrap in terminal columns', () => {
  it('counts East Asian wide characters as two columns', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('行数')).toBe(4);
    expect(displayWidth('（10.39%）')).toBe(10); // fullwidth parentheses
    expect(displayWidth('한국어')).toBe(6);
    expect(displayWidth('😀')).toBe(2); // one code point, two UTF-16 units
    expect(displayWidth('é')).toBe(1);
  });

  it('measures emoji sequences and marks as the terminal draws them, and never cuts inside one', () => {
    expect(displayWidth('👨‍👩‍👧')).toBe(2); // a ZWJ family is one glyph
    expect(displayWidth('🇨🇳')).toBe(2);
    expect(displayWidth('a\u0301')).toBe(1); // combining accent
    expect(displayWidth('\u200b')).toBe(0);
    const family = '👨‍👩‍👧'.repeat(30);
    const lines = wrap(family, 11, '');
    expect(lines.join('')).toBe(family);
    for (const line of lines) {
      expect(displayWidth(line)).toBeLessThanOrEqual(11);
      expect(line).not.toContain('\ufffd');
      expect(line.startsWith('\u200d')).toBe(false);
    }
    const clipped = clipToWidth('😀'.repeat(40), 9);
    expect(clipped).toBe(`${'😀'.repeat(4)}…`);
    expect(clipped).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/); // no lone high surrogate
  });

  it('breaks Chinese between characters, never before closing punctuation', () => {
    // 12 columns: six characters per line.
    expect(wrap('一二三四五六七八九十', 12, '')).toEqual(['一二三四五六', '七八九十']);
    // "，" may not start a line: the break moves one character back.
    expect(wrap('一二三四五六，七八', 12, '')).toEqual(['一二三四五', '六，七八']);
    // "（" may not end one.
    expect(wrap('一二三四五（六七', 12, '')).toEqual(['一二三四五', '（六七']);
    // The indent counts; words separated by spaces still break at spaces.
    expect(wrap('共 28 个簇', 8, '  ')).toEqual(['  共 28', '  个簇']);
    expect(wrap('甲乙丙丁 戊己', 10, '  ', '    ')).toEqual(['  甲乙丙丁', '    戊己']);
    // Latin text wraps at spaces; a word wider than a line breaks where it must, after id
    // punctuation when there is some in the second half of the line.
    expect(wrap('the quick brown fox', 10, '')).toEqual(['the quick', 'brown fox']);
    expect(wrap('a supercalifragilistic b', 10, '')).toEqual(['a', 'supercalif', 'ragilistic', 'b']);
    expect(wrap('see slices/target-proxy:decile_score', 16, '')).toEqual(['see', 'slices/target-', 'proxy:decile_', 'score']);
    // Mixed: the break comes next to a wide character, not inside "Jaccard".
    expect(wrap('相似度Jaccard很高', 12, '')).toEqual(['相似度', 'Jaccard很高']);
  });

  it('a Chinese report renders within the width, an English one as before', () => {
    const finding: Finding = {
      id: 'x/y',
      check: 'x',
      severity: 'high',
      title: '32 行近似重复，共 28 个簇',
      summary: '模型在训练中见过这些样本，因此这些划分上的指标偏高；从评估中删除这 13 行泄漏数据（或从训练中删除与之重复的行），才能得到可信的估计。'.repeat(2),
      metrics: {},
      examples: [],
    };
    const base = {
      schemaVersion: 1,
      tool: { name: 'trainaudit', version: '0' },
      inputs: {
        data: {
          path: 'd.csv',
          format: 'csv',
          rows: 1,
          columns: [],
          roles: { id: null, label: null, text: null, split: null, slices: [], features: [], assignments: [] },
          classes: null,
          labelSource: null,
          positiveClass: null,
          renamedHeaders: [],
          raggedRows: 0,
        },
        predictions: { paths: [], runs: [], records: 0, unmatchedRecords: 0, rowsWithoutPredictions: 0 },
        train: null,
      },
      options: { checks: [], task: null, lang: 'zh' as const },
      checks: {},
      findings: [finding],
      remedies: [],
      summary: { findings: 1, bySeverity: { info: 0, low: 0, medium: 0, high: 1, critical: 0 }, gate: { failOn: 'high' as const, passed: false } },
    };
    const text = renderText(base as never, { colorLevel: 0, width: 60 });
    const summaryLines = text.split('\n').filter((line) => line.startsWith('         ') && CJK.test(line));
    expect(summaryLines.length).toBeGreaterThanOrEqual(5);
    for (const line of text.split('\n')) expect(displayWidth(line), line).toBeLessThanOrEqual(60);
    expect(
      summaryLines
        .map((line) => line.trim())
        .join('')
        .replace(/ /g, ''),
    ).toBe(finding.summary.replace(/ /g, ''));
  });
});
