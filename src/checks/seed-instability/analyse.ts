/** The seed-instability analysis of one population of runs (one model's seeds, or every run when no model is named). */
import type { CheckContext, Example, FindingOf, Json, Severity } from '../types.js';
import { ensembleMeanProbabilities } from '../support/shared-values.js';
import { findings, type RunKind } from './findings.js';
import { runName as name } from '../support/format.js';
import type { Run } from '../../data/model.js';
import { sharedRows } from '../../math/coverage.js';
import { pairedBootstrap } from '../../math/paired-comparison.js';
import { accuracy as accuracyOf, logLoss, macroF1, summarize } from '../../math/run-metrics.js';
import { flipRates, pairwiseChurn, scoreDisagreement, scoreFlipRates } from '../../math/churn.js';
import { argmaxRows, majorityVote } from '../../math/ensemble.js';
import { bootstrapMeanInterval } from '../../math/bootstrap.js';
import { interquartileMean } from '../../math/iqm.js';
import { spreadTest } from '../../math/significance.js';
import type { Options } from './options.js';
import type { PopulationMetrics } from './metrics.js';

/** Rows sorted by a key (descending) then row (ascending), keeping only the first `limit` with key > 0. */
function topRows(keys: Float64Array, limit: number): number[] {
  const top: number[] = [];
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (!(key > 0)) continue;
    if (top.length === limit && key <= keys[top[top.length - 1]]) continue;
    let at = top.length;
    while (at > 0 && keys[top[at - 1]] < key) at--;
    top.splice(at, 0, i);
    if (top.length > limit) top.pop();
  }
  return top;
}

/** The runs of one population aligned on the rows they all cover and can be scored on. */
interface Population {
  context: CheckContext;
  opts: Options;
  runs: Run[];
  model: string | null;
  runKind: RunKind;
  classes: string[];
  k: number;
  R: number;
  useLabels: boolean;
  shared: ReturnType<typeof sharedRows>;
  rows: ReturnType<typeof sharedRows>['rows'];
  n: number;
  /** Labels of the shared rows (when scored against labels). */
  y: Int32Array;
  /** Each run's predicted classes on the shared rows (when scored against labels). */
  preds: Int32Array[];
  /** Each run's correctness (0/1) or score on the shared rows. */
  scores: (Uint8Array | Float64Array)[];
  /** Whether each run has probabilities on every shared row. */
  withProbs: boolean[];
}

/** What the analysis measured, for the findings. */
interface Measures {
  accuracies: Float64Array;
  summary: ReturnType<typeof summarize>;
  boot: ReturnType<typeof bootstrapMeanInterval>;
  churnResult: ReturnType<typeof pairwiseChurn>;
  flips: Float64Array;
  unstableRows: number;
  ensemble: Ensemble | null;
  failed: number[];
  majorityBaseline: number | null;
  majorityClass: string | null;
  test: ReturnType<typeof spreadTest>;
}

interface Ensemble {
  accuracy: number;
  gainOverMean: number;
  gainOverBest: number;
  method: 'mean-probabilities' | 'majority-vote';
  /** The gain over the mean single run: paired bootstrap over rows and runs (rows drawn jointly for the ensemble and the runs). */
  gainInterval: [number, number];
  gainStandardError: number;
  resamples: number;
}

function alignRuns(context: CheckContext, opts: Options, runs: Run[], model: string | null, runKind: RunKind): Population {
  const predictions = context.predictions!;
  const labels = context.labels;
  const classes = predictions.classes;
  const k = classes.length;
  const R = runs.length;
  const useLabels = labels !== null && runs.every((run) => run.pred !== null);
  if (!useLabels && !runs.every((run) => run.score !== null)) {
    const without = runs.filter((run) => (labels ? run.pred === null && run.score === null : run.score === null)).map((run) => run.name);
    throw new Error(
      labels
        ? `runs ${without.map(name).join(', ')} have neither predicted classes nor "correct"/"score" values`
        : `no labels: every run needs "correct" or "score" values to be compared (missing in ${without.map(name).join(', ')})`,
    );
  }

  // Rows every run covers and can be scored on.
  const shared = sharedRows(
    runs.map((run) => run.covered),
    useLabels ? (row) => labels.codes[row] >= 0 && runs.every((run) => run.pred![row] >= 0) : (row) => runs.every((run) => Number.isFinite(run.score![row])),
  );
  const rows = shared.rows;
  const n = rows.length;
  if (n === 0)
    throw new Error(
      `the ${R} runs share no ${useLabels ? 'labelled example with a prediction in every run' : 'example with a score in every run'}; nothing to compare`,
    );

  // Per-run aligned arrays over the common rows.
  const y = new Int32Array(n);
  const preds: Int32Array[] = [];
  const scores: (Uint8Array | Float64Array)[] = [];
  if (useLabels) {
    for (let i = 0; i < n; i++) y[i] = labels.codes[rows[i]];
    for (const run of runs) {
      const pred = new Int32Array(n);
      const correct = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const p = run.pred![rows[i]];
        pred[i] = p;
        correct[i] = p === y[i] ? 1 : 0;
      }
      preds.push(pred);
      scores.push(correct);
    }
  } else {
    for (const run of runs) {
      const score = new Float64Array(n);
      for (let i = 0; i < n; i++) score[i] = run.score![rows[i]];
      scores.push(score);
    }
  }

  const withProbs = runs.map((run) => hasAllProbs(run, rows, n, k));
  return { context, opts, runs, model, runKind, classes, k, R, useLabels, shared, rows, n, y, preds, scores, withProbs };
}

/** Each run's accuracy, F1, error rate, interval and log loss on the shared rows. */
function perRunMetrics(p: Population): { perRun: PopulationMetrics['perRun']; accuracies: Float64Array } {
  const { context, opts, runs, k, R, useLabels, rows, y, preds, scores, withProbs } = p;

  const accuracies = new Float64Array(R);
  const perRun = runs.map((run, r) => {
    const acc = useLabels ? accuracyOf(preds[r], y) : mean(scores[r]);
    accuracies[r] = acc;
    const entry: PopulationMetrics['perRun'][number] = {
      run: run.name,
      accuracy: acc,
      macroF1: useLabels ? macroF1(preds[r], y, k) : null,
      errorRate: 1 - acc,
      // This run's own interval: a bootstrap over its examples (the run is fixed).
      ci95: bootstrapMeanInterval([scores[r]], { resamples: opts.resamples, seed: context.settings.seed + 1 + r, workBudget: 5e7, minResamples: 100 }).interval,
    };
    if (useLabels && withProbs[r]) entry.logLoss = logLoss(run.probs!, k, rows, y);
    return entry;
  });

  return { perRun, accuracies };
}

/** The ensemble of the runs against the mean single run (labels only). */
function ensembleOf(p: Population, summary: ReturnType<typeof summarize>): Ensemble | null {
  const { context, runs, k, useLabels, rows, n, y, preds, scores, withProbs, opts } = p;
  // Ensemble: averaged probabilities when every run has them on the common rows, else a majority vote.
  if (!useLabels) return null;
  let ensemblePred: Int32Array;
  let method: 'mean-probabilities' | 'majority-vote';
  if (withProbs.every(Boolean)) {
    // Shared with calibration: each row's mean depends only on the runs covering it.
    const mean = ensembleMeanProbabilities.get(context, runs, k);
    const argmax = argmaxRows(mean, k);
    ensemblePred = new Int32Array(n);
    for (let i = 0; i < n; i++) ensemblePred[i] = argmax[rows[i]];
    method = 'mean-probabilities';
  } else {
    ensemblePred = majorityVote(preds, k);
    method = 'majority-vote';
  }
  const ensembleAccuracy = accuracyOf(ensemblePred, y);
  const ensembleCorrect = Uint8Array.from(ensemblePred, (p, i) => (p === y[i] ? 1 : 0));
  const paired = pairedBootstrap(scores, [ensembleCorrect], { resamples: opts.resamples, seed: context.settings.seed + 7 });
  return {
    accuracy: ensembleAccuracy,
    gainOverMean: ensembleAccuracy - summary.mean,
    gainOverBest: ensembleAccuracy - summary.max,
    method,
    gainInterval: paired.interval,
    gainStandardError: paired.standardError,
    resamples: paired.resamples,
  };
}

/** Failed runs: no better than always predicting the majority class of the shared rows. */
function failedRuns(p: Population, accuracies: Float64Array): { failed: number[]; majorityBaseline: number | null; majorityClass: string | null } {
  const { classes, k, R, useLabels, n, y } = p;
  // Failed runs (Mosbach et al. 2021): no better than always predicting the majority class.
  let majorityBaseline: number | null = null;
  let majorityClass: string | null = null;
  const failed: number[] = [];
  if (useLabels) {
    const counts = new Float64Array(k);
    for (let i = 0; i < n; i++) counts[y[i]]++;
    let best = 0;
    for (let c = 1; c < k; c++) if (counts[c] > counts[best]) best = c;
    majorityBaseline = counts[best] / n;
    majorityClass = classes[best];
    for (let r = 0; r < R; r++) if (accuracies[r] <= majorityBaseline + 1e-12) failed.push(r);
  }

  return { failed, majorityBaseline, majorityClass };
}

/** Metrics and findings of one population of runs; `model` names it when several models were given. */
export function analyseRuns(
  context: CheckContext,
  opts: Options,
  runs: Run[],
  model: string | null,
  runKind: RunKind,
): { metrics: PopulationMetrics; findings: FindingOf<typeof findings>[] } {
  const p = alignRuns(context, opts, runs, model, runKind);
  const { useLabels, shared, n, R } = p;
  const { perRun, accuracies } = perRunMetrics(p);
  const summary = summarize(accuracies);
  const boot = bootstrapMeanInterval(p.scores, { resamples: opts.resamples, seed: context.settings.seed });
  const accuracy: NonNullable<PopulationMetrics['accuracy']> = {
    mean: summary.mean,
    std: summary.std,
    min: summary.min,
    max: summary.max,
    ci95: boot.interval,
  };
  if (R >= 4) accuracy.iqm = interquartileMean(accuracies);

  const churnResult = useLabels ? pairwiseChurn(p.preds) : pairwiseChurn(p.scores, scoreDisagreement);
  const flips = useLabels ? flipRates(p.preds, p.classes.length) : scoreFlipRates(p.scores);
  let unstableRows = 0;
  for (let i = 0; i < n; i++) if (flips[i] > 0) unstableRows++;

  const ensemble = ensembleOf(p, summary);
  const { failed, majorityBaseline, majorityClass } = failedRuns(p, accuracies);
  const test = spreadTest(p.scores);

  const metrics: PopulationMetrics = {
    model,
    runKind,
    scoring: useLabels ? 'labels' : 'scores',
    runs: runs.map((run) => run.name),
    commonRows: n,
    coverage: runs.map((run, r) => ({ run: run.name, rows: run.count, missingShared: shared.missing[r] })),
    perRun,
    accuracy,
    bootstrap: { resamples: boot.resamples, seed: boot.seed, method: boot.method },
    churn: {
      meanPairwise: churnResult.meanPairwise,
      maxPairwise: churnResult.maxPairwise,
      maxPair: [runs[churnResult.maxPair[0]].name, runs[churnResult.maxPair[1]].name] as [string, string],
      matrix: Array.from({ length: R }, (_, i) => Array.from(churnResult.matrix.subarray(i * R, (i + 1) * R))),
      measure: useLabels ? 'predicted-class' : 'score-difference',
    },
    unstableRows,
    unstableShare: unstableRows / n,
    ensemble,
    majorityBaseline,
    majorityClass,
    failedRuns: failed.map((r) => runs[r].name),
    spreadTest: { ...test },
  };

  const measures: Measures = { accuracies, summary, boot, churnResult, flips, unstableRows, ensemble, failed, majorityBaseline, majorityClass, test };
  const found = [churnFinding, spreadFinding, failedFinding, ensembleFinding, coverageFinding]
    .map((make) => make(p, measures))
    .filter((f): f is FindingOf<typeof findings> => f !== null);
  return { metrics, findings: found };
}

/** Whether a run has probabilities on every shared row. */
function hasAllProbs(run: Run, rows: ArrayLike<number>, n: number, k: number): boolean {
  if (!run.probs) return false;
  for (let i = 0; i < n; i++) if (!Number.isFinite(run.probs[rows[i] * k])) return false;
  return true;
}

/** Churn relative to the error rate. */
function churnFinding(p: Population, m: Measures): FindingOf<typeof findings> | null {
  const { context, opts, runs, model, runKind, classes, R, useLabels, rows, n, y, preds, scores } = p;
  const { summary, churnResult, flips, unstableRows, ensemble } = m;
  const meanError = 1 - summary.mean;
  // Churn relative to the error rate.
  const churnRatio = meanError > 0 ? churnResult.meanPairwise / meanError : churnResult.meanPairwise > 0 ? Infinity : 0;
  if (churnResult.meanPairwise >= opts.minChurn && churnRatio >= opts.churnErrorRatio / 2) {
    const severity: Severity = churnRatio >= 2 * opts.churnErrorRatio ? 'high' : churnRatio >= opts.churnErrorRatio ? 'medium' : 'low';
    const examples: Example[] = topRows(flips, opts.maxExamples).map((i) => {
      const row = rows[i];
      const extra: Record<string, Json> = { flipRate: flips[i] };
      if (useLabels) {
        extra.label = classes[y[i]];
        extra.predictions = preds.map((pred) => classes[pred[i]]);
      } else {
        extra.scores = scores.map((score) => score[i]);
      }
      const text = context.excerpt(row);
      if (text !== undefined) extra.text = text;
      return context.example(row, extra);
    });
    const [a, b] = churnResult.maxPair;
    return {
      key: 'churn',
      severity,
      args: {
        meanPairwise: churnResult.meanPairwise,
        maxPairwise: churnResult.maxPairwise,
        meanErrorRate: meanError,
        churnToErrorRatio: Number.isFinite(churnRatio) ? churnRatio : null,
        unstableRows,
        unstableShare: unstableRows / n,
        ensembleGain: ensemble ? ensemble.gainOverMean : null,
        ensembleAccuracy: ensemble ? ensemble.accuracy : null,
        maxPair: [runs[a].name, runs[b].name],
        commonRows: n,
        runs: R,
        scoring: useLabels ? 'labels' : 'scores',
        model,
        runKind,
      },
      examples,
    };
  }

  return null;
}

/** The accuracy range across runs, with its spread test. */
function spreadFinding(p: Population, m: Measures): FindingOf<typeof findings> | null {
  const { opts, runs, model, runKind, R, n } = p;
  const { accuracies, summary, boot, test } = m;
  const argOf = (value: number) => Array.from(accuracies).indexOf(value);
  // Accuracy range across runs.
  const range = summary.max - summary.min;
  if (R >= 2 && range >= opts.minAccuracyRange) {
    const significant = test.pValue < opts.alpha;
    const severity: Severity = !significant ? 'low' : range >= 0.05 ? 'high' : range >= 0.02 ? 'medium' : 'low';
    const worst = argOf(summary.min);
    const best = argOf(summary.max);
    return {
      key: 'accuracy-spread',
      severity,
      args: {
        range,
        min: summary.min,
        max: summary.max,
        mean: summary.mean,
        std: summary.std,
        ci95: boot.interval,
        test: test.test,
        statistic: test.statistic,
        df: test.df,
        pValue: test.pValue,
        alpha: opts.alpha,
        significant,
        worstRun: runs[worst].name,
        bestRun: runs[best].name,
        commonRows: n,
        runs: R,
        resamples: boot.resamples,
        model,
        runKind,
      },
      examples: [],
    };
  }

  return null;
}

/** Runs no better than the majority class. */
function failedFinding(p: Population, m: Measures): FindingOf<typeof findings> | null {
  const { runs, model, runKind, R } = p;
  const { accuracies, summary, failed, majorityBaseline, majorityClass } = m;
  // Failed runs.
  if (failed.length > 0 && majorityBaseline !== null) {
    const ok = Array.from(accuracies).filter((_, r) => !failed.includes(r));
    const okMean = ok.length > 0 ? ok.reduce((s, v) => s + v, 0) / ok.length : NaN;
    return {
      key: 'failed-runs',
      severity: 'high',
      args: {
        failedRuns: failed.map((r) => runs[r].name),
        majorityBaseline,
        failedAccuracies: failed.map((r) => accuracies[r]),
        meanWithoutFailed: ok.length > 0 ? okMean : null,
        meanAccuracy: summary.mean,
        majorityClass: majorityClass!,
        runs: R,
        model,
        runKind,
      },
      examples: [],
    };
  }

  return null;
}

/** The ensemble's gain over the mean single run. */
function ensembleFinding(p: Population, m: Measures): FindingOf<typeof findings> | null {
  const { opts, runs, model, runKind, R, n } = p;
  const { accuracies, summary, ensemble } = m;
  const argOf = (value: number) => Array.from(accuracies).indexOf(value);
  // Ensemble gain.
  if (ensemble && ensemble.gainOverMean > 0 && ensemble.gainOverMean >= opts.minEnsembleGain) {
    const best = argOf(summary.max);
    return {
      key: 'ensemble-gain',
      severity: ensemble.gainOverMean >= 3 * opts.minEnsembleGain ? 'medium' : 'low',
      args: {
        ensembleAccuracy: ensemble.accuracy,
        meanAccuracy: summary.mean,
        gainOverMean: ensemble.gainOverMean,
        gainOverBest: ensemble.gainOverBest,
        runs: R,
        method: ensemble.method,
        commonRows: n,
        bestRun: runs[best].name,
        bestAccuracy: summary.max,
        model,
        runKind,
      },
      examples: [],
    };
  }

  return null;
}

/** Runs covering different rows. */
function coverageFinding(p: Population): FindingOf<typeof findings> | null {
  const { context, opts, runs, model, runKind, R, shared, n } = p;
  // Runs covering different examples.
  if (shared.unionCount > shared.sharedCount) {
    const left = shared.unionCount - shared.sharedCount;
    const short = runs
      .map((run, r) => ({ r, missing: shared.missing[r] }))
      .filter((entry) => entry.missing > 0)
      .sort((p, q) => q.missing - p.missing || p.r - q.r);
    const examples: Example[] = [];
    for (let row = 0; row < runs[0].covered.length && examples.length < opts.maxExamples; row++) {
      let covering = 0;
      for (const run of runs) covering += run.covered[row];
      if (covering > 0 && covering < R) examples.push(context.example(row, { missingFrom: runs.filter((run) => !run.covered[row]).map((run) => run.name) }));
    }
    return {
      key: 'partial-coverage',
      severity: left / shared.unionCount >= 0.05 ? 'low' : 'info',
      args: {
        unionRows: shared.unionCount,
        sharedRows: shared.sharedCount,
        commonRows: n,
        leftOut: left,
        missingPerRun: short.map((entry) => ({ run: runs[entry.r].name, missing: entry.missing })),
        model,
        runKind,
      },
      examples,
    };
  }

  return null;
}

function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return values.length === 0 ? NaN : sum / values.length;
}
