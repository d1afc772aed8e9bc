/**
 * Two models' seeds in two files (a logistic regression's five runs in one, a gradient-boosted
 * model's in another: real scikit-learn outputs of fixtures/real-models/breast_cancer, their runs
 * named "logreg-s0".."gboost-s4") are two models of five seeds each, not ten seeds of one.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit, fixture } from './helpers/cli.js';

const data = fixture('real-models/breast_cancer/data.csv');

/** The fixture's records with `seed` s written as run "<name>-s<s-1>", as a training script names them. */
function renamed(dir: string, source: string, name: string): string {
  const out = join(dir, `${name}.jsonl`);
  const lines = readFileSync(fixture('real-models/breast_cancer', source), 'utf8').trim().split('\n');
  writeFileSync(
    out,
    lines
      .map((line) => {
        const { seed, ...rest } = JSON.parse(line);
        return JSON.stringify({ ...rest, run: `${name}-s${seed - 1}` });
      })
      .join('\n') + '\n',
  );
  return out;
}

describe('each file one model', () => {
  const dir = mkdtempSync(join(tmpdir(), 'models-'));
  const logreg = renamed(dir, 'logreg-5.jsonl', 'logreg');
  const gboost = renamed(dir, 'gboost-5.jsonl', 'gboost');

  it('two files of five runs each: two models, said on the inputs line and in JSON, seed instability per model', () => {
    const json = audit([data, logreg, gboost, '-f', 'json', '--fail-on', 'none', '--no-proxy']);
    expect(json.status, json.stderr).toBe(0);
    expect(json.json.inputs.predictions.modelsFromFiles).toEqual(['logreg', 'gboost']);
    const runs = json.json.inputs.predictions.runs as { name: string; model: string }[];
    expect(runs.map((r) => r.model)).toEqual([...Array(5).fill('logreg'), ...Array(5).fill('gboost')]);
    expect(runs[0].name).toBe('logreg/logreg-s0');
    const seeds = json.json.checks['seed-instability'].metrics;
    expect((seeds.byModel as { model: string }[]).map((m) => m.model).sort()).toEqual(['gboost', 'logreg']);
    const text = audit([data, logreg, gboost, '--fail-on', 'none', '--no-proxy']);
    expect(text.stdout.replace(/\s+/g, ' ')).toContain("each file taken as one model (logreg, gboost), its runs as that model's seeds");
  });

  it("--model names win; one file of several runs, or several files of one run each, stay one model's seeds", () => {
    const named = audit([data, '--model', `a=${logreg}`, '--model', `b=${gboost}`, '-f', 'json', '--fail-on', 'none', '--no-proxy']);
    expect(named.status, named.stderr).toBe(0);
    expect(named.json.inputs.predictions.modelsFromFiles).toBeUndefined();
    expect(new Set((named.json.inputs.predictions.runs as { model: string }[]).map((r) => r.model))).toEqual(new Set(['a', 'b']));
    const one = audit([data, logreg, '-f', 'json', '--fail-on', 'none', '--no-proxy']);
    expect(one.json.inputs.predictions.modelsFromFiles).toBeUndefined();
    const singles = [0, 1].map((s) => {
      const path = join(dir, `seed${s}.jsonl`);
      writeFileSync(
        path,
        readFileSync(logreg, 'utf8')
          .split('\n')
          .filter((line) => line.includes(`"logreg-s${s}"`))
          .join('\n') + '\n',
      );
      return path;
    });
    const pooled = audit([data, ...singles, '-f', 'json', '--fail-on', 'none', '--no-proxy']);
    expect(pooled.status, pooled.stderr).toBe(0);
    expect(pooled.json.inputs.predictions.modelsFromFiles).toBeUndefined();
    expect((pooled.json.inputs.predictions.runs as { model: string | null }[]).every((r) => r.model === null)).toBe(true);
  });

  it('two files whose seeds share names: exit 2, and the line says how to name the models', () => {
    const run = audit([data, fixture('real-models/breast_cancer/logreg-5.jsonl'), fixture('real-models/breast_cancer/gboost-5.jsonl')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--model NAME=FILE for each');
  });
});
