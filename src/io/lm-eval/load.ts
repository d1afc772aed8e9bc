/**
 * lm-evaluation-harness samples as an audit's inputs, with no conversion: the rows come from the
 * docs (one per task and doc_id), the runs from the samples files. A run's configuration is its
 * model, n-shot setting and filter (and, for multiple choice, `acc` or the length-normalised
 * `acc_norm`): runs that differ there are configurations, not seeds; samples files of one
 * configuration written at different times are that run repeated.
 */
import { basename } from 'node:path';
import { InputError } from '../../errors.js';
import { TableBuilder, type DataTable } from '../../data/table.js';
import { PredictionBuilder, toPredictionRecord } from '../../data/predictions.js';
import type { Labels, Predictions } from '../../data/model.js';
import { GenerationSums, matchGeneration, type GenerationSummary } from '../../math/generation-match.js';
import { openSource, firstChunk } from '../source.js';
import { parseJsonLines } from '../json.js';
import { readResults, samplesFiles, type ResultsInfo } from './files.js';
import { argmaxFirst, choiceProbabilities, lengthNormalized, readSample, type ChoiceOutcome, type GenerationOutcome, type SampleOutcome } from './samples.js';

/** Choice positions as class names: A, B, ... (the 27th is "27"). */
export const choiceLetter = (index: number) => (index < 26 ? String.fromCharCode(65 + index) : String(index + 1));

interface ReadSample {
  key: string;
  line: number;
  filter: string;
  /** False when the sample names no filter (older harness versions). */
  explicitFilter: boolean;
  outcome: SampleOutcome;
}

interface ReadFile {
  path: string;
  task: string;
  stamp: string | null;
  results: ResultsInfo | null;
  samples: ReadSample[];
}

/** Per run and task: the accuracy of its samples and the figure the harness wrote for them. */
export interface LmEvalTaskSummary {
  configuration: string;
  run: string;
  task: string;
  group: string | null;
  nShot: number | null;
  filter: string;
  metric: string;
  samples: number;
  /** Mean of the harness's per-sample metric over this file's samples. */
  accuracy: number;
  /** What the harness's results file says for `metric,filter`; null when there is no results file. */
  harness: number | null;
  /** OpenCompass: the file the figure was read from (its results file, else the run's summary). */
  reportedIn?: string;
  /** OpenCompass: whether each answer's verdict is the evaluation's own (its results file's per-sample details) or read from the prediction text. */
  answersFrom?: 'results-details' | 'prediction-text';
  /** OpenCompass: how many items' verdicts are the evaluation's own (`answersFrom` is `results-details` when all are). */
  evaluationVerdicts?: number;
  /** Multiple choice: the share of samples where the argmax of the log-likelihoods (or their length-normalised values) agrees with the harness's per-sample metric. */
  recomputedAgreement?: number;
  /** Generation: the match measures over the filtered responses against the reference. */
  generation?: GenerationSummary;
  file: string;
}

export interface LmEvalInputs {
  data: DataTable;
  /** The largest number of choices of any multiple-choice doc (0: generation only). */
  maxChoices: number;
  files: ReadFile[];
  keys: Map<string, number>;
}

/** Reads every samples file the paths name, and the rows their docs make. */
export async function loadLmEvalData(paths: readonly string[]): Promise<LmEvalInputs> {
  const found = await samplesFiles(paths);
  const files: ReadFile[] = [];
  const keys = new Map<string, number>();
  const table = new TableBuilder(paths[0], 'jsonl');
  let maxChoices = 0;
  for (const file of found) {
    const results = await readResults(file);
    const delimiter = results?.targetDelimiter[file.task] ?? ' ';
    const group = results?.groupOf[file.task] ?? null;
    const samples: ReadSample[] = [];
    const source = await openSource(file.path);
    const opened = await firstChunk(source);
    if (!opened || opened.head.trim() === '') throw new InputError('the samples file is empty', file.path);
    await parseJsonLines(opened.chunks, file.path, (record, line) => {
      const docId = record.doc_id;
      if (typeof docId !== 'number' && typeof docId !== 'string') throw new InputError('an lm-evaluation-harness sample without a "doc_id"', file.path, line);
      const outcome = readSample(record, delimiter, file.path, line);
      const key = `${file.task}:${String(docId)}`;
      if (!keys.has(key)) {
        keys.set(key, table.rowCount);
        const row: Record<string, unknown> = { id: key, task: file.task, ...(group ? { group } : {}), doc_id: docId };
        if (outcome.kind === 'choice') {
          if (outcome.gold !== null) row.label = choiceLetter(outcome.gold);
          row.choices = outcome.logLikelihoods.length;
        } else if (outcome.reference !== null) row.reference = outcome.reference;
        const doc = record.doc;
        if (doc !== null && typeof doc === 'object' && !Array.isArray(doc)) for (const [name, value] of Object.entries(doc)) row[`doc.${name}`] = value;
        table.addRecord(row, line);
      }
      if (outcome.kind === 'choice') maxChoices = Math.max(maxChoices, outcome.logLikelihoods.length);
      samples.push({
        key,
        line,
        filter: typeof record.filter === 'string' ? record.filter : 'none',
        explicitFilter: typeof record.filter === 'string',
        outcome,
      });
    });
    files.push({ path: file.path, task: file.task, stamp: file.stamp, results, samples });
  }
  return { data: table.build(), maxChoices, files, keys };
}

/** The metric a generation sample is scored by: exact_match, else acc, else the first metric in [0, 1]. */
function generationMetric(metrics: Record<string, number>): string | null {
  if (metrics.exact_match !== undefined) return 'exact_match';
  if (metrics.acc !== undefined) return 'acc';
  return Object.keys(metrics).find((name) => metrics[name] >= 0 && metrics[name] <= 1) ?? null;
}

/** One configuration's running sums over a file's samples, for the per-task summary. */
interface Tally {
  configuration: string;
  filter: string;
  metric: string;
  n: number;
  sum: number;
  agree: number;
  checked: number;
  gen: GenerationSums | null;
}

/** A file's tallies by configuration and metric, created when first needed (in that order). */
class Tallies {
  readonly byId = new Map<string, Tally>();

  of(configuration: string, filter: string, metric: string): Tally {
    const id = `${configuration}\u0000${metric}`;
    let t = this.byId.get(id);
    if (!t) this.byId.set(id, (t = { configuration, filter, metric, n: 0, sum: 0, agree: 0, checked: 0, gen: null }));
    return t;
  }
}

/** Where a file's samples go: the builder of the runs, the run's name and the file's tallies. */
interface SampleSink {
  builder: PredictionBuilder;
  file: ReadFile;
  run: string;
  tallies: Tallies;
}

/** A multiple-choice sample: a prediction for `acc` (and `acc_norm`), with probabilities from the log-likelihoods. */
function addChoiceSample(sink: SampleSink, sample: ReadSample, outcome: ChoiceOutcome, configuration: string): void {
  const { builder, file, run } = sink;
  const variants: [string, number[] | null][] = [['acc', outcome.logLikelihoods]];
  if (outcome.metrics.acc_norm !== undefined)
    variants.push(['acc_norm', outcome.lengths && outcome.lengths.every((l) => l > 0) ? lengthNormalized(outcome.logLikelihoods, outcome.lengths) : null]);
  for (const [metric, scores] of variants) {
    const value = outcome.metrics[metric];
    const name = metric === 'acc' ? configuration : `${configuration} acc_norm`;
    const record: Record<string, unknown> = { id: sample.key, model: name, run };
    if (scores) {
      const probs = choiceProbabilities(scores);
      record.probs = Object.fromEntries(probs.map((p, i) => [choiceLetter(i), p]));
      record.pred = choiceLetter(argmaxFirst(scores));
    }
    if (value !== undefined) record.score = value;
    builder.add(toPredictionRecord(record, file.path, sample.line), file.path, sample.line, run, name);
    if (value === undefined) continue;
    const t = sink.tallies.of(name, sample.filter, metric);
    t.n++;
    t.sum += value;
    if (scores && outcome.gold !== null) {
      t.checked++;
      if ((argmaxFirst(scores) === outcome.gold ? 1 : 0) === value) t.agree++;
    }
  }
}

/** A generation sample: a scored prediction, and the match measures of its response against the reference. */
function addGenerationSample(sink: SampleSink, sample: ReadSample, outcome: GenerationOutcome, configuration: string): void {
  const { builder, file, run } = sink;
  const metric = generationMetric(outcome.metrics);
  if (metric === null)
    throw new InputError(`an lm-evaluation-harness generation sample without a metric (exact_match, acc, ...) to score it by`, file.path, sample.line);
  const value = outcome.metrics[metric];
  const score = value >= 0 && value <= 1 ? value : null;
  builder.add(
    toPredictionRecord({ id: sample.key, model: configuration, run, ...(score !== null ? { score } : {}) }, file.path, sample.line),
    file.path,
    sample.line,
    run,
    configuration,
  );
  const t = sink.tallies.of(configuration, sample.filter, metric);
  t.n++;
  t.sum += value;
  if (outcome.reference !== null) {
    t.gen ??= new GenerationSums();
    t.gen.add(matchGeneration(outcome.response, outcome.reference));
  }
}

/** The summary of one tally against the figure the harness's results file gives for it. */
function tallySummary(file: ReadFile, t: Tally, run: string, group: string | null, nShot: number | null): LmEvalTaskSummary {
  // Samples of older harness versions name no filter: the results' one filter for the metric is theirs.
  const reported = file.results?.metrics[file.task] ?? {};
  const forMetric = Object.keys(reported).filter((key) => key.startsWith(`${t.metric},`));
  const harness =
    reported[`${t.metric},${t.filter}`] ?? (!file.samples.some((s) => s.explicitFilter) && forMetric.length === 1 ? reported[forMetric[0]] : null);
  return {
    configuration: t.configuration,
    run,
    task: file.task,
    group,
    nShot,
    filter: t.filter,
    metric: t.metric,
    samples: t.n,
    accuracy: t.n > 0 ? t.sum / t.n : NaN,
    harness,
    ...(t.checked > 0 ? { recomputedAgreement: t.agree / t.checked } : {}),
    ...(t.gen ? { generation: t.gen.summary(t.n) } : {}),
    file: file.path,
  };
}

/** One samples file: its samples into the builder, its tallies into the summary. */
function addSamplesFile(builder: PredictionBuilder, file: ReadFile, index: number, summary: LmEvalTaskSummary[]): void {
  builder.addPath(file.path, index);
  const model = file.results?.model ?? basename(file.path.replace(/\/[^/]*$/, '')) ?? 'model';
  const nShot = file.results?.nShot[file.task] ?? null;
  const run = file.stamp ?? basename(file.path).replace(/\.jsonl?$/i, '');
  const group = file.results?.groupOf[file.task] ?? null;
  const sink: SampleSink = { builder, file, run, tallies: new Tallies() };
  const base = `${model} ${nShot ?? '?'}-shot`;
  for (const sample of file.samples) {
    const configuration = sample.filter === 'none' ? base : `${base} ${sample.filter}`;
    const outcome = sample.outcome;
    if (outcome.kind === 'choice') addChoiceSample(sink, sample, outcome, configuration);
    else addGenerationSample(sink, sample, outcome, configuration);
  }
  for (const t of sink.tallies.byId.values()) summary.push(tallySummary(file, t, run, group, nShot));
}

/** The runs of the samples, aligned to the rows, and the per-task summary against the harness's figures. */
export function lmEvalPredictions(inputs: LmEvalInputs, labels: Labels | null): { predictions: Predictions; summary: LmEvalTaskSummary[] } {
  const classes = labels?.classes ?? Array.from({ length: inputs.maxChoices }, (_, i) => choiceLetter(i));
  const builder = new PredictionBuilder({
    rowCount: inputs.data.rowCount,
    resolveRow: (id) => inputs.keys.get(String(id)) ?? -1,
    classes: classes.length > 0 ? classes : null,
    dataHasLabels: true,
  });
  const summary: LmEvalTaskSummary[] = [];
  inputs.files.forEach((file, index) => addSamplesFile(builder, file, index, summary));
  const built = builder.build(classes.length > 0 ? classes : null, null);
  // Each run is one configuration's evaluation; runs of one configuration are that evaluation repeated.
  for (const run of built.predictions.runs) run.configuration = run.model ?? run.name;
  return { predictions: built.predictions, summary };
}
