/**
 * The proxy's fits, planned as chains (math/logistic-pool.ts) and read back: the two penalty
 * paths (your model's regime, and a small search), the baseline per fold, and every what-if,
 * each warm-started from the baseline. Planning apart from reading lets the independent fits of
 * a stage run on two threads; the values are the same as fitting them one after another.
 */
import { foldPositions, stratifiedFolds } from '../../math/cross-fit.js';
import { predictProba, type LogisticModel } from '../../math/logistic-regression.js';
import type { FitChain, FitSpec } from '../../math/logistic-pool.js';
import type { Options } from './options.js';
import { sampleRows, type ProxyFold, type ProxySetup, type TrainingChange } from './train.js';

/** The penalties a tuning of the proxy tries (inverse L2, as scikit-learn's C). */
export const PENALTY_GRID = [0.01, 0.1, 1, 10, 100];

/** Steps of a fit along a penalty path: agreement and accuracy settle long before the objective does. */
const PATH_STEPS = 25;
/** Steps of a refit from the baseline: it moves little. */
const REFIT_STEPS = 40;

/** Predicted class of every evaluated row of `fold` into `out` (in `setup.evaluated` order). */
function predictInto(setup: ProxySetup, fold: ProxyFold, model: LogisticModel, out: Int32Array): void {
  const k = setup.classes.length;
  const probs = predictProba(model, setup.matrix, fold.held);
  fold.held.forEach((row, i) => {
    let best = 0;
    for (let c = 1; c < k; c++) if (probs[i * k + c] > probs[i * k + best]) best = c;
    out[setup.position.get(row)!] = best;
  });
}

/** The top class of each of `rows` under `model`. */
function topClasses(setup: ProxySetup, model: LogisticModel, rows: Int32Array): Int32Array {
  const k = setup.classes.length;
  const probs = predictProba(model, setup.matrix, rows);
  return Int32Array.from(rows, (_, i) => {
    let top = 0;
    for (let c = 1; c < k; c++) if (probs[i * k + c] > probs[i * k + top]) top = c;
    return top;
  });
}

const pathChain = (rows: Int32Array, opts: Options): FitChain => ({
  start: null,
  fits: PENALTY_GRID.map((C) => ({ C, rows, maxIterations: Math.min(opts.maxIterations, PATH_STEPS) })),
});

/** Ties go to the C nearest the options' (on a log scale). */
function pick(opts: Options, scores: number[]): number {
  let best = -1;
  PENALTY_GRID.forEach((C, i) => {
    const closer = best < 0 || Math.abs(Math.log(C / opts.C)) < Math.abs(Math.log(PENALTY_GRID[best] / opts.C));
    if (best < 0 || scores[i] > scores[best] || (scores[i] === scores[best] && closer)) best = i;
  });
  return best;
}

/**
 * The penalty that makes the proxy most like your model: along the grid (each fit warm-started
 * from the previous), on the first fold, the C whose predictions agree most often with your
 * runs' on that fold's evaluated rows (ties: nearest the options' C). A what-if then starts from a
 * proxy in your model's regime: an under-regularised model gains from relabelling, say, where a
 * strongly penalised proxy would not. Without predictions there is nothing to fit: the options' C.
 */
export function mimicPlan(setup: ProxySetup, opts: Options, agrees: ((dataRow: number, predicted: number) => number) | null) {
  const fold = setup.folds[0];
  return {
    chain: agrees ? pathChain(fold.train, opts) : null,
    read(models: LogisticModel[] | null): { C: number; agreement: Record<string, number>; model: LogisticModel | null } {
      if (!agrees || !models) return { C: opts.C, agreement: {}, model: null };
      const scores = models.map((model) => {
        const top = topClasses(setup, model, fold.held);
        let sum = 0;
        fold.held.forEach((row, i) => (sum += agrees(setup.dataRows[row], top[i])));
        return sum / fold.held.length;
      });
      const best = pick(opts, scores);
      return { C: PENALTY_GRID[best], agreement: Object.fromEntries(PENALTY_GRID.map((C, i) => [String(C), scores[i]])), model: models[best] };
    },
  };
}

/**
 * The penalty a small search picks: each C of the grid fitted on 80% of the first fold's training
 * rows (stratified, seeded) and scored on the other 20%; the most accurate wins, ties going to the
 * C nearest the options'. What a practitioner's search over one setting finds.
 */
export function tunePlan(setup: ProxySetup, opts: Options, seed: number) {
  const train = setup.folds[0].train;
  const parts = foldPositions(stratifiedFolds(setup.labels, train, 5, seed), 5);
  const inner = { train: parts[0].fit.map((i) => train[i]), held: parts[0].held.map((i) => train[i]) };
  return {
    chain: pathChain(inner.train, opts),
    read(models: LogisticModel[]): { C: number; scores: Record<string, number> } {
      const scores = models.map((model) => {
        const top = topClasses(setup, model, inner.held);
        let right = 0;
        inner.held.forEach((row, i) => (right += top[i] === setup.labels[row] ? 1 : 0));
        return right / inner.held.length;
      });
      return { C: PENALTY_GRID[pick(opts, scores)], scores: Object.fromEntries(PENALTY_GRID.map((C, i) => [String(C), scores[i]])) };
    },
  };
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
export function baselinePlan(setup: ProxySetup, opts: Options, start: readonly (LogisticModel | null)[] = []) {
  return {
    chains: setup.folds.map((fold, f): FitChain => ({ start: start[f] ?? null, fits: [{ C: opts.C, rows: fold.train, maxIterations: opts.maxIterations }] })),
    read(models: LogisticModel[][]): ProxyFits {
      const baseline = new Int32Array(setup.evaluated.length);
      const fitted = models.map((chain, f) => {
        predictInto(setup, setup.folds[f], chain[0], baseline);
        return chain[0];
      });
      return { baseline, models: fitted, iterations: fitted.map((m) => m.iterations), converged: fitted.every((m) => m.converged) };
    },
  };
}

const refit = (opts: Options, rows: Int32Array, change: TrainingChange | null): FitSpec => ({
  C: change?.C ?? opts.C,
  rows,
  sampleWeight: change?.weights ?? null,
  labels: change?.labels,
  maxIterations: Math.min(opts.maxIterations, REFIT_STEPS),
});

/** The proxy refitted with a change to its training rows (warm-started from the baseline), predicting the same rows. */
export function whatIfPlan(setup: ProxySetup, opts: Options, fits: ProxyFits, change: TrainingChange) {
  return {
    chains: setup.folds.map((fold, f): FitChain => ({ start: fits.models[f], fits: [refit(opts, fold.train, change)] })),
    read(models: LogisticModel[][]): Int32Array {
      const out = new Int32Array(setup.evaluated.length);
      setup.folds.forEach((fold, f) => predictInto(setup, fold, models[f][0], out));
      return out;
    },
  };
}

/**
 * What more data of one group would do: the proxy refitted with half of the group's evaluation
 * rows added to its training rows, judged on the evaluation rows outside that half, and the
 * same with the halves swapped (a two-fold cross-fit), against the baseline on the same rows.
 * Each evaluated row's outcome after is the mean over the fits that judged it. Split mode only
 * (without a split every row already trains). At most `maxAdded` rows are added per fit. Null
 * when it cannot be planned (cross-fit mode, or fewer than 10 of the group's rows evaluated).
 */
export function groupDataPlan(setup: ProxySetup, opts: Options, fits: ProxyFits, group: Uint8Array, seed: number, maxAdded: number) {
  if (setup.mode !== 'split') return null;
  const fold = setup.folds[0];
  const members = Int32Array.from(fold.held.filter((row) => group[setup.dataRows[row]] === 1));
  if (members.length < 10) return null;
  const halves = foldPositions(stratifiedFolds(setup.labels, members, 2, seed), 2).map(({ held }) => held.map((i) => members[i]));
  let added = 0;
  const plans = halves.map((half, h) => {
    const extra = sampleRows(Int32Array.from(half).sort(), maxAdded, seed + 1 + h);
    added = Math.max(added, extra.length);
    const inExtra = new Set(extra);
    const train = Int32Array.from([...fold.train, ...extra]).sort();
    return { train, held: fold.held.filter((row) => !inExtra.has(row)) };
  });
  return {
    chains: plans.map((plan): FitChain => ({ start: fits.models[0], fits: [refit(opts, plan.train, null)] })),
    read(models: LogisticModel[][]): { after: Float64Array; added: number; groupRows: number } {
      const sum = new Float64Array(setup.evaluated.length);
      const count = new Float64Array(setup.evaluated.length);
      plans.forEach((plan, h) => {
        const pred = new Int32Array(setup.evaluated.length).fill(-1);
        predictInto(setup, plan, models[h][0], pred);
        for (const row of plan.held) {
          const i = setup.position.get(row)!;
          sum[i] += pred[i] === setup.labels[row] ? 1 : 0;
          count[i]++;
        }
      });
      return { after: Float64Array.from(sum, (v, i) => (count[i] > 0 ? v / count[i] : NaN)), added, groupRows: members.length };
    },
  };
}
