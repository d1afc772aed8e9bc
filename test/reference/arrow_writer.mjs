// Writes fixtures/arrow/ with the Arrow JS writer (apache-arrow's RecordBatchWriter, the
// project's own Arrow dependency but not trainaudit's code), from the bundled demo:
//   data.arrow          fixtures/demo/data.csv as an Arrow IPC file (Feather v2), one batch;
//   data-stream.arrows  the same as an IPC stream in record batches of 100 rows, as the
//                       Hugging Face datasets cache keeps tables;
//   preds.arrow         fixtures/demo/preds.jsonl with probs as List<Float64>;
//   truncated.arrows    data-stream.arrows cut inside its third batch.
// Run: node test/reference/arrow_writer.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { Field, Float64, Int64, List, RecordBatchFileWriter, RecordBatchStreamWriter, tableFromArrays, Utf8, vectorFromArray } from 'apache-arrow';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'fixtures', 'arrow');
const rows = Papa.parse(readFileSync(join(root, 'fixtures/demo/data.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
const column = (name) => rows.map((r) => r[name]);
const table = tableFromArrays({
  id: Int32Array.from(column('id').map(Number)),
  text: vectorFromArray(column('text'), new Utf8()),
  label: vectorFromArray(column('label'), new Utf8()),
  split: vectorFromArray(column('split'), new Utf8()),
  source: vectorFromArray(column('source'), new Utf8()),
  lang: vectorFromArray(column('lang'), new Utf8()),
  stars: vectorFromArray(
    column('stars').map((v) => (v === '' ? null : BigInt(v))),
    new Int64(),
  ),
});
writeFileSync(join(out, 'data.arrow'), RecordBatchFileWriter.writeAll(table).toUint8Array(true));
const batches = [];
for (let start = 0; start < table.numRows; start += 100) batches.push(...table.slice(start, start + 100).batches);
writeFileSync(join(out, 'data-stream.arrows'), RecordBatchStreamWriter.writeAll(batches).toUint8Array(true));

const classes = ['negative', 'neutral', 'positive'];
const preds = readFileSync(join(root, 'fixtures/demo/preds.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line));
const predTable = tableFromArrays({
  id: Int32Array.from(preds.map((p) => p.id)),
  seed: Int32Array.from(preds.map((p) => p.seed)),
  probs: vectorFromArray(
    preds.map((p) => classes.map((c) => p.probs[c])),
    new List(new Field('item', new Float64(), true)),
  ),
});
writeFileSync(join(out, 'preds.arrow'), RecordBatchFileWriter.writeAll(predTable).toUint8Array(true));
const stream = readFileSync(join(out, 'data-stream.arrows'));
writeFileSync(join(out, 'truncated.arrows'), stream.subarray(0, Math.floor(stream.length * 0.6)));
console.log('wrote fixtures/arrow', table.numRows, batches.length);
