import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Report } from '../report/schema.js';

type Finding = Report['findings'][number];

/** Where a finding's evidence sits: a file (null for standard input) and a line when it has lines. */
export interface Place {
  path: string | null;
  /** 1-based line, or null where there is none (no example, a compressed file). */
  line: number | null;
  /** The example's id, when it has one. */
  id?: string;
}

const isStdin = (path: string) => path === '-' || path === '<stdin>' || path === '';
/** Line numbers mean something only in a plain-text file, not in a compressed one. */
const hasLines = (path: string) => !/\.(gz|gzip)$/i.test(path);

function placeIn(path: string, line: number | null, id?: string): Place {
  if (isStdin(path)) return { path: null, line: null, ...(id !== undefined ? { id } : {}) };
  return { path, line: line !== null && hasLines(path) ? line : null, ...(id !== undefined ? { id } : {}) };
}

/**
 * The places a finding points at, the first being the primary one: prediction records that match
 * no row are in their prediction file; everything else is in the data file, at each example's line,
 * or at the file without a line when there is no example.
 */
export function findingPlaces(report: Report, finding: Finding): Place[] {
  const unmatched =
    finding.id.startsWith('input-integrity/unmatched-predictions') && Array.isArray(finding.metrics.examples)
      ? (finding.metrics.examples as { path?: unknown; line?: unknown }[])
      : null;
  const data = report.inputs.data.path;
  const places = unmatched
    ? unmatched.map((issue) => placeIn(typeof issue.path === 'string' ? issue.path : '', typeof issue.line === 'number' ? issue.line : null))
    : finding.examples.map((example) =>
        placeIn(data, typeof example.line === 'number' ? example.line : null, example.id === undefined ? undefined : String(example.id)),
      );
  return places.length > 0 ? places : [placeIn(data, null)];
}

/** The path's segments relative to `root` when it lies inside it, else null (outside, or the root itself). */
export function segmentsInside(root: string, path: string): string[] | null {
  const inside = relative(root, resolve(root, path));
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) ? inside.split(sep) : null;
}
