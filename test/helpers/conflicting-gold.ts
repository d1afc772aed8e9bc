/**
 * A real lm-evaluation-harness samples file with one item logged twice under different gold
 * answers: the Winogrande 5-shot samples of fixtures/lm-eval (see its SOURCE.md), copied with
 * their results file into a temporary directory, plus one line: doc 0 again as doc_id 100, its
 * answer "2" changed to "1" (and its acc flipped to match).
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixture } from './cli.js';

export function conflictingGoldSamples(): string {
  const dir = mkdtempSync(join(tmpdir(), 'trainaudit-gold-'));
  const source = fixture('lm-eval', 'winogrande', 'llama3.1-pro16-nc-chat');
  for (const name of readdirSync(source).filter((n) => n.includes('13-17-27'))) copyFileSync(join(source, name), join(dir, name));
  const samples = join(
    dir,
    readdirSync(dir).find((n) => n.startsWith('samples_'))!,
  );
  const text = readFileSync(samples, 'utf8');
  const first = JSON.parse(text.split('\n')[0]) as { doc: Record<string, unknown>; acc: number };
  writeFileSync(samples, `${text}${JSON.stringify({ ...first, doc_id: 100, doc: { ...first.doc, answer: '1' }, acc: 1 - first.acc })}\n`);
  return dir;
}
