/**
 * The text formats of training logs: Hugging Face's `trainer_state.json`, CSV logs (Lightning's
 * CSVLogger `metrics.csv` with its sparse rows, Keras' CSVLogger, Ultralytics' `results.csv`) and
 * a generic JSONL of `{run, step, epoch?, split?, metric, value}`. Python writes NaN and Infinity
 * as bare words in JSON and as `nan`/`inf` in CSV; they are read as the numbers they stand for,
 * since a diverged run is what the curves check must see.
 */
import { InputError } from '../../errors.js';
import { SeriesCollector, type LogFormat, type TrainingLog } from '../../data/training-log.js';
import { parseDelimited } from '../csv.js';
import { forEachLine, openSource } from '../source.js';

/** Python's json writes NaN, Infinity and -Infinity as bare words: made strings so JSON.parse reads them. */
const NUMBER_WORD = '__trainaudit_number__:';
const PYTHON_NUMBER_WORDS = /"(?:[^"\\]|\\.)*"|(-?Infinity|NaN)/g;
function parsePythonJson(text: string): unknown {
  return JSON.parse(text.replace(PYTHON_NUMBER_WORDS, (match, word: string | undefined) => (word ? `"${NUMBER_WORD}${word}"` : match)));
}

/** A logged value as a number: numbers, Python's NaN/Infinity words, `nan`/`inf` text; null when it is not a number. */
export function logNumber(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return null;
  const word = value.startsWith(NUMBER_WORD) ? value.slice(NUMBER_WORD.length) : value.trim();
  if (word === '') return null;
  const lower = word.toLowerCase();
  if (lower === 'nan' || lower === '-nan') return NaN;
  if (lower === 'inf' || lower === 'infinity' || lower === '+inf') return Infinity;
  if (lower === '-inf' || lower === '-infinity') return -Infinity;
  const n = Number(word);
  return Number.isFinite(n) ? n : null;
}

function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The line of a JSON.parse error: from its position, else from the excerpt Node quotes. */
function errorLine(text: string, message: string): number | undefined {
  const position = /position (\d+)/.exec(message);
  if (position) return lineOfOffset(text, Number(position[1]));
  const excerpt = /"(?:\.\.\.)?([\s\S]*?)(?:\.\.\.)?" is not valid JSON/.exec(message);
  if (!excerpt || excerpt[1].length < 4) return undefined;
  const at = text.indexOf(excerpt[1]);
  return at < 0 ? undefined : lineOfOffset(text, at + excerpt[1].length - 1);
}

async function readText(path: string): Promise<string> {
  const source = await openSource(path);
  const parts: string[] = [];
  for await (const chunk of source.chunks()) parts.push(chunk);
  return parts.join('');
}

/** Hugging Face Trainer's `trainer_state.json` (a small JSON document: read whole). */
export async function readTrainerState(path: string, run: string): Promise<TrainingLog> {
  const text = await readText(path);
  let state: unknown;
  try {
    state = parsePythonJson(text);
  } catch (error) {
    throw new InputError(`invalid JSON in trainer_state.json: ${(error as Error).message}`, path, errorLine(text, (error as Error).message));
  }
  if (state === null || typeof state !== 'object' || !Array.isArray((state as { log_history?: unknown }).log_history)) {
    throw new InputError('not a Hugging Face trainer_state.json: no "log_history" array', path);
  }
  const { log_history: history, best_metric: bestMetric, best_model_checkpoint: bestCheckpoint, best_global_step: bestStep } = state as Record<string, unknown>;
  const collector = new SeriesCollector();
  // Values that are not numbers, by field: the first one's entry and what it is.
  const notNumbers = new Map<string, { index: number; what: string }>();
  (history as unknown[]).forEach((entry, index) => {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw new InputError(`log_history[${index}] is not an object`, path);
    const record = entry as Record<string, unknown>;
    const step = logNumber(record.step);
    if (step === null || !Number.isFinite(step)) throw new InputError(`log_history[${index}] has no numeric "step"`, path);
    const epoch = logNumber(record.epoch) ?? NaN;
    for (const [key, raw] of Object.entries(record)) {
      if (key === 'step' || key === 'epoch') continue;
      const value = logNumber(raw);
      if (value !== null) collector.add(key, step, epoch, value);
      else if (raw !== null && !notNumbers.has(key)) notNumbers.set(key, { index, what: describeValue(raw) });
    }
  });
  // A loss, or a field that is a number elsewhere in the log, holding something else is a malformed
  // log; a field that never holds a number (a confusion matrix, a list of per-class scores) is no
  // curve, and the report lists it as unread.
  const unreadFields: string[] = [];
  for (const [key, { index, what }] of notNumbers) {
    if (/loss/i.test(key) || collector.has(key)) throw new InputError(`log_history[${index}] field ${JSON.stringify(key)} is ${what}, not a number`, path);
    unreadFields.push(key);
  }
  const checkpoint = typeof bestCheckpoint === 'string' ? bestCheckpoint : null;
  const stepFromName = checkpoint ? /checkpoint-(\d+)/.exec(checkpoint) : null;
  const best = {
    metric: logNumber(bestMetric),
    checkpoint,
    step: logNumber(bestStep) ?? (stepFromName ? Number(stepFromName[1]) : null),
  };
  return {
    run,
    path,
    format: 'hf-trainer',
    series: collector.series('hf-trainer'),
    best: best.metric === null && checkpoint === null ? null : best,
    truncated: null,
    ...(unreadFields.length > 0 ? { unreadFields } : {}),
  };
}

/** What a logged value is, when it is not a number: `an array`, `an object`, `the string "n/a"`, `true`. */
function describeValue(raw: unknown): string {
  if (Array.isArray(raw)) return 'an array';
  if (typeof raw === 'string') return `the string ${JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}...` : raw)}`;
  if (typeof raw === 'object') return 'an object';
  return typeof raw === 'number' || typeof raw === 'boolean' || typeof raw === 'bigint' ? String(raw) : typeof raw;
}

/** Which CSV logger wrote a header: Lightning logs `step`, Ultralytics `train/..._loss`, Keras `epoch` alone. */
export function csvLogFormat(header: string[]): LogFormat | null {
  const names = header.map((h) => h.trim());
  if (names.some((h) => /^train\/\w*loss$/.test(h) || h.startsWith('metrics/'))) return 'ultralytics-csv';
  if (names.includes('step')) return 'lightning-csv';
  if (names.includes('epoch')) return 'keras-csv';
  return null;
}

/** A CSV training log; the logger is told by its header. */
export async function readCsvLog(path: string, run: string): Promise<TrainingLog> {
  const source = await openSource(path);
  const collector = new SeriesCollector();
  let columns: string[] = [];
  let format: LogFormat = 'keras-csv';
  let stepAt = -1;
  let epochAt = -1;
  let rows = 0;
  await parseDelimited(source.chunks(), ',', path, {
    header(fields, line) {
      columns = fields.map((f) => f.trim());
      const detected = csvLogFormat(columns);
      if (!detected) throw new InputError('not a training log: the CSV header has neither an "epoch" nor a "step" column', path, line);
      format = detected;
      stepAt = columns.indexOf('step');
      epochAt = columns.indexOf('epoch');
    },
    row(fields, line) {
      rows++;
      if (fields.length > columns.length) throw new InputError(`the row has ${fields.length} fields but the header names ${columns.length}`, path, line);
      const epoch = epochAt >= 0 ? logNumber(fields[epochAt] ?? '') : null;
      const stepField = stepAt >= 0 ? logNumber(fields[stepAt] ?? '') : null;
      // Keras and Ultralytics log once per epoch: the epoch is the step.
      const step = stepField ?? epoch ?? rows;
      for (let c = 0; c < columns.length; c++) {
        if (c === stepAt || c === epochAt) continue;
        const raw = fields[c] ?? '';
        if (raw.trim() === '') continue; // Lightning's rows are sparse: each logs some columns.
        const value = logNumber(raw);
        if (value === null)
          throw new InputError(`column "${columns[c]}" holds ${JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}...` : raw)}, not a number`, path, line);
        collector.add(columns[c], step, epoch ?? NaN, value);
      }
    },
  });
  if (columns.length === 0) throw new InputError('the training log is empty', path);
  return { run, path, format, series: collector.series(format), best: null, truncated: null };
}

/** Generic JSONL: one `{run, step, epoch?, split?, metric, value}` per line; runs named inside or after the file. */
export async function readJsonlLog(path: string, defaultRun: string): Promise<TrainingLog[]> {
  const source = await openSource(path);
  const byRun = new Map<string, SeriesCollector>();
  await forEachLine(
    source.chunks(),
    (text, line) => {
      if (text.trim() === '') return;
      let record: unknown;
      try {
        record = parsePythonJson(text);
      } catch (error) {
        throw new InputError(`invalid JSON: ${(error as Error).message}`, path, line);
      }
      if (record === null || typeof record !== 'object' || Array.isArray(record))
        throw new InputError('expected a JSON object {run, step, metric, value}', path, line);
      const r = record as Record<string, unknown>;
      const step = logNumber(r.step);
      if (step === null || !Number.isFinite(step)) throw new InputError('missing or non-numeric "step"', path, line);
      if (typeof r.metric !== 'string' || r.metric.trim() === '')
        throw new InputError('missing "metric" (the name of the logged quantity, e.g. "loss")', path, line);
      const value = r.value === null ? NaN : logNumber(r.value);
      if (value === null) throw new InputError(`"value" of ${JSON.stringify(r.metric)} is not a number`, path, line);
      if (r.split !== undefined && r.split !== null && typeof r.split !== 'string')
        throw new InputError('"split" must be a string (train, validation or test)', path, line);
      const run = r.run === undefined || r.run === null ? defaultRun : typeof r.run === 'string' ? r.run : JSON.stringify(r.run);
      const tag = typeof r.split === 'string' && r.split !== '' ? `${r.split}/${r.metric}` : r.metric;
      let collector = byRun.get(run);
      if (!collector) byRun.set(run, (collector = new SeriesCollector()));
      collector.add(tag, step, logNumber(r.epoch) ?? NaN, value);
    },
    path,
  );
  return [...byRun].map(([run, collector]) => ({ run, path, format: 'jsonl' as const, series: collector.series('jsonl'), best: null, truncated: null }));
}
