/**
 * Hostile inputs for every report format, written into a directory: data text holding emoji
 * sequences, CJK, URLs, mentions, HTML, ANSI escapes, characters XML forbids (U+FFFE, U+FFFF),
 * invisible and bidi characters; ids and column names wider than a terminal; a 3,000-column
 * file; a path with a space, '#' and '%'; a gzip copy. Generated (deterministically) rather than
 * committed, so the bytes that editors and git mangle stay exact.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createRandom } from '../../src/math/random.js';

const NASTY = [
  'family 👨‍👩‍👧 and flag 🇨🇳 with thumbs 👍🏽',
  '中文评论：这个产品非常好用，推荐给大家！',
  'visit https://phish.example/login or www.phish.example now @everyone',
  '\u001b[2J\u001b[31mCLEAR\u001b[0m \u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007',
  '<script>alert(1)</script> <img src=x onerror=alert(1)> javascript:alert(1)',
  'forbidden \uffff and \ufffe and \u0001 bytes',
  'hidden\u200bzero\u200dwidth\u202eevil\u2066bidi\u{e0041}tag',
  '=HYPERLINK("http://evil.example";"click") **bold** | pipe `tick`',
];

/** Long enough to overflow any terminal line on its own. */
export const LONG_COLUMN = 'customer_acquisition_channel_as_recorded_by_the_marketing_attribution_pipeline_v2';
const LONG_ID = (i: number) => `example-${i}-${'x'.repeat(90)}-🙂`;
const CLASSES = ['正面', '负面 😀', 'https://neutral.example'];
const CHANNELS = ['web 🌐', '门店', 'https://ads.example/campaign?id=1', '\u001b[31mred\u001b[0m'];

const csvCell = (text: string) => (/[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

export interface HostileFiles {
  dir: string;
  /** Data with hostile text, ids, classes and a long slice column. */
  data: string;
  /** Two seeds' probabilities for it; the seeds are named with emoji and CJK. */
  predictions: string;
  /** The same data under a path with a space, '#' and '%'. */
  oddPath: string;
  /** The same data gzipped. */
  gz: string;
  /** 3,000 columns, hostile names among them. */
  wide: string;
}

export function writeHostileInputs(dir: string): HostileFiles {
  const generator = createRandom(7);
  const next = () => generator.next();
  const rows: string[] = [['id', 'text', LONG_COLUMN, 'label', 'split'].join(',')];
  const predictions: string[] = [];
  const n = 240;
  for (let i = 0; i < n; i++) {
    const label = CLASSES[i % 3];
    const channel = CHANNELS[i % 4];
    // Repeated texts make duplicates and near-duplicates; some copies carry another label.
    const base = NASTY[i % NASTY.length];
    const text = i % 5 === 0 ? base : `${base} #${i}`;
    rows.push([LONG_ID(i), text, channel, i % 37 === 0 ? CLASSES[(i + 1) % 3] : label, i % 4 === 0 ? 'test' : 'train'].map(csvCell).join(','));
    for (const seed of ['种子 🌱 one', 'seed-two-with-a-very-long-name-that-never-ends-in-any-terminal-column-0123456789']) {
      // The ANSI channel is hard: the model errs there 70% of the time.
      const hard = i % 4 === 3;
      const right = next() < (hard ? 0.3 : 0.9);
      const truth = CLASSES.indexOf(label);
      const predicted = right ? truth : (truth + 1 + Math.floor(next() * 2)) % 3;
      const probs = [0, 1, 2].map((k) => (k === predicted ? 0.6 + 0.3 * next() : 0.05 + 0.1 * next()));
      const sum = probs.reduce((a, b) => a + b, 0);
      predictions.push(JSON.stringify({ id: LONG_ID(i), seed, probs: Object.fromEntries(CLASSES.map((c, k) => [c, probs[k] / sum])) }));
    }
  }
  const data = join(dir, 'hostile-unicode.csv');
  writeFileSync(data, `${rows.join('\n')}\n`);
  const preds = join(dir, 'hostile-preds.jsonl');
  writeFileSync(preds, `${predictions.join('\n')}\n`);
  const oddPath = join(dir, 'my data #1 100%.csv');
  copyFileSync(data, oddPath);
  const gz = join(dir, 'hostile-unicode.csv.gz');
  writeFileSync(gz, gzipSync(`${rows.join('\n')}\n`));

  const columns = Array.from({ length: 3000 }, (_, c) =>
    c === 0 ? 'id' : c === 1 ? 'label' : c % 500 === 7 ? `${NASTY[c % NASTY.length].replace(/[\r\n]/g, ' ')} ${c}` : `feature_${c}`,
  );
  const wideRows = [columns.map(csvCell).join(',')];
  for (let r = 0; r < 40; r++)
    wideRows.push(
      columns
        .map((_, c) => (c === 0 ? `r${r}` : c === 1 ? CLASSES[r % 2] : c % 700 === 3 ? NASTY[(r + c) % NASTY.length] : String((r * c) % 7)))
        .map(csvCell)
        .join(','),
    );
  const wide = join(dir, 'hostile-wide.csv');
  writeFileSync(wide, `${wideRows.join('\n')}\n`);
  return { dir, data, predictions: preds, oddPath, gz, wide };
}
