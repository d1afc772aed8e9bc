/**
 * OpenCompass predictions as an audit's inputs, with no conversion: one row per dataset and item
 * (the item's own part of the prompt as its text, the gold choice as its label or the gold answer
 * as its reference), one run per model and run directory. Whether an answer is correct comes from
 * the evaluation's per-sample details when its results file keeps them (OpenCompass's own
 * post-processing and verdict), else from reading the prediction text.
 */
import { basename } from 'node:path';
import { InputError } from '../../errors.js';
import { TableBuilder, type DataTable } from '../../data/table.js';
import { PredictionBuilder, toPredictionRecord } from '../../data/predictions.js';
import type { Labels, Predictions, Roles } from '../../data/model.js';
import { detectRoles } from '../../data/roles.js';
import { labelsFromColumn } from '../../data/labels.js';
import { bestMatch, GenerationSums, matchGeneration, normalizeAnswer } from '../../math/generation-match.js';
import { openSource, firstChunk } from '../source.js';
import { parseJsonObjectEntries } from '../json.js';
import type { LmEvalTaskSummary } from '../lm-eval/load.js';
import { choiceNamed, datasetOptions, goldLetter, itemParts, promptText } from './answers.js';
import { predictionsFiles, readResults, readSummary, type PredictionsFile, type ResultDetail, type ResultsInfo, type SummaryInfo } from './files.js';

/** Keys of an item that are the prompt, the answer or the gold, not a description of the item. */
const NOT_ITEM_FIELDS = new Set(['origin_prompt', 'prediction', 'gold', 'refr', 'reference', 'references', 'answer']);

interface Item {
  key: string;
  line: number;
  prompt: string;
  prediction: string;
  /** The gold answers (one for a choice; one or more accepted answers for generation). */
  golds: string[];
  fields: Record<string, unknown>;
}

interface ReadPredictions extends PredictionsFile {
  items: Item[];
  results: ResultsInfo | null;
  summary: SummaryInfo | null;
  /** Every item's gold is a choice letter. */
  choice: boolean;
  options: string;
  /** The dataset's group (MMLU's subjects: `mmlu`), set once every file is read. */
  group: string | null;
}

const asText = (value: unknown): string => (typeof value === 'string' ? value : value === null || value === undefined ? '' : JSON.stringify(value));

function goldsOf(record: Record<string, unknown>, detail: ResultDetail | undefined): string[] {
  const gold = record.gold ?? record.refr ?? record.reference ?? record.answer ?? detail?.references ?? null;
  if (gold === null) return [];
  // An empty gold answer is none: the item cannot be scored (missing-values reports it).
  return (Array.isArray(gold) ? gold : [gold]).map(asText).filter((answer) => answer.trim() !== '');
}

/** Reads one prediction file with its results file and the run's summary. */
async function readPredictions(file: PredictionsFile, summaries: Map<string, SummaryInfo | null>): Promise<ReadPredictions> {
  const results = await readResults(file);
  if (file.runDir !== null && !summaries.has(file.runDir)) summaries.set(file.runDir, await readSummary(file.runDir));
  const items: Item[] = [];
  const source = await openSource(file.path);
  const opened = await firstChunk(source);
  if (!opened || opened.head.trim() === '') throw new InputError('the prediction file is empty', file.path);
  await parseJsonObjectEntries(opened.chunks, file.path, (key, record, line) => {
    const fields: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(record)) if (!NOT_ITEM_FIELDS.has(name)) fields[name] = value;
    items.push({
      key,
      line,
      prompt: promptText(record.origin_prompt),
      prediction: asText(record.prediction),
      golds: goldsOf(record, results?.details?.get(key)),
      fields,
    });
  });
  if (items.length === 0) throw new InputError('the prediction file holds no item', file.path);
  if (items.every((item) => item.golds.length === 0))
    throw new InputError('the items carry no gold answer ("gold" or "refr") and no results file gives their references: they cannot be scored', file.path);
  const choice = items.every((item) => item.golds.length === 1 && goldLetter(item.golds[0]) !== null);
  const options = choice
    ? datasetOptions(
        items.map((item) => item.prompt),
        items.map((item) => goldLetter(item.golds[0])!),
      )
    : '';
  return { ...file, items, results, summary: file.runDir === null ? null : (summaries.get(file.runDir) ?? null), choice, options, group: null };
}

export interface OpenCompassInputs {
  data: DataTable;
  files: ReadPredictions[];
  keys: Map<string, number>;
  /** Letters offered by the widest multiple-choice dataset (empty: generation only). */
  options: string;
  /** OpenCompass's partial `tmp_` prediction files found in the directories and not read. */
  partial: string[];
}

/** Datasets named `<prefix>_<subject>` (or `-`) whose prefix two of them share: that prefix is their group (MMLU's subjects). */
function groupsOf(datasets: readonly string[]): Map<string, string> {
  const prefix = (name: string) => /^(.+?)[_-]./.exec(name)?.[1] ?? null;
  const counts = new Map<string, number>();
  for (const name of new Set(datasets)) {
    const p = prefix(name);
    if (p !== null) counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  const groups = new Map<string, string>();
  for (const name of datasets) {
    const p = prefix(name);
    if (p !== null && (counts.get(p) ?? 0) >= 2) groups.set(name, p);
  }
  return groups;
}

/** Reads the prediction files the paths name, and the rows their items make. */
export async function loadOpenCompassData(paths: readonly string[]): Promise<OpenCompassInputs> {
  const found = await predictionsFiles(paths);
  const summaries = new Map<string, SummaryInfo | null>();
  const files: ReadPredictions[] = [];
  for (const file of found.files) files.push(await readPredictions(file, summaries));
  const groups = groupsOf(files.map((file) => file.dataset));
  for (const file of files) file.group = groups.get(file.dataset) ?? null;
  const table = new TableBuilder(paths[0], 'json');
  const keys = new Map<string, number>();
  let options = '';
  for (const file of files) {
    if (file.choice && file.options.length > options.length) options = file.options;
    const parts = itemParts(file.items.map((item) => item.prompt));
    file.items.forEach((item, i) => {
      const key = `${file.dataset}:${item.key}`;
      if (keys.has(key)) return;
      keys.set(key, table.rowCount);
      const row: Record<string, unknown> = { id: key, task: file.dataset, ...(file.group ? { group: file.group } : {}), question: parts[i] };
      if (file.choice) row.label = goldLetter(item.golds[0]);
      else if (item.golds.length > 0) row.reference = item.golds[0];
      for (const [name, value] of Object.entries(item.fields)) row[`item.${name}`] = value;
      table.addRecord(row, item.line);
    });
  }
  return { data: table.build(), files, keys, options, partial: found.partial };
}

/** The metric's figure on a 0-1 scale: OpenCompass's evaluators write percentages; a figure at most 1 that the items' mean matches as a fraction was written as one (some evaluators do). */
function onUnitScale(value: number, accuracy: number): number {
  return value <= 1 && Math.abs(value - accuracy) < Math.abs(value / 100 - accuracy) ? value : value / 100;
}

/** Running sums of one file, for its summary line. */
interface Tally {
  n: number;
  correct: number;
  /** Items whose answer read from the prediction text agrees with OpenCompass's post-processed one. */
  agree: number;
  checked: number;
  /** Items whose verdict is the evaluation's own (from the results file's details). */
  verdicts: number;
  gen: GenerationSums | null;
}

/** One multiple-choice item: the chosen letter and whether it is correct. */
function choiceOutcome(file: ReadPredictions, item: Item, tally: Tally): { pred: string; correct: boolean } {
  const gold = goldLetter(item.golds[0])!;
  const read = choiceNamed(item.prediction, file.options);
  const detail = file.results?.details?.get(item.key);
  if (!detail) return { pred: read, correct: read === gold };
  const post = asText(detail.prediction).trim();
  const pred = post.length === 1 && file.options.includes(post) ? post : '';
  tally.checked++;
  tally.verdicts++;
  if (read === pred) tally.agree++;
  const references = Array.isArray(detail.references) ? detail.references.map(asText) : [asText(detail.references)];
  return { pred, correct: detail.correct ?? references.includes(asText(detail.prediction)) };
}

/** One generation item: whether it is correct (the evaluation's verdict, else a normalised match with a gold answer), and the match measures. */
function generationOutcome(file: ReadPredictions, item: Item, tally: Tally): boolean {
  const matches = item.golds.map((gold) => matchGeneration(item.prediction, gold));
  if (matches.length > 0) {
    tally.gen ??= new GenerationSums();
    tally.gen.add(bestMatch(matches));
  }
  const detail = file.results?.details?.get(item.key);
  if (detail?.correct !== null && detail?.correct !== undefined) {
    tally.verdicts++;
    return detail.correct;
  }
  const answer = normalizeAnswer(item.prediction);
  return item.golds.some((gold) => normalizeAnswer(gold) === answer);
}

/** The figure OpenCompass reported for the file: its results file, else the run's summary (for the results' metric, or the dataset's one metric). */
function reported(file: ReadPredictions, accuracy: number): { metric: string; harness: number | null; reportedIn?: string } {
  const fallbackMetric = file.choice ? 'accuracy' : 'normalized_match';
  if (file.results?.value !== null && file.results?.value !== undefined)
    return { metric: file.results.metric!, harness: onUnitScale(file.results.value, accuracy), reportedIn: file.results.path };
  const figures = file.summary?.figures(file.dataset, file.model);
  if (figures && figures.size > 0) {
    const metric = [...figures.keys()][0];
    return { metric, harness: onUnitScale(figures.get(metric)!, accuracy), reportedIn: file.summary!.path };
  }
  return { metric: fallbackMetric, harness: null };
}

/** One file's items as a run's records, and its summary line. */
function addFile(builder: PredictionBuilder, file: ReadPredictions, index: number, keys: Map<string, number>): LmEvalTaskSummary {
  builder.addPath(file.path, index);
  const configuration = file.setting ? `${file.model} ${file.setting}` : file.model;
  const run = file.runDir !== null ? basename(file.runDir) : configuration;
  const tally: Tally = { n: 0, correct: 0, agree: 0, checked: 0, verdicts: 0, gen: null };
  for (const item of file.items) {
    const id = `${file.dataset}:${item.key}`;
    if (!keys.has(id) || item.golds.length === 0) continue;
    const record: Record<string, unknown> = { id, model: configuration, run };
    let correct: boolean;
    if (file.choice) {
      const outcome = choiceOutcome(file, item, tally);
      if (outcome.pred !== '') record.pred = outcome.pred;
      correct = outcome.correct;
    } else correct = generationOutcome(file, item, tally);
    record.score = correct ? 1 : 0;
    tally.n++;
    if (correct) tally.correct++;
    builder.add(toPredictionRecord(record, file.path, item.line), file.path, item.line, run, configuration);
  }
  const accuracy = tally.n > 0 ? tally.correct / tally.n : NaN;
  return {
    configuration,
    run,
    task: file.dataset,
    group: file.group,
    nShot: null,
    filter: 'none',
    ...reported(file, accuracy),
    samples: tally.n,
    accuracy,
    answersFrom: tally.n > 0 && tally.verdicts === tally.n ? 'results-details' : 'prediction-text',
    evaluationVerdicts: tally.verdicts,
    ...(tally.checked > 0 ? { recomputedAgreement: tally.agree / tally.checked } : {}),
    ...(tally.gen ? { generation: tally.gen.summary(tally.n) } : {}),
    file: file.path,
  };
}

/** The runs of the prediction files, aligned to the rows, and the per-dataset summary against OpenCompass's figures. */
export function openCompassPredictions(inputs: OpenCompassInputs, labels: Labels | null): { predictions: Predictions; summary: LmEvalTaskSummary[] } {
  const classes = labels?.classes ?? inputs.options.split('');
  const builder = new PredictionBuilder({
    rowCount: inputs.data.rowCount,
    resolveRow: (id) => inputs.keys.get(String(id)) ?? -1,
    classes: classes.length > 0 ? classes : null,
    dataHasLabels: true,
  });
  const summary = inputs.files.map((file, index) => addFile(builder, file, index, inputs.keys));
  const built = builder.build(classes.length > 0 ? classes : null, null);
  // Each model (and setting) is one configuration; its runs in other run directories are that evaluation repeated.
  for (const run of built.predictions.runs) run.configuration = run.model ?? run.name;
  return { predictions: built.predictions, summary };
}

/** OpenCompass predictions as the data and the runs: one row per dataset and item, the dataset (and its group) as slices. */
export async function openCompassAudit(
  paths: readonly string[],
  overrides: { textCol?: string; sliceCols?: string[]; positiveClass?: string },
): Promise<{ data: DataTable; roles: Roles; labels: Labels | null; predictions: Predictions; summary: LmEvalTaskSummary[]; partial: string[] }> {
  const inputs = await loadOpenCompassData(paths);
  const data = inputs.data;
  const sliceCols = [...new Set([...(overrides.sliceCols ?? []), 'task', ...(data.column('group') ? ['group'] : [])])];
  const roles: Roles = {
    ...detectRoles(data, {
      idCol: 'id',
      labelCol: data.column('label') ? 'label' : null,
      textCol: overrides.textCol ?? 'question',
      splitCol: null,
      sliceCols,
    }),
    benchmark: {
      harness: 'OpenCompass',
      taskColumn: 'task',
      ...(data.column('reference') ? { answerColumn: 'reference' } : {}),
      itemColumns: data.columns.map((column) => column.name).filter((name) => name === 'question' || name.startsWith('item.')),
    },
  };
  let labels: Labels | null = null;
  if (roles.label && inputs.options.length > 0) {
    const { unknown: _unknown, ...known } = labelsFromColumn(data.column(roles.label)!, inputs.options.split(''), overrides.positiveClass ?? null);
    labels = known;
  }
  const { predictions, summary } = openCompassPredictions(inputs, labels);
  return { data, roles, labels, predictions, summary, partial: inputs.partial };
}
