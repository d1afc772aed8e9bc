/**
 * How well a report's ranking of accuracy remedies agrees with the gains realized by retraining
 * (fixtures/remedy-gains, written by test/reference/remedy_gains/run.py; its agreement.py computes
 * the same figures in Python).
 *
 * Per case, over the remedies of the report's accuracy section that have a realized gain, in the
 * report's order:
 * - spearman: Spearman's rho between the report's `score` (its expected gain, shrunk; 0 for the
 *   remedies it cannot estimate, which tie) and the realized gains (null with fewer than 3 such
 *   remedies or either side constant);
 * - top1Hit: the first of them is the best realized, or its realized gain lies within the best
 *   one's 95% interval;
 * - regret: the best realized gain minus the first one's, in points;
 * - nonPositiveInTop3: a remedy whose estimated gain is 0 or below sits among the first three
 *   remedies of the accuracy section (not-estimable ones state no gain).
 */
import type { Parsed } from './cli.js';

export interface RealizedGain {
  gain: number;
  interval: [number, number];
}

export interface Realized {
  case: string;
  remedies: Record<string, RealizedGain>;
}

export interface ReportRemedy {
  rank: number;
  id: string;
  outcome?: string;
  score: number;
  recommended?: boolean;
  expectedGain?: { value: number; interval: [number, number] | null; basis: string };
}

export interface CaseAgreement {
  case: string;
  ranked: string[];
  spearman: number | null;
  top: string | null;
  best: string | null;
  top1Hit: boolean | null;
  regret: number | null;
  nonPositiveInTop3: boolean;
}

/** Average ranks (1-based) of the values, ties sharing the mean of their positions. */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    for (let t = i; t <= j; t++) out[order[t][1]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  return out;
}

/** Spearman's rho: Pearson's correlation of the ranks; null when either side is constant. */
export function spearman(x: readonly number[], y: readonly number[]): number | null {
  const rx = ranks(x);
  const ry = ranks(y);
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const mx = mean(rx);
  const my = mean(ry);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < rx.length; i++) {
    sxy += (rx[i] - mx) * (ry[i] - my);
    sxx += (rx[i] - mx) ** 2;
    syy += (ry[i] - my) ** 2;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

export function caseAgreement(remedies: readonly ReportRemedy[], realized: Realized): CaseAgreement {
  const section = remedies.filter((r) => r.outcome === 'accuracy').sort((a, b) => a.rank - b.rank);
  const ranked = section.filter((r) => Object.hasOwn(realized.remedies, r.id));
  const gains = ranked.map((r) => realized.remedies[r.id].gain);
  const nonPositiveInTop3 = section
    .slice(0, 3)
    .some((r) => r.expectedGain !== undefined && r.expectedGain.basis !== 'not-estimable' && r.expectedGain.value <= 0);
  if (ranked.length === 0) return { case: realized.case, ranked: [], spearman: null, top: null, best: null, top1Hit: null, regret: null, nonPositiveInTop3 };
  let best = 0;
  for (let i = 1; i < gains.length; i++) if (gains[i] > gains[best]) best = i;
  const [lo, hi] = realized.remedies[ranked[best].id].interval;
  return {
    case: realized.case,
    ranked: ranked.map((r) => r.id),
    spearman:
      ranked.length >= 3
        ? spearman(
            ranked.map((r) => r.score),
            gains,
          )
        : null,
    top: ranked[0].id,
    best: ranked[best].id,
    top1Hit: best === 0 || (gains[0] >= lo && gains[0] <= hi),
    regret: gains[best] - gains[0],
    nonPositiveInTop3,
  };
}

export function summary(cases: readonly CaseAgreement[]): {
  spearman: number | null;
  spearmanCases: number;
  hits: number;
  hitCases: number;
  meanRegret: number | null;
  nonPositiveInTop3: number;
} {
  const rhos = cases.map((c) => c.spearman).filter((x): x is number => x !== null);
  const hits = cases.filter((c) => c.top1Hit !== null);
  const regrets = cases.map((c) => c.regret).filter((x): x is number => x !== null);
  const mean = (v: number[]) => (v.length === 0 ? null : v.reduce((a, b) => a + b, 0) / v.length);
  return {
    spearman: mean(rhos),
    spearmanCases: rhos.length,
    hits: hits.filter((c) => c.top1Hit).length,
    hitCases: hits.length,
    meanRegret: mean(regrets),
    nonPositiveInTop3: cases.filter((c) => c.nonPositiveInTop3).length,
  };
}

/** One of the proxy's estimates beside the gain realized by retraining (points). */
export interface ProxyPair {
  case: string;
  remedy: string;
  estimated: number;
  realized: number;
  interval: [number, number];
}

/**
 * The proxy's estimates for relabel, deduplicate, rebalance and hyper-parameter search (issue 30),
 * each beside the realized gain of the same remedy: relabel the better of relabelling and pruning
 * the flags; rebalance the class-weight retraining (realized as "rebalance-retrain"); tuning the
 * larger of the searched penalty's gain and the tuned proxy's margin over your model.
 */
export function proxyPairs(report: Parsed, realized: Realized): ProxyPair[] {
  const m = report.checks?.proxy?.metrics;
  const w = m?.whatIfs ?? {};
  const out: ProxyPair[] = [];
  const add = (remedy: string, realizedId: string, estimated: number | null) => {
    const r = realized.remedies[realizedId];
    if (estimated === null || !r) return;
    out.push({ case: realized.case, remedy, estimated: estimated * 100, realized: r.gain, interval: r.interval });
  };
  const gain = (id: string): number | null => (w[id] && typeof w[id].gain === 'number' ? w[id].gain : null);
  const better = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));
  add('relabel', 'relabel', better(gain('relabel'), gain('dropFlagged')));
  add('deduplicate', 'deduplicate', gain('deduplicate'));
  add('rebalance', 'rebalance-retrain', gain('classWeights'));
  const gap = m?.yardstick && m.yardstick.gap > 0 ? m.yardstick.gap : null;
  add('hyperparameter-search', 'hyperparameter-search', better(gain('tunedPenalty'), gap));
  return out;
}

/** Sign agreement where the realized interval excludes 0, and Spearman over every pair. */
export function proxySummary(pairs: readonly ProxyPair[]): { clear: number; sameSign: number; spearman: number | null; pairs: number } {
  const clear = pairs.filter((p) => p.interval[0] > 0 || p.interval[1] < 0);
  return {
    clear: clear.length,
    sameSign: clear.filter((p) => Math.sign(p.estimated) === Math.sign(p.realized)).length,
    spearman: spearman(
      pairs.map((p) => p.estimated),
      pairs.map((p) => p.realized),
    ),
    pairs: pairs.length,
  };
}
