/**
 * A column named like a label is taken as one only when its values repeat like classes: the
 * answers of a math word-problem set (ASDiv, fixtures/generation) are a generation task's targets.
 */
import { describe, expect, it } from 'vitest';
import { audit, fixture } from './helpers/cli.js';
import { freeFormAnswers } from '../src/data/roles.js';
import { ColumnBuilder } from '../src/data/column.js';

function column(values: string[]) {
  const builder = new ColumnBuilder('target', 0);
  for (const value of values) builder.addText(value);
  return builder.build();
}

describe('free-form answers are not classes', () => {
  it('ASDiv with lm-evaluation-harness targets: no label, no class findings, one info finding that names the checks that still apply', () => {
    const run = audit([fixture('generation', 'asdiv.csv'), '-f', 'json', '--fail-on', 'none']);
    expect(run.status, run.stderr).toBe(0);
    const roles = run.json.inputs.data.roles;
    expect(roles.label).toBeNull();
    expect(roles.freeFormAnswers).toMatchObject({ column: 'target', distinct: 123, rows: 231 });
    const ids = (run.json.findings as { id: string }[]).map((f) => f.id);
    expect(ids).toContain('input-integrity/generation-task');
    expect(ids.filter((id) => id.startsWith('class-balance/'))).toEqual([]);
    const remedies = (run.json.remedies as { id: string }[]).map((r) => r.id);
    expect(remedies).not.toContain('rebalance');
    expect(remedies).not.toContain('augment');
    const finding = (run.json.findings as { id: string; summary: string }[]).find((f) => f.id === 'input-integrity/generation-task')!;
    expect(finding.summary).toContain('231 values take 123 distinct forms, 1.9 rows each');
    expect(finding.summary).toContain('--label-col target');
  });

  it('--label-col takes the column as classes all the same', () => {
    const run = audit([fixture('generation', 'asdiv.csv'), '-f', 'json', '--fail-on', 'none', '--label-col', 'target']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.json.inputs.data.roles.label).toBe('target');
    expect((run.json.findings as { id: string }[]).map((f) => f.id)).not.toContain('input-integrity/generation-task');
    // 123 classes in 231 rows: too few rows per class for the proxy (which would otherwise fit 123 x 2^14 weights).
    expect(JSON.stringify(run.json.checks.proxy)).toContain('too few labelled training rows per class for a proxy model (231 rows, 123 classes');
  });

  it('the rule: classes repeat (50 intents over 200 rows stay classes; 20 classes seen once each too); answers do not', () => {
    const intents = Array.from({ length: 200 }, (_, i) => `intent_${i % 50}`);
    expect(freeFormAnswers(column(intents))).toBeNull();
    expect(freeFormAnswers(column(Array.from({ length: 20 }, (_, i) => `c${i}`)))).toBeNull();
    const answers = Array.from({ length: 100 }, (_, i) => String(Math.floor(i / 2) * 7));
    expect(freeFormAnswers(column(answers))).toMatchObject({ distinct: 50, rows: 100 });
  });
});
