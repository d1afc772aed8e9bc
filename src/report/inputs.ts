/** The report's `inputs` section: what was read, from where, with which roles, digests and counts. */
import { toPlainJson } from '../checks/run.js';
import type { DataTable } from '../data/table.js';
import type { Embeddings } from '../data/embeddings.js';
import type { Labels, Predictions, Roles } from '../data/model.js';
import type { TrainingLogs } from '../data/training-log.js';
import type { LmEvalTaskSummary } from '../io/lm-eval/load.js';
import type { Report } from './schema.js';

/** The inputs an audit loaded, as the report describes them. */
export interface LoadedInputs {
  data: DataTable;
  roles: Roles;
  labels: Labels | null;
  predictions: Predictions | null;
  train: { data: DataTable; roles: Roles } | null;
  logs: TrainingLogs | null;
  embeddings: Embeddings | null;
  lmEvalSummary: LmEvalTaskSummary[] | null;
  /** OpenCompass's partial (`tmp_`) prediction files found in the directories given and not read. */
  partialFiles?: string[];
}

/** The benchmark's roles as the report gives them: the item columns (every doc field) are left out. */
function reportedBenchmark({ itemColumns: _itemColumns, ...benchmark }: NonNullable<Roles['benchmark']>): Omit<NonNullable<Roles['benchmark']>, 'itemColumns'> {
  return benchmark;
}

function dataInputs({ data, roles, labels, predictions }: LoadedInputs) {
  return {
    path: data.path,
    format: data.format,
    rows: data.rowCount,
    columns: data.columns.map((column) => column.name),
    roles: {
      id: roles.id,
      label: roles.label,
      text: roles.text,
      split: roles.split,
      slices: roles.slices,
      features: roles.features,
      assignments: roles.assignments,
      ...(roles.freeFormAnswers ? { freeFormAnswers: roles.freeFormAnswers } : {}),
      ...(roles.benchmark ? { benchmark: reportedBenchmark(roles.benchmark) } : {}),
    },
    classes: labels?.classes ?? predictions?.classes ?? null,
    labelSource: labels?.source ?? null,
    positiveClass: labels && labels.positiveClass >= 0 ? labels.classes[labels.positiveClass] : null,
    renamedHeaders: [...data.renamedHeaders],
    raggedRows: data.raggedRows.length,
    blankLines: data.blankLines,
    bytes: data.read?.sha256 ? (data.read.storedBytes ?? null) : null,
    sha256: data.read?.sha256 ?? null,
  };
}

function predictionInputs({ predictions, lmEvalSummary, partialFiles }: LoadedInputs) {
  return {
    paths: predictions?.paths ?? [],
    runs: (predictions?.runs ?? []).map((r) => ({
      name: r.name,
      model: r.model,
      path: r.path,
      rows: r.count,
      probabilities: r.probs !== null,
      hardPredictions: r.pred !== null,
      scores: r.score !== null,
    })),
    records: predictions?.records ?? 0,
    ...(predictions?.modelsFromFiles ? { modelsFromFiles: predictions.modelsFromFiles } : {}),
    ...(predictions?.configurationsFromRunNames ? { configurationsFromRunNames: predictions.configurationsFromRunNames } : {}),
    unmatchedRecords: predictions?.unmatched.count ?? 0,
    rowsWithoutPredictions: predictions?.uncovered.count ?? 0,
    files: (predictions?.paths ?? []).map((path, i) => ({
      path,
      bytes: predictions!.digests[i]?.bytes ?? null,
      sha256: predictions!.digests[i]?.sha256 ?? null,
    })),
    snapshots: (predictions?.snapshots ?? []).map((s) => ({
      run: s.run,
      by: s.by,
      count: s.labels.length,
      first: s.labels[0],
      last: s.labels[s.labels.length - 1],
      used: s.labels[s.used],
    })),
    ...(lmEvalSummary ? { lmEval: lmEvalSummary } : {}),
    ...(partialFiles && partialFiles.length > 0 ? { partialFiles } : {}),
  };
}

function logInputs(logs: TrainingLogs | null) {
  return logs
    ? {
        paths: logs.paths,
        runs: logs.logs.map((log) => ({
          run: log.run,
          format: log.format,
          files: log.files ?? [log.path],
          series: log.series.map((s) => s.tag),
          truncated: log.truncated !== null,
          ...(log.unreadFields ? { unreadFields: log.unreadFields } : {}),
        })),
      }
    : null;
}

function embeddingInputs(embeddings: Embeddings | null) {
  return embeddings
    ? {
        path: embeddings.source.path,
        format: embeddings.source.format,
        field: embeddings.source.field,
        rows: embeddings.rows,
        dimensions: embeddings.dimensions,
        rowsWithoutVector: embeddings.missingRows,
        bytes: embeddings.digest?.bytes ?? null,
        sha256: embeddings.digest?.sha256 ?? null,
      }
    : null;
}

/** The report's `inputs`. Column names, class names, run names and paths are data text too: sanitised like the findings. */
export function reportInputs(inputs: LoadedInputs): Report['inputs'] {
  const { train } = inputs;
  return toPlainJson({
    data: dataInputs(inputs),
    predictions: predictionInputs(inputs),
    logs: logInputs(inputs.logs),
    embeddings: embeddingInputs(inputs.embeddings),
    train: train ? { path: train.data.path, rows: train.data.rowCount } : null,
  }) as Report['inputs'];
}
