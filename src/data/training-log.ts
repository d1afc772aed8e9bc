/**
 * Training logs as the checks read them: per run, one series per logged quantity (a tag such as
 * `eval_loss` or `val/box_loss`), each with its steps, epochs and values in typed arrays. The
 * readers in io/logs fill them from Hugging Face, Lightning, Keras, Ultralytics, TensorBoard and
 * generic JSONL; `describeTag` says what a tag measures, whatever the trainer called it.
 */

export type LogFormat = 'hf-trainer' | 'lightning-csv' | 'keras-csv' | 'ultralytics-csv' | 'tensorboard' | 'jsonl';
export type LogSplit = 'train' | 'validation' | 'test';
/** What a series measures: a loss or metric of a split, the learning rate, the gradient norm. */
export type SeriesKind = 'loss' | 'metric' | 'learning-rate' | 'grad-norm';

export interface LogSeries {
  /** The tag as the log names it (`eval_loss`, `val/box_loss`, `metrics/mAP50(B)`). */
  tag: string;
  kind: SeriesKind;
  /** The split for losses and metrics (null for the learning rate and gradient norm). */
  split: LogSplit | null;
  /** The measured quantity without its split prefix (`loss`, `accuracy`, `box_loss`, `mAP50(B)`). */
  metric: string;
  /** True when a larger value is better (accuracy, F1, mAP); false for losses and errors. */
  higherIsBetter: boolean;
  /** Sorted by step; NaN and ±Infinity kept as logged (a diverged run logs them). */
  steps: Float64Array;
  /** The epoch of each point when the log gives it, else NaN. */
  epochs: Float64Array;
  values: Float64Array;
}

export interface TrainingLog {
  /** Run name: from the record (`run`), else the folder (or file) the log came from. */
  run: string;
  /** The first file of the run's logs; `files` lists all of them. */
  path: string;
  files?: string[];
  format: LogFormat;
  series: LogSeries[];
  /** What the trainer itself recorded as best (Hugging Face `best_metric`, `best_model_checkpoint`). */
  best: { metric: number | null; checkpoint: string | null; step: number | null } | null;
  /** An event file whose last record was cut off (a run still writing): where, and what was kept. */
  truncated: { offset: number; records: number } | null;
  /** Fields that never hold a number (a confusion matrix logged beside the losses): not curves, listed so that nothing is dropped unsaid. */
  unreadFields?: string[];
}

export interface TrainingLogs {
  paths: string[];
  logs: TrainingLog[];
}

/** Tags that are bookkeeping, not training signal: never read as a curve. */
const BOOKKEEPING =
  /^(epoch|step|global_step|time|hp_metric|num_input_tokens_seen)$|(^|[/_])(runtime|samples_per_second|steps_per_second|total_flos|flos|memory|mem|gpu|time)$/i;
const LOWER_IS_BETTER = /(loss|error|err|wer|cer|perplexity|ppl|mse|mae|rmse|nll|distance)/i;

/**
 * What a tag measures: its kind, split, metric and direction, or null for bookkeeping (epoch
 * counters, run times, throughput). Prefixes and suffixes of the common trainers are understood:
 * `eval_`, `val_`, `val/`, `validation/`, `test_`, `train_`, `train/`, `metrics/` (Ultralytics'
 * validation metrics), `_epoch`/`_step` (Lightning's aggregation suffixes).
 */
export function describeTag(tag: string, format: LogFormat): Omit<LogSeries, 'steps' | 'epochs' | 'values' | 'tag'> | null {
  const clean = tag.trim();
  if (clean === '' || BOOKKEEPING.test(clean)) return null;
  if (/^(learning_rate|lr)$|^lr[-/_]|[/_]lr$|learning_rate$/i.test(clean))
    return { kind: 'learning-rate', split: null, metric: 'learning_rate', higherIsBetter: false };
  if (/grad(ient)?_?norm/i.test(clean)) return { kind: 'grad-norm', split: null, metric: 'grad_norm', higherIsBetter: false };
  let split: LogSplit | null = null;
  let metric = clean.replace(/_(epoch|step)$/i, '');
  const prefix = /^(eval|val|valid|validation|dev|test|train|training|metrics)([/_.-])(.+)$/i.exec(metric);
  if (prefix) {
    const head = prefix[1].toLowerCase();
    metric = prefix[3];
    split = head === 'test' ? 'test' : head === 'train' || head === 'training' ? 'train' : 'validation';
  } else {
    const suffix = /^(.+?)[/_.-](val|valid|validation|train|test)$/i.exec(metric);
    if (suffix) {
      metric = suffix[1];
      const tail = suffix[2].toLowerCase();
      split = tail === 'test' ? 'test' : tail === 'train' ? 'train' : 'validation';
    }
  }
  // Without a prefix, HF's `loss` and Keras' `loss`/`accuracy` are the training split's.
  if (split === null) split = 'train';
  if (format === 'hf-trainer' && split === 'train' && clean.startsWith('train_')) return null; // HF's end-of-training summary (train_loss is a mean over the run)
  const higherIsBetter = !LOWER_IS_BETTER.test(metric);
  return { kind: /loss/i.test(metric) ? 'loss' : 'metric', split, metric, higherIsBetter };
}

/** Collects points per tag, then sorts them into series. */
export class SeriesCollector {
  private points = new Map<string, { steps: number[]; epochs: number[]; values: number[] }>();

  add(tag: string, step: number, epoch: number, value: number): void {
    let p = this.points.get(tag);
    if (!p) {
      p = { steps: [], epochs: [], values: [] };
      this.points.set(tag, p);
    }
    p.steps.push(step);
    p.epochs.push(epoch);
    p.values.push(value);
  }

  get size(): number {
    return this.points.size;
  }

  /** Whether a tag has a point. */
  has(tag: string): boolean {
    return this.points.has(tag);
  }

  /** A bookkeeping tag's value by step (Lightning's `epoch` scalar), or null when not logged. */
  valuesOf(tag: string): Map<number, number> | null {
    const p = this.points.get(tag);
    if (!p) return null;
    const out = new Map<number, number>();
    for (let i = 0; i < p.steps.length; i++) out.set(p.steps[i], p.values[i]);
    return out;
  }

  series(format: LogFormat): LogSeries[] {
    const out: LogSeries[] = [];
    for (const [tag, p] of this.points) {
      const meaning = describeTag(tag, format);
      if (!meaning) continue;
      const order = p.steps.map((_, i) => i).sort((a, b) => p.steps[a] - p.steps[b] || a - b);
      out.push({
        tag,
        ...meaning,
        steps: Float64Array.from(order, (i) => p.steps[i]),
        epochs: Float64Array.from(order, (i) => p.epochs[i]),
        values: Float64Array.from(order, (i) => p.values[i]),
      });
    }
    return out;
  }
}

/**
 * One log per run: logs of the same run (several event files; a trainer_state.json per
 * checkpoint, each repeating the earlier history) are merged, a tag's points joined and a step
 * logged twice kept once (the first file's).
 */
export function mergeLogs(logs: readonly TrainingLog[]): TrainingLog[] {
  const byRun = new Map<string, TrainingLog[]>();
  for (const log of logs) {
    const list = byRun.get(log.run);
    if (list) list.push(log);
    else byRun.set(log.run, [log]);
  }
  return [...byRun.values()].map((group) => {
    const files = group.map((log) => log.path);
    if (group.length === 1) return { ...group[0], files };
    // The longest history first: a checkpoint's trainer_state.json is a prefix of the final one.
    const ordered = [...group].sort((a, b) => pointsOf(b) - pointsOf(a));
    const byTag = new Map<string, LogSeries>();
    for (const log of ordered) {
      for (const series of log.series) {
        const have = byTag.get(series.tag);
        byTag.set(series.tag, have ? joinSeries(have, series) : series);
      }
    }
    const best = ordered.find((log) => log.best)?.best ?? null;
    const truncated = ordered.find((log) => log.truncated)?.truncated ?? null;
    const unread = [...new Set(ordered.flatMap((log) => log.unreadFields ?? []))];
    return {
      run: group[0].run,
      path: files[0],
      files,
      format: ordered[0].format,
      series: [...byTag.values()],
      best,
      truncated,
      ...(unread.length > 0 ? { unreadFields: unread } : {}),
    };
  });
}

function pointsOf(log: TrainingLog): number {
  return log.series.reduce((sum, s) => sum + s.steps.length, 0);
}

function joinSeries(a: LogSeries, b: LogSeries): LogSeries {
  const seen = new Set(a.steps);
  const extra = [...b.steps.keys()].filter((i) => !seen.has(b.steps[i]));
  if (extra.length === 0) return a;
  const steps = [...a.steps, ...extra.map((i) => b.steps[i])];
  const epochs = [...a.epochs, ...extra.map((i) => b.epochs[i])];
  const values = [...a.values, ...extra.map((i) => b.values[i])];
  const order = steps.map((_, i) => i).sort((x, y) => steps[x] - steps[y] || x - y);
  return {
    ...a,
    steps: Float64Array.from(order, (i) => steps[i]),
    epochs: Float64Array.from(order, (i) => epochs[i]),
    values: Float64Array.from(order, (i) => values[i]),
  };
}
