import { z } from 'zod';
import { FAIL_ON, LANGS, SEVERITIES } from '../core/vocabulary.js';
import { GAIN_BASES, REMEDY_OUTCOMES, type GainBasis, type RemedyOutcome } from '../checks/types.js';

/**
 * The JSON report contract that other tools rely on (README, "Three ways to use it"; `audit schema`
 * prints it as JSON Schema). Keys are added, never renamed.
 */
export const SCHEMA_VERSION = 1;

const json: z.ZodType<unknown> = z.lazy(() => z.union([z.null(), z.boolean(), z.number(), z.string(), z.array(json), z.record(z.string(), json)]));
const metrics = z.record(z.string(), json);

export const severitySchema = z.enum(SEVERITIES);
export const failOnSchema = z.enum(FAIL_ON);

const roleAssignment = z.object({
  column: z.string(),
  role: z.enum(['id', 'label', 'text', 'split', 'slice', 'feature', 'embedding', 'ignored']),
  reason: z.string(),
});

export const exampleSchema = z.object({ row: z.number().int().min(0), line: z.number().int().min(1), id: z.string().optional() }).catchall(json);

export const findingSchema = z.object({
  id: z.string(),
  check: z.string(),
  severity: severitySchema,
  title: z.string(),
  summary: z.string(),
  metrics,
  examples: z.array(exampleSchema),
  /** Present when title and summary are in another language than the report's (a plugin that gives English only). */
  lang: z.enum(LANGS).optional(),
  /** With --baseline-report: how this finding compares with the baseline's. */
  baseline: z
    .object({
      state: z.enum(['new', 'unchanged', 'worse', 'better']),
      previousSeverity: severitySchema.nullable(),
      changes: z.record(z.string(), z.tuple([z.number(), z.number()])).describe('Top-level numeric metrics that moved: [baseline, now]'),
    })
    .optional(),
});

export const checkOutcomeSchema = z.object({
  status: z.enum(['ok', 'findings', 'skipped', 'error']),
  reason: z.string().optional(),
  metrics,
  durationMs: z
    .number()
    .min(0)
    .optional()
    .describe('Wall time of the check in milliseconds (with --timing only); shared values a check computes first are counted in its time'),
});

export const expectedGainSchema = z
  .object({
    metric: z
      .string()
      .describe(
        'What improves: accuracy (points on data like the evaluation rows), overstatement / understatement (points the reported accuracy is off), logLoss (held-out log loss removed)',
      ),
    value: z.number().describe('Central value as a fraction (0.021 = 2.1 points); for an upper bound, the bound'),
    interval: z.tuple([z.number(), z.number()]).nullable().describe('95% interval of the value, as fractions; null when none is known'),
    unit: z.literal('fraction'),
    basis: z
      .enum(GAIN_BASES as unknown as [GainBasis, ...GainBasis[]])
      .describe('measured on these inputs, estimated (e.g. on a proxy model), an upper bound, or not estimable'),
    method: z.string().describe('How it was obtained, in one sentence of the report language'),
    standardError: z.number().optional(),
    rows: z.number().int().min(0).optional().describe('Rows behind the value (e.g. training rows a data fix changes)'),
  })
  .catchall(json);

export const remedySchema = z
  .object({
    rank: z.number().int().min(1),
    id: z.string(),
    title: z.string(),
    outcome: z
      .enum(REMEDY_OUTCOMES as unknown as [RemedyOutcome, ...RemedyOutcome[]])
      .describe('What it improves; remedies are grouped by outcome and never compared across outcomes'),
    score: z.number().describe('The rank key within its outcome: the expected gain in points, shrunk by its noise (0 when not estimable)'),
    recommended: z.boolean().describe('False when its estimate says it does not help here'),
    why: z.array(z.string()),
    evidence: z.string(),
    expectedGain: expectedGainSchema.optional().describe('Every accuracy, honesty and probability remedy has one; process advice has none'),
    steps: z.array(z.string()),
    references: z.array(z.string()),
  })
  .catchall(json);

export const reportSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  tool: z.object({ name: z.literal('trainaudit'), version: z.string() }),
  inputs: z.object({
    data: z.object({
      path: z.string(),
      format: z.string(),
      rows: z.number().int().min(0),
      columns: z.array(z.string()),
      roles: z.object({
        id: z.string().nullable(),
        label: z.string().nullable(),
        text: z.string().nullable(),
        split: z.string().nullable(),
        slices: z.array(z.string()),
        features: z.array(z.string()),
        assignments: z.array(roleAssignment),
        freeFormAnswers: z
          .object({ column: z.string(), distinct: z.number().int(), rows: z.number().int(), examples: z.array(z.string()) })
          .optional()
          .describe(
            'A column named like a label whose values are free-form answers (more than 20 distinct values, fewer than 3 rows each): a generation task; not taken as the label',
          ),
        benchmark: z
          .object({ harness: z.string(), taskColumn: z.string().nullable(), answerColumn: z.string().optional() })
          .optional()
          .describe(
            'Set when the rows are benchmark items logged by an evaluation harness: every row is an evaluation item, none is training data; taskColumn names the task (subtask) of each item (null for a data file joined to the samples of one task); answerColumn, when set, holds the reference answers of a generation task',
          ),
      }),
      classes: z.array(z.string()).nullable(),
      labelSource: z.string().nullable(),
      positiveClass: z.string().nullable(),
      renamedHeaders: z.array(z.object({ original: z.string(), renamed: z.string(), position: z.number() })),
      raggedRows: z.number().int().min(0),
      /** Blank lines skipped in a CSV/TSV data file (a line holding only "" reads the same). */
      blankLines: z.number().int().min(0),
      bytes: z
        .number()
        .int()
        .min(0)
        .nullable()
        .optional()
        .describe('Size of the data file as stored (before gunzip); null when not known; absent in reports of versions before it'),
      sha256: z.string().nullable().optional().describe('SHA-256 of the data file as stored (hex): what a baseline report is matched against'),
    }),
    predictions: z.object({
      paths: z.array(z.string()),
      runs: z.array(
        z.object({
          name: z.string(),
          model: z.string().nullable().describe("The model the run belongs to (records' `model` or `--model`), null when not named"),
          path: z.string(),
          rows: z.number().int(),
          probabilities: z.boolean(),
          hardPredictions: z.boolean(),
          scores: z.boolean(),
        }),
      ),
      records: z.number().int().min(0),
      modelsFromFiles: z
        .array(z.string())
        .optional()
        .describe(
          'Set when each prediction file was taken as one model (several files of several runs, no model named in the records or by --model): the models, in file order',
        ),
      configurationsFromRunNames: z
        .array(z.string())
        .optional()
        .describe(
          'Set when the run names state two or more evaluation settings of a prompted model (0-shot and 5-shot, prompt-a and prompt-b): the configurations the runs were grouped into; runs of one configuration are that evaluation repeated, never seeds',
        ),
      unmatchedRecords: z.number().int().min(0),
      rowsWithoutPredictions: z.number().int().min(0),
      files: z
        .array(z.object({ path: z.string(), bytes: z.number().int().min(0).nullable(), sha256: z.string().nullable() }))
        .optional()
        .describe('Each prediction file as stored: size and SHA-256'),
      snapshots: z
        .array(
          z.object({
            run: z.string(),
            by: z.enum(['epoch', 'step', 'checkpoint']),
            count: z.number().int().min(1),
            first: z.string(),
            last: z.string(),
            used: z.string().describe('The snapshot the checks other than training-dynamics read'),
          }),
        )
        .optional()
        .describe('Runs whose records carry an epoch, step or checkpoint: their snapshots'),
      lmEval: z
        .array(
          z.object({
            configuration: z
              .string()
              .describe(
                'Model, n-shot setting and filter (and acc_norm for the length-normalised ranking): runs of other configurations are never seeds of one model',
              ),
            run: z.string().describe('The time stamp of the samples file: runs of one configuration are that evaluation repeated'),
            task: z.string(),
            group: z.string().nullable(),
            nShot: z.number().int().nullable(),
            filter: z.string(),
            metric: z.string(),
            samples: z.number().int().min(0),
            accuracy: z.number().describe("Mean of the harness's per-sample metric over this run's samples of the task"),
            harness: z.number().nullable().describe('The figure the harness wrote for metric,filter in its results file; null without one'),
            reportedIn: z.string().optional().describe("OpenCompass: the file the harness figure was read from (the results file, else the run's summary)"),
            answersFrom: z
              .enum(['results-details', 'prediction-text'])
              .optional()
              .describe(
                "OpenCompass: every answer's verdict is the evaluation's own (per-sample details of its results file), or some are read from the prediction text",
              ),
            evaluationVerdicts: z.number().int().min(0).optional().describe("OpenCompass: how many items' verdicts are the evaluation's own"),
            recomputedAgreement: z
              .number()
              .optional()
              .describe(
                "Multiple choice: share of samples where the argmax of the (length-normalised) log-likelihoods against the gold agrees with the harness's per-sample metric",
              ),
            generation: z
              .object({ exact: z.number(), normalized: z.number(), numeric: z.number().nullable(), numericSamples: z.number().int(), tokenF1: z.number() })
              .optional()
              .describe('Generation: exact, normalised (SQuAD), numeric (last number) and token-F1 match of the filtered responses against the reference'),
            file: z.string(),
          }),
        )
        .optional()
        .describe('lm-evaluation-harness samples or OpenCompass predictions: per run and task, the accuracy and the figure the harness reported'),
      partialFiles: z
        .array(z.string())
        .optional()
        .describe("OpenCompass's partial prediction files (tmp_<dataset>.json, written while inference runs) found in the directories given and not read"),
    }),
    logs: z
      .object({
        paths: z.array(z.string()),
        runs: z.array(
          z.object({
            run: z.string(),
            format: z.string(),
            files: z.array(z.string()),
            series: z.array(z.string()),
            truncated: z.boolean(),
            unreadFields: z
              .array(z.string())
              .optional()
              .describe('Fields of the log that never hold a number (a confusion matrix, a list of per-class scores): not read as curves'),
          }),
        ),
      })
      .nullable()
      .optional()
      .describe('Training logs given with --logs: one entry per run, with the files and the curves read'),
    embeddings: z
      .object({
        path: z.string(),
        format: z.enum(['npy', 'npz', 'parquet', 'arrow', 'column']),
        field: z.string().nullable().describe('The array of an .npz, or the vector column'),
        rows: z.number().int().min(0),
        dimensions: z.number().int().min(1),
        rowsWithoutVector: z.number().int().min(0),
        bytes: z.number().int().min(0).nullable(),
        sha256: z.string().nullable(),
      })
      .nullable()
      .optional()
      .describe('Embeddings given with --embeddings or --embedding-col: one vector per data row'),
    train: z.object({ path: z.string(), rows: z.number().int() }).nullable(),
  }),
  options: z.object({
    checks: z.array(z.string()),
    task: z.string().nullable(),
    lang: z.enum(LANGS),
  }),
  checks: z.record(z.string(), checkOutcomeSchema),
  findings: z.array(findingSchema),
  remedies: z.array(remedySchema),
  summary: z.object({
    findings: z.number().int().min(0),
    bySeverity: z.object(Object.fromEntries(SEVERITIES.map((s) => [s, z.number().int().min(0)])) as Record<(typeof SEVERITIES)[number], z.ZodNumber>),
    gate: z.object({
      failOn: failOnSchema,
      passed: z.boolean(),
      scope: z.enum(['all', 'new-and-worse']).optional().describe('With a baseline report, the gate counts only new and worse findings unless --gate all'),
    }),
  }),
  /** With --baseline-report: what the baseline was and which of its findings are gone. */
  baseline: z
    .object({
      path: z.string(),
      sameData: z.boolean().nullable(),
      counts: z.object({ new: z.number().int(), unchanged: z.number().int(), worse: z.number().int(), better: z.number().int() }),
      disappeared: z.array(z.object({ id: z.string(), severity: severitySchema, title: z.string() })),
    })
    .optional(),
});

export type Report = z.output<typeof reportSchema>;
export type Remedy = z.output<typeof remedySchema>;

/** The JSON Schema of the report, generated from the zod schema (`audit schema`). */
export function reportJsonSchema(): unknown {
  const schema = z.toJSONSchema(reportSchema, { target: 'draft-2020-12', unrepresentable: 'any' }) as Record<string, unknown>;
  return { title: 'trainaudit report (schemaVersion 1)', ...schema };
}
