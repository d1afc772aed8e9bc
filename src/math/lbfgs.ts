/**
 * Limited-memory BFGS (Nocedal 1980; Liu & Nocedal 1989) for smooth unconstrained minimisation
 * over a Float64Array.
 *
 * Each iteration takes the direction -H g from the two-loop recursion over the last `memory`
 * (s, y) pairs, with the initial inverse Hessian gamma * M: M an optional diagonal
 * preconditioner (the identity by default) and gamma = s'y / y'My of the newest pair; and a
 * step satisfying the strong Wolfe conditions (bracketing, then zooming by safeguarded cubic
 * interpolation; Nocedal & Wright, Numerical Optimization, algorithms 3.5 and 3.6). A pair whose
 * curvature s'y is not clearly positive is not stored, so H stays positive definite.
 *
 * It stops when the largest gradient component is at most `gradientTolerance` (scipy's `gtol`),
 * when the last iteration (or the last `decreaseWindow` iterations, on average) lowered the value
 * by at most `relativeTolerance` of max(|f|, |f_prev|, 1) (scipy's `ftol`), or after
 * `maxIterations` steps. A line search that cannot lower the value
 * clears the memory and tries the steepest-descent direction once before giving up.
 *
 * Deterministic: the arithmetic is sequential and in a fixed order, so the same objective and
 * start give the same iterates bit for bit.
 */

/** Writes the gradient at x into `gradient` and returns the value at x. Must not keep x. */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

export interface LbfgsOptions {
  /** Correction pairs kept (default 10). */
  memory?: number;
  /** Accepted steps at most (default 1000). */
  maxIterations?: number;
  /** Converged when max_i |g_i| <= this (default 1e-5). */
  gradientTolerance?: number;
  /**
   * Converged when the value fell by at most this share per step over the last `decreaseWindow`
   * steps: f_(k-w) - f_k <= w * this * max(|f_(k-w)|, |f_k|, 1) (default 2.2e-9; 0 turns the test off).
   */
  relativeTolerance?: number;
  /**
   * Steps the relative decrease is measured over (default 1: scipy's `ftol` test of the last
   * step). A longer window lets a few poor steps pass without stopping.
   */
  decreaseWindow?: number;
  /** Objective evaluations per line search at most (default 20). */
  maxLineSearchEvaluations?: number;
  /**
   * M, the diagonal of an approximate inverse Hessian (positive; the identity when absent). It
   * changes the path, not the minimum: with features of very different scales, fewer steps.
   */
  preconditioner?: Float64Array | null;
  /** Sufficient-decrease constant (default 1e-4). */
  c1?: number;
  /** Curvature constant of the strong Wolfe condition (default 0.9, the usual one for quasi-Newton). */
  c2?: number;
}

export type LbfgsStop = 'gradient' | 'relative-decrease' | 'max-iterations' | 'line-search';

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  gradient: Float64Array;
  /** Accepted steps. */
  iterations: number;
  /** Objective evaluations, the first included. */
  evaluations: number;
  /** True when a tolerance was met (not on reaching maxIterations or a failed line search). */
  converged: boolean;
  stop: LbfgsStop;
}

const MAX_STEP = 1e10;

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function maxAbs(a: Float64Array): number {
  let largest = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]);
    if (v > largest || v !== v) largest = v; // NaN propagates, so a broken gradient never "converges"
  }
  return largest;
}

/**
 * Minimiser of the cubic through (a, fa) and (b, fb) with slopes ga and gb (Nocedal & Wright
 * eq. 3.59), or NaN when it has none.
 */
function cubicMinimizer(a: number, fa: number, ga: number, b: number, fb: number, gb: number): number {
  const d1 = ga + gb - (3 * (fa - fb)) / (a - b);
  const discriminant = d1 * d1 - ga * gb;
  if (!(discriminant >= 0)) return NaN;
  const d2 = Math.sign(b - a) * Math.sqrt(discriminant);
  const denominator = gb - ga + 2 * d2;
  if (denominator === 0) return NaN;
  return b - ((b - a) * (gb + d2 - d1)) / denominator;
}

interface LineSearchResult {
  ok: boolean;
  step: number;
  value: number;
  evaluations: number;
}

/**
 * A step along `direction` from x satisfying the strong Wolfe conditions. On success `xTrial`
 * and `gTrial` hold the accepted point and its gradient. When the evaluations run out (or the
 * bracket shrinks to nothing) a step that lowered the value is still accepted: near the optimum
 * rounding noise can hide the curvature condition, and a lower point is progress.
 */
function lineSearch(
  objective: Objective,
  x: Float64Array,
  value0: number,
  direction: Float64Array,
  slope0: number,
  initialStep: number,
  xTrial: Float64Array,
  gTrial: Float64Array,
  maxEvaluations: number,
  c1: number,
  c2: number,
): LineSearchResult {
  const n = x.length;
  let evaluations = 0;
  let lastStep = NaN;
  let lastValue = NaN;
  let lastSlope = NaN;
  const evaluate = (step: number): void => {
    for (let i = 0; i < n; i++) xTrial[i] = x[i] + step * direction[i];
    lastValue = objective(xTrial, gTrial);
    lastSlope = dot(gTrial, direction);
    lastStep = step;
    evaluations++;
  };
  const accept = (step: number): LineSearchResult => {
    if (step !== lastStep) evaluate(step); // the accepted step was not the last one tried
    return { ok: true, step, value: lastValue, evaluations };
  };
  // A trial may become the low end of the bracket when it satisfies Armijo's sufficient decrease
  // and is no higher than the current low end. Once the value is within rounding noise of the
  // start, values cannot be compared and the slope decides: Hager & Zhang's (2005) approximate
  // form of Armijo's condition, the slope test it reduces to on a quadratic.
  const noise = 1e-12 * Math.max(1, Math.abs(value0));
  const acceptable = (step: number, value: number, slope: number, lowValue: number): boolean => {
    if (!Number.isFinite(value)) return false;
    if (value <= value0 + c1 * step * slope0 && value <= lowValue) return true;
    return Math.abs(value - value0) <= noise && slope <= (2 * c1 - 1) * slope0;
  };
  const curvature = (slope: number): boolean => Math.abs(slope) <= -c2 * slope0;

  // Zoom into a bracket [lo, hi] (either order) where lo satisfies sufficient decrease and is
  // the lowest point so far, and the slope at lo points towards hi.
  const zoom = (lo: number, fLo: number, gLo: number, hi: number, fHi: number, gHi: number): LineSearchResult => {
    while (evaluations < maxEvaluations) {
      const width = hi - lo;
      if (Math.abs(width) <= 1e-15 * Math.max(Math.abs(lo), Math.abs(hi))) break;
      const low = Math.min(lo, hi);
      const high = Math.max(lo, hi);
      let step = Number.isFinite(fHi) && Number.isFinite(gHi) ? cubicMinimizer(lo, fLo, gLo, hi, fHi, gHi) : NaN;
      // Keep the trial well inside the bracket, so that it shrinks by a fixed share each time.
      if (Number.isNaN(step)) step = lo + 0.5 * width;
      else step = Math.min(Math.max(step, low + 0.1 * (high - low)), high - 0.1 * (high - low));
      evaluate(step);
      const f = lastValue;
      const g = lastSlope;
      if (!acceptable(step, f, g, fLo)) {
        hi = step;
        fHi = f;
        gHi = g;
      } else {
        if (curvature(g)) return accept(step);
        if (g * (hi - lo) >= 0) {
          hi = lo;
          fHi = fLo;
          gHi = gLo;
        }
        lo = step;
        fLo = f;
        gLo = g;
      }
    }
    if (lo > 0) return accept(lo); // acceptable by construction, if short of the curvature condition
    return { ok: false, step: 0, value: value0, evaluations };
  };

  let previousStep = 0;
  let previousValue = value0;
  let previousSlope = slope0;
  let step = Math.min(initialStep, MAX_STEP);
  for (let i = 0; evaluations < maxEvaluations; i++) {
    evaluate(step);
    const f = lastValue;
    const g = lastSlope;
    if (!acceptable(step, f, g, previousValue)) return zoom(previousStep, previousValue, previousSlope, step, f, g);
    if (curvature(g)) return accept(step);
    if (g >= 0) return zoom(step, f, g, previousStep, previousValue, previousSlope);
    if (step >= MAX_STEP) return accept(step);
    previousStep = step;
    previousValue = f;
    previousSlope = g;
    step = Math.min(4 * step, MAX_STEP);
  }
  if (previousStep > 0) return accept(previousStep);
  return { ok: false, step: 0, value: value0, evaluations };
}

/** The options with their defaults, checked. */
interface LbfgsSettings {
  memory: number;
  maxIterations: number;
  gradientTolerance: number;
  relativeTolerance: number;
  maxLineSearch: number;
  window: number;
  c1: number;
  c2: number;
  precondition: Float64Array | null;
}

function lbfgsSettings(options: LbfgsOptions): LbfgsSettings {
  const memory = options.memory ?? 10;
  const maxIterations = options.maxIterations ?? 1000;
  const gradientTolerance = options.gradientTolerance ?? 1e-5;
  const relativeTolerance = options.relativeTolerance ?? 2.2e-9;
  const maxLineSearch = options.maxLineSearchEvaluations ?? 20;
  const window = options.decreaseWindow ?? 1;
  const c1 = options.c1 ?? 1e-4;
  const c2 = options.c2 ?? 0.9;
  if (!(Number.isInteger(memory) && memory >= 1)) throw new RangeError(`L-BFGS memory must be a positive integer, got ${memory}`);
  if (!(Number.isInteger(window) && window >= 1)) throw new RangeError(`the decrease window must be a positive integer, got ${window}`);
  if (!(c1 > 0 && c1 < c2 && c2 < 1)) throw new RangeError(`line search constants need 0 < c1 < c2 < 1, got c1 = ${c1}, c2 = ${c2}`);
  return { memory, maxIterations, gradientTolerance, relativeTolerance, maxLineSearch, window, c1, c2, precondition: options.preconditioner ?? null };
}

/** Ring buffer of correction pairs: the newest at (head - 1) mod memory; gamma scales the initial inverse Hessian. */
interface CorrectionPairs {
  memory: number;
  s: Float64Array[];
  y: Float64Array[];
  rho: Float64Array;
  alpha: Float64Array;
  head: number;
  stored: number;
  gamma: number;
}

function correctionPairs(memory: number, n: number): CorrectionPairs {
  return {
    memory,
    s: Array.from({ length: memory }, () => new Float64Array(n)),
    y: Array.from({ length: memory }, () => new Float64Array(n)),
    rho: new Float64Array(memory),
    alpha: new Float64Array(memory),
    head: 0,
    stored: 0,
    gamma: 1,
  };
}

/**
 * Two-loop recursion: direction = -H g. Each update pass also sums the dot product the next
 * step needs (the same products in the same order as a separate pass), halving the passes.
 * Returns the slope g'direction (negative), after restarting from steepest descent if needed.
 */
function searchDirection(pairs: CorrectionPairs, gradient: Float64Array, direction: Float64Array, precondition: Float64Array | null): number {
  const n = gradient.length;
  const { memory, s, y, rho, alpha, head, stored, gamma } = pairs;
  const slotOf = (k: number): number => (head - 1 - k + memory) % memory;
  let product = 0;
  const firstS = stored > 0 ? s[slotOf(0)] : null;
  for (let i = 0; i < n; i++) {
    direction[i] = gradient[i];
    if (firstS) product += firstS[i] * direction[i];
  }
  for (let k = 0; k < stored; k++) {
    const slot = slotOf(k);
    const a = rho[slot] * product;
    alpha[slot] = a;
    const ys = y[slot];
    const nextS = k + 1 < stored ? s[slotOf(k + 1)] : null;
    product = 0;
    for (let i = 0; i < n; i++) {
      direction[i] -= a * ys[i];
      if (nextS) product += nextS[i] * direction[i];
    }
  }
  const oldestY = stored > 0 ? y[slotOf(stored - 1)] : null;
  product = 0;
  for (let i = 0; i < n; i++) {
    direction[i] *= precondition ? gamma * precondition[i] : gamma;
    if (oldestY) product += oldestY[i] * direction[i];
  }
  for (let k = stored - 1; k >= 0; k--) {
    const slot = slotOf(k);
    const coefficient = alpha[slot] - rho[slot] * product;
    const ss = s[slot];
    const nextY = k > 0 ? y[slotOf(k - 1)] : null;
    product = 0;
    for (let i = 0; i < n; i++) {
      direction[i] += coefficient * ss[i];
      if (nextY) product += nextY[i] * direction[i];
    }
  }
  let slope = 0;
  for (let i = 0; i < n; i++) {
    direction[i] = -direction[i];
    slope += direction[i] * gradient[i];
  }
  if (!(slope < 0)) {
    // Not a descent direction (rounding in a nearly flat region): restart from steepest descent.
    pairs.stored = 0;
    pairs.gamma = 1;
    for (let i = 0; i < n; i++) direction[i] = precondition ? -precondition[i] * gradient[i] : -gradient[i];
    slope = dot(direction, gradient);
  }
  return slope;
}

/** Stores the pair of the step from (x, gradient) to (xTrial, gTrial) when its curvature is clearly positive. */
function storePair(
  pairs: CorrectionPairs,
  x: Float64Array,
  gradient: Float64Array,
  xTrial: Float64Array,
  gTrial: Float64Array,
  precondition: Float64Array | null,
): void {
  const n = x.length;
  const slot = pairs.head;
  const sNew = pairs.s[slot];
  const yNew = pairs.y[slot];
  for (let i = 0; i < n; i++) {
    sNew[i] = xTrial[i] - x[i];
    yNew[i] = gTrial[i] - gradient[i];
  }
  const ys = dot(yNew, sNew);
  let yy = 0;
  if (precondition) for (let i = 0; i < n; i++) yy += yNew[i] * yNew[i] * precondition[i];
  else yy = dot(yNew, yNew);
  if (ys > 1e-10 * yy && ys > 0) {
    pairs.rho[slot] = 1 / ys;
    pairs.gamma = ys / yy;
    pairs.head = (pairs.head + 1) % pairs.memory;
    pairs.stored = Math.min(pairs.stored + 1, pairs.memory);
  } else if (pairs.stored === pairs.memory) {
    pairs.stored--; // the skipped pair was written over the oldest one, which is dropped
  }
}

/** Minimises `objective` from `start` (not modified). */
export function minimizeLbfgs(objective: Objective, start: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const settings = lbfgsSettings(options);
  const { maxIterations, gradientTolerance, relativeTolerance, maxLineSearch, window, c1, c2, precondition } = settings;

  const n = start.length;
  const x = Float64Array.from(start);
  const gradient = new Float64Array(n);
  let value = objective(x, gradient);
  let evaluations = 1;
  if (!Number.isFinite(value)) throw new RangeError(`the objective is not finite at the starting point (${value})`);

  const pairs = correctionPairs(settings.memory, n);
  const direction = new Float64Array(n);
  const xTrial = new Float64Array(n);
  const gTrial = new Float64Array(n);
  let iterations = 0;
  let stop: LbfgsStop = 'max-iterations';
  // The values after each of the last `window` + 1 steps (the start first), for the decrease test.
  const history = new Float64Array(window + 1);
  history[0] = value;

  while (true) {
    if (maxAbs(gradient) <= gradientTolerance) {
      stop = 'gradient';
      break;
    }
    if (iterations >= maxIterations) break;
    const slope = searchDirection(pairs, gradient, direction, precondition);

    // A unit step once curvature is known; before that 1 / sqrt(g'Mg), a step of length 1 along
    // -g when there is no preconditioner M.
    const initialStep = pairs.stored === 0 ? 1 / Math.sqrt(-slope) : 1;
    const search = lineSearch(objective, x, value, direction, slope, initialStep, xTrial, gTrial, maxLineSearch, c1, c2);
    evaluations += search.evaluations;
    if (!search.ok) {
      if (pairs.stored > 0) {
        pairs.stored = 0;
        pairs.gamma = 1;
        continue;
      }
      stop = 'line-search';
      break;
    }
    storePair(pairs, x, gradient, xTrial, gTrial, precondition);

    x.set(xTrial);
    gradient.set(gTrial);
    value = search.value;
    iterations++;
    history[iterations % (window + 1)] = value;
    if (relativeTolerance > 0 && iterations >= window) {
      const past = history[(iterations - window) % (window + 1)];
      if (past - value <= window * relativeTolerance * Math.max(Math.abs(past), Math.abs(value), 1)) {
        stop = 'relative-decrease';
        break;
      }
    }
  }
  return { x, value, gradient, iterations, evaluations, converged: stop === 'gradient' || stop === 'relative-decrease', stop };
}
