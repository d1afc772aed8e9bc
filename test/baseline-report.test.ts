import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit, fixture } from './helpers/cli.js';
import { multitoolErrors, sarifSchemaErrors } from './helpers/validators.js';

/** The planted breast_cancer fixture, and a copy with 7 more training rows copied into the test split (new ids). */
function plantedWithMoreLeaks(dir: string): void {
  copyFileSync(fixture('real-models/planted/data.csv'), join(dir, 'data.csv'));
  copyFileSync(fixture('real-models/planted/preds.jsonl'), join(dir, 'preds.jsonl'));
  const lines = readFileSync(join(dir, 'data.csv'), 'utf8').trimEnd().split('\n');
  const header = lines[0].split(',');
  const id = header.indexOf('id');
  const split = header.indexOf('split');
  const train = lines.slice(1).filter((line) => line.split(',')[split] === 'train');
  const maxId = Math.max(...lines.slice(1).map((line) => Number(line.split(',')[id])));
  const copies = train.slice(100, 107).map((line, k) => {
    const cells = line.split(',');
    cells[id] = String(maxId + 1 + k);
    cells[split] = 'test';
    return cells.join(',');
  });
  writeFileSync(join(dir, 'more-leaks.csv'), `${[...lines, ...copies].join('\n')}\n`);
}

describe('--baseline-report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trainaudit-baseline-'));
  plantedWithMoreLeaks(dir);
  const first = audit(['data.csv', 'preds.jsonl', '-o', 'base.json', '-q'], { cwd: dir });

  it('the same inputs against their own report: every finding unchanged, and accepted findings do not fail the gate', () => {
    expect(first.status).toBe(1); // the absolute gate fails on the planted leakage
    const again = audit(['data.csv', 'preds.jsonl', '--baseline-report', 'base.json', '-f', 'json'], { cwd: dir });
    expect(again.status).toBe(0);
    const report = JSON.parse(again.stdout);
    expect(report.findings.length).toBeGreaterThan(3);
    for (const finding of report.findings)
      expect(finding.baseline, finding.id).toEqual({ state: 'unchanged', previousSeverity: finding.severity, changes: {} });
    expect(report.baseline).toMatchObject({ path: 'base.json', sameData: true, counts: { new: 0, worse: 0, better: 0 }, disappeared: [] });
    expect(report.summary.gate).toEqual({ failOn: 'high', passed: true, scope: 'new-and-worse' });
    // --gate all restores the absolute gate.
    expect(audit(['data.csv', 'preds.jsonl', '--baseline-report', 'base.json', '--gate', 'all', '-q'], { cwd: dir }).status).toBe(1);
  });

  it('7 more leaked rows make the leakage finding worse (15 -> 22) and fail the gate; the unchanged ones are not counted', () => {
    const run = audit(['more-leaks.csv', 'preds.jsonl', '--baseline-report', 'base.json', '-f', 'json'], { cwd: dir });
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout);
    const leak = report.findings.find((f: { id: string }) => f.id === 'leakage/train-eval-overlap');
    expect(leak.baseline).toMatchObject({ state: 'worse', previousSeverity: 'high' });
    expect(leak.baseline.changes.totalLeakedRows).toEqual([15, 22]);
    expect(report.baseline.sameData).toBe(false);
    const text = audit(['more-leaks.csv', 'preds.jsonl', '--baseline-report', 'base.json'], { cwd: dir, env: { NO_COLOR: '1' } }).stdout;
    expect(text).toContain('Since the baseline (base.json): 0 new, 3 worse, 5 unchanged, 0 better; 0 gone');
    expect(text).toContain('WORSE 22 evaluation rows duplicate training rows [leakage/train-eval-overlap]:');
    expect(text).toContain('gate failed: 1 finding(s) at or above high (--fail-on high; new and worse findings only');
  });

  it('a baseline finding whose size field is missing or mistyped (another version, a hand edit) reads as no size: unchanged at the same severity, never an error', () => {
    const base = JSON.parse(readFileSync(join(dir, 'base.json'), 'utf8'));
    const leak = base.findings.find((f: { id: string }) => f.id === 'leakage/train-eval-overlap');
    for (const [name, value] of [
      ['no-size.json', undefined],
      ['string-size.json', '15'],
    ] as const) {
      leak.metrics.totalLeakedRows = value;
      writeFileSync(join(dir, name), JSON.stringify(base));
      const run = audit(['more-leaks.csv', 'preds.jsonl', '--baseline-report', name, '-f', 'json'], { cwd: dir });
      expect(run.stderr, name).toBe('');
      const after = JSON.parse(run.stdout).findings.find((f: { id: string }) => f.id === 'leakage/train-eval-overlap');
      expect(after.baseline, name).toMatchObject({ state: 'unchanged', previousSeverity: 'high', changes: {} });
    }
  });

  it('lists findings that disappeared, and SARIF carries baselineState', () => {
    const base = JSON.parse(readFileSync(join(dir, 'base.json'), 'utf8'));
    base.findings.push({ ...base.findings[0], id: 'leakage/train-eval-overlap:old', title: 'An old finding' });
    writeFileSync(join(dir, 'base-extra.json'), JSON.stringify(base));
    const report = JSON.parse(audit(['data.csv', 'preds.jsonl', '--baseline-report', 'base-extra.json', '-f', 'json'], { cwd: dir }).stdout);
    expect(report.baseline.disappeared).toEqual([{ id: 'leakage/train-eval-overlap:old', severity: base.findings[0].severity, title: 'An old finding' }]);
    const sarif = JSON.parse(
      audit(['more-leaks.csv', 'preds.jsonl', '--baseline-report', 'base.json', '-f', 'sarif', '--fail-on', 'none'], { cwd: dir }).stdout,
    );
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    const states = sarif.runs[0].results.map((r: { baselineState: string }) => r.baselineState);
    expect(new Set(states)).toEqual(new Set(['updated', 'unchanged']));
    // The gone findings are listed in the run's properties (as results, code scanning would alert on them).
    const gone = audit(['data.csv', 'preds.jsonl', '--baseline-report', 'base-extra.json', '-f', 'sarif', '--fail-on', 'none'], { cwd: dir }).stdout;
    writeFileSync(join(dir, 'gone.sarif'), gone);
    const goneRun = JSON.parse(gone).runs[0];
    expect(goneRun.properties.baseline).toEqual({
      path: 'base-extra.json',
      absent: [{ findingId: 'leakage/train-eval-overlap:old', severity: base.findings[0].severity, title: 'An old finding' }],
    });
    expect(goneRun.results.map((r: { properties: { findingId: string } }) => r.properties.findingId)).not.toContain('leakage/train-eval-overlap:old');
    expect(sarifSchemaErrors(JSON.parse(gone))).toEqual([]);
    expect(multitoolErrors([join(dir, 'gone.sarif')], dir)).toEqual([]);
    // JUnit fails only what the gate counts: the worse leakage, not the accepted high findings.
    const junit = audit(['data.csv', 'preds.jsonl', '--baseline-report', 'base.json', '-f', 'junit'], { cwd: dir }).stdout;
    expect(junit).not.toContain('<failure');
    expect(junit).toContain('[unchanged since the baseline]');
    const worse = audit(['more-leaks.csv', 'preds.jsonl', '--baseline-report', 'base.json', '-f', 'junit'], { cwd: dir }).stdout;
    expect(worse.match(/<failure /g)).toHaveLength(1);
    expect(worse).toContain('<failure type="high" message="22 evaluation rows duplicate training rows">[worse since the baseline]');
    // Annotations: errors only for what the gate counts.
    const annotations = audit(['more-leaks.csv', 'preds.jsonl', '--baseline-report', 'base.json', '-f', 'github'], { cwd: dir }).stdout.trim().split('\n');
    expect(annotations.filter((line) => line.startsWith('::error'))).toEqual([
      expect.stringMatching(/^::error file=more-leaks\.csv,line=\d+,title=high \(worse\)%3A 22 evaluation rows duplicate training rows::/),
    ]);
  });

  it('refuses another schemaVersion, non-JSON and a report without findings (exit 2, one line)', () => {
    const base = JSON.parse(readFileSync(join(dir, 'base.json'), 'utf8'));
    writeFileSync(join(dir, 'v2.json'), JSON.stringify({ ...base, schemaVersion: 2 }));
    writeFileSync(join(dir, 'not.json'), 'id,label\n');
    writeFileSync(join(dir, 'bare.json'), JSON.stringify({ schemaVersion: 1 }));
    const v2 = audit(['data.csv', 'preds.jsonl', '--baseline-report', 'v2.json'], { cwd: dir });
    expect(v2.status).toBe(2);
    expect(v2.stderr).toBe(
      'audit: v2.json: the baseline report has schemaVersion 2; this trainaudit writes schemaVersion 1, so their findings cannot be matched\n',
    );
    for (const name of ['not.json', 'bare.json', 'missing.json']) {
      const bad = audit(['data.csv', 'preds.jsonl', '--baseline-report', name], { cwd: dir });
      expect(bad.status, name).toBe(2);
      expect(bad.stderr.trim().split('\n'), name).toHaveLength(1);
    }
  });

  it('audit diff compares two saved reports the same way, after validating both', () => {
    audit(['more-leaks.csv', 'preds.jsonl', '-o', 'new.json', '-q'], { cwd: dir });
    const diff = audit(['diff', 'base.json', 'new.json', '-f', 'json'], { cwd: dir });
    expect(diff.status).toBe(1);
    const viaRun = JSON.parse(audit(['more-leaks.csv', 'preds.jsonl', '--baseline-report', 'base.json', '-f', 'json'], { cwd: dir }).stdout);
    const report = JSON.parse(diff.stdout);
    expect(report.baseline).toEqual(viaRun.baseline);
    expect(report.findings.map((f: { id: string; baseline: unknown }) => [f.id, f.baseline])).toEqual(
      viaRun.findings.map((f: { id: string; baseline: unknown }) => [f.id, f.baseline]),
    );
    expect(audit(['diff', 'base.json', 'base.json', '-q'], { cwd: dir }).status).toBe(2); // -q is not a diff option
    expect(audit(['diff', 'base.json', 'base.json'], { cwd: dir }).status).toBe(0);
    const bare = audit(['diff', 'bare.json', 'new.json'], { cwd: dir });
    expect(bare.status).toBe(2);
    expect(bare.stderr).toMatch(/^audit: bare\.json: the old report does not match the report schema at /);
  });
});
