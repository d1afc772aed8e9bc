import { defineCheck, type ExportContext, type FindingOf, type FlaggedRow, type Json } from '../types.js';
import type { Severity } from '../../core/vocabulary.js';
import { knnDistanceScores, outlierCut } from '../../math/neighbour-scores.js';
import { severityLadder } from '../support/severity.js';
import { neighbourLabelDisagreement, searchEmbeddingNeighbours } from '../support/embedding-index.js';
import { fmt } from '../support/export-rows.js';
import { findings } from './findings.js';
import { wording } from './wording.js';
import { options } from './options.js';
import { remedies } from './remedy.js';
import { metrics, type EmbeddingsMetrics } from './metrics.js';

type Found = FindingOf<typeof findings>;

const outlierSeverity = (share: number): Severity =>
  severityLadder(
    share,
    [
      ['medium', 0.03],
      ['low', 0.002],
    ],
    'info',
  );
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
const round = (x: number, digits = 6) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : null);

function exportRows({ metrics, lang, label }: ExportContext<EmbeddingsMetrics>): FlaggedRow[] {
  const out: FlaggedRow[] = [];
  const scores = metrics.outlierScores;
  metrics.outliers.forEach((row, i) =>
    out.push({
      row,
      reason: wording.outlierReason[lang](fmt(scores[i]) ?? '?'),
    }),
  );
  const suggested = metrics.neighbourLabels;
  metrics.neighbourDisagreements.forEach((row, i) => {
    const given = label(row);
    out.push({
      row,
      reason: wording.disagreementReason[lang](String(suggested[i]), given ?? '?'),
    });
  });
  return out.sort((a, b) => a.row - b.row);
}

export const embeddings = defineCheck({
  id: 'embeddings',
  title: 'Embedding space',
  description:
    "With one embedding per row (--embeddings, --embedding-col): the k = 10 nearest neighbours by cosine distance (exact up to 5,000 rows, an inverted-file index beyond, its recall measured on sampled rows); outliers whose mean distance to their neighbours is beyond Tukey's far-out fence (the k-NN distance behind cleanlab's out-of-distribution score), and labelled rows whose neighbours mostly carry one other label.",
  needs: ['embeddings'],
  options,
  findings,
  metrics,
  remedies,
  exportRows,
  async run(context) {
    const o = context.options;
    const neighbours = (await searchEmbeddingNeighbours(context))!;
    const rows = context.embeddings!.rows;
    const scores = knnDistanceScores(neighbours, rows);
    const cut = outlierCut(scores, o.outlierFence);
    const outliers: number[] = [];
    for (let row = 0; row < rows; row++) if (scores[row] > cut.cutoff) outliers.push(row);
    outliers.sort((a, b) => scores[b] - scores[a] || a - b);
    const found: Found[] = [];
    const classes = context.labels?.classes ?? [];
    const labelOf = (row: number): Json => (context.labels && context.labels.codes[row] >= 0 ? classes[context.labels.codes[row]] : null);
    const share = neighbours.indexed === 0 ? 0 : outliers.length / neighbours.indexed;
    if (outliers.length > 0 && outlierSeverity(share) !== 'info') {
      found.push({
        key: 'outliers',
        severity: outlierSeverity(share),
        args: {
          count: outliers.length,
          rows: neighbours.indexed,
          share,
          k: neighbours.k,
          cutoff: cut.cutoff,
          median: cut.median,
          fence: o.outlierFence,
          largest: scores[outliers[0]],
          searchRecall: neighbours.sampledRecall?.recall ?? null,
        },
        examples: outliers.slice(0, o.maxExamples).map((row) =>
          context.example(row, {
            score: round(scores[row], 4),
            nearestRow: neighbours.rows[row * neighbours.k],
            nearestDistance: round(neighbours.distances[row * neighbours.k], 4),
            label: labelOf(row),
            ...(context.excerpt(row) !== undefined ? { text: context.excerpt(row)! } : {}),
          }),
        ),
      });
    }
    const vote = neighbourLabelDisagreement(context, neighbours);
    if (vote && vote.rows.length > 0) {
      const voteShare = vote.rows.length / Math.max(1, vote.voted);
      // Most contradicted first: the larger the share of neighbours on one other label.
      const ordered = [...vote.rows].sort((a, b) => vote.vote.topCount[b] / vote.vote.voters[b] - vote.vote.topCount[a] / vote.vote.voters[a] || a - b);
      if (labelErrorSeverity(voteShare) !== 'info')
        found.push({
          key: 'neighbour-label-disagreement',
          severity: labelErrorSeverity(voteShare),
          args: {
            count: vote.rows.length,
            rows: vote.voted,
            share: voteShare,
            k: vote.k,
            searchRecall: neighbours.sampledRecall?.recall ?? null,
          },
          examples: ordered.slice(0, o.maxExamples).map((row) =>
            context.example(row, {
              label: labelOf(row),
              neighbourLabel: classes[vote.vote.topLabel[row]],
              neighboursWithIt: vote.vote.topCount[row],
              neighboursWithOwnLabel: vote.vote.ownCount[row],
              ...(context.excerpt(row) !== undefined ? { text: context.excerpt(row)! } : {}),
            }),
          ),
        });
    }
    const measured: EmbeddingsMetrics = {
      rows,
      rowsWithVector: neighbours.indexed,
      dimensions: context.embeddings!.dimensions,
      k: neighbours.k,
      search: neighbours.method,
      searchRecall: neighbours.sampledRecall ? { sampledRows: neighbours.sampledRecall.rows, recallAt10: round(neighbours.sampledRecall.recall, 4) } : null,
      searchIndex: neighbours.ivf
        ? {
            cells: neighbours.ivf.cells,
            probes: neighbours.ivf.probes,
            calibrationRows: neighbours.ivf.calibrationRows,
            calibrationRecall: neighbours.ivf.calibrationRecall === null ? null : round(neighbours.ivf.calibrationRecall, 4),
            kernel: neighbours.ivf.kernel,
          }
        : null,
      medianNearestDistance: round(neighbours.medianNearest),
      outlierScore: { q1: round(cut.q1), median: round(cut.median), q3: round(cut.q3), cutoff: round(cut.cutoff), fence: o.outlierFence },
      outlierCount: outliers.length,
      outliers,
      outlierScores: outliers.map((row) => round(scores[row])),
      neighbourDisagreementCount: vote ? vote.rows.length : null,
      neighbourDisagreementShare: vote ? vote.rows.length / Math.max(1, vote.voted) : null,
      neighbourDisagreements: vote ? [...vote.rows] : [],
      neighbourLabels: vote ? vote.rows.map((row) => classes[vote.vote.topLabel[row]]) : [],
    };
    return { metrics: measured, findings: found };
  },
});
