/**
 * `--export DIR`: writes what the data remedies need, as new files, never touching the inputs.
 *
 * - `flagged-<check>.csv` for each check of the audit (plugins included) whose `exportRows` flagged
 *   rows (duplicates, near-duplicates, conflicting-labels, leakage, label-noise, ...): columns `row` (0-based record), `line` (1-based line where
 *   it starts), `id`, `reason`. Every cell goes through `csvCell`, which neutralises spreadsheet
 *   formulas. Duplicates and near-duplicates list the rows beyond the first of each group
 *   (the first is named in the reason); label-noise keeps its ranking (most likely error first);
 *   the others are in row order.
 * - `cleaned.<ext>`: the data in its own format family (CSV, TSV, JSONL or a JSON array), all
 *   columns, without the rows each check's `cleanedCopy` rule leaves out: the exact duplicates
 *   beyond the first (lowest) row of each group, the leaked evaluation rows, and with
 *   `dropLabelIssues` the likely label errors.
 *   Missing cells are written empty (CSV/TSV) or null (JSON): the original spelling of a missing
 *   value (`NA`, `null`) is not kept. In CSV/TSV, cells that would start a spreadsheet formula are
 *   neutralised like the flagged files (plain numbers such as `-1.5` are left alone) unless
 *   `neutralizeCleaned` is false; the summary counts the cells changed. In JSON, columns whose
 *   every value is a number are written as numbers, booleans as booleans, objects parsed back.
 *
 * Safety: DIR is created when missing. An existing DIR must be empty or hold only files this
 * exporter writes (`flagged-*.csv`, `cleaned.*`), which are replaced; anything else there is an
 * error, so a mistyped DIR cannot clobber unrelated files. An output path that is one of the input
 * files is an error. Each file is written to a temporary file in DIR, flushed, then renamed over
 * its name; rows are streamed out in chunks, never built as one string. Files of ours left from an
 * earlier export that this export does not write are removed so that none is stale.
 */
import { promises as fs, rmSync } from 'node:fs';
import {
  assertNotVirtual,
  claimTemp,
  cleanUpOnSignal,
  isOurTemp,
  makeDirectory,
  processAlive,
  ProtectedFiles,
  releaseTemp,
  removeStaleTemps,
} from '../io/write.js';
import { join } from 'node:path';
import type { DataTable } from '../data/table.js';
import type { Column } from '../data/column.js';
import { InputError } from '../errors.js';
import type { Lang } from '../core/vocabulary.js';
import { sanitizeInline } from '../core/sanitize.js';
import { writeCleanedCopy, writeFlaggedCsv } from './files.js';
import { checkResults, type CheckResults } from '../checks/results.js';
import { isObj } from '../checks/support/evidence.js';
import type { AnyCheck, FlaggedRow } from '../checks/types.js';

/** The parts of the report the exporter reads (the full report fits). */
export interface ExportableReport {
  checks: Record<string, { status?: string; metrics: Record<string, unknown> }>;
  inputs?: {
    data?: { path?: string; roles?: { id?: string | null; label?: string | null } };
    predictions?: { paths?: string[] };
    train?: { path: string } | null;
  };
  options?: { lang?: Lang };
}

export interface ExportRequest {
  dir: string;
  report: ExportableReport;
  data: DataTable;
  /** Also drop the rows label-noise flags from the cleaned copy. */
  dropLabelIssues: boolean;
  /** Id column (default: the report's id role). */
  idColumn?: string | null;
  /** Language of the reasons (default: the report's). */
  lang?: Lang;
  /** More paths that must never be written (the data, prediction and train files are always protected). */
  protectedPaths?: string[];
  /** The checks of the audit (plugins included): their `exportRows` list flagged rows, their `cleanedCopy` rules shape the cleaned copy. */
  definitions: readonly AnyCheck[];
  /** Their metrics parsed with their schemas (the audit's); parsed from the report when not given. */
  results?: CheckResults;
}

export interface ExportedFile {
  path: string;
  kind: 'flagged' | 'cleaned';
  check?: string;
  rows: number;
}

export interface ExportSummary {
  dir: string;
  files: ExportedFile[];
  /** Rows left out of the cleaned copy, by reason (a row can have several; a plugin's `cleanedCopy` may add its own), and in all. */
  removed: RemovedRows & { total: number };
  keptRows: number;
  /** Rows named by a check that are not rows of this data (e.g. rows of a --train file). */
  ignoredRows: number;
  /** Stale files of an earlier export that were removed. */
  removedStale: string[];
}

/** Rows left out of the cleaned copy by reason: the built-in reasons always, a plugin's own when it declares one. */
type RemovedRows = { duplicates: number; leakage: number; labelIssues: number } & Record<string, number>;

const OUR_FILE = /^(flagged-[a-z0-9-]+\.csv|cleaned\.(csv|tsv|jsonl|json))$/;
/** Temporary files as versions before the pid-and-host naming (io/write.ts) named them: tolerated, not removed. */
const OUR_TEMP = /^\.(flagged-[a-z0-9-]+\.csv|cleaned\.(csv|tsv|jsonl|json))\.\d+\.[0-9a-z]+\.tmp$/;

// ------------------------------------------------------------------ flagged rows per check

/** The rows each check that flags rows (`exportRows`) names, by check id, in the checks' order. */
function flaggedRows(
  results: CheckResults,
  data: DataTable,
  lang: Lang,
  labelColumn: string | null,
  definitions: readonly AnyCheck[],
): Map<string, FlaggedRow[]> {
  const line = (row: number) => (row < data.rowCount ? data.lines[row] : 0);
  const labelCol = labelColumn ? data.column(labelColumn) : undefined;
  const label = (row: number) => (labelCol && row < data.rowCount ? labelCol.get(row) : null);
  const out = new Map<string, FlaggedRow[]>();
  for (const check of definitions) {
    const metrics = check.exportRows ? results.get(check.id) : undefined;
    if (metrics !== undefined) out.set(check.id, check.exportRows!({ metrics, lang, line, label }));
  }
  return out;
}

/** Lists, beside the files, what an export wrote, so that a later export replaces only those. */
const MANIFEST = '.trainaudit-export.json';
/** Held while an export writes into DIR: concurrent exports take turns instead of racing. */
const LOCK = '.trainaudit-export.lock';
const LOCK_WAIT_MS = 120_000;

interface ManifestEntry {
  name: string;
  dev: number;
  ino: number;
  size: number;
}

async function readManifest(dir: string): Promise<ManifestEntry[]> {
  try {
    const parsed = JSON.parse(await fs.readFile(join(dir, MANIFEST), 'utf8')) as { files?: unknown };
    if (!Array.isArray(parsed.files)) return [];
    return parsed.files.filter(
      (entry): entry is ManifestEntry =>
        isObj(entry) && typeof entry.name === 'string' && typeof entry.ino === 'number' && typeof entry.dev === 'number' && typeof entry.size === 'number',
    );
  } catch {
    return [];
  }
}

/** The files of DIR that an earlier export wrote and nobody changed since (same inode and size). */
async function filesOfEarlierExports(dir: string): Promise<Set<string>> {
  const ours = new Set<string>();
  for (const entry of await readManifest(dir)) {
    if (!OUR_FILE.test(entry.name)) continue;
    try {
      const stat = await fs.stat(join(dir, entry.name));
      if (stat.isFile() && stat.dev === entry.dev && stat.ino === entry.ino && stat.size === entry.size) ours.add(entry.name);
    } catch {
      // Gone already.
    }
  }
  return ours;
}

/** Takes DIR's lock (waiting for another export to finish); a lock whose process is gone is taken over. */
async function lockDir(dir: string): Promise<() => Promise<void>> {
  const path = join(dir, LOCK);
  const started = Date.now();
  for (;;) {
    try {
      const handle = await fs.open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      const dispose = cleanUpOnSignal(() => rmSync(path, { force: true }));
      return async () => {
        dispose();
        await fs.rm(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw new InputError(`cannot use the export directory: ${(error as Error).message}`, dir);
    }
    const holder = Number((await fs.readFile(path, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(holder) && holder > 0 && !processAlive(holder)) {
      await fs.rm(path, { force: true });
      continue;
    }
    if (Date.now() - started > LOCK_WAIT_MS)
      throw new InputError(
        `another export into this directory has held ${LOCK} for over ${LOCK_WAIT_MS / 1000} s (process ${holder}); remove the file if that process is gone`,
        dir,
      );
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** Creates DIR when missing; an existing path must be a directory. */
async function ensureDir(dir: string): Promise<void> {
  let stat;
  try {
    stat = await fs.stat(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new InputError(`cannot use the export directory: ${(error as Error).message}`, dir);
    await makeDirectory(dir);
    return;
  }
  if (!stat.isDirectory()) throw new InputError('the export path exists and is not a directory', dir);
}

/**
 * Checks that DIR (locked) can take our files: everything in it was written by an earlier export
 * (listed in its manifest, unchanged since). Returns the files of earlier exports.
 */
async function prepareDir(dir: string): Promise<Set<string>> {
  // What an export killed mid-write left (its process gone) is removed; a live one's is left alone.
  await removeStaleTemps(dir);
  const ours = await filesOfEarlierExports(dir);
  const entries = await fs.readdir(dir);
  const foreign = entries.filter((name) => name !== MANIFEST && name !== LOCK && !OUR_TEMP.test(name) && !isOurTemp(name) && !ours.has(name));
  if (foreign.length > 0) {
    const list = foreign
      .slice(0, 3)
      .map((name) => JSON.stringify(sanitizeInline(name)))
      .join(', ');
    throw new InputError(
      `the export directory is not empty (it holds ${list}${foreign.length > 3 ? ', ...' : ''}, which no earlier export of trainaudit wrote or which changed since); give a new or empty directory, or one holding only an earlier export`,
      dir,
    );
  }
  return ours;
}

// A Parquet or Arrow input's cleaned copy is JSON Lines: the kept rows with their values, readable by any tool.
const CLEANED_EXTENSION: Record<DataTable['format'], string> = { csv: 'csv', tsv: 'tsv', jsonl: 'jsonl', json: 'json', parquet: 'jsonl', arrow: 'jsonl' };

/**
 * Writes the flagged rows per check and the cleaned copy of the data into `dir`; see the module
 * comment for what, where and how safely. Returns what was written.
 */
export async function exportFlagged(given: ExportRequest): Promise<ExportSummary> {
  // The checks' metrics typed by their schemas, parsed once (the audit's, when the caller has them).
  const request: ExportRequest & { results: CheckResults } = { ...given, results: given.results ?? checkResults(given.definitions, given.report.checks) };
  const { dir, report, data } = request;
  const lang: Lang = request.lang ?? report.options?.lang ?? 'en';
  const idName = request.idColumn !== undefined ? request.idColumn : (report.inputs?.data?.roles?.id ?? null);
  const idColumn = idName ? (data.column(idName) ?? null) : null;
  const labelName = report.inputs?.data?.roles?.label ?? null;

  const protectedPaths = [
    data.path,
    report.inputs?.data?.path,
    ...(report.inputs?.predictions?.paths ?? []),
    report.inputs?.train?.path,
    ...(request.protectedPaths ?? []),
  ];
  const inputs = await ProtectedFiles.of(protectedPaths);
  await inputs.assertNotInput(dir, 'the export');
  assertNotVirtual(dir, 'export');
  await ensureDir(dir);
  const unlock = await lockDir(dir);
  try {
    return await exportLocked(request, dir, inputs, lang, idColumn, labelName);
  } finally {
    await unlock();
  }
}

/** The files an export writes: the flagged rows of each check that flags some, then the cleaned copy. */
interface ExportPlan {
  flagged: Map<string, FlaggedRow[]>;
  /** The checks that flag rows, in the checks' order (the map keeps it). */
  flaggingChecks: string[];
  cleanedName: string;
  /** Every file name written. */
  planned: string[];
}

async function planExport(
  request: ExportRequest & { results: CheckResults },
  dir: string,
  inputs: ProtectedFiles,
  lang: Lang,
  labelName: string | null,
): Promise<ExportPlan> {
  const { data } = request;
  const flagged = flaggedRows(request.results, data, lang, labelName, request.definitions);
  const flaggingChecks = [...flagged.keys()];
  const cleanedName = `cleaned.${CLEANED_EXTENSION[data.format]}`;
  const planned = [...flaggingChecks.filter((check) => (flagged.get(check)?.length ?? 0) > 0).map((check) => `flagged-${check}.csv`), cleanedName];
  for (const name of planned) await inputs.assertNotInput(join(dir, name), JSON.stringify(name));
  return { flagged, flaggingChecks, cleanedName, planned };
}

/** Rows left out of the cleaned copy, with how many each reason names; rows beyond the data are ignored (and counted). */
interface DroppedRows {
  drop: Uint8Array;
  ignored: Set<number>;
  removedBy: RemovedRows;
  total: number;
}

function rowsToDrop(request: ExportRequest & { results: CheckResults }, flagged: Map<string, FlaggedRow[]>): DroppedRows {
  const n = request.data.rowCount;
  const drop = new Uint8Array(n);
  const ignored = new Set<number>();
  /** Marks rows to drop; returns how many distinct rows of the data this reason names. */
  const markAs = (rows: number[]): number => {
    const seen = new Set<number>();
    for (const row of rows) {
      if (row >= n) {
        ignored.add(row);
        continue;
      }
      seen.add(row);
      drop[row] = 1;
    }
    return seen.size;
  };
  const removedBy: RemovedRows = { duplicates: 0, leakage: 0, labelIssues: 0 };
  // Each check's rule: its flagged rows (or the rows it names from its metrics), always or with --export-drop-label-issues.
  for (const check of request.definitions) {
    const rule = check.cleanedCopy;
    if (!rule || (rule.when === 'dropLabelIssues' && !request.dropLabelIssues)) continue;
    const metrics = request.results.get(check.id);
    const rows = rule.rows ? (metrics !== undefined ? rule.rows(metrics) : []) : (flagged.get(check.id) ?? []).map((entry) => entry.row);
    removedBy[rule.reason] = (removedBy[rule.reason] ?? 0) + markAs(rows);
  }
  let total = 0;
  for (let row = 0; row < n; row++) total += drop[row];
  return { drop, ignored, removedBy, total };
}

/** Writes every planned file through a temporary name, then renames them all; on failure removes the temporary files. */
async function writeExportFiles(dir: string, plan: ExportPlan, data: DataTable, idColumn: Column | null, dropped: DroppedRows): Promise<ExportedFile[]> {
  const temps: { temp: string; name: string }[] = [];
  const files: ExportedFile[] = [];
  try {
    for (const check of plan.flaggingChecks) {
      const rows = plan.flagged.get(check) ?? [];
      if (rows.length === 0) continue;
      const name = `flagged-${check}.csv`;
      const temp = await writeFlaggedCsv(dir, name, rows, data, idColumn);
      temps.push({ temp, name });
      files.push({ path: join(dir, name), kind: 'flagged', check, rows: rows.length });
    }
    const temp = await writeCleanedCopy(dir, plan.cleanedName, data, dropped.drop);
    temps.push({ temp, name: plan.cleanedName });
    files.push({ path: join(dir, plan.cleanedName), kind: 'cleaned', rows: data.rowCount - dropped.total });

    for (const { temp: from, name } of temps) {
      await fs.rename(from, join(dir, name));
      releaseTemp(from);
    }
  } catch (error) {
    await Promise.all(temps.map(({ temp: path }) => fs.rm(path, { force: true }).catch(() => undefined)));
    for (const { temp: path } of temps) releaseTemp(path);
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot write the export: ${(error as Error).message}`, dir);
  }
  return files;
}

/**
 * Files of an earlier export that this one did not rewrite would be stale: removed when the
 * manifest shows them unchanged since that export wrote them, and never an input. Returns their names.
 */
async function removeStaleFiles(dir: string, existing: Set<string>, planned: readonly string[], inputs: ProtectedFiles): Promise<string[]> {
  const removedStale: string[] = [];
  for (const name of existing) {
    if (planned.includes(name) || (await inputs.inputAt(join(dir, name))) !== null) continue;
    await fs.rm(join(dir, name), { force: true });
    removedStale.push(name);
  }
  return removedStale;
}

/** Writes the manifest of the files this export wrote. */
async function writeManifest(dir: string, planned: readonly string[]): Promise<void> {
  const manifest: ManifestEntry[] = [];
  for (const name of planned) {
    const stat = await fs.stat(join(dir, name));
    manifest.push({ name, dev: stat.dev, ino: stat.ino, size: stat.size });
  }
  const manifestTemp = claimTemp(join(dir, MANIFEST));
  await fs.writeFile(
    manifestTemp,
    `${JSON.stringify({ tool: 'trainaudit', note: 'files the last --export wrote; a later export replaces only these', files: manifest }, null, 2)}\n`,
    { flag: 'wx' },
  );
  await fs.rename(manifestTemp, join(dir, MANIFEST));
  releaseTemp(manifestTemp);
}

async function exportLocked(
  request: ExportRequest & { results: CheckResults },
  dir: string,
  inputs: ProtectedFiles,
  lang: Lang,
  idColumn: Column | null,
  labelName: string | null,
): Promise<ExportSummary> {
  const { data } = request;
  const existing = await prepareDir(dir);
  const plan = await planExport(request, dir, inputs, lang, labelName);
  const dropped = rowsToDrop(request, plan.flagged);
  const files = await writeExportFiles(dir, plan, data, idColumn, dropped);
  const removedStale = await removeStaleFiles(dir, existing, plan.planned, inputs);
  await writeManifest(dir, plan.planned);
  const { removedBy, total } = dropped;
  return {
    dir,
    files,
    removed: { ...removedBy, total },
    keptRows: data.rowCount - total,
    ignoredRows: dropped.ignored.size,
    removedStale,
  };
}
