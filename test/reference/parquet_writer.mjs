// Writes fixtures/parquet/ with DuckDB's own Parquet writer (COPY ... TO, an implementation
// independent of the hyparquet reader trainaudit uses), from the bundled demo:
//   data-<codec>.parquet   fixtures/demo/data.csv with each codec (snappy, gzip, zstd, brotli, lz4)
//                          and row groups of 100 rows, so a file has 4 of them;
//   slices.parquet         fixtures/slices/data.csv (3,000 rows) in row groups of 2,048 rows (DuckDB's smallest), with its
//                          predictions as slices-preds.parquet;
//   preds.parquet          fixtures/demo/preds.jsonl with probs as a LIST<DOUBLE> column;
//   typed.parquet          INT64 beyond 2^53, DATE, TIMESTAMP, BLOB, STRUCT and a NULL;
//   truncated.parquet      data-snappy.parquet cut 500 bytes short (its footer is gone).
// Run (DuckDB is not a dependency of the project; the outputs are committed):
//   npm i --no-save @duckdb/node-api@1.5.6-r.1 && node test/reference/parquet_writer.mjs
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = join(root, 'fixtures', 'parquet');
const db = await (await DuckDBInstance.create(':memory:')).connect();
// One thread: DuckDB then cuts row groups at ROW_GROUP_SIZE (rounded up to its 2,048-row vectors).
await db.run('SET threads = 1');
const quote = (path) => `'${path.replace(/'/g, "''")}'`;

await db.run(`CREATE TABLE data AS SELECT * FROM read_csv(${quote(join(root, 'fixtures/demo/data.csv'))}, header = true, all_varchar = false)`);
for (const codec of ['snappy', 'gzip', 'zstd', 'brotli', 'lz4']) {
  await db.run(
    `COPY (SELECT * FROM data ORDER BY rowid) TO ${quote(join(out, `data-${codec}.parquet`))} (FORMAT parquet, COMPRESSION ${codec}, ROW_GROUP_SIZE 100)`,
  );
}
await db.run(
  `CREATE TABLE preds AS SELECT id, seed, [probs.negative, probs.neutral, probs.positive]::DOUBLE[] AS probs FROM read_json(${quote(join(root, 'fixtures/demo/preds.jsonl'))}, format = 'newline_delimited')`,
);
await db.run(`COPY (SELECT * FROM preds ORDER BY rowid) TO ${quote(join(out, 'preds.parquet'))} (FORMAT parquet, COMPRESSION zstd)`);
await db.run(`COPY (SELECT * FROM (VALUES
  (1, 9007199254740993::BIGINT, DATE '2024-02-29', TIMESTAMP '2024-03-01 12:30:00', '\\x00\\xff'::BLOB, {'a': 1, 'b': 'x'}, 'yes'),
  (2, 42::BIGINT, NULL, TIMESTAMP '1999-12-31 23:59:59', 'abc'::BLOB, {'a': 2, 'b': NULL}, 'no')
) t(id, big, day, stamp, raw, nested, label)) TO ${quote(join(out, 'typed.parquet'))} (FORMAT parquet)`);
await db.run(
  `COPY (SELECT * FROM read_csv(${quote(join(root, 'fixtures/slices/data.csv'))}, header = true) ORDER BY id) TO ${quote(join(out, 'slices.parquet'))} (FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE 2048)`,
);
await db.run(
  `COPY (SELECT * FROM read_json(${quote(join(root, 'fixtures/slices/preds.jsonl'))}, format = 'newline_delimited')) TO ${quote(join(out, 'slices-preds.parquet'))} (FORMAT parquet, COMPRESSION zstd)`,
);
const whole = readFileSync(join(out, 'data-snappy.parquet'));
writeFileSync(join(out, 'truncated.parquet'), whole.subarray(0, whole.length - 500));
console.log('wrote fixtures/parquet');
