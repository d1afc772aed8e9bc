/**
 * Multinomial logistic regression with an L2 penalty, fitted by L-BFGS: the objective of
 * scikit-learn's `LogisticRegression(penalty='l2', C=C, multi_class='multinomial',
 * solver='lbfgs', fit_intercept=True)`,
 *
 *   F(W, b) = 0.5 * ||W||^2 + C * sum_i s_i * (logsumexp_k(z_ik) - z_i,y_i),  z_ik = b_k + x_i . W_k,
 *
 * over the training rows, with the intercepts b not penalised and s_i the optional sample weights
 * (a weight of 0 drops the row; weights scale the loss, as scikit-learn's `sample_weight` does
 * for this solver: they are not normalised to sum to the row count).
 *
 * Two classes are fitted as a two-class softmax too. Started from zero (or from a centred warm
 * start), every L-BFGS iterate keeps W_0 = -W_1 and b_0 = -b_1, because every gradient does (the
 * softmax residuals of a row sum to zero over the classes), so the fit is scikit-learn's
 * multinomial fit of a binary problem: its `coef_` is our W_1, its `intercept_` our b_1, and its
 * `predict_proba` (softmax of (-z, z)) our probabilities. It is the binary logistic regression
 * with weights w = 2 W_1 and C doubled (F = 0.5 * (0.5 ||w||^2 + 2C * sum of binary losses)), not
 * scikit-learn's default one-vs-rest binary fit at the same C.
 *
 * A class with no weighted training row would have its unpenalised intercept run to -infinity;
 * it is left out of the softmax instead (probability 0, intercept -Infinity, coefficients 0),
 * which is what scikit-learn gives a class it never saw.
 *
 * The gradient takes one pass over the training rows, reading each row's nonzeros twice (scores,
 * then gradient; logistic-kernels.ts); coefficients are stored feature-major (the K weights of
 * feature j adjacent at j * K), the order a row's nonzeros read them. Sparse training rows are
 * fitted over only the columns they use, and L-BFGS is preconditioned by the Hessian's diagonal
 * at the start; neither changes the minimum. Deterministic: fixed summation order throughout.
 */
import { csrMatrix, type CsrMatrix, type FeatureMatrix } from './feature-matrix.js';
import { minimizeLbfgs, type LbfgsStop } from './lbfgs.js';
import { addRowGradient, addRowScores } from './logistic-kernels.js';

export interface LogisticOptions {
  /** Inverse penalty strength (default 1). */
  C?: number;
  /** Per data row (length X.rows), finite and >= 0; absent: all 1. */
  sampleWeight?: Float64Array | null;
  /** Data rows to train on (default all); rows with weight 0 or a negative label are skipped. */
  rows?: Int32Array | null;
  /** L-BFGS steps at most (default 500). */
  maxIterations?: number;
  /**
   * Converged when every gradient component of F / (C * sum of training weights), the penalised
   * mean loss, is at most this (default 1e-6).
   */
  tolerance?: number;
  /**
   * Converged when F fell by at most this share per step over the last `decreaseWindow` steps
   * (default 1e-6 over 10 steps; 0 turns the test off). scikit-learn's lbfgs stops at 2.2e-9
   * over 1 step.
   */
  relativeTolerance?: number;
  /** Steps the relative decrease is averaged over (default 10), so that one poor step does not stop the fit. */
  decreaseWindow?: number;
  /**
   * Precondition L-BFGS with the inverse diagonal of the Hessian at uniform probabilities
   * (default true; false: plain L-BFGS, as scipy runs it). Same minimum, fewer steps: about half
   * as many on hashed text, whose n-gram columns range from one row to every row.
   */
  precondition?: boolean;
  /** L-BFGS correction pairs (default 10). */
  memory?: number;
  /** Start from this model's coefficients (same dims and classes), e.g. a baseline for a what-if. */
  warmStart?: LogisticModel | null;
}

export interface LogisticModel {
  readonly classes: number;
  readonly dims: number;
  /** Coefficient of feature j for class k at j * classes + k. */
  readonly weights: Float64Array;
  /** One per class; -Infinity for a class absent from the weighted training rows. */
  readonly intercepts: Float64Array;
  /** 1 for the classes that had training weight. */
  readonly present: Uint8Array;
  readonly C: number;
  /** F at the returned coefficients. */
  readonly objective: number;
  /** The largest gradient component there, divided by C * weightSum (what `tolerance` bounds). */
  readonly gradientMaxAbs: number;
  readonly iterations: number;
  readonly evaluations: number;
  readonly converged: boolean;
  readonly stop: LbfgsStop;
  /** Training rows with positive weight, and the sum of their weights. */
  readonly trainingRows: number;
  readonly weightSum: number;
}

/** The rows that count, with C * s_i each. */
interface TrainingSet {
  rows: Int32Array;
  scaledWeights: Float64Array;
  present: Uint8Array;
  weightSum: number;
}

function trainingSet(X: FeatureMatrix, y: Int32Array, classes: number, C: number, sampleWeight: Float64Array | null, rows: Int32Array | null): TrainingSet {
  if (!(Number.isInteger(classes) && classes >= 2)) throw new RangeError(`logistic regression needs at least 2 classes, got ${classes}`);
  if (!(C > 0 && Number.isFinite(C))) throw new RangeError(`C must be positive and finite, got ${C}`);
  if (y.length !== X.rows) throw new RangeError(`${y.length} labels for ${X.rows} feature rows`);
  if (sampleWeight && sampleWeight.length !== X.rows) throw new RangeError(`${sampleWeight.length} sample weights for ${X.rows} feature rows`);
  const candidates = rows ?? Int32Array.from({ length: X.rows }, (_, i) => i);
  const kept = new Int32Array(candidates.length);
  const scaled = new Float64Array(candidates.length);
  const present = new Uint8Array(classes);
  let count = 0;
  let weightSum = 0;
  for (let i = 0; i < candidates.length; i++) {
    const row = candidates[i];
    if (!(row >= 0 && row < X.rows && Number.isInteger(row))) throw new RangeError(`training row ${row} is outside [0, ${X.rows})`);
    const label = y[row];
    if (label >= classes) throw new RangeError(`label ${label} at row ${row} is not below the class count ${classes}`);
    const weight = sampleWeight ? sampleWeight[row] : 1;
    if (!(weight >= 0 && Number.isFinite(weight))) throw new RangeError(`sample weight ${weight} at row ${row} is not finite and >= 0`);
    if (label < 0 || weight === 0) continue;
    kept[count] = row;
    scaled[count] = C * weight;
    count++;
    weightSum += weight;
    present[label] = 1;
  }
  if (count === 0) throw new RangeError('no training row with a label and a positive weight');
  return { rows: kept.slice(0, count), scaledWeights: scaled.slice(0, count), present, weightSum };
}

/**
 * Softmax of z into `probability`; returns logsumexp. A class scored -Infinity (absent from
 * training) gets probability 0 and does not affect the others.
 */
function softmax(z: Float64Array, probability: Float64Array): number {
  const K = z.length;
  let largest = -Infinity;
  for (let k = 0; k < K; k++) if (z[k] > largest) largest = z[k];
  let sum = 0;
  for (let k = 0; k < K; k++) {
    const e = Math.exp(z[k] - largest);
    probability[k] = e;
    sum += e;
  }
  const inverse = 1 / sum;
  for (let k = 0; k < K; k++) probability[k] *= inverse;
  return largest + Math.log(sum);
}

/**
 * F and (when `gradient` is given) its gradient at `params` = [W feature-major (d * K), b (K)].
 * Absent classes are scored -Infinity whatever their parameters hold.
 */
function evaluate(X: FeatureMatrix, y: Int32Array, set: TrainingSet, K: number, params: Float64Array, gradient: Float64Array | null): number {
  const d = X.dims;
  const weights = params.subarray(0, d * K);
  const intercepts = new Float64Array(K);
  for (let k = 0; k < K; k++) intercepts[k] = set.present[k] ? params[d * K + k] : -Infinity;
  const z = new Float64Array(K);
  const probability = new Float64Array(K);
  const residual = new Float64Array(K);
  if (gradient) gradient.fill(0);
  let loss = 0;
  const { rows, scaledWeights } = set;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const label = y[row];
    const weight = scaledWeights[i];
    z.set(intercepts);
    addRowScores(X, row, weights, K, z);
    const lse = softmax(z, probability);
    loss += weight * (lse - z[label]);
    if (!gradient) continue;
    for (let k = 0; k < K; k++) residual[k] = weight * probability[k];
    residual[label] -= weight;
    addRowGradient(X, row, residual, K, gradient);
    for (let k = 0; k < K; k++) gradient[d * K + k] += residual[k];
  }
  let penalty = 0;
  for (let i = 0; i < d * K; i++) {
    const w = weights[i];
    penalty += w * w;
    if (gradient) gradient[i] += w;
  }
  return loss + 0.5 * penalty;
}

/**
 * The training rows of a CSR matrix as their own matrix over only the columns they use, or null
 * when they use more than three quarters of them. A column no training row holds has only the
 * penalty in its gradient, so its weights are 0 at the optimum and stay 0 from a zero start;
 * leaving such columns out shortens every L-BFGS vector and packs the weights the rows read
 * (hashed text uses a fraction of its buckets). The columns keep their order and every sum skips
 * only zeros, so from a zero start the fit is the same bit for bit.
 */
function compactTraining(X: CsrMatrix, y: Int32Array, set: TrainingSet): { X: CsrMatrix; y: Int32Array; set: TrainingSet; columns: Int32Array } | null {
  const { indptr, indices, values } = X;
  const used = new Uint8Array(X.dims);
  let nonzeros = 0;
  for (let i = 0; i < set.rows.length; i++) {
    const row = set.rows[i];
    for (let p = indptr[row]; p < indptr[row + 1]; p++) used[indices[p]] = 1;
    nonzeros += indptr[row + 1] - indptr[row];
  }
  let count = 0;
  for (let j = 0; j < X.dims; j++) count += used[j];
  if (count * 4 > X.dims * 3) return null;
  const local = new Int32Array(X.dims);
  const columns = new Int32Array(count);
  for (let j = 0, next = 0; j < X.dims; j++) {
    if (!used[j]) continue;
    local[j] = next;
    columns[next++] = j;
  }
  const n = set.rows.length;
  const compactIndptr = new Int32Array(n + 1);
  const compactIndices = new Int32Array(nonzeros);
  const compactValues = new Float32Array(nonzeros);
  const compactY = new Int32Array(n);
  for (let i = 0, stored = 0; i < n; i++) {
    const row = set.rows[i];
    for (let p = indptr[row]; p < indptr[row + 1]; p++) {
      compactIndices[stored] = local[indices[p]];
      compactValues[stored++] = values[p];
    }
    compactIndptr[i + 1] = stored;
    compactY[i] = y[row];
  }
  return {
    X: csrMatrix(compactIndptr, compactIndices, compactValues, count),
    y: compactY,
    set: { ...set, rows: Int32Array.from({ length: n }, (_, i) => i) },
    columns,
  };
}

/**
 * A warm start as params over `columns` (all when null), centred over the present classes
 * (the same probabilities, no larger penalty).
 */
function warmParams(model: LogisticModel, dims: number, K: number, present: Uint8Array, columns: Int32Array | null): Float64Array {
  if (model.dims !== dims || model.classes !== K)
    throw new RangeError(`warm start has ${model.dims} features x ${model.classes} classes, the data ${dims} x ${K}`);
  const d = columns ? columns.length : dims;
  const params = new Float64Array(d * K + K);
  let presentCount = 0;
  for (let k = 0; k < K; k++) presentCount += present[k];
  const centre = (read: (k: number) => number, write: (k: number, v: number) => void): void => {
    let mean = 0;
    for (let k = 0; k < K; k++) if (present[k]) mean += read(k);
    mean /= presentCount;
    for (let k = 0; k < K; k++) write(k, present[k] ? read(k) - mean : 0);
  };
  for (let j = 0; j < d; j++) {
    const source = columns ? columns[j] : j;
    centre(
      (k) => model.weights[source * K + k],
      (k, v) => (params[j * K + k] = v),
    );
  }
  // A class the warm start lacked (intercept -Infinity) starts at 0 beside the others.
  centre(
    (k) => (Number.isFinite(model.intercepts[k]) ? model.intercepts[k] : 0),
    (k, v) => (params[d * K + k] = v),
  );
  return params;
}

/**
 * 1 / the diagonal of F's Hessian at W = 0, b = 0, where every class has probability 1/K:
 * 1 + (K-1)/K^2 * sum_i C s_i x_ij^2 for a coefficient, (K-1)/K^2 * sum_i C s_i for an intercept.
 */
function diagonalPreconditioner(X: FeatureMatrix, set: TrainingSet, K: number): Float64Array {
  const d = X.dims;
  const q = (K - 1) / (K * K);
  const squares = new Float64Array(d);
  let total = 0;
  for (let i = 0; i < set.rows.length; i++) {
    const row = set.rows[i];
    const w = set.scaledWeights[i];
    total += w;
    if (X.kind === 'dense') {
      const base = row * d;
      for (let j = 0; j < d; j++) squares[j] += w * X.values[base + j] * X.values[base + j];
    } else {
      for (let p = X.indptr[row]; p < X.indptr[row + 1]; p++) squares[X.indices[p]] += w * X.values[p] * X.values[p];
    }
  }
  const out = new Float64Array(d * K + K);
  for (let j = 0; j < d; j++) for (let k = 0; k < K; k++) out[j * K + k] = 1 / (1 + q * squares[j]);
  for (let k = 0; k < K; k++) out[d * K + k] = 1 / (q * total);
  return out;
}

function largestAbs(values: Float64Array): number {
  let largest = 0;
  for (let i = 0; i < values.length; i++) largest = Math.max(largest, Math.abs(values[i]));
  return largest;
}

/** Fits the model on `options.rows` (default all rows) of X with labels y in [0, classes). */
export function fitLogistic(X: FeatureMatrix, y: Int32Array, classes: number, options: LogisticOptions = {}): LogisticModel {
  const C = options.C ?? 1;
  const K = classes;
  const set = trainingSet(X, y, K, C, options.sampleWeight ?? null, options.rows ?? null);
  const compact = X.kind === 'csr' ? compactTraining(X, y, set) : null;
  const fitX = compact ? compact.X : X;
  const fitY = compact ? compact.y : y;
  const fitSet = compact ? compact.set : set;
  const d = fitX.dims;
  const start = options.warmStart ? warmParams(options.warmStart, X.dims, K, set.present, compact ? compact.columns : null) : new Float64Array(d * K + K);
  const scale = C * set.weightSum;
  const preconditioner = options.precondition === false ? null : diagonalPreconditioner(fitX, fitSet, K);
  const result = minimizeLbfgs((params, gradient) => evaluate(fitX, fitY, fitSet, K, params, gradient), start, {
    maxIterations: options.maxIterations ?? 500,
    memory: options.memory ?? 10,
    decreaseWindow: options.decreaseWindow ?? 10,
    preconditioner,
    gradientTolerance: (options.tolerance ?? 1e-6) * scale,
    relativeTolerance: options.relativeTolerance ?? 1e-6,
  });
  let weights: Float64Array;
  if (compact) {
    weights = new Float64Array(X.dims * K);
    const { columns } = compact;
    for (let c = 0; c < columns.length; c++) for (let k = 0; k < K; k++) weights[columns[c] * K + k] = result.x[c * K + k];
  } else weights = result.x.slice(0, d * K);
  const intercepts = result.x.slice(d * K);
  for (let k = 0; k < K; k++) if (!set.present[k]) intercepts[k] = -Infinity;
  return {
    classes: K,
    dims: X.dims,
    weights,
    intercepts,
    present: set.present,
    C,
    objective: result.value,
    gradientMaxAbs: largestAbs(result.gradient) / scale,
    iterations: result.iterations,
    evaluations: result.evaluations,
    converged: result.converged,
    stop: result.stop,
    trainingRows: set.rows.length,
    weightSum: set.weightSum,
  };
}

/** Class probabilities of `rows` (default all rows of X), row-major rows x classes. */
export function predictProba(
  model: Pick<LogisticModel, 'classes' | 'dims' | 'weights' | 'intercepts'>,
  X: FeatureMatrix,
  rows?: Int32Array | null,
): Float64Array {
  if (X.dims !== model.dims) throw new RangeError(`the model has ${model.dims} features, the matrix ${X.dims}`);
  const K = model.classes;
  const count = rows ? rows.length : X.rows;
  const out = new Float64Array(count * K);
  const z = new Float64Array(K);
  const probability = new Float64Array(K);
  for (let i = 0; i < count; i++) {
    const row = rows ? rows[i] : i;
    if (!(row >= 0 && row < X.rows)) throw new RangeError(`row ${row} is outside [0, ${X.rows})`);
    z.set(model.intercepts);
    addRowScores(X, row, model.weights, K, z);
    softmax(z, probability);
    out.set(probability, i * K);
  }
  return out;
}

/**
 * F of a given model on the training rows `options` selects (C, sample weights, rows as in
 * fitLogistic): to compare fits, or to score coefficients fitted elsewhere.
 */
export function logisticObjective(
  model: Pick<LogisticModel, 'classes' | 'dims' | 'weights' | 'intercepts'>,
  X: FeatureMatrix,
  y: Int32Array,
  options: Pick<LogisticOptions, 'C' | 'sampleWeight' | 'rows'> = {},
): number {
  const K = model.classes;
  const d = model.dims;
  if (X.dims !== d) throw new RangeError(`the model has ${d} features, the matrix ${X.dims}`);
  const set = trainingSet(X, y, K, options.C ?? 1, options.sampleWeight ?? null, options.rows ?? null);
  const params = new Float64Array(d * K + K);
  params.set(model.weights);
  for (let k = 0; k < K; k++) params[d * K + k] = set.present[k] ? model.intercepts[k] : 0;
  return evaluate(X, y, set, K, params, null);
}
