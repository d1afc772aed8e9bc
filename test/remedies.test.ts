import { displayWidth } from '../src/render/columns.js';
import { describe, expect, test } from 'vitest';
import { CATALOGUE, REQUIRED_IDS, TASKS, catalogueEntry, formatReference, matchesPattern } from '../src/remedies/catalogue/index.js';
import { rankRemedies, rowCount, weakestSlice, type Remedy } from '../src/remedies/rank.js';
import { detectTask, detectTaskWithReason } from '../src/remedies/task.js';
import { renderCatalogue } from '../src/render/remedies.js';
import type { CheckOutcome, Finding, FindingSpec, Metrics, Severity } from '../src/checks/types.js';
import { runChecks } from '../src/checks/run.js';
import { builtinChecks } from '../src/checks/registry.js';
import { loadInputs } from './helpers/load-fixture.js';

const CJK = /[\u4e00-\u9fff]/;

function finding(id: string, severity: Severity = 'medium', metrics: Metrics = {}): Finding {
  const check = id.slice(0, id.indexOf('/'));
  return { id, check, severity, title: `Title of ${id}`, summary: `Summary of ${id}`, metrics, examples: [] };
}

function outcome(metrics: Metrics, status: CheckOutcome['status'] = 'findings'): CheckOutcome {
  return { status, metrics };
}

/** Rows = 1000 through the missing-values metrics, as the runner reports them. */
const BASE_CHECKS: Record<string, CheckOutcome> = { 'missing-values': outcome({ rows: 1000, columns: [] }, 'ok') };

function rank(findings: Finding[], checks: Record<string, CheckOutcome> = {}, lang: 'en' | 'zh' = 'en', task: Remedy['task'] | null = null): Remedy[] {
  return rankRemedies({ definitions: builtinChecks, findings, checks: { ...BASE_CHECKS, ...checks }, task: task ?? null, lang });
}

const ids = (remedies: Remedy[]) => remedies.map((remedy) => remedy.id);

// Check ids the reports can contain (DESIGN.md plus the lead's input-integrity).
const KNOWN_CHECKS = [
  'input-integrity',
  'class-balance',
  'missing-values',
  'duplicates',
  'near-duplicates',
  'conflicting-labels',
  'leakage',
  'contamination',
  'distribution-shift',
  'label-noise',
  'embeddings',
  'seed-instability',
  'performance',
  'answer-bias',
  'calibration',
  'slices',
  'comparison',
  'training-curves',
  'training-dynamics',
  'proxy',
];

describe('catalogue', () => {
  test('every required id exists, with the meaning the issue gives it', () => {
    for (const id of REQUIRED_IDS) expect(catalogueEntry(id), id).toBeDefined();
    const meaning: Record<string, RegExp> = {
      deduplicate: /duplicat/i,
      relabel: /relabel/i,
      rebalance: /rebalance/i,
      'targeted-data': /collect more data/i,
      augment: /augmentation/i,
      ensemble: /ensemble/i,
      calibrate: /temperature scaling/i,
      regularize: /dropout/i,
      'hyperparameter-search': /hyper-parameter search/i,
      distill: /distil/i,
      'more-seeds': /more seeds/i,
      'fix-leakage': /leakage/i,
    };
    for (const [id, pattern] of Object.entries(meaning)) expect(catalogueEntry(id)!.title.en, id).toMatch(pattern);
  });

  test('ids are unique and kebab-case', () => {
    const all = CATALOGUE.map((entry) => entry.id);
    expect(new Set(all).size).toBe(all.length);
    for (const id of all) expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  test('every entry has English and Chinese text, steps, variants per domain, references and a cost', () => {
    for (const entry of CATALOGUE) {
      for (const text of [entry.title, entry.summary, entry.when]) {
        expect(text.en.trim().length, entry.id).toBeGreaterThan(3);
        expect(text.zh, entry.id).toMatch(CJK);
      }
      expect(entry.steps.en.length, entry.id).toBeGreaterThanOrEqual(2);
      expect(entry.steps.zh.length, entry.id).toBe(entry.steps.en.length);
      for (const step of entry.steps.zh) expect(step, entry.id).toMatch(CJK);
      for (const task of TASKS) {
        expect(entry.variants[task].en.length, `${entry.id} ${task}`).toBeGreaterThan(10);
        expect(entry.variants[task].zh, `${entry.id} ${task}`).toMatch(CJK);
      }
      expect(entry.references.length, entry.id).toBeGreaterThanOrEqual(1);
      for (const reference of entry.references) {
        expect(reference.authors.length).toBeGreaterThan(2);
        expect(reference.year).toBeGreaterThanOrEqual(1979);
        expect(reference.year).toBeLessThanOrEqual(2025);
        expect(reference.title.length).toBeGreaterThan(5);
        expect(reference.venue.length).toBeGreaterThan(2);
      }
      expect(['low', 'medium', 'high']).toContain(entry.cost);
      expect(entry.seedTerms.length, entry.id).toBeGreaterThanOrEqual(1);
      for (const pattern of entry.appliesTo) expect(KNOWN_CHECKS, `${entry.id}: ${pattern}`).toContain(pattern.split('/')[0]);
    }
  });

  test('every appliesTo pattern names a check, or a key its findings table declares', () => {
    // Keys as the checks declare them: what run() can return (`disparity` is reported as `disparity:<instance>`).
    const declared = new Set(builtinChecks.flatMap((check) => Object.keys(check.findings ?? {}).map((key) => `${check.id}/${key}`)));
    const checkIds = new Set(builtinChecks.map((check) => check.id));
    const unmatched = CATALOGUE.flatMap((entry) =>
      entry.appliesTo
        .filter((pattern) => !(pattern.includes('/') ? declared.has(pattern.endsWith(':*') ? pattern.slice(0, -2) : pattern) : checkIds.has(pattern)))
        .map((pattern) => `${entry.id}: ${pattern}`),
    );
    expect(unmatched).toEqual([]);
    // And the patterns between them reach every key a check declares.
    // Keys that state a fact rather than a problem say so (`noRemedy`) instead.
    const informational = new Set(
      builtinChecks.flatMap((check) =>
        Object.entries(check.findings ?? {})
          .filter(([, spec]) => (spec as FindingSpec<object>).noRemedy)
          .map(([key]) => `${check.id}/${key}`),
      ),
    );
    for (const key of informational)
      expect(
        CATALOGUE.filter((entry) => (entry.appliesTo as readonly string[]).includes(key)).map((entry) => entry.id),
        key,
      ).toEqual([]);
    const reached = [...declared].filter((key) =>
      CATALOGUE.some((entry) => entry.appliesTo.some((pattern) => pattern === key || pattern === key.split('/')[0] || pattern === `${key}:*`)),
    );
    expect([...declared].filter((key) => !reached.includes(key) && !informational.has(key))).toEqual([]);
  });

  test('covers every technique the seed thread names', () => {
    const terms = CATALOGUE.flatMap((entry) => entry.seedTerms).join(' ');
    for (const term of [
      '数据清洗',
      '去重',
      '众包+专家复核',
      '数据增强',
      '噪声注入',
      '领域自适应数据混合',
      '领域专家知识',
      '超参数调优',
      '正则化',
      '迁移学习',
      '微调',
      '多任务学习',
      '渐进式学习',
      '对抗训练',
      '分布式训练',
      '模型架构改进',
      '知识蒸馏',
      '集成学习',
      '动态推理',
      '持续评估',
      '概念漂移监控',
      'A/B测试',
      '针对模型薄弱环节的数据',
    ]) {
      expect(terms, term).toContain(term);
    }
  });

  test('the key references are cited with authors, year and venue', () => {
    const all = CATALOGUE.flatMap((entry) => entry.references.map(formatReference));
    const expected = [
      'Northcutt, C. G., Jiang, L., Chuang, I. L. (2021). Confident Learning: Estimating Uncertainty in Dataset Labels. Journal of Artificial Intelligence Research 70.',
      'Guo, C., Pleiss, G., Sun, Y., Weinberger, K. Q. (2017). On Calibration of Modern Neural Networks. ICML 2017.',
      'Bergstra, J., Bengio, Y. (2012). Random Search for Hyper-Parameter Optimization. Journal of Machine Learning Research 13.',
      'Chen, I. Y., Johansson, F. D., Sontag, D. (2018). Why Is My Classifier Discriminatory?. NeurIPS 2018.',
    ];
    for (const reference of expected) expect(all).toContain(reference);
    for (const title of [
      'Deduplicating Training Data Makes Language Models Better',
      'Simple and Scalable Predictive Uncertainty Estimation using Deep Ensembles',
      'Distilling the Knowledge in a Neural Network',
      'SMOTE: Synthetic Minority Over-sampling Technique',
      'Focal Loss for Dense Object Detection',
      'Class-Balanced Loss Based on Effective Number of Samples',
      'Practical Bayesian Optimization of Machine Learning Algorithms',
      'Dropout: A Simple Way to Prevent Neural Networks from Overfitting',
      'Curriculum Learning',
      'Explaining and Harnessing Adversarial Examples',
      'Multitask Learning',
      'Improving Neural Machine Translation Models with Monolingual Data',
      'mixup: Beyond Empirical Risk Minimization',
      'Accounting for Variance in Machine Learning Benchmarks',
      'Leakage and the Reproducibility Crisis in Machine-Learning-Based Science',
      'DoReMi: Optimizing Data Mixtures Speeds Up Language Model Pretraining',
      'A Survey on Concept Drift Adaptation',
      'Controlled Experiments on the Web: Survey and Practical Guide',
    ]) {
      expect(
        all.some((reference) => reference.includes(title)),
        title,
      ).toBe(true);
    }
  });

  test('patterns: a check, a finding id, or a prefix', () => {
    expect(matchesPattern('duplicates', 'duplicates/exact', 'duplicates')).toBe(true);
    expect(matchesPattern('duplicates', 'near-duplicates/clusters', 'near-duplicates')).toBe(false);
    expect(matchesPattern('seed-instability/churn', 'seed-instability/churn', 'seed-instability')).toBe(true);
    expect(matchesPattern('seed-instability/churn', 'seed-instability/churn-x', 'seed-instability')).toBe(false);
    expect(matchesPattern('missing-values/missing:*', 'missing-values/missing:age', 'missing-values')).toBe(true);
    expect(matchesPattern('missing-values/missing:*', 'missing-values/mixed-types', 'missing-values')).toBe(false);
  });
});

/** Label errors flagged among evaluation rows: what calls for fixing the evaluation labels. */
const EVALUATION_FLAGS = finding('label-noise/mislabelled-rows', 'medium', {
  byRole: { training: { rows: 90, flagged: 0 }, evaluation: { rows: 10, flagged: 2, accuracyShiftIfRelabelled: 0.1 } },
});

/** Repeated benchmark items (rows logged by an evaluation harness): what calls for counting each item once. */
const BENCHMARK_REPEATS = (pattern: string) =>
  finding(pattern, 'high', {
    trainingRowsRemoved: 0,
    benchmark: {
      harness: 'lm-evaluation-harness',
      taskColumn: 'task',
      crossTaskRows: 12,
      withinTaskRows: 0,
      contrastRows: 0,
      sharedTasks: ['a', 'b'],
      distinctItems: 18,
    },
  });

/** A finding that matches the entry's first pattern. */
function triggerFor(pattern: string): Finding {
  if (pattern.endsWith('*')) return finding(`${pattern.slice(0, -1)}x`);
  if (!pattern.includes('/')) return finding(`${pattern}/synthetic`);
  return finding(pattern);
}

describe('mapping findings to remedies', () => {
  test('each entry with triggers appears for a finding of each of its patterns, and names it in why', () => {
    for (const entry of CATALOGUE) {
      for (const pattern of entry.appliesTo) {
        let trigger = triggerFor(pattern);
        if (entry.id === 'monitor-drift') trigger = finding('slices/discovered-1', 'medium', { predicates: { split: 'test' }, size: 50, errorRate: 0.4 });
        if (entry.id === 'fix-evaluation-labels') trigger = EVALUATION_FLAGS;
        if (entry.id === 'dedupe-benchmark') trigger = BENCHMARK_REPEATS(pattern);
        // A declared group calls for targeted data only when it is weak beyond its class mix and rarer in training.
        if ((entry.id === 'targeted-data' || entry.id === 'augment') && pattern === 'slices/disparity:*')
          trigger = finding('slices/disparity:x', 'medium', { targetable: true });
        const remedies = rank([trigger]);
        const remedy = remedies.find((r) => r.id === entry.id);
        expect(remedy, `${entry.id} from ${trigger.id}`).toBeDefined();
        expect(remedy!.why).toEqual([trigger.id]);
      }
    }
  });

  test('the required remedies are triggered by the findings the checks emit', () => {
    const cases: [string, string[]][] = [
      ['duplicates/exact-duplicates', ['deduplicate']],
      ['near-duplicates/clusters', ['deduplicate']],
      ['label-noise/mislabelled-rows', ['relabel', 'curriculum', 'domain-knowledge']],
      ['conflicting-labels/conflicts', ['relabel', 'domain-knowledge']],
      ['leakage/leaked-rows', ['fix-leakage']],
      ['class-balance/imbalance', ['rebalance']],
      ['class-balance/rare-classes', ['rebalance', 'targeted-data', 'augment', 'transfer-learning', 'multi-task']],
      ['slices/weak-slices', ['targeted-data', 'augment', 'domain-mixing', 'domain-knowledge', 'multi-task', 'adversarial-training']],
      ['slices/disparity:sex=F:fnr', ['domain-mixing', 'domain-knowledge', 'multi-task', 'adversarial-training']],
      ['slices/label-skew', ['domain-mixing', 'rebalance']],
      ['performance/prior-shift', ['rebalance']],
      ['label-noise/in-sample-predictions', ['regularize', 'hyperparameter-search']],
      ['seed-instability/churn', ['ensemble', 'distill', 'regularize', 'adversarial-training']],
      ['seed-instability/ensemble-gain', ['ensemble', 'distill']],
      ['seed-instability/accuracy-spread', ['ensemble', 'regularize', 'hyperparameter-search', 'more-seeds', 'ab-test']],
      ['seed-instability/failed-runs', ['hyperparameter-search', 'more-seeds', 'curriculum', 'transfer-learning']],
      ['seed-instability/partial-coverage', ['validate-inputs']],
      ['calibration/overconfident', ['calibrate', 'regularize']],
      ['calibration/underconfident', ['calibrate']],
      ['missing-values/missing:age', ['clean-missing']],
      ['input-integrity/ragged-rows', ['validate-inputs']],
    ];
    for (const [id, expected] of cases) {
      expect(ids(rank([finding(id)])).sort(), id).toEqual([...expected].sort());
    }
  });

  test('no remedy appears without a finding behind it', () => {
    const richChecks: Record<string, CheckOutcome> = {
      duplicates: outcome({ exactDuplicateRows: 40, exactDuplicateGroups: 10, groups: [[1, 2]] }),
      'label-noise': outcome({ issueCount: 30, rowsAnalysed: 1000, estimatedNoiseRate: 0.05, rows: [3] }),
      'seed-instability': outcome({ ensemble: { accuracy: 0.9, gainOverMean: 0.05 } }),
      calibration: outcome({ meanEce: 0.2 }),
    };
    expect(rank([], richChecks)).toEqual([]);

    // One finding of every kind: the entries without triggers never appear, and every remedy's
    // reasons are findings that match its patterns.
    const all = [
      ...CATALOGUE.flatMap((entry) => entry.appliesTo.map(triggerFor)),
      finding('slices/split-slice', 'low', { predicates: { split: 'test' } }),
      { ...EVALUATION_FLAGS, id: 'label-noise/mislabelled-rows:evaluation' },
      { ...BENCHMARK_REPEATS('duplicates/exact-duplicates'), id: 'duplicates/exact-duplicates:benchmark' },
    ];
    const remedies = rank(all, richChecks);
    const shown = new Set(ids(remedies));
    for (const entry of CATALOGUE) expect(shown.has(entry.id), entry.id).toBe(entry.appliesTo.length > 0);
    const byId = new Map(all.map((f) => [f.id, f]));
    for (const remedy of remedies) {
      expect(remedy.why.length).toBeGreaterThan(0);
      for (const why of remedy.why) {
        const f = byId.get(why)!;
        expect(f, why).toBeDefined();
        expect(
          catalogueEntry(remedy.id)!.appliesTo.some((pattern) => matchesPattern(pattern, f.id, f.check)),
          `${remedy.id} <- ${why}`,
        ).toBe(true);
      }
    }
    expect(remedies.map((r) => r.rank)).toEqual(remedies.map((_, i) => i + 1));
  });

  test('drift monitoring needs a slice defined by the split column', () => {
    const other = finding('slices/discovered-1', 'high', { predicates: { language: 'de' } });
    const split = finding('slices/discovered-2', 'medium', { predicates: { fold: 'test', language: 'de' } });
    expect(ids(rank([other]))).not.toContain('monitor-drift');
    const remedies = rank([other, split]);
    expect(remedies.find((r) => r.id === 'monitor-drift')!.why).toEqual(['slices/discovered-2']);
    // A split column named otherwise, given by the caller.
    const custom = finding('slices/weak-slices', 'medium', { slices: [{ predicates: { language: 'de' } }, { predicates: { phase: 'eval' } }] });
    expect(ids(rankRemedies({ definitions: builtinChecks, findings: [custom], checks: BASE_CHECKS, task: null, lang: 'en', splitColumn: 'phase' }))).toContain(
      'monitor-drift',
    );
  });
});

describe('outcomes, expected gains and the ranking', () => {
  // 1000 evaluation rows. Measured: an ensemble gain of 3.1 points (se 0.8), a prior correction
  // that loses 0.4 points, temperature scaling that lowers held-out log loss, leaked rows that
  // inflate accuracy by 1.2 points. Flagged: 80 training rows and 6 evaluation rows.
  const checks: Record<string, CheckOutcome> = {
    'label-noise': outcome({
      issueCount: 86,
      rowsAnalysed: 1000,
      estimatedNoiseRate: 0.095,
      rows: [],
      byRole: { training: { rows: 800, flagged: 80 }, evaluation: { rows: 200, flagged: 6, accuracyShiftIfRelabelled: 0.025 } },
    }),
    'seed-instability': outcome({
      runs: ['s1', 's2', 's3', 's4', 's5'],
      commonRows: 1000,
      accuracy: { mean: 0.812, std: 0.01, min: 0.8, max: 0.83, ci95: [0.79, 0.83] },
      ensemble: {
        accuracy: 0.843,
        gainOverMean: 0.031,
        gainOverBest: 0.013,
        method: 'mean-probabilities',
        gainInterval: [0.015, 0.047],
        gainStandardError: 0.008,
      },
      churn: { meanPairwise: 0.12, maxPairwise: 0.15 },
      unstableRows: 210,
      unstableShare: 0.21,
    }),
    performance: outcome({ priorCorrection: { gain: -0.004, gainInterval: [-0.01, 0.002], gainStandardError: 0.003, rows: 1000, runs: 5, folds: 5 } }),
    calibration: outcome({
      meanEce: 0.05,
      nBins: 15,
      temperatureScaling: {
        logLossGain: 0.02,
        logLossGainInterval: [0.01, 0.03],
        logLossGainStandardError: 0.005,
        eceBefore: 0.05,
        eceAfter: 0.02,
        rows: 1000,
        folds: 5,
      },
    }),
    leakage: outcome({
      totalLeakedRows: 30,
      leakedRows: { test: 30 },
      evaluationRows: { test: 1000 },
      overstatement: { overstatement: 0.012, interval: [0.004, 0.02], standardError: 0.004, all: 0.82, clean: 0.808, rows: 1000 },
      pairs: [],
    }),
    'class-balance': outcome({ labelledRows: 1000, unlabelledRows: 0 }),
  };
  const findings = [
    finding('class-balance/imbalance', 'low', { imbalanceRatio: 4, largestClass: 'pos', smallestClass: 'neg', largestCount: 800, smallestCount: 200 }),
    finding('seed-instability/churn', 'medium', { meanPairwise: 0.12, meanErrorRate: 0.188, unstableRows: 210, unstableShare: 0.21 }),
    finding('seed-instability/ensemble-gain', 'medium', { ensembleAccuracy: 0.843, gainOverMean: 0.031 }),
    finding('label-noise/mislabelled-rows', 'high', {
      issueCount: 86,
      estimatedNoiseRate: 0.095,
      byRole: { training: { rows: 800, flagged: 80 }, evaluation: { rows: 200, flagged: 6, accuracyShiftIfRelabelled: 0.025 } },
    }),
    finding('calibration/overconfident', 'low', { meanEce: 0.05, meanConfidence: 0.86, meanAccuracy: 0.812 }),
    finding('leakage/train-eval-overlap', 'high', { totalLeakedRows: 30 }),
  ];

  test('outcomes are never mixed: accuracy by expected gain, then honesty, probability quality, process', () => {
    const remedies = rank(findings, checks);
    expect(remedies.map((r) => `${r.outcome}:${r.id}`)).toEqual([
      // Estimated and helping, by score: the ensemble (measured), distillation (bounded by it).
      'accuracy:ensemble',
      'accuracy:distill',
      // Not estimable: first the one acting on rows the report names, then general techniques by severity, cost, id.
      'accuracy:relabel',
      'accuracy:curriculum',
      'accuracy:domain-knowledge',
      'accuracy:regularize',
      'accuracy:adversarial-training',
      // Measured not to help: last of its outcome.
      'accuracy:rebalance',
      // Honesty: a measured overstatement of 1.2 points outranks a bound of 2.5 (it counts 3/8).
      'honesty:fix-leakage',
      'honesty:fix-evaluation-labels',
      'probability:calibrate',
    ]);
    expect(remedies.map((r) => r.rank)).toEqual(remedies.map((_, i) => i + 1));
    expect(remedies.filter((r) => !r.recommended).map((r) => r.id)).toEqual(['rebalance']);
  });

  test('scores: the gain in points shrunk by its noise; an upper bound counts 3/8; no estimate, 0', () => {
    const remedies = rank(findings, checks);
    const get = (id: string) => remedies.find((r) => r.id === id)!;
    // 3.1 x 3.1^2 / (3.1^2 + 0.8^2) = 2.9064...
    expect(get('ensemble').score).toBe(2.9064);
    expect(get('ensemble').expectedGain).toEqual({
      metric: 'accuracy',
      value: 0.031,
      interval: [0.015, 0.047],
      unit: 'fraction',
      basis: 'measured',
      standardError: 0.008,
      rows: 1000,
      method: 'the ensemble of your 5 runs against the mean single run on the 1000 evaluation rows, paired bootstrap over rows and runs',
    });
    // Distillation keeps at most the ensemble's gain: uniform on [0, 3.1] with half the gain's noise, shrunk.
    const centre = 0.031 / 2;
    const se = Math.sqrt(0.031 ** 2 / 12 + 0.004 ** 2);
    expect(get('distill').score).toBeCloseTo((100 * centre ** 3) / (centre ** 2 + se ** 2), 3);
    expect(get('distill').expectedGain).toMatchObject({ basis: 'upper-bound', value: 0.031 });
    // Relabelling changes 80 training rows: nothing here sizes what that gains.
    expect(get('relabel').score).toBe(0);
    expect(get('relabel').headroom).toBeNull();
    expect(get('relabel').expectedGain).toMatchObject({ basis: 'not-estimable', rows: 80, value: 0, interval: null });
    expect(get('relabel').expectedGain!.method).toBe('it changes 80 training rows (relabelled); how much accuracy that buys shows only after retraining');
    // A measured loss is kept as it is and not recommended.
    expect(get('rebalance').score).toBe(-0.4);
    expect(get('rebalance').recommended).toBe(false);
    // Honesty: 1.2 points of overstatement (se 0.4): 1.2 x 1.44 / (1.44 + 0.16).
    expect(get('fix-leakage').score).toBeCloseTo(1.08, 4);
    expect(get('fix-leakage').expectedGain).toMatchObject({ metric: 'overstatement', basis: 'measured', value: 0.012, rows: 30 });
    expect(get('fix-evaluation-labels').expectedGain).toMatchObject({ metric: 'understatement', basis: 'upper-bound', value: 0.025, rows: 6 });
    // Probability quality: recommended because the held-out log-loss gain's interval excludes 0.
    expect(get('calibrate').recommended).toBe(true);
    expect(get('calibrate').expectedGain).toMatchObject({ metric: 'logLoss', basis: 'measured', value: 0.02, interval: [0.01, 0.03] });
    expect(get('calibrate').expectedGain!.method).toContain('ECE 0.050 -> 0.020');
  });

  test('a remedy whose estimate is zero or below never ranks above one that may help or cannot be estimated', () => {
    for (const gain of [0, -0.02]) {
      const remedies = rank([finding('performance/prior-shift', 'medium'), finding('class-balance/rare-classes', 'medium')], {
        performance: outcome({ priorCorrection: { gain, gainInterval: [gain - 0.01, gain + 0.01], rows: 500, runs: 3, folds: 5 } }),
      });
      const accuracy = remedies.filter((r) => r.outcome === 'accuracy');
      expect(accuracy[accuracy.length - 1].id).toBe('rebalance');
      expect(accuracy.slice(0, 3).map((r) => r.id)).not.toContain('rebalance');
    }
  });

  test('a measurement of the remedy itself counts whenever its check ran; the size of a finding only for the remedies it calls for', () => {
    // The prior correction measures rebalancing itself: it sizes rebalance even behind a class-balance finding.
    const remedies = rank([finding('class-balance/imbalance', 'low')], {
      performance: outcome({ priorCorrection: { gain: 0.03, gainInterval: [0.02, 0.04], rows: 500, runs: 1, folds: 5 } }),
    });
    expect(remedies.find((r) => r.id === 'rebalance')!.expectedGain).toMatchObject({ basis: 'measured', value: 0.03 });
    // A slice's excess errors size targeted data only behind the slices finding.
    const other = rank([finding('class-balance/rare-classes', 'medium')], { slices: outcome({ rows: 1000, discovered: [] }) });
    expect(other.find((r) => r.id === 'targeted-data')!.expectedGain!.basis).toBe('not-estimable');
  });

  test('the order does not depend on the order of the findings, and repeats exactly', () => {
    const a = rank(findings, checks);
    const b = rank([...findings].reverse(), checks);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  test('relabelling is suggested for flagged training rows, fixing the evaluation labels for flagged evaluation rows', () => {
    const byRole = (training: number, evaluation: number) =>
      finding('label-noise/mislabelled-rows', 'high', {
        byRole: { training: { rows: 500, flagged: training }, evaluation: { rows: 500, flagged: evaluation, accuracyShiftIfRelabelled: evaluation / 500 } },
      });
    expect(ids(rank([byRole(0, 12)]))).not.toContain('relabel');
    expect(ids(rank([byRole(0, 12)]))).toContain('fix-evaluation-labels');
    expect(ids(rank([byRole(9, 0)]))).toContain('relabel');
    expect(ids(rank([byRole(9, 0)]))).not.toContain('fix-evaluation-labels');
    // Without a split every row trains and is evaluated (cross-validation): relabel.
    expect(ids(rank([finding('label-noise/mislabelled-rows', 'high', { byRole: null })]))).toContain('relabel');
  });

  test('de-duplication needs training rows to drop; targeted data a slice it can act on', () => {
    expect(ids(rank([finding('duplicates/exact-duplicates', 'low', { trainingRowsRemoved: 0 })]))).not.toContain('deduplicate');
    expect(ids(rank([finding('duplicates/exact-duplicates', 'low', { trainingRowsRemoved: 4 })]))).toContain('deduplicate');
    // Repeated benchmark items are never training rows: counting each once, not de-duplicating training data.
    expect(ids(rank([BENCHMARK_REPEATS('duplicates/exact-duplicates')]))).toEqual(['dedupe-benchmark']);
    // Near copies that are all contrast items (another gold answer) call for nothing.
    expect(ids(rank([finding('near-duplicates/near-duplicates', 'info', { benchmark: { crossTaskRows: 0, withinTaskRows: 0, contrastRows: 1 } })]))).toEqual(
      [],
    );
    // Repeats of a prompted model's evaluation (one configuration run twice) call for no training remedy.
    const repeats = ids(
      rank([
        finding('seed-instability/accuracy-spread:gpt', 'high', { runKind: 'run', significant: true }),
        finding('seed-instability/churn:gpt', 'low', { runKind: 'run' }),
      ]),
    );
    for (const id of ['regularize', 'hyperparameter-search', 'adversarial-training', 'distill']) expect(repeats).not.toContain(id);
    // Identical feature vectors that chance explains call for nothing.
    expect(rank([finding('duplicates/identical-feature-vectors', 'info')])).toEqual([]);
    const weak = (targetSlice: number | null) =>
      finding('slices/weak-slices', 'medium', {
        targetSlice,
        evaluatedRows: 1000,
        slices: [
          {
            predicates: { source: 'b' },
            size: 80,
            accuracyAtStake: 0.03,
            excessErrors: 30,
            classMix: { expectedErrorRate: 0.1, excessErrors: 24, accuracyAtStake: 0.024, z: 4 },
          },
        ],
      });
    expect(ids(rank([weak(null)]))).not.toContain('targeted-data');
    const targeted = rank([weak(0)]).find((r) => r.id === 'targeted-data')!;
    expect(targeted.expectedGain).toMatchObject({ basis: 'upper-bound', value: 0.024, rows: 80 });
    expect(targeted.expectedGain!.method).toBe(
      'the 24 errors of "source" = "b" (80 rows) beyond what its class mix predicts, over the 1000 evaluated rows: what it would gain if new data brought the slice to that rate',
    );
    // A disparity of a declared group (a false negative rate, say) is not an excess of errors new data fixes.
    expect(ids(rank([finding('slices/disparity:sex=F:fnr', 'high', { metric: 'fnr', direction: 'worse' })]))).not.toContain('targeted-data');
  });

  test('malformed or missing metrics mean "not estimable", never a crash', () => {
    const garbage: Record<string, CheckOutcome> = {
      'label-noise': outcome({ issueCount: 'many', rowsAnalysed: null, estimatedNoiseRate: [0.1], byRole: 'x' }),
      'seed-instability': outcome({ ensemble: 'big', accuracy: null }),
      duplicates: outcome({ exactDuplicateRows: Number.NaN }),
      leakage: outcome({ leakedRows: { __proto__: 5, test: 'x' }, pairs: 'none', overstatement: { interval: 'x' } }),
      performance: outcome({ priorCorrection: { gain: 'x' } }),
      slices: outcome({ discovered: [null, 3, { predicates: 'x', size: -1 }, { size: 10 }], groups: {} }),
      calibration: { status: 'error', reason: 'boom', metrics: null as unknown as Metrics },
      'missing-values': outcome({ rows: 'ten' }),
    };
    const all = CATALOGUE.flatMap((entry) => entry.appliesTo.map(triggerFor));
    for (const f of all) (f as { metrics: unknown }).metrics = { meanPairwise: 'x', ensembleAccuracy: null, rareClasses: 'none', columns: 7, targetSlice: 'x' };
    let remedies: Remedy[] = [];
    expect(() => {
      remedies = rankRemedies({ definitions: builtinChecks, findings: all, checks: garbage, task: 'nlp', lang: 'zh' });
    }).not.toThrow();
    for (const remedy of remedies) {
      expect(remedy.headroom).toBeNull();
      expect(remedy.evidence.length).toBeGreaterThan(0);
      if (remedy.outcome !== 'process') expect(remedy.expectedGain!.basis).toBe('not-estimable');
    }
    expect(rankRemedies({ definitions: builtinChecks, findings: all, checks: {}, task: null, lang: 'en' }).length).toBe(remedies.length);
  });

  test('rows come from the input, else missing-values, input-integrity or class-balance', () => {
    expect(rowCount({ definitions: builtinChecks, checks: {}, rows: 12 })).toBe(12);
    expect(rowCount({ definitions: builtinChecks, checks: { 'missing-values': outcome({ rows: 30 }) } })).toBe(30);
    expect(rowCount({ definitions: builtinChecks, checks: { 'input-integrity': outcome({ rows: 31 }) } })).toBe(31);
    expect(rowCount({ definitions: builtinChecks, checks: { 'class-balance': outcome({ labelledRows: 40, unlabelledRows: 2 }) } })).toBe(42);
    expect(rowCount({ definitions: builtinChecks, checks: {} })).toBeNull();
  });

  test('declared groups: the weakest by errors beyond the reference rate, for the evidence', () => {
    const fnr = finding('slices/disparity:sex=F:fnr', 'high', {
      column: 'sex',
      group: 'F',
      reference: 'M',
      metric: 'fnr',
      value: 0.3,
      referenceValue: 0.2,
      ratio: 1.5,
      groupSize: 400,
      qValue: 0.003,
      gap: 24,
    });
    const selection = finding('slices/disparity:sex=F:selectionRate', 'high', {
      column: 'sex',
      group: 'F',
      reference: 'M',
      metric: 'selectionRate',
      value: 0.6,
      referenceValue: 0.3,
      ratio: 2,
      groupSize: 400,
      gap: 120,
    });
    const accuracy = finding('slices/disparity:age=young:accuracy', 'high', {
      column: 'age',
      group: 'young',
      reference: 'old',
      metric: 'accuracy',
      value: 0.9,
      referenceValue: 0.7,
      ratio: 1.29,
      groupSize: 300,
      gap: 60,
    });
    const checks = { slices: outcome({ rows: 2000, discovered: [] }) };
    expect(weakestSlice(checks, null, [fnr, selection, accuracy])).toMatchObject({
      source: 'disparity',
      description: '"sex" = "F"',
      size: 400,
      metric: 'fnr',
      value: 0.3,
      baseline: 0.2,
      reference: '"M"',
      excessErrors: 24,
      excess: 0.012,
    });
    expect(weakestSlice(checks, null, [selection, accuracy])).toBeNull();
    const domain = rankRemedies({ definitions: builtinChecks, findings: [fnr, selection], checks, task: null, lang: 'en' }).find(
      (r) => r.id === 'domain-mixing',
    )!;
    expect(domain.evidence).toBe(
      'The false negative rate of "sex" = "F" (400 rows) is 30.0% against 20.0% for the reference group "M" (ratio 1.50, q = 0.0030): 24 more errors than at the reference rate. ' +
        'The selection rate of "sex" = "F" is 60.0% against 30.0% for the reference group "M" (ratio 2.00).',
    );
  });

  test('conflicts name the rows a relabelling would change', () => {
    const remedies = rank([finding('conflicting-labels/conflicting-labels', 'medium')], {
      'conflicting-labels': outcome({ conflictingGroups: 4, conflictingRows: 10, minorityRows: 5, conflictingShare: 0.02, groups: [] }),
    });
    const relabel = remedies.find((r) => r.id === 'relabel')!;
    expect(relabel.expectedGain).toMatchObject({ basis: 'not-estimable', rows: 5 });
    expect(relabel.evidence).toBe("4 groups of duplicate rows (10 rows) carry conflicting labels; 5 rows disagree with their group's majority.");
  });

  test('leakage evidence lists the splits, most leaked first', () => {
    const remedies = rank([finding('leakage/train-eval-overlap', 'high')], {
      leakage: outcome({ leakedRows: { validation: 3, test: 12 }, evaluationRows: { validation: 300, test: 200 }, totalLeakedRows: 15, pairs: [] }),
    });
    const fix = remedies.find((r) => r.id === 'fix-leakage')!;
    expect(fix.outcome).toBe('honesty');
    expect(fix.evidence).toBe(
      '15 evaluation rows (3.0%) duplicate training rows ("test": 12 of 200; "validation": 3 of 300), so the evaluation partly measures memory.',
    );
  });
});

describe('language and domain', () => {
  const checks: Record<string, CheckOutcome> = {
    'label-noise': outcome({ issueCount: 80, rowsAnalysed: 1000, estimatedNoiseRate: 0.095 }),
    'seed-instability': outcome({ runs: ['a', 'b', 'c'], ensemble: { accuracy: 0.843, gainOverMean: 0.031 }, accuracy: { mean: 0.812, min: 0.8, max: 0.83 } }),
  };
  const findings = [
    finding('label-noise/mislabelled-rows', 'high'),
    finding('seed-instability/ensemble-gain', 'medium', { gainOverMean: 0.031, ensembleAccuracy: 0.843 }),
  ];

  test('zh: titles, summaries, steps and evidence in Chinese, with the same numbers', () => {
    const zh = rank(findings, checks, 'zh');
    const en = rank(findings, checks, 'en');
    expect(ids(zh)).toEqual(ids(en));
    expect(zh.map((r) => r.score)).toEqual(en.map((r) => r.score));
    for (const remedy of zh) {
      const entry = catalogueEntry(remedy.id)!;
      expect(remedy.title).toBe(entry.title.zh);
      expect(remedy.summary).toBe(entry.summary.zh);
      expect(remedy.steps).toEqual(entry.steps.zh);
      expect(remedy.evidence).toMatch(CJK);
    }
    expect(zh.find((r) => r.id === 'relabel')!.evidence).toBe('80 行(8.0%)疑似标签错误(置信学习);估计标签噪声率为 9.5%。');
    expect(zh.find((r) => r.id === 'ensemble')!.evidence).toBe('3 次运行的集成准确率为 84.3%,比单次运行的平均值(81.2%)高 3.1 个百分点。');
  });

  test('the task selects the domain variant; without a task there is none', () => {
    for (const task of TASKS) {
      for (const lang of ['en', 'zh'] as const) {
        const remedies = rankRemedies({ definitions: builtinChecks, findings, checks, task, lang });
        for (const remedy of remedies) {
          expect(remedy.task).toBe(task);
          expect(remedy.domainVariant).toBe(catalogueEntry(remedy.id)!.variants[task][lang]);
        }
      }
    }
    const none = rankRemedies({ definitions: builtinChecks, findings, checks, task: null, lang: 'en' });
    for (const remedy of none) {
      expect('domainVariant' in remedy).toBe(false);
      expect('task' in remedy).toBe(false);
    }
  });

  test('text from the data in the evidence is sanitised', () => {
    const remedies = rank([
      finding('class-balance/imbalance', 'high', {
        imbalanceRatio: 9,
        largestClass: 'a\u001b[31mred\u0007',
        smallestClass: 'b\nc',
        largestCount: 90,
        smallestCount: 10,
      }),
    ]);
    const evidence = remedies.find((r) => r.id === 'rebalance')!.evidence;
    // The colour sequence and the bell are stripped; the newline becomes a space.
    expect(evidence).toBe('The largest class "ared" has 90 rows and the smallest "b c" has 10 (imbalance 9.0:1).');
  });
});

describe('detectTask', () => {
  const base = { hasText: false, columnNames: ['id', 'label'], numericFeatureShare: 0, scoresOnly: false };
  test('score-only runs or prompt/response columns: llm', () => {
    expect(detectTask({ ...base, scoresOnly: true, hasText: true })).toBe('llm');
    expect(detectTask({ ...base, columnNames: ['id', 'prompt', 'response'], hasText: true })).toBe('llm');
  });
  test('image paths: vision', () => {
    expect(detectTask({ ...base, columnNames: ['id', 'image_path', 'label'] })).toBe('vision');
    expect(
      detectTaskWithReason({ ...base, columnNames: ['id', 'file', 'label'], sampleValues: new Map([['file', ['a/1.jpg', 'b/2.PNG', 'c/3.jpeg']]]) }),
    ).toEqual({ task: 'vision', reason: 'column "file" holds image file paths' });
    expect(
      detectTask({
        ...base,
        columnNames: ['id', 'file', 'label'],
        sampleValues: new Map([['file', ['a.txt', 'b.txt']]]),
        numericFeatureShare: 0,
        featureCount: 1,
      }),
    ).toBe('tabular');
  });
  test('a text column: nlp (even beside a column named path)', () => {
    expect(detectTask({ ...base, hasText: true, columnNames: ['id', 'text', 'path', 'label'] })).toBe('nlp');
  });
  test('numeric features: tabular; nothing: null', () => {
    expect(detectTask({ ...base, numericFeatureShare: 0.75 })).toBe('tabular');
    expect(detectTask({ ...base, numericFeatureShare: 0.2, featureCount: 5 })).toBe('tabular');
    expect(detectTaskWithReason(base)).toEqual({ task: null, reason: 'no text, image, score-only or numeric-feature signal' });
  });
});

describe('audit remedies listing', () => {
  test('text lists every entry with its steps and references, wrapped to the width; json is the same catalogue', () => {
    const text = renderCatalogue({ lang: 'en', task: 'vision', format: 'text', width: 60 });
    for (const line of text.split('\n')) expect(displayWidth(line), line).toBeLessThanOrEqual(60);
    // Wrapping only turns spaces into line breaks and indents.
    const flat = text.replace(/\s+/g, ' ');
    const words = (value: string) => value.replace(/\s+/g, ' ');
    for (const entry of CATALOGUE) {
      expect(flat).toContain(words(`${entry.id}: ${entry.title.en}`));
      expect(flat).toContain(words(entry.variants.vision.en));
      expect(flat).toContain(words(formatReference(entry.references[0])));
    }
    expect(flat).toContain('score = the expected gain in points of its outcome');
    const json = JSON.parse(renderCatalogue({ lang: 'zh', task: null, format: 'json' }));
    expect(json.remedies.map((r: { id: string }) => r.id)).toEqual(CATALOGUE.map((entry) => entry.id));
    expect(json.remedies[0].title).toBe(CATALOGUE[0].title.zh);
    expect(json.remedies[0].domainVariant).toBeUndefined();
    const zh = renderCatalogue({ lang: 'zh', task: 'nlp', format: 'text' });
    for (const line of zh.split('\n')) expect(displayWidth(line), line).toBeLessThanOrEqual(80);
    expect(zh).toContain('== 数据 ==');
    // Chinese also breaks between characters: compare without any whitespace.
    expect(zh.replace(/\s+/g, '')).toContain(catalogueEntry('relabel')!.variants.nlp.zh.replace(/\s+/g, ''));
  });
});

describe('on the multi-seed fixture (predictions of 5 seeds with about 4% wrong labels)', () => {
  test('relabel and ensemble rank in the top four, quoting the measured numbers', async () => {
    const inputs = await loadInputs('fixtures/multi-seed/data.csv', ['fixtures/multi-seed/preds.jsonl']);
    const output = await runChecks(builtinChecks, inputs);
    for (const lang of ['en', 'zh'] as const) {
      const remedies = rankRemedies({ definitions: builtinChecks, findings: output.findings, checks: output.checks, task: 'nlp', lang });
      const top = ids(remedies.slice(0, 4));
      expect(top).toContain('ensemble');
      // The runs are synthetic and weak: a linear model on the texts does far better, and the 4% of wrong labels cost it nothing.
      expect(top[0]).toBe('hyperparameter-search');
      expect(remedies.find((r) => r.id === 'relabel')!.expectedGain!.basis).toBe('estimated');
      const noise = output.checks['label-noise'].metrics as { issueCount: number; rowsAnalysed: number };
      const seeds = output.checks['seed-instability'].metrics as { ensemble: { accuracy: number; gainOverMean: number } };
      const relabel = remedies.find((r) => r.id === 'relabel')!;
      const ensemble = remedies.find((r) => r.id === 'ensemble')!;
      expect(relabel.evidence).toContain(`${noise.issueCount} `);
      expect(relabel.evidence).toContain(`${((noise.issueCount / noise.rowsAnalysed) * 100).toFixed(1)}%`);
      // No split: every row trains; the proxy, cross-fitted, sizes relabelling the flagged rows.
      expect(relabel.expectedGain!.rows).toBeLessThanOrEqual(noise.issueCount);
      expect(ensemble.evidence).toContain(`${(seeds.ensemble.accuracy * 100).toFixed(1)}%`);
      expect(ensemble.evidence).toContain(`${(seeds.ensemble.gainOverMean * 100).toFixed(1)}`);
      expect(ensemble.expectedGain).toMatchObject({
        metric: 'accuracy',
        value: Math.round(seeds.ensemble.gainOverMean * 1e6) / 1e6,
        unit: 'fraction',
        basis: 'measured',
      });
      expect(ensemble.expectedGain!.interval![0]).toBeLessThan(seeds.ensemble.gainOverMean);
      expect(ensemble.expectedGain!.interval![1]).toBeGreaterThan(seeds.ensemble.gainOverMean);
      expect(seeds.ensemble.gainOverMean).toBeGreaterThan(0.01);
    }
  });
});

/** Every check of DESIGN.md (imported here so that these tests do not depend on the registry's state). */
async function allChecks() {
  const { inputIntegrity } = await import('../src/checks/input-integrity.js');
  const { classBalance } = await import('../src/checks/class-balance.js');
  const { missingValues } = await import('../src/checks/missing-values.js');
  const { duplicates } = await import('../src/checks/duplicates.js');
  const { nearDuplicates } = await import('../src/checks/near-duplicates.js');
  const { conflictingLabels } = await import('../src/checks/conflicting-labels.js');
  const { leakage } = await import('../src/checks/leakage.js');
  const { labelNoise } = await import('../src/checks/label-noise.js');
  const { seedInstability } = await import('../src/checks/seed-instability.js');
  const { calibration } = await import('../src/checks/calibration.js');
  const { slices } = await import('../src/checks/slices/check.js');
  return [
    inputIntegrity,
    classBalance,
    missingValues,
    duplicates,
    nearDuplicates,
    conflictingLabels,
    leakage,
    labelNoise,
    seedInstability,
    calibration,
    slices,
  ];
}

describe('on real data: COMPAS with 10% of the labels flipped and 5 seeds of a neural network', () => {
  // fixtures/remedies-compas/generate.py: real data, real label flips, real training runs; its
  // truth.json holds the accuracies numpy measured, an independent check of the evidence.
  test('relabel and ensemble rank in the top four, and the evidence quotes the measured numbers', async () => {
    const { readFile } = await import('node:fs/promises');
    const truth = JSON.parse(await readFile('fixtures/remedies-compas/truth.json', 'utf8')) as {
      rows: number;
      flippedRows: number[];
      accuracyVsGivenLabels: { mean: number; ensemble: number };
    };
    const inputs = await loadInputs('fixtures/remedies-compas/data.csv', ['fixtures/remedies-compas/preds.jsonl']);
    const output = await runChecks(await allChecks(), inputs);
    const gain = truth.accuracyVsGivenLabels.ensemble - truth.accuracyVsGivenLabels.mean;
    expect(gain).toBeGreaterThan(0.02);
    for (const lang of ['en', 'zh'] as const) {
      const remedies = rankRemedies({ definitions: builtinChecks, findings: output.findings, checks: output.checks, task: 'tabular', lang });
      if (process.env.SHOW_REMEDIES)
        for (const r of remedies.slice(0, 6))
          console.log(`${r.rank}. ${r.id} ${r.score} h=${r.headroom} x${r.headroomWeight} ${r.severity} [${r.why.join(', ')}]\n   ${r.evidence}`);
      const top = ids(remedies.slice(0, 4));
      expect(top, top.join(', ')).toContain('relabel');
      expect(top, top.join(', ')).toContain('ensemble');
      const ensemble = remedies.find((r) => r.id === 'ensemble')!;
      expect(ensemble.expectedGain!.value).toBeCloseTo(gain, 6);
      expect(ensemble.evidence).toContain(`${(truth.accuracyVsGivenLabels.ensemble * 100).toFixed(1)}%`);
      expect(ensemble.evidence).toContain(`${(truth.accuracyVsGivenLabels.mean * 100).toFixed(1)}%`);
      expect(ensemble.evidence).toContain(lang === 'en' ? `+${(gain * 100).toFixed(1)} points` : `高 ${(gain * 100).toFixed(1)} 个百分点`);
      const relabel = remedies.find((r) => r.id === 'relabel')!;
      const noise = output.checks['label-noise'].metrics as { issueCount: number; rowsAnalysed: number; rows: number[] };
      expect(relabel.evidence).toContain(
        lang === 'en'
          ? `${noise.issueCount} rows (${((noise.issueCount / noise.rowsAnalysed) * 100).toFixed(1)}%)`
          : `${noise.issueCount} 行(${((noise.issueCount / noise.rowsAnalysed) * 100).toFixed(1)}%)`,
      );
      // The rows behind relabel are mostly the flipped ones: far above the 10.75% base rate.
      const flipped = new Set(truth.flippedRows);
      const hits = noise.rows.filter((row) => flipped.has(row)).length;
      expect(hits / noise.rows.length).toBeGreaterThan(2 * (truth.flippedRows.length / truth.rows));
    }
  });
});

describe('on the checks themselves: a fixture that plants each data problem', () => {
  // 300 reviews (120 train, 180 test: the slices are searched on the test rows). Planted: exact duplicates with a conflicting label (rows
  // 9-11), a near-duplicate (row 30 of row 29), 6 test rows copying training rows (leakage),
  // 24 flipped labels the runs confidently contradict (label noise), a "forum" source where the
  // runs err far more often (weak slice), and runs that differ by seed (ensemble gain).
  function fixture() {
    let state = 20240611;
    const random = () => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const words = [
      'battery',
      'screen',
      'delivery',
      'price',
      'colour',
      'sound',
      'strap',
      'manual',
      'charger',
      'lid',
      'handle',
      'button',
      'cable',
      'box',
      'fabric',
    ];
    const good = ['great', 'solid', 'lovely', 'reliable', 'excellent', 'sturdy'];
    const bad = ['awful', 'flimsy', 'broken', 'useless', 'terrible', 'noisy'];
    const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
    const rows: unknown[][] = [];
    const truth: string[] = [];
    for (let i = 0; i < 300; i++) {
      const positive = random() < 0.5;
      const label = positive ? 'pos' : 'neg';
      const text = `Review ${i}: the ${pick(words)} is ${positive ? pick(good) : pick(bad)} and the ${pick(words)} is ${positive ? pick(good) : pick(bad)}, order number ${Math.floor(random() * 1e6)}.`;
      rows.push([`r${i}`, text, label, i < 120 ? 'train' : 'test', i % 5 === 0 ? 'forum' : 'shop']);
      truth.push(label);
    }
    rows[10][1] = rows[9][1];
    rows[11][1] = rows[9][1];
    rows[10][2] = rows[9][2];
    truth[10] = truth[9];
    rows[11][2] = rows[9][2] === 'pos' ? 'neg' : 'pos'; // conflicting duplicate
    truth[11] = truth[9];
    rows[30][1] = `${String(rows[29][1]).slice(0, -1)}!`;
    for (let k = 0; k < 6; k++) {
      rows[250 + k][1] = rows[40 + k][1];
      rows[250 + k][2] = rows[40 + k][2];
      truth[250 + k] = truth[40 + k];
    }
    const flipped: number[] = [];
    for (let i = 60; i < 300 && flipped.length < 24; i += 9) {
      if (i % 5 === 0 || (i >= 250 && i < 256)) continue;
      rows[i][2] = truth[i] === 'pos' ? 'neg' : 'pos';
      flipped.push(i);
    }
    const predictions: Record<string, unknown>[] = [];
    for (let seed = 0; seed < 5; seed++) {
      for (let i = 0; i < 300; i++) {
        const forum = i % 5 === 0;
        // The true class gets most of the mass; on forum rows and by seed noise the runs err.
        let pTrue = forum ? 0.35 + 0.3 * random() : 0.62 + 0.35 * random();
        if (random() < 0.12) pTrue = 1 - pTrue; // seed-specific mistakes an ensemble averages out
        const pPos = truth[i] === 'pos' ? pTrue : 1 - pTrue;
        predictions.push({ id: `r${i}`, seed, probs: { neg: Number((1 - pPos).toFixed(6)), pos: Number(pPos.toFixed(6)) } });
      }
    }
    return { rows, predictions, flipped };
  }

  test('each planted problem triggers its remedy, with the check\u2019s finding ids and numbers', async () => {
    const { makeInputs } = await import('./helpers/inputs.js');
    const { rows, predictions } = fixture();
    const inputs = makeInputs({ header: ['id', 'text', 'label', 'split', 'source'], rows, predictions, classes: ['neg', 'pos'] });
    const output = await runChecks(await allChecks(), inputs);
    for (const [id, outcome] of Object.entries(output.checks)) expect(outcome.status, `${id}: ${outcome.reason ?? ''}`).not.toBe('error');
    const findingIds = output.findings.map((f) => f.id);
    const remedies = rankRemedies({ definitions: builtinChecks, findings: output.findings, checks: output.checks, task: 'nlp', lang: 'en' });
    const byId = new Map(remedies.map((r) => [r.id, r]));
    if (process.env.SHOW_REMEDIES)
      for (const r of remedies) console.log(`${r.rank}. ${r.id} ${r.score} h=${r.headroom} ${r.severity} [${r.why.join(', ')}]\n   ${r.evidence}`);

    // Every remedy has findings behind it, and only findings of this audit.
    for (const remedy of remedies) for (const why of remedy.why) expect(findingIds).toContain(why);

    const expectWhy = (remedy: string, finding: string) => {
      expect(findingIds, finding).toContain(finding);
      expect(byId.get(remedy)?.why ?? [], `${remedy} <- ${finding}`).toContain(finding);
    };
    expectWhy('deduplicate', 'duplicates/exact-duplicates');
    expectWhy('deduplicate', 'near-duplicates/near-duplicates');
    expectWhy('relabel', 'conflicting-labels/conflicting-labels');
    expectWhy('relabel', 'label-noise/mislabelled-rows');
    expectWhy('fix-leakage', 'leakage/train-eval-overlap');
    // The forum rows are a fifth of training as of evaluation: more data of the same kind is not the lever.
    expectWhy('domain-mixing', 'slices/weak-slices');
    expect(byId.get('targeted-data')?.why ?? []).not.toContain('slices/weak-slices');
    expect(output.findings.find((f) => f.id === 'slices/weak-slices')!.summary).toContain('no rarer in training than in evaluation');
    expectWhy('ensemble', 'seed-instability/ensemble-gain');

    const metric = <T>(check: string) => output.checks[check].metrics as unknown as T;
    const dup = metric<{ exactDuplicateRows: number; duplicateShare: number }>('duplicates');
    const near = metric<{ nearDuplicateRows: number; nearDuplicateShare: number }>('near-duplicates');
    // The training rows a de-duplication drops (test copies are the leakage check's).
    expect(byId.get('deduplicate')!.expectedGain).toMatchObject({
      basis: 'not-estimable',
      rows: Math.max(
        metric<{ trainingRowsRemoved: number }>('duplicates').trainingRowsRemoved,
        metric<{ trainingRowsRemoved: number }>('near-duplicates').trainingRowsRemoved,
      ),
    });
    expect(byId.get('deduplicate')!.evidence).toContain(`${dup.exactDuplicateRows} rows`);
    expect(near.nearDuplicateRows).toBeGreaterThan(0);
    const leak = metric<{ totalLeakedRows: number; evaluationRows: { test: number } }>('leakage');
    expect(leak.totalLeakedRows).toBe(6);
    expect(byId.get('fix-leakage')!.outcome).toBe('honesty');
    expect(byId.get('fix-leakage')!.evidence).toContain(`"test": 6 of ${leak.evaluationRows.test}`);
    const noise = metric<{ byRole: { training: { flagged: number } } }>('label-noise');
    expect(byId.get('relabel')!.expectedGain).toMatchObject({ basis: 'not-estimable', rows: noise.byRole.training.flagged });
    const seeds = metric<{ ensemble: { gainOverMean: number } }>('seed-instability');
    expect(byId.get('ensemble')!.expectedGain).toMatchObject({ basis: 'measured', value: Math.round(seeds.ensemble.gainOverMean * 1e6) / 1e6 });
    const top = (metric<{ discovered: { predicates: Record<string, string>; excessErrors: number }[] }>('slices').discovered ?? [])[0];
    expect(top).toBeDefined();
    expect(byId.get('domain-mixing')!.evidence).toContain('"source" = "forum"');
  });
});

describe('remedies justified only by evidence that supports them', () => {
  test('a seed spread the report calls sampling noise does not call for regularisation', () => {
    const noise = finding('seed-instability/accuracy-spread', 'low', { significant: false, pValue: 0.06 });
    const real = finding('seed-instability/accuracy-spread', 'high', { significant: true, pValue: 0.001 });
    expect(rank([noise]).map((remedy) => remedy.id)).not.toContain('regularize');
    expect(rank([noise]).map((remedy) => remedy.id)).toContain('more-seeds');
    expect(rank([real]).find((remedy) => remedy.id === 'regularize')?.why).toEqual(['seed-instability/accuracy-spread']);
  });
});
