import { renderFinding, resolveCheckOptions } from '../../src/checks/run.js';
import { createContext, type AuditInputs } from '../../src/checks/context.js';
import type { AnyCheck, CheckContext, CheckResult, Finding } from '../../src/checks/types.js';
import type { Lang } from '../../src/core/vocabulary.js';
import { makeInputs, type InputSpec } from './inputs.js';

/** A finding as the report holds it, plus its key within the check (`missing:label`, `imbalance`). */
export type CheckFinding = Finding & { key: string };

export interface CheckRun {
  // Tests read the check's own metrics shapes.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  metrics: any;
  findings: CheckFinding[];
}

function isContext(input: unknown): input is CheckContext {
  return typeof (input as CheckContext).memo === 'function';
}

/**
 * Runs one check the way the runner does: its options through its own schema (defaults
 * included), a real context (a memo store can be shared between checks), findings rendered
 * with their text in `lang`.
 */
export async function runCheck(...args: Parameters<typeof runCheckSync>): Promise<CheckRun> {
  const [check, input, options, memo, lang] = args;
  return finish(check, await start(check, input, options, memo), lang);
}

/** runCheck for a check whose `run` is synchronous. */
export function runCheckSync(
  check: AnyCheck,
  input: InputSpec | AuditInputs | CheckContext,
  options: Record<string, unknown> = {},
  memo: Map<string, unknown> = new Map(),
  lang: Lang = 'en',
): CheckRun {
  const result = start(check, input, options, memo);
  if (result instanceof Promise) throw new Error(`check ${check.id} runs asynchronously: use runCheck`);
  return finish(check, result, lang);
}

function finish(check: AnyCheck, result: CheckResult, lang: Lang = 'en'): CheckRun {
  const findings = result.findings.map((draft) => {
    const finding = renderFinding(check, draft, lang);
    return { ...finding, key: finding.id.slice(check.id.length + 1) };
  });
  return { metrics: result.metrics, findings };
}

function start(
  check: AnyCheck,
  input: InputSpec | AuditInputs | CheckContext,
  options: Record<string, unknown> = {},
  memo: Map<string, unknown> = new Map(),
): CheckResult | Promise<CheckResult> {
  let context: CheckContext;
  if (isContext(input)) {
    context = { ...input, options: resolveCheckOptions(check, { ...(input.options as Record<string, unknown>), ...options }) };
  } else {
    const inputs = 'header' in input ? makeInputs(input) : input;
    context = createContext(inputs, resolveCheckOptions(check, options), memo);
  }
  return check.run(context);
}
