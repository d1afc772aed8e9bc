/**
 * Line endings are counted where records end: a CSV written by Python's csv module ends its
 * records in CRLF while its quoted values hold LF, and is not a file that mixes line endings.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit, fixture } from './helpers/cli.js';
import { openSource } from '../src/io/source.js';

function auditCsv(text: string | Buffer) {
  const dir = mkdtempSync(join(tmpdir(), 'endings-'));
  const path = join(dir, 'data.csv');
  writeFileSync(path, text);
  return audit([path, '-f', 'json', '--fail-on', 'none', '--no-proxy']);
}

const integrity = (run: ReturnType<typeof audit>) => run.json.checks['input-integrity'];
const ids = (run: ReturnType<typeof audit>) => (run.json.findings as { id: string }[]).map((f) => f.id);

describe('line endings', () => {
  it("Python's csv module (fixtures/python-csv, real SpamAssassin messages): CRLF record ends, LF inside quoted values, no mixed-line-endings", () => {
    const run = audit([fixture('python-csv', 'spam-multiline.csv'), '-f', 'json', '--fail-on', 'none', '--no-proxy']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.json.inputs.data.rows).toBe(40);
    expect(ids(run)).not.toContain('input-integrity/mixed-line-endings');
    // 430 LF inside the 40 quoted texts, read as part of their values.
    expect(integrity(run).metrics.lineBreaksInValues).toBe(430);
  });

  it('records that really end in two ways are still reported, with the counts of record ends only', () => {
    const rows = ['id,text,label'];
    for (let i = 0; i < 30; i++) rows.push(`${i},"first line\nsecond line of ${i}",${i % 2 ? 'a' : 'b'}`);
    // 31 records: the header and 29 rows end in LF, one row in CRLF (and the last row has no break).
    const text = rows.slice(0, 20).join('\n') + '\r\n' + rows.slice(20).join('\n');
    const run = auditCsv(text);
    expect(run.status, run.stderr).toBe(0);
    const finding = (run.json.findings as { id: string; summary: string }[]).find((f) => f.id === 'input-integrity/mixed-line-endings');
    expect(finding).toBeDefined();
    expect(finding!.summary).toContain('29 LF');
    expect(finding!.summary).toContain('1 CRLF');
    expect(integrity(run).metrics.lineBreaksInValues).toBe(30);
  });

  it('a file ending in a lone CR counts that break once (as CR, not also as LF)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'endings-'));
    const path = join(dir, 'mac.csv');
    writeFileSync(path, 'id,label\r1,a\r2,b\r');
    const source = await openSource(path);
    let text = '';
    for await (const chunk of source.chunks()) text += chunk;
    expect(text).toBe('id,label\n1,a\n2,b\n');
    expect(source.stats.lineEndings).toEqual({ lf: 0, crlf: 0, cr: 3 });
  });
});
