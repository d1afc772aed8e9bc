// Writes a fine-tuning corpus of N Alpaca-style rows (JSON Lines) to stdout, for measuring the
// contamination scan's time and memory: `node test/reference/big_corpus.mjs 10000000 | gzip -1 > /tmp/big.jsonl.gz`.
// Rows are words drawn from a fixed list (seeded), with the first ASDiv item of
// fixtures/contamination/asdiv-eval.csv wrapped in an Alpaca template every 1,000,000 rows.
import { readFileSync } from 'node:fs';
const n = Number(process.argv[2] ?? 1000);
const words =
  'the a of to and in is was for on that with as by at from his her their apples books pencils marbles tickets cookies how many more left total each day week bought sold gave found'.split(
    ' ',
  );
const first = readFileSync(new URL('../../fixtures/contamination/asdiv-eval.csv', import.meta.url), 'utf8').split('\n')[1];
const item = first.slice(first.indexOf(',') + 1, first.lastIndexOf(',')).replace(/^"|"$/g, '');
let state = 31;
const next = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 8) % words.length;
let buffer = '';
for (let i = 0; i < n; i++) {
  let text = '';
  const length = 12 + (i % 25);
  for (let j = 0; j < length; j++) text += (j ? ' ' : '') + words[next()];
  const row =
    i % 1_000_000 === 500_000
      ? { instruction: `### Instruction:\n${item}\n\n### Response:`, input: '', output: 'x' }
      : { instruction: `Write about ${text}.`, input: '', output: text };
  buffer += JSON.stringify(row) + '\n';
  if (buffer.length > 1 << 20) {
    if (!process.stdout.write(buffer)) await new Promise((resolve) => process.stdout.once('drain', resolve));
    buffer = '';
  }
}
process.stdout.write(buffer);
