/**
 * Baseline and candidate runs with 0/1 correctness on 2,000 examples at four sites (D holds 300),
 * 5 seeds per side, written into a directory. `candidate: 'site-d-worse'`: the candidate is right
 * 92% of the time at A-C but 72% at D, the baseline 85% everywhere; `'same'`: both sides 85%.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRandom } from '../../src/math/random.js';

export function writeComparisonInputs(dir: string, candidate: 'site-d-worse' | 'same'): void {
  const random = createRandom(5);
  const rows = ['id,site'];
  const base: string[] = [];
  const cand: string[] = [];
  for (let i = 0; i < 2000; i++) {
    const site = i < 300 ? 'D' : ['A', 'B', 'C'][i % 3];
    rows.push(`${i},${site}`);
    for (let seed = 1; seed <= 5; seed++) {
      base.push(JSON.stringify({ id: i, seed, correct: random.next() < 0.85 ? 1 : 0 }));
      const p = candidate === 'same' ? 0.85 : site === 'D' ? 0.72 : 0.92;
      cand.push(JSON.stringify({ id: i, seed, correct: random.next() < p ? 1 : 0 }));
    }
  }
  writeFileSync(join(dir, 'data.csv'), `${rows.join('\n')}\n`);
  writeFileSync(join(dir, 'base.jsonl'), `${base.join('\n')}\n`);
  writeFileSync(join(dir, 'cand.jsonl'), `${cand.join('\n')}\n`);
}
