/** The real consumers of the report formats, offline: the SARIF schema (ajv) and Microsoft's SARIF multitool. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { root } from './cli.js';

const sarifSchema = JSON.parse(readFileSync(join(root, 'test/schemas/sarif-schema-2.1.0.json'), 'utf8'));
// Both packages are CommonJS with an `exports.default`: take it whichever way the loader hands it over.
const Ajv = ((AjvDraft04 as unknown as { default?: typeof AjvDraft04 }).default ?? AjvDraft04) as unknown as new (options: object) => import('ajv').default;
const addFormats = ((ajvFormats as unknown as { default?: typeof ajvFormats }).default ?? ajvFormats) as unknown as (ajv: import('ajv').default) => void;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validateSchema = ajv.compile(sarifSchema);

/** The official SARIF 2.1.0 JSON schema's errors for a log (empty when valid). */
export function sarifSchemaErrors(log: unknown): string[] {
  if (validateSchema(log)) return [];
  return (validateSchema.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

/** JUnit XML validated against the Jenkins xUnit plugin's junit-10.xsd with libxml2 (xmllint-wasm): its errors. */
export async function junitErrors(xml: string): Promise<string[]> {
  const { validateXML } = (await import('xmllint-wasm')) as unknown as {
    validateXML: (options: object) => Promise<{ valid: boolean; errors: { message: string; rawMessage?: string }[] }>;
  };
  const result = await validateXML({
    xml: [{ fileName: 'report.xml', contents: xml }],
    schema: [readFileSync(join(root, 'test/schemas/junit-10.xsd'), 'utf8')],
  });
  return result.valid ? [] : result.errors.map((error) => error.rawMessage ?? error.message);
}

const MULTITOOL = join(root, 'node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool');

/**
 * `sarif validate --rule-kind "Gh;Sarif"` over the files: the error-level results (rule id and
 * message) per file, as the multitool reports them.
 */
export function multitoolErrors(files: string[], outDir: string): { file: string; rule: string; message: string }[] {
  const out = join(outDir, 'validation.sarif');
  const run = spawnSync(MULTITOOL, ['validate', '--rule-kind', 'Gh;Sarif', '--log', 'ForceOverwrite', '-o', out, ...files], {
    encoding: 'utf8',
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
  });
  if (run.error) throw run.error;
  const log = JSON.parse(readFileSync(out, 'utf8'));
  const errors: { file: string; rule: string; message: string }[] = [];
  for (const result of log.runs[0].results ?? []) {
    if ((result.level ?? 'warning') !== 'error') continue;
    errors.push({
      file: result.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '?',
      rule: result.ruleId,
      message: result.message?.text ?? JSON.stringify(result.message),
    });
  }
  return errors;
}
