/**
 * Schemas of a check's metrics as the report holds them (JSON: non-finite numbers as null, typed
 * arrays as arrays), from which its remedies, charts, export rows and row count read them typed.
 *
 * Every field is lenient, as the untyped readers were: a report from an older version, a
 * baseline, or a value of the wrong type gives null (an empty list) for that field alone, never an
 * error, so "missing or malformed" still means "not measurable". What fell back is recorded while
 * `parseMetrics` runs, so a test can require that the checks' own reports parse without any
 * fallback (test/metrics-schemas.test.ts): a schema that drifted from what its check writes fails
 * there, not silently in a ranking.
 */
import { z } from 'zod';
import { setOwn } from '../../own-keys.js';

/** Where fallbacks are recorded during one `parseMetrics` call (null outside it). */
let fallbacks: string[] | null = null;

function fellBack<T>(value: T) {
  return (context: { value: unknown; error: { issues: readonly { message: string; path?: readonly PropertyKey[] }[] } }): T => {
    const issue = context.error.issues[0];
    const where = issue?.path && issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
    fallbacks?.push(`${where}${issue?.message ?? 'invalid'} (got ${preview(context.value)})`);
    return value;
  };
}

function preview(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value) ?? typeof value;
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** A field that is null when absent or malformed. */
const lenient = <T extends z.ZodType>(schema: T) => schema.nullable().catch(fellBack(null));

/** A list whose malformed items are left out (each recorded); an empty list when it is not one. */
function list<T extends z.ZodType>(item: T) {
  return z
    .array(z.unknown())
    .catch(fellBack([] as unknown[]))
    .transform((items) => fitting(item, items));
}

/** A list whose malformed items are left out; null when it is not one (its length is then unknown, not zero). */
function listOrNull<T extends z.ZodType>(item: T) {
  return z
    .array(z.unknown())
    .nullable()
    .catch(fellBack(null))
    .transform((items) => (items === null ? null : fitting(item, items)));
}

function fitting<T extends z.ZodType>(item: T, items: unknown[]): z.output<T>[] {
  return items.flatMap((entry): z.output<T>[] => {
    const parsed = item.safeParse(entry);
    if (parsed.success) return [parsed.data];
    fallbacks?.push(`a list item left out: ${parsed.error.issues[0]?.message ?? 'invalid'} (got ${preview(entry)})`);
    return [];
  });
}

/**
 * An object whose keys are data, kept as own keys: zod's record assigns each key, so a class or
 * split named `__proto__` was lost (and set the result's prototype). A value that does not fit
 * fails the whole object.
 */
function ownRecord<T extends z.ZodType>(value: T) {
  return z
    .custom<Record<string, unknown>>((input) => typeof input === 'object' && input !== null && !Array.isArray(input), { message: 'expected record' })
    .transform((input, context) => {
      const out: Record<string, z.output<T>> = {};
      for (const [key, entry] of Object.entries(input)) {
        const parsed = value.safeParse(entry);
        if (!parsed.success) {
          context.addIssue({ code: 'custom', message: `${key}: ${parsed.error.issues[0]?.message ?? 'invalid'}`, input: entry });
          return z.NEVER;
        }
        setOwn(out, key, parsed.data);
      }
      return out;
    });
}

/** Builders of lenient metric fields (`m.number()`, `m.object({...})`, `m.list(...)`). */
export const m = {
  number: () => lenient(z.number()),
  string: () => lenient(z.string()),
  boolean: () => lenient(z.boolean()),
  /** One of these strings. */
  oneOf: <const T extends readonly [string, ...string[]]>(values: T) => lenient(z.enum(values)),
  /** A nested object (null when absent or not an object; its own fields lenient). */
  object: <S extends z.ZodRawShape>(shape: S) => lenient(z.object(shape)),
  /** An object whose keys are data (class names, columns) and whose values all have one shape. */
  record: <T extends z.ZodType>(value: T) => lenient(ownRecord(value)),
  list,
  /** A list whose length is read (a finding's size): null, not empty, when absent or not a list. */
  listOrNull,
  /** A list read whole: null when absent or when any item does not fit. */
  array: <T extends z.ZodType>(item: T) => lenient(z.array(item)),
  /** An interval `[low, high]`. */
  pair: () => lenient(z.tuple([z.number(), z.number()])),
  /** A list of numbers, null entries (non-finite values) kept as null. */
  numbers: () => list(z.number().nullable()),
  strings: () => list(z.string()),
  /** A value of any strict schema, null when absent or malformed as a whole (a matrix whose rows belong together). */
  value: <T extends z.ZodType>(schema: T) => lenient(schema),
  /** Any JSON value, as it is (for values a consumer only prints or compares). */
  json: () => z.unknown().optional(),
  /** A field a check writes only in some cases: undefined when absent (not a fallback), lenient when present. */
  optional: <T extends z.ZodType>(schema: T) => schema.optional(),
};

/** The top level of a check's metrics schema: an object of lenient fields. */
export const metricsSchema = <S extends z.ZodRawShape>(shape: S) => z.object(shape);

/** A check's metrics parsed with its schema: the typed value and what fell back to null. Never throws. */
export function parseMetrics<T>(schema: z.ZodType<T>, value: unknown): { value: T; fallbacks: string[] } {
  const outer = fallbacks;
  fallbacks = [];
  try {
    const parsed = schema.safeParse(typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {});
    if (!parsed.success) {
      // Only a schema that is not built of lenient fields can fail: its value is then every field absent.
      fallbacks.push(`not parsed: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      return { value: schema.parse({}), fallbacks };
    }
    return { value: parsed.data, fallbacks };
  } finally {
    fallbacks = outer;
  }
}

/** `combine` of the values when every one was read (a finding's size from several fields), else null. */
export function ofKnown<const T extends readonly (number | null)[]>(values: T, combine: (...known: { [K in keyof T]: number }) => number): number | null {
  return values.every((value) => value !== null) ? combine(...(values as unknown as { [K in keyof T]: number })) : null;
}
