/**
 * Probability arrays name no classes. A scikit-learn model's predict_proba follows its encoded
 * target (breast_cancer: 0 = malignant, 1 = benign), not the sorted names the audit reads arrays
 * in: the audit finds the order that fits the labels and stops, naming it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit, fixture } from './helpers/cli.js';
import { classOrderMismatch } from '../src/math/class-order.js';
import { createRandom } from '../src/math/random.js';
import type { Labels, Run } from '../src/data/model.js';

const data = fixture('real-models/breast_cancer/data.csv');
const preds = fixture('class-order/breast-cancer-predict-proba.jsonl');
const file = (name: string, text: string) => {
  const path = join(mkdtempSync(join(tmpdir(), 'classes-')), name);
  writeFileSync(path, text);
  return path;
};

function positionalRun(probs: number[][]): Run {
  const n = probs.length;
  return {
    name: 'r',
    model: null,
    path: 'preds.jsonl',
    covered: new Uint8Array(n).fill(1),
    count: n,
    pred: null,
    probs: Float64Array.from(probs.flat()),
    probsByPosition: true,
    score: null,
    lines: new Int32Array(n),
  };
}
const labelsOf = (codes: number[], classes: string[]): Labels => ({ classes, codes: Int32Array.from(codes), source: 'label', positiveClass: -1 });

describe('class order of probability arrays', () => {
  it("breast_cancer's predict_proba (malignant, benign) read in sorted order: exit 2, one line naming the file and the order that fits", () => {
    const run = audit([data, preds, '-f', 'json']);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('breast-cancer-predict-proba.jsonl');
    expect(lines[0]).toContain('look like malignant,benign, not the sorted label order benign,malignant');
    expect(lines[0]).toContain('97.9% of 569 labelled predictions agree with the highest probability, against 2.1% as read');
    expect(lines[0]).toContain('give --classes malignant,benign');
  });

  it('--classes malignant,benign, or --classes-from a one-line list or a Hugging Face config.json, reads them right', () => {
    const lists = [
      ['--classes', 'malignant,benign'],
      ['--classes-from', file('classes.txt', 'malignant,benign\n')],
      ['--classes-from', file('labels.txt', 'malignant\nbenign\n')],
      [
        '--classes-from',
        file(
          'config.json',
          JSON.stringify(
            { architectures: ['BertForSequenceClassification'], id2label: { '1': 'benign', '0': 'malignant' }, label2id: { malignant: 0, benign: 1 } },
            null,
            2,
          ),
        ),
      ],
    ];
    for (const flags of lists) {
      const run = audit([data, preds, '-f', 'json', '--fail-on', 'none', '--no-proxy', ...flags]);
      expect(run.status, `${flags.join(' ')}: ${run.stderr}`).toBe(0);
      expect(run.json.inputs.data.classes).toEqual(['malignant', 'benign']);
      const ids = (run.json.findings as { id: string }[]).map((f) => f.id);
      expect(ids.filter((id) => id.startsWith('performance/') || id.startsWith('seed-instability/'))).toEqual([]);
    }
  });

  it('refuses two ways of giving the order, and a config.json without id2label, with one line', () => {
    const both = audit([data, preds, '--classes', 'malignant,benign', '--classes-from', file('c.txt', 'malignant,benign')]);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('give the class order one way');
    const noMap = audit([data, preds, '--classes-from', file('config.json', '{"model_type": "bert"}')]);
    expect(noMap.status).toBe(2);
    expect(noMap.stderr.trim().split('\n')).toHaveLength(1);
    expect(noMap.stderr).toContain('has no "id2label" object');
  });

  it('the rule: an MNLI-like rotation of three classes is found; a model at chance and a correct order are not flagged', () => {
    const random = createRandom(3);
    const classes = ['contradiction', 'entailment', 'neutral'];
    // The model's columns are entailment, neutral, contradiction (codes 1, 2, 0), right 80% of the time.
    const codes = Array.from({ length: 300 }, (_, i) => i % 3);
    const modelOrder = [1, 2, 0];
    const probs = codes.map((code) => {
      const predicted = random.next() < 0.8 ? code : (code + 1 + random.int(2)) % 3;
      return modelOrder.map((c) => (c === predicted ? 0.8 : 0.1));
    });
    const found = classOrderMismatch(labelsOf(codes, classes), [positionalRun(probs)]);
    expect(found?.fitting).toEqual(['entailment', 'neutral', 'contradiction']);
    const chance = codes.map(() => {
      const top = random.int(3);
      return [0, 1, 2].map((c) => (c === top ? 0.6 : 0.2));
    });
    expect(classOrderMismatch(labelsOf(codes, classes), [positionalRun(chance)])).toBeNull();
    const right = codes.map((code) => [0, 1, 2].map((c) => (c === code ? 0.7 : 0.15)));
    expect(classOrderMismatch(labelsOf(codes, classes), [positionalRun(right)])).toBeNull();
  });
});
