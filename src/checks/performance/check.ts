/**
 * Per-class performance: precision, recall, F1 and support per class; macro, micro and weighted
 * F1; balanced accuracy; the confusion matrix with its largest confusions; log loss; ROC AUC and
 * average precision for a binary task; top-k accuracy; per run and for the runs' ensemble, with
 * bootstrap intervals. Figures as scikit-learn gives them (test/reference/performance_metrics.py).
 */
import { defineCheck, type CheckContext, type Example, type FindingOf, type Json, type Severity, type TypedFinding } from '../types.js';
import { ensembleMeanProbabilities } from '../support/shared-values.js';
import type { Labels, Predictions, Run } from '../../data/model.js';
import { argmaxRows } from '../../math/ensemble.js';
import { ensembleOutcomes } from '../../math/ensemble-outcomes.js';
import {
  averagePrecision,
  classCounts,
  classificationReport,
  confusionCells,
  confusionMatrix,
  logLossClipped,
  rocAuc,
  topKAccuracy,
  type Report,
} from '../../math/classification-metrics.js';
import { confusionBootstrap } from '../../math/confusion-bootstrap.js';
import { severityLadder } from '../support/severity.js';
import { generic, type CheckRemedies } from '../support/evidence.js';
import { performanceMetrics, type EnsembleScores, type PerformanceMetrics, type Scores } from './metrics.js';
import { findings } from './findings.js';
import { wording } from './wording.js';
import { options, type Options } from './options.js';
import { performanceCharts } from './charts.js';
import { measurePriorCorrection, strongestWeights } from './prior-correction.js';

/** What one set of predictions (a run, or the ensemble) is evaluated on. */
interface Evaluated {
  /** Data rows, ascending. */
  rows: Int32Array;
  /** Label and predicted class of each of `rows`. */
  label: Int32Array;
  pred: Int32Array;
  /** Row-major probabilities over data rows, when every evaluated row has them. */
  probs: Float64Array | null;
}

const TOP_K = [2, 3, 5];

function evaluatedRun(run: Run, labels: Labels): Evaluated | null {
  const rows: number[] = [];
  const k = labels.classes.length;
  let allProbs = run.probs !== null;
  for (let row = 0; row < labels.codes.length; row++) {
    if (!run.covered[row] || labels.codes[row] < 0 || !run.pred || run.pred[row] < 0) continue;
    rows.push(row);
    if (allProbs && !Number.isFinite(run.probs![row * k])) allProbs = false;
  }
  if (rows.length === 0) return null;
  const at = Int32Array.from(rows);
  return { rows: at, label: at.map((row) => labels.codes[row]), pred: at.map((row) => run.pred![row]), probs: allProbs ? run.probs : null };
}

function metricsOf(evaluated: Evaluated, labels: Labels, opts: Options): { json: Scores; report: Report } {
  const k = labels.classes.length;
  const report = classificationReport(classCounts(evaluated.label, evaluated.pred, k));
  const json: Scores = {
    rows: evaluated.rows.length,
    accuracy: report.accuracy,
    macroF1: report.macroF1,
    microF1: report.microF1,
    weightedF1: report.weightedF1,
    macroPrecision: report.macroPrecision,
    macroRecall: report.macroRecall,
    balancedAccuracy: report.balancedAccuracy,
    logLoss: evaluated.probs ? logLossClipped(evaluated.probs, k, evaluated.rows, evaluated.label) : null,
    rocAuc: null,
    averagePrecision: null,
    topK: null,
  };
  if (evaluated.probs && k === 2) {
    // The positive class, else the second in class order (sklearn's pos_label for sorted labels).
    const positive = labels.positiveClass >= 0 ? labels.positiveClass : 1;
    json.scoredClass = labels.classes[positive];
    const score = Float64Array.from(evaluated.rows, (row) => evaluated.probs![row * k + positive]);
    const isPositive = Uint8Array.from(evaluated.label, (y) => (y === positive ? 1 : 0));
    json.rocAuc = rocAuc(score, isPositive);
    json.averagePrecision = averagePrecision(score, isPositive);
  }
  if (evaluated.probs && k > 2) {
    const topK: Record<string, number> = {};
    for (const top of TOP_K) if (top < k) topK[String(top)] = topKAccuracy(evaluated.probs, k, evaluated.rows, evaluated.label, top);
    json.topK = topK;
  }
  if (k <= opts.maxClasses) {
    json.perClass = report.perClass.map((entry, c) => ({
      class: labels.classes[c],
      precision: entry.precision,
      recall: entry.recall,
      f1: entry.f1,
      support: entry.support,
      predicted: entry.predicted,
    }));
  }
  return { json, report };
}

/** Percentile bootstrap (2.5%, 97.5%) over rows of accuracy, macro F1 and balanced accuracy, drawn per confusion-matrix cell. */
function bootstrapIntervals(evaluated: Evaluated, k: number, resamples: number, seed: number): EnsembleScores['intervals'] {
  const result = confusionBootstrap(evaluated.label, evaluated.pred, k, resamples, seed);
  if (!result) return { resamples: 0 };
  return { ...result, method: 'percentile, rows resampled (Poisson weights drawn per confusion-matrix cell)' };
}

/** The largest off-diagonal cells: true class, predicted class, count and share of the true class. */
function topConfusions(
  offDiagonal: Map<number, number>,
  report: Report,
  classes: readonly string[],
  limit: number,
): { class: string; predictedAs: string; count: number; share: number; i: number; j: number }[] {
  const k = classes.length;
  const cells: { i: number; j: number; count: number }[] = [];
  for (const [key, count] of offDiagonal) cells.push({ i: Math.floor(key / k), j: key % k, count });
  cells.sort((a, b) => b.count - a.count || a.i - b.i || a.j - b.j);
  return cells
    .slice(0, limit)
    .map(({ i, j, count }) => ({ class: classes[i], predictedAs: classes[j], count, share: count / report.perClass[i].support, i, j }));
}

const remedies: CheckRemedies<PerformanceMetrics, TypedFinding<typeof findings>> = {
  evidence({ findings: own, lang }) {
    return own.flatMap((f) => generic(f, lang)).slice(0, 3);
  },
  headroom: {
    // Rebalancing, measured: the cross-fitted prior correction's held-out gain over the runs as they are.
    priorCorrectionGain({ metrics, lang }) {
      const prior = metrics?.priorCorrection;
      if (!prior || prior.gain === null || !prior.gainInterval) return null;
      const { rows, gainStandardError: se } = prior;
      return {
        metric: 'accuracy',
        value: prior.gain,
        interval: prior.gainInterval,
        unit: 'fraction',
        basis: 'measured',
        method: wording.priorCorrectionMethod[lang](prior.runs, prior.folds ?? 5, rows),
        ...(se !== null ? { standardError: se } : {}),
        ...(rows !== null ? { rows } : {}),
      };
    },
  },
};

/** Each run's metrics, and its report for the mean recall over runs; an error when no run can be scored per class. */
function perRunMetrics(runs: readonly Run[], labels: Labels, opts: Options): { perRun: PerformanceMetrics['perRun']; runReports: Report[] } {
  const perRun: PerformanceMetrics['perRun'] = [];
  const runReports: Report[] = [];
  for (const run of runs) {
    const evaluated = evaluatedRun(run, labels);
    if (!evaluated) continue;
    const { json, report } = metricsOf(evaluated, labels, opts);
    perRun.push({ run: run.name, model: run.model, ...json });
    runReports.push(report);
  }
  if (perRun.length === 0) throw new Error('no run has predicted classes on labelled rows (runs with only correct/score cannot be scored per class)');
  return { perRun, runReports };
}

/** The ensemble: the runs' averaged probabilities when every run has them, else their majority vote. */
function ensembleOf(context: CheckContext<Options>, labels: Labels, predictions: Predictions): { ensemble: Evaluated; method: string } {
  const runs = predictions.runs;
  const k = labels.classes.length;
  if (runs.length === 1) return { ensemble: evaluatedRun(runs[0], labels)!, method: 'single run' };
  if (runs.every((run) => run.probs !== null)) {
    const mean = ensembleMeanProbabilities.get(context, runs, k);
    const argmax = argmaxRows(mean, k);
    const rows: number[] = [];
    for (let row = 0; row < labels.codes.length; row++) if (labels.codes[row] >= 0 && argmax[row] >= 0) rows.push(row);
    const at = Int32Array.from(rows);
    return {
      ensemble: { rows: at, label: at.map((row) => labels.codes[row]), pred: at.map((row) => argmax[row]), probs: mean },
      method: 'mean of probabilities',
    };
  }
  const outcomes = context.memo('slices:ensemble', () => ensembleOutcomes(labels, predictions));
  const at = outcomes.rows.filter((row) => outcomes.pred[row] >= 0);
  return { ensemble: { rows: at, label: at.map((row) => labels.codes[row]), pred: at.map((row) => outcomes.pred[row]), probs: null }, method: 'majority vote' };
}

type Confusion = ReturnType<typeof topConfusions>[number];

/** The ensemble's evaluation with its confusions: what the findings read. */
interface EnsembleView {
  context: CheckContext<Options>;
  classes: string[];
  k: number;
  ensemble: Evaluated;
  report: Report;
  /** Ensemble rows evaluated. */
  n: number;
  /** Confusion-matrix cell (true class i, predicted j). */
  cell: (i: number, j: number) => number;
  /** Per true class, the class its rows are most often predicted as instead (-1: none). */
  mostOf: Int32Array;
  /** The largest off-diagonal cells, largest first. */
  confusions: Confusion[];
  runs: readonly Run[];
  runReports: Report[];
}

/** Off-diagonal cells sparsely (10,000 classes would make a 10^8-cell matrix), each class's most frequent wrong prediction and the largest confusions. */
function confusionsOf(classes: readonly string[], ensemble: Evaluated, report: Report, opts: Options) {
  const k = classes.length;
  const offDiagonal = confusionCells(ensemble.label, ensemble.pred, k);
  const cell = (i: number, j: number) => (i === j ? report.perClass[i].correct : (offDiagonal.get(i * k + j) ?? 0));
  // Per true class, the class its rows are most often predicted as instead (ties to the lower index).
  const mostOf = new Int32Array(k).fill(-1);
  for (const [key, count] of offDiagonal) {
    const i = Math.floor(key / k);
    const j = key % k;
    const best = mostOf[i];
    if (best < 0 || count > cell(i, best) || (count === cell(i, best) && j < best)) mostOf[i] = j;
  }
  // Confused pairs are looked for among the largest cells (a pair needs a fifth of its class's rows).
  const confusions = topConfusions(offDiagonal, report, classes, Math.max(opts.maxConfusions, 1000));
  return { cell, mostOf, confusions };
}

/** The ensemble's metrics: with the method, bootstrap intervals, largest confusions and (up to maxClasses) the confusion matrix. */
function ensembleMetrics(view: EnsembleView, scores: Scores, method: string): EnsembleScores {
  const { context, classes, k, ensemble, report } = view;
  const opts = context.options;
  const json: EnsembleScores = Object.assign(scores, {
    method,
    intervals: bootstrapIntervals(ensemble, k, opts.resamples, context.settings.seed),
    topConfusions: view.confusions.slice(0, opts.maxConfusions).map(({ i: _i, j: _j, ...entry }) => entry),
  });
  if (k <= opts.maxClasses) {
    const matrix = confusionMatrix(ensemble.label, ensemble.pred, k);
    const counts: number[][] = [];
    const normalised: (number | null)[][] = [];
    for (let i = 0; i < k; i++) {
      const row = Array.from(matrix.subarray(i * k, (i + 1) * k));
      counts.push(row);
      const support = report.perClass[i].support;
      normalised.push(row.map((count) => (support === 0 ? null : count / support)));
    }
    json.confusion = { classes: [...classes], counts, normalised };
  }
  return json;
}

/** The first ensemble rows (by position) for which `want` holds, as examples with label, prediction and text. */
function examplesOf(view: EnsembleView, want: (i: number) => boolean): Example[] {
  const { context, classes, ensemble, n } = view;
  const out: Example[] = [];
  for (let i = 0; i < n && out.length < context.options.maxExamples; i++) {
    if (!want(i)) continue;
    const fields: Record<string, Json> = { label: classes[ensemble.label[i]], predicted: classes[ensemble.pred[i]] };
    const excerpt = context.excerpt(ensemble.rows[i]);
    if (excerpt !== undefined) fields.text = excerpt;
    out.push(context.example(ensemble.rows[i], fields));
  }
  return out;
}

type Found = FindingOf<typeof findings>;

/** Classes with enough rows that the ensemble (almost) never gets right; returns their findings and the classes. */
function neverRightFindings(view: EnsembleView): { found: Found[]; neverRight: Set<number> } {
  const { context, classes, k, ensemble, report, n, cell, mostOf, runs, runReports } = view;
  const opts = context.options;
  const found: Found[] = [];
  const neverRight = new Set<number>();
  for (let c = 0; c < k; c++) {
    const entry = report.perClass[c];
    if (entry.support < opts.minSupport || entry.recall > opts.maxRecall) continue;
    neverRight.add(c);
    const most = mostOf[c];
    const supportShare = entry.support / n;
    const severity: Severity = severityLadder(
      supportShare,
      [
        ['high', 0.05],
        ['medium', 0.01],
      ],
      'low',
    );
    found.push({
      key: 'class-never-right',
      instance: classes[c],
      severity,
      args: {
        class: classes[c],
        recall: entry.recall,
        meanRunRecall: runReports.length > 1 ? runReports.reduce((sum, r) => sum + r.perClass[c].recall, 0) / runReports.length : null,
        support: entry.support,
        correct: entry.correct,
        precision: entry.precision,
        mostPredictedAs: most >= 0 ? classes[most] : null,
        mostPredictedShare: most >= 0 ? cell(c, most) / entry.support : 0,
        rows: n,
        supportShare,
        runs: runs.length,
      },
      examples: examplesOf(view, (i) => ensemble.label[i] === c && ensemble.pred[i] !== c),
    });
  }
  return { found, neverRight };
}

/** With three classes or more: pairs of classes the ensemble confuses (a class never right is reported once, above). */
function confusedPairFindings(view: EnsembleView, neverRight: ReadonlySet<number>): Found[] {
  const { context, classes, k, ensemble, report, n, cell, runs } = view;
  const opts = context.options;
  const found: Found[] = [];
  if (k < 3) return found;
  for (const confusion of view.confusions) {
    const { i, j, count, share } = confusion;
    if (neverRight.has(i) || count < opts.minConfusionCount || share < opts.minConfusionShare || report.perClass[i].support < opts.minSupport) continue;
    found.push({
      key: 'confused-pair',
      instance: `${classes[i]}->${classes[j]}`,
      severity: count / n >= 0.02 ? 'medium' : 'low',
      args: {
        class: classes[i],
        predictedAs: classes[j],
        count,
        support: report.perClass[i].support,
        share,
        reverseCount: cell(j, i),
        reverseSupport: report.perClass[j].support,
        rows: n,
        runs: runs.length,
      },
      examples: examplesOf(view, (row) => ensemble.label[row] === i && ensemble.pred[row] === j),
    });
  }
  return found;
}

/** The prior-shift finding, when the cross-fitted prior correction gains significantly and enough. */
function priorShiftFinding(prior: ReturnType<typeof measurePriorCorrection>, classes: readonly string[], opts: Options): Found | null {
  if (!(prior && prior.gainInterval[0] > 0 && prior.gain >= opts.minPriorCorrectionGain)) return null;
  // The class the correction up-weights most: the one the model predicts too rarely.
  const favoured = Object.entries(prior.weights).reduce((best, [name, weight]) => (weight > best.weight ? { class: name, weight } : best), {
    class: classes[0],
    weight: -Infinity,
  });
  return {
    key: 'prior-shift',
    severity: severityLadder(
      prior.gain,
      [
        ['high', 0.05],
        ['medium', 0.02],
      ],
      'low',
    ),
    args: {
      gain: prior.gain,
      gainInterval: prior.gainInterval,
      accuracyBefore: prior.accuracyBefore,
      accuracyAfter: prior.accuracyAfter,
      balancedAccuracyBefore: prior.balancedAccuracyBefore,
      balancedAccuracyAfter: prior.balancedAccuracyAfter,
      rows: prior.rows,
      runs: prior.runs,
      folds: prior.folds,
      favoured: {
        class: favoured.class,
        weight: favoured.weight,
        predictedShare: prior.predictedShare[favoured.class],
        labelShare: prior.labelShare[favoured.class],
      },
      strongest: strongestWeights(prior.weights),
    },
    examples: [],
  };
}

export const performance = defineCheck({
  id: 'performance',
  title: 'Per-class performance',
  description:
    'Per run and for the ensemble of the runs: per-class precision, recall, F1 and support; macro, micro and weighted F1; balanced accuracy; the confusion matrix (counts and row-normalised) with its largest confusions; log loss; ROC AUC and average precision for a binary task; top-k accuracy; bootstrap intervals. Classes the model (almost) never gets right and pairs of classes it confuses are findings.',
  needs: ['labels', 'predictions'],
  rows: 'evaluation',
  options,
  findings,
  metrics: performanceMetrics,
  remedies,
  // Its headroom measures what the remedy itself does on these inputs, not a finding's size: it counts whenever this check ran.
  remedyMeasures: ['priorCorrectionGain'],
  charts: performanceCharts,
  run(context) {
    const opts = context.options;
    const labels = context.labels!;
    const predictions = context.predictions!;
    const runs = predictions.runs;
    const classes = labels.classes;
    const k = classes.length;
    const { perRun, runReports } = perRunMetrics(runs, labels, opts);
    const { ensemble, method } = ensembleOf(context, labels, predictions);
    const { json: ensembleJson, report } = metricsOf(ensemble, labels, opts);
    const { cell, mostOf, confusions } = confusionsOf(classes, ensemble, report, opts);
    const view: EnsembleView = { context, classes, k, ensemble, report, n: ensemble.rows.length, cell, mostOf, confusions, runs, runReports };
    const ensembleScores = ensembleMetrics(view, ensembleJson, method);

    // On benchmark items the classes are answer positions: "B" answered as "A" says nothing about a
    // boundary between two classes (answer-bias judges the letters a run favours).
    const benchmark = context.roles.benchmark !== undefined;
    const { found, neverRight } = benchmark ? { found: [] as Found[], neverRight: new Set<number>() } : neverRightFindings(view);
    if (!benchmark) found.push(...confusedPairFindings(view, neverRight));
    const prior = measurePriorCorrection(runs, labels, {
      folds: opts.priorCorrectionFolds,
      seed: context.settings.seed + 31,
      resamples: opts.resamples,
      minRows: 30,
      maxClasses: opts.maxClasses,
    });
    const shift = priorShiftFinding(prior, classes, opts);
    if (shift) found.push(shift);
    return {
      metrics: {
        classes: [...classes],
        positiveClass: labels.positiveClass >= 0 ? classes[labels.positiveClass] : null,
        perRun,
        ensemble: ensembleScores,
        priorCorrection: prior,
        ...(benchmark ? { benchmark: { harness: context.roles.benchmark!.harness, findingsWithheld: ['confused-pair', 'class-never-right'] } } : {}),
      },
      findings: found,
    };
  },
});
