import { resolve } from 'node:path';
import type { Audit } from '../report/audit.js';
import { countsTowardGate } from '../report/baseline.js';
import { sanitizeInline } from '../core/sanitize.js';
import { findingPlaces, segmentsInside } from './locations.js';

/** Workflow command per severity: GitHub shows errors and warnings on the pull request, notices in the run. */
const COMMAND: Record<string, 'error' | 'warning' | 'notice'> = { critical: 'error', high: 'error', medium: 'warning', low: 'notice', info: 'notice' };

/** A message, escaped as @actions/core escapes command data: %, CR and LF. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value, escaped as @actions/core escapes properties: also ':' and ','. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export interface GithubOptions {
  /** File paths are written relative to this directory (the repository's root); default: the working directory. */
  root?: string;
}

/** A path as the workspace-relative path annotations use; as given when it lies outside the root. */
function workspacePath(path: string, root: string): string {
  return segmentsInside(root, path)?.join('/') ?? path;
}

/**
 * GitHub Actions annotations: one `::error` / `::warning` / `::notice` workflow command per
 * finding, at the file and line of its first example (no file for standard input, no line for
 * a compressed file), titled by the finding and carrying its summary and id.
 */
export function renderGithub({ report, checks }: Audit, options: GithubOptions = {}): string {
  const root = resolve(options.root ?? process.cwd());
  const definitions = new Map(checks.map((check) => [check.id, check]));
  const lines = report.findings.map((finding) => {
    const place = findingPlaces(report, finding, definitions.get(finding.check))[0];
    const properties: string[] = [];
    if (place.path !== null) {
      properties.push(`file=${escapeProperty(workspacePath(place.path, root))}`);
      if (place.line !== null) properties.push(`line=${place.line}`);
    }
    // Against a baseline, findings the gate does not count (unchanged, better) are notices on the pull request.
    const counted = countsTowardGate(finding, report.summary.gate.scope);
    const since = finding.baseline ? ` (${finding.baseline.state})` : '';
    properties.push(`title=${escapeProperty(`${finding.severity}${since}: ${sanitizeInline(finding.title)}`)}`);
    return `::${counted ? COMMAND[finding.severity] : 'notice'} ${properties.join(',')}::${escapeData(`${sanitizeInline(finding.summary)} [${sanitizeInline(finding.id)}]`)}`;
  });
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}
