import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit, fixture } from './helpers/cli.js';

// A simulated prompted model on 400 four-choice questions (test/reference/answer_bias.py): its
// 0-shot run answers "B" on 322 rows (80.5%) where "B" is the gold answer on 113 (28.25%); its
// 5-shot run keeps a little bias (36.0% against 28.25%, Stuart-Maxwell p = 0.037).
const data = fixture('answer-bias', 'questions.csv');
const predictions = fixture('answer-bias', 'predictions.jsonl');
const expected = JSON.parse(readFileSync(fixture('answer-bias', 'expected.json'), 'utf8'));

describe('answer bias (CLI, JSON report)', () => {
  const result = audit([data, predictions, '-f', 'json', '--fail-on', 'none']);
  const report = result.json;
  const skew = report.findings.find((f: { id: string }) => f.id === 'answer-bias/skew:llm-0shot');

  it('the biased 0-shot run gets the finding, quoting its prediction share and the gold share', () => {
    expect(result.status, result.stderr).toBe(0);
    expect(skew).toBeDefined();
    expect(skew.severity).toBe('high');
    expect(skew.title).toBe('Run "llm-0shot" answers "B" on 80.5% of rows; "B" is the gold answer on 28.2%');
    expect(skew.summary).toContain('Of the 400 rows, run "llm-0shot" predicts "B" for 322 (80.5%), where the gold answer is "B" on 113 (28.2%).');
    expect(skew.summary).toContain('Temperature scaling cannot fix it');
    const reference = expected.runs['llm-0shot'];
    expect(skew.metrics.predictedShare).toBeCloseTo(reference.perAnswer[1].predictedShare, 12);
    expect(skew.metrics.goldShare).toBeCloseTo(reference.perAnswer[1].goldShare, 12);
    expect(skew.metrics.statistic).toBeCloseTo(reference.statistic, 8);
    expect(skew.metrics.overPredicted).toBe(reference.perAnswer[1].overPredicted);
    // Examples are rows predicted "B" whose gold answer is another.
    for (const example of skew.examples) expect(example.predicted === 'B' && example.gold !== 'B').toBe(true);
  });

  it('the mildly biased 5-shot run is judged but not flagged (share gap 7.8 points < 10)', () => {
    const perRun = report.checks['answer-bias'].metrics.perRun;
    const fiveShot = perRun.find((entry: { run: string }) => entry.run === 'llm-5shot');
    expect(fiveShot.biased).toBe(false);
    expect(fiveShot.pValue).toBeCloseTo(expected.runs['llm-5shot'].pValue, 9);
    expect(fiveShot.shareGap).toBeCloseTo(0.36 - 0.2825, 12);
    expect(report.findings.some((f: { id: string }) => f.id === 'answer-bias/skew:llm-5shot')).toBe(false);
  });

  it('measures the correction: cross-fitted prior correction and batch calibration, each with an interval', () => {
    const { priorCorrection, batchCalibration } = skew.metrics;
    expect(priorCorrection.accuracyBefore).toBeCloseTo(expected.runs['llm-0shot'].accuracy, 12);
    expect(priorCorrection.folds).toBe(5);
    expect(priorCorrection.gainInterval[0]).toBeGreaterThan(0);
    expect(batchCalibration.accuracyAfter).toBeCloseTo(expected.runs['llm-0shot'].batchCalibratedAccuracy, 12);
    expect(batchCalibration.gainInterval[0]).toBeGreaterThan(0);
    expect(skew.summary).toContain(`raises accuracy from 37.3% to ${(priorCorrection.accuracyAfter * 100).toFixed(1)}%`);
  });

  it('remedies: the prompting remedies, the prior calibration ranked with its measured gain; never temperature scaling for the bias', () => {
    const behind = report.remedies.filter((r: { why: string[] }) => r.why.includes('answer-bias/skew:llm-0shot')).map((r: { id: string }) => r.id);
    expect(behind.sort()).toEqual(['balance-few-shot', 'calibrate-answer-prior', 'shuffle-choices']);
    const calibrate = report.remedies.find((r: { id: string }) => r.id === 'calibrate-answer-prior');
    expect(calibrate.rank).toBe(1);
    expect(calibrate.expectedGain.basis).toBe('measured');
    expect(calibrate.expectedGain.value).toBeCloseTo(report.checks['answer-bias'].metrics.correction.gain, 6);
    expect(calibrate.expectedGain.interval[0]).toBeGreaterThan(0);
    // Temperature scaling may answer an over-confidence finding, never the answer bias.
    for (const remedy of report.remedies) if (remedy.id === 'calibrate') expect(remedy.why.some((id: string) => id.startsWith('answer-bias'))).toBe(false);
    // Confusions into "B" are the answer bias: no relabelling or targeted data for them.
    for (const remedy of report.remedies)
      if (remedy.id !== 'calibrate-answer-prior' && remedy.id !== 'shuffle-choices' && remedy.id !== 'balance-few-shot')
        expect(remedy.why.filter((id: string) => /confused-pair:.->B$/.test(id))).toEqual([]);
  });

  it('in Chinese, the same numbers', () => {
    const zh = audit([data, predictions, '-f', 'json', '--fail-on', 'none', '--lang', 'zh']).json;
    const finding = zh.findings.find((f: { id: string }) => f.id === 'answer-bias/skew:llm-0shot');
    expect(finding.title).toBe('运行 "llm-0shot" 在 80.5% 的行上回答 "B"，而正确答案为 "B" 的行只占 28.2%');
    const remedy = zh.remedies.find((r: { id: string }) => r.id === 'calibrate-answer-prior');
    expect(remedy.title).toBe('校准答案先验');
  });
});

describe('answer bias without probabilities, and where it does not apply', () => {
  const dir = mkdtempSync(join(tmpdir(), 'answer-bias-'));
  it('hard predictions only: the finding, saying the correction cannot be measured; the prior calibration not estimable', () => {
    const hard = join(dir, 'hard.jsonl');
    const lines = readFileSync(predictions, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
      .filter((record) => record.run === 'llm-0shot');
    writeFileSync(
      hard,
      lines
        .map((record) =>
          JSON.stringify({ id: record.id, run: record.run, pred: Object.entries(record.probs as Record<string, number>).sort((a, b) => b[1] - a[1])[0][0] }),
        )
        .join('\n') + '\n',
    );
    const report = audit([data, hard, '-f', 'json', '--fail-on', 'none']).json;
    const skew = report.findings.find((f: { id: string }) => f.id === 'answer-bias/skew:llm-0shot');
    expect(skew.metrics.predicted).toBe(322);
    expect(skew.metrics.priorCorrection).toBeNull();
    expect(skew.summary).toContain('cannot be measured here');
    const calibrate = report.remedies.find((r: { id: string }) => r.id === 'calibrate-answer-prior');
    expect(calibrate.expectedGain.basis).toBe('not-estimable');
  });

  it('classes that are not choice letters, task not llm: skipped with the reason; --task llm applies it', () => {
    const words = join(dir, 'words.csv');
    const wordPreds = join(dir, 'words.jsonl');
    const names: Record<string, string> = { A: 'alpha', B: 'beta', C: 'gamma', D: 'delta' };
    writeFileSync(
      words,
      readFileSync(data, 'utf8').replace(/,([ABCD])$/gm, (_, c) => `,${names[c]}`),
    );
    const lines = readFileSync(predictions, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    writeFileSync(
      wordPreds,
      lines.map((r) => JSON.stringify({ id: r.id, run: r.run, probs: Object.fromEntries(Object.entries(r.probs).map(([c, p]) => [names[c], p])) })).join('\n') +
        '\n',
    );
    const skipped = audit([words, wordPreds, '-f', 'json', '--fail-on', 'none']).json;
    expect(skipped.checks['answer-bias'].status).toBe('skipped');
    expect(skipped.checks['answer-bias'].reason).toContain('give --task llm');
    const llm = audit([words, wordPreds, '-f', 'json', '--fail-on', 'none', '--task', 'llm']).json;
    expect(llm.findings.find((f: { id: string }) => f.id === 'answer-bias/skew:llm-0shot').title).toContain('"beta" on 80.5% of rows');
  });
});
