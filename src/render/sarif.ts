import type { Report } from '../report/schema.js';

const LEVEL: Record<string, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

/**
 * SARIF 2.1.0 for code-scanning pages: one rule per check, one result per finding, located
 * at the first example's line in the data file (line 1 when the finding has no example).
 */
export function renderSarif(report: Report): string {
  const checkIds = Object.keys(report.checks);
  const rules = checkIds.map((id) => ({ id, name: id, shortDescription: { text: id } }));
  const results = report.findings.map((finding) => {
    const lines = finding.examples.slice(0, 10).map((e) => e.line);
    return {
      ruleId: finding.check,
      ruleIndex: checkIds.indexOf(finding.check),
      level: LEVEL[finding.severity],
      message: { text: `${finding.title}: ${finding.summary}` },
      partialFingerprints: { findingId: finding.id },
      properties: { severity: finding.severity, findingId: finding.id },
      locations: (lines.length > 0 ? lines : [1]).map((line) => ({
        physicalLocation: { artifactLocation: { uri: report.inputs.data.path }, region: { startLine: line } },
      })),
    };
  });
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'trainaudit', version: report.tool.version, rules } }, results }],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
