import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { InputError } from './errors.js';
import { guardStdout, importingAs, moveCaptured } from './core/stdout-guard.js';
import { NEEDS } from './core/vocabulary.js';
import type { AnyCheck } from './checks/types.js';
import { DEFAULT_PLUGIN_TIMEOUT_SECONDS } from './checks/plugin-host.js';
import { REMEDY_OUTCOMES } from './checks/types.js';
import { catalogueEntry } from './remedies/catalogue/index.js';
import { guardedParts } from './plugin-parts.js';

const fn = (what: string) => z.custom<(...args: unknown[]) => unknown>((value) => typeof value === 'function', `${what} must be a function`);
const text = z.object({ en: z.string().min(1), zh: z.string().min(1).optional() });

/** A remedy a plugin offers for its findings (`remedies.entries`): ranked with the catalogue's. */
const declaredRemedySchema = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'a remedy id is lower-case letters, digits and dashes')
    .refine((id) => catalogueEntry(id) === undefined, 'is a remedy of the catalogue; give your own id'),
  outcome: z.enum(REMEDY_OUTCOMES as [string, ...string[]]),
  title: text,
  summary: text,
  appliesTo: z.array(z.string().min(1)).min(1),
  measuredBy: z.array(z.string().min(1)).optional(),
  cost: z.enum(['low', 'medium', 'high']),
  steps: z.object({ en: z.array(z.string()), zh: z.array(z.string()).optional() }).optional(),
  references: z.array(z.string()).optional(),
});

/** The shape a plugin check must have: the built-in checks' interface. */
const pluginCheckSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a check id is lower-case letters, digits and dashes'),
  title: z.string().min(1),
  description: z.string().optional(),
  needs: z.array(z.enum(NEEDS)).default([]),
  run: z.custom<(...args: unknown[]) => unknown>((value) => typeof value === 'function', 'run must be a function'),
  options: z
    .custom<z.ZodType>((value) => value === undefined || (typeof value === 'object' && value !== null && 'safeParse' in value), 'options must be a zod schema')
    .optional(),
  /** The wording of each finding key: `en` (and optionally `zh`) functions of the finding's args. */
  findings: z
    .record(
      z.string(),
      z.object({
        en: z.custom<(...args: unknown[]) => unknown>((value) => typeof value === 'function', 'en must be a function of the args'),
        zh: z.custom<(...args: unknown[]) => unknown>((value) => typeof value === 'function', 'zh must be a function of the args').optional(),
      }),
    )
    .optional(),
  /** Evidence sentences, headroom measures and remedies of its own. */
  remedies: z
    .object({
      evidence: fn('remedies.evidence').optional(),
      headroom: z.record(z.string(), fn('each headroom measure')).optional(),
      entries: z.array(declaredRemedySchema).optional(),
    })
    .optional(),
  exportRows: fn('exportRows').optional(),
  charts: fn('charts').optional(),
  /** The rules about its findings a built-in check may declare (see the check type). */
  remedyGuards: z.record(z.string(), fn('each remedy guard')).optional(),
  explainsFindings: fn('explainsFindings').optional(),
  isEvaluationRepeat: fn('isEvaluationRepeat').optional(),
  remedyMeasures: z.array(z.string()).optional(),
  rowCount: fn('rowCount').optional(),
  cleanedCopy: z.object({ reason: z.string().min(1), when: z.enum(['always', 'dropLabelIssues']), rows: fn('cleanedCopy.rows').optional() }).optional(),
  places: fn('places').optional(),
  sharedOptions: z.object({ nearDupThreshold: z.string().min(1).optional() }).optional(),
});

/**
 * A module whose top-level code awaits something that never settles would end the process (exit
 * 13, nothing said): past the time limit it is a usage error naming the file. The timer keeps the
 * process alive meanwhile and is cleared as soon as the import settles.
 */
async function withinTime<T>(work: Promise<T>, seconds: number, path: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new InputError(`the plugin did not finish loading within ${seconds} s (--plugin-timeout, config key pluginTimeout)`, path)),
      seconds * 1000,
    );
  });
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Loads `--plugin` modules: each exports a check as `default`, or `check`, or an array `checks`.
 * A bad module or a check of the wrong shape is a usage error naming the file.
 */
export async function loadPlugins(
  paths: readonly string[],
  knownIds: ReadonlySet<string>,
  timeoutSeconds = DEFAULT_PLUGIN_TIMEOUT_SECONDS,
): Promise<AnyCheck[]> {
  const checks: AnyCheck[] = [];
  const ids = new Set(knownIds);
  const remedyIds = new Set<string>();
  for (const path of paths) {
    let module: Record<string, unknown>;
    // A plugin may print while it is imported or run: stdout stays the report's.
    guardStdout();
    try {
      module = await importingAs(path, () => withinTime(import(pathToFileURL(resolve(path)).href) as Promise<Record<string, unknown>>, timeoutSeconds, path));
    } catch (error) {
      if (error instanceof InputError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes(resolve(path))) throw new InputError('plugin file not found', path);
      throw new InputError(`cannot load the plugin: ${(error as Error).message.split('\n')[0]}`, path);
    }
    const exported = module.checks ?? module.default ?? module.check;
    const list = Array.isArray(exported) ? exported : [exported];
    if (exported === undefined) throw new InputError('the plugin exports no check (export default a check object, or `export const checks = [...]`)', path);
    let first = true;
    for (const candidate of list) {
      const parsed = pluginCheckSchema.safeParse(candidate);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new InputError(`the plugin's check is not valid: ${issue.path.join('.') || 'check'}: ${issue.message}`, path);
      }
      if (ids.has(parsed.data.id)) throw new InputError(`the plugin's check id "${parsed.data.id}" is already taken`, path);
      ids.add(parsed.data.id);
      for (const entry of parsed.data.remedies?.entries ?? []) {
        if (remedyIds.has(entry.id)) throw new InputError(`the plugin's remedy id "${entry.id}" is already taken`, path);
        remedyIds.add(entry.id);
      }
      const check = candidate as AnyCheck;
      checks.push({ ...guardedParts(check, path), description: check.description ?? '', needs: parsed.data.needs, plugin: path });
      // What the module printed while imported is reported with its first check.
      if (first) moveCaptured(path, parsed.data.id);
      first = false;
    }
  }
  return checks;
}
