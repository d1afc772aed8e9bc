/**
 * What the loaders produce for the checks: roles of the data columns, the labels, and the
 * prediction runs aligned to data rows. Everything is indexed by the 0-based data row.
 */

export type Role = 'id' | 'label' | 'text' | 'split' | 'slice' | 'feature' | 'embedding' | 'ignored';

/** Which column got which role, and why (shown in the report as `inputs.data.roles`). */
export interface RoleAssignment {
  column: string;
  role: Role;
  reason: string;
}

/** A column named like a label whose values are free-form answers (a generation task), not classes. */
export interface FreeFormAnswers {
  column: string;
  distinct: number;
  rows: number;
  /** A few of its values, as in the file. */
  examples: string[];
}

export interface Roles {
  id: string | null;
  label: string | null;
  text: string | null;
  split: string | null;
  slices: string[];
  features: string[];
  assignments: RoleAssignment[];
  /** Set when the column named like a label holds free-form answers and was not taken as the label. */
  freeFormAnswers?: FreeFormAnswers;
  /**
   * Set when the rows are the items of a benchmark as an evaluation harness logged them
   * (lm-evaluation-harness samples): every row is an evaluation item, none is training data;
   * `taskColumn` names each item's task (subtask), over which accuracies are pooled.
   */
  benchmark?: {
    harness: string;
    /** Null when a data file was joined to one task's samples: every row is of that task. */
    taskColumn: string | null;
    /** The column of each item's reference answer (generation tasks, which have no classes). */
    answerColumn?: string;
    /** The columns that describe each item (the doc's fields), its answer included. */
    itemColumns?: string[];
  };
}

/** Labels as class indices. `classes` are sorted unless `--classes` gave an order. */
export interface Labels {
  classes: string[];
  /** Class index per data row, -1 when the row has no label. */
  codes: Int32Array;
  /** Where the labels came from: the data column's name, or `predictions`. */
  source: string;
  /** Index of the positive class for binary metrics, or -1. */
  positiveClass: number;
}

/** One training run (seed) of predictions, aligned to the data rows. */
export interface Run {
  /** `model/seed` when the run belongs to a named model, else the seed or run name. */
  name: string;
  /** The model this run trains (records' `model`, or `--model NAME=FILE`); null when not named. Runs of one model are its seeds. */
  model: string | null;
  /** Prediction file this run came from. */
  path: string;
  /** 1 where this run has a record for the data row. */
  covered: Uint8Array;
  /** Number of data rows this run covers. */
  count: number;
  /** Predicted class index per row (-1 where absent). Derived from probs when only probs were given. */
  pred: Int32Array | null;
  /** Row-major probabilities, rowCount x classes.length (NaN where absent); null without probabilities. */
  probs: Float64Array | null;
  /** True when some probabilities came as arrays (or a .npy matrix): their columns are in an order the file does not name. */
  probsByPosition?: boolean;
  /** Per-example correctness or score in [0, 1] (NaN where absent): from `correct`/`score`, or from pred vs label. */
  score: Float64Array | null;
  /** 1-based line in the prediction file of each row's record (0 where absent). */
  lines: Int32Array;
  /**
   * Set for an evaluation of a prompted model (lm-evaluation-harness samples): its configuration
   * (model, n-shot setting, filter). Runs of other configurations are not seeds of one model; runs of
   * one configuration are the same evaluation repeated.
   */
  configuration?: string;
}

/** A prediction record whose id matched no data row, or a data row without a prediction. */
export interface JoinIssue {
  path: string;
  line: number;
  id: string;
  run?: string;
}

/** An input file as stored: its size in bytes and SHA-256 (hex). */
export interface FileDigest {
  bytes: number;
  sha256: string;
}

/**
 * The snapshots of one run: its predictions at several epochs (or steps, or checkpoints), in
 * training order. `runs` holds each snapshot as a Run; the run in `Predictions.runs` is the one
 * the other checks use (the last, unless --snapshot chose another).
 */
export interface RunSnapshots {
  run: string;
  model: string | null;
  /** What the snapshots are numbered by. */
  by: 'epoch' | 'step' | 'checkpoint';
  labels: string[];
  runs: Run[];
  /** Index in `labels` of the snapshot the other checks use. */
  used: number;
}

export interface Predictions {
  paths: string[];
  /** Runs whose records carry an epoch, step or checkpoint; null when none does. */
  snapshots?: RunSnapshots[] | null;
  /** Size and SHA-256 of each prediction file (null where unknown). */
  digests: (FileDigest | null)[];
  runs: Run[];
  records: number;
  /** The class list in force (shared with Labels). */
  classes: string[];
  hasProbabilities: boolean;
  /** Records whose id matched no data row (first examples) and how many in all. */
  unmatched: { count: number; examples: JoinIssue[] };
  /** Data rows that no run covers (count, and the first rows). */
  uncovered: { count: number; rows: number[] };
  /** Set when each file was taken as one model (several files of several runs, no model named): the models, in file order. */
  modelsFromFiles?: string[];
  /** Set when the run names state two or more evaluation settings (n-shot, prompt variant): the configurations they were grouped into. */
  configurationsFromRunNames?: string[];
}
