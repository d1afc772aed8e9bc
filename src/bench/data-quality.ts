/**
 * Times the data-quality checks (duplicates, near-duplicates, conflicting-labels, leakage) on
 * synthetic text data, or on a CSV file, without parsing predictions:
 *
 *   npx tsc -p tsconfig.build.json --outDir /tmp/ta-build && node /tmp/ta-build/bench/data-quality.js --rows 1000000
 *   node /tmp/ta-build/bench/data-quality.js --csv .bench/data-1000000.csv
 *
 * Synthetic rows: 8-25 words drawn from a Zipf-distributed vocabulary of 5,000 made-up words
 * (`--vocab small` draws uniformly from 90 words instead, like `npm run bench`), with 1% exact
 * copies, 2% near copies (one or two character edits), 2% flipped labels and an 80/20 train/test
 * split. Each check runs once on one shared memo, in registry order, so the first check that
 * needs an index pays for it; the times are printed per check and in total, with the phases of
 * the near-duplicate search.
 */
import { mulberry32, randomWords, zipfSampler } from '../math/synthetic.js';
import { TableBuilder, type DataTable } from '../data/table.js';
import { detectRoles } from '../data/roles.js';
import { labelsFromColumn } from '../data/labels.js';
import { createContext, type AuditInputs } from '../checks/context.js';
import { duplicates } from '../checks/duplicates.js';
import { nearDuplicates } from '../checks/near-duplicates.js';
import { conflictingLabels } from '../checks/conflicting-labels.js';
import { leakage } from '../checks/leakage.js';
import { resolveCheckOptions, toPlainJson } from '../checks/run.js';
import { findNearDuplicates } from '../math/near-duplicates.js';
import { loadData } from '../io/data.js';

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index >= 0 && process.argv[index + 1] !== undefined ? process.argv[index + 1] : fallback;
}

const SMALL_WORDS = (
  'the a model data training run seed loss accuracy label text review product quality service fast slow good bad great poor ' +
  'delivery price value support battery screen sound camera design weight size colour fabric comfort store order refund ' +
  'works broken excellent terrible average expected arrived late early cheap expensive recommend return again never always ' +
  'small large bright dark clean noisy quiet simple complex useful useless happy unhappy friendly rude helpful slowly quickly'
).split(' ');

function synthetic(rows: number, vocabulary: 'zipf' | 'small'): DataTable {
  const random = mulberry32(1);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const word = vocabulary === 'zipf' ? zipfSampler(randomWords(5000, random), random) : () => SMALL_WORDS[Math.floor(random() * SMALL_WORDS.length)];
  const classes = ['negative', 'neutral', 'positive'];
  const builder = new TableBuilder('<synthetic>', 'csv', ['id', 'text', 'label', 'split']);
  const texts: string[] = new Array<string>(rows);
  const truth = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    const u = random();
    let text: string;
    if (i > 100 && u < 0.01) {
      const source = Math.floor(random() * i);
      text = texts[source];
      truth[i] = truth[source];
    } else if (i > 100 && u < 0.03) {
      const source = Math.floor(random() * i);
      text = texts[source];
      const edits = 1 + Math.floor(random() * 2);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * text.length);
        text = text.slice(0, at) + letters[Math.floor(random() * 26)] + text.slice(at + 1);
      }
      truth[i] = truth[source];
    } else {
      const length = 8 + Math.floor(random() * 18);
      const parts: string[] = [];
      for (let w = 0; w < length; w++) parts.push(word());
      text = parts.join(' ');
      truth[i] = Math.floor(random() * 3);
    }
    texts[i] = text;
    const label = random() < 0.02 ? (truth[i] + 1) % 3 : truth[i];
    builder.addFields([String(i), text, classes[label], random() < 0.8 ? 'train' : 'test'], i + 2);
  }
  return builder.build();
}

const rows = Number(argument('--rows', '200000'));
const csv = argument('--csv', '');
const vocabulary = argument('--vocab', 'zipf') === 'small' ? 'small' : 'zipf';

let clock = performance.now();
const data = csv ? await loadData(csv) : synthetic(rows, vocabulary);
const prepareSeconds = (performance.now() - clock) / 1000;
const roles = detectRoles(data, {});
const labelColumn = roles.label ? data.column(roles.label)! : null;
const labels = labelColumn ? labelsFromColumn(labelColumn, null, null) : null;
const inputs: AuditInputs = { data, roles, labels, predictions: null };
const memo = new Map<string, unknown>();
const seconds: Record<string, number> = {};
const summary: Record<string, unknown> = {};
let total = 0;
for (const check of [duplicates, nearDuplicates, conflictingLabels, leakage]) {
  const context = createContext(inputs, resolveCheckOptions(check, {}), memo);
  clock = performance.now();
  const result = await check.run(context as never);
  toPlainJson(result.metrics);
  const elapsed = (performance.now() - clock) / 1000;
  seconds[check.id] = Number(elapsed.toFixed(3));
  total += elapsed;
  const m = result.metrics as Record<string, unknown>;
  summary[check.id] = {
    duplicates: { exactDuplicateRows: m.exactDuplicateRows, exactDuplicateGroups: m.exactDuplicateGroups },
    'near-duplicates': {
      nearDuplicateRows: m.nearDuplicateRows,
      clusterCount: m.clusterCount,
      candidatePairs: m.candidatePairs,
      verifiedPairs: m.verifiedPairs,
      oversizedBuckets: m.oversizedBuckets,
    },
    'conflicting-labels': { conflictingGroups: m.conflictingGroups, minorityRows: m.minorityRows },
    leakage: { leakedRows: m.leakedRows },
  }[check.id];
}

// The near-duplicate search alone, with its phases (a second run, same inputs).
const phases: Record<string, number> = {};
if (roles.text) {
  const text = data.column(roles.text)!;
  findNearDuplicates(
    { count: data.rowCount, text: (row) => text.get(row) },
    { threshold: 0.8, hashes: 128, seed: 42, maxBucketSize: 128, window: 8, timings: phases },
  );
}
const round = (value: number) => Number(value.toFixed(3));
console.log(
  JSON.stringify(
    {
      rows: data.rowCount,
      source: csv || `synthetic (${vocabulary} vocabulary)`,
      prepareSeconds: round(prepareSeconds),
      checkSeconds: seconds,
      totalSeconds: round(total),
      nearDuplicatePhases: Object.fromEntries(Object.entries(phases).map(([key, value]) => [key, round(value)])),
      summary,
    },
    null,
    2,
  ),
);
