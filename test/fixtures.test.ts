/**
 * Every fixture, audited by the built binary: the findings each one must give (publint's
 * testFixture shape), and the text and Markdown reports of three of them as snapshots, so that a
 * wording change shows in review.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testFixture } from './helpers/fixture.js';
import { audit, fixture } from './helpers/cli.js';

describe('fixtures', () => {
  it('demo: a sentiment classifier with three seeds', () => {
    testFixture('demo', [
      'near-duplicates/near-duplicates',
      'leakage/train-eval-overlap',
      'seed-instability/churn',
      'slices/weak-slices',
      'duplicates/exact-duplicates',
      'conflicting-labels/conflicting-labels',
      'label-noise/mislabelled-rows',
      'seed-instability/ensemble-gain',
      'calibration/overconfident',
      'seed-instability/accuracy-spread',
      // The star rating gives the sentiment label away.
      'slices/target-proxy:stars',
      // Forum posts are a fifth of the test split and rare in training.
      'distribution-shift/feature-drift:test',
      // The runs are synthetic and noisier than the templated texts call for: a logistic regression on the text beats them.
      'proxy/beats-your-model',
    ]);
  });

  it('multi-seed: runs that cover different rows', () => {
    testFixture('multi-seed', [
      'duplicates/exact-duplicates',
      'near-duplicates/near-duplicates',
      'conflicting-labels/conflicting-labels',
      'label-noise/mislabelled-rows',
      // No weak slice: its errors sit in the neutral class, which the per-class metrics show.
      'performance/confused-pair:neutral->negative',
      'performance/confused-pair:neutral->positive',
      'seed-instability/churn',
      'seed-instability/ensemble-gain',
      'calibration/overconfident',
      'input-integrity/uneven-run-coverage',
      'seed-instability/accuracy-spread',
      'seed-instability/partial-coverage',
      // Synthetic runs: a logistic regression on the texts does better.
      'proxy/beats-your-model',
    ]);
  });

  it('slices: a planted weak slice, underconfident probabilities', () => {
    testFixture('slices', [
      'duplicates/exact-duplicates',
      'near-duplicates/near-duplicates',
      'label-noise/mislabelled-rows',
      'calibration/underconfident',
      'slices/weak-slices',
      'seed-instability/ensemble-gain',
    ]);
  });

  it('label-noise: planted label errors', () => {
    testFixture('label-noise', [
      'duplicates/identical-feature-vectors',
      'label-noise/mislabelled-rows',
      'calibration/underconfident',
      'performance/confused-pair:High->Low',
      'performance/confused-pair:Medium->Low',
    ]);
  });

  it('train-eval: evaluation rows that are in the training file', () => {
    testFixture('train-eval', ['leakage/train-eval-overlap', 'class-balance/rare-classes'], {
      data: 'eval.csv',
      extra: ['--train', fixture('train-eval', 'train.csv')],
    });
  });

  it('formats/messy.csv: ragged rows, a repeated header, missing cells', () => {
    testFixture(
      'formats',
      [
        'input-integrity/ragged-rows',
        'class-balance/rare-classes',
        'input-integrity/duplicate-headers',
        'missing-values/missing:score',
        'missing-values/missing:score_2',
      ],
      { data: 'messy.csv' },
    );
  });

  it('formats/mixed-endings-latin1.csv: mixed line endings, undecodable bytes, a repeated id', () => {
    testFixture(
      'formats',
      [
        'input-integrity/duplicate-ids',
        'input-integrity/undecodable-bytes',
        'input-integrity/mixed-line-endings',
        'class-balance/rare-classes',
        'class-balance/imbalance',
      ],
      { data: 'mixed-endings-latin1.csv' },
    );
  });
});

describe('reports as a reader sees them', () => {
  // Relative paths from fixtures/, so that the text (wrapped at 80 columns) is the same on every machine.
  const cases: [string, string[]][] = [
    ['demo', ['demo/data.csv', 'demo/preds.jsonl']],
    ['train-eval', ['train-eval/eval.csv', '--train', 'train-eval/train.csv']],
    ['messy', ['formats/messy.csv']],
  ];
  for (const [name, args] of cases) {
    for (const [format, lang] of [
      ['text', 'en'],
      ['markdown', 'en'],
      ['text', 'zh'],
    ] as const) {
      it(`${name}: ${format} (${lang})`, () => {
        const run = audit([...args, '-f', format, '--lang', lang, '--fail-on', 'none'], { cwd: fixture('') });
        expect(run.status).toBe(0);
        expect(run.stdout).toMatchSnapshot();
      });
    }
  }
});

describe('config key maxExamples', () => {
  it("sets every check's number of examples; a check's own checkOptions win", () => {
    const dir = mkdtempSync(join(tmpdir(), 'audit-examples-'));
    writeFileSync(join(dir, 'audit.config.json'), JSON.stringify({ maxExamples: 1, checkOptions: { 'seed-instability': { maxExamples: 3 } } }));
    const run = audit([fixture('demo/data.csv'), fixture('demo/preds.jsonl'), '-f', 'json', '--fail-on', 'none'], { cwd: dir });
    expect(run.status).toBe(0);
    const counts = Object.fromEntries((run.json.findings as { id: string; examples: unknown[] }[]).map((finding) => [finding.id, finding.examples.length]));
    expect(counts['seed-instability/churn']).toBe(3);
    expect(counts['duplicates/exact-duplicates']).toBe(1);
    expect(
      Math.max(
        ...Object.entries(counts)
          .filter(([id]) => !id.startsWith('seed-instability/'))
          .map(([, n]) => n),
      ),
    ).toBe(1);
  });
});
