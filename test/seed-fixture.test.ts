import { beforeAll, describe, expect, it } from 'vitest';
import { loadInputs } from './helpers/load-fixture.js';
import { runChecks, type ChecksOutput } from '../src/checks/run.js';
import { seedInstability } from '../src/checks/seed-instability.js';
import { calibration } from '../src/checks/calibration.js';
import type { Parsed } from './helpers/cli.js';

/**
 * The seed-instability and calibration checks on the committed multi-seed fixture (400 reviews,
 * 5 seeds, one seed missing 8 rows) against the independent numpy computation of
 * test/reference/seed_metrics.py, whose output is pasted below. Tolerance 1e-4.
 */
// Printed by: python3 test/reference/seed_metrics.py fixtures/multi-seed/data.csv fixtures/multi-seed/preds.jsonl
const REFERENCE = {
  runs: ['13', '42', '87', '1234', '2024'],
  commonRows: 392,
  perRun: [
    { run: '13', accuracy: 0.7933673469387755, macroF1: 0.7687956593887065, errorRate: 0.20663265306122447, logLoss: 0.9006927472502775 },
    { run: '42', accuracy: 0.7780612244897959, macroF1: 0.7452386317852485, errorRate: 0.22193877551020413, logLoss: 0.9121201378352821 },
    { run: '87', accuracy: 0.7857142857142857, macroF1: 0.7661230927038495, errorRate: 0.2142857142857143, logLoss: 0.8488108044064798 },
    { run: '1234', accuracy: 0.7704081632653061, macroF1: 0.7491967869524402, errorRate: 0.22959183673469385, logLoss: 0.8019338268141253 },
    { run: '2024', accuracy: 0.8112244897959183, macroF1: 0.789190101118738, errorRate: 0.18877551020408168, logLoss: 0.8262721087310942 },
  ],
  accuracy: { mean: 0.7877551020408163, std: 0.015663348401029325, min: 0.7704081632653061, max: 0.8112244897959183, iqm: 0.7857142857142857 },
  ci95Replica: [0.7490612090042998, 0.82725777856573],
  ci95Multinomial: [0.7494897959183674, 0.8244897959183674],
  churn: { meanPairwise: 0.14005102040816325, maxPairwise: 0.15816326530612246, maxPair: ['87', '1234'] },
  unstableRows: 107,
  mostUnstable: [
    { row: 116, flipRate: 0.8 },
    { row: 155, flipRate: 0.8 },
    { row: 203, flipRate: 0.8 },
    { row: 35, flipRate: 0.7 },
    { row: 43, flipRate: 0.7 },
  ],
  ensemble: { accuracy: 0.8239795918367347, gainOverMean: 0.03622448979591841, gainOverBest: 0.012755102040816424 },
  majorityBaseline: 0.37755102040816324,
  failedRuns: [],
  spreadTest: { statistic: 6.417021276595745, df: 4, pValue: 0.17009437977809644 },
  calibrationPerRun: [
    { run: '13', ece: 0.11626693103632661, mce: 0.551577, brier: 0.34997245090511286, accuracy: 0.7933673469387755, meanConfidence: 0.8891604390047827 },
    {
      run: '42',
      ece: 0.11836372509396392,
      mce: 0.20888836144164535,
      brier: 0.3749480421962593,
      accuracy: 0.7780612244897959,
      meanConfidence: 0.883239186483291,
    },
    { run: '87', ece: 0.11817586161663643, mce: 0.57689, brier: 0.35643337960198584, accuracy: 0.7857142857142857, meanConfidence: 0.8800830111372303 },
    {
      run: '1234',
      ece: 0.09923241059051179,
      mce: 0.25262340000000005,
      brier: 0.37448295577193724,
      accuracy: 0.7704081632653061,
      meanConfidence: 0.8219867343525394,
    },
    {
      run: '2024',
      ece: 0.10339699430917954,
      mce: 0.6542666542666542,
      brier: 0.32616537955109876,
      accuracy: 0.8112244897959183,
      meanConfidence: 0.8806759746496209,
    },
  ],
  calibrationEnsemble: {
    ece: 0.08273468939084871,
    mce: 0.6433299353904236,
    brier: 0.30675982035143434,
    accuracy: 0.8239795918367347,
    meanConfidence: 0.8354879214560881,
  },
  ensembleBins: [
    { count: 0, meanConfidence: null, accuracy: null },
    { count: 0, meanConfidence: null, accuracy: null },
    { count: 0, meanConfidence: null, accuracy: null },
    { count: 0, meanConfidence: null, accuracy: null },
    { count: 0, meanConfidence: null, accuracy: null },
    { count: 1, meanConfidence: 0.35667006460957634, accuracy: 1.0 },
    { count: 12, meanConfidence: 0.43360850399707535, accuracy: 0.4166666666666667 },
    { count: 15, meanConfidence: 0.49869385231187485, accuracy: 0.6666666666666666 },
    { count: 19, meanConfidence: 0.5619527446528833, accuracy: 0.5789473684210527 },
    { count: 23, meanConfidence: 0.6288297112178765, accuracy: 0.7391304347826086 },
    { count: 24, meanConfidence: 0.7065056783451977, accuracy: 0.8333333333333334 },
    { count: 32, meanConfidence: 0.7648931971412896, accuracy: 0.90625 },
    { count: 39, meanConfidence: 0.8366577318019787, accuracy: 0.8461538461538461 },
    { count: 71, meanConfidence: 0.9045577266514805, accuracy: 0.8450704225352113 },
    { count: 156, meanConfidence: 0.9682354556780737, accuracy: 0.8782051282051282 },
  ],
  run13Bins: [
    { count: 0, meanConfidence: null, accuracy: null },
    { count: 0, meanConfidence: null, accuracy: null },
    { count: 0, meanConfidence: null, accuracy: null },
    { count: 0, meanConfidence: null, accuracy: null },
    { count: 0, meanConfidence: null, accuracy: null },
    { count: 1, meanConfidence: 0.368017, accuracy: 0.0 },
    { count: 2, meanConfidence: 0.448423, accuracy: 1.0 },
    { count: 8, meanConfidence: 0.5099832470563367, accuracy: 0.375 },
    { count: 16, meanConfidence: 0.5681425976135843, accuracy: 0.75 },
    { count: 16, meanConfidence: 0.6273437055456951, accuracy: 0.5 },
    { count: 19, meanConfidence: 0.6946360466123958, accuracy: 0.6842105263157895 },
    { count: 25, meanConfidence: 0.7647060889301827, accuracy: 0.64 },
    { count: 28, meanConfidence: 0.8390656390168482, accuracy: 0.6785714285714286 },
    { count: 53, meanConfidence: 0.9077061456874151, accuracy: 0.8490566037735849 },
    { count: 224, meanConfidence: 0.9828588461610748, accuracy: 0.8616071428571429 },
  ],
};

const TOLERANCE = 1e-4;

/** Deep comparison: numbers within the tolerance, everything else equal. */
function expectClose(actual: unknown, expected: unknown, path = '$'): void {
  if (typeof expected === 'number') {
    expect(typeof actual, path).toBe('number');
    expect(Math.abs((actual as number) - expected), `${path}: ${String(actual)} vs ${expected}`).toBeLessThanOrEqual(TOLERANCE);
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as unknown[]).length, `${path}.length`).toBe(expected.length);
    expected.forEach((value, i) => expectClose((actual as unknown[])[i], value, `${path}[${i}]`));
  } else if (expected !== null && typeof expected === 'object') {
    for (const [key, value] of Object.entries(expected)) expectClose((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
  } else {
    expect(actual, path).toEqual(expected);
  }
}

const dir = 'fixtures/multi-seed';
const SEEDS = ['13', '42', '87', '1234', '2024'];

async function audit(predictionPaths: string[]): Promise<ChecksOutput> {
  const inputs = await loadInputs(`${dir}/data.csv`, predictionPaths);
  return runChecks([seedInstability, calibration], inputs);
}

describe.each([
  ['one file holding all seeds', [`${dir}/preds.jsonl`], (seed: string) => seed],
  ['one file per seed', SEEDS.map((seed) => `${dir}/per-seed/seed-${seed}.jsonl`), (seed: string) => `seed-${seed}`],
])('multi-seed fixture, %s, matches the numpy reference', (_label, paths, runName) => {
  let output: ChecksOutput;
  let metrics: Record<string, Parsed>;
  let calibrationMetrics: Record<string, Parsed>;
  const names = REFERENCE.runs.map(runName);
  const rename = <T extends { run: string }>(entries: readonly T[]) => entries.map((entry) => ({ ...entry, run: runName(entry.run) }));

  beforeAll(async () => {
    output = await audit(paths);
    metrics = output.checks['seed-instability'].metrics as Record<string, Parsed>;
    calibrationMetrics = output.checks.calibration.metrics as Record<string, Parsed>;
  });

  it('compares the runs on the rows they all cover', () => {
    expect(output.checks['seed-instability'].status).toBe('findings');
    expect(metrics.runs).toEqual(names);
    expect(metrics.commonRows).toBe(REFERENCE.commonRows);
    expect(metrics.coverage).toEqual(names.map((run, r) => ({ run, rows: r === 4 ? 392 : 400, missingShared: r === 4 ? 8 : 0 })));
    expect(metrics.scoring).toBe('labels');
  });

  it('per-run accuracy, macro F1, error rate and log loss', () => {
    expectClose(metrics.perRun, rename(REFERENCE.perRun));
  });

  it('accuracy mean, sample std, min, max, IQM and bootstrap interval', () => {
    expectClose(metrics.accuracy, { ...REFERENCE.accuracy, ci95: REFERENCE.ci95Replica });
    expect(metrics.bootstrap).toEqual({ resamples: 1000, seed: 42, method: 'poisson-weights' });
    // A plain multinomial bootstrap (numpy, 20000 resamples) agrees up to Monte Carlo error.
    expect(Math.abs(metrics.accuracy.ci95[0] - REFERENCE.ci95Multinomial[0])).toBeLessThan(0.006);
    expect(Math.abs(metrics.accuracy.ci95[1] - REFERENCE.ci95Multinomial[1])).toBeLessThan(0.006);
  });

  it('churn, unstable rows, ensemble, failed runs and the spread test', () => {
    expectClose(metrics.churn, { ...REFERENCE.churn, maxPair: REFERENCE.churn.maxPair.map(runName) });
    expect(metrics.unstableRows).toBe(REFERENCE.unstableRows);
    expectClose(metrics.ensemble, { ...REFERENCE.ensemble, method: 'mean-probabilities' });
    expectClose(metrics.majorityBaseline, REFERENCE.majorityBaseline);
    expect(metrics.failedRuns).toEqual(REFERENCE.failedRuns);
    expectClose(metrics.spreadTest, { test: 'cochran-q', ...REFERENCE.spreadTest });
  });

  it('lists the most unstable rows with their predictions per run', () => {
    const churn = output.findings.find((finding) => finding.id === 'seed-instability/churn')!;
    expect(churn.severity).toBe('medium');
    expect(churn.examples).toHaveLength(10);
    expectClose(
      churn.examples.slice(0, 5).map((example) => ({ row: example.row, flipRate: example.flipRate })),
      REFERENCE.mostUnstable,
    );
    const first = churn.examples[0];
    expect(first).toMatchObject({
      row: 116,
      line: 118,
      id: 'r0117',
      label: 'neutral',
      predictions: ['positive', 'negative', 'neutral', 'positive', 'negative'],
    });
    expect(first.text).toBe('The tent came in a blue box, delivery took five days.');
  });

  it('calibration per run and for the ensemble, with the reliability diagram', () => {
    expect(output.checks.calibration.status).toBe('findings');
    expect(calibrationMetrics.commonRows).toBe(REFERENCE.commonRows);
    expectClose(
      calibrationMetrics.perRun.map(({ bins: _bins, ...rest }: Record<string, unknown>) => rest),
      rename(REFERENCE.calibrationPerRun),
    );
    expectClose(calibrationMetrics.ensemble, REFERENCE.calibrationEnsemble);
    expectClose(calibrationMetrics.bins, REFERENCE.ensembleBins);
    expectClose(calibrationMetrics.perRun[0].bins, REFERENCE.run13Bins);
    expect(calibrationMetrics.nBins).toBe(15);
  });

  it('raises the expected findings', () => {
    const found = output.findings.map((finding) => `${finding.id}:${finding.severity}`);
    expect(found).toEqual([
      'seed-instability/churn:medium',
      'seed-instability/ensemble-gain:medium',
      'calibration/overconfident:medium',
      'seed-instability/accuracy-spread:low',
      'seed-instability/partial-coverage:info',
    ]);
    const gain = output.findings.find((finding) => finding.id === 'seed-instability/ensemble-gain')!;
    expect(gain.summary).toContain('+3.6 points over the mean single run (78.8%)');
    const spread = output.findings.find((finding) => finding.id === 'seed-instability/accuracy-spread')!;
    expect(spread.summary).toContain("Cochran's Q = 6.42 (df 4), p = 0.1701");
    expect(spread.summary).toContain('within sampling noise');
    const calibrationFinding = output.findings.find((finding) => finding.id === 'calibration/overconfident')!;
    expect(calibrationFinding.summary).toContain('Mean confidence is 87.1% against 78.8% accuracy');
    expect(calibrationFinding.summary).toContain('brings ECE to 0.083');
  });

  it('gives byte-identical output on a second run', async () => {
    expect(JSON.stringify(await audit(paths))).toBe(JSON.stringify(output));
  });
});
