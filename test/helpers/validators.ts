/** The real consumers of the report formats, offline: the SARIF schema (ajv) and Microsoft's SARIF multitool. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { root } from './cli.js';

const sarifSchema = JSON.parse(readFileSync(join(root, 'test/schemas/sarif-schema-2.1.0.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validateSchema = ajv.compile(sarifSchema);

/** The official SARIF 2.1.0 JSON schema's errors for a log (empty when valid). */
export function sarifSchemaErrors(log: unknown): string[] {
  if (validateSchema(log)) return [];
  return (validateSchema.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

const MULTITOOL = join(root, 'node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool');

/**
 * `sarif validate --rule-kind "Gh;Sarif"` over the files: the error-level results (rule id and
 * message) per file, as the multitool reports them.
 */
export function multitoolErrors(files: string[], outDir: string): { file: string; rule: string; message: string }[] {
  const out = join(outDir, 'validation.sarif');
  const run = spawnSync(MULTITOOL, ['validate', '--rule-kind', 'Gh;Sarif', '--log', 'ForceOverwrite', '-o', out, ...files], { encoding: 'utf8', env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' } });
  if (run.error) throw run.error;
  const log = JSON.parse(readFileSync(out, 'utf8'));
  const errors: { file: string; rule: string; message: string }[] = [];
  for (const result of log.runs[0].results ?? []) {
    if ((result.level ?? 'warning') !== 'error') continue;
    errors.push({ file: result.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '?', rule: result.ruleId, message: result.message?.text ?? JSON.stringify(result.message) });
  }
  return errors;
}
