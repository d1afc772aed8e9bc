import { defineCheck, type FindingOf } from '../types.js';
import type { Severity } from '../../core/vocabulary.js';
import { meanAndSd, median } from '../../math/curves.js';
import { severityLadder } from '../support/severity.js';
import { analyseRun, type RunCurves } from './analyse.js';
import { findings } from './findings.js';
import { options, type Options } from './options.js';
import { remedies } from './remedy.js';
import { curveCharts } from './charts.js';
import { trainingCurvesMetrics, type TrainingCurvesMetrics } from './metrics.js';

type Found = FindingOf<typeof findings>;
const round = (x: number, digits = 6) => Math.round(x * 10 ** digits) / 10 ** digits;
const worst = (a: Severity, b: Severity): Severity =>
  ['info', 'low', 'medium', 'high', 'critical'].indexOf(a) >= ['info', 'low', 'medium', 'high', 'critical'].indexOf(b) ? a : b;

/** The prediction run a log belongs to: same name, or a prediction run `model/<name>`. */
function matchRun(log: string, predictionRuns: readonly string[]): string | null {
  return predictionRuns.find((r) => r === log) ?? predictionRuns.find((r) => r.endsWith(`/${log}`)) ?? null;
}

type Overfit = RunCurves & { overfitting: NonNullable<RunCurves['overfitting']> };
type WithCheckpoint = RunCurves & { checkpoint: NonNullable<RunCurves['checkpoint']> };

/** Overfitting: one finding over the runs. */
function overfittingFinding(overfit: readonly Overfit[], n: number, opts: Options): Found | null {
  if (overfit.length === 0) return null;
  const relative = Math.max(...overfit.map((r) => r.overfitting.rise / Math.max(1e-12, Math.abs(r.overfitting.best))));
  const severity = severityLadder(
    relative,
    [
      ['high', 0.25],
      ['medium', opts.minRelativeChange],
    ],
    'low',
  );
  return {
    key: 'overfitting',
    severity,
    args: {
      runs: n,
      tag: overfit[0].validationLoss!,
      affected: overfit.map((r) => ({
        run: r.run,
        step: r.overfitting.bestStep,
        epoch: r.overfitting.bestEpoch,
        best: r.overfitting.best,
        end: r.overfitting.end,
        rise: r.overfitting.rise,
        trainEnd: r.overfitting.trainEnd,
        gap: r.overfitting.gap,
      })),
    },
    examples: [],
  };
}

/** The last checkpoint against the best one, on the validation metric (runs where the shortfall is significant). */
function lastCheckpointFinding(costly: readonly WithCheckpoint[], n: number): Found | null {
  if (costly.length === 0) return null;
  const unitInterval = costly.every((r) => r.checkpoint.unitInterval);
  const meanShortfall = round(costly.reduce((s, r) => s + r.checkpoint.shortfall, 0) / costly.length);
  const severity: Severity = unitInterval
    ? severityLadder(
        meanShortfall,
        [
          ['high', 0.05],
          ['medium', 0.01],
        ],
        'low',
      )
    : severityLadder(meanShortfall / Math.max(1e-12, Math.abs(costly[0].checkpoint.best)), [['medium', 0.1]], 'low');
  return {
    key: 'last-checkpoint-cost',
    severity,
    args: {
      runs: n,
      metric: costly[0].checkpoint.metric,
      unitInterval,
      higherIsBetter: costly[0].checkpoint.higherIsBetter,
      meanShortfall,
      affected: costly.map((r) => ({
        run: r.run,
        step: r.checkpoint.bestStep,
        epoch: r.checkpoint.bestEpoch,
        best: r.checkpoint.best,
        last: r.checkpoint.last,
        shortfall: r.checkpoint.shortfall,
      })),
    },
    examples: [],
  };
}

/** Runs still improving at the end, and runs that diverged or were unstable (spikes, learning-rate jumps). */
function progressFindings(analysed: readonly RunCurves[], n: number): Found[] {
  const found: Found[] = [];
  const notConverged = analysed.filter((r) => r.notConverged.length > 0);
  if (notConverged.length > 0) {
    const largest = Math.max(...notConverged.flatMap((r) => r.notConverged.map((p) => p.relativeGain)));
    found.push({
      key: 'not-converged',
      severity: severityLadder(largest, [['medium', 0.1]], 'low'),
      args: {
        runs: n,
        affected: notConverged.flatMap((r) =>
          r.notConverged.map((p) => ({ run: r.run, series: p.series, projectedGain: p.projectedGain, relativeGain: p.relativeGain })),
        ),
      },
      examples: [],
    });
  }

  const diverged = analysed.flatMap((r) => r.nonFinite.map((x) => ({ run: r.run, ...x })));
  if (diverged.length > 0) found.push({ key: 'diverged', severity: 'high', args: { runs: n, affected: diverged }, examples: [] });

  const spikeList = analysed.flatMap((r) => r.spikes.map((x) => ({ run: r.run, ...x })));
  const schedule = analysed.flatMap((r) => r.scheduleSpikes.map((x) => ({ run: r.run, ...x })));
  if (spikeList.length > 0 || schedule.length > 0) {
    const lasting = spikeList.some((s) => s.lasting > 0);
    found.push({
      key: 'unstable',
      severity: lasting || schedule.length > 0 ? 'medium' : 'low',
      args: { runs: n, spikes: spikeList, schedule },
      examples: [],
    });
  }
  return found;
}

/** Failed runs: a non-finite or never-falling training loss, or a run far shorter than the longest. */
function failedRuns(analysed: readonly RunCurves[], opts: Options): { run: string; reason: string }[] {
  const n = analysed.length;
  const longest = Math.max(...analysed.map((r) => r.lastStep));
  return analysed.flatMap((r) => {
    if (r.failed) return [{ run: r.run, reason: r.failed }];
    if (n >= 2 && Number.isFinite(longest) && longest > 0 && r.lastStep < opts.shortRunShare * longest)
      return [{ run: r.run, reason: `it ends at step ${r.lastStep}, the longest run at step ${longest}` }];
    return [];
  });
}

/** Spread across seeds of the final and best validation metric (runs on the same metric that did not fail); its finding when wide. */
function seedSpread(
  checkpoints: readonly WithCheckpoint[],
  failed: readonly { run: string }[],
  opts: Options,
): { spread: TrainingCurvesMetrics['spread']; finding: Found | null } {
  const comparable = checkpoints.filter((r) => r.checkpoint.tag === checkpoints[0]?.checkpoint.tag && !failed.some((f) => f.run === r.run));
  if (comparable.length < 2) return { spread: null, finding: null };
  const finals = comparable.map((r) => r.checkpoint.last);
  const bests = comparable.map((r) => r.checkpoint.best);
  const f = meanAndSd(finals);
  const b = meanAndSd(bests);
  const unitInterval = comparable.every((r) => r.checkpoint.unitInterval);
  const args = {
    runs: comparable.length,
    metric: comparable[0].checkpoint.metric,
    unitInterval,
    finals: comparable.map((r) => ({ run: r.run, value: r.checkpoint.last })),
    mean: round(f.mean),
    sd: round(f.sd),
    min: Math.min(...finals),
    max: Math.max(...finals),
    bestMean: round(b.mean),
    bestSd: round(b.sd),
    bestSteps: { min: Math.min(...comparable.map((r) => r.checkpoint.bestStep)), max: Math.max(...comparable.map((r) => r.checkpoint.bestStep)) },
  };
  const spread = { ...args, medianBestStep: median(comparable.map((r) => r.checkpoint.bestStep)) };
  if (!unitInterval) return { spread, finding: null };
  const range = args.max - args.min;
  const severity = severityLadder(
    range,
    [
      ['medium', opts.spreadMedium],
      ['low', opts.spreadMedium / 2],
    ],
    'info',
  );
  return { spread, finding: severity !== 'info' ? { key: 'seed-spread', severity, args, examples: [] } : null };
}

/** Training loss and nothing held out: say that over-fitting cannot be judged, and what to log. */
function noValidationFinding(analysed: readonly RunCurves[], n: number): Found | null {
  const blind = analysed.flatMap((r) => {
    if (r.validationLoss || r.validationMetric || r.failed) return [];
    const curve = r.curves.find((c) => c.role === 'train-loss');
    if (!curve || curve.steps.length < 2) return [];
    const end = curve.steps.length - 1;
    return [{ run: r.run, tag: curve.tag, firstStep: curve.steps[0], first: curve.values[0], lastStep: curve.steps[end], last: curve.values[end] }];
  });
  return blind.length > 0 ? { key: 'no-validation', severity: 'low', args: { runs: n, affected: blind }, examples: [] } : null;
}

function truncatedFinding(analysed: readonly RunCurves[]): Found | null {
  const truncated = analysed
    .filter((r) => r.truncated !== null)
    .map((r) => ({ run: r.run, path: r.path, offset: r.truncated!.offset, records: r.truncated!.records }));
  return truncated.length > 0 ? { key: 'truncated-log', severity: 'low', args: { files: truncated }, examples: [] } : null;
}

/** Nothing to gain from stopping earlier: say so, with the largest shortfall seen. */
function nothingToGainFinding(checkpoints: readonly WithCheckpoint[], n: number): Found {
  return {
    key: 'nothing-to-gain',
    severity: 'info',
    args: {
      runs: n,
      metric: checkpoints[0].checkpoint.metric,
      unitInterval: checkpoints.every((r) => r.checkpoint.unitInterval),
      largestShortfall: Math.max(...checkpoints.map((r) => r.checkpoint.shortfall)),
    },
    examples: [],
  };
}

export const trainingCurves = defineCheck({
  id: 'training-curves',
  title: 'Training curves',
  description:
    'Reads training logs (Hugging Face trainer_state.json, Lightning/Keras/Ultralytics CSV, TensorBoard event files, JSONL) and finds overfitting (validation loss worsening beyond its noise while training loss falls), the cost of keeping the last checkpoint, runs still improving at the end, divergence (NaN/Inf), loss and gradient spikes, learning-rate jumps, failed runs, and the spread of the final and best validation metric across seeds.',
  needs: ['logs'],
  options,
  findings,
  metrics: trainingCurvesMetrics,
  remedies,
  // Its headroom measures what the remedy itself does on these inputs, not a finding's size: it counts whenever this check ran.
  remedyMeasures: ['checkpointGain'],
  charts: curveCharts,
  run(context) {
    const opts = context.options;
    const logs = context.logs!.logs;
    const analysed = logs.map((log) => analyseRun(log, opts));
    const n = analysed.length;
    const predictionRuns = context.predictions?.runs.map((r) => r.name) ?? [];
    const found: Found[] = [];
    const add = (finding: Found | null) => {
      if (finding) found.push(finding);
    };

    const overfit = analysed.filter((r): r is Overfit => r.overfitting !== null);
    add(overfittingFinding(overfit, n, opts));
    const checkpoints = analysed.filter((r): r is WithCheckpoint => r.checkpoint !== null);
    const costly = checkpoints.filter((r) => r.checkpoint.significant);
    add(lastCheckpointFinding(costly, n));
    found.push(...progressFindings(analysed, n));
    const failed = failedRuns(analysed, opts);
    if (failed.length > 0) found.push({ key: 'failed-runs', severity: 'high', args: { runs: n, failed }, examples: [] });
    const { spread, finding: spreadFinding } = seedSpread(checkpoints, failed, opts);
    add(spreadFinding);
    add(noValidationFinding(analysed, n));
    add(truncatedFinding(analysed));
    if (overfit.length === 0 && costly.length === 0 && checkpoints.length > 0) found.push(nothingToGainFinding(checkpoints, n));

    const meanGain = costly.length > 0 && costly.every((r) => r.checkpoint.unitInterval) ? costly.reduce((s, r) => s + r.checkpoint.shortfall, 0) / n : 0;
    const metrics: TrainingCurvesMetrics = {
      runs: analysed.map((r) => ({ ...r, matchedPredictionRun: matchRun(r.run, predictionRuns) })),
      logFiles: logs.reduce((s, log) => s + (log.files?.length ?? 1), 0),
      spread,
      /** Mean over all runs of the best-minus-last shortfall of a [0, 1] validation metric: what keeping the best checkpoint would recover, at most. */
      checkpointGain: round(meanGain),
      checkpointGainMetric: costly[0]?.checkpoint.metric ?? null,
      /** Mean over those runs of the last value of that metric (for the gain's standard error). */
      checkpointLastMean: costly.length > 0 ? round(costly.reduce((s, r) => s + r.checkpoint.last, 0) / costly.length) : null,
      /** The evaluation rows of the data: the validation set's size when the logs score the same rows. */
      evaluationRows: context.rowRoles.evaluationRows,
      severity: found.reduce<Severity>((s, f) => worst(s, f.severity), 'info'),
    };
    return { metrics, findings: found };
  },
});
