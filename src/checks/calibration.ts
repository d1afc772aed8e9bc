import { z } from 'zod';
import { ensembleMeanProbabilities } from './support/shared-values.js';
import { defineCheck, finding, type FindingOf, type Json, type Severity, type TypedFinding } from './types.js';
import { pct, runName as name } from './support/format.js';
import { sharedRows } from '../math/coverage.js';
import { calibration as calibrate, type CalibrationResult } from '../math/calibration.js';
import { fixed, generic, pct as remedyPct, type CheckRemedies } from './support/evidence.js';
import { calibrationMetrics, type CalibrationMetrics } from './calibration.metrics.js';
import { m } from './support/metrics-schema.js';
import { calibrationCharts } from './calibration.charts.js';
import { measureTemperatureScaling } from './calibration.temperature.js';
import { wording } from './calibration.wording.js';

const options = z
  .object({
    /** Equal-width confidence bins (15 is the torchmetrics default). */
    bins: z.number().int().min(2).max(100).default(15),
    /** Mean per-run ECE from which miscalibration is a medium finding. */
    eceMedium: z.number().min(0).max(1).default(0.05),
    /** Mean per-run ECE from which it is a high finding. */
    eceHigh: z.number().min(0).max(1).default(0.15),
    /** How many confidently wrong rows the finding lists. */
    maxExamples: z.number().int().min(1).max(100).default(5),
  })
  .strict();

function summaryOf(result: CalibrationResult) {
  return { ece: result.ece, mce: result.mce, brier: result.brier, accuracy: result.accuracy, meanConfidence: result.meanConfidence };
}

function binsOf(result: CalibrationResult) {
  return result.bins.map((bin) => ({ ...bin }));
}

/** The confidence bin with the largest count-weighted gap between confidence and accuracy. */
export interface GapBin {
  lower: number;
  upper: number;
  count: number;
  meanConfidence: number | null;
  accuracy: number | null;
}

export interface MiscalibrationArgs {
  meanEce: number;
  meanConfidence: number;
  meanAccuracy: number;
  confidenceGap: number;
  worstRun: string;
  worstEce: number;
  ensembleEce: number | null;
  ensembleAccuracy: number | null;
  ensembleMeanConfidence: number | null;
  commonRows: number;
  nBins: number;
  runs: number;
  gapBin: GapBin;
  /** The run whose reliability diagram the bin is from (null: the only run, or the diagram shown). */
  gapBinRun: string | null;
}

function miscalibrationEn(a: MiscalibrationArgs, over: boolean) {
  const bin = a.gapBin;
  const who = a.runs >= 2 ? `averaged over ${a.runs} runs` : `of run ${name(a.worstRun)}`;
  // "Brings ECE to" only when averaging lowers it; otherwise the figure is given as it is.
  const ensembleText =
    a.ensembleEce === null
      ? ''
      : a.ensembleEce < a.meanEce
        ? ` Averaging the runs' probabilities alone brings ECE to ${a.ensembleEce.toFixed(3)} (accuracy ${pct(a.ensembleAccuracy!)}, mean confidence ${pct(a.ensembleMeanConfidence!)}).`
        : ` Averaging the runs' probabilities does not lower it: the ensemble's ECE is ${a.ensembleEce.toFixed(3)} (accuracy ${pct(a.ensembleAccuracy!)}, mean confidence ${pct(a.ensembleMeanConfidence!)}).`;
  return {
    title: `${over ? 'Overconfident' : 'Underconfident'} probabilities (ECE ${a.meanEce.toFixed(3)})`,
    summary:
      `Mean confidence is ${pct(a.meanConfidence)} against ${pct(a.meanAccuracy)} accuracy on ${a.commonRows} examples: expected calibration error ${a.meanEce.toFixed(3)} (${a.nBins} bins) ${who}` +
      (a.runs >= 2 ? `, worst ${name(a.worstRun)} at ${a.worstEce.toFixed(3)}` : '') +
      `. ${bin.lower === bin.upper ? `At a confidence of exactly 100% (${bin.count} examples${a.gapBinRun !== null ? ` of run ${name(a.gapBinRun)}` : ''})` : `In ${a.gapBinRun !== null ? `run ${name(a.gapBinRun)}'s` : 'the'} ${pct(bin.lower, 0)}-${pct(bin.upper, 0)} confidence bin (${bin.count} examples)`} the model claims ${pct(bin.meanConfidence!)} and is right ${pct(bin.accuracy!)} of the time.` +
      ` Recalibrating on held-out data (temperature scaling, Guo et al. 2017) targets this ${(Math.abs(a.meanConfidence - a.meanAccuracy) * 100).toFixed(1)}-point gap between confidence and accuracy, so thresholds and abstention on confidence behave as intended.` +
      ensembleText,
  };
}

function miscalibrationZh(a: MiscalibrationArgs, over: boolean) {
  const bin = a.gapBin;
  const whose = a.gapBinRun !== null ? `运行 ${name(a.gapBinRun)} ` : '';
  const where =
    bin.lower === bin.upper
      ? `在${whose}置信度恰为 100% 的 ${bin.count} 个样本上`
      : `在${whose}置信度 ${pct(bin.lower, 0)}-${pct(bin.upper, 0)} 区间的 ${bin.count} 个样本上`;
  const who = a.runs >= 2 ? `${a.runs} 次运行的平均值` : `运行 ${name(a.worstRun)}`;
  const ensemble =
    a.ensembleEce === null
      ? ''
      : a.ensembleEce < a.meanEce
        ? `仅对各次运行的概率取平均，就能把 ECE 降到 ${a.ensembleEce.toFixed(3)}（准确率 ${pct(a.ensembleAccuracy!)}，平均置信度 ${pct(a.ensembleMeanConfidence!)}）。`
        : `对各次运行的概率取平均并不能降低它：集成的 ECE 为 ${a.ensembleEce.toFixed(3)}（准确率 ${pct(a.ensembleAccuracy!)}，平均置信度 ${pct(a.ensembleMeanConfidence!)}）。`;
  return {
    title: `${over ? '概率过度自信' : '概率信心不足'}（ECE ${a.meanEce.toFixed(3)}）`,
    summary:
      `在 ${a.commonRows} 个样本上，平均置信度为 ${pct(a.meanConfidence)}，而准确率为 ${pct(a.meanAccuracy)}：期望校准误差（ECE，${a.nBins} 个分箱，${who}）为 ${a.meanEce.toFixed(3)}` +
      (a.runs >= 2 ? `，最差的运行 ${name(a.worstRun)} 为 ${a.worstEce.toFixed(3)}` : '') +
      `。${where}，模型给出的置信度为 ${pct(bin.meanConfidence!)}，实际正确率为 ${pct(bin.accuracy!)}。` +
      `在留出数据上重新校准（温度缩放，Guo et al. 2017）针对的正是置信度与准确率之间这 ${(Math.abs(a.meanConfidence - a.meanAccuracy) * 100).toFixed(1)} 个百分点的差距，` +
      `校准后基于置信度的阈值和拒识才会按预期工作。` +
      ensemble,
  };
}

/** What the evidence reads back of a miscalibration finding. */
const readBack = z.object({ meanEce: m.number(), meanConfidence: m.number(), meanAccuracy: m.number(), ensembleEce: m.number() });

const findings = {
  overconfident: finding({ args: readBack, en: (a: MiscalibrationArgs) => miscalibrationEn(a, true), zh: (a) => miscalibrationZh(a, true) }),
  underconfident: finding({ args: readBack, en: (a: MiscalibrationArgs) => miscalibrationEn(a, false), zh: (a) => miscalibrationZh(a, false) }),
};

/** This check's part in the remedies: the evidence it gives and the headroom it measures. */
const remedies: CheckRemedies<CalibrationMetrics, TypedFinding<typeof findings>> = {
  evidence({ metrics, lang, findings }) {
    const f = findings.at(0)?.args;
    const ece = f?.meanEce ?? metrics?.meanEce ?? null;
    if (ece === null) return findings.flatMap((x) => generic(x, lang));
    const confidence = f?.meanConfidence ?? null;
    const accuracy = f?.meanAccuracy ?? null;
    const ensembleEce = f?.ensembleEce ?? metrics?.ensemble?.ece ?? null;
    const bins = metrics?.nBins ?? 15;
    const opt = (x: number | null, format: (x: number) => string) => (x !== null ? format(x) : null);
    return [wording.evidence[lang](fixed(ece), bins, opt(confidence, remedyPct), opt(accuracy, remedyPct), opt(ensembleEce, fixed))];
  },
  headroom: {
    // Temperature scaling, cross-fitted: the held-out log loss it removes (its accuracy gain is 0 by construction).
    calibrationError({ metrics, lang }) {
      const t = metrics?.temperatureScaling;
      if (!t || t.logLossGain === null || !t.logLossGainInterval) return null;
      const { eceBefore, eceAfter, rows } = t;
      return {
        metric: 'logLoss',
        value: t.logLossGain,
        interval: t.logLossGainInterval,
        unit: 'fraction',
        basis: 'measured',
        method: wording.temperatureMethod[lang](t.folds ?? 5, rows, eceBefore !== null ? fixed(eceBefore) : null, eceAfter !== null ? fixed(eceAfter) : null),
        standardError: t.logLossGainStandardError ?? undefined,
        ...(rows !== null ? { rows } : {}),
      };
    },
  },
};

export const calibration = defineCheck({
  id: 'calibration',
  title: 'Calibration of probabilities',
  description:
    'Expected calibration error (15 equal-width bins, as torchmetrics), maximum calibration error and multiclass Brier score per run and for the ensemble of the runs, with reliability-diagram data.',
  needs: ['predictions', 'probabilities', 'labels'],
  rows: 'evaluation',
  options,
  findings,
  metrics: calibrationMetrics,
  remedies,
  charts: calibrationCharts,
  // A prompted model's overconfident answers on benchmark items say nothing about how it was trained.
  remedyGuards: { regularize: (_finding, { benchmark }) => !benchmark },
  // Its headroom measures what the remedy itself does on these inputs, not a finding's size: it counts whenever this check ran.
  remedyMeasures: ['calibrationError'],
  run(context) {
    const opts = context.options;
    const predictions = context.predictions!;
    const labels = context.labels!;
    const k = predictions.classes.length;
    const runs = predictions.runs.filter((run) => run.probs !== null);
    const skipped = predictions.runs.filter((run) => run.probs === null).map((run) => run.name);

    // Rows every run with probabilities covers, labelled, with finite probabilities in each.
    const shared = sharedRows(
      runs.map((run) => run.covered),
      (row) => labels.codes[row] >= 0 && runs.every((run) => Number.isFinite(run.probs![row * k])),
    );
    const rows = shared.rows;
    const n = rows.length;
    if (n === 0) throw new Error(`the ${runs.length} runs with probabilities share no labelled example; nothing to calibrate`);

    const results = runs.map((run) => calibrate(run.probs!, k, labels.codes, { bins: opts.bins, rows }));
    // Shared with seed-instability: each row's mean depends only on the runs covering it.
    const ensembleProbs = runs.length >= 2 ? ensembleMeanProbabilities.get(context, runs, k) : null;
    const ensembleResult = ensembleProbs ? calibrate(ensembleProbs, k, labels.codes, { bins: opts.bins, rows }) : null;
    const diagram = ensembleResult ?? results[0];

    const perRun = runs.map((run, r) => ({ run: run.name, ...summaryOf(results[r]), bins: binsOf(results[r]) }));
    const meanOf = (pick: (result: CalibrationResult) => number) => results.reduce((s, result) => s + pick(result), 0) / results.length;
    const meanEce = meanOf((result) => result.ece);
    const meanConfidence = meanOf((result) => result.meanConfidence);
    const meanAccuracy = meanOf((result) => result.accuracy);

    const metrics: CalibrationMetrics = {
      nBins: opts.bins,
      binning: 'equal-width, lower <= confidence < upper, confidence 1 in its own bin (torchmetrics)',
      commonRows: n,
      runsWithoutProbabilities: skipped,
      meanEce,
      perRun,
      ensemble: ensembleResult ? summaryOf(ensembleResult) : null,
      bins: binsOf(diagram),
      binsOf: ensembleResult ? 'ensemble' : runs[0].name,
      temperatureScaling: measureTemperatureScaling(runs, labels.codes, k, rows, {
        folds: 5,
        seed: context.settings.seed + 53,
        bins: opts.bins,
        eceBefore: results.map((result) => result.ece),
      }),
    };

    const found: FindingOf<typeof findings>[] = [];
    if (meanEce >= opts.eceMedium) {
      const severity: Severity = meanEce >= opts.eceHigh ? 'high' : 'medium';
      const over = meanConfidence > meanAccuracy;
      let worst = 0;
      for (let r = 1; r < results.length; r++) if (results[r].ece > results[worst].ece) worst = r;
      // The bin with the largest weighted gap in the headline's direction (a bin that errs the
      // other way would contradict it), in the diagram shown; any bin when none does.
      // The headline compares each run's confidence with its accuracy, so the bin comes from a run
      // too: the worst run's, in the headline's direction (the ensemble can err the other way).
      const runBin = largestGapBin(results[worst].bins, over);
      const bin = runBin !== null ? results[worst].bins[runBin] : diagram.bins[largestGapBin(diagram.bins, null)!];
      const gapBinRun = runBin !== null && runs.length >= 2 ? runs[worst].name : null;
      // Overconfidence shows in confident mistakes, underconfidence in right answers given with little confidence.
      const shown = over
        ? confidentlyWrong(ensembleProbs ?? runs[0].probs!, k, labels.codes, rows, opts.maxExamples)
        : timidlyRight(ensembleProbs ?? runs[0].probs!, k, labels.codes, rows, opts.maxExamples);
      const examples = shown.map(({ row, confidence, predicted }) => {
        const extra: Record<string, Json> = { label: labels.classes[labels.codes[row]], predicted: labels.classes[predicted], confidence };
        const text = context.excerpt(row);
        if (text !== undefined) extra.text = text;
        return context.example(row, extra);
      });
      found.push({
        key: over ? 'overconfident' : 'underconfident',
        severity,
        args: {
          meanEce,
          meanConfidence,
          meanAccuracy,
          confidenceGap: meanConfidence - meanAccuracy,
          worstRun: runs[worst].name,
          worstEce: results[worst].ece,
          ensembleEce: ensembleResult ? ensembleResult.ece : null,
          ensembleAccuracy: ensembleResult ? ensembleResult.accuracy : null,
          ensembleMeanConfidence: ensembleResult ? ensembleResult.meanConfidence : null,
          commonRows: n,
          nBins: opts.bins,
          runs: runs.length,
          gapBin: { ...bin },
          gapBinRun,
        },
        examples,
      });
    }
    return { metrics, findings: found };
  },
});

/** The non-empty bin with the largest count-weighted |confidence - accuracy|, among those erring in `over`'s direction (any when null). */
function largestGapBin(bins: CalibrationResult['bins'], over: boolean | null): number | null {
  let best: number | null = null;
  let bestWeight = -1;
  bins.forEach((bin, j) => {
    if (bin.count === 0) return;
    const gap = bin.meanConfidence! - bin.accuracy!;
    if (over !== null && (over ? !(gap > 0) : !(gap < 0))) return;
    const weight = bin.count * Math.abs(gap);
    if (weight > bestWeight) {
      bestWeight = weight;
      best = j;
    }
  });
  return best;
}

/** Rows predicted rightly with the lowest confidence (ties by row), at most `limit`. */
function timidlyRight(
  probs: Float64Array,
  k: number,
  labels: Int32Array,
  rows: Int32Array,
  limit: number,
): { row: number; confidence: number; predicted: number }[] {
  const low: { row: number; confidence: number; predicted: number }[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const offset = row * k;
    let best = 0;
    for (let c = 1; c < k; c++) if (probs[offset + c] > probs[offset + best]) best = c;
    if (best !== labels[row]) continue;
    const confidence = probs[offset + best];
    if (low.length === limit && confidence >= low[low.length - 1].confidence) continue;
    let at = low.length;
    while (at > 0 && low[at - 1].confidence > confidence) at--;
    low.splice(at, 0, { row, confidence, predicted: best });
    if (low.length > limit) low.pop();
  }
  return low;
}

/** Rows predicted wrongly with the highest confidence (ties by row), at most `limit`. */
function confidentlyWrong(
  probs: Float64Array,
  k: number,
  labels: Int32Array,
  rows: Int32Array,
  limit: number,
): { row: number; confidence: number; predicted: number }[] {
  const top: { row: number; confidence: number; predicted: number }[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const offset = row * k;
    let best = 0;
    for (let c = 1; c < k; c++) if (probs[offset + c] > probs[offset + best]) best = c;
    if (best === labels[row]) continue;
    const confidence = probs[offset + best];
    if (top.length === limit && confidence <= top[top.length - 1].confidence) continue;
    let at = top.length;
    while (at > 0 && top[at - 1].confidence < confidence) at--;
    top.splice(at, 0, { row, confidence, predicted: best });
    if (top.length > limit) top.pop();
  }
  return top;
}
