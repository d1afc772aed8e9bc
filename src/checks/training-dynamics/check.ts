import { defineCheck, type ExportContext, type FindingOf, type FlaggedRow, type Json } from '../types.js';
import type { Severity } from '../../core/vocabulary.js';
import { FIT_ACCURACY, type Dynamics } from '../../math/training-dynamics.js';
import { median } from '../../math/curves.js';
import { severityLadder } from '../support/severity.js';
import { dynamicsOf } from '../support/dynamics.js';
import { fmt } from '../support/export-rows.js';
import { findings } from './findings.js';
import { wording } from './wording.js';
import { options, type Options } from './options.js';
import { remedies } from './remedy.js';
import { dynamicsCharts } from './charts.js';
import { trainingDynamicsMetrics, type TrainingDynamicsMetrics } from './metrics.js';

type Found = FindingOf<typeof findings>;
type Key = Found['key'];

/** Shares of the measured rows at which a group of likely label errors is high, medium, low. */
const labelErrorSeverity = (share: number): Severity =>
  severityLadder(
    share,
    [
      ['high', 0.1],
      ['medium', 0.03],
      ['low', 0.005],
    ],
    'info',
  );

interface Group {
  key: Key;
  /** Indices into the dynamics' rows. */
  members: number[];
  rule: string;
  statistic: Float64Array;
  /** Examples first: the lowest statistic (or highest, for variability and forgetting). */
  ascending: boolean;
  severity: (share: number) => Severity;
}

function groups(d: Dynamics, o: Options): Group[] {
  const all = [...d.rows.keys()];
  const hard = all.filter((i) => d.confidence[i] < o.hardConfidence && d.variability[i] < o.lowVariability);
  const hardSet = new Set(hard);
  const out: Group[] = [];
  if (d.hasProbabilities) {
    out.push({
      key: 'hard-to-learn',
      members: hard,
      rule: `confidence below ${o.hardConfidence} and variability below ${o.lowVariability}`,
      statistic: d.confidence,
      ascending: true,
      severity: labelErrorSeverity,
    });
    // Before the run memorised its labels when it did (Pleiss et al. stop before memorisation), over all snapshots otherwise.
    out.push({
      key: 'low-margin',
      members: all.filter((i) => d.aumBeforeFit[i] < o.aumThreshold),
      rule: `an area under the margin below ${o.aumThreshold}`,
      statistic: d.aumBeforeFit,
      ascending: true,
      severity: labelErrorSeverity,
    });
    out.push({
      key: 'ambiguous',
      members: all.filter((i) => d.variability[i] >= o.ambiguousVariability && !hardSet.has(i)),
      rule: `variability of at least ${o.ambiguousVariability}`,
      statistic: d.variability,
      ascending: false,
      severity: (share) => severityLadder(share, [['low', 0.05]], 'info'),
    });
  }
  out.push({
    key: 'never-learned',
    members: all.filter((i) => d.neverLearned[i] === 1),
    rule: 'no snapshot predicting their label',
    statistic: d.correctness,
    ascending: true,
    severity: labelErrorSeverity,
  });
  out.push({
    key: 'often-forgotten',
    members: all.filter((i) => d.forgetting[i] >= o.forgottenEvents),
    rule: `at least ${o.forgottenEvents} forgetting events per run`,
    statistic: d.forgetting,
    ascending: false,
    severity: (share) =>
      severityLadder(
        share,
        [
          ['medium', 0.1],
          ['low', 0.02],
        ],
        'info',
      ),
  });
  return out;
}

/** Bins of the data map: confidence in [0, 1] by variability in [0, 0.5] (a standard deviation of probabilities is at most 0.5). */
const MAP_BINS = 10;
const MAX_VARIABILITY = 0.5;

/** The data map as a 2-D histogram of rows (counts[confidence bin][variability bin]): aggregates, not one point per row. */
function dataMap(d: Dynamics): { bins: number; maxVariability: number; counts: number[][] } {
  const counts = Array.from({ length: MAP_BINS }, () => new Array<number>(MAP_BINS).fill(0));
  const bin = (x: number, top: number) => Math.min(MAP_BINS - 1, Math.max(0, Math.floor((x / top) * MAP_BINS)));
  for (let i = 0; i < d.rows.length; i++) {
    if (!Number.isFinite(d.confidence[i]) || !Number.isFinite(d.variability[i])) continue;
    counts[bin(d.confidence[i], 1)][bin(d.variability[i], MAX_VARIABILITY)]++;
  }
  return { bins: MAP_BINS, maxVariability: MAX_VARIABILITY, counts };
}

function exportRows({ metrics, lang }: ExportContext<TrainingDynamicsMetrics>): FlaggedRow[] {
  const flagged = metrics.flagged;
  if (!flagged) return [];
  const rows = new Map<number, string[]>();
  for (const key of ['low-margin', 'hard-to-learn', 'never-learned'] as const) {
    for (const row of flagged[key] ?? []) rows.set(row, [...(rows.get(row) ?? []), key]);
  }
  const aum = metrics.aumOfFlagged;
  const aumByRow = new Map(metrics.flaggedRows.map((row, i) => [row, aum[i]]));
  return [...rows]
    .sort((a, b) => a[0] - b[0])
    .map(([row, keys]) => ({
      row,
      reason: wording.exportReason[lang](keys, fmt(aumByRow.get(row)) ?? '?'),
    }));
}

export const trainingDynamics = defineCheck({
  id: 'training-dynamics',
  title: 'Training dynamics',
  description:
    'Reads prediction records at several epochs of a run (records with epoch, step or checkpoint) and measures, per training row, the confidence in its label and its variability across snapshots (Data Maps), the area under the margin (AUM), its correctness share and its forgetting events; reports hard-to-learn, low-margin, never-learned, ambiguous and often-forgotten rows.',
  needs: ['labels', 'snapshots'],
  rows: 'all',
  options,
  findings,
  metrics: trainingDynamicsMetrics,
  remedies,
  exportRows,
  charts: dynamicsCharts,
  run(context) {
    const o = context.options;
    const d = dynamicsOf(context)!;
    const runs = context.predictions!.snapshots!.length;
    const measured = d.rows.length;
    const found: Found[] = [];
    const flagged: Partial<Record<Key, number[]>> = {};
    const counts: Partial<Record<Key, number>> = {};
    const classes = context.labels!.classes;
    // The runs that fitted their labels, and the snapshot at which each did.
    const memorised = d.fittedAt.filter((t): t is number => t !== null);
    const window = { fitAccuracy: FIT_ACCURACY, memorisedRuns: memorised.length, fittedAt: memorised };
    for (const group of groups(d, o)) {
      const rowsOf = group.members.map((i) => d.rows[i]);
      flagged[group.key] = rowsOf;
      counts[group.key] = rowsOf.length;
      if (group.members.length === 0 || measured === 0) continue;
      const share = group.members.length / measured;
      const severity = group.severity(share);
      if (severity === 'info') continue;
      const ordered = [...group.members].sort(
        (a, b) => (group.ascending ? group.statistic[a] - group.statistic[b] : group.statistic[b] - group.statistic[a]) || d.rows[a] - d.rows[b],
      );
      const examples = ordered.slice(0, o.maxExamples).map((i) => {
        const row = d.rows[i];
        const extra: Record<string, Json> = {
          label: classes[context.labels!.codes[row]],
          confidence: Number.isFinite(d.confidence[i]) ? Number(d.confidence[i].toFixed(4)) : null,
          variability: Number.isFinite(d.variability[i]) ? Number(d.variability[i].toFixed(4)) : null,
          aum: Number.isFinite(d.aum[i]) ? Number(d.aum[i].toFixed(4)) : null,
          ...(memorised.length > 0 ? { aumBeforeFit: Number.isFinite(d.aumBeforeFit[i]) ? Number(d.aumBeforeFit[i].toFixed(4)) : null } : {}),
          correctness: Number(d.correctness[i].toFixed(4)),
          forgetting: Number(d.forgetting[i].toFixed(2)),
        };
        const text = context.excerpt(row);
        if (text !== undefined) extra.text = text;
        return context.example(row, extra);
      });
      found.push({
        key: group.key,
        severity,
        args: {
          count: group.members.length,
          rows: measured,
          share,
          runs,
          snapshots: d.snapshots,
          rule: group.rule,
          median: median(group.members.map((i) => group.statistic[i])),
          ...(group.key === 'low-margin' ? window : {}),
        },
        examples,
      });
    }
    const lowMargin = flagged['low-margin'] ?? [];
    const flaggedRows = [...new Set([...(flagged['low-margin'] ?? []), ...(flagged['hard-to-learn'] ?? []), ...(flagged['never-learned'] ?? [])])].sort(
      (a, b) => a - b,
    );
    const index = new Map<number, number>([...d.rows].map((row, i) => [row, i]));
    const metrics: TrainingDynamicsMetrics = {
      rowsMeasured: measured,
      runs,
      snapshots: d.snapshots,
      probabilities: d.hasProbabilities,
      memorisation: { fitAccuracy: FIT_ACCURACY, fittedAtSnapshot: d.fittedAt, aumWindow: memorised.length > 0 ? 'before-fit' : 'all-snapshots' },
      thresholds: {
        hardConfidence: o.hardConfidence,
        lowVariability: o.lowVariability,
        ambiguousVariability: o.ambiguousVariability,
        aumThreshold: o.aumThreshold,
        forgottenEvents: o.forgottenEvents,
      },
      counts,
      lowMarginShare: measured > 0 ? lowMargin.length / measured : 0,
      dataMap: d.hasProbabilities ? dataMap(d) : null,
      accuracyBySnapshot: d.accuracyBySnapshot.map((x) => (Number.isFinite(x) ? Number(x.toFixed(6)) : null)),
      flagged,
      flaggedRows,
      aumOfFlagged: flaggedRows.map((row) => {
        const v = d.aumBeforeFit[index.get(row)!];
        return Number.isFinite(v) ? Number(v.toFixed(6)) : null;
      }),
    };
    return { metrics, findings: found };
  },
});
