import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { audit, fixture } from './helpers/cli.js';

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('reports say what they describe: size and SHA-256 of every input as stored', () => {
  it('data and prediction files, read in parallel, from stdin and gzipped', () => {
    const seeds = readdirSync(fixture('multi-seed/per-seed')).map((name) => fixture(`multi-seed/per-seed/${name}`));
    const report = JSON.parse(audit([fixture('multi-seed/data.csv'), ...seeds, '-f', 'json', '--fail-on', 'none']).stdout);
    expect(report.inputs.data).toMatchObject({ bytes: statSync(fixture('multi-seed/data.csv')).size, sha256: sha(fixture('multi-seed/data.csv')) });
    expect(report.inputs.predictions.files).toEqual(seeds.map((path) => ({ path, bytes: statSync(path).size, sha256: sha(path) })));
    const piped = JSON.parse(audit(['-', '-f', 'json', '--fail-on', 'none'], { input: readFileSync(fixture('demo/data.csv'), 'utf8') }).stdout);
    expect(piped.inputs.data.sha256).toBe(sha(fixture('demo/data.csv')));
    // A compressed file is hashed as stored, not as decompressed.
    const gz = JSON.parse(audit([fixture('formats/data.jsonl.gz'), '-f', 'json', '--fail-on', 'none']).stdout);
    expect(gz.inputs.data).toMatchObject({ bytes: statSync(fixture('formats/data.jsonl.gz')).size, sha256: sha(fixture('formats/data.jsonl.gz')) });
  });
});
