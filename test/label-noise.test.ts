import { describe, expect, it } from 'vitest';
import { runCheck } from './helpers/run-check.js';
import { labelNoise, noiseSeverity } from '../src/checks/label-noise.js';
import { runChecks } from '../src/checks/run.js';
import { makeContext, makeInputs, type InputSpec } from './helpers/inputs.js';

const CLASSES = ['cat', 'dog', 'fox'];
const N = 60;
/** Planted label errors: row -> the model's probability of the row's true class. */
const PLANTED = new Map([
  [5, 0.95],
  [17, 0.9],
  [30, 0.85],
  [44, 0.9],
]);

/**
 * 60 rows whose true class is row % 3; three seeds predict the true class with 0.7 (0.15 for the
 * others), and the four planted rows with a higher probability while their label is the next
 * class. In seed 3, row 44 leans to its (wrong) label instead: 0.51 for it, 0.49 for the truth.
 */
function spec(options: { hard?: boolean; seeds?: number; offBy?: number } = {}): InputSpec {
  const seeds = options.seeds ?? 3;
  const rows: unknown[][] = [];
  const predictions: Record<string, unknown>[] = [];
  for (let row = 0; row < N; row++) {
    const truth = row % 3;
    const planted = PLANTED.get(row);
    const label = planted === undefined ? truth : (truth + 1) % 3;
    rows.push([`r${row}`, `text of row ${row}\u001b[31m`, CLASSES[label]]);
    for (let seed = 1; seed <= seeds; seed++) {
      const p = planted ?? 0.7;
      let probs = [0, 1, 2].map((c) => (c === truth ? p : (1 - p) / 2));
      if (row === 44 && seed === 3) probs = [0, 1, 2].map((c) => (c === label ? 0.51 : c === truth ? 0.49 : 0));
      if (options.offBy) probs[0] += options.offBy;
      const record: Record<string, unknown> = { id: `r${row}`, seed };
      if (options.hard) record.pred = CLASSES[probs.indexOf(Math.max(...probs))];
      else record.probs = Object.fromEntries(CLASSES.map((c, i) => [c, probs[i]]));
      predictions.push(record);
    }
  }
  return { header: ['id', 'text', 'label'], rows, predictions };
}

// The options as the runner gives them: the check's own schema with its defaults.
const DEFAULTS = labelNoise.options!.parse({}) as Record<string, unknown>;

async function run(input: InputSpec, options: Record<string, unknown> = {}) {
  const context = makeContext(input, { ...DEFAULTS, ...options });
  return runCheck(labelNoise, context);
}

describe('label-noise check', () => {
  /*
   * Expected values from the numpy reference (test/reference/confident_learning.py,
   * find_label_issues) on the seeds' mean probabilities of this input:
   *   thresholds [0.617197, 0.670238, 0.7], calibrated joint [[19,0,3],[1,20,0],[0,0,17]],
   *   noise rate 4/60, flagged rows [5, 17, 30, 44] with self-confidence
   *   [0.025, 0.05, 0.075, 0.203333] (row 44: (0.05 + 0.05 + 0.51) / 3).
   */
  it('lists the largest cells of the confident joint instead of the matrix above maxJointClasses', async () => {
    const { metrics } = await run(spec(), { maxJointClasses: 2 });
    expect(metrics.confidentJoint).toBeNull();
    expect(metrics.confidentJointOmitted).toMatch(/^3 classes: the 3 x 3 matrix is not listed above maxJointClasses \(2\)/);
    // Off-diagonal cells of [[19,0,3],[1,20,0],[0,0,17]], largest first.
    expect(metrics.confidentJointTopPairs).toEqual([
      { label: 'cat', suggested: 'fox', count: 3 },
      { label: 'dog', suggested: 'cat', count: 1 },
    ]);
    expect(metrics.issueCount).toBe(4);
  });

  it('finds the planted label errors, ranked by self-confidence', async () => {
    const { metrics, findings } = await run(spec());
    expect(metrics.issueCount).toBe(4);
    expect(metrics.rows).toEqual([5, 17, 30, 44]);
    expect((metrics.qualityScores as number[]).map((s) => Number(s.toFixed(6)))).toEqual([0.025, 0.05, 0.075, 0.203333]);
    expect(metrics.suggestedLabels).toEqual(['fox', 'fox', 'cat', 'fox']);
    expect(metrics.runAgreement).toEqual([1, 1, 1, 2 / 3]);
    expect(metrics.estimatedNoiseRate).toBeCloseTo(4 / 60, 12);
    expect(metrics.confidentJoint).toEqual([
      [19, 0, 3],
      [1, 20, 0],
      [0, 0, 17],
    ]);
    expect(metrics.perClass).toEqual({
      cat: { share: 3 / 22, count: 3, flagged: 3 },
      dog: { share: 1 / 21, count: 1, flagged: 1 },
      fox: { share: 0, count: 0, flagged: 0 },
    });
    expect(metrics.rowsAnalysed).toBe(60);
    expect(metrics.runsUsed).toBe(3);
    expect(metrics.source).toBe('probabilities');
    expect(metrics.issueShare).toBeCloseTo(4 / 60, 12);

    expect(findings).toHaveLength(1);
    const finding = findings[0];
    expect(finding).toMatchObject({ key: 'mislabelled-rows', severity: 'medium' }); // 6.7% estimated noise
    expect(finding.summary).toContain('4 of 60 labelled rows (6.7%)');
    expect(finding.summary).toContain('estimates 6.7% of the labels are wrong');
    expect(finding.summary).toContain('"cat" (13.6% of its 22 rows)');
    // Row 5 is on line 7 (header on line 1); the terminal escape in its text is stripped.
    expect(finding.examples[0]).toEqual({
      row: 5,
      line: 7,
      id: 'r5',
      label: 'cat',
      suggestedLabel: 'fox',
      qualityScore: (metrics.qualityScores as number[])[0],
      runAgreement: 1,
      text: 'text of row 5',
    });
    expect(finding.examples.map((e) => e.row)).toEqual([5, 17, 30, 44]);
  });

  it('ranks by normalised margin when asked', async () => {
    const { metrics } = await run(spec(), { method: 'normalized_margin' });
    expect(metrics.rows).toEqual([5, 17, 30, 44]);
    expect((metrics.qualityScores as number[]).map((s) => Number(s.toFixed(6)))).toEqual([0.0375, 0.075, 0.1125, 0.22]);
    expect(metrics.method).toBe('normalized_margin');
  });

  it('drops rows the runs do not agree on when minRunAgreement asks for it', async () => {
    const strict = await run(spec(), { minRunAgreement: 1 });
    expect(strict.metrics.rows).toEqual([5, 17, 30]);
    expect(strict.metrics.droppedByRunAgreement).toBe(1);
    expect(strict.metrics.perClass).toEqual({
      cat: { share: 3 / 22, count: 3, flagged: 2 },
      dog: { share: 1 / 21, count: 1, flagged: 1 },
      fox: { share: 0, count: 0, flagged: 0 },
    });
  });

  it('uses only the first-seed evidence when there is one run', async () => {
    // Seed 1 alone: row 44 is then predicted like the other planted rows.
    const { metrics } = await run(spec({ seeds: 1 }));
    expect(metrics.runsUsed).toBe(1);
    expect(metrics.rows).toEqual([5, 17, 44, 30]);
    expect(metrics.runAgreement).toEqual([1, 1, 1, 1]);
  });

  it('uses the vote shares with hard predictions only', async () => {
    const { metrics, findings } = await run(spec({ hard: true }));
    expect(metrics.source).toBe('votes');
    expect(metrics.runsUsed).toBe(3);
    // Votes: rows 5, 17, 30 are 3/3 against their label (self-confidence 0). Row 44 has 2/3 of the
    // votes for fox, below the fox threshold (every row labelled fox has 3/3 fox votes: t = 1), so
    // it is not confidently fox and confident learning does not flag it.
    expect(metrics.rows).toEqual([5, 17, 30]);
    expect(metrics.qualityScores).toEqual([0, 0, 0]);
    expect(metrics.notes).toEqual(["no probabilities: the shares of the 3 runs' votes are used as probabilities"]);
    expect(findings[0].summary).toContain("the 3 runs' vote shares, standing in for probabilities");
  });

  it('says so with a single hard run', async () => {
    const { metrics } = await run(spec({ hard: true, seeds: 1 }));
    expect(metrics.source).toBe('votes');
    expect(metrics.rows).toEqual([5, 17, 30, 44]);
    expect((metrics.notes as string[])[0]).toMatch(/^one run with hard predictions only/);
  });

  it('handles probabilities that are slightly off', async () => {
    // Every vector sums to 1.0004 (within the loader's tolerance, renormalised there; the module copes too).
    const { metrics } = await run(spec({ offBy: 0.0004 }));
    expect(metrics.rows).toEqual([5, 17, 30, 44]);
  });

  it('raises no finding on clean labels', async () => {
    const input = spec();
    input.rows = input.rows.map((row, index) => [row[0], row[1], CLASSES[index % 3]]);
    const { metrics, findings } = await run(input);
    expect(metrics.issueCount).toBe(0);
    expect(metrics.rows).toEqual([]);
    expect(findings).toEqual([]);
  });

  it('keeps class names that look like object keys as plain keys', async () => {
    const rows = Array.from({ length: 12 }, (_, row) => [`x${row}`, row % 2 === 0 ? '__proto__' : 'constructor']);
    const predictions = rows.map((row, index) => ({ id: index, probs: index === 3 ? [0.9, 0.1] : index % 2 === 0 ? [0.8, 0.2] : [0.2, 0.8] }));
    const context = makeContext({ header: ['text', 'label'], rows, predictions, classes: ['__proto__', 'constructor'] }, DEFAULTS);
    const { metrics } = await runCheck(labelNoise, context);
    const perClass = metrics.perClass as Record<string, unknown>;
    expect(Object.keys(perClass)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(perClass)).toBe(Object.prototype);
    expect(metrics.rows).toEqual([3]);
  });

  it('maps the estimated noise rate to a severity', () => {
    expect([0, 0.029, 0.03, 0.099, 0.1, 0.5].map(noiseSeverity)).toEqual(['low', 'low', 'medium', 'medium', 'high', 'high']);
  });

  it('runs through the runner and is skipped without predictions', async () => {
    const withPredictions = await runChecks([labelNoise], makeInputs(spec()));
    expect(withPredictions.checks['label-noise'].status).toBe('findings');
    expect(withPredictions.findings[0].id).toBe('label-noise/mislabelled-rows');
    const input = spec();
    delete input.predictions;
    const without = await runChecks([labelNoise], makeInputs(input));
    expect(without.checks['label-noise'].status).toBe('skipped');
  });

  it('reports an error when the runs carry only correctness', async () => {
    const input = spec();
    input.predictions = input.rows.map((row) => ({ id: row[0], correct: true }));
    const outcome = await runChecks([labelNoise], makeInputs(input));
    expect(outcome.checks['label-noise'].status).toBe('error');
    expect(outcome.checks['label-noise'].reason).toMatch(/neither predicted classes nor probabilities/);
  });
});
