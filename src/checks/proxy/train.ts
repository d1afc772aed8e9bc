/**
 * The proxy model: a multinomial logistic regression (math/logistic-regression.ts) on the data's
 * own features, trained on the training rows (at most a sample of them) and judged on the
 * evaluation rows; without a split, cross-fitted over folds of every labelled row. The same fit
 * with one data remedy applied to its training rows (labels changed, rows dropped or weighted),
 * warm-started from it and judged on the same rows, sizes what that remedy gains: a what-if.
 */
import type { CheckContext } from '../types.js';
import { createRandom } from '../../math/random.js';
import { fitLogistic, predictProba, type LogisticModel } from '../../math/logistic-regression.js';
import { prepareProxyFeatures, type ProxyFeatureDescription } from '../../math/proxy-features.js';
import type { FeatureMatrix } from '../../math/feature-matrix.js';
import { foldPositions, stratifiedFolds } from '../../math/cross-fit.js';
import type { Options } from './options.js';
import { arr, isObj } from '../support/evidence.js';

export interface ProxyFold {
  /** Matrix rows the proxy fits (a seeded sample of the training rows when there are more than the cap). */
  train: Int32Array;
  /** Matrix rows it is judged on. */
  held: Int32Array;
}

export interface ProxySetup {
  matrix: FeatureMatrix;
  description: ProxyFeatureDescription;
  /** The data row of each matrix row (ascending): the sampled training and evaluation rows. */
  dataRows: Int32Array;
  /** The label code of each matrix row. */
  labels: Int32Array;
  classes: readonly string[];
  mode: 'split' | 'cross-fit';
  folds: ProxyFold[];
  /** Labelled training rows available, and how many the fits read (per fold, at most). */
  trainingRowsAvailable: number;
  trainingRowsUsed: number;
  /** Evaluation rows available, and the matrix rows judged (ascending); `position` maps a matrix row to its index there. */
  evaluationRowsAvailable: number;
  evaluated: Int32Array;
  position: Map<number, number>;
}

/** A change to the training rows (labels replaced, weights: 0 drops a row), or to the penalty. */
export interface TrainingChange {
  labels?: Int32Array;
  weights?: Float64Array;
  /** Inverse L2 penalty instead of the options' C. */
  C?: number;
}

/** At most `limit` of `rows`, drawn by a seeded shuffle, ascending. */
export function sampleRows(rows: Int32Array, limit: number, seed: number): Int32Array {
  if (rows.length <= limit) return rows;
  const copy = Int32Array.from(rows);
  const random = createRandom(seed);
  for (let i = 0; i < limit; i++) {
    const j = i + random.int(copy.length - i);
    const t = copy[i];
    copy[i] = copy[j];
    copy[j] = t;
  }
  return copy.slice(0, limit).sort();
}

/** The feature columns by kind: numbers, low-cardinality categories (dictionary-coded), the text, the embeddings. */
function featureColumns(context: CheckContext<Options>) {
  const numeric: string[] = [];
  const categorical: string[] = [];
  // A column that gives the label away (slices' target-proxy) would make the proxy a cheat: left out.
  const proxies = new Set((arr(context.earlier('slices'), 'targetProxies') ?? []).flatMap((entry) => (isObj(entry) && typeof entry.column === 'string' ? [entry.column] : [])));
  for (const name of context.roles.features) {
    if (proxies.has(name)) continue;
    const column = context.data.column(name);
    if (!column) continue;
    if (column.isNumeric) numeric.push(name);
    else if (column.codes && column.levels) categorical.push(name);
  }
  const embeddings = context.embeddings ? { vectors: context.embeddings.vectors, dimensions: context.embeddings.dimensions } : null;
  return { numeric, categorical, text: context.roles.text, embeddings };
}

/** Why the proxy cannot be built, or its setup. */
export function setUpProxy(context: CheckContext<Options>): ProxySetup | string {
  const codes = context.labels!.codes;
  const opts = context.options;
  const columns = featureColumns(context);
  if (columns.numeric.length + columns.categorical.length === 0 && !columns.text && !columns.embeddings) return 'no feature, text or embedding column to train a proxy model on';
  if (context.train) return 'the training rows are in a separate file (--train): the proxy model trains on the data file\'s own training rows (a split column)';
  const roles = context.rowRoles;
  const cap = columns.text ? opts.maxTextTrainingRows : opts.maxTrainingRows;
  const labelled: number[] = [];
  const training: number[] = [];
  const evaluation: number[] = [];
  for (let row = 0; row < codes.length; row++) {
    if (codes[row] < 0) continue;
    labelled.push(row);
    if (roles.source === 'split-column' && !roles.evaluation[row]) training.push(row);
    else evaluation.push(row);
  }
  // Data rows of each fold first; matrix rows after, once the sampled rows are known.
  let dataFolds: { train: Int32Array; held: Int32Array }[];
  let mode: ProxySetup['mode'];
  let trainingAvailable: number;
  let evaluationAvailable: number;
  if (roles.source === 'split-column') {
    if (training.length < 20 || evaluation.length < 20) return `too few labelled rows for a proxy model (${training.length} training, ${evaluation.length} evaluation; 20 of each at least)`;
    mode = 'split';
    trainingAvailable = training.length;
    evaluationAvailable = evaluation.length;
    dataFolds = [{ train: sampleRows(Int32Array.from(training), cap, context.settings.seed + 71), held: sampleRows(Int32Array.from(evaluation), opts.maxEvaluationRows, context.settings.seed + 72) }];
  } else {
    if (labelled.length < 10 * opts.folds) return `too few labelled rows for a cross-fitted proxy model (${labelled.length}; ${10 * opts.folds} at least)`;
    mode = 'cross-fit';
    trainingAvailable = labelled.length;
    evaluationAvailable = labelled.length;
    // A sample small enough that each fold's training part stays within the cap.
    const rows = sampleRows(Int32Array.from(labelled), Math.floor((cap * opts.folds) / (opts.folds - 1)), context.settings.seed + 73);
    const fold = stratifiedFolds(codes, rows, opts.folds, context.settings.seed + 74);
    dataFolds = foldPositions(fold, opts.folds).map(({ fit, held }) => ({ train: fit.map((i) => rows[i]), held: held.map((i) => rows[i]) }));
  }
  // A linear model needs a few rows of each class to learn it (and its weights grow with the classes).
  const classCount = context.labels!.classes.length;
  const trainable = roles.source === 'split-column' ? training.length : labelled.length;
  if (trainable < MIN_ROWS_PER_CLASS * classCount) return `too few labelled training rows per class for a proxy model (${trainable} rows, ${classCount} classes; ${MIN_ROWS_PER_CLASS} per class at least on average)`;
  const dataRows = Int32Array.from(new Set(dataFolds.flatMap((f) => [...f.train, ...f.held]))).sort();
  const matrixRow = new Map<number, number>();
  dataRows.forEach((row, i) => matrixRow.set(row, i));
  const toMatrix = (rows: Int32Array) => rows.map((row) => matrixRow.get(row)!).sort();
  const folds = dataFolds.map((f) => ({ train: toMatrix(f.train), held: toMatrix(f.held) }));
  // Feature statistics from the rows the fits read (in a cross-fit, every fold's training rows).
  const fitRows = Int32Array.from(new Set(dataFolds.flatMap((f) => Array.from(f.train)))).sort();
  // Hashed text buckets in proportion to the rows fitted (2^12 to 2^18): a few hundred rows need no quarter-million columns.
  // ... and at most about 2^20 text weights in all (buckets x classes): the optimiser keeps a dozen vectors of them.
  const hashBits = Math.max(8, Math.min(18, Math.max(12, Math.ceil(Math.log2(fitRows.length * 50))), Math.floor(Math.log2(MAX_TEXT_WEIGHTS / classCount))));
  const { matrix, description } = prepareProxyFeatures(context.data, columns, { fitRows, rows: dataRows, text: { hashBits } });
  const evaluated = Int32Array.from(new Set(folds.flatMap((f) => Array.from(f.held)))).sort();
  const position = new Map<number, number>();
  evaluated.forEach((row, i) => position.set(row, i));
  return {
    matrix,
    description,
    dataRows,
    labels: dataRows.map((row) => codes[row]),
    classes: context.labels!.classes,
    mode,
    folds,
    trainingRowsAvailable: trainingAvailable,
    trainingRowsUsed: Math.max(...folds.map((f) => f.train.length)),
    evaluationRowsAvailable: evaluationAvailable,
    evaluated,
    position,
  };
}

/** Training rows per class, on average, below which the proxy is skipped. */
const MIN_ROWS_PER_CLASS = 5;
/** Hashed text buckets x classes, at most (the L-BFGS memory holds about twenty vectors of the weights). */
const MAX_TEXT_WEIGHTS = 1 << 20;

/** A per-data-row array read at the matrix rows. */
export function atMatrixRows<T extends Int32Array | Float64Array | Uint8Array>(setup: ProxySetup, perDataRow: T): T {
  return perDataRow.constructor === Int32Array ? (Int32Array.from(setup.dataRows, (row) => perDataRow[row]) as T) : perDataRow.constructor === Uint8Array ? (Uint8Array.from(setup.dataRows, (row) => perDataRow[row]) as T) : (Float64Array.from(setup.dataRows, (row) => perDataRow[row]) as T);
}

function fit(setup: ProxySetup, fold: ProxyFold, opts: Options, change: TrainingChange | null, warm: LogisticModel | null, full = false): LogisticModel {
  return fitLogistic(setup.matrix, change?.labels ?? setup.labels, setup.classes.length, {
    C: change?.C ?? opts.C,
    rows: fold.train,
    sampleWeight: change?.weights ?? null,
    // A refit from the baseline moves little: fewer steps than a fit from scratch.
    maxIterations: warm && !full ? Math.min(opts.maxIterations, 40) : opts.maxIterations,
    warmStart: warm,
  });
}

/** Predicted class of every evaluated row (in `setup.evaluated` order). */
function predictInto(setup: ProxySetup, fold: ProxyFold, model: LogisticModel, out: Int32Array): void {
  const k = setup.classes.length;
  const probs = predictProba(model, setup.matrix, fold.held);
  fold.held.forEach((row, i) => {
    let best = 0;
    for (let c = 1; c < k; c++) if (probs[i * k + c] > probs[i * k + best]) best = c;
    out[setup.position.get(row)!] = best;
  });
}

export interface ProxyFits {
  /** The baseline proxy's predicted class per evaluated row. */
  baseline: Int32Array;
  models: LogisticModel[];
  /** Steps of each baseline fit, and whether it converged. */
  iterations: number[];
  converged: boolean;
}

/** The baseline proxy per fold, fitted to convergence; `start` (the penalty search's model of a fold, same C) saves the early steps. */
export function fitBaseline(setup: ProxySetup, opts: Options, start: readonly (LogisticModel | null)[] = []): ProxyFits {
  const baseline = new Int32Array(setup.evaluated.length);
  const models = setup.folds.map((fold, f) => {
    const model = fit(setup, fold, opts, null, start[f] ?? null, true);
    predictInto(setup, fold, model, baseline);
    return model;
  });
  return { baseline, models, iterations: models.map((m) => m.iterations), converged: models.every((m) => m.converged) };
}

/** The proxy refitted with a change to its training rows (warm-started from the baseline), predicting the same rows. */
export function fitWhatIf(setup: ProxySetup, opts: Options, fits: ProxyFits, change: TrainingChange): Int32Array {
  const out = new Int32Array(setup.evaluated.length);
  setup.folds.forEach((fold, f) => predictInto(setup, fold, fit(setup, fold, opts, change, fits.models[f]), out));
  return out;
}

/** 1 where the predicted class is the row's label, in `setup.evaluated` order. */
export function correctness(setup: ProxySetup, pred: Int32Array): Uint8Array {
  return Uint8Array.from(setup.evaluated, (row, i) => (pred[i] === setup.labels[row] ? 1 : 0));
}

/** Data rows the fits train on in some fold (the rows a change can touch), as a mask over data rows. */
export function trainingRowMask(setup: ProxySetup, dataRowCount: number): Uint8Array {
  const mask = new Uint8Array(dataRowCount);
  for (const fold of setup.folds) for (const row of fold.train) mask[setup.dataRows[row]] = 1;
  return mask;
}

/**
 * What more data of one group would do: the proxy refitted with half of the group's evaluation
 * rows added to its training rows, judged on the evaluation rows outside that half, and the
 * same with the halves swapped (a two-fold cross-fit), against the baseline on the same rows.
 * Each evaluated row's outcome after is the mean over the fits that judged it. Split mode only
 * (without a split every row already trains). At most `maxAdded` rows are added per fit.
 */
export function fitWithGroupData(setup: ProxySetup, opts: Options, fits: ProxyFits, group: Uint8Array, seed: number, maxAdded: number): { after: Float64Array; added: number; groupRows: number } | null {
  if (setup.mode !== 'split') return null;
  const fold = setup.folds[0];
  const members = Int32Array.from(fold.held.filter((row) => group[setup.dataRows[row]] === 1));
  if (members.length < 10) return null;
  const halves = foldPositions(stratifiedFolds(setup.labels, members, 2, seed), 2).map(({ held }) => held.map((i) => members[i]));
  const sum = new Float64Array(setup.evaluated.length);
  const count = new Float64Array(setup.evaluated.length);
  let added = 0;
  halves.forEach((half, h) => {
    const extra = sampleRows(Int32Array.from(half).sort(), maxAdded, seed + 1 + h);
    added = Math.max(added, extra.length);
    const inExtra = new Set(extra);
    const train = Int32Array.from([...fold.train, ...extra]).sort();
    const held = fold.held.filter((row) => !inExtra.has(row));
    const model = fit(setup, { train, held }, opts, null, fits.models[0]);
    const pred = new Int32Array(setup.evaluated.length).fill(-1);
    predictInto(setup, { train, held }, model, pred);
    for (const row of held) {
      const i = setup.position.get(row)!;
      sum[i] += pred[i] === setup.labels[row] ? 1 : 0;
      count[i]++;
    }
  });
  return { after: Float64Array.from(sum, (v, i) => (count[i] > 0 ? v / count[i] : NaN)), added, groupRows: members.length };
}

/** The penalties a tuning of the proxy tries (inverse L2, as scikit-learn's C). */
export const PENALTY_GRID = [0.01, 0.1, 1, 10, 100];

/**
 * The penalty a small search picks: each C of the grid fitted on 80% of the first fold's training
 * rows (stratified, seeded) and scored on the other 20%; the most accurate wins, ties going to the
 * C nearest the options' (on a log scale). What a practitioner's search over one setting finds.
 */
export function tunePenalty(setup: ProxySetup, opts: Options, seed: number): { C: number; scores: Record<string, number> } {
  const train = setup.folds[0].train;
  const parts = foldPositions(stratifiedFolds(setup.labels, train, 5, seed), 5);
  const inner = { train: parts[0].fit.map((i) => train[i]), held: parts[0].held.map((i) => train[i]) };
  const k = setup.classes.length;
  let best = opts.C;
  let bestScore = -1;
  const scores: Record<string, number> = {};
  // Along the path of penalties, each fit starts from the previous one (the regularisation path).
  let previous: LogisticModel | null = null;
  for (const C of PENALTY_GRID) {
    const model = fitLogistic(setup.matrix, setup.labels, k, { C, rows: inner.train, maxIterations: Math.min(opts.maxIterations, 25), warmStart: previous });
    previous = model;
    const probs = predictProba(model, setup.matrix, inner.held);
    let right = 0;
    inner.held.forEach((row, i) => {
      let top = 0;
      for (let c = 1; c < k; c++) if (probs[i * k + c] > probs[i * k + top]) top = c;
      if (top === setup.labels[row]) right++;
    });
    const score = right / inner.held.length;
    scores[String(C)] = score;
    const closer = Math.abs(Math.log(C / opts.C)) < Math.abs(Math.log(best / opts.C));
    if (score > bestScore || (score === bestScore && closer)) {
      best = C;
      bestScore = score;
    }
  }
  return { C: best, scores };
}

/**
 * The penalty that makes the proxy most like your model: along the grid (each fit warm-started
 * from the previous), on the first fold, the C whose predictions agree most often with your
 * runs' on that fold's evaluated rows (ties: nearest the options' C). A what-if then starts from a
 * proxy in your model's regime: an under-regularised model gains from relabelling, say, where a
 * strongly penalised proxy would not. Without predictions: the options' C.
 */
export function mimicPenalty(setup: ProxySetup, opts: Options, agrees: ((dataRow: number, predicted: number) => number) | null): { C: number; agreement: Record<string, number>; model: LogisticModel | null } {
  if (!agrees) return { C: opts.C, agreement: {}, model: null };
  const fold = setup.folds[0];
  const k = setup.classes.length;
  let previous: LogisticModel | null = null;
  let best = opts.C;
  let bestScore = -1;
  let bestModel: LogisticModel | null = null;
  const agreement: Record<string, number> = {};
  for (const C of PENALTY_GRID) {
    // Agreement of predicted classes settles long before the objective does: a short fit per C (the baseline then converges from it).
    const model = fitLogistic(setup.matrix, setup.labels, k, { C, rows: fold.train, maxIterations: Math.min(opts.maxIterations, 25), warmStart: previous });
    previous = model;
    const probs = predictProba(model, setup.matrix, fold.held);
    let sum = 0;
    fold.held.forEach((row, i) => {
      let top = 0;
      for (let c = 1; c < k; c++) if (probs[i * k + c] > probs[i * k + top]) top = c;
      sum += agrees(setup.dataRows[row], top);
    });
    const score = sum / fold.held.length;
    agreement[String(C)] = score;
    const closer = Math.abs(Math.log(C / opts.C)) < Math.abs(Math.log(best / opts.C));
    if (score > bestScore || (score === bestScore && closer)) {
      best = C;
      bestScore = score;
      bestModel = model;
    }
  }
  return { C: best, agreement, model: bestModel };
}
