/**
 * A plugin's declared parts beyond `run` (remedy guards, headroom measures, evidence, export rows,
 * places, ...) are called by ranking, export and rendering, outside the check's run. A part that
 * throws, or a measure or export row of the wrong shape, would end the audit as an internal error:
 * here it becomes a usage error naming the plugin's file and the part.
 */
import { z } from 'zod';
import { InputError } from './errors.js';
import { GAIN_BASES, type AnyCheck, type HeadroomMeasure } from './checks/types.js';

type Part = (...args: never[]) => unknown;

const gainSchema = z.object({
  metric: z.string(),
  value: z.number().finite(),
  interval: z.tuple([z.number().finite(), z.number().finite()]).nullable(),
  unit: z.literal('fraction'),
  basis: z.enum(GAIN_BASES as [string, ...string[]]),
  method: z.string(),
  standardError: z.number().finite().nonnegative().optional(),
  rows: z.number().int().nonnegative().optional(),
});
const rowsSchema = z.array(z.object({ row: z.number().int().nonnegative(), reason: z.string() }));
const stringsSchema = z.array(z.string());

/** The part, calling the plugin's function and checking what it returns (when a schema is given). */
function guarded<F extends Part>(path: string, what: string, part: F, result?: z.ZodType): F {
  return ((...args: Parameters<F>) => {
    let value: unknown;
    try {
      value = part(...args);
    } catch (error) {
      throw new InputError(`the plugin's ${what} failed: ${String((error as Error)?.message ?? error).split('\n')[0]}`, path);
    }
    if (result && value !== null && value !== undefined) {
      const parsed = result.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new InputError(`the plugin's ${what} returned ${[what, ...issue.path].join('.')}: ${issue.message}`, path);
      }
    }
    return value;
  }) as F;
}

const mapValues = <T>(record: Readonly<Record<string, T>>, f: (key: string, value: T) => T): Record<string, T> =>
  Object.fromEntries(Object.entries(record).map(([key, value]) => [key, f(key, value)]));

/** The plugin check with each of its declared parts guarded. */
export function guardedParts(check: AnyCheck, path: string): AnyCheck {
  const out: AnyCheck = { ...check };
  if (check.remedies) {
    const { headroom } = check.remedies;
    // Declared as methods: bound to what they were declared on, as called there.
    const evidence = check.remedies.evidence?.bind(check.remedies);
    out.remedies = {
      ...check.remedies,
      ...(evidence ? { evidence: guarded(path, 'remedies.evidence', evidence, stringsSchema) } : {}),
      ...(headroom
        ? {
            headroom: Object.fromEntries(
              Object.entries(headroom)
                .filter((entry): entry is [string, HeadroomMeasure] => entry[1] !== undefined)
                .map(([kind, measure]) => [kind, guarded(path, `remedies.headroom.${kind}`, measure, gainSchema)]),
            ),
          }
        : {}),
    };
  }
  if (check.exportRows) out.exportRows = guarded(path, 'exportRows', check.exportRows.bind(check), rowsSchema);
  if (check.remedyGuards) out.remedyGuards = mapValues(check.remedyGuards, (id, guard) => guarded(path, `remedyGuards.${id}`, guard));
  if (check.explainsFindings) out.explainsFindings = guarded(path, 'explainsFindings', check.explainsFindings, stringsSchema);
  if (check.isEvaluationRepeat) out.isEvaluationRepeat = guarded(path, 'isEvaluationRepeat', check.isEvaluationRepeat.bind(check));
  if (check.rowCount) out.rowCount = guarded(path, 'rowCount', check.rowCount.bind(check), z.number());
  if (check.places) out.places = guarded(path, 'places', check.places, z.array(z.object({ path: z.string(), line: z.number().int().positive().nullable() })));
  if (check.cleanedCopy?.rows)
    out.cleanedCopy = { ...check.cleanedCopy, rows: guarded(path, 'cleanedCopy.rows', check.cleanedCopy.rows, z.array(z.number().int().nonnegative())) };
  return out;
}
