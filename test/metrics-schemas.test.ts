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
};

const ran = new Set<string>();

describe('every check’s metrics parse with its schema, no field falling back', () => {
  for (const [name, args] of Object.entries(runs)) {
    it(
      name,
      () => {
        const run = audit([...args, '-f', 'json', '--fail-on', 'none']);
        expect(run.status, run.stderr).toBe(0);
        const report = run.json as { checks: Record<string, { status: string; metrics: Parsed }> };
        const problems: string[] = [];
        for (const check of builtinChecks) {
          const outcome = report.checks[check.id];
          if (!check.metrics || !outcome || (outcome.status !== 'ok' && outcome.status !== 'findings')) continue;
          ran.add(check.id);
          problems.push(...parseMetrics(check.metrics, outcome.metrics).fallbacks.map((problem) => `${check.id}: ${problem}`));
        }
        expect(problems).toEqual([]);
      },
      120_000,
    );
  }

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
