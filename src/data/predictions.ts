import { InputError } from '../errors.js';
import { sortClasses, resolvePositive } from './labels.js';
import type { FileDigest, JoinIssue, Labels, Predictions, Run, RunSnapshots } from './model.js';
import { toPredictionRecord, type PredictionRecord, type Scalar } from './prediction-record.js';
import { argmax, normalizeProbabilities, softmaxInPlace } from './probabilities.js';

export { describeRecordError, isPlainPredictionRecord, predictionRecordSchema, toPredictionRecord, type PredictionRecord } from './prediction-record.js';
export { argmax, normalizeProbabilities, PROBABILITY_TOLERANCE, softmaxInPlace } from './probabilities.js';

/**
 * Probabilities are held as rows x classes doubles per run; above this many cells (2 GiB) a run is
 * refused with a message rather than failing inside V8 (100,000 classes x 200,000 rows would be
 * 160 GB).
 */
export const MAX_PROBABILITY_CELLS = 2 ** 28;

/** A field as text, or null when absent. */
const text = (value: Scalar | null | undefined): string | null =>
  value === undefined || value === null ? null : typeof value === 'string' ? value : String(value);

export interface PredictionBuilderOptions {
  rowCount: number;
  /** Maps a record id (a string, or a number when JSON gave one) to its data row, or -1. */
  resolveRow: (id: string | number) => number;
  /** Fixed class order (labels from the data or --classes); null to infer it from the predictions. */
  classes: string[] | null;
  /** Whether the data supplied labels; when not, `label` fields in predictions become the labels. */
  dataHasLabels: boolean;
  /** The snapshot the checks use for runs with several (default: the last). */
  snapshot?: string | null;
}

/** Separates a run's name from its snapshot in the builder's keys (never in a name: sanitised away). */
const SNAPSHOT_SEPARATOR = '\u0000';
const SNAPSHOT_FIELDS = ['epoch', 'step', 'checkpoint'] as const;

interface DeferredRecord {
  row: number;
  pred: string | null;
  probs: number[] | Record<string, number> | null;
  logits: boolean;
  line: number;
}

interface RunState {
  run: Run;
  files: string[];
  deferred: DeferredRecord[] | null;
  /** Index (in `paths`) of the file each covered row came from. */
  fileOf: Uint16Array;
  /** Where the run first appeared: file index, then order of appearance; runs are listed in this order. */
  firstFile: number;
  order: number;
}

/** A builder's runs as plain typed arrays, to move between threads (`exportState`/`mergeState`). */
export interface BuilderState {
  runs: { run: Run; files: string[]; fileOf: Uint16Array; firstFile: number; order: number }[];
  records: number;
  unmatched: { count: number; examples: JoinIssue[] };
  hasProbabilities: boolean;
  /** Size and SHA-256 of each file read, by its index among the prediction files. */
  digests: [number, FileDigest][];
}

const MAX_JOIN_EXAMPLES = 20;

function sortFilesInPathOrder(runs: Map<string, RunState>, paths: string[]): void {
  for (const state of runs.values()) state.files.sort((a, b) => paths.indexOf(a) - paths.indexOf(b));
}

/**
 * Collects validated prediction records into runs aligned to the data rows. With a fixed class
 * list it writes straight into typed arrays; without one it keeps records until the classes are known.
 */
/** Said when one run name meets the same row in two files: two models whose seeds share names. */
const ONE_MODEL_PER_FILE = ' (if each file is a different model, name them: --model NAME=FILE for each, or a "model" field in the records)';

export class PredictionBuilder {
  private runs = new Map<string, RunState>();
  private classIndex: Map<string, number> | null;
  private labelsFromPredictions: (string | null)[] | null;
  private labelLines: Int32Array | null;
  private inferredClasses = new Set<string>();
  readonly paths: string[] = [];
  /** Size and SHA-256 of each file as stored, by index (absent until the file was read through). */
  readonly digests: (FileDigest | null)[] = [];
  records = 0;
  unmatched = { count: 0, examples: [] as JoinIssue[] };
  private hasProbabilities = false;

  constructor(private readonly options: PredictionBuilderOptions) {
    this.classIndex = options.classes ? new Map(options.classes.map((c, i) => [c, i])) : null;
    this.labelsFromPredictions = options.dataHasLabels ? null : new Array(options.rowCount).fill(null);
    this.labelLines = options.dataHasLabels ? null : new Int32Array(options.rowCount);
  }

  private currentFile = -1;
  private runOrder = 0;

  /** Starts reading a file; `index` is its place among all prediction files (default: next). */
  addPath(path: string, index = this.paths.length): void {
    this.paths[index] = path;
    this.currentFile = index;
  }

  private runState(name: string, model: string | null, path: string): RunState {
    let state = this.runs.get(name);
    if (!state) {
      const rows = this.options.rowCount;
      state = {
        run: { name, model, path, covered: new Uint8Array(rows), count: 0, pred: null, probs: null, score: null, lines: new Int32Array(rows) },
        files: [path],
        deferred: this.classIndex ? null : [],
        fileOf: new Uint16Array(rows),
        firstFile: this.currentFile,
        order: this.runOrder++,
      };
      this.runs.set(name, state);
    } else if (!state.files.includes(path)) {
      state.files.push(path);
    }
    return state;
  }

  /** Records the stored size and SHA-256 of the file at `index`. */
  addDigest(index: number, digest: FileDigest): void {
    this.digests[index] = digest;
  }

  /** The runs and counts, for another builder to merge (typed arrays can be transferred). */
  exportState(): BuilderState {
    return {
      digests: this.digests.flatMap((digest, index) => (digest ? [[index, digest] as [number, FileDigest]] : [])),
      runs: [...this.runs.values()].map(({ run, files, fileOf, firstFile, order }) => ({ run, files, fileOf, firstFile, order })),
      records: this.records,
      unmatched: this.unmatched,
      hasProbabilities: this.hasProbabilities,
    };
  }

  /**
   * Merges the state of a builder that read other files of the same inputs (fixed classes
   * only). A row given twice for one run is the same error as when one builder reads both.
   */
  mergeState(other: BuilderState, idOf: (row: number) => string): void {
    if (!this.classIndex) throw new Error('mergeState needs a fixed class list');
    const k = this.classIndex.size;
    this.records += other.records;
    for (const [index, digest] of other.digests) this.digests[index] = digest;
    this.hasProbabilities ||= other.hasProbabilities;
    this.unmatched.count += other.unmatched.count;
    this.unmatched.examples = [...this.unmatched.examples, ...other.unmatched.examples]
      .sort((a, b) => this.paths.indexOf(a.path) - this.paths.indexOf(b.path) || a.line - b.line)
      .slice(0, MAX_JOIN_EXAMPLES);
    for (const incoming of other.runs) {
      const mine = this.runs.get(incoming.run.name);
      if (!mine) {
        this.runs.set(incoming.run.name, { ...incoming, deferred: null });
        continue;
      }
      const a = mine.run;
      const b = incoming.run;
      for (let row = 0; row < a.covered.length; row++) {
        if (!b.covered[row]) continue;
        if (a.covered[row]) {
          const [first, second] =
            mine.fileOf[row] < incoming.fileOf[row]
              ? [
                  [mine.fileOf[row], a.lines[row]],
                  [incoming.fileOf[row], b.lines[row]],
                ]
              : [
                  [incoming.fileOf[row], b.lines[row]],
                  [mine.fileOf[row], a.lines[row]],
                ];
          throw new InputError(
            `duplicate prediction for id "${idOf(row)}" in run "${a.name}": already given at ${this.paths[first[0]]}:${first[1]}${ONE_MODEL_PER_FILE}`,
            this.paths[second[0]],
            second[1],
          );
        }
        a.covered[row] = 1;
        a.lines[row] = b.lines[row];
        mine.fileOf[row] = incoming.fileOf[row];
        if (b.pred) (a.pred ??= new Int32Array(a.covered.length).fill(-1))[row] = b.pred[row];
        if (b.score) (a.score ??= new Float64Array(a.covered.length).fill(NaN))[row] = b.score[row];
        if (b.probs) {
          a.probs ??= new Float64Array(a.covered.length * k).fill(NaN);
          for (let c = 0; c < k; c++) a.probs[row * k + c] = b.probs[row * k + c];
        }
      }
      a.count += b.count;
      for (const file of incoming.files) if (!mine.files.includes(file)) mine.files.push(file);
      if (incoming.firstFile < mine.firstFile) {
        mine.firstFile = incoming.firstFile;
        mine.order = incoming.order;
        a.path = b.path;
      }
    }
    // The order one builder reading every file in turn would give: by first file, then appearance.
    const ordered = [...this.runs.entries()].sort(([, x], [, y]) => x.firstFile - y.firstFile || x.order - y.order);
    this.runs = new Map(ordered);
    sortFilesInPathOrder(this.runs, this.paths);
  }

  /** Adds one validated record; throws InputError naming the line for bad values. */
  add(record: PredictionRecord, path: string, line: number, defaultRun: string, defaultModel: string | null = null): void {
    this.records++;
    const id = typeof record.id === 'boolean' ? String(record.id) : record.id;
    if (typeof id === 'number' && Number.isInteger(id) && !Number.isSafeInteger(id)) {
      // JSON.parse has already rounded it: 9007199254740993 reads as ...992, another row's id.
      throw new InputError(
        `id ${String(id)} is a JSON number above 2^53, which cannot be read exactly and may join the wrong row; write ids as strings ("id": "...")`,
        path,
        line,
      );
    }
    let row: number;
    try {
      row = this.options.resolveRow(id);
    } catch (error) {
      // An id the join cannot decide (see resolverFromSpec): the error names this line.
      if (error instanceof InputError && error.file === undefined) throw new InputError(error.message, path, line);
      throw error;
    }
    const model = text(record.model) ?? defaultModel;
    const seedName = text(record.seed) ?? text(record.run) ?? defaultRun;
    const baseName = model === null ? seedName : `${model}/${seedName}`;
    let snapshot: string | null = null;
    for (const field of SNAPSHOT_FIELDS) {
      const value = text(record[field]);
      if (value !== null) {
        snapshot = `${field}=${value}`;
        break;
      }
    }
    const runName = snapshot === null ? baseName : `${baseName}${SNAPSHOT_SEPARATOR}${snapshot}`;
    if (row < 0) {
      this.unmatched.count++;
      if (this.unmatched.examples.length < MAX_JOIN_EXAMPLES) this.unmatched.examples.push({ path, line, id: String(id), run: runName });
      return;
    }
    const state = this.runState(runName, model, path);
    const run = state.run;
    if (run.covered[row]) {
      const where =
        state.fileOf[row] !== this.currentFile ? `at ${this.paths[state.fileOf[row]]}:${run.lines[row]}${ONE_MODEL_PER_FILE}` : `at line ${run.lines[row]}`;
      throw new InputError(
        `duplicate prediction for id "${String(id)}" in run "${runName.replace(SNAPSHOT_SEPARATOR, ' at ')}": already given ${where}`,
        path,
        line,
      );
    }
    run.covered[row] = 1;
    run.lines[row] = line;
    state.fileOf[row] = this.currentFile;
    run.count++;

    const label = text(record.label);
    if (label !== null && this.labelsFromPredictions) {
      const previous = this.labelsFromPredictions[row];
      if (previous !== null && previous !== label) {
        throw new InputError(`label "${label}" for id "${String(id)}" differs from label "${previous}" given at line ${this.labelLines![row]}`, path, line);
      }
      this.labelsFromPredictions[row] = label;
      this.labelLines![row] = line;
      this.inferredClasses.add(label);
    }

    const score = record.correct != null ? Number(record.correct) : (record.score ?? null);
    if (score !== null) {
      if (!run.score) run.score = new Float64Array(this.options.rowCount).fill(NaN);
      run.score[row] = score;
    }

    const vector = record.probs ?? record.logits ?? null;
    const isLogits = record.probs == null && record.logits != null;
    const pred = text(record.pred);
    if (state.deferred) {
      if (pred !== null) this.inferredClasses.add(pred);
      if (vector && !Array.isArray(vector)) for (const key of Object.keys(vector)) this.inferredClasses.add(key);
      state.deferred.push({ row, pred, probs: vector, logits: isLogits, line });
      return;
    }
    this.write(run, row, pred, vector, isLogits, path, line);
  }

  private aliases = new Map<string, number>();

  /**
   * The class index of a name from the predictions. Besides exact matches, the same number
   * written differently (`1` for `1.0`) and booleans in another case (`true` for `True`, as
   * pandas writes them) are the same class; a name that is neither is undefined.
   */
  private classCode(name: string): number | undefined {
    const exact = this.classIndex!.get(name);
    if (exact !== undefined) return exact;
    let alias = this.aliases.get(name);
    if (alias === undefined) {
      alias = -1;
      const numeric = name.trim() === '' ? NaN : Number(name);
      const lower = name.toLowerCase();
      for (const [candidate, index] of this.classIndex!) {
        const sameNumber = Number.isFinite(numeric) && candidate.trim() !== '' && Number(candidate) === numeric;
        const sameBoolean = (lower === 'true' || lower === 'false') && candidate.toLowerCase() === lower;
        if (sameNumber || sameBoolean) {
          alias = index;
          break;
        }
      }
      this.aliases.set(name, alias);
    }
    return alias >= 0 ? alias : undefined;
  }

  private write(
    run: Run,
    row: number,
    pred: string | null,
    vector: number[] | Record<string, number> | null,
    isLogits: boolean,
    path: string,
    line: number,
  ): void {
    const classIndex = this.classIndex!;
    const k = classIndex.size;
    if (pred !== null) {
      const code = this.classCode(pred);
      if (code === undefined) throw new InputError(`predicted class "${pred}" is not one of the classes (${preview([...classIndex.keys()])})`, path, line);
      if (!run.pred) run.pred = new Int32Array(this.options.rowCount).fill(-1);
      run.pred[row] = code;
    }
    if (vector) {
      if (!run.probs) {
        const cells = this.options.rowCount * k;
        if (cells > MAX_PROBABILITY_CELLS) {
          throw new InputError(
            `"${isLogits ? 'logits' : 'probs'}" for ${this.options.rowCount} rows x ${k} classes would take ${((cells * 8) / 1024 ** 3).toFixed(1)} GiB per run, more than the ${((MAX_PROBABILITY_CELLS * 8) / 1024 ** 3).toFixed(0)} GiB an audit holds; give "pred" without probabilities for this many classes, or group the rarest classes`,
            path,
            line,
          );
        }
        run.probs = new Float64Array(cells).fill(NaN);
      }
      this.hasProbabilities = true;
      const offset = row * k;
      const field = isLogits ? 'logits' : 'probs';
      if (Array.isArray(vector)) {
        run.probsByPosition = true;
        if (vector.length !== k)
          throw new InputError(
            `"${field}" has ${vector.length} values but there are ${k} classes (${preview([...classIndex.keys()])}); give --classes to set their order`,
            path,
            line,
          );
        for (let c = 0; c < k; c++) run.probs[offset + c] = vector[c];
      } else {
        for (let c = 0; c < k; c++) run.probs[offset + c] = 0;
        for (const key of Object.keys(vector)) {
          const code = this.classCode(key);
          if (code === undefined)
            throw new InputError(`"${field}" names class "${key}", which the labels do not have (${preview([...classIndex.keys()])})`, path, line);
          run.probs[offset + code] = vector[key];
        }
      }
      if (isLogits) softmaxInPlace(run.probs, offset, k);
      else normalizeProbabilities(run.probs, offset, k, path, line);
      if (pred === null) {
        if (!run.pred) run.pred = new Int32Array(this.options.rowCount).fill(-1);
        run.pred[row] = argmax(run.probs, offset, k);
      }
    }
  }

  /** Finishes the runs; returns the predictions and, when the data had none, labels taken from them. */
  build(classesOverride: string[] | null, positiveClass: string | null): { predictions: Predictions; labels: Labels | null } {
    if (!this.classIndex) {
      const classes = classesOverride ?? sortClasses(this.inferredClasses);
      this.classIndex = new Map(classes.map((c, i) => [c, i]));
      for (const state of this.runs.values()) {
        for (const record of state.deferred!) this.write(state.run, record.row, record.pred, record.probs, record.logits, state.run.path, record.line);
        state.deferred = null;
      }
    }
    const classes = [...this.classIndex.keys()];
    let labels: Labels | null = null;
    if (this.labelsFromPredictions && this.labelsFromPredictions.some((label) => label !== null)) {
      const codes = new Int32Array(this.options.rowCount).fill(-1);
      this.labelsFromPredictions.forEach((label, row) => {
        if (label === null) return;
        const code = this.classIndex!.get(label);
        if (code === undefined) throw new InputError(`label "${label}" is not one of the classes given with --classes`, undefined);
        codes[row] = code;
      });
      labels = { classes, codes, source: 'predictions', positiveClass: resolvePositive(classes, positiveClass) };
    }
    const { runs, snapshots } = groupSnapshots(
      [...this.runs.values()].map((state) => state.run),
      this.options.snapshot ?? null,
    );
    // Scores from hard predictions and labels are filled in by the caller once labels are final.
    const rows = this.options.rowCount;
    const uncoveredRows: number[] = [];
    let uncoveredCount = 0;
    for (let row = 0; row < rows; row++) {
      if (!runs.some((run) => run.covered[row])) {
        uncoveredCount++;
        if (uncoveredRows.length < MAX_JOIN_EXAMPLES) uncoveredRows.push(row);
      }
    }
    return {
      predictions: {
        paths: this.paths,
        digests: this.paths.map((_, index) => this.digests[index] ?? null),
        runs,
        snapshots,
        records: this.records,
        classes,
        hasProbabilities: this.hasProbabilities,
        unmatched: this.unmatched,
        // Every row is uncovered when no record matched (no run formed): that is what happened.
        uncovered: { count: uncoveredCount, rows: uncoveredRows },
      },
      labels,
    };
  }
}

/**
 * Runs whose records carry an epoch, step or checkpoint: each snapshot was collected as its own
 * run (`name\u0000epoch=3`); they are grouped per run in training order, and the last one (or
 * the one `chosen` names) becomes the run the other checks read. Numbers order numerically, other
 * names by first appearance. A run mixing records with and without snapshots is an error.
 */
export function groupSnapshots(collected: Run[], chosen: string | null): { runs: Run[]; snapshots: RunSnapshots[] | null } {
  const groups = new Map<string, { plain: Run | null; parts: { label: string; by: RunSnapshots['by']; run: Run }[] }>();
  for (const run of collected) {
    const at = run.name.indexOf(SNAPSHOT_SEPARATOR);
    const base = at < 0 ? run.name : run.name.slice(0, at);
    let group = groups.get(base);
    if (!group) groups.set(base, (group = { plain: null, parts: [] }));
    if (at < 0) group.plain = run;
    else {
      const [by, ...rest] = run.name.slice(at + 1).split('=');
      group.parts.push({ label: rest.join('='), by: by as RunSnapshots['by'], run });
    }
  }
  const runs: Run[] = [];
  const snapshots: RunSnapshots[] = [];
  for (const [base, group] of groups) {
    if (group.parts.length === 0) {
      runs.push(group.plain!);
      continue;
    }
    if (group.plain)
      throw new InputError(
        `run "${base}" mixes records with an epoch, step or checkpoint and records without one (line ${firstLine(group.plain)} of ${group.plain.path}): give every record of a run its snapshot, or none`,
      );
    const kinds = new Set(group.parts.map((p) => p.by));
    if (kinds.size > 1) throw new InputError(`run "${base}" numbers its snapshots by both ${[...kinds].join(' and ')}: use one field`);
    const numeric = group.parts.every((p) => p.label.trim() !== '' && Number.isFinite(Number(p.label)));
    const parts = numeric ? [...group.parts].sort((a, b) => Number(a.label) - Number(b.label)) : group.parts;
    let used = parts.length - 1;
    if (chosen !== null) {
      used = parts.findIndex((p) => p.label === chosen || (numeric && Number(p.label) === Number(chosen)));
      if (used < 0)
        throw new InputError(
          `--snapshot ${chosen}: run "${base}" has no snapshot ${parts[0].by} ${chosen} (it has ${parts
            .slice(0, 8)
            .map((p) => p.label)
            .join(', ')}${parts.length > 8 ? ', ...' : ''})`,
        );
    }
    for (const part of parts) part.run.name = base;
    runs.push(parts[used].run);
    snapshots.push({ run: base, model: parts[0].run.model, by: parts[0].by, labels: parts.map((p) => p.label), runs: parts.map((p) => p.run), used });
  }
  return { runs, snapshots: snapshots.length > 0 ? snapshots : null };
}

function firstLine(run: Run): number {
  for (let row = 0; row < run.lines.length; row++) if (run.covered[row]) return run.lines[row];
  return 0;
}

function preview(classes: string[]): string {
  const shown = classes
    .slice(0, 8)
    .map((c) => JSON.stringify(c))
    .join(', ');
  return classes.length > 8 ? `${shown}, ...` : shown;
}

/** Fills each run's per-example score from its predictions and the labels, where no score was given. */
export function scoreRunsAgainstLabels(runs: Run[], labels: Labels | null): void {
  if (!labels) return;
  for (const run of runs) {
    if (run.score || !run.pred) continue;
    const score = new Float64Array(labels.codes.length).fill(NaN);
    for (let row = 0; row < labels.codes.length; row++) {
      if (run.covered[row] && labels.codes[row] >= 0 && run.pred[row] >= 0) score[row] = run.pred[row] === labels.codes[row] ? 1 : 0;
    }
    run.score = score;
  }
}

/** Predictions from in-memory records (tests, and data that arrives already parsed). */
export function predictionsFromRecords(
  records: readonly Record<string, unknown>[],
  options: { rowCount: number; classes: string[] | null; labels?: Labels | null; path?: string; positiveClass?: string | null },
): { predictions: Predictions; labels: Labels | null } {
  const path = options.path ?? '<memory>';
  const builder = new PredictionBuilder({
    rowCount: options.rowCount,
    resolveRow: (id) => {
      const row = typeof id === 'number' ? id : Number(id);
      return Number.isInteger(row) && row >= 0 && row < options.rowCount ? row : -1;
    },
    classes: options.labels?.classes ?? options.classes,
    dataHasLabels: Boolean(options.labels),
  });
  builder.addPath(path);
  records.forEach((raw, index) => {
    builder.add(toPredictionRecord(raw, path, index + 1), path, index + 1, 'run');
  });
  const built = builder.build(options.classes, options.positiveClass ?? null);
  const labels = options.labels ?? built.labels;
  scoreRunsAgainstLabels(built.predictions.runs, labels);
  return { predictions: built.predictions, labels };
}
