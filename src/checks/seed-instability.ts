import { z } from 'zod';
import { defineCheck, type Example, type FindingOf, type Json, type Severity } from './types.js';
import { findings } from './seed-instability/findings.js';
import { runName as name } from './support/format.js';
import type { Run } from '../data/model.js';
import { sharedRows } from '../math/coverage.js';
import { accuracy as accuracyOf, logLoss, macroF1, summarize } from '../math/run-metrics.js';
import { flipRates, pairwiseChurn, scoreDisagreement, scoreFlipRates } from '../math/churn.js';
import { argmaxRows, averageProbabilities, majorityVote } from '../math/ensemble.js';
import { bootstrapMeanInterval } from '../math/bootstrap.js';
import { interquartileMean } from '../math/iqm.js';
import { spreadTest } from '../math/significance.js';
import { arr, gainText, generic, isObj, num, pct, pValue, type CheckRemedies } from './support/evidence.js';

const options = z
  .object({
    /** Bootstrap resamples for the accuracy interval (fewer are drawn when the work would be very large; the metrics say how many). */
    resamples: z.number().int().min(100).max(100_000).default(1000),
    /** How many of the most unstable rows the churn finding lists. */
    maxExamples: z.number().int().min(1).max(100).default(10),
    /** Mean pairwise churn below this share of examples is never a finding. */
    minChurn: z.number().min(0).max(1).default(0.01),
    /** Churn / mean error rate at which churn is a medium finding (low from half of it, high from twice it). */
    churnErrorRatio: z.number().positive().default(0.5),
    /** Accuracy range (max - min, as a share) from which the spread is a finding. */
    minAccuracyRange: z.number().min(0).max(1).default(0.01),
    /** Significance level of the spread test. */
    alpha: z.number().gt(0).lt(1).default(0.05),
    /** Ensemble gain over the mean run (as a share) from which it is a finding; medium from three times it. */
    minEnsembleGain: z.number().min(0).max(1).default(0.01),
  })
  .strict();


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

/** This check's part in the remedies: the evidence it gives and the headroom it measures. */
const remedies: CheckRemedies = {
  evidence({ metrics, lang, findings, remedy }) {
    const m = metrics;
    const out: string[] = [];
    const keys = new Set(findings.map((f) => f.id.slice('seed-instability/'.length)));
    const runs = arr(m, 'runs')?.length ?? null;
    const ensembleAccuracy = num(m, 'ensemble', 'accuracy');
    const gain = num(m, 'ensemble', 'gainOverMean');
    const mean = num(m, 'accuracy', 'mean');
    let ensembleWritten = false;
    if ((remedy.measuredBy.includes('ensembleGain') || keys.has('ensemble-gain')) && ensembleAccuracy !== null && gain !== null) {
      const k = runs !== null ? `${runs} ` : '';
      out.push(
        lang === 'en'
          ? `The ensemble of the ${k}runs reaches ${pct(ensembleAccuracy)} accuracy, ${gainText(gain, lang)} the mean single run${mean !== null ? ` (${pct(mean)})` : ''}.`
          : `${k}次运行的集成准确率为 ${pct(ensembleAccuracy)},比单次运行的平均值${mean !== null ? `(${pct(mean)})` : ''}${gainText(gain, lang)}。`,
      );
      ensembleWritten = true;
    }
    for (const f of findings) {
      const key = f.id.slice('seed-instability/'.length);
      if (key === 'churn') {
        const churn = num(f.metrics, 'meanPairwise') ?? num(m, 'churn', 'meanPairwise');
        const unstable = num(f.metrics, 'unstableRows') ?? num(m, 'unstableRows');
        const share = num(f.metrics, 'unstableShare') ?? num(m, 'unstableShare');
        const error = num(f.metrics, 'meanErrorRate');
        if (churn === null) continue;
        out.push(
          lang === 'en'
            ? `Two runs disagree on ${pct(churn)} of examples on average${error !== null ? ` (mean error rate ${pct(error)})` : ''}${unstable !== null ? `; ${unstable} examples${share !== null ? ` (${pct(share)})` : ''} change prediction across runs` : ''}.`
            : `任意两次运行平均在 ${pct(churn)} 的样本上预测不一致${error !== null ? `(平均错误率 ${pct(error)})` : ''}${unstable !== null ? `;${unstable} 个样本${share !== null ? `(${pct(share)})` : ''}在不同运行间预测发生变化` : ''}。`,
        );
      } else if (key === 'accuracy-spread') {
        const min = num(f.metrics, 'min') ?? num(m, 'accuracy', 'min');
        const max = num(f.metrics, 'max') ?? num(m, 'accuracy', 'max');
        const p = num(f.metrics, 'pValue') ?? num(m, 'spreadTest', 'pValue');
        const ci = arr(f.metrics, 'ci95') ?? arr(isObj(m?.accuracy) ? m!.accuracy : null, 'ci95');
        if (min === null || max === null) continue;
        const ciText = ci && typeof ci[0] === 'number' && typeof ci[1] === 'number' ? (lang === 'en' ? `; 95% interval of the mean [${pct(ci[0])}, ${pct(ci[1])}]` : `;均值的 95% 区间为 [${pct(ci[0])}, ${pct(ci[1])}]`) : '';
        const pText = p !== null ? (lang === 'en' ? `; spread test ${pValue('p', p)}` : `;波动检验 ${pValue('p', p)}`) : '';
        out.push(
          lang === 'en'
            ? `Accuracy ranges from ${pct(min)} to ${pct(max)} across ${runs ?? 'the'} runs${ciText}${pText}.`
            : `${runs !== null ? `${runs} ` : ''}次运行的准确率在 ${pct(min)} 到 ${pct(max)} 之间${ciText}${pText}。`,
        );
      } else if (key === 'failed-runs') {
        const failed = arr(f.metrics, 'failedRuns')?.length ?? arr(m, 'failedRuns')?.length ?? null;
        const baseline = num(f.metrics, 'majorityBaseline') ?? num(m, 'majorityBaseline');
        if (failed === null) continue;
        out.push(
          lang === 'en'
            ? `${failed} of ${runs ?? '?'} runs are no better than always predicting the majority class${baseline !== null ? ` (${pct(baseline)})` : ''}.`
            : `${runs ?? '?'} 次运行中有 ${failed} 次不优于始终预测多数类${baseline !== null ? `(${pct(baseline)})` : ''}。`,
        );
      } else if (key === 'ensemble-gain') {
        if (ensembleWritten) continue;
        const g = num(f.metrics, 'gainOverMean');
        const acc = num(f.metrics, 'ensembleAccuracy');
        if (g === null || acc === null) {
          out.push(...generic(f, lang));
          continue;
        }
        out.push(lang === 'en' ? `The ensemble of the runs reaches ${pct(acc)} accuracy, ${gainText(g, lang)} the mean single run.` : `多次运行的集成准确率为 ${pct(acc)},比单次运行的平均值${gainText(g, lang)}。`);
        ensembleWritten = true;
      } else if (key === 'partial-coverage') {
        const left = num(f.metrics, 'leftOut');
        const union = num(f.metrics, 'unionRows');
        if (left === null) continue;
        out.push(lang === 'en' ? `The runs cover different examples: ${left}${union !== null ? ` of ${union}` : ''} are left out of the comparison.` : `各次运行覆盖的样本不同:${union !== null ? `${union} 个样本中有 ` : ''}${left} 个未参与比较。`);
      } else {
        out.push(...generic(f, lang));
      }
    }
    return out;
  },
  headroom: {
    ensembleGain(context) {
      const { remedyId } = context;
      const m = context.metrics;
      let gain = num(m, 'ensemble', 'gainOverMean');
      if (gain === null) {
        for (const f of context.findings) if (f.check === 'seed-instability') gain ??= num(f.metrics, 'gainOverMean');
      }
      if (gain === null) return null;
      const value = Math.max(0, gain);
      return { value, gain: { metric: 'accuracy', value: gain, unit: 'fraction', basis: remedyId === 'ensemble' ? 'measured' : 'upper-bound' } };
    },
  },
};

export const seedInstability = defineCheck({
  id: 'seed-instability',
  title: 'Instability across seeds',
  description:
    'Per-run accuracy, its spread, bootstrap interval and interquartile mean; pairwise churn and rows whose prediction flips between runs; failed runs; what an ensemble of the runs gains; whether the spread exceeds sampling noise.',
  needs: ['predictions', 'multipleRuns'],
  options, findings, remedies,
  run(context) {
    const opts = context.options;
    const predictions = context.predictions!;
    const runs = predictions.runs;
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
      useLabels
        ? (row) => labels!.codes[row] >= 0 && runs.every((run) => run.pred![row] >= 0)
        : (row) => runs.every((run) => Number.isFinite(run.score![row])),
    );
    const rows = shared.rows;
    const n = rows.length;
    if (n === 0) throw new Error(`the ${R} runs share no ${useLabels ? 'labelled example with a prediction in every run' : 'example with a score in every run'}; nothing to compare`);

    // Per-run aligned arrays over the common rows.
    const y = new Int32Array(n);
    const preds: Int32Array[] = [];
    const scores: (Uint8Array | Float64Array)[] = [];
    if (useLabels) {
      for (let i = 0; i < n; i++) y[i] = labels!.codes[rows[i]];
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

    const hasAllProbs = (run: Run) => {
      if (!run.probs) return false;
      for (let i = 0; i < n; i++) if (!Number.isFinite(run.probs[rows[i] * k])) return false;
      return true;
    };
    const withProbs = runs.map(hasAllProbs);

    const accuracies = new Float64Array(R);
    const perRun = runs.map((run, r) => {
      const acc = useLabels ? accuracyOf(preds[r], y) : mean(scores[r]);
      accuracies[r] = acc;
      const entry: Record<string, Json> = {
        run: run.name,
        accuracy: acc,
        macroF1: useLabels ? macroF1(preds[r], y, k) : null,
        errorRate: 1 - acc,
      };
      if (useLabels && withProbs[r]) entry.logLoss = logLoss(run.probs!, k, rows, y);
      return entry;
    });

    const summary = summarize(accuracies);
    const boot = bootstrapMeanInterval(scores, { resamples: opts.resamples, seed: context.settings.seed });
    const accuracy: Record<string, Json> = { mean: summary.mean, std: summary.std, min: summary.min, max: summary.max, ci95: boot.interval };
    if (R >= 4) accuracy.iqm = interquartileMean(accuracies);

    const churnResult = useLabels ? pairwiseChurn(preds) : pairwiseChurn(scores, scoreDisagreement);
    const flips = useLabels ? flipRates(preds, k) : scoreFlipRates(scores);
    let unstableRows = 0;
    for (let i = 0; i < n; i++) if (flips[i] > 0) unstableRows++;

    // Ensemble: averaged probabilities when every run has them on the common rows, else a majority vote.
    let ensemble: { accuracy: number; gainOverMean: number; gainOverBest: number; method: 'mean-probabilities' | 'majority-vote' } | null = null;
    if (useLabels) {
      let ensemblePred: Int32Array;
      let method: 'mean-probabilities' | 'majority-vote';
      if (withProbs.every(Boolean)) {
        // Shared with calibration: each row's mean depends only on the runs covering it.
        const mean = context.memo(`ensemble:mean-probabilities:${JSON.stringify(runs.map((run) => run.name))}`, () => averageProbabilities(runs.map((run) => run.probs!), k));
        const argmax = argmaxRows(mean, k);
        ensemblePred = new Int32Array(n);
        for (let i = 0; i < n; i++) ensemblePred[i] = argmax[rows[i]];
        method = 'mean-probabilities';
      } else {
        ensemblePred = majorityVote(preds, k);
        method = 'majority-vote';
      }
      const ensembleAccuracy = accuracyOf(ensemblePred, y);
      ensemble = { accuracy: ensembleAccuracy, gainOverMean: ensembleAccuracy - summary.mean, gainOverBest: ensembleAccuracy - summary.max, method };
    }

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

    const test = spreadTest(scores);

    const metrics = {
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
        maxPair: [runs[churnResult.maxPair[0]].name, runs[churnResult.maxPair[1]].name],
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

    const found: FindingOf<typeof findings>[] = [];
    const meanError = 1 - summary.mean;
    const argOf = (value: number) => Array.from(accuracies).indexOf(value);

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
      found.push({
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
        },
        examples,
      });
    }

    // Accuracy range across runs.
    const range = summary.max - summary.min;
    if (R >= 2 && range >= opts.minAccuracyRange) {
      const significant = test.pValue < opts.alpha;
      const severity: Severity = !significant ? 'low' : range >= 0.05 ? 'high' : range >= 0.02 ? 'medium' : 'low';
      const worst = argOf(summary.min);
      const best = argOf(summary.max);
      found.push({
        key: 'accuracy-spread',
        severity,
        args: { range, min: summary.min, max: summary.max, mean: summary.mean, std: summary.std, ci95: boot.interval, test: test.test, statistic: test.statistic, df: test.df, pValue: test.pValue, alpha: opts.alpha, significant, worstRun: runs[worst].name, bestRun: runs[best].name, commonRows: n, runs: R, resamples: boot.resamples },
        examples: [],
      });
    }

    // Failed runs.
    if (failed.length > 0 && majorityBaseline !== null) {
      const ok = Array.from(accuracies).filter((_, r) => !failed.includes(r));
      const okMean = ok.length > 0 ? ok.reduce((s, v) => s + v, 0) / ok.length : NaN;
      found.push({
        key: 'failed-runs',
        severity: 'high',
        args: { failedRuns: failed.map((r) => runs[r].name), majorityBaseline, failedAccuracies: failed.map((r) => accuracies[r]), meanWithoutFailed: ok.length > 0 ? okMean : null, meanAccuracy: summary.mean, majorityClass: majorityClass!, runs: R },
        examples: [],
      });
    }

    // Ensemble gain.
    if (ensemble && ensemble.gainOverMean > 0 && ensemble.gainOverMean >= opts.minEnsembleGain) {
      const best = argOf(summary.max);
      found.push({
        key: 'ensemble-gain',
        severity: ensemble.gainOverMean >= 3 * opts.minEnsembleGain ? 'medium' : 'low',
        args: { ensembleAccuracy: ensemble.accuracy, meanAccuracy: summary.mean, gainOverMean: ensemble.gainOverMean, gainOverBest: ensemble.gainOverBest, runs: R, method: ensemble.method, commonRows: n, bestRun: runs[best].name, bestAccuracy: summary.max },
        examples: [],
      });
    }

    // Runs covering different examples.
    if (shared.unionCount > shared.sharedCount) {
      const left = shared.unionCount - shared.sharedCount;
      const short = runs
        .map((run, r) => ({ r, missing: shared.missing[r] }))
        .filter((entry) => entry.missing > 0)
        .sort((p, q) => q.missing - p.missing || p.r - q.r);
      const examples: Example[] = [];
      for (let row = 0; row < predictions.runs[0].covered.length && examples.length < opts.maxExamples; row++) {
        let covering = 0;
        for (const run of runs) covering += run.covered[row];
        if (covering > 0 && covering < R) examples.push(context.example(row, { missingFrom: runs.filter((run) => !run.covered[row]).map((run) => run.name) }));
      }
      found.push({
        key: 'partial-coverage',
        severity: left / shared.unionCount >= 0.05 ? 'low' : 'info',
        args: { unionRows: shared.unionCount, sharedRows: shared.sharedCount, commonRows: n, leftOut: left, missingPerRun: short.map((entry) => ({ run: runs[entry.r].name, missing: entry.missing })) },
        examples,
      });
    }

    return { metrics, findings: found };
  },
});

function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return values.length === 0 ? NaN : sum / values.length;
}
