import { readFileSync } from 'node:fs';
import { runCheckSync } from './helpers/run-check.js';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { makeInputs } from './helpers/inputs.js';
import { runChecks, toPlainJson } from '../src/checks/run.js';
import { slices } from '../src/checks/slices/check.js';
import { InputError } from '../src/errors.js';
import type { Parsed } from './helpers/cli.js';

type Entry = Record<string, Parsed>;

function run(spec: Parameters<typeof makeInputs>[0], options: Record<string, unknown> = {}) {
  return runCheckSync(slices, spec, options);
}

/**
 * Two groups with hand-made confusion matrices (times `m`): a: TP 10, FP 5, TN 20, FN 5;
 * b: TP 4, FP 12, TN 16, FN 8. Labels and predictions are "0"/"1", "1" positive.
 */
function twoGroups(m: number) {
  const rows: unknown[][] = [];
  const predictions: Record<string, unknown>[] = [];
  const add = (group: string, label: string, pred: string, count: number) => {
    for (let i = 0; i < count * m; i++) {
      predictions.push({ id: rows.length, pred });
      rows.push([group, label, i % 3 === 0 ? 'x' : 'y']);
    }
  };
  add('a', '1', '1', 10);
  add('a', '0', '1', 5);
  add('a', '0', '0', 20);
  add('a', '1', '0', 5);
  add('b', '1', '1', 4);
  add('b', '0', '1', 12);
  add('b', '0', '0', 16);
  add('b', '1', '0', 8);
  return { header: ['g', 'label', 'other'], rows, predictions, roles: { sliceCols: ['g'] } };
}

describe('slices: declared groups', () => {
  it('computes every metric and disparity from the confusion matrices', () => {
    const result = run(twoGroups(1), { referenceGroups: { g: 'a' } });
    const [a, b] = result.metrics.groups as Entry[];
    expect(a).toMatchObject({
      column: 'g',
      value: 'a',
      predicates: { g: 'a' },
      size: 40,
      accuracy: 0.75,
      errorRate: 0.25,
      fpr: 0.2,
      fnr: 1 / 3,
      precision: 10 / 15,
      selectionRate: 15 / 40,
      prevalence: 15 / 40,
    });
    expect(b).toMatchObject({
      value: 'b',
      size: 40,
      accuracy: 0.5,
      errorRate: 0.5,
      fpr: 12 / 28,
      fnr: 8 / 12,
      precision: 0.25,
      selectionRate: 0.4,
      prevalence: 0.3,
    });
    // A declared reference group ("a"); the default, one-vs-rest, is tested below.
    expect(a.disparity).toEqual({ accuracy: 1, errorRate: 1, fpr: 1, fnr: 1, precision: 1, selectionRate: 1, prevalence: 1 });
    expect(b.disparity.errorRate).toBe(2);
    expect(b.disparity.fpr).toBeCloseTo(15 / 7, 14);
    expect(b.disparity.fnr).toBe(2);
    expect(b.disparity.precision).toBeCloseTo(0.375, 14);
    expect(b.disparity.selectionRate).toBeCloseTo(16 / 15, 14);
    const [column] = result.metrics.columns as Entry[];
    expect(column).toMatchObject({ column: 'g', reference: 'a', groups: 2 });
    expect(column.demographicParityDifference).toBeCloseTo(0.4 - 0.375, 14);
    expect(column.equalizedOddsDifference).toBeCloseTo(Math.max(2 / 3 - 1 / 3, 12 / 28 - 0.2), 14);
    // 40 rows a group: no difference survives the false discovery control (scipy: q >= 0.09).
    expect(result.findings.filter((f) => f.key.startsWith('disparity:'))).toEqual([]);
  });

  it('compares each group with the rest of the data by default, and a group doing better is low and calls for no remedy', () => {
    const result = run(twoGroups(4));
    const [column] = result.metrics.columns as Entry[];
    expect(column).toMatchObject({ column: 'g', reference: null, referenceMode: 'rest' });
    const errorRate = result.findings.filter((f) => f.key.startsWith('disparity:') && f.metrics.metric === 'errorRate');
    // With two groups the rest of "a" is "b" and the reverse: the same test, seen from each side.
    expect(errorRate.map((f) => [f.key, f.metrics.direction, f.severity])).toEqual([
      ['disparity:g=a:errorRate', 'better', 'low'],
      ['disparity:g=b:errorRate', 'worse', 'high'],
    ]);
    const better = errorRate[0];
    expect(better.metrics).toMatchObject({ reference: null, referenceSize: 160, value: 0.25, referenceValue: 0.5 });
    expect(better.title).toBe('Error rate of g = "a" is 0.50x the rest\'s (better)');
    expect(better.summary).toContain('against 50.0% for the rest of the data (160 rows)');
    expect(better.summary).toContain('this is not a weakness to fix');
    expect(better.summary).not.toContain('closing the gap');
    expect(errorRate[1].summary).toContain("At the rest's rate this group would have 40 fewer errors");
  });

  it('reports significant disparities outside 0.8-1.25 with p- and q-values as scipy gives them', () => {
    const result = run(twoGroups(4), { referenceGroups: { g: 'a' } });
    const disparities = result.findings.filter((f) => f.key.startsWith('disparity:'));
    expect(disparities.map((f) => f.key)).toEqual(['disparity:g=b:errorRate', 'disparity:g=b:fpr', 'disparity:g=b:fnr', 'disparity:g=b:precision']);
    // scipy.stats.fisher_exact on each 2x2 of b against a; false_discovery_control over the 5 tests.
    const expected: Record<string, [number, number]> = {
      errorRate: [5.8157071320575314e-6, 1.45392678e-5],
      fpr: [0.00040029587262695567, 6.67159788e-4],
      fnr: [0.0009062294937794685, 1.13278687e-3],
      precision: [4.754070906610231e-6, 1.45392678e-5],
    };
    for (const finding of disparities) {
      const [p, q] = expected[finding.metrics.metric as string];
      expect(Math.abs((finding.metrics.pValue as number) - p) / p).toBeLessThan(1e-9);
      expect(Math.abs((finding.metrics.qValue as number) - q) / q).toBeLessThan(1e-8);
    }
    const fpr = disparities[1];
    expect(fpr.severity).toBe('high'); // ratio 2.14
    expect(fpr.metrics).toMatchObject({
      column: 'g',
      group: 'b',
      reference: 'a',
      metric: 'fpr',
      value: 12 / 28,
      referenceValue: 0.2,
      groupSize: 160,
      referenceSize: 160,
      gap: 26,
    });
    expect(fpr.summary).toContain('the false positive rate is 42.9% (48 false positives of 112 actual negatives) against 20.0%');
    expect(fpr.summary).toContain('a ratio of 2.14, outside 0.8–1.25');
    // Examples are the group's false positives.
    expect(fpr.examples.length).toBe(5);
    for (const example of fpr.examples) expect(example).toMatchObject({ label: '0', predicted: '1' });
    expect(fpr.examples[0].row).toBe(160 + 4 * 4); // b starts at row 160 with its 16 true positives
  });

  it('takes a configured reference group and rejects an unknown one', () => {
    const result = run(twoGroups(1), { referenceGroups: { g: 'b' } });
    expect((result.metrics.columns as Entry[])[0].reference).toBe('b');
    expect((result.metrics.groups as Entry[])[0].disparity.errorRate).toBe(0.5);
    expect(() => run(twoGroups(1), { referenceGroups: { g: 'c' } })).toThrow(InputError);
    expect(() => run(twoGroups(1), { referenceGroups: { g: 'c' } })).toThrow('checkOptions.slices.referenceGroups.g');
  });

  it('lists intersections up to the slice depth, and missing values as their own group', () => {
    const spec = twoGroups(1);
    spec.rows[0][2] = '';
    const result = run({ ...spec, roles: { sliceCols: ['g', 'other'] }, settings: { sliceDepth: 2 } });
    const groups = result.metrics.groups as Entry[];
    expect([...new Set(groups.map((g) => g.column))]).toEqual(['g', 'other', 'g & other']);
    const missing = groups.find((g) => g.column === 'other' && g.value === null)!;
    expect(missing).toMatchObject({ size: 1, predicates: { other: null } });
    const both = groups.find((g) => g.column === 'g & other' && g.value === 'b & x')!;
    expect(both.predicates).toEqual({ g: 'b', other: 'x' });
    // Rows 40.. of b with i % 3 === 0 carry "x": 4, 12, 16, 8 rows -> 2 + 4 + 6 + 3 = 15.
    expect(both.size).toBe(15);
  });

  it('keeps data values such as __proto__ as plain keys', () => {
    const spec = twoGroups(1);
    const result = run({ ...spec, header: ['__proto__', 'label', 'other'], roles: { sliceCols: ['__proto__'] } });
    const entry = (result.metrics.groups as Entry[])[0];
    expect(Object.getPrototypeOf(entry.predicates)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(entry.predicates, '__proto__')).toBe(true);
    expect(JSON.stringify(toPlainJson(entry.predicates))).toBe('{"__proto__":"a"}');
  });

  it('reports only accuracy and error rate for a multiclass task, and the spread across runs', () => {
    const header = ['g', 'label'];
    const rows: unknown[][] = [];
    const predictions: Record<string, unknown>[] = [];
    const classes = ['cat', 'dog', 'eel'];
    for (let i = 0; i < 60; i++) {
      rows.push([i < 30 ? 'p' : 'q', classes[i % 3]]);
      // Run r1 right everywhere; r2 wrong on every row of q where i % 2 == 0; r3 wrong on every 5th row.
      predictions.push({ id: i, seed: 'r1', pred: classes[i % 3] });
      predictions.push({ id: i, seed: 'r2', pred: i >= 30 && i % 2 === 0 ? classes[(i + 1) % 3] : classes[i % 3] });
      predictions.push({ id: i, seed: 'r3', pred: i % 5 === 0 ? classes[(i + 2) % 3] : classes[i % 3] });
    }
    const result = run({ header, rows, predictions, roles: { sliceCols: ['g'] } });
    expect(result.metrics.ensemble).toBe('majority vote');
    expect(result.metrics.positiveClass).toBe(null);
    const q = (result.metrics.groups as Entry[]).find((g) => g.value === 'q')!;
    // Majority vote: r2 and r3 are both wrong on rows 30, 40 and 50 of q, each on a different class,
    // so the vote ties 1-1-1 and goes to the lowest class index: cat, right for row 30 (a cat), wrong for 40 and 50.
    expect(q.accuracy).toBe(28 / 30);
    expect((result.metrics.groups as Entry[]).find((g) => g.value === 'p')!.accuracy).toBe(1);
    expect(q.fpr).toBeUndefined();
    expect(Object.keys(q.disparity)).toEqual(['accuracy', 'errorRate']);
    // Per run on q: r1 30/30, r2 15/30, r3 24/30.
    expect(q.accuracyByRun).toEqual({ min: 0.5, max: 1, range: 0.5 });
  });
});

describe('slices: per-example correctness only (LLM-style results)', () => {
  it('uses the mean score of the runs and leaves out the confusion-matrix metrics', () => {
    const header = ['topic', 'label'];
    const rows: unknown[][] = [];
    const predictions: Record<string, unknown>[] = [];
    for (let i = 0; i < 80; i++) {
      rows.push([i < 40 ? 'math' : 'history', i % 4 === 0 ? '1' : '0']);
      // Run A right on all history and on half of math; run B right everywhere but rows 0-9.
      predictions.push({ id: i, seed: 'A', correct: i >= 40 || i % 2 === 0 });
      predictions.push({ id: i, seed: 'B', score: i < 10 ? 0 : 1 });
    }
    const result = run({ header, rows, predictions, roles: { sliceCols: ['topic'] } });
    expect(result.metrics.ensemble).toBe('mean score');
    const math = (result.metrics.groups as Entry[]).find((g) => g.value === 'math')!;
    // Mean score < 0.5 only where both runs fail: odd rows below 10 -> 1, 3, 5, 7, 9.
    expect(math.errorRate).toBe(5 / 40);
    expect(math.prevalence).toBe(10 / 40);
    expect(math.fpr).toBeUndefined();
    expect(Object.keys(math.disparity)).toEqual(['accuracy', 'errorRate', 'prevalence']);
    expect(math.accuracyByRun).toEqual({ min: 0.5, max: 0.75, range: 0.25 });
    expect((result.metrics.columns as Entry[])[0].demographicParityDifference).toBe(null);
  });
});

describe('slices: discovered', () => {
  /** Loads the committed fixture with a planted weak slice (fixtures/slices/generate.mjs). */
  function fixture() {
    const parsed = Papa.parse<string[]>(readFileSync(new URL('../fixtures/slices/data.csv', import.meta.url), 'utf8'), { header: false, skipEmptyLines: true });
    const [header, ...rows] = parsed.data;
    const predictions = readFileSync(new URL('../fixtures/slices/preds.jsonl', import.meta.url), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: string; seed: number; probs: { normal: number; urgent: number } });
    return { header, rows, predictions };
  }

  it('finds the planted weak slice (French forum tickets) first, with the error counts computed directly', () => {
    const { header, rows, predictions } = fixture();
    const result = run({ header, rows, predictions, roles: { sliceCols: ['lang'] }, positiveClass: 'urgent' });
    // Independent count: mean of the three runs' P(urgent) per ticket, argmax (ties to "normal"),
    // for the ensemble the search tests; and each run's own errors, for the mean over runs.
    const sum = new Map<string, number>();
    const byRun = new Map<string, Map<string, number>>();
    for (const p of predictions) {
      sum.set(p.id, (sum.get(p.id) ?? 0) + p.probs.urgent);
      if (!byRun.has(String(p.seed))) byRun.set(String(p.seed), new Map());
      byRun.get(String(p.seed))!.set(p.id, p.probs.urgent);
    }
    const at = (name: string) => header.indexOf(name);
    let wrong = 0;
    let sliceSize = 0;
    let sliceWrong = 0;
    const inSlice = (row: unknown[]) => row[at('lang')] === 'fr' && row[at('channel')] === 'forum';
    for (const row of rows) {
      const predicted = sum.get(row[at('id')])! / 3 > 0.5 ? 'urgent' : 'normal';
      const error = predicted !== row[at('label')] ? 1 : 0;
      wrong += error;
      if (inSlice(row)) {
        sliceSize++;
        sliceWrong += error;
      }
    }
    let runRate = 0;
    let runSliceRate = 0;
    for (const probs of byRun.values()) {
      let all = 0;
      let inside = 0;
      for (const row of rows) {
        const error = (probs.get(row[at('id')])! > 0.5 ? 'urgent' : 'normal') !== row[at('label')] ? 1 : 0;
        all += error;
        if (inSlice(row)) inside += error;
      }
      runRate += all / 3000 / byRun.size;
      runSliceRate += inside / sliceSize / byRun.size;
    }
    expect(byRun.size).toBe(3);
    expect(result.metrics.ensemble).toBe('mean of probabilities');
    expect(result.metrics.overallErrorRate).toBe(wrong / 3000);
    expect(result.metrics.errorRateBasis).toBe('mean over runs');
    const discovered = result.metrics.discovered as Entry[];
    expect(discovered[0].predicates).toEqual({ lang: 'fr', channel: 'forum' });
    expect(discovered[0]).toMatchObject({ size: sliceSize, ensembleErrorRate: sliceWrong / sliceSize, ensembleOverallErrorRate: wrong / 3000 });
    expect(discovered[0].errorRate).toBeCloseTo(runSliceRate, 12);
    expect(discovered[0].overallErrorRate).toBeCloseTo(runRate, 12);
    expect(discovered[0].lift).toBeCloseTo(runSliceRate / runRate, 12);
    expect(discovered[0].excessErrors).toBeCloseTo(sliceSize * (runSliceRate - runRate), 9);
    expect(discovered[0].accuracyAtStake).toBeCloseTo((sliceSize * (runSliceRate - runRate)) / 3000, 12);
    expect(discovered[0].errorShare).toBeCloseTo((sliceSize * runSliceRate) / (3000 * runRate), 12);
    expect(discovered[0].qValue).toBeLessThan(1e-6);
    // Its parents (all French tickets, all forum tickets) hold no excess of their own and are not listed.
    expect(discovered.map((d) => JSON.stringify(d.predicates))).not.toContain('{"lang":"fr"}');
    const search = result.metrics.search as Entry;
    // Never the label: per-class errors are the performance check's.
    expect(search.columns).toEqual(['length(text)', 'split', 'lang', 'channel', 'plan', 'account_age_days']);
    expect(search.minSupport).toBe(30);
    const finding = result.findings.find((f) => f.key === 'weak-slices')!;
    // 25 excess errors on 3,000 rows: 0.8 points of accuracy at stake, low however large its share of the errors.
    expect(finding.severity).toBe('low');
    expect(finding.summary).toContain('0.8 points of accuracy on the 3000 evaluated rows; it holds 12.4% of all 288.3 errors');
    expect(finding.summary).toContain(`lang = "fr" & channel = "forum", has ${sliceSize} rows`);
    expect(finding.examples.length).toBe(5);
    for (const example of finding.examples) {
      const row = rows[example.row];
      expect([row[at('lang')], row[at('channel')]]).toEqual(['fr', 'forum']);
      expect(example.predicted).not.toBe(example.label);
      expect(example.id).toBe(row[at('id')]);
      expect(typeof example.text).toBe('string');
    }
  });

  it('without predictions reports where a label is over- or under-represented', () => {
    const { header, rows } = fixture();
    const result = run({ header, rows, roles: { sliceCols: ['plan'] }, positiveClass: 'urgent' });
    expect(result.metrics.discovered).toBeUndefined();
    expect(result.metrics.labelSkewClass).toBe('urgent');
    const skew = result.metrics.labelSkew as Entry[];
    // Urgent tickets use longer templates, so text-length bins hold no or mostly urgent tickets (a
    // shortcut a model can learn); the generator also draws urgent at 22% (free), 32% (pro), 45% (enterprise).
    const keys = skew.map((s) => JSON.stringify(s.predicates));
    expect(keys.slice(0, 4)).toEqual([
      '{"length(text)":"[91, 116]"}',
      '{"length(text)":"[54, 59)"}',
      '{"length(text)":"[59, 69)"}',
      '{"length(text)":"[44, 54)"}',
    ]);
    const text = header.indexOf('text');
    const long = rows.filter((row) => row[text].length >= 91);
    expect(skew[0].size).toBe(long.length);
    expect(skew[0].classRate).toBe(long.filter((row) => row[header.indexOf('label')] === 'urgent').length / long.length);
    expect(skew[1].classRate).toBe(0);
    expect(keys).toContain('{"plan":"enterprise"}');
    const free = skew.find((s) => JSON.stringify(s.predicates) === '{"plan":"free"}')!;
    expect(free.classRate).toBeLessThan(free.overallClassRate);
    const enterprise = skew.find((s) => JSON.stringify(s.predicates) === '{"plan":"enterprise"}')!;
    expect(enterprise.lift).toBeGreaterThan(1.4);
    const plan = header.indexOf('plan');
    const label = header.indexOf('label');
    const freeRows = rows.filter((row) => row[plan] === 'free');
    expect(free.size).toBe(freeRows.length);
    expect(free.classRate).toBe(freeRows.filter((row) => row[label] === 'urgent').length / freeRows.length);
    expect(result.findings.map((f) => f.key)).toContain('label-skew');
    // Declared groups still carry the prevalence.
    const groups = result.metrics.groups as Entry[];
    expect(groups[0].accuracy).toBe(null);
    expect(typeof groups[0].prevalence).toBe('number');
  });

  it('gives byte-identical JSON on a second run through the runner', async () => {
    const { header, rows, predictions } = fixture();
    const inputs = makeInputs({ header, rows, predictions, roles: { sliceCols: ['lang', 'channel'] }, positiveClass: 'urgent', settings: { sliceDepth: 2 } });
    const first = await runChecks([slices], inputs);
    const second = await runChecks([slices], inputs);
    expect(first.checks.slices.status).toBe('findings');
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });
});
