import { describe, expect, it } from 'vitest';
import { runCheckSync } from './helpers/run-check.js';
import { slices } from '../src/checks/slices/check.js';
import { mulberry32 } from '../src/math/synthetic.js';
import type { Parsed } from './helpers/cli.js';

/**
 * An LLM evaluation: questions by category, no label column, three sampled runs giving `correct`.
 * Geometry questions are answered right half the time, the others 90% of the time.
 */
function llmEval() {
  const random = mulberry32(11);
  const categories = ['arithmetic', 'geometry', 'algebra', 'logic'];
  const rows: string[][] = [];
  const predictions: { id: string; run: string; correct: boolean }[] = [];
  for (let i = 0; i < 400; i++) {
    const category = categories[i % 4];
    rows.push([`q${i}`, category, i % 2 === 0 ? 'short' : 'long']);
    for (const run of ['a', 'b', 'c']) predictions.push({ id: `q${i}`, run, correct: random() < (category === 'geometry' ? 0.5 : 0.9) });
  }
  return { header: ['id', 'category', 'length'], rows, predictions, roles: { labelCol: null, sliceCols: ['category'] } };
}

describe('slices on LLM-style results (correct/score, no labels)', () => {
  const spec = llmEval();
  const result = runCheckSync(slices, spec, {});

  it('runs the declared groups on per-example correctness, with the mean score and its interval', () => {
    const groups = result.metrics.groups as Record<string, Parsed>[];
    const geometry = groups.find((g) => g.value === 'geometry')!;
    // Independent count: the share of the three runs right on each question, averaged over the category.
    const right = spec.predictions.filter((p) => Number(p.id.slice(1)) % 4 === 1 && p.correct).length;
    expect(geometry.size).toBe(100);
    expect(geometry.meanScore).toBeCloseTo(right / 300, 12);
    const [low, high] = geometry.meanScoreCi95 as [number, number];
    expect(low).toBeLessThan(geometry.meanScore);
    expect(high).toBeGreaterThan(geometry.meanScore);
    expect(high - low).toBeGreaterThan(0.05);
    expect(high - low).toBeLessThan(0.25);
    expect(result.findings.some((f) => f.key === 'disparity:category=geometry:errorRate')).toBe(true);
  });

  it('discovers the weak category', () => {
    expect(result.metrics.ensemble).toBe('mean score');
    const weak = result.findings.find((f) => f.key === 'weak-slices')!;
    expect((weak.metrics.slices as { predicates: Record<string, string> }[])[0].predicates).toEqual({ category: 'geometry' });
    expect(weak.summary).toContain('The weakest slice, category = "geometry", has 100 rows');
  });
});
