/**
 * The proxy model: a multinomial logistic regression (math/logistic-regression.ts) on the data's
 * own features, trained on the training rows (at most a sample of them) and judged on the
 * evaluation rows; without a split, cross-fitted over folds of every labelled row. The same fit
 * with one data remedy applied to its training rows (labels changed, rows dropped or weighted),
 * warm-started from it and judged on the same rows, sizes what that remedy gains: a what-if.
 */
import type { CheckContext } from '../types.js';
import { createRandom } from '../../math/random.js';
import { prepareProxyFeatures, type ProxyFeatureDescription } from '../../math/proxy-features.js';
import type { FeatureMatrix } from '../../math/feature-matrix.js';
import { foldPositions, stratifiedFolds } from '../../math/cross-fit.js';
import type { Options } from './options.js';
import { slices } from '../slices/check.js';

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
  const proxies = new Set((context.earlier(slices)?.targetProxies ?? []).flatMap((entry) => (entry.column !== null ? [entry.column] : [])));
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
  if (columns.numeric.length + columns.categorical.length === 0 && !columns.text && !columns.embeddings)
    return 'no feature, text or embedding column to train a proxy model on';
  if (context.train) return "the training rows are in a separate file (--train): the proxy model trains on the data file's own training rows (a split column)";
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
    if (training.length < 20 || evaluation.length < 20)
      return `too few labelled rows for a proxy model (${training.length} training, ${evaluation.length} evaluation; 20 of each at least)`;
    mode = 'split';
    trainingAvailable = training.length;
    evaluationAvailable = evaluation.length;
    dataFolds = [
      {
        train: sampleRows(Int32Array.from(training), cap, context.settings.seed + 71),
        held: sampleRows(Int32Array.from(evaluation), opts.maxEvaluationRows, context.settings.seed + 72),
      },
    ];
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
  if (trainable < MIN_ROWS_PER_CLASS * classCount)
    return `too few labelled training rows per class for a proxy model (${trainable} rows, ${classCount} classes; ${MIN_ROWS_PER_CLASS} per class at least on average)`;
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
  return perDataRow.constructor === Int32Array
    ? (Int32Array.from(setup.dataRows, (row) => perDataRow[row]) as T)
    : perDataRow.constructor === Uint8Array
      ? (Uint8Array.from(setup.dataRows, (row) => perDataRow[row]) as T)
      : (Float64Array.from(setup.dataRows, (row) => perDataRow[row]) as T);
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
