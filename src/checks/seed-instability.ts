import { defineCheck, type FindingOf } from './types.js';
import { seedInstabilityMetrics, type PopulationMetrics } from './seed-instability/metrics.js';
import { findings, type RunKind } from './seed-instability/findings.js';
import { analyseRuns } from './seed-instability/analyse.js';
import { options } from './seed-instability/options.js';
import { remedies } from './seed-instability/remedy.js';
import { modelGroups } from '../data/model-groups.js';
import { seedCharts } from './seed-instability/charts.js';
import { isEvaluationRepeat, remedyGuards } from './seed-instability/rules.js';

export const seedInstability = defineCheck({
  id: 'seed-instability',
  title: 'Instability across seeds',
  description:
    'Per-run accuracy, its spread, bootstrap interval and interquartile mean; pairwise churn and rows whose prediction flips between runs; failed runs; what an ensemble of the runs gains; whether the spread exceeds sampling noise. Runs of different models are never one seed population: each model is analysed on its own runs.',
  needs: ['predictions', 'multipleRuns'],
  rows: 'evaluation',
  options,
  findings,
  metrics: seedInstabilityMetrics,
  remedies,
  charts: seedCharts,
  remedyGuards,
  isEvaluationRepeat,
  // Its headroom measures what the remedy itself does on these inputs, not a finding's size: it counts whenever this check ran.
  remedyMeasures: ['ensembleGain'],
  run(context) {
    const opts = context.options;
    const runs = context.predictions!.runs;
    // Scores without predicted classes are an LLM-style evaluation: its runs may differ only by sampling.
    // Runs of a prompted model's evaluation (lm-evaluation-harness) are grouped by configuration: within one, they are the evaluation repeated, never seeds.
    const runKind: RunKind =
      opts.runsAre === 'seeds'
        ? 'seed'
        : opts.runsAre === 'samples'
          ? 'run'
          : runs.every((run) => (run.pred === null && run.probs === null) || run.configuration !== undefined)
            ? 'run'
            : 'seed';
    const groups = modelGroups(runs);
    if (groups.length === 1) return analyseRuns(context, opts, groups[0].runs, null, runKind);
    const found: FindingOf<typeof findings>[] = [];
    const byModel: PopulationMetrics[] = [];
    let first: PopulationMetrics | null = null;
    for (const group of groups) {
      if (group.runs.length < 2) continue;
      const result = analyseRuns(context, opts, group.runs, group.model, runKind);
      first ??= result.metrics;
      byModel.push(result.metrics);
      for (const f of result.findings)
        found.push({ ...f, instance: f.instance === undefined ? (group.model ?? '(unnamed)') : `${group.model ?? '(unnamed)'}:${f.instance}` });
    }
    const singleRun = groups.filter((group) => group.runs.length < 2).map((group) => group.model ?? '(unnamed)');
    // The top-level figures are the first model's (as with one model); byModel lists every model.
    return { metrics: { ...first!, models: groups.map((group) => group.model ?? '(unnamed)'), byModel, modelsWithOneRun: singleRun }, findings: found };
  },
});
