import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Report } from '../report/schema.js';
import type { AnyCheck } from '../checks/types.js';

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
 * The places a finding points at, the first being the primary one: where its check says (`places`:
 * prediction records that match no row are in their prediction file, say); everything else is in
 * the data file, at each example's line, or at the file without a line when there is no example.
 */
export function findingPlaces(report: Report, finding: Finding, check: AnyCheck | undefined): Place[] {
  const declared = check?.places?.(finding) ?? null;
  const data = report.inputs.data.path;
  const places = declared
    ? declared.map((place) => placeIn(place.path, place.line))
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
