import { searchEmbeddingNeighbours, type EmbeddingNeighbours } from './support/embedding-index.js';
import { z } from 'zod';
import { pct as percent } from './support/format.js';
import { severityLadder } from './support/severity.js';
import { defineCheck, finding, type Example, type FindingOf, type Json, type Severity, type TypedFinding } from './types.js';
import type { CombinedRuns } from '../math/run-combination.js';
import { recordOf } from '../own-keys.js';
import { jsonText, ofRows, pct, quote, trainingRowsTouched, type CheckRemedies } from './support/evidence.js';
import { m } from './support/metrics-schema.js';
import { flaggedByRole, MIN_SKILL, modelSkill, type FlaggedByRole, type InSampleCheck, type ModelSkill } from './label-noise.roles.js';
import { agreementWithDynamics, agreementWithNeighbours, combinedRuns, flagLabels, type FlaggedLabels } from './label-noise.flag.js';
import { fmt, text } from './support/export-rows.js';
import { metrics, type LabelNoiseMetrics } from './label-noise.metrics.js';
import type { CheckContext, ExportContext, FlaggedRow } from './types.js';
import { hardGroupOfFlagged, type HardGroup } from './support/hard-group.js';
import { sanitizeInline } from '../core/sanitize.js';
import { labelNoiseCharts } from './label-noise.charts.js';
import { labelNoiseGuards } from './label-noise.rules.js';
import { wording } from './label-noise.wording.js';

const options = z
  .object({
    /** Label-quality score that ranks the flagged rows (cleanlab's default for ranking is self_confidence). */
    method: z.enum(['self_confidence', 'normalized_margin']).default('self_confidence'),
    /**
     * With several runs, a flagged row is kept only when at least this share of the runs that
     * predict it disagree with its label (majority by default; 0 keeps every confident-learning flag).
     */
    minRunAgreement: z.number().min(0).max(1).default(0.5),
    /** Classes keep at least this many rows; classes with no more rows than this are not pruned. */
    minExamplesPerClass: z.number().int().min(0).default(1),
    /** How many example rows the finding lists (the metrics list every flagged row). */
    maxExamples: z.number().int().min(1).default(10),
    /**
     * The confident joint (classes x classes) is listed up to this many classes; above it, its
     * largest off-diagonal cells are (10,000 classes make a matrix of 10^8 counts).
     */
    maxJointClasses: z.number().int().min(1).default(100),
  })
  .strict();

const JOINT_TOP_PAIRS = 100;

/** The largest off-diagonal cells of a given x true matrix, largest first (ties by position). */
export function largestOffDiagonal(
  matrix: readonly (readonly number[])[],
  classes: readonly string[],
  limit: number,
): { label: string; suggested: string; count: number }[] {
  const cells: { i: number; j: number; count: number }[] = [];
  for (let i = 0; i < matrix.length; i++) {
    const row = matrix[i];
    for (let j = 0; j < row.length; j++) if (i !== j && row[j] > 0) cells.push({ i, j, count: row[j] });
  }
  cells.sort((a, b) => b.count - a.count || a.i - b.i || a.j - b.j);
  return cells.slice(0, limit).map(({ i, j, count }) => ({ label: classes[i], suggested: classes[j], count }));
}

/** Severity from the estimated share of wrong labels. */
export const noiseSeverity = (rate: number): Severity =>
  severityLadder(
    rate,
    [
      ['high', 0.1],
      ['medium', 0.03],
    ],
    'low',
  );

export interface MislabelledRowsArgs {
  issueCount: number;
  issueShare: number;
  estimatedNoiseRate: number;
  rowsAnalysed: number;
  method: 'self_confidence' | 'normalized_margin';
  runsUsed: number;
  source: 'probabilities' | 'votes';
  minRunAgreement: number;
  mostAffectedClass: string;
  mostAffectedClassNoiseShare: number;
  mostAffectedClassRows: number;
  /** The group holding the most flagged rows among those the model finds significantly harder, or null. */
  hardGroup: HardGroup | null;
  /** With embeddings: how many flagged rows their k nearest neighbours also contradict (a k-NN label vote). */
  neighbours?: { k: number; both: number; neighbourFlagged: number };
  /** With a split (or --train): analysed and flagged rows per role; null when every row plays both roles. */
  byRole: FlaggedByRole | null;
  /** The training rows were left out as in-sample (see in-sample-predictions). */
  trainingLeftOut: boolean;
  /** How far the model is above always guessing the majority label; below MIN_SKILL its flags are mostly its own errors. */
  skill: ModelSkill | null;
  weakModel: boolean;
  majorityLabel: string | null;
}

const weakText = (a: MislabelledRowsArgs, lang: 'en' | 'zh'): string => (a.weakModel && a.skill ? wording.weakModel[lang](a.majorityLabel, a.skill) : '');

export interface InSampleArgs extends InSampleCheck {
  runsUsed: number;
}

function roleText(a: MislabelledRowsArgs, lang: 'en' | 'zh'): string {
  if (!a.byRole) return '';
  return (a.trainingLeftOut ? wording.trainingLeftOut : wording.byRole)[lang](a.byRole);
}

const neighbourText = (a: MislabelledRowsArgs, lang: 'en' | 'zh'): string => (a.neighbours ? wording.neighbours[lang](a, a.neighbours) : '');

/** One run of hard predictions: a flagged row is only a row the model got wrong. */
const singleHardRun = (a: { source?: unknown; runsUsed?: unknown } | null) => a?.source === 'votes' && a?.runsUsed === 1;

function hardGroupText(a: MislabelledRowsArgs, lang: 'en' | 'zh'): string {
  const g = a.hardGroup;
  if (!g) return '';
  const where = `${sanitizeInline(g.column)} = ${g.value === null ? '(missing)' : `"${sanitizeInline(g.value)}"`}`;
  return wording.hardGroup[lang](a, g, where);
}

const findings = {
  'in-sample-predictions': finding({
    args: z.object({ gap: m.number() }),
    size: (a) => a.gap,
    en: (a: InSampleArgs) => ({
      title: `The model does far better on its training rows than on evaluation rows: ${percent(a.trainingAccuracy)} right against ${percent(a.evaluationAccuracy)}`,
      summary:
        `${a.runsUsed > 1 ? `The ${a.runsUsed} runs' combined predictions are` : 'The predictions are'} right on ${percent(a.trainingAccuracy)} of the ${a.trainingRows} training rows (${percent(a.trainingAccuracyAtEvaluationMix)} at the evaluation rows' class mix) against ${percent(a.evaluationAccuracy)} of the ${a.evaluationRows} evaluation rows, ${(a.gap * 100).toFixed(1)} points apart (z = ${a.z.toFixed(1)}). ` +
        `Predictions made in-sample look like this: a model scored on the rows it was fitted to is over-fit, and its predictions there cannot reveal wrong training labels (it has learned them). So can evaluation rows unlike the training rows (a distribution shift, which the distribution-shift check measures). ` +
        `Label errors were looked for among the evaluation rows only; give out-of-fold predictions for the training rows (cross_val_predict, or k-fold training) to check their labels.`,
    }),
    zh: (a) => ({
      title: `模型在训练行上的表现远好于评估行：正确率 ${percent(a.trainingAccuracy)}，而评估行上为 ${percent(a.evaluationAccuracy)}`,
      summary:
        `${a.runsUsed > 1 ? `${a.runsUsed} 次运行合并后的预测` : '预测'}在 ${a.trainingRows} 个训练行上的正确率为 ${percent(a.trainingAccuracy)}（按评估行的类别构成为 ${percent(a.trainingAccuracyAtEvaluationMix)}），在 ${a.evaluationRows} 个评估行上为 ${percent(a.evaluationAccuracy)}，相差 ${(a.gap * 100).toFixed(1)} 个百分点（z = ${a.z.toFixed(1)}）。` +
        `样本内预测就是这样：在用来拟合它的行上给模型打分，说明模型过拟合了，而它在那些行上的预测无法揭示错误的训练标签（它已经学会了这些标签）。评估行与训练行不同（分布偏移，distribution-shift 检查会测量）也会造成这种差距。` +
        `因此只在评估行中查找了标签错误；请提供训练行的交叉拟合（out-of-fold）预测（cross_val_predict，或 k 折训练）来检查它们的标签。`,
    }),
  }),
  'mislabelled-rows': finding({
    args: z.object({
      hardGroup: m.object({ column: m.string(), value: m.json(), flaggedInGroup: m.number() }),
      weakModel: m.boolean(),
      byRole: m.object({ training: m.object({ flagged: m.number() }), evaluation: m.object({ flagged: m.number() }) }),
      issueCount: m.number(),
    }),
    size: (a) => a.issueCount,
    en: (a: MislabelledRowsArgs) => {
      const evidence =
        a.runsUsed > 1
          ? `the ${a.runsUsed} runs' ${a.source === 'votes' ? 'vote shares, standing in for probabilities' : 'averaged probabilities'}, kept where at least ${percent(a.minRunAgreement)} of the runs disagree with the label`
          : `the one run's ${a.source === 'votes' ? 'hard predictions' : 'probabilities'}`;
      if (singleHardRun(a)) {
        return {
          title: `${a.issueCount} row${a.issueCount === 1 ? '' : 's'} the one run gets wrong (not evidence of label errors)`,
          summary:
            `${a.issueCount} of ${a.rowsAnalysed} labelled rows (${percent(a.issueCount / Math.max(a.rowsAnalysed, 1))}) are predicted as another class by the only run, which gives hard predictions only. ` +
            `Confident learning needs out-of-sample probabilities: with one run's hard predictions a flagged row is just an error of the model, and nothing here tells a wrong label from a hard example or a genuine outcome (as with observed outcomes such as recidivism). ` +
            `Give probabilities, or several runs, before relabelling anything.` +
            hardGroupText(a, 'en'),
        };
      }
      return {
        title: a.weakModel
          ? `${a.issueCount} row${a.issueCount === 1 ? '' : 's'} the model confidently disagrees with (too weak a model for them to mean label errors)`
          : `${a.issueCount} likely mislabelled row${a.issueCount === 1 ? '' : 's'}`,
        summary:
          `${a.issueCount} of ${a.rowsAnalysed} labelled rows (${percent(a.issueCount / Math.max(a.rowsAnalysed, 1))}) are confidently predicted as a class other than their label (confident learning on ${evidence}). ` +
          `Confident learning estimates ${percent(a.estimatedNoiseRate)} of the labels are wrong; the most affected class is "${a.mostAffectedClass}" (${percent(a.mostAffectedClassNoiseShare)} of its ${a.mostAffectedClassRows} rows).` +
          (a.weakModel
            ? ''
            : ` Wrong labels teach the model the wrong answer and mis-measure its accuracy: reviewing these rows, most likely errors first, and relabelling or dropping them removes that noise.`) +
          roleText(a, 'en') +
          weakText(a, 'en') +
          neighbourText(a, 'en') +
          hardGroupText(a, 'en'),
      };
    },
    zh: (a) => {
      const votes = a.source === 'votes';
      const evidence =
        a.runsUsed > 1
          ? `依据 ${a.runsUsed} 次运行的${votes ? '投票比例（代替概率）' : '平均概率'}，只保留至少 ${percent(a.minRunAgreement)} 的运行与标签不一致的行`
          : `依据单次运行的${votes ? '硬预测' : '概率'}`;
      if (singleHardRun(a)) {
        return {
          title: `唯一一次运行预测错误的 ${a.issueCount} 行（不能证明标签有错）`,
          summary:
            `${a.rowsAnalysed} 行有标签的数据中有 ${a.issueCount} 行（${percent(a.issueCount / Math.max(a.rowsAnalysed, 1))}）被唯一一次运行预测为其他类别，而这次运行只给出硬预测。` +
            `置信学习需要样本外的概率：只有一次运行的硬预测时，被标记的行只是模型的错误，无法区分标签错误、难例和真实结果（例如观察到的再犯等结果）。` +
            `在重新标注之前，请提供概率或多次运行的预测。` +
            hardGroupText(a, 'zh'),
        };
      }
      return {
        title: a.weakModel ? `模型高置信度地不认同的 ${a.issueCount} 行（模型太弱，不能说明标签有错）` : `${a.issueCount} 行疑似标注错误`,
        summary:
          `${a.rowsAnalysed} 行有标签的数据中有 ${a.issueCount} 行（${percent(a.issueCount / Math.max(a.rowsAnalysed, 1))}）被高置信度地预测为与标签不同的类别（置信学习，${evidence}）。` +
          `置信学习估计有 ${percent(a.estimatedNoiseRate)} 的标签是错的；受影响最大的类别是 "${a.mostAffectedClass}"（其 ${a.mostAffectedClassRows} 行中的 ${percent(a.mostAffectedClassNoiseShare)}）。` +
          (a.weakModel
            ? ''
            : `错误的标签会教给模型错误的答案，也会让准确率的测量失准：按出错可能性从高到低复核这些行，再重新标注或删除，即可消除这部分噪声。`) +
          roleText(a, 'zh') +
          weakText(a, 'zh') +
          neighbourText(a, 'zh') +
          hardGroupText(a, 'zh'),
      };
    },
  }),
};

type LabelNoiseFinding = TypedFinding<typeof findings>;

/** The mislabelled-rows finding among a check's findings, or undefined. */
const mislabelled = (findings: readonly LabelNoiseFinding[]) => findings.flatMap((f) => (f.key === 'mislabelled-rows' ? [f] : []))[0];

/** This check's part in the remedies: the evidence it gives and the headroom it measures. */
const remedies: CheckRemedies<LabelNoiseMetrics, LabelNoiseFinding> = {
  evidence({ metrics: noise, lang, rows, findings }) {
    const issues = noise?.issueCount ?? null;
    const rate = noise?.estimatedNoiseRate ?? null;
    if (issues === null && rate === null) return [];
    const analysed = noise?.rowsAnalysed ?? rows;
    const share = issues !== null ? ofRows(issues, analysed, lang) : '';
    const out = [wording.evidence[lang](issues, share, rate !== null ? pct(rate) : null)];
    // Flagged rows in a group the model finds hard are often hard, not mislabelled: the reviewer should know.
    const hard = mislabelled(findings)?.args.hardGroup;
    if (hard && hard.column !== null && hard.flaggedInGroup !== null) {
      const where = `${quote(hard.column)} = ${quote(jsonText(hard.value))}`;
      out.push(wording.hardGroupEvidence[lang](hard.flaggedInGroup, where));
    }
    return out;
  },
  headroom: {
    // Relabelling acts through the training rows it changes; nothing here sizes what that gains.
    labelIssueShare({ metrics: noise, lang }) {
      // One run's hard predictions measure the model's errors, not label noise.
      if (noise === null || singleHardRun(noise)) return null;
      // A list read as empty may have been absent: it counts only when it names rows.
      const issues = noise.byRole?.training?.flagged ?? noise.issueCount ?? (noise.rows.length > 0 ? noise.rows.length : null);
      return issues === null ? null : trainingRowsTouched(issues, 'relabelled', lang);
    },
    // Flagged evaluation rows: how far the measured accuracy may be off because of them, at most.
    evaluationLabelIssues({ metrics: noise, findings, lang }) {
      // A measure's findings are every check's behind the remedy, untyped (MeasureContext): this one's read by id.
      if (noise === null || singleHardRun(noise) || findings.some((f) => f.id === 'label-noise/mislabelled-rows' && f.metrics.weakModel === true)) return null;
      const evaluation = noise.byRole?.evaluation ?? null;
      const flagged = evaluation?.flagged ?? null;
      const rows = evaluation?.rows ?? null;
      const shift = evaluation?.accuracyShiftIfRelabelled ?? null;
      if (flagged === null || flagged === 0 || shift === null) return null;
      return {
        metric: 'understatement',
        value: Math.abs(shift),
        interval: null,
        unit: 'fraction',
        basis: 'upper-bound',
        method: wording.evaluationLabelIssuesMethod[lang](rows, flagged, shift),
        rows: flagged,
      };
    },
  },
};

/** Every flagged row, most likely error first, with its label, the suggested one and its label quality. */
function exportRows({ metrics, lang, label }: ExportContext<LabelNoiseMetrics>): FlaggedRow[] {
  const { qualityScores: quality, suggestedLabels: suggested } = metrics;
  return metrics.rows.map((row, index) => {
    const q = fmt(quality[index]);
    const givenLabel = label(row);
    const given = givenLabel !== null ? text(givenLabel) : null;
    const suggestion = index < suggested.length ? text(suggested[index]) : null;
    return { row, reason: wording.exportReason[lang](index + 1, given, suggestion, q) };
  });
}

type Options = z.output<typeof options>;

/** The check's metrics: the flagged rows with their scores, suggestions and agreement, the noise estimate and how the flags were made. */
function labelNoiseMetrics(
  context: CheckContext<Options>,
  combined: CombinedRuns,
  flagged: FlaggedLabels,
  notes: string[],
  neighbours: EmbeddingNeighbours | null,
) {
  const { method, minRunAgreement, maxJointClasses } = context.options;
  const labels = context.labels!;
  const runs = context.predictions!.runs;
  const classes = labels.classes;
  const k = classes.length;
  const { result, rows, codes, combinedPred, inSample, trainingLeftOut } = flagged;
  const noise = result.noise;
  const perClass = recordOf(
    classes,
    noise.perClass.map((entry, c) => ({ share: entry.share, count: entry.count, flagged: flagged.flaggedPerClass[c] })),
  );
  const issueCount = rows.length;
  const analysed = result.analysed;
  const byRole = flaggedByRole(context.rowRoles, (row) => codes[row] >= 0 && combinedPred[row] >= 0, rows, flagged.suggestedCodes, runs, labels.codes);
  const skill = modelSkill(combinedPred, codes, k);
  const weakModel = skill !== null && skill.skill < MIN_SKILL;
  return {
    issueCount,
    rows,
    byRole,
    inSample,
    trainingLeftOut,
    skill,
    weakModel,
    estimatedNoiseRate: noise.noiseRate,
    perClass,
    qualityScores: flagged.qualityScores,
    suggestedLabels: flagged.suggestedLabels,
    runAgreement: flagged.runAgreement,
    issueShare: analysed === 0 ? 0 : issueCount / analysed,
    rowsAnalysed: analysed,
    renormalisedRows: result.renormalised,
    method,
    source: combined.source,
    runsUsed: combined.runsUsed,
    minRunAgreement,
    droppedByRunAgreement: flagged.droppedByRunAgreement,
    classes,
    confidentJoint: k <= maxJointClasses ? result.calibrated : null,
    ...(k <= maxJointClasses
      ? {}
      : {
          confidentJointOmitted: `${k} classes: the ${k} x ${k} matrix is not listed above maxJointClasses (${maxJointClasses}); confidentJointTopPairs lists its largest off-diagonal cells`,
        }),
    ...(k <= maxJointClasses ? {} : { confidentJointTopPairs: largestOffDiagonal(result.calibrated, classes, JOINT_TOP_PAIRS) }),
    thresholds: Array.from(result.thresholds, (t) => (t > 1 ? null : t)),
    notes,
    trainingDynamics: agreementWithDynamics(context, rows),
    neighbourLabels: agreementWithNeighbours(context, rows, neighbours),
  };
}

/** The first flagged rows as examples: label, suggested label, quality, run agreement and text. */
function mislabelledExamples(context: CheckContext<Options>, flagged: FlaggedLabels): Example[] {
  const classes = context.labels!.classes;
  const examples: Example[] = [];
  for (let t = 0; t < Math.min(context.options.maxExamples, flagged.rows.length); t++) {
    const row = flagged.rows[t];
    const extra: Record<string, Json> = {
      label: classes[context.labels!.codes[row]],
      suggestedLabel: flagged.suggestedLabels[t],
      qualityScore: flagged.qualityScores[t],
      runAgreement: flagged.runAgreement[t],
    };
    const text = context.excerpt(row);
    if (text !== undefined) extra.text = text;
    examples.push(context.example(row, extra));
  }
  return examples;
}

/** Where the runs' combined prediction errs, over the analysed rows: for the hard-group test. */
function combinedErrors(flagged: FlaggedLabels, rowCount: number): { wrong: Uint8Array; analysedRows: Int32Array } {
  const { codes, combinedPred } = flagged;
  const wrong = new Uint8Array(rowCount);
  const analysedRows: number[] = [];
  for (let row = 0; row < rowCount; row++) {
    if (codes[row] < 0 || combinedPred[row] < 0) continue;
    wrong[row] = combinedPred[row] === codes[row] ? 0 : 1;
    analysedRows.push(row);
  }
  return { wrong, analysedRows: Int32Array.from(analysedRows) };
}

/** The mislabelled-rows finding (at least one flagged row). */
function mislabelledFinding(
  context: CheckContext<Options>,
  combined: CombinedRuns,
  flagged: FlaggedLabels,
  metrics: ReturnType<typeof labelNoiseMetrics>,
): FindingOf<typeof findings> {
  const { method, minRunAgreement } = context.options;
  const classes = context.labels!.classes;
  const k = classes.length;
  const { result } = flagged;
  const noise = result.noise;
  const { issueCount, byRole, trainingLeftOut, skill, weakModel } = metrics;
  const examples = mislabelledExamples(context, flagged);
  let worst = 0;
  for (let c = 1; c < k; c++) if (noise.perClass[c].share > noise.perClass[worst].share) worst = c;
  const { wrong, analysedRows } = combinedErrors(flagged, context.labels!.codes.length);
  const hardGroup = hardGroupOfFlagged(context, flagged.rows, wrong, analysedRows);
  // One run's hard predictions, or a model barely above the majority guess, cannot separate wrong labels from the model's errors: at most low.
  const weakEvidence = singleHardRun(combined) || weakModel;
  return {
    key: 'mislabelled-rows',
    severity: weakEvidence ? 'low' : noiseSeverity(noise.noiseRate),
    args: {
      issueCount,
      issueShare: metrics.issueShare,
      estimatedNoiseRate: noise.noiseRate,
      rowsAnalysed: result.analysed,
      method,
      runsUsed: combined.runsUsed,
      source: combined.source,
      minRunAgreement,
      mostAffectedClass: classes[worst],
      mostAffectedClassNoiseShare: noise.perClass[worst].share,
      mostAffectedClassRows: result.labelCounts[worst],
      hardGroup,
      byRole,
      trainingLeftOut,
      skill,
      weakModel,
      majorityLabel: skill ? classes[skill.majorityClass] : null,
      ...(metrics.neighbourLabels
        ? { neighbours: { k: metrics.neighbourLabels.k, both: metrics.neighbourLabels.both, neighbourFlagged: metrics.neighbourLabels.neighbourFlagged } }
        : {}),
    },
    examples,
  };
}

export const labelNoise = defineCheck({
  id: 'label-noise',
  title: 'Label noise',
  description:
    'Likely mislabelled rows from out-of-sample predictions, by confident learning (Northcutt et al. 2021: per-class thresholds, the confident joint, pruning by noise rate), using every run: averaged probabilities (or vote shares with hard predictions only) plus agreement across runs; ranked by label quality.',
  needs: ['labels', 'predictions'],
  rows: 'all',
  options,
  findings,
  metrics,
  remedies,
  exportRows,
  charts: labelNoiseCharts,
  remedyGuards: labelNoiseGuards((f: LabelNoiseFinding) =>
    f.key === 'mislabelled-rows'
      ? {
          mislabelled: true,
          weakModel: f.args.weakModel === true,
          trainingFlagged: f.args.byRole?.training?.flagged ?? null,
          evaluationFlagged: f.args.byRole?.evaluation?.flagged ?? null,
        }
      : { mislabelled: false, weakModel: false, trainingFlagged: null, evaluationFlagged: null },
  ),
  // The likely label errors leave the cleaned copy with --export-drop-label-issues.
  cleanedCopy: { reason: 'labelIssues', when: 'dropLabelIssues' },
  async run(context) {
    const neighbours = await searchEmbeddingNeighbours(context);
    const { method, minRunAgreement, minExamplesPerClass } = context.options;
    const { combined, notes } = combinedRuns(context);
    const flagged = flagLabels(context, combined, { method, minExamplesPerClass, minRunAgreement });
    const measured = labelNoiseMetrics(context, combined, flagged, notes, neighbours);
    const found: FindingOf<typeof findings>[] = [];
    const { inSample } = flagged;
    if (inSample?.inSample)
      found.push({
        key: 'in-sample-predictions',
        severity: inSample.gap >= 0.15 ? 'high' : 'medium',
        args: { ...inSample, runsUsed: combined.runsUsed },
        examples: [],
      });
    if (measured.issueCount > 0) found.push(mislabelledFinding(context, combined, flagged, measured));
    return { metrics: measured, findings: found };
  },
});
