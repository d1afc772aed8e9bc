// Loads each file given on the command line with the built loader (dist/io/data.js, what the
// command runs) and prints one JSON line per file: `{"start": file}` before, then what happened:
// loaded (its row count, column names and a digest of every cell), refused with an input error
// (its one-line message as the command prints it), or failed otherwise (an internal error), with
// the milliseconds it took. The last line is the process's peak resident memory in KiB. Run it
// with NODE_OPTIONS=--max-old-space-size=1024 so a runaway allocation ends the process.
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');
const { loadData } = await import(join(dist, 'io/data.js'));
const { InputError } = await import(join(dist, 'errors.js'));

for (const file of process.argv.slice(2)) {
  process.stdout.write(`${JSON.stringify({ start: file })}\n`);
  const started = performance.now();
  let result;
  try {
    const table = await loadData(file);
    const hash = createHash('sha256');
    for (const column of table.columns) {
      hash.update(`\u0000${column.name}\u0000`);
      for (let row = 0; row < table.rowCount; row++) hash.update(column.isMissing(row) ? '\u0001' : `${column.get(row)}\u0002`);
    }
    result = { outcome: 'loaded', rows: table.rowCount, columns: table.columns.map((c) => c.name), digest: hash.digest('hex') };
  } catch (error) {
    result =
      error instanceof InputError
        ? { outcome: 'refused', file: error.file, line: error.format() }
        : { outcome: 'internal', line: `${error?.name}: ${error?.message}`, stack: String(error?.stack).split('\n').slice(0, 6).join('\n') };
  }
  process.stdout.write(`${JSON.stringify({ file, ms: Math.round(performance.now() - started), ...result })}\n`);
}
process.stdout.write(`${JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS })}\n`);
