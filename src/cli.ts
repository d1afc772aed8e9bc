import { FAIL_ON, FORMAT_ALIASES, LANGS, TASKS, type Format, type Lang, type Task } from './core/vocabulary.js';
import { Command, CommanderError, Help, InvalidArgumentError, Option } from 'commander';
import { supportsColor } from 'chalk';
import { FORMATS, configSchema, describeConfigIssue, loadConfig, splitList, type Config } from './config.js';
import { FILE_INPUTS, flagName, inputPaths, type FileInput } from './input-files.js';
import { kernelNotice } from './render/kernel-notice.js';
import { renderTiming } from './render/timing.js';
import { InputError } from './errors.js';
import { ProtectedFiles, takeRemovedTemps, writeFileAtomic } from './io/write.js';
import { OUTPUT_EXTENSIONS, formatForPath, renderReportChunks } from './render/index.js';
import { availableChecks, run, VERSION } from './run.js';
import { reportJsonSchema } from './report/schema.js';
import { renderCatalogue } from './render/remedies.js';
import { exportFlagged } from './export/export.js';
import { scanShard } from './shard.js';
import { diffReports } from './diff.js';
import { sanitizeInline } from './core/sanitize.js';
import { progressBar } from './progress-bar.js';
import { stdoutGuarded, writeReport } from './core/stdout-guard.js';

/** Colour level: NO_COLOR, --no-color and non-TTY output give plain text; FORCE_COLOR wins. */
export function colorLevel(wantColor: boolean, stream: NodeJS.WriteStream = process.stdout): 0 | 1 | 2 | 3 {
  const force = process.env.FORCE_COLOR;
  // FORCE_COLOR=0 or false turns colour off, as chalk documents; TERM=dumb has none.
  if (force === '0' || force === 'false') return 0;
  if (force !== undefined && force !== '') {
    const n = Number(force);
    return (Number.isInteger(n) && n >= 1 && n <= 3 ? n : 1) as 1 | 2 | 3;
  }
  if (!wantColor || (process.env.NO_COLOR ?? '') !== '' || !stream.isTTY || process.env.TERM === 'dumb') return 0;
  return supportsColor ? supportsColor.level : 1;
}

/** Columns the text wraps to: 80, or fewer on a narrower terminal. */
export function terminalWidth(stream: NodeJS.WriteStream = process.stdout): number {
  const columns = stream.isTTY ? stream.columns : undefined;
  return columns && columns > 0 ? Math.max(20, Math.min(80, columns)) : 80;
}

function number(name: string, integer = false) {
  return (value: string) => {
    const parsed = Number(value);
    if (value.trim() === '' || !Number.isFinite(parsed) || (integer && !Number.isInteger(parsed))) {
      throw new InvalidArgumentError(`${name} takes ${integer ? 'a whole number' : 'a number'}, got "${value}"`);
    }
    return parsed;
  };
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** -f takes the format names and the extensions' names (md, xml, txt). */
function parseFormat(value: string): Format {
  const format = FORMAT_ALIASES[value.toLowerCase()];
  if (!format) throw new InvalidArgumentError(`-f takes ${FORMATS.join(', ')} (or md, xml, txt), got "${value}"`);
  return format;
}
const list = (value: string) => splitList(value);

/** How long a run with plugins may linger after its report is written, held by work a plugin left. */
const PLUGIN_EXIT_GRACE_MS = 1000;

/** Set when stdout could not be written (a full disk): the run then exits 2 whatever the gate says. */
let stdoutFailed = false;

/** Writes to stdout; a closed pipe (`| head -1`) ends quietly. */
/** Writes each piece after the last one has been taken, so a large report is never held twice. */
async function writeStdout(text: string | Iterable<string>): Promise<void> {
  for (const piece of typeof text === 'string' ? [text] : text) {
    if (stdoutFailed) return;
    await new Promise<void>((resolve) => {
      // Past the guard that keeps plugins' prints off stdout.
      writeReport(piece, () => resolve());
    });
  }
}

process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') return;
  if (!stdoutFailed) process.stderr.write(`audit: cannot write output: ${error.code === 'ENOSPC' ? 'no space left on the device' : error.message}\n`);
  stdoutFailed = true;
  process.exitCode = 2;
});

function reportError(error: unknown, debug: boolean): void {
  if (error instanceof InputError) {
    process.stderr.write(`audit: ${sanitizeInline(error.format())}\n`);
  } else if (error instanceof CommanderError) {
    // commander already printed its message.
  } else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`audit: internal error: ${sanitizeInline(message)}${debug ? '' : ' (run with --debug for details)'}\n`);
  }
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  process.exitCode = 2;
}

const debugRequested = process.argv.includes('--debug');

/** The audit's name, version and own arguments. */
function auditIdentity(program: Command): Command {
  return program
    .name('audit')
    .description('Audit a training run: find why predictions are inaccurate, unstable across seeds or biased, and rank the remedies.')
    .version(VERSION, '-V, --version')
    .argument('<data>', 'data file: CSV, TSV, JSONL or JSON array, optionally .gz; - for stdin')
    .argument('[predictions...]', 'prediction files (JSONL or CSV), one per run or with a seed/run field');
}

/** The options of what the audit prints and writes. */
function addOutputOptions(program: Command): Command {
  return program
    .addOption(new Option('-f, --format <format>', `what to print on stdout (default: text): ${FORMATS.join(', ')} (also md, xml, txt)`).argParser(parseFormat))
    .option('-o, --output <file>', 'also write a report file; format from the extension: .json .md .sarif .xml .txt .html (repeatable)', collect)
    .option('-q, --quiet', 'print nothing on stdout (use with --output)')
    .option('--timing', "print each check's wall time on stderr and write it in the report (checks.<id>.durationMs)")
    .addOption(new Option('--fail-on <severity>', 'exit 1 when a finding reaches this severity (default: high)').choices(FAIL_ON))
    .option('-c, --config <file>', 'config file (default: ./audit.config.json when it exists)');
}

/** A repeatable option (`--plugin a.js --plugin b.js`) collects its values; `--x <files...>` takes several at once. */
function fileInputOption(input: FileInput): Option {
  const option = new Option(input.option, input.help);
  return input.merge === 'append' && !input.option.endsWith('...>') ? option.argParser(collect) : option;
}

/**
 * The input-file options of one help group, from the table (src/input-files.ts), each followed by
 * the options that belong with it (`--gate` after `--baseline-report`, `--embedding-col` after
 * `--embeddings`, ...).
 */
function addFileInputs(program: Command, group: FileInput['group'], companions: Partial<Record<FileInput['key'], Option[]>> = {}): Command {
  for (const input of FILE_INPUTS.filter((i) => i.group === group)) {
    program.addOption(fileInputOption(input));
    for (const option of companions[input.key] ?? []) program.addOption(option);
  }
  return program;
}

/** The options naming the data's columns, classes and format. */
function addColumnOptions(program: Command): Command {
  program
    .option('--id-col <column>', 'id column (default: id, _id, uid, example_id or idx)')
    .option('--label-col <column>', 'label column (default: label, target, class, y, ...)')
    .option('--text-col <column>', 'text column (default: by name, else the longest free-text column)')
    .option('--split-col <column>', 'split column: train/validation/test (default: split, fold, ...)')
    .option('--slice-cols <columns>', 'comma-separated columns to compute per-group metrics on', list)
    .option('--slice-depth <n>', 'intersections of slice columns up to this depth (1-3)', number('--slice-depth', true))
    .option('--positive-class <class>', 'positive class for binary metrics (FPR, FNR, precision)')
    .option('--classes <classes>', 'comma-separated class order of probability arrays (default: sorted labels)', list);
  addFileInputs(program, 'columns');
  return program.addOption(
    new Option('--data-format <format>', 'data format when the name does not tell').choices(['csv', 'tsv', 'jsonl', 'json', 'parquet', 'arrow']),
  );
}

/** The options giving further inputs: models, a baseline, arrays, embeddings, logs, training data and corpora. */
function addInputOptions(program: Command): Command {
  return addFileInputs(program, 'inputs', {
    baselineReport: [
      new Option('--gate <scope>', 'with --baseline-report: which findings the gate counts (default new-and-worse)').choices(['all', 'new-and-worse']),
    ],
    embeddings: [new Option('--embedding-col <column>', "a data column whose cells are lists of numbers ([0.1, 0.2, ...]): the rows' embeddings")],
    logs: [
      new Option(
        '--snapshot <epoch>',
        'with predictions at several epochs/steps: the snapshot the checks other than training-dynamics read (default: the last)',
      ),
    ],
    partials: [
      new Option(
        '--train-text-cols <columns>',
        'the --train file is a fine-tuning corpus: its fields holding text, joined (e.g. instruction,input,output); streamed once for evaluation items inside it (contamination)',
      ).argParser(list),
    ],
  });
}

/** The options choosing and tuning the checks, the export and the reading of inputs. */
function addRunOptions(program: Command): Command {
  program
    .option('--checks <ids>', 'run only these checks (comma-separated)', list)
    .option('--skip-checks <ids>', 'do not run these checks (comma-separated)', list);
  addFileInputs(program, 'run');
  return program
    .option(
      '--plugin-timeout <seconds>',
      'a plugin check that has not finished after this many seconds is reported as an error (default 5)',
      number('--plugin-timeout'),
    )
    .option('--no-proxy', "do not train the proxy model (a logistic regression on the data's features that sizes data remedies and tuning)")
    .addOption(new Option('--task <domain>', 'domain of the remedies (default: detected)').choices(TASKS))
    .addOption(new Option('--lang <lang>', 'language of the human-readable output').choices(LANGS))
    .option('--near-dup-threshold <x>', 'character 5-gram Jaccard similarity for near-duplicates (default 0.8)', number('--near-dup-threshold'))
    .option('--seed <n>', 'seed for sampling and bootstrap (default 42)', number('--seed', true))
    .option('--export <dir>', 'write flagged rows (CSV) and a cleaned copy of the data into this new directory')
    .option('--export-drop-label-issues', 'with --export: also drop likely label errors from the cleaned copy')
    .addOption(new Option('--encoding <encoding>', 'text encoding of the inputs (default: utf8)').choices(['utf8', 'latin1']))
    .option('--max-input-bytes <n>', 'refuse an input larger than this after decompression (default 4 GiB)', number('--max-input-bytes', true))
    .option('--sarif-root <dir>', 'write SARIF file locations relative to this directory (%SRCROOT%; default: the working directory)')
    .option('--no-color', 'plain text without colours')
    .option('--debug', 'show stack traces on errors');
}

/** No output may land on a file the run reads: checked before the audit, by inode. */
async function checkOutputPaths(data: string, predictions: string[], merged: Config, configPath: string | null): Promise<void> {
  const inputs = await ProtectedFiles.of([data, ...predictions, ...inputPaths(merged), configPath]);
  for (const path of merged.output ?? []) {
    await inputs.assertNotInput(path, 'the report');
    if (formatForPath(path) === null) throw new InputError(`--output ${JSON.stringify(path)}: unknown extension; known: ${OUTPUT_EXTENSIONS.join(', ')}`);
  }
  if (merged.export) await inputs.assertNotInput(merged.export, 'the export');
}

/** --export: the flagged rows and the cleaned copy, said on stderr so that stdout stays the report. */
async function exportRun(dir: string, merged: Config, result: Awaited<ReturnType<typeof run>>, configPath: string | null): Promise<void> {
  const exported = await exportFlagged({
    dir,
    report: result.report,
    definitions: result.audit.checks,
    results: result.audit.results,
    data: result.inputs.data,
    dropLabelIssues: merged.exportDropLabelIssues ?? false,
    protectedPaths: [configPath ?? '', ...inputPaths(merged)],
  });
  // On stderr, so that stdout stays the report.
  process.stderr.write(
    `audit: exported ${exported.files.length} files to ${sanitizeInline(exported.dir)}: the cleaned copy keeps ${exported.keptRows} of ${result.inputs.data.rowCount} rows (${exported.removed.total} removed)\n`,
  );
}

/** Temporary files of killed runs, removed from the folders written into: said on stderr. */
function tellRemovedTemps(): void {
  const swept = takeRemovedTemps();
  if (swept.length > 0)
    process.stderr.write(
      `audit: removed ${swept.length} temporary file${swept.length === 1 ? '' : 's'} left by an earlier run that was killed while writing: ${swept
        .slice(0, 3)
        .map((path) => sanitizeInline(path))
        .join(', ')}${swept.length > 3 ? ', ...' : ''}\n`,
    );
}

/** `audit DATA PREDICTIONS...`: runs the audit, writes the reports and the export, prints the report. */
async function auditAction(data: string, predictions: string[], flags: Record<string, unknown>): Promise<void> {
  const { config, path: configPath } = await loadConfig(flags.config as string | undefined);
  const merged = mergeFlags(config, flags);
  await checkOutputPaths(data, predictions, merged, configPath);
  const progress = progressBar({
    stream: process.stderr,
    quiet: merged.quiet === true,
    env: process.env,
    delayMs: Number(process.env.TRAINAUDIT_PROGRESS_DELAY_MS ?? 2000),
  });
  const result = await run({ ...merged, data, predictions, progress }).finally(() => progress.done());
  const report = result.report;
  const textOptions = { colorLevel: colorLevel(flags.color !== false), width: terminalWidth(), sarifRoot: merged.sarifRoot };
  for (const path of merged.output ?? []) {
    const format = formatForPath(path)!;
    await writeFileAtomic(path, await renderReportChunks(result.audit, format, { colorLevel: 0, sarifRoot: merged.sarifRoot }));
  }
  if (merged.export) await exportRun(merged.export, merged, result, configPath);
  tellRemovedTemps();
  // On stderr, so that stdout stays the report.
  if (merged.timing) process.stderr.write(renderTiming(report));
  const notice = merged.quiet ? null : kernelNotice(report);
  if (notice) process.stderr.write(notice);
  if (!merged.quiet) await writeStdout(await renderReportChunks(result.audit, merged.format ?? 'text', textOptions));
  process.exitCode = stdoutFailed ? 2 : result.exitCode;
}

function addScanShardCommand(program: Command): void {
  program
    .command('scan-shard')
    .description(
      'one shard task of a contamination scan: index the evaluation items of <data>, scan the shard files, write the partial result (merge them with audit merge)',
    )
    .argument('<data>', 'the evaluation data file (as given to audit)')
    .requiredOption('--shard <files...>', 'the corpus shard file(s) this task scans, in order')
    .requiredOption('-o, --output <file>', 'where to write the partial result (JSON)')
    .option('--train-text-cols <columns>', 'the fields of the corpus holding its text, joined', list)
    .option('-c, --config <file>', 'config file (checkOptions.contamination, column roles), as given to audit')
    .option('--id-col <column>', 'id column')
    .option('--label-col <column>', 'label column')
    .option('--text-col <column>', 'text column')
    .option('--split-col <column>', 'split column')
    .action(async (data: string, flags: Record<string, unknown>) => {
      const { config } = await loadConfig(flags.config as string | undefined);
      const merged = mergeFlags(config, {
        trainTextCols: flags.trainTextCols,
        idCol: flags.idCol,
        labelCol: flags.labelCol,
        textCol: flags.textCol,
        splitCol: flags.splitCol,
      });
      const inputs = await ProtectedFiles.of([data, ...(flags.shard as string[])]);
      await inputs.assertNotInput(flags.output as string, 'the partial result');
      const done = await scanShard({ ...merged, data, shards: flags.shard as string[], out: flags.output as string });
      process.stderr.write(`audit: scanned ${done.rows} rows; ${done.holding} hold an evaluation item\n`);
    });
}

function addChecksCommand(program: Command): void {
  program
    .command('checks')
    .description('list the checks and what each needs')
    .option('--plugin <file>', 'also list checks from a plugin module (repeatable)', collect)
    .option('-f, --format <format>', 'text or json', 'text')
    .action(async (flags: { plugin?: string[]; format: string }) => {
      const checks = await availableChecks(flags.plugin ?? []);
      if (flags.format === 'json') {
        await writeStdout(
          `${JSON.stringify(
            checks.map((c) => ({ id: c.id, title: c.title, description: c.description, needs: c.needs })),
            null,
            2,
          )}\n`,
        );
        return;
      }
      const width = Math.max(...checks.map((c) => c.id.length));
      const lines = checks.map(
        (c) => `${c.id.padEnd(width)}  ${c.title}\n${' '.repeat(width + 2)}needs: ${c.needs.length > 0 ? c.needs.join(', ') : 'data only'}`,
      );
      await writeStdout(`${lines.join('\n')}\n`);
    });
}

function addDiffCommand(program: Command): void {
  program
    .command('diff')
    .description(
      'compare two saved JSON reports: findings new, unchanged, worse or better, and those gone (exit 1 when a new or worse finding reaches --fail-on)',
    )
    .argument('<old>', 'the earlier JSON report (the baseline)')
    .argument('<new>', 'the later JSON report')
    .addOption(new Option('-f, --format <format>', `what to print (default: text): ${FORMATS.join(', ')}`).argParser(parseFormat))
    .addOption(new Option('--fail-on <severity>', "exit 1 when a new or worse finding reaches this severity (default: the new report's)").choices(FAIL_ON))
    .addOption(new Option('--gate <scope>', 'which findings the exit status counts (default new-and-worse)').choices(['all', 'new-and-worse']))
    .option('--no-color', 'plain text without colours')
    .option('--plugin <file>', "a plugin check of the reports (repeatable): its findings' sizes, charts and SARIF rule", collect)
    .action(
      async (
        oldPath: string,
        newPath: string,
        flags: { format?: Format; failOn?: (typeof FAIL_ON)[number]; gate?: 'all' | 'new-and-worse'; color?: boolean; plugin?: string[] },
      ) => {
        const checks = await availableChecks(flags.plugin ?? []);
        const { audit, exitCode } = await diffReports({ oldPath, newPath, failOn: flags.failOn, gate: flags.gate, checks });
        await writeStdout(await renderReportChunks(audit, flags.format ?? 'text', { colorLevel: colorLevel(flags.color !== false), width: terminalWidth() }));
        process.exitCode = stdoutFailed ? 2 : exitCode;
      },
    );
}

/** `audit schema` and `audit remedies`: the report's JSON Schema and the remedy catalogue. */
function addReferenceCommands(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of the JSON report')
    .action(async () => {
      await writeStdout(`${JSON.stringify(reportJsonSchema(), null, 2)}\n`);
    });

  program
    .command('remedies')
    .description('list the remedy catalogue')
    .addOption(new Option('--lang <lang>', 'language').choices(LANGS).default('en'))
    .addOption(new Option('--task <domain>', 'show the variant for this domain').choices(TASKS))
    .option('-f, --format <format>', 'text or json', 'text')
    .action(async (flags: { lang: Lang; task?: Task; format: string }) => {
      await writeStdout(
        renderCatalogue({ lang: flags.lang, task: flags.task ?? null, format: flags.format === 'json' ? 'json' : 'text', width: terminalWidth() }),
      );
    });
}

/**
 * `audit merge DATA [PREDICTIONS...] --partials FILES`: the audit itself, with every option of it,
 * its contamination scan merged from the partial results of `audit scan-shard` tasks.
 */
function addMergeCommand(program: Command): void {
  const merge = program
    .command('merge')
    .description('the audit, its contamination scan merged from the partial results of audit scan-shard tasks (--partials FILES); every audit option applies')
    .argument('<data>', 'the evaluation data file (as given to the shard tasks)')
    .argument('[predictions...]', 'prediction files, as for the audit');
  addRunOptions(addInputOptions(addColumnOptions(addOutputOptions(merge))))
    .exitOverride()
    .action(async (data: string, predictions: string[], flags: Record<string, unknown>) => {
      if (flags.partials === undefined) throw new InputError('merge needs --partials FILES (the partial results of audit scan-shard)');
      await auditAction(data, predictions, flags);
    });
}

function buildProgram(): Command {
  const program = new Command();
  addRunOptions(addInputOptions(addColumnOptions(addOutputOptions(auditIdentity(program)))))
    .enablePositionalOptions()
    // merge takes the audit's own arguments: listed short, so the command list keeps its width.
    .configureHelp({ subcommandTerm: (command) => (command.name() === 'merge' ? 'merge [options] <data> ...' : new Help().subcommandTerm(command)) })
    // One line, as every other error: what was wrong and where to read more.
    .configureOutput({ outputError: (text, write) => write(`audit: ${sanitizeInline(text.trim().replace(/^error: /, ''))} (run audit --help for usage)\n`) })
    .exitOverride()
    .action(auditAction);
  addScanShardCommand(program);
  addMergeCommand(program);
  addChecksCommand(program);
  addDiffCommand(program);
  addReferenceCommands(program);
  return program;
}

/** Flags given on the command line override the config file; the result is validated like the config. */
/** `--model logreg=a.jsonl,b.jsonl` (repeatable) as `{logreg: ['a.jsonl', 'b.jsonl']}`; a name given twice collects its files. */
export function parseModelFlags(values: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const value of values) {
    const at = value.indexOf('=');
    const name = at < 0 ? '' : value.slice(0, at).trim();
    const files = at < 0 ? [] : splitList(value.slice(at + 1));
    if (name === '' || files.length === 0) throw new InputError(`--model takes NAME=FILE[,FILE...], got "${value}"`);
    out[name] = [...(out[name] ?? []), ...files];
  }
  return out;
}

export function mergeFlags(config: Config, flags: Record<string, unknown>): Config {
  const fromFlags: Record<string, unknown> = {};
  // Options named like their config key replace its value; the input files follow their table entry.
  const files = new Set<string>(FILE_INPUTS.map((input) => input.key));
  for (const key of Object.keys(configSchema.shape)) if (!files.has(key) && flags[key] !== undefined) fromFlags[key] = flags[key];
  for (const input of FILE_INPUTS) {
    const value = flags[flagName(input)];
    if (value === undefined) continue;
    if (input.key === 'models') fromFlags.models = { ...(config.models ?? {}), ...parseModelFlags(value as string[]) };
    else if (input.merge === 'append') fromFlags[input.key] = [...(config[input.key] ?? []), ...(value as string[])];
    else fromFlags[input.key] = value;
  }
  // --no-proxy is checkOptions.proxy.enabled: false.
  if (flags.proxy === false) fromFlags.checkOptions = { ...(config.checkOptions ?? {}), proxy: { ...(config.checkOptions?.proxy ?? {}), enabled: false } };
  const parsed = configSchema.safeParse({ ...config, ...fromFlags });
  if (!parsed.success) throw new InputError(describeConfigIssue(parsed.error));
  return parsed.data;
}

async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; every other commander error is a usage error: exit 2.
      process.exitCode = error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : 2;
      return;
    }
    reportError(error, debugRequested);
  } finally {
    // A plugin's abandoned work (a check past its time limit, a timer it left) must not hold the
    // process once the report is out; a run with nothing pending ends at once, as the timer is unref'd.
    if (stdoutGuarded()) setTimeout(() => process.exit(), PLUGIN_EXIT_GRACE_MS).unref();
  }
}

await main(process.argv);
