import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit, fixture } from './helpers/cli.js';
import { junitErrors } from './helpers/validators.js';
import { renderJunit } from '../src/render/junit.js';

/** JUnit as Jenkins' xUnit plugin reads it: valid against its junit-10.xsd (libxml2 through xmllint-wasm). */
describe('JUnit checked against the Jenkins xUnit schema', () => {
  const inputs: Record<string, string[]> = {
    demo: ['demo/data.csv', 'demo/preds.jsonl'],
    messy: ['formats/messy.csv'],
    hostile: ['hostile/data.csv'],
    planted: ['real-models/planted/data.csv', 'real-models/planted/preds.jsonl'],
    shift: ['distribution-shift/data.csv', 'distribution-shift/preds.jsonl'],
    embeddings: ['embeddings/digits/data.csv', '--embeddings', 'embeddings/digits/embeddings.npy', '--probs', 'embeddings/digits/probs.npy'],
  };

  for (const [name, args] of Object.entries(inputs)) {
    it(`${name}: valid, one test case per finding, reasons in the element text`, async () => {
      const run = audit([...args, '-f', 'junit'], { cwd: fixture() });
      expect([0, 1]).toContain(run.status);
      expect(await junitErrors(run.stdout)).toEqual([]);
      const json = audit([...args, '-f', 'json'], { cwd: fixture() }).json;
      const cases = run.stdout.match(/<testcase /g) ?? [];
      const checksWithout = Object.entries(json.checks).filter(([id]) => !json.findings.some((f: { check: string }) => f.check === id)).length;
      expect(cases.length).toBe(json.findings.length + checksWithout);
      expect(run.stdout).not.toMatch(/<testsuites[^>]* skipped=/);
      // GitLab shows the element text: skip reasons are there as well as in message=.
      for (const [, message, text] of run.stdout.matchAll(/<skipped message="([^"]*)">([^<]*)<\/skipped>/g)) expect(text).toBe(message);
      if (name === 'planted') expect(run.stdout).toMatch(/<testcase classname="near-duplicates" name="near-duplicates"><skipped message="needs a text column/);
    });
  }

  it('drops characters XML 1.0 forbids, so data text cannot break the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trainaudit-junit-'));
    const data = join(dir, 'data.csv');
    writeFileSync(data, 'id,text,label\n1,"bad \uFFFE\uFFFF\u0001 text",a\n1,"bad \uFFFE\uFFFF\u0001 text",b\n2,ok,a\n');
    const run = audit([data, '-f', 'junit', '--fail-on', 'none']);
    expect(run.stdout).not.toMatch(/[\uFFFE\uFFFF]/);
    expect(run.stdout).not.toContain('\u0001');
    expect(await junitErrors(run.stdout)).toEqual([]);
  });

  it('the validator rejects what the old renderer wrote (skipped on testsuites)', async () => {
    const xml = renderJunit({ summary: { gate: { failOn: 'high' } }, checks: {}, findings: [] } as never).replace(
      '<testsuites name="trainaudit"',
      '<testsuites skipped="0" name="trainaudit"',
    );
    expect((await junitErrors(xml)).join('\n')).toMatch(/skipped/);
  });
});
