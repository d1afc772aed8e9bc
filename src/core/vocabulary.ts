/**
 * The names every layer shares, each defined once: severities, the gate's thresholds, the
 * languages of the human-readable output, the task domains of the remedies and what a check can
 * need from the inputs.
 */

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** `--fail-on`: a severity, or `none` for a gate that never fails. */
export const FAIL_ON = [...SEVERITIES, 'none'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** What a report can be rendered as (`-f`, and by extension for `-o`). */
export const FORMATS = ['text', 'json', 'markdown', 'sarif', 'junit', 'github', 'html'] as const;
export type Format = (typeof FORMATS)[number];
/** Other names of the formats, as -f takes them and as -o's extensions give them. */
export const FORMAT_ALIASES: Readonly<Record<string, Format>> = {
  md: 'markdown',
  markdown: 'markdown',
  xml: 'junit',
  junit: 'junit',
  sarif: 'sarif',
  json: 'json',
  txt: 'text',
  text: 'text',
  github: 'github',
  html: 'html',
  htm: 'html',
};

export const LANGS = ['en', 'zh'] as const;
export type Lang = (typeof LANGS)[number];

export const TASKS = ['nlp', 'vision', 'tabular', 'llm'] as const;
export type Task = (typeof TASKS)[number];

/** What a check needs from the inputs; a check whose needs are unmet is skipped with the reason. */
/** Split values (case-insensitive) that name the training split, unless the leakage check's `trainNames` says otherwise. */
export const TRAINING_SPLIT_NAMES = ['train', 'training'] as const;

export const NEEDS = [
  'labels', // a label column, or labels in the predictions
  'predictions', // at least one run
  'probabilities', // runs with class probabilities
  'multipleRuns', // two or more runs
  'outcomes', // labels, or per-example correctness (correct/score) in every run
  'text', // a text column
  'textOrEmbeddings', // a text column, or embeddings
  'split', // a split column (or --train)
  'slices', // declared slice columns
  'baseline', // runs of the baseline model (--baseline-runs) and runs of another model
  'logs', // training logs (--logs)
  'snapshots', // prediction records at several epochs or steps of a run
  'embeddings', // one vector per data row (--embeddings, --embedding-col)
] as const;

/** The model name of the runs a candidate is compared with (--baseline-runs, or records' "model"). */
export const BASELINE_MODEL = 'baseline';
export type Need = (typeof NEEDS)[number];
