// Writes fixtures/embeddings/digits/vectors.parquet with DuckDB's own Parquet writer (an
// implementation independent of the hyparquet reader trainaudit uses): vectors.csv with the
// embedding as a LIST<FLOAT> column, zstd, row groups of 2,048 rows.
// Run (DuckDB is not a dependency of the project; the output is committed):
//   npm i --no-save @duckdb/node-api@1.5.6-r.1 && node test/reference/embeddings_parquet.mjs
import { DuckDBInstance } from '@duckdb/node-api';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'embeddings', 'digits');
const db = await (await DuckDBInstance.create(':memory:')).connect();
await db.run('SET threads = 1');
const quote = (path) => `'${path.replace(/'/g, "''")}'`;
await db.run(
  `CREATE TABLE v AS SELECT id, label, split, embedding::FLOAT[] AS embedding FROM read_csv(${quote(join(dir, 'vectors.csv'))}, header = true, all_varchar = true)`,
);
await db.run(`COPY (SELECT * FROM v ORDER BY rowid) TO ${quote(join(dir, 'vectors.parquet'))} (FORMAT parquet, COMPRESSION zstd)`);
console.log('wrote', join(dir, 'vectors.parquet'));
