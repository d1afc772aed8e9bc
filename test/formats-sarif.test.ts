import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit, fixture, type Parsed } from './helpers/cli.js';
import { multitoolErrors, sarifSchemaErrors } from './helpers/validators.js';

/**
 * SARIF as code scanning reads it: valid against the official schema and with no error from
 * Microsoft's multitool (`validate --rule-kind "Gh;Sarif"`), on the fixtures and hostile inputs.
 */
describe('SARIF checked by its real consumers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trainaudit-sarif-'));
  // A path with a space, '#' and '%': written as a relative, percent-encoded URI.
  const odd = join(dir, 'my data #1 100%');
  const oddData = `${odd}.csv`;
  copyFileSync(fixture('demo/data.csv'), oddData);
  const cases: Record<string, { args: string[]; input?: string; cwd?: string }> = {
    demo: { args: ['demo/data.csv', 'demo/preds.jsonl'], cwd: fixture() },
    odd: { args: [oddData.slice(dir.length + 1), fixture('demo/preds.jsonl')], cwd: dir },
    stdin: { args: ['-', 'demo/preds.jsonl'], input: readFileSync(fixture('demo/data.csv'), 'utf8'), cwd: fixture() },
    gz: { args: ['formats/data.jsonl.gz'], cwd: fixture() },
    unmatched: { args: ['demo/data.csv', 'parallel/seed1.jsonl', 'parallel/seed1-tail.jsonl'], cwd: fixture() },
    messy: { args: ['formats/messy.csv'], cwd: fixture() },
    hostile: { args: ['hostile/data.csv'], cwd: fixture() },
    planted: { args: ['real-models/planted/data.csv', 'real-models/planted/preds.jsonl'], cwd: fixture() },
    // Instanced shift findings (one per split) and the embedding findings.
    shift: { args: ['distribution-shift/data.csv', 'distribution-shift/preds.jsonl'], cwd: fixture() },
    embeddings: {
      args: ['embeddings/digits/data.csv', '--embeddings', 'embeddings/digits/embeddings.npy', '--probs', 'embeddings/digits/probs.npy'],
      cwd: fixture(),
    },
  };
  const logs: Record<string, Parsed> = {};
  const files: string[] = [];
  for (const [name, { args, input, cwd }] of Object.entries(cases)) {
    const run = audit([...args, '-f', 'sarif', '--fail-on', 'none'], { input, cwd });
    if (run.status !== 0) throw new Error(`${name}: ${run.stderr}`);
    logs[name] = JSON.parse(run.stdout);
    const file = join(dir, `${name}.sarif`);
    writeFileSync(file, run.stdout);
    files.push(file);
  }

  it('every log is valid against the SARIF 2.1.0 schema', () => {
    for (const [name, log] of Object.entries(logs)) expect(sarifSchemaErrors(log), name).toEqual([]);
  });

  it("Microsoft's multitool finds no error (GitHub and SARIF rules)", () => {
    expect(multitoolErrors(files, dir)).toEqual([]);
  }, 120_000);

  it('rules describe their checks; results keep the five severities in rank and properties', () => {
    const run = logs.demo.runs[0];
    const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'seed-instability');
    expect(rule).toMatchObject({ name: 'SeedInstability', shortDescription: { text: 'Instability across seeds' } });
    expect(rule.fullDescription.text).toContain('Per-run accuracy');
    expect(rule.help.text.length).toBeGreaterThan(20);
    const ranks = run.results.map((r: { rank: number; properties: { severity: string } }) => [r.properties.severity, r.rank]);
    expect(new Map(ranks).get('high')).toBe(80);
    for (const result of run.results) expect(result.partialFingerprints.primaryLocationLineHash).toMatch(/^[0-9a-f]{16}:1$/);
  });

  it('locations: relative and percent-encoded, one primary location, no region where there is no line', () => {
    const demo = logs.demo.runs[0];
    const leak = demo.results.find((r: { properties: { findingId: string } }) => r.properties.findingId === 'leakage/train-eval-overlap');
    expect(leak.locations).toHaveLength(1);
    expect(leak.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'demo/data.csv', uriBaseId: '%SRCROOT%' });
    expect(leak.relatedLocations.length).toBeGreaterThan(0);
    expect(demo.originalUriBaseIds['%SRCROOT%'].uri).toMatch(/^file:\/\/.*\/$/);
    const odd = logs.odd.runs[0].results[0].locations[0].physicalLocation.artifactLocation;
    expect(odd.uri).toBe('my%20data%20%231%20100%25.csv');
    // Standard input has no artifact; a compressed file has no lines.
    for (const result of logs.stdin.runs[0].results)
      expect(
        result.locations.map((l: { physicalLocation?: unknown; logicalLocations: { name: string }[] }) => [l.physicalLocation, l.logicalLocations[0].name]),
      ).toEqual([[undefined, 'standard input']]);
    for (const result of logs.gz.runs[0].results) for (const location of result.locations ?? []) expect(location.physicalLocation.region).toBeUndefined();
    // Prediction records without a data row point at the prediction file.
    const unmatched = logs.unmatched.runs[0].results.find(
      (r: { properties: { findingId: string } }) => r.properties.findingId === 'input-integrity/unmatched-predictions',
    );
    expect(unmatched.locations[0].physicalLocation.artifactLocation.uri).toMatch(/^parallel\/seed1(-tail)?\.jsonl$/);
    expect(unmatched.locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
  });
});
