// Measures how the time to read a Parquet file grows with its number of row groups (issue 28:
// 5k one-row groups took 3.4 s, 20k 19.1 s, 200k over 120 s, because every group was planned
// against the whole footer). Writes, for each count N, a file of N one-row groups with
// hyparquet-writer (a dev dependency; no text column, so the checks take little time of their
// own), then times in a fresh process (a) loading it with the
// built loader and (b) the whole command (`audit FILE -f json`), each with a 1 GB heap
// (--max-old-space-size=1024), with peak memory.
// Run: npm run build && node test/reference/parquet_row_groups.mjs [N ...] [--root DIR]
//   --root DIR  measure another checkout's build (DIR/dist and DIR/bin/audit.js), e.g. main.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parquetWriteBuffer } from 'hyparquet-writer';

const args = process.argv.slice(2);
const rootAt = args.indexOf('--root');
const root = rootAt >= 0 ? resolve(args.splice(rootAt, 2)[1]) : join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const counts = args.length ? args.map(Number) : [5000, 20000, 200000];
const dir = mkdtempSync(join(tmpdir(), 'trainaudit-row-groups-'));
const labels = ['positive', 'negative', 'neutral'];

/** Wall seconds, CPU seconds and peak KiB of a command, by /usr/bin/time when present. */
function timed(command, commandArgs) {
  const started = process.hrtime.bigint();
  const env = { ...process.env, NO_COLOR: '1', NODE_OPTIONS: '--max-old-space-size=1024' };
  const run = spawnSync('/usr/bin/time', ['-f', '%M %U %S', command, ...commandArgs], { encoding: 'utf8', env, maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const lines = run.stderr.trim().split('\n');
  const [kib, user, system] = lines[lines.length - 1].split(' ').map(Number);
  return { seconds, cpu: user + system, kib, status: run.status, stderr: lines.slice(0, -1).join('\n') };
}

try {
  console.log(`root ${root}`);
  console.log('groups  file MB  load s (cpu s)  load MB  audit s (cpu s)  audit MB');
  for (const n of counts) {
    const ids = Array.from({ length: n }, (_, i) => i + 1);
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: 'id', data: Int32Array.from(ids) },
        { name: 'label', data: ids.map((i) => labels[i % 3]) },
        { name: 'score', data: Float64Array.from(ids, (i) => ((i * 7919) % 1000) / 1000) },
        { name: 'source', data: ids.map((i) => `batch-${i % 50}`) },
      ],
      rowGroupSize: 1,
    });
    const path = join(dir, `groups-${n}.parquet`);
    writeFileSync(path, new Uint8Array(buffer));
    const load = timed(process.execPath, [
      '--input-type=module',
      '-e',
      `const { loadData } = await import(${JSON.stringify(join(root, 'dist/io/data.js'))}); const t = await loadData(${JSON.stringify(path)}); if (t.rowCount !== ${n}) throw new Error('rows ' + t.rowCount);`,
    ]);
    if (load.status !== 0) throw new Error(`loading ${n} groups failed: ${load.stderr}`);
    const audit = timed(process.execPath, [join(root, 'bin/audit.js'), path, '-f', 'json', '--fail-on', 'none']);
    if (audit.status !== 0) throw new Error(`auditing ${n} groups failed (${audit.status}): ${audit.stderr}`);
    const mb = (bytes) => (bytes / 1024 ** 2).toFixed(1).padStart(8);
    const secs = (run) => `${run.seconds.toFixed(2).padStart(6)} (${run.cpu.toFixed(2).padStart(6)})`;
    console.log(`${String(n).padStart(6)} ${mb(statSync(path).size)} ${secs(load)} ${mb(load.kib * 1024)}  ${secs(audit)} ${mb(audit.kib * 1024)}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
