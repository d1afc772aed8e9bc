/** One run's curves read as facts: overfitting, the cost of the last checkpoint, convergence, divergence. */
import type { LogSeries, TrainingLog } from '../../data/training-log.js';
import { bestAndEnd, endSlope, finitePoints, improvementSoFar, nonFinite, scheduleSpikes, spikes, valueAt, type Direction } from '../../math/curves.js';
import type { Options } from './options.js';

const direction = (series: LogSeries): Direction => (series.higherIsBetter ? 'higher' : 'lower');

/** The series of a split and kind, preferring the plain `loss` / the first metric; null when absent. */
function pick(log: TrainingLog, split: 'train' | 'validation', kind: 'loss' | 'metric', preferred?: string): LogSeries | null {
  const candidates = log.series.filter((s) => s.split === split && s.kind === kind && finitePoints(s).values.length > 0);
  if (candidates.length === 0) return null;
  const named = preferred ? candidates.find((s) => s.metric.toLowerCase() === preferred.toLowerCase()) : undefined;
  if (named) return named;
  // The metric a practitioner would quote: the loss itself, accuracy, mAP50-95 (detection), mAP, F1.
  for (const pattern of [/^loss$/, /acc/i, /map50-95/i, /map/i, /f1/i]) {
    const found = candidates.find((s) => pattern.test(s.metric));
    if (found) return found;
  }
  return candidates[0];
}

/** The epoch at a step, when the log gives epochs. */
function epochAt(series: LogSeries, step: number): number | null {
  for (let i = 0; i < series.steps.length; i++) if (series.steps[i] === step) return Number.isFinite(series.epochs[i]) ? series.epochs[i] : null;
  return null;
}

const round = (x: number, digits = 6) => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : x);

export interface RunCurves {
  run: string;
  format: string;
  path: string;
  steps: number;
  lastStep: number;
  trainLoss: string | null;
  validationLoss: string | null;
  validationMetric: { tag: string; metric: string; higherIsBetter: boolean } | null;
  /** Validation loss best and then worse beyond its noise while training loss still falls. */
  overfitting: {
    bestStep: number;
    bestEpoch: number | null;
    best: number;
    end: number;
    rise: number;
    noise: number;
    trainAtBest: number;
    trainEnd: number;
    gap: number;
  } | null;
  /** The validation metric (or loss) at its best and at the last checkpoint. */
  checkpoint: {
    tag: string;
    metric: string;
    higherIsBetter: boolean;
    best: number;
    bestStep: number;
    bestEpoch: number | null;
    last: number;
    lastStep: number;
    shortfall: number;
    noise: number;
    significant: boolean;
    unitInterval: boolean;
  } | null;
  /** Training and validation still improving at the end. */
  notConverged: { series: string; projectedGain: number; relativeGain: number; t: number; span: number }[];
  nonFinite: { tag: string; count: number; firstStep: number }[];
  spikes: { tag: string; kind: 'loss' | 'grad-norm'; count: number; lasting: number; worst: { step: number; value: number; baseline: number } }[];
  scheduleSpikes: { tag: string; count: number; first: { step: number; value: number; neighbours: number } }[];
  /** Why this run failed, or null. */
  failed: string | null;
  /** What the trainer recorded as best, when it did. */
  trainerBest: TrainingLog['best'];
  truncated: TrainingLog['truncated'];
  /** The curves behind the figures, at most CURVE_POINTS finite points each (evenly thinned), for the HTML report's charts. */
  curves: { tag: string; role: 'train-loss' | 'validation-loss' | 'validation-metric'; steps: number[]; values: number[] }[];
}

/** Points kept per curve in the report: enough to draw it, never one per logged batch of a long run. */
export const CURVE_POINTS = 200;

function thinnedCurve(series: LogSeries, role: RunCurves['curves'][number]['role']): RunCurves['curves'][number] {
  const { steps, values } = finitePoints(series);
  const keep =
    steps.length <= CURVE_POINTS
      ? steps.map((_, i) => i)
      : Array.from({ length: CURVE_POINTS }, (_, i) => Math.round((i * (steps.length - 1)) / (CURVE_POINTS - 1)));
  return { tag: series.tag, role, steps: keep.map((i) => steps[i]), values: keep.map((i) => round(values[i])) };
}

/** Validation loss best and then worse beyond its noise while training loss still falls; null otherwise. */
function overfittingOf(train: LogSeries | null, validationLoss: LogSeries | null, options: Options): RunCurves['overfitting'] {
  if (!(validationLoss && train)) return null;
  const v = bestAndEnd(validationLoss, 'lower');
  if (!(v && v.points >= options.minPoints)) return null;
  const trainAtBest = valueAt(train, v.bestStep);
  const trainEnd = bestAndEnd(train, 'lower');
  const trainNoise = trainEnd?.noise ?? 0;
  const stillFalling = trainEnd !== null && Number.isFinite(trainAtBest) && trainAtBest - trainEnd.end > Math.max(2 * trainNoise, 1e-12);
  const rising = v.bestIndex < v.points - 1 && v.shortfall > options.noiseMultiple * v.noise && v.shortfall > options.minRelativeChange * Math.abs(v.best);
  if (!(rising && stillFalling)) return null;
  return {
    bestStep: v.bestStep,
    bestEpoch: epochAt(validationLoss, v.bestStep),
    best: round(v.best),
    end: round(v.end),
    rise: round(v.shortfall),
    noise: round(v.noise),
    trainAtBest: round(trainAtBest),
    trainEnd: round(trainEnd.end),
    gap: round(v.end - trainEnd.end),
  };
}

/** The validation metric (or loss) at its best and at the last checkpoint; null with fewer than two points. */
function checkpointOf(chosen: LogSeries | null, options: Options): RunCurves['checkpoint'] {
  if (!chosen) return null;
  const c = bestAndEnd(chosen, direction(chosen));
  if (!(c && c.points >= 2)) return null;
  const { steps, values } = finitePoints(chosen);
  const unitInterval = values.every((x) => x >= 0 && x <= 1) && chosen.kind === 'metric';
  const relative = Math.abs(c.best) > 0 ? c.lastShortfall / Math.abs(c.best) : 0;
  const significant =
    c.lastShortfall > options.noiseMultiple * c.noise && (unitInterval ? c.lastShortfall >= options.minCheckpointGain : relative >= options.minRelativeChange);
  return {
    tag: chosen.tag,
    metric: chosen.metric,
    higherIsBetter: chosen.higherIsBetter,
    best: round(c.best),
    bestStep: c.bestStep,
    bestEpoch: epochAt(chosen, c.bestStep),
    last: round(c.last),
    lastStep: steps[steps.length - 1],
    shortfall: round(c.lastShortfall),
    noise: round(c.noise),
    significant,
    unitInterval,
  };
}

/** Training and validation still improving at the end (both, significantly). */
function notConvergedOf(moving: LogSeries[], options: Options): RunCurves['notConverged'] {
  const notConverged: RunCurves['notConverged'] = [];
  if (moving.length !== 2) return notConverged;
  const parts = moving.map((s) => {
    const slope = endSlope(s, direction(s));
    const total = improvementSoFar(s, direction(s));
    return slope && total > 0
      ? {
          series: s.tag,
          projectedGain: round(slope.projectedGain),
          relativeGain: round(slope.projectedGain / total, 4),
          t: round(Math.abs(slope.slope) / slope.standardError, 3),
          span: slope.span,
        }
      : null;
  });
  const improving = (p: (typeof parts)[number]) => p !== null && p.projectedGain > 0 && p.t >= options.trendT && p.relativeGain >= options.minRelativeGain;
  if (parts.every(improving)) notConverged.push(...(parts as RunCurves['notConverged']));
  return notConverged;
}

/** Loss and gradient-norm spikes of the training series. */
function spikesOf(log: TrainingLog, options: Options): RunCurves['spikes'] {
  const spikeList: RunCurves['spikes'] = [];
  for (const s of log.series) {
    if (!((s.kind === 'loss' && s.split === 'train') || s.kind === 'grad-norm')) continue;
    const found = spikes(s, s.kind === 'loss' ? options.lossSpikeRatio : options.gradSpikeRatio);
    if (found.length === 0) continue;
    const worst = found.reduce((a, b) => (b.value / b.baseline > a.value / a.baseline ? b : a));
    spikeList.push({
      tag: s.tag,
      kind: s.kind === 'loss' ? 'loss' : 'grad-norm',
      count: found.length,
      lasting: found.filter((x) => x.lasting).length,
      worst: { step: worst.step, value: round(worst.value), baseline: round(worst.baseline) },
    });
  }
  return spikeList;
}

/** Why the run failed (a non-finite last training loss, or one that never fell), or null. */
function failureOf(train: LogSeries | null, options: Options): string | null {
  if (!train) return null;
  const values = train.values;
  const lastValue = values[values.length - 1];
  const points = finitePoints(train).values;
  if (!Number.isFinite(lastValue)) return `its last training loss is ${String(lastValue)}`;
  if (points.length >= options.minPoints && points[points.length - 1] >= points[0])
    return `its training loss ended at ${round(points[points.length - 1], 4)}, no lower than where it started (${round(points[0], 4)})`;
  return null;
}

export function analyseRun(log: TrainingLog, options: Options): RunCurves {
  const train = pick(log, 'train', 'loss');
  const validationLoss = pick(log, 'validation', 'loss');
  const validationMetric = pick(log, 'validation', 'metric', options.metric);
  let lastStep = -Infinity;
  for (const s of log.series) if (s.steps.length > 0) lastStep = Math.max(lastStep, s.steps[s.steps.length - 1]);

  const overfitting = overfittingOf(train, validationLoss, options);
  const checkpoint = checkpointOf(validationMetric ?? validationLoss, options);
  const notConverged = notConvergedOf(
    [train, validationLoss ?? validationMetric].filter((s): s is LogSeries => s !== null),
    options,
  );

  const losses = log.series.filter((s) => s.kind === 'loss');
  const nonFiniteList = losses
    .map((s) => ({ s, bad: nonFinite(s) }))
    .filter(({ bad }) => bad.length > 0)
    .map(({ s, bad }) => ({ tag: s.tag, count: bad.length, firstStep: s.steps[bad[0]] }));
  const spikeList = spikesOf(log, options);
  const lrSpikes = log.series
    .filter((s) => s.kind === 'learning-rate')
    .map((s) => ({ tag: s.tag, found: scheduleSpikes(s) }))
    .filter(({ found }) => found.length > 0)
    .map(({ tag, found }) => ({ tag, count: found.length, first: found[0] }));
  const failed = failureOf(train, options);
  return {
    run: log.run,
    format: log.format,
    path: log.path,
    steps: Math.max(0, ...log.series.map((s) => s.steps.length)),
    lastStep,
    trainLoss: train?.tag ?? null,
    validationLoss: validationLoss?.tag ?? null,
    validationMetric: validationMetric ? { tag: validationMetric.tag, metric: validationMetric.metric, higherIsBetter: validationMetric.higherIsBetter } : null,
    overfitting,
    checkpoint,
    notConverged,
    nonFinite: nonFiniteList,
    spikes: spikeList,
    scheduleSpikes: lrSpikes,
    failed,
    trainerBest: log.best,
    truncated: log.truncated,
    curves: [
      ...(train ? [thinnedCurve(train, 'train-loss')] : []),
      ...(validationLoss ? [thinnedCurve(validationLoss, 'validation-loss')] : []),
      ...(validationMetric ? [thinnedCurve(validationMetric, 'validation-metric')] : []),
    ],
  };
}
