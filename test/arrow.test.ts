/**
 * Arrow IPC files and streams written by the Arrow JS writer (test/reference/arrow_writer.mjs,
 * fixtures/arrow/): the file and the 4-batch stream give the very findings of the same data as
 * CSV, a List<Float64> probs column reads as the JSONL arrays, a cut stream is one exit-2 line.
 */
import { describe, expect, it } from 'vitest';
import { loadData } from '../src/io/data.js';
import { audit, fixture } from './helpers/cli.js';
import { findingTexts, jsonReport } from './helpers/same-findings.js';

const ar = (name: string) => fixture(`arrow/${name}`);
const findings = findingTexts;
const json = jsonReport;

describe('Arrow IPC', () => {
  const csv = json([fixture('demo/data.csv'), fixture('demo/preds.jsonl')]);
  it.each(['data.arrow', 'data-stream.arrows'])('%s: the findings of the same data as CSV', (name) => {
    const report = json([ar(name), fixture('demo/preds.jsonl')]);
    expect(report.inputs.data).toMatchObject({ format: 'arrow', rows: 488 });
    expect(findings(report)).toEqual(findings(csv));
  });
  it('reads Int64 and missing values as CSV would', async () => {
    const table = await loadData(ar('data-stream.arrows'));
    expect(table.column('stars')!.isNumeric).toBe(true);
    expect(table.column('id')!.get(487)).toBe('488');
    expect(table.lines[487]).toBe(488);
  });
  it('a List<Float64> probs column reads as the JSONL arrays do', () => {
    expect(findings(json([fixture('demo/data.csv'), ar('preds.arrow')]))).toEqual(findings(csv));
  });
  it('a stream cut inside a batch is one exit-2 line', () => {
    const run = audit([ar('truncated.arrows')]);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('truncated.arrows: not a readable Arrow IPC file or stream: Expected to read');
  });
});
