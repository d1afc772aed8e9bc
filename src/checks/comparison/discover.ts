/**
 * Where did the candidate get worse? A slice search (the slices check's SliceLine search with
 * Fisher tests and Benjamini-Hochberg control) over the rows where the two sides' majorities
 * disagree, for slices holding more lost rows (baseline right, candidate wrong) than the
 * disagreements' overall share; then the paired bootstrap of each such slice's rows. A slice is
 * reported only when both hold: its lost share is significant over the slices searched, and the
 * paired difference on all its shared rows lies below zero.
 */
import type { CheckContext } from '../types.js';
import { sanitizeInline } from '../../core/sanitize.js';
import { distinctSlices, searchSlices, type FoundSlice } from '../../math/slice-search.js';
import { pairedBootstrap, type PairedBootstrapResult } from '../../math/paired-comparison.js';
import type { SearchFeature } from '../../math/slice-search.js';
import { pick } from './rows.js';
import type { Options } from './options.js';

export interface DiscoveredLoss {
  /** `column=value&column=value`, for the finding's instance. */
  key: string;
  /** `column = "value" & ...`, for the text. */
  label: string;
  predicates: { column: string; value: string | null }[];
  /** Positions in the shared rows. */
  positions: Int32Array;
  /** The slice's disagreements: rows lost and in all. */
  lost: number;
  disagreements: number;
  searchQ: number;
  result: PairedBootstrapResult;
  /** Set by the check: most of its rows lie in a slice already reported (no finding of its own). */
  insideReported?: boolean;
}

export interface DiscoverySummary {
  /** Rows where the majorities disagree, and of them the lost ones. */
  disagreements: number;
  lost: number;
  columns: string[];
  /** Columns beyond maxSearchColumns, not searched. */
  skippedColumns: string[];
  slicesSearched: number;
  found: DiscoveredLoss[];
}

export function discoverLosses(
  context: CheckContext<Options>,
  /** The data's columns coded for the search (searchFeatures), and those beyond maxSearchColumns. */
  searched: { features: SearchFeature[]; skipped: string[] },
  shared: Int32Array,
  lostAt: Uint8Array,
  gainedAt: Uint8Array,
  base: readonly Float64Array[],
  cand: readonly Float64Array[],
  tested: ReadonlySet<string>,
  seed: number,
): DiscoverySummary | null {
  const opts = context.options;
  const { features, skipped } = searched;
  const rows: number[] = [];
  const target = new Uint8Array(context.data.rowCount);
  let lost = 0;
  for (let p = 0; p < shared.length; p++) {
    if (!lostAt[p] && !gainedAt[p]) continue;
    rows.push(shared[p]);
    if (lostAt[p]) {
      target[shared[p]] = 1;
      lost++;
    }
  }
  if (features.length === 0 || lost === 0) return null;
  const input = { features, target, rows: Int32Array.from(rows) };
  const search = searchSlices(input, {
    minSupport: opts.discoverMinRows,
    maxDepth: opts.discoverDepth,
    keep: opts.maxDiscovered * 4,
    direction: 'over',
    alpha: opts.alpha,
  });
  const significant = distinctSlices(
    search.slices.filter((slice) => slice.qValue <= opts.alpha),
    input,
    opts.maxDiscovered,
    0.5,
  );
  const describe = (slice: FoundSlice) => slice.predicates.map((p) => ({ column: features[p.feature].name, value: features[p.feature].values[p.value] }));
  const found: DiscoveredLoss[] = [];
  for (const [index, slice] of significant.entries()) {
    const predicates = describe(slice);
    const key = predicates.map((p) => `${p.column}=${p.value ?? ''}`).join('&');
    // A declared slice value already tested on its own.
    if (tested.has(key)) continue;
    const members: number[] = [];
    for (let p = 0; p < shared.length; p++) if (slice.predicates.every((q) => features[q.feature].codes[shared[p]] === q.value)) members.push(p);
    if (members.length < opts.minGroupRows) continue;
    const positions = Int32Array.from(members);
    const result = pairedBootstrap(pick(base, positions), pick(cand, positions), { resamples: opts.groupResamples, seed: seed + 500 + index });
    found.push({
      key,
      label: predicates.map((p) => `${sanitizeInline(p.column)} = ${p.value === null ? 'missing' : `"${sanitizeInline(p.value)}"`}`).join(' & '),
      predicates,
      positions,
      lost: slice.hits,
      disagreements: slice.size,
      searchQ: slice.qValue,
      result,
    });
  }
  return { disagreements: rows.length, lost, columns: features.map((f) => f.name), skippedColumns: skipped, slicesSearched: search.tested, found };
}
