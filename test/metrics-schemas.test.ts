/**
 * Issue 32 (typed results): each check declares the schema of the metrics it writes, and its
 * remedies, charts, export rows and row count read them parsed with it. The fields are lenient (a
 * baseline or an older report parses whatever it lacks as null), so a schema that drifted from
 * what its check writes would make those readers see null without an error. Here the built CLI
 * audits fixtures that run every check, and each check's metrics must parse with no field falling
 * back.
 */
import { describe, expect, it } from 'vitest';
import { builtinChecks } from '../src/checks/registry.js';
import { parseMetrics } from '../src/checks/support/metrics-schema.js';
import { checkResults } from '../src/checks/results.js';
import { findingKey, findingSpec, type AnyCheck, type Finding, type FindingSpec } from '../src/checks/types.js';
import { sizeFromChecks } from '../src/report/baseline.js';
import { audit, fixture, type Parsed } from './helpers/cli.js';

const runs: Record<string, string[]> = {
  demo: [fixture('demo/data.csv'), fixture('demo/preds.jsonl')],
  'answer-bias': [fixture('answer-bias/questions.csv'), fixture('answer-bias/predictions.jsonl')],
  contamination: [
    fixture('contamination/asdiv-eval.csv'),
    fixture('contamination/preds.jsonl'),
    '--train-text-cols',
    'instruction,input,output',
    '--train',
    fixture('contamination/finetune-alpaca.jsonl'),
  ],
  embeddings: [
    fixture('embeddings/digits/data.csv'),
    '--embeddings',
    fixture('embeddings/digits/embeddings.npy'),
    '--probs',
    fixture('embeddings/digits/probs.npy'),
  ],
  comparison: [
    fixture('comparison-calibration/planted/data.csv'),
    fixture('comparison-calibration/planted/candidate-svc-without-D.jsonl'),
    '--baseline-runs',
    fixture('comparison-calibration/planted/baseline-sgd.jsonl'),
  ],
  'training logs': [fixture('training-dynamics/noisy/data.csv'), '--logs', fixture('training-dynamics/noisy/logs.jsonl')],
  'training dynamics': [fixture('training-dynamics/noisy/data.csv'), fixture('training-dynamics/noisy/snapshots.jsonl.gz')],
  'lm-evaluation-harness': [fixture('lm-eval/gpqa')],
  OpenCompass: [fixture('opencompass/lawbench')],
  'a split, the proxy on training rows': [fixture('remedy-gains/digits-source-shift/data.csv'), fixture('remedy-gains/digits-source-shift/preds.jsonl')],
  // Below: for findings the runs above do not give (label, text and confidence shift; an overall
  // regression; runs that did not converge or failed), so that their args schemas meet real reports.
  'distribution shift': [fixture('distribution-shift/data.csv'), fixture('distribution-shift/preds.jsonl')],
  'comparison, the other way': [
    fixture('comparison-calibration/planted/data.csv'),
    fixture('comparison-calibration/planted/baseline-sgd.jsonl'),
    '--baseline-runs',
    fixture('comparison-calibration/planted/candidate-svc-without-D.jsonl'),
  ],
  'Ultralytics and Lightning logs': [
    fixture('demo/data.csv'),
    fixture('demo/preds.jsonl'),
    '--logs',
    fixture('training-logs/ultralytics-gallstone'),
    '--logs',
    fixture('training-logs/lightning-cv'),
  ],
};

/** Finding kinds with a size that the fixtures above produce (grows as fixtures are added). */
const SIZED_KINDS_COVERED = 29;
const ran = new Set<string>();
const sized = new Set<string>();

describe('every check’s metrics parse with its schema, no field falling back', () => {
  for (const [name, args] of Object.entries(runs)) {
    it(
      name,
      () => {
        const run = audit([...args, '-f', 'json', '--fail-on', 'none']);
        expect(run.status, run.stderr).toBe(0);
        const report = run.json as { checks: Record<string, { status: string; metrics: Parsed }>; findings: Finding[] };
        const problems: string[] = [];
        for (const check of builtinChecks) {
          const outcome = report.checks[check.id];
          if (!check.metrics || !outcome || (outcome.status !== 'ok' && outcome.status !== 'findings')) continue;
          ran.add(check.id);
          problems.push(...parseMetrics(check.metrics, outcome.metrics).fallbacks.map((problem) => `${check.id}: ${problem}`));
        }
        // A finding's arguments read back by its `args` schema (what remedies, guards and a
        // baseline's sizes read): none falls back, and a finding that declares a size has one.
        const sizeOf = sizeFromChecks(builtinChecks);
        for (const finding of report.findings) {
          const check: AnyCheck | undefined = builtinChecks.find((candidate) => candidate.id === finding.check);
          const spec = findingSpec<FindingSpec<object, unknown>>(check, findingKey(finding));
          if (spec?.args) problems.push(...parseMetrics(spec.args, finding.metrics).fallbacks.map((problem) => `${finding.id}: ${problem}`));
          if (spec?.size) {
            sized.add(`${finding.check}/${findingKey(finding)}`);
            if (sizeOf(finding) === null) problems.push(`${finding.id}: no size`);
          }
        }
        expect(problems).toEqual([]);
      },
      120_000,
    );
  }

  it('the fixtures above give findings of most kinds that declare a size (each checked above)', () => {
    expect(sized.size).toBeGreaterThanOrEqual(SIZED_KINDS_COVERED);
  });

  it('the fixtures above run every check that declares a schema', () => {
    const declared = builtinChecks.filter((check) => check.metrics).map((check) => check.id);
    expect(declared.filter((id) => !ran.has(id))).toEqual([]);
  });
});

describe('a saved report whose metrics do not fit (an older version, a hand edit)', () => {
  it('reads the missing and malformed fields as null, and says which fell back', () => {
    const classBalance = builtinChecks.find((check) => check.id === 'class-balance')!;
    const parsed = parseMetrics(classBalance.metrics!, { labelledRows: '12', unlabelledRows: 3, rareClasses: [{ class: 'a', count: 1, share: 0.1 }, 'junk'] });
    expect(parsed.value).toMatchObject({ labelledRows: null, unlabelledRows: 3, rareClasses: [{ class: 'a', count: 1, share: 0.1 }], imbalanceRatio: null });
    expect(parsed.fallbacks.length).toBeGreaterThan(0);
    expect(parsed.fallbacks.join('\n')).toContain('got "12"');
    expect(parsed.fallbacks.join('\n')).toContain('a list item left out');
  });

  it('keeps a data key such as __proto__ of a record as an own key, and reads a record with a value that does not fit as null', () => {
    const classBalance = builtinChecks.find((check) => check.id === 'class-balance')!;
    const parsed = parseMetrics(classBalance.metrics!, JSON.parse('{"classCounts": {"__proto__": 3, "constructor": 4}, "bySplit": {"test": {"a": "x"}}}'));
    const counts = (parsed.value as { classCounts: Record<string, number> }).classCounts;
    expect(Object.keys(counts)).toEqual(['__proto__', 'constructor']);
    expect(Object.hasOwn(counts, '__proto__') && counts['__proto__']).toBe(3);
    expect(Object.getPrototypeOf(counts)).toBe(Object.prototype);
    expect((parsed.value as { bySplit: unknown }).bySplit).toBeNull();
    expect(parsed.fallbacks.join('\n')).toContain('test');
  });

  it('sizes a baseline finding from its arguments as its args schema reads them: a mistyped or missing field gives no size, not a coerced one', () => {
    const sizeOf = sizeFromChecks(builtinChecks);
    const spread = (metrics: Record<string, unknown>) => sizeOf({ id: 'training-curves/seed-spread', check: 'training-curves', metrics });
    const overfitting = (metrics: Record<string, unknown>) => sizeOf({ id: 'training-curves/overfitting', check: 'training-curves', metrics });
    expect(spread({ min: 0.71, max: 0.79 })).toBeCloseTo(0.08, 12);
    // Read raw, "0.79" - "0.71" is 0.08 in JavaScript, and a string's length counts its characters.
    expect(spread({ min: '0.71', max: '0.79' })).toBeNull();
    expect(overfitting({ affected: [{ step: 10 }, { step: 20 }] })).toBe(2);
    expect(overfitting({ affected: 'run-1' })).toBeNull();
    expect(overfitting({})).toBeNull();
    expect(sizeOf({ id: 'answer-bias/skew:run-1', check: 'answer-bias', metrics: { predictedShare: 0.5, goldShare: null } })).toBeNull();
    expect(sizeOf({ id: 'my-plugin/anything', check: 'my-plugin', metrics: { count: 3 } })).toBeNull();
  });

  it('gives each check of the report its parsed metrics, and a plugin without a schema its metrics as they are', () => {
    const plugin = { ...builtinChecks[0], id: 'my-plugin', metrics: undefined };
    const results = checkResults([...builtinChecks, plugin], {
      'class-balance': { metrics: { labelledRows: 10, unlabelledRows: 2 } },
      'my-plugin': { metrics: { anything: [1, 2] } },
    });
    expect(results.get('class-balance')).toMatchObject({ labelledRows: 10, unlabelledRows: 2, classes: [] });
    expect(results.get('my-plugin')).toEqual({ anything: [1, 2] });
    expect(results.has('slices')).toBe(false);
  });
});

describe('issue 32, item 2: every built-in check declares the schema of its metrics', () => {
  it('none is left reading untyped metrics', () => {
    expect(builtinChecks.filter((check) => !check.metrics).map((check) => check.id)).toEqual([]);
  });
});
