/**
 * A proxy model inside the audit (issue 30): a logistic regression trained on the data's own
 * features, as a yardstick for the user's model and as a what-if for the data remedies. It runs
 * after the checks whose flags it reads (label-noise, duplicates, near-duplicates, slices).
 */
import { defineCheck, type FindingOf } from '../types.js';
import { pairedBootstrap } from '../../math/paired-comparison.js';
import { findings } from './findings.js';
import { options } from './options.js';
import { remedies } from './remedy.js';
import { correctness, setUpProxy, type ProxySetup } from './train.js';
import { baselinePlan, groupDataPlan, mimicPlan, tunePlan, whatIfPlan } from './fits.js';
import { fitChains, type FitChain } from '../../math/logistic-pool.js';
import type { LogisticModel } from '../../math/logistic-regression.js';
import type { Options } from './options.js';
import { targetSliceRows } from '../support/target-slice.js';
import { buildWhatIfs } from './what-ifs.js';
import type { Predictions, Run } from '../../data/model.js';
import type { CheckContext } from '../types.js';
import { proxyMetrics, type ProxyMetrics, type WhatIfDetail, type WhatIfEntry, type WhatIfId, type WhatIfs } from './metrics.js';

interface Yardstick {
  rows: number;
  runs: number;
  proxyAccuracy: number;
  proxyInterval: [number, number];
  modelAccuracy: number;
  gap: number;
  gapInterval: [number, number];
  gapStandardError: number;
}

/** A what-if against the baseline on the same rows: accuracy before and after, the gain and its paired bootstrap interval. */
function pairedGain(before: Uint8Array, after: ArrayLike<number>, resamples: number, seed: number) {
  const paired = pairedBootstrap([before], [after], { resamples, seed });
  return {
    accuracyBefore: paired.baselineRuns[0],
    accuracyAfter: paired.candidateRuns[0],
    gain: paired.difference,
    gainInterval: paired.interval,
    gainStandardError: paired.standardError,
  };
}

/** The class your model gets right least often on the evaluated rows, when clearly below its overall accuracy (none without predictions). */
function weakestClass(predictions: Predictions | null, setup: ProxySetup): { name: string; recall: number; rows: Uint8Array }[] {
  const k = setup.classes.length;
  const support = new Float64Array(k);
  const right = new Float64Array(k);
  const runs = (predictions?.runs ?? []).filter((run) => run.pred !== null);
  for (const row of setup.evaluated) {
    const c = setup.labels[row];
    const dataRow = setup.dataRows[row];
    for (const run of runs) {
      if (!run.covered[dataRow] || run.pred![dataRow] < 0) continue;
      support[c]++;
      if (run.pred![dataRow] === c) right[c]++;
    }
  }
  let total = 0;
  let totalRight = 0;
  for (let c = 0; c < k; c++) {
    total += support[c];
    totalRight += right[c];
  }
  if (total === 0) return [];
  let worst = -1;
  for (let c = 0; c < k; c++) if (support[c] > 0 && (worst < 0 || right[c] / support[c] < right[worst] / support[worst])) worst = c;
  const recall = right[worst] / support[worst];
  // Only a class clearly behind the others: more data of an average class is no targeted remedy.
  if (!(recall < totalRight / total - 0.05)) return [];
  return [{ name: setup.classes[worst], recall, rows: classRows(setup, worst) }];
}

/** A mask over data rows of the matrix rows labelled `c`. */
function classRows(setup: ProxySetup, c: number): Uint8Array {
  const mask = new Uint8Array(setup.dataRows[setup.dataRows.length - 1] + 1);
  setup.labels.forEach((y, row) => {
    if (y === c) mask[setup.dataRows[row]] = 1;
  });
  return mask;
}

/**
 * How far the what-if falls short of collecting enough: the group's training rows needed to bring
 * its share of the training rows to its share of the evaluation rows, against the rows the what-if
 * added. The gain is scaled in the logarithm of the group's training rows (g x ln(1 + needed/n) /
 * ln(1 + added/n), n its training rows plus one; at most 10 times), and capped at the most it
 * could gain: your runs' errors in the group over the evaluation rows (mean over runs). Null
 * without predictions or when no more rows are needed.
 */
function collectionScale(
  context: CheckContext<Options>,
  group: Uint8Array,
  added: number,
  runs: readonly Run[],
): { neededRows: number; factor: number; bound: number } | null {
  const roles = context.rowRoles;
  if (runs.length === 0 || added === 0 || roles.trainingRows === 0) return null;
  const labels = context.labels!.codes;
  let inTraining = 0;
  let inEvaluation = 0;
  let errors = 0;
  for (let row = 0; row < group.length && row < labels.length; row++) {
    if (labels[row] < 0) continue;
    if (!roles.evaluation[row]) {
      if (group[row]) inTraining++;
      continue;
    }
    if (!group[row]) continue;
    inEvaluation++;
    let wrong = 0;
    let n = 0;
    for (const run of runs) {
      if (!run.covered[row] || run.pred![row] < 0) continue;
      n++;
      if (run.pred![row] !== labels[row]) wrong++;
    }
    if (n > 0) errors += wrong / n;
  }
  const share = inEvaluation / roles.evaluationRows;
  if (!(share < 1)) return null;
  const neededRows = Math.max(0, (share * roles.trainingRows - inTraining) / (1 - share));
  if (neededRows <= added) return null;
  // Accuracy grows about linearly in the logarithm of the data: each doubling of the group's rows gains about as much as the last.
  const factor = Math.log1p(neededRows / (inTraining + 1)) / Math.log1p(added / (inTraining + 1));
  return { neededRows: Math.round(neededRows), factor: Math.min(10, factor), bound: errors / roles.evaluationRows };
}

/** The user's runs against the proxy on the evaluated rows every run predicts: a paired comparison. */
function yardstick(predictions: Predictions | null, setup: ProxySetup, proxyCorrect: Uint8Array, resamples: number, seed: number): Yardstick | null {
  const runs = (predictions?.runs ?? []).filter((run) => run.pred !== null);
  if (runs.length === 0) return null;
  // Evaluated matrix rows that every run predicts.
  const rows = setup.evaluated.filter((row) => runs.every((run) => run.covered[setup.dataRows[row]] === 1 && run.pred![setup.dataRows[row]] >= 0));
  if (rows.length < 20) return null;
  const y = setup.labels;
  const model = runs.map((run) => Uint8Array.from(rows, (row) => (run.pred![setup.dataRows[row]] === y[row] ? 1 : 0)));
  const proxyOnRows = Uint8Array.from(rows, (row) => proxyCorrect[setup.position.get(row)!]);
  const paired = pairedBootstrap(model, [proxyOnRows], { resamples, seed });
  const proxyAccuracy = paired.candidateRuns[0];
  const modelAccuracy = paired.baselineRuns.reduce((a, b) => a + b, 0) / runs.length;
  return {
    rows: rows.length,
    runs: runs.length,
    proxyAccuracy,
    proxyInterval: paired.candidateInterval,
    modelAccuracy,
    gap: paired.difference,
    gapInterval: paired.interval,
    gapStandardError: paired.standardError,
  };
}

type FitAll = (chains: readonly FitChain[]) => Promise<LogisticModel[][]>;

/** The proxy in your model's regime: how often your runs predict a class for a row (null without runs with predicted classes). */
function agreementWithRuns(runs: readonly Run[]): ((row: number, predicted: number) => number) | null {
  if (runs.length === 0) return null;
  return (row: number, predicted: number) => {
    let n = 0;
    let same = 0;
    for (const run of runs) {
      if (!run.covered[row] || run.pred![row] < 0) continue;
      n++;
      if (run.pred![row] === predicted) same++;
    }
    return n === 0 ? 0 : same / n;
  };
}

/** Stages 1 and 2: the two penalty paths (your model's regime, and the one a small search picks), then the baseline in that regime, to convergence. */
async function fitBaseline(context: CheckContext<Options>, setup: ProxySetup, runs: readonly Run[], fitAll: FitAll) {
  const opts = context.options;
  const mimicking = mimicPlan(setup, opts, agreementWithRuns(runs));
  const tuning = tunePlan(setup, opts, context.settings.seed + 167);
  const paths = await fitAll(mimicking.chain ? [tuning.chain, mimicking.chain] : [tuning.chain]);
  const tuned = tuning.read(paths[0]);
  const mimic = mimicking.read(paths[1] ?? null);
  const like: Options = { ...opts, C: mimic.C };
  const baselining = baselinePlan(setup, like, [mimic.model]);
  const fits = baselining.read(await fitAll(baselining.chains));
  const baseCorrect = correctness(setup, fits.baseline);
  let right = 0;
  for (const c of baseCorrect) right += c;
  return { tuned, mimic, like, fits, baseCorrect, right };
}

type Baseline = Awaited<ReturnType<typeof fitBaseline>>;

/** What a more-data what-if records beside its gain and its group's rows (and scale). */
type GroupDetail<Id extends 'sliceData' | 'classData'> = Omit<WhatIfDetail<Id>, 'groupRows' | 'scale' | 'scaledGain' | 'scaledInterval'>;

/**
 * Stage 3, every refit from the baseline, planned: the data what-ifs, the two settings (a ten times
 * stronger penalty than your model's regime, and the one the search picks), more data of a group.
 */
function planRefits(context: CheckContext<Options>, setup: ProxySetup, base: Baseline) {
  const opts = context.options;
  const { like, fits, mimic, tuned } = base;
  const whatIfList = buildWhatIfs(context, setup).map((whatIf) => ({ whatIf, plan: whatIfPlan(setup, like, fits, whatIf.change) }));
  const settings: (
    { id: 'strongerPenalty'; C: number; detail: WhatIfDetail<'strongerPenalty'> } | { id: 'tunedPenalty'; C: number; detail: WhatIfDetail<'tunedPenalty'> }
  )[] = [
    { id: 'strongerPenalty', C: mimic.C / 10, detail: { C: mimic.C / 10, from: mimic.C } },
    { id: 'tunedPenalty', C: tuned.C, detail: { C: tuned.C, from: mimic.C, scores: tuned.scores } },
  ];
  const settingList = settings.map((setting) => ({ setting, plan: setting.C === mimic.C ? null : whatIfPlan(setup, like, fits, { C: setting.C }) }));
  // More data of a group: the weak slice targeted data can act on, and the class the model gets right least often.
  const groups: (
    | { id: 'sliceData'; rows: Uint8Array | null; detail: GroupDetail<'sliceData'> }
    | { id: 'classData'; rows: Uint8Array | null; detail: GroupDetail<'classData'> }
  )[] = [
    { id: 'sliceData', rows: targetSliceRows(context), detail: {} },
    ...weakestClass(context.predictions, setup).map((entry) => ({
      id: 'classData' as const,
      rows: entry.rows,
      detail: { class: entry.name, recall: entry.recall },
    })),
  ];
  const cap = setup.description.text ? opts.maxTextTrainingRows : opts.maxTrainingRows;
  const groupList = groups.map((group, i) => ({
    group,
    i,
    plan: group.rows ? groupDataPlan(setup, like, fits, group.rows, context.settings.seed + 131 + i, Math.max(20, Math.floor(cap / 2))) : null,
  }));
  const planned = [
    ...whatIfList.map((w) => w.plan),
    ...settingList.flatMap((s) => (s.plan ? [s.plan] : [])),
    ...groupList.flatMap((g) => (g.plan ? [g.plan] : [])),
  ];
  return { whatIfList, settingList, groupList, planned };
}

/** Records a what-if's entry (the ids are fixed names, not data). */
function put<Id extends WhatIfId>(whatIfs: WhatIfs, id: Id, entry: WhatIfEntry<Id>): void {
  whatIfs[id] = entry;
}

/** Reads the refits back in plan order: each what-if's paired gain over the baseline, and each setting's correctness. */
function readRefits(
  context: CheckContext<Options>,
  setup: ProxySetup,
  base: Baseline,
  refitPlan: ReturnType<typeof planRefits>,
  refits: LogisticModel[][],
  runs: readonly Run[],
): { whatIfs: WhatIfs; tunedCorrect: Map<number, Uint8Array> } {
  const opts = context.options;
  const { baseCorrect } = base;
  let at = 0;
  const take = (count: number) => refits.slice(at, (at += count));
  const whatIfs: WhatIfs = {};
  refitPlan.whatIfList.forEach(({ whatIf, plan }, i) => {
    const after = correctness(setup, plan.read(take(plan.chains.length)));
    put(whatIfs, whatIf.id, {
      changedRows: whatIf.changedRows,
      ...pairedGain(baseCorrect, after, opts.resamples, context.settings.seed + 101 + i),
      ...whatIf.detail,
    });
  });
  const tunedCorrect = new Map<number, Uint8Array>();
  refitPlan.settingList.forEach(({ setting, plan }, i) => {
    const after = plan ? correctness(setup, plan.read(take(plan.chains.length))) : baseCorrect;
    tunedCorrect.set(setting.C, after);
    put(whatIfs, setting.id, { changedRows: 0, ...pairedGain(baseCorrect, after, opts.resamples, context.settings.seed + 171 + i), ...setting.detail });
  });
  refitPlan.groupList.forEach(({ group, i, plan }) => {
    if (!plan || !group.rows) return;
    const result = plan.read(take(plan.chains.length));
    const gain = pairedGain(baseCorrect, result.after, opts.resamples, context.settings.seed + 151 + i);
    const scale = collectionScale(context, group.rows, result.added, runs);
    put(whatIfs, group.id, {
      changedRows: result.added,
      groupRows: result.groupRows,
      ...gain,
      ...(scale
        ? {
            scale,
            scaledGain: Math.min(gain.gain * scale.factor, scale.bound),
            scaledInterval: [Math.min(gain.gainInterval[0] * scale.factor, scale.bound), Math.min(gain.gainInterval[1] * scale.factor, scale.bound)],
          }
        : {}),
      ...group.detail,
    });
  });
  return { whatIfs, tunedCorrect };
}

function metricsOf(setup: ProxySetup, base: Baseline, measured: Yardstick | null, whatIfs: WhatIfs): ProxyMetrics {
  const { mimic, tuned, fits } = base;
  const d = setup.description;
  return {
    mode: setup.mode,
    folds: setup.folds.length,
    trainingRowsAvailable: setup.trainingRowsAvailable,
    trainingRowsUsed: setup.trainingRowsUsed,
    evaluationRowsAvailable: setup.evaluationRowsAvailable,
    evaluatedRows: setup.evaluated.length,
    features: {
      dims: d.dims,
      kind: d.kind,
      numeric: d.numeric.columns,
      categorical: d.categorical.columns,
      text: d.text?.column ?? null,
      embeddings: d.embeddings?.dims ?? null,
    },
    C: mimic.C,
    penalty: { like: mimic.C, agreement: mimic.agreement, tuned: tuned.C },
    iterations: fits.iterations,
    converged: fits.converged,
    proxyAccuracy: base.right / setup.evaluated.length,
    yardstick: measured,
    whatIfs,
  };
}

export const proxy = defineCheck({
  id: 'proxy',
  title: 'Proxy model',
  description:
    "A multinomial logistic regression (L2, L-BFGS) on the data's own features (numbers standardised, categories one-hot, text as hashed word and character n-gram TF-IDF, embeddings as given), trained on the training rows (cross-fitted without a split): its accuracy beside your model's, and, retrained with each data remedy applied (flagged labels relabelled, duplicates dropped, class weights, the weak slice up-weighted), what that remedy gains on it.",
  needs: ['labels'],
  rows: 'evaluation',
  options,
  findings,
  metrics: proxyMetrics,
  remedies,
  // Its what-ifs measure what each remedy does on a proxy model, not a finding's size: they count whenever this check ran.
  remedyMeasures: [
    'proxyRelabel',
    'proxyDeduplicate',
    'proxyClassWeights',
    'proxySliceWeights',
    'proxyGroupData',
    'proxyPenalty',
    'proxyTuning',
    'proxyYardstick',
  ],
  async run(context) {
    const opts = context.options;
    if (!opts.enabled) return { metrics: {}, findings: [], skipped: 'turned off (--no-proxy, or checkOptions.proxy.enabled: false)' };
    // A prompted model answers benchmark items it was not trained on; a linear model fitted on the items' own text to their answer positions is no yardstick for it.
    if (context.roles.benchmark)
      return {
        metrics: {},
        findings: [],
        skipped: `the rows are benchmark items logged by ${context.roles.benchmark.harness}: no training rows to fit a proxy model on`,
      };
    const setup = setUpProxy(context);
    if (typeof setup === 'string') return { metrics: {}, findings: [], skipped: setup };
    const runs = (context.predictions?.runs ?? []).filter((run) => run.pred !== null);
    const fitAll: FitAll = (chains) => fitChains(setup.matrix, setup.labels, setup.classes.length, chains);
    const base = await fitBaseline(context, setup, runs, fitAll);
    const refitPlan = planRefits(context, setup, base);
    const refits = await fitAll(refitPlan.planned.flatMap((plan) => plan.chains));
    const { whatIfs, tunedCorrect } = readRefits(context, setup, base, refitPlan, refits, runs);
    // The yardstick is the tuned proxy: what a linear model on your features reaches when its one setting is searched.
    const measured = yardstick(context.predictions, setup, tunedCorrect.get(base.tuned.C) ?? base.baseCorrect, opts.resamples, context.settings.seed + 97);
    const metrics = metricsOf(setup, base, measured, whatIfs);
    const found: FindingOf<typeof findings>[] = [];
    // Said only when clearly better, by at least minGap: a point or so is within what tuning moves anyway.
    if (measured && measured.gapInterval[0] > 0 && measured.gap >= opts.minGap) {
      found.push({
        key: 'beats-your-model',
        severity: measured.gap >= 0.05 ? 'high' : measured.gap >= 0.02 ? 'medium' : 'low',
        args: { ...measured, trainingRows: setup.trainingRowsUsed, mode: setup.mode, folds: setup.folds.length },
        examples: [],
      });
    }
    return { metrics, findings: found };
  },
});
