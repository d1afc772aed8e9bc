import { createHash } from 'node:crypto';
import { resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Audit } from '../report/audit.js';
import { findingPlaces, segmentsInside } from './locations.js';

const LEVEL: Record<string, 'error' | 'warning' | 'note'> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
/** SARIF `rank` (0-100) by severity, so code scanning can sort by the five steps `level` folds into three. */
const RANK: Record<string, number> = { critical: 95, high: 80, medium: 50, low: 20, info: 5 };
/** Locations beyond the primary one, as relatedLocations. */
const MAX_RELATED = 9;

export interface SarifOptions {
  /** URIs are written relative to this directory (`%SRCROOT%`); default: the working directory. */
  root?: string;
}

interface Artifact {
  uri: string;
  uriBaseId?: string;
}

/** A path as a URI reference: relative to the root (each segment percent-encoded), or a file: URI outside it. */
function artifactOf(path: string, root: string): Artifact {
  const inside = segmentsInside(root, path);
  if (inside) return { uri: inside.map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
  return { uri: pathToFileURL(resolve(root, path)).href };
}

function pascal(id: string): string {
  return id.replace(/(^|[-_/])(\w)/g, (_, __, c: string) => c.toUpperCase());
}

/**
 * SARIF 2.1.0 for code scanning: one rule per check (with its description and help), one result
 * per finding at the file that holds the problem (the prediction file for prediction records that
 * match no row, else the data file), the first example as the primary location and further examples
 * as related locations; no region where there is no line. Checked by the official schema and by
 * Microsoft's SARIF multitool (`validate --rule-kind "Gh;Sarif"`) in test/formats.test.ts.
 */
export function renderSarif({ report, checks }: Audit, options: SarifOptions = {}): string {
  const root = resolve(options.root ?? process.cwd());
  const checkIds = Object.keys(report.checks);
  const definitions = new Map(checks.map((check) => [check.id, check]));
  const rules = checkIds.map((id) => {
    const check = definitions.get(id);
    const title = check?.title ?? id;
    const description = check?.description ?? `Findings of the ${id} check.`;
    return {
      id,
      name: pascal(id),
      shortDescription: { text: title },
      fullDescription: { text: description },
      help: {
        text: `${description} Each result's message gives the numbers behind it; the JSON report (--format json) has every metric and example.`,
        markdown: `**${title}.** ${description}\n\nEach result's message gives the numbers behind it; the JSON report (\`--format json\`) has every metric and example.`,
      },
      properties: { tags: ['machine-learning', 'data-quality'] },
    };
  });
  const artifacts = new Map<string, Artifact | null>();
  const artifact = (path: string | null) => {
    if (path === null) return null;
    if (!artifacts.has(path)) artifacts.set(path, artifactOf(path, root));
    return artifacts.get(path)!;
  };
  const results = report.findings.map((finding) => {
    const locations: object[] = [];
    const related: object[] = [];
    findingPlaces(report, finding, definitions.get(finding.check))
      .slice(0, MAX_RELATED + 1)
      .forEach((place, index) => {
        const file = artifact(place.path);
        if (!file) return;
        const physicalLocation: Record<string, unknown> = {
          artifactLocation: file.uriBaseId ? { uri: file.uri, uriBaseId: file.uriBaseId } : { uri: file.uri },
        };
        if (place.line !== null) physicalLocation.region = { startLine: place.line };
        if (index === 0 || locations.length === 0) locations.push({ physicalLocation });
        else
          related.push({ id: related.length + 1, physicalLocation, message: { text: place.id !== undefined ? `Example: id ${place.id}` : 'Another example' } });
      });
    const result: Record<string, unknown> = {
      ruleId: finding.check,
      ruleIndex: checkIds.indexOf(finding.check),
      level: LEVEL[finding.severity],
      rank: RANK[finding.severity],
      message: { text: `${finding.title}: ${finding.summary}` },
      // Stable across commits while the finding stays the same finding (GitHub tracks alerts by it).
      partialFingerprints: { primaryLocationLineHash: `${createHash('sha256').update(finding.id).digest('hex').slice(0, 16)}:1`, findingId: finding.id },
      properties: { severity: finding.severity, findingId: finding.id, ...(finding.baseline ? { baselineState: finding.baseline.state } : {}) },
    };
    // SARIF's own field: worse and better are both "updated".
    if (finding.baseline) result.baselineState = finding.baseline.state === 'new' ? 'new' : finding.baseline.state === 'unchanged' ? 'unchanged' : 'updated';
    // Standard input has no artifact: the location names it logically (code scanning needs a locations array).
    result.locations =
      locations.length > 0
        ? locations
        : [{ logicalLocations: [{ name: 'standard input', kind: 'resource' }], message: { text: 'The data was read from standard input.' } }];
    if (related.length > 0) result.relatedLocations = related;
    return result;
  });
  const run: Record<string, unknown> = {
    tool: { driver: { name: 'trainaudit', version: report.tool.version, semanticVersion: report.tool.version, rules } },
    results,
  };
  // Findings of the baseline that are gone. Not as results with baselineState "absent": GitHub
  // code scanning ignores baselineState and would open an alert for each of them.
  if (report.baseline)
    run.properties = {
      baseline: {
        path: report.baseline.path,
        absent: report.baseline.disappeared.map((gone) => ({ findingId: gone.id, severity: gone.severity, title: gone.title })),
      },
    };
  run.originalUriBaseIds = { '%SRCROOT%': { uri: pathToFileURL(root.endsWith(sep) ? root : root + sep).href } };
  const sarif = { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [run] };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
