/** One prediction record as a file gives it: its schema, and messages for records of the wrong shape. */
import { z } from 'zod';
import { InputError } from '../errors.js';

const scalar = z.union([z.string(), z.number(), z.boolean()]).transform((value) => String(value));
const numberVector = z.union([z.array(z.number()), z.record(z.string(), z.number())]);

/** One prediction record, with the fields the README's "Prediction files" lists. Unknown fields are allowed and ignored. */
export const predictionRecordSchema = z
  .object({
    id: scalar,
    model: scalar.nullish(),
    seed: scalar.nullish(),
    run: scalar.nullish(),
    pred: scalar.nullish(),
    probs: numberVector.nullish(),
    logits: numberVector.nullish(),
    correct: z.union([z.boolean(), z.literal(0), z.literal(1)]).nullish(),
    score: z.number().min(0).max(1).nullish(),
    label: scalar.nullish(),
    epoch: scalar.nullish(),
    step: scalar.nullish(),
    checkpoint: scalar.nullish(),
  })
  .loose();

export type Scalar = string | number | boolean;

/**
 * A validated record. Scalars stay as JSON gave them (the fast path does not copy the record);
 * the builder turns them into strings where it needs names, so `7` and `"7"` mean the same.
 */
export interface PredictionRecord {
  id: Scalar;
  model?: Scalar | null;
  seed?: Scalar | null;
  run?: Scalar | null;
  pred?: Scalar | null;
  probs?: number[] | Record<string, number> | null;
  logits?: number[] | Record<string, number> | null;
  correct?: boolean | 0 | 1 | null;
  score?: number | null;
  label?: Scalar | null;
  /** A snapshot of the run during training: its epoch, step or checkpoint name. */
  epoch?: Scalar | null;
  step?: Scalar | null;
  checkpoint?: Scalar | null;
}

/** Turns the first zod issue into a sentence naming the field. */
export function describeRecordError(error: z.ZodError, record: Record<string, unknown>): string {
  const issue = error.issues[0];
  const field = issue.path.length > 0 ? issue.path.join('.') : 'record';
  if (issue.path.length === 1 && record[String(issue.path[0])] === undefined) return `missing required field "${field}"`;
  // zod 4 leaves `input` out of its issues: the value is read from the record along the path.
  let value: unknown = record;
  for (const key of issue.path)
    value =
      value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, key)
        ? (value as Record<PropertyKey, unknown>)[key]
        : undefined;
  const expected = EXPECTED[String(issue.path[0])];
  if (issue.code === 'invalid_union' || issue.code === 'invalid_type')
    return `field "${field}" has the wrong type: expected ${expected ?? issue.message}, got ${describe(value)}`;
  return `field "${field}": ${issue.message} (got ${describe(value)})`;
}

/** What each record field takes, in words, for error messages. */
const EXPECTED: Readonly<Record<string, string>> = {
  id: 'a string or a number',
  model: 'a string or a number',
  seed: 'a string or a number',
  run: 'a string or a number',
  pred: 'a class name (string, number or boolean)',
  label: 'a class name (string, number or boolean)',
  probs: 'an array of numbers or an object of class: probability',
  logits: 'an array of numbers or an object of class: logit',
  correct: 'true, false, 0 or 1',
  score: 'a number from 0 to 1',
  epoch: 'a number (or a name) of the epoch',
  step: 'a number (or a name) of the step',
  checkpoint: 'a checkpoint name or number',
};
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  // A scalar as JSON writes it; a bigint (which JSON.stringify refuses) as its digits.
  const shown = typeof value === 'bigint' ? value.toString() : (JSON.stringify(value) ?? typeof value);
  return `${typeof value} ${shown.length > 40 ? `${shown.slice(0, 40)}...` : shown}`;
}

function isScalar(value: unknown): value is string | number | boolean {
  const type = typeof value;
  return type === 'string' || type === 'boolean' || (type === 'number' && Number.isFinite(value));
}

function isNumberVector(value: unknown): value is number[] | Record<string, number> {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (typeof value[i] !== 'number' || !Number.isFinite(value[i])) return false;
    return true;
  }
  for (const key of Object.keys(value)) {
    const p = (value as Record<string, unknown>)[key];
    if (typeof p !== 'number' || !Number.isFinite(p)) return false;
  }
  return true;
}

const optionalScalar = (value: unknown) => value === undefined || value === null || isScalar(value);
const optionalVector = (value: unknown) => value === undefined || value === null || isNumberVector(value);

/**
 * True when a record has the common shape and may be used as it is. It accepts a strict subset
 * of what the zod schema accepts (zod costs microseconds a record, most of the run at millions
 * of lines); anything else goes through `toPredictionRecord`'s zod path, which also words the errors.
 */
export function isPlainPredictionRecord(raw: Record<string, unknown>): raw is Record<string, unknown> & PredictionRecord {
  const { correct, score } = raw;
  return (
    isScalar(raw.id) &&
    optionalScalar(raw.model) &&
    optionalScalar(raw.seed) &&
    optionalScalar(raw.run) &&
    optionalScalar(raw.pred) &&
    optionalScalar(raw.label) &&
    optionalScalar(raw.epoch) &&
    optionalScalar(raw.step) &&
    optionalScalar(raw.checkpoint) &&
    optionalVector(raw.probs) &&
    optionalVector(raw.logits) &&
    (correct === undefined || correct === null || correct === true || correct === false || correct === 0 || correct === 1) &&
    (score === undefined || score === null || (typeof score === 'number' && score >= 0 && score <= 1))
  );
}

/**
 * Validates one record: as it is on the fast path (no copy), else through the zod schema; a
 * record zod rejects is an InputError naming the field, the file and the line.
 */
export function toPredictionRecord(raw: Record<string, unknown>, path?: string, line?: number): PredictionRecord {
  if (isPlainPredictionRecord(raw)) return raw;
  const parsed = predictionRecordSchema.safeParse(raw);
  if (!parsed.success) throw new InputError(describeRecordError(parsed.error, raw), path, line);
  return parsed.data;
}
