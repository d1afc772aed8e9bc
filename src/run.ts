import { BASELINE_MODEL } from './core/vocabulary.js';
import { compareWithBaseline, gateAgainstBaseline, sizeFromChecks } from './report/baseline.js';
import { loadBaselineReport } from './baseline-input.js';
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import { builtinChecks } from './checks/registry.js';
import { runChecks } from './checks/run.js';
import type { AnyCheck, Settings } from './checks/types.js';
import type { Config } from './config.js';
import { labelsFromColumn } from './data/labels.js';
import type { Labels, Predictions, Roles } from './data/model.js';
import { detectRoles } from './data/roles.js';
import { classOrderMismatch, type ClassOrderMismatch } from './math/class-order.js';
import { readClassNames } from './io/class-names.js';
import type { DataTable } from './data/table.js';
import { InputError } from './errors.js';
import { loadData } from './io/data.js';
import { configureInput } from './io/source.js';
import { loadPredictions } from './io/predictions.js';
import { lmEvalAudit, lmEvalJoined, lmEvalPaths } from './io/lm-eval/audit-inputs.js';
import type { LmEvalTaskSummary } from './io/lm-eval/load.js';
import { isOpenCompassPath } from './io/opencompass/files.js';
import { checkStdin } from './input-files.js';
import { openCompassAudit } from './io/opencompass/load.js';
import { loadTrainingLogs } from './io/logs/load.js';
import { withMatrixRuns } from './io/probs-matrix.js';
import { loadEmbeddings } from './io/embeddings.js';
import { readLabelsArray } from './io/labels-array.js';
import type { TrainingLogs } from './data/training-log.js';
import { loadPlugins } from './plugins.js';
import { countBySeverity, getExitCode, type FailOn } from './report/gate.js';
import { SCHEMA_VERSION, type Report } from './report/schema.js';
import { rankRemedies } from './remedies/rank.js';
import { detectTask } from './remedies/task.js';
import { NO_PROGRESS, type Progress } from './core/progress.js';
import type { Embeddings } from './data/embeddings.js';
import { reportInputs, type LoadedInputs } from './report/inputs.js';
import { createAudit, type Audit } from './report/audit.js';
import { checkResults } from './checks/results.js';

const require = createRequire(import.meta.url);
export const VERSION: string = (require('../package.json') as { version: string }).version;

export interface RunRequest extends Config {
  data: string;
  predictions: string[];
  stdin?: Readable;
  /** Where the phases of a long audit are told (the CLI's progress bar); nothing by default. */
  progress?: Progress;
}

export interface RunResult {
  report: Report;
  /** The report with the checks of the audit (plugins included), for rendering and export. */
  audit: Audit;
  exitCode: 0 | 1;
  /** The loaded inputs, for exporters that write cleaned copies. */
  inputs: { data: DataTable; roles: Roles; labels: Labels | null; predictions: Predictions | null };
}

/** Every check available: built-ins, then plugins. */
export async function availableChecks(plugins: readonly string[] = [], pluginTimeoutSeconds?: number): Promise<AnyCheck[]> {
  const extra = await loadPlugins(plugins, new Set(builtinChecks.map((check) => check.id)), pluginTimeoutSeconds);
  return [...builtinChecks, ...extra];
}

/** The labels of the data's label column, in --classes order when given; unknown labels are an error. */
function dataLabels(data: DataTable, roles: Roles, request: RunRequest): Labels | null {
  if (!roles.label) return null;
  const built = labelsFromColumn(data.column(roles.label)!, request.classes ?? null, request.positiveClass ?? null);
  // An entirely empty label column gives no labels (the predictions may still carry them).
  if (built.classes.length === 0) return null;
  if (built.unknown.length > 0) {
    const first = built.unknown[0];
    throw new InputError(`label "${first.value}" is not one of --classes (${request.classes!.join(', ')})`, data.path, data.lines[first.row]);
  }
  if (request.positiveClass !== undefined && built.positiveClass < 0) {
    throw new InputError(`--positive-class "${request.positiveClass}" is not one of the classes (${built.classes.slice(0, 10).join(', ')})`);
  }
  const { unknown: _unknown, ...labels } = built;
  return labels;
}

/** Exit 2 with the order that fits: what a user with unnamed probability columns must give. */
function classOrderMessage(m: ClassOrderMismatch, sorted: readonly string[]): string {
  const share = (n: number) => `${((100 * n) / m.rows).toFixed(1)}%`;
  const others = m.paths.length > 1 ? ` (and ${m.paths.length - 1} more file${m.paths.length > 2 ? 's' : ''})` : '';
  return `the probability columns${others} look like ${m.fitting.join(',')}, not the sorted label order ${sorted.join(',')} they are read in: in that order ${share(m.agreeFitting)} of ${m.rows.toLocaleString('en-US')} labelled predictions agree with the highest probability, against ${share(m.agreeAsRead)} as read; give --classes ${m.fitting.join(',')} (or --classes-from the model's config.json)`;
}

/** The request with --classes-from read into --classes, and whether the class order was given at all. */
async function resolveClassOrder(request: RunRequest): Promise<{ request: RunRequest; orderGiven: boolean }> {
  if (request.checks && request.checks.length === 0)
    throw new InputError('--checks names no check (give check ids separated by commas; audit checks lists them)');
  // The class order of probability arrays: given (--classes, --classes-from) or checked against the labels below.
  const orderGiven = request.classes !== undefined || request.classesFrom !== undefined;
  if (request.classesFrom !== undefined) {
    if (request.classes !== undefined) throw new InputError('give the class order one way: --classes or --classes-from');
    request = { ...request, classes: await readClassNames(request.classesFrom) };
  }
  return { request, orderGiven };
}

/** The data table and its roles: read from a data file, or built from lm-evaluation-harness samples. */
interface DataInput {
  /** Per positional input (data, then predictions): whether it is an lm-evaluation-harness samples file. */
  harness: boolean[];
  /** The harness samples are the data (their docs are the rows). */
  harnessData: boolean;
  /** Benchmark outputs that are the data: lm-evaluation-harness samples or OpenCompass predictions. */
  lmEval: (Awaited<ReturnType<typeof lmEvalAudit>> & { partial?: string[] }) | null;
  data: DataTable;
  roles: Roles;
}

/** OpenCompass predictions, recognised by content, as the data (their items are the rows); null when the data path is not one. */
async function openCompassInput(request: RunRequest, overrides: Parameters<typeof openCompassAudit>[1]) {
  // A --data-format says what the data is: no sniffing.
  if (request.dataFormat !== undefined || !(await isOpenCompassPath(request.data))) return null;
  for (const path of request.predictions)
    if (!(await isOpenCompassPath(path)))
      throw new InputError(`${path}: not an OpenCompass prediction file; give OpenCompass's prediction files (or output directories) only`);
  return openCompassAudit([request.data, ...request.predictions], overrides);
}

/** lm-evaluation-harness samples, recognised by content: as the data (their docs are the rows) or joined to a data file by doc_id. */
async function readDataInput(request: RunRequest): Promise<DataInput> {
  const harness = request.dataFormat === undefined ? await lmEvalPaths([request.data, ...request.predictions]) : [];
  const harnessData = harness[0] === true;
  if (harnessData && harness.some((is) => !is))
    throw new InputError(
      `${request.predictions[harness.indexOf(false) - 1]}: not an lm-evaluation-harness samples file; give the harness's samples files (or output directories) only, or a data file first`,
    );
  const overrides = { textCol: request.textCol, sliceCols: request.sliceCols, positiveClass: request.positiveClass };
  const lmEval = harnessData ? await lmEvalAudit([request.data, ...request.predictions], overrides) : await openCompassInput(request, overrides);
  const data = lmEval ? lmEval.data : await loadData(request.data, { format: request.dataFormat ?? null, stdin: request.stdin });
  const roles = lmEval
    ? lmEval.roles
    : detectRoles(data, {
        idCol: request.idCol,
        labelCol: request.labelCol,
        textCol: request.textCol,
        splitCol: request.splitCol,
        sliceCols: request.sliceCols,
      });
  const idColumn = roles.id ? data.column(roles.id) : undefined;
  const inexact = idColumn?.stats.firstInexactIntegerRow;
  if (inexact !== undefined) {
    throw new InputError(
      `id ${idColumn!.get(inexact)} is a JSON number above 2^53, which cannot be read exactly and may join the wrong row; write ids as strings`,
      data.path,
      data.lines[inexact],
    );
  }
  return { harness, harnessData, lmEval, data, roles };
}

/** The labels: from the data's label column (or the harness samples), or from --labels. */
async function readLabels(request: RunRequest, input: DataInput): Promise<Labels | null> {
  const { data, roles, lmEval } = input;
  if (request.classes && new Set(request.classes).size !== request.classes.length) {
    const repeated = request.classes.find((name, index) => request.classes!.indexOf(name) !== index);
    throw new InputError(`--classes names "${repeated}" twice: each class must appear once`);
  }
  let labels = lmEval ? lmEval.labels : dataLabels(data, roles, request);
  if (request.labels) {
    if (labels) throw new InputError(`--labels was given and the data has a label column "${roles.label}": give the labels one way only`, data.path);
    labels = await readLabelsArray(request.labels, { rowCount: data.rowCount, classes: request.classes ?? null, positiveClass: request.positiveClass ?? null });
  }
  return labels;
}

/** The training data (--train without --train-text-cols), and the fine-tuning corpus files (streamed by the contamination check). */
async function readTrain(request: RunRequest): Promise<{ train: { data: DataTable; roles: Roles } | null; corpus: string[] }> {
  let train: { data: DataTable; roles: Roles } | null = null;
  const corpus = request.corpus ?? (request.train && request.trainTextCols ? [request.train] : []);
  if (request.corpus && request.train && request.trainTextCols) throw new InputError('give the fine-tuning corpus one way: --train FILE or --corpus FILES');
  if ((corpus.length > 0 || request.partials) && !request.trainTextCols)
    throw new InputError('--corpus and --partials need --train-text-cols (the fields holding the corpus text)');
  if (request.trainTextCols && corpus.length === 0 && !request.partials)
    throw new InputError('--train-text-cols names the text fields of a fine-tuning corpus: give --train FILE (or --corpus FILES)');
  // With its text fields named, the training file is a fine-tuning corpus: streamed by the contamination check, never loaded whole.
  if (request.train && !request.trainTextCols) {
    const trainData = await loadData(request.train, { stdin: request.stdin });
    train = { data: trainData, roles: detectRoles(trainData, { idCol: request.idCol, labelCol: request.labelCol, textCol: request.textCol }) };
  }
  return { train, corpus };
}

/** The runs' predictions (harness samples, prediction files, --probs matrices) and the labels they may bring. */
interface PredictionInput {
  predictions: Predictions | null;
  labels: Labels | null;
  lmEvalSummary: LmEvalTaskSummary[] | null;
  /** OpenCompass's partial (`tmp_`) prediction files found in the directories given and not read. */
  partialFiles: string[];
}

/** Reads the prediction files (and the harness samples joined to the data) into runs. */
async function readPredictionFiles(request: RunRequest, input: DataInput, labels: Labels | null, progress: Progress): Promise<PredictionInput> {
  const { harness, lmEval, data, roles } = input;
  const read: PredictionInput = {
    predictions: lmEval ? lmEval.predictions : null,
    labels,
    lmEvalSummary: lmEval ? lmEval.summary : null,
    partialFiles: lmEval?.partial ?? [],
  };
  const joinedHarness = !lmEval && harness.length > 1 && harness.slice(1).every((is) => is);
  if (joinedHarness) {
    const joined = await lmEvalJoined(request.predictions, data, roles, labels);
    read.predictions = joined.predictions;
    read.lmEvalSummary = joined.summary;
    // The data file's rows are the items of the joined samples' task: benchmark items, not training data.
    roles.benchmark = {
      harness: 'lm-evaluation-harness',
      taskColumn: null,
      itemColumns: [...(roles.text ? [roles.text] : []), ...roles.features],
    };
  }
  const { paths: predictionPaths, models } = lmEval || joinedHarness ? { paths: [] as string[], models: [] as (string | null)[] } : predictionFiles(request);
  if (predictionPaths.length > 0) {
    progress.phase('reading the predictions');
    const loaded = await loadPredictions(predictionPaths, {
      models,
      data,
      roles,
      labels,
      classes: request.classes ?? null,
      positiveClass: request.positiveClass ?? null,
      snapshot: request.snapshot ?? null,
      stdin: request.stdin,
    });
    read.predictions = loaded.predictions;
    read.labels = loaded.labels;
    if (!read.labels && read.predictions.runs.every((r) => r.score === null)) {
      throw new InputError(
        'the predictions cannot be scored: the data has no label column (give --label-col) and the prediction records carry neither "label" nor "correct"/"score"',
        data.path,
      );
    }
  }
  return read;
}

/** The predictions with the --probs runs added, checked against the class order and --snapshot. */
async function readPredictions(
  request: RunRequest,
  orderGiven: boolean,
  input: DataInput,
  labels: Labels | null,
  progress: Progress,
): Promise<PredictionInput> {
  const read = await readPredictionFiles(request, input, labels, progress);
  const { data } = input;
  if (request.probs && request.probs.length > 0) {
    read.predictions = await withMatrixRuns(read.predictions, request.probs, {
      rowCount: data.rowCount,
      labels: read.labels,
      classes: request.classes ?? null,
    });
    if (!read.labels) throw new InputError('the --probs runs cannot be scored: the data has no label column (give --label-col)', data.path);
  }
  if (!orderGiven && read.labels && read.predictions) {
    const mismatch = classOrderMismatch(read.labels, read.predictions.runs);
    if (mismatch) throw new InputError(classOrderMessage(mismatch, read.labels.classes), mismatch.paths[0]);
  }
  if (request.snapshot !== undefined && !read.predictions?.snapshots)
    throw new InputError(`--snapshot ${request.snapshot}: no prediction record carries an epoch, step or checkpoint`);
  return read;
}

/** The embeddings (--embeddings, --embedding-col), and the roles without the vector column. */
async function readEmbeddings(
  request: RunRequest,
  data: DataTable,
  roles: Roles,
  progress: Progress,
): Promise<{ embeddings: Embeddings | null; roles: Roles }> {
  if (request.embeddings || request.embeddingCol) progress.phase('reading the embeddings');
  const embeddings = await loadEmbeddings({ data, path: request.embeddings ?? null, column: request.embeddingCol ?? null });
  if (embeddings?.source.format === 'column') {
    // The vector column is the embedding, not a feature or slice to compare as text.
    const name = embeddings.source.field;
    if (name === roles.id || name === roles.label || name === roles.split)
      throw new InputError(`--embedding-col "${name}" is also the ${name === roles.id ? 'id' : name === roles.label ? 'label' : 'split'} column`);
    roles = {
      ...roles,
      text: roles.text === name ? null : roles.text,
      features: roles.features.filter((f) => f !== name),
      slices: roles.slices.filter((f) => f !== name),
      assignments: [...roles.assignments.filter((a) => a.column !== name), { column: name!, role: 'embedding', reason: 'given with --embedding-col' }],
    };
  }
  return { embeddings, roles };
}

/** Reads every input, in order: data, labels, training data, predictions, logs, embeddings. */
async function loadInputs(request: RunRequest, orderGiven: boolean, progress: Progress): Promise<LoadedInputs & { corpus: string[] }> {
  progress.phase('reading the data');
  const input = await readDataInput(request);
  const { data } = input;
  const givenLabels = await readLabels(request, input);
  const { train, corpus } = await readTrain(request);
  const { predictions, labels, lmEvalSummary, partialFiles } = await readPredictions(request, orderGiven, input, givenLabels, progress);
  const logs: TrainingLogs | null = request.logs && request.logs.length > 0 ? await loadTrainingLogs(request.logs) : null;
  const { embeddings, roles } = await readEmbeddings(request, data, input.roles, progress);
  return { data, roles, labels, predictions, train, logs, embeddings, lmEvalSummary, partialFiles, corpus };
}

/** The task (--task, or detected from the inputs). */
function taskOf(request: RunRequest, { data, roles, predictions }: LoadedInputs) {
  return (
    request.task ??
    detectTask({
      hasText: roles.text !== null,
      columnNames: data.columns.map((column) => column.name),
      numericFeatureShare: roles.features.length === 0 ? 0 : roles.features.filter((name) => data.column(name)!.isNumeric).length / roles.features.length,
      scoresOnly: predictions !== null && predictions.runs.length > 0 && predictions.runs.every((r) => r.score !== null && r.pred === null),
      ...(roles.benchmark ? { benchmarkHarness: roles.benchmark.harness } : {}),
    })
  );
}

/** Each check's options: the config's checkOptions, with the defaults that the request's shared settings give. */
function checkOptionsOf(request: RunRequest, checks: readonly AnyCheck[], corpus: string[]): Record<string, Record<string, unknown>> {
  const checkOptions: Record<string, Record<string, unknown>> = { ...(request.checkOptions ?? {}) };
  if (request.maxExamples !== undefined) {
    // The config's maxExamples is every check's default; a check's own checkOptions still win.
    for (const check of checks) {
      const shape = (check.options as { shape?: Record<string, unknown> } | undefined)?.shape;
      if (shape && 'maxExamples' in shape) checkOptions[check.id] = { maxExamples: request.maxExamples, ...checkOptions[check.id] };
    }
  }
  if (request.trainTextCols)
    checkOptions.contamination = {
      files: request.partials ? [] : corpus,
      textCols: request.trainTextCols,
      partials: request.partials ?? [],
      ...checkOptions.contamination,
    };
  if (request.nearDupThreshold !== undefined) {
    // One threshold for every check built on near-duplicate pairs (each names its option), so they share one index.
    for (const check of checks) {
      const option = check.sharedOptions?.nearDupThreshold;
      if (option !== undefined) checkOptions[check.id] = { [option]: request.nearDupThreshold, ...checkOptions[check.id] };
    }
  }
  return checkOptions;
}

/** Runs the checks on the loaded inputs, gates the findings (against a baseline report when given) and ranks the remedies. */
async function audit(request: RunRequest, checks: readonly AnyCheck[], inputs: LoadedInputs & { corpus: string[] }, progress: Progress) {
  const { data, roles, labels, predictions, train, logs, embeddings } = inputs;
  const task = taskOf(request, inputs);
  const settings: Partial<Settings> = { task, lang: request.lang ?? 'en', sliceDepth: request.sliceDepth ?? 1, seed: request.seed ?? 42 };
  const output = await runChecks(
    checks,
    { data, roles, labels, predictions, train, logs, embeddings, settings },
    {
      only: request.checks ?? null,
      skip: request.skipChecks ?? null,
      checkOptions: checkOptionsOf(request, checks, inputs.corpus),
      maxCheckReportBytes: request.maxCheckReportBytes,
      progress,
      pluginTimeoutMs: request.pluginTimeout === undefined ? undefined : request.pluginTimeout * 1000,
      timing: request.timing === true,
    },
  );

  const failOn: FailOn = request.failOn ?? 'high';
  // Against a baseline report, each finding gets its state; the gate then counts new and worse ones only.
  const baseline = request.baselineReport
    ? compareWithBaseline(
        output.findings,
        await loadBaselineReport(request.baselineReport),
        request.baselineReport,
        sizeFromChecks(checks),
        data.read?.sha256 ?? null,
      )
    : null;
  const gated = gateAgainstBaseline(output.findings, baseline, failOn, request.gate);
  output.findings = gated.findings as typeof output.findings;
  // Each check's metrics typed by its schema, once: ranking, export and rendering read these.
  const results = checkResults(checks, output.checks);
  const remedies = rankRemedies({
    results,
    definitions: checks,
    findings: output.findings,
    checks: output.checks,
    task,
    lang: settings.lang ?? 'en',
    benchmark: roles.benchmark !== undefined,
  });
  return { task, settings, output, failOn, baseline, passed: gated.passed, scope: gated.scope, remedies, results };
}

type Audited = Awaited<ReturnType<typeof audit>>;

/** The report of an audit. */
function buildReport(checks: readonly AnyCheck[], inputs: LoadedInputs, audited: Audited): Report {
  const { task, settings, output, failOn, baseline, passed, scope, remedies } = audited;
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: 'trainaudit', version: VERSION },
    inputs: reportInputs(inputs),
    options: { checks: checks.map((check) => check.id), task, lang: settings.lang ?? 'en' },
    checks: output.checks,
    findings: output.findings,
    remedies: remedies,
    summary: { findings: output.findings.length, bySeverity: countBySeverity(output.findings), gate: { failOn, passed, ...(baseline ? { scope } : {}) } },
    ...(baseline ? { baseline: baseline.summary } : {}),
  };
}

/** Loads the inputs, runs the checks and builds the report. Never prints. */
export async function run(request: RunRequest): Promise<RunResult> {
  checkStdin(request.data, request.predictions, request);
  const resolved = await resolveClassOrder(request);
  request = resolved.request;
  const checks = await availableChecks(request.plugins ?? [], request.pluginTimeout);
  configureInput({
    encoding: request.encoding,
    maxInputBytes: request.maxInputBytes,
    maxCompressionRatio: request.maxCompressionRatio,
    maxLineChars: request.maxLineChars,
  });
  const progress = request.progress ?? NO_PROGRESS;
  const inputs = await loadInputs(request, resolved.orderGiven, progress);
  const audited = await audit(request, checks, inputs, progress);
  const report = buildReport(checks, inputs, audited);
  const { data, roles, labels, predictions } = inputs;
  return { report, audit: createAudit(checks, report, audited.results), exitCode: getExitCode(report), inputs: { data, roles, labels, predictions } };
}

/**
 * The prediction files and the model each belongs to: the positional files, then the files of
 * `models` not among them. A file named under two models is an error.
 */
export function predictionFiles(request: Pick<RunRequest, 'predictions' | 'models' | 'baselineRuns'>): { paths: string[]; models: (string | null)[] } {
  const paths = [...request.predictions];
  const models: (string | null)[] = paths.map(() => null);
  // --baseline-runs are the files of the model "baseline".
  const byModel: Record<string, string[]> = { ...(request.models ?? {}) };
  if (request.baselineRuns && request.baselineRuns.length > 0) byModel[BASELINE_MODEL] = [...(byModel[BASELINE_MODEL] ?? []), ...request.baselineRuns];
  for (const [model, files] of Object.entries(byModel)) {
    for (const file of files) {
      let index = paths.indexOf(file);
      if (index < 0) {
        paths.push(file);
        models.push(null);
        index = paths.length - 1;
      }
      if (models[index] !== null && models[index] !== model)
        throw new InputError(`the prediction file ${JSON.stringify(file)} is given to two models, "${models[index]}" and "${model}"`);
      models[index] = model;
    }
  }
  return { paths, models };
}
