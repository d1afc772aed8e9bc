/**
 * The inputs of an audit of lm-evaluation-harness samples: `audit PATH...` with samples files or
 * output directories and no data file (the rows are the docs), or a data file joined by `doc_id`.
 */
import { InputError } from '../../errors.js';
import type { DataTable } from '../../data/table.js';
import type { Labels, Predictions, Roles } from '../../data/model.js';
import { detectRoles } from '../../data/roles.js';
import { labelsFromColumn } from '../../data/labels.js';
import { isLmEvalPath } from './files.js';
import { choiceLetter, lmEvalPredictions, loadLmEvalData, type LmEvalTaskSummary } from './load.js';
import { rowResolver } from '../prediction-file.js';

export interface LmEvalAudit {
  data: DataTable | null;
  roles: Roles | null;
  labels: Labels | null;
  predictions: Predictions;
  summary: LmEvalTaskSummary[];
}

export interface LmEvalOverrides {
  textCol?: string;
  sliceCols?: string[];
  positiveClass?: string;
}

/** Which of the paths are harness samples (files or directories holding them). */
export async function lmEvalPaths(paths: readonly string[]): Promise<boolean[]> {
  return Promise.all(paths.map((path) => isLmEvalPath(path)));
}

/** Labels of the `label` column in choice order (A, B, ...); null when no doc is multiple choice. */
function choiceLabels(data: DataTable, roles: Roles, maxChoices: number, positiveClass: string | null): Labels | null {
  if (!roles.label || maxChoices === 0) return null;
  const classes = Array.from({ length: maxChoices }, (_, i) => choiceLetter(i));
  const { unknown: _unknown, ...labels } = labelsFromColumn(data.column(roles.label)!, classes, positiveClass);
  return labels;
}

/**
 * Where benchmarks keep the input the model answers, tried before the generic text names: GPQA's
 * `Question` (not its longer `Explanation`), MATH's `problem` (not its `solution`, which holds the
 * answer), Winogrande's `sentence`, and the usual names of other tasks.
 */
const BENCHMARK_TEXT_FIELDS = [
  'question',
  'query',
  'problem',
  'sentence',
  'prompt',
  'input',
  'instruction',
  'ctx',
  'context',
  'passage',
  'premise',
  'goal',
  'text',
];

/** Samples as the data and the runs: one row per task and doc, the doc's fields as `doc.<field>` columns, task and group as slices. */
export async function lmEvalAudit(paths: readonly string[], overrides: LmEvalOverrides): Promise<LmEvalAudit & { data: DataTable; roles: Roles }> {
  const inputs = await loadLmEvalData(paths);
  const data = inputs.data;
  const sliceCols = [...new Set([...(overrides.sliceCols ?? []), 'task', ...(data.column('group') ? ['group'] : [])])];
  const roles = {
    ...detectRoles(data, {
      idCol: 'id',
      labelCol: data.column('label') ? 'label' : null,
      textCol: overrides.textCol,
      splitCol: null,
      sliceCols,
      textNames: BENCHMARK_TEXT_FIELDS.map((field) => `doc.${field}`),
    }),
    benchmark: {
      harness: 'lm-evaluation-harness',
      taskColumn: 'task',
      ...(data.column('reference') ? { answerColumn: 'reference' } : {}),
      itemColumns: data.columns.map((column) => column.name).filter((name) => name.startsWith('doc.')),
    },
  };
  const labels = choiceLabels(data, roles, inputs.maxChoices, overrides.positiveClass ?? null);
  const { predictions, summary } = lmEvalPredictions(inputs, labels);
  return { data, roles, labels, predictions, summary };
}

/** Samples joined to a data file by `doc_id` (one task's samples: doc ids repeat across tasks). */
export async function lmEvalJoined(paths: readonly string[], data: DataTable, roles: Roles, labels: Labels | null): Promise<LmEvalAudit> {
  const inputs = await loadLmEvalData(paths);
  const tasks = new Set(inputs.files.map((file) => file.task));
  if (tasks.size > 1)
    throw new InputError(
      `the samples hold ${tasks.size} tasks (${[...tasks].slice(0, 4).join(', ')}${tasks.size > 4 ? ', ...' : ''}), whose doc_ids repeat: join one task's samples to a data file, or give the samples without a data file (their docs are the rows)`,
      data.path,
    );
  const resolve = rowResolver(data, roles);
  const keys = new Map<string, number>();
  for (const [key] of inputs.keys) keys.set(key, resolve(key.slice(key.indexOf(':') + 1)));
  const { predictions, summary } = lmEvalPredictions({ ...inputs, data, keys }, labels);
  return { data: null, roles: null, labels, predictions, summary };
}
