/**
 * Answer bias of prompted multiple-choice models: does a run predict one answer far more often
 * than it is the gold answer (a 0-shot model answering "B" on 80% of rows, against 28% of gold
 * answers)? Per run, the gold x predicted table is tested for marginal homogeneity
 * (Stuart-Maxwell, math/marginal-homogeneity.ts; Holm over the runs), and the answer it
 * over-predicts most is named with an exact McNemar test. For a biased run with probabilities, the
 * effect of correcting its answer prior is measured on the same rows: the cross-fitted prior
 * correction the performance check uses for `rebalance` (performance/prior-correction.ts), and the
 * label-free batch calibration (math/prior-correction.ts), each paired with the run as it is.
 *
 * It applies to prompted models (task `llm`) and to classes that are choice letters (A, B, (C) ...);
 * `anyClassifier` extends it to every classifier.
 */
import { defineCheck, type CheckContext, type CheckResult, type FindingOf, type Json, type TypedFinding } from '../types.js';
import type { Labels, Run } from '../../data/model.js';
import { marginalHomogeneity, pairedTable, type MarginalHomogeneity } from '../../math/marginal-homogeneity.js';
import { batchCalibration } from '../../math/prior-correction.js';
import { pairedBootstrap } from '../../math/paired-comparison.js';
import { holm } from '../../math/fdr.js';
import { recordOf } from '../../own-keys.js';
import { severityLadder } from '../support/severity.js';
import { generic, type CheckRemedies } from '../support/evidence.js';
import { answerBiasMetrics, type AnswerBiasMetrics } from './metrics.js';
import { measurePriorCorrection } from '../performance/prior-correction.js';
import { findings, type CorrectionArgs, type SkewArgs } from './findings.js';
import { wording } from './wording.js';
import type { Lang } from '../../core/vocabulary.js';
import { options, type Options } from './options.js';
import { confusionsExplained } from './rules.js';

/** Classes that are the letters of multiple-choice answers: `A`, `b`, `(C)`, `D.`. */
const CHOICE_LETTER = /^\(?[A-Za-z]\)?\.?$/;

export function choiceLetters(classes: readonly string[]): boolean {
  return classes.length >= 2 && classes.every((name) => CHOICE_LETTER.test(name.trim()));
}

interface Judged {
  run: Run;
  rows: Int32Array;
  test: MarginalHomogeneity;
  /** The answer over-predicted most, and by how much (predicted share - gold share). */
  answer: number;
  gap: number;
}

function judge(run: Run, labels: Labels, minRows: number): Judged | null {
  if (!run.pred) return null;
  const k = labels.classes.length;
  const rows: number[] = [];
  for (let row = 0; row < labels.codes.length; row++) if (run.covered[row] && labels.codes[row] >= 0 && run.pred[row] >= 0) rows.push(row);
  if (rows.length < minRows) return null;
  const at = Int32Array.from(rows);
  const test = marginalHomogeneity(
    pairedTable(
      at.map((row) => labels.codes[row]),
      at.map((row) => run.pred![row]),
      k,
    ),
    k,
  );
  let answer = 0;
  for (let c = 1; c < k; c++) {
    const gap = test.perAnswer[c].predicted - test.perAnswer[c].gold;
    if (gap > test.perAnswer[answer].predicted - test.perAnswer[answer].gold) answer = c;
  }
  return { run, rows: at, test, answer, gap: (test.perAnswer[answer].predicted - test.perAnswer[answer].gold) / rows.length };
}

/** Batch calibration of one run on its rows with probabilities, paired with the run as it is. */
function measureBatchCalibration(run: Run, labels: Labels, rows: Int32Array, opts: Options, seed: number): CorrectionArgs | null {
  const k = labels.classes.length;
  const probs = run.probs;
  if (!probs) return null;
  const usable = rows.filter((row) => Number.isFinite(probs[row * k]));
  if (usable.length < opts.minRows) return null;
  const calibrated = batchCalibration(probs, k, usable);
  const before = Uint8Array.from(usable, (row) => (run.pred![row] === labels.codes[row] ? 1 : 0));
  const after = Uint8Array.from(calibrated.pred, (pred, i) => (pred === labels.codes[usable[i]] ? 1 : 0));
  const paired = pairedBootstrap([before], [after], { resamples: opts.resamples, seed });
  return { accuracyBefore: paired.baselineRuns[0], accuracyAfter: paired.candidateRuns[0], gain: paired.difference, gainInterval: paired.interval };
}

const remedies: CheckRemedies<AnswerBiasMetrics, TypedFinding<typeof findings>> = {
  evidence({ findings: own, lang }) {
    return own.flatMap((f) => generic(f, lang)).slice(0, 3);
  },
  headroom: {
    // Calibrating the answer prior, measured: the cross-fitted prior correction of the biased runs, paired with them as they are.
    answerPriorGain({ metrics, lang }) {
      const correction = metrics?.correction;
      if (!correction || correction.gain === null || !correction.gainInterval) return null;
      const { rows, gainStandardError: se } = correction;
      return {
        metric: 'accuracy',
        value: correction.gain,
        interval: correction.gainInterval,
        unit: 'fraction',
        basis: 'measured',
        method: wording.answerPriorMethod[lang](correction.runs ?? 1, metrics.correctedRuns ?? '', correction.folds ?? 5, rows),
        ...(se !== null ? { standardError: se } : {}),
        ...(rows !== null ? { rows } : {}),
      };
    },
  },
};

/** Why the check does not apply (not multiple choice, or too many answers), or null when it does. */
function skipReason(opts: Options, task: string | null, letters: boolean, k: number, lang: Lang): string | null {
  if (!opts.anyClassifier && task !== 'llm' && !letters) return wording.notMultipleChoice[lang](task);
  if (k > opts.maxAnswers) return wording.tooManyAnswers[lang](k, opts.maxAnswers);
  return null;
}

type PriorArgs = (CorrectionArgs & { folds: number }) | null;

/** For a biased run with probabilities: the cross-fitted prior correction and the batch calibration, both or neither. */
function measureCorrections(entry: Judged, labels: Labels, opts: Options, seed: number): { prior: PriorArgs; batch: CorrectionArgs | null } {
  const { run, rows } = entry;
  const measured = measurePriorCorrection([run], labels, {
    folds: opts.folds,
    seed,
    resamples: opts.resamples,
    minRows: opts.minRows,
    maxClasses: opts.maxAnswers,
  });
  const batch = measureBatchCalibration(run, labels, rows, opts, seed);
  if (!(measured && batch)) return { prior: null, batch: null };
  return {
    prior: {
      accuracyBefore: measured.accuracyBefore,
      accuracyAfter: measured.accuracyAfter,
      gain: measured.gain,
      gainInterval: measured.gainInterval,
      folds: measured.folds,
    },
    batch,
  };
}

/** The skew finding of a biased run: the answer it over-predicts, with rows where it gave that answer wrongly. */
function skewFinding(
  context: CheckContext<Options>,
  entry: Judged,
  test: { pAdjusted: number; runs: number },
  corrections: { prior: PriorArgs; batch: CorrectionArgs | null },
): FindingOf<typeof findings> {
  const opts = context.options;
  const labels = context.labels!;
  const classes = labels.classes;
  const { run, rows, answer, gap } = entry;
  const n = rows.length;
  const a = entry.test.perAnswer[answer];
  const args: SkewArgs = {
    run: run.name,
    rows: n,
    answer: classes[answer],
    predicted: a.predicted,
    predictedShare: a.predicted / n,
    gold: a.gold,
    goldShare: a.gold / n,
    overPredicted: a.overPredicted,
    underPredicted: a.underPredicted,
    answerPValue: a.pValue,
    statistic: entry.test.statistic,
    df: entry.test.df,
    pValue: entry.test.pValue,
    pAdjusted: test.pAdjusted,
    runs: test.runs,
    priorCorrection: corrections.prior,
    batchCalibration: corrections.batch,
  };
  const examples = [];
  for (const row of rows) {
    if (examples.length >= opts.maxExamples) break;
    if (run.pred![row] !== answer || labels.codes[row] === answer) continue;
    const fields: Record<string, Json> = { run: run.name, gold: classes[labels.codes[row]], predicted: classes[answer] };
    const excerpt = context.excerpt(row);
    if (excerpt !== undefined) fields.text = excerpt;
    examples.push(context.example(row, fields));
  }
  return {
    key: 'skew',
    instance: run.name,
    severity: severityLadder(
      gap,
      [
        ['high', 0.3],
        ['medium', 0.15],
      ],
      'low',
    ),
    args,
    examples,
  };
}

/** One run's metrics: predicted and gold shares, the per-answer tests, the verdict and the corrections measured. */
function runMetrics(
  entry: Judged,
  classes: string[],
  pAdjusted: number,
  biased: boolean,
  corrections: { prior: PriorArgs; batch: CorrectionArgs | null },
): AnswerBiasMetrics['perRun'][number] {
  const { run, rows, test, answer, gap } = entry;
  const n = rows.length;
  return {
    run: run.name,
    model: run.model,
    rows: n,
    predictedShare: recordOf(
      classes,
      test.perAnswer.map((entry) => entry.predicted / n),
    ),
    goldShare: recordOf(
      classes,
      test.perAnswer.map((entry) => entry.gold / n),
    ),
    perAnswer: test.perAnswer.map((entry, c) => ({
      answer: classes[c],
      predicted: entry.predicted,
      gold: entry.gold,
      overPredicted: entry.overPredicted,
      underPredicted: entry.underPredicted,
      pValue: entry.pValue,
    })),
    statistic: test.statistic,
    df: test.df,
    pValue: test.pValue,
    pAdjusted,
    mostOverPredicted: classes[answer],
    shareGap: gap,
    biased,
    priorCorrection: corrections.prior,
    batchCalibration: corrections.batch,
  };
}

/** The remedy's measure in the metrics: the prior correction of every biased run with probabilities (null without one). */
function correctionMetrics(correction: ReturnType<typeof measurePriorCorrection>): AnswerBiasMetrics['correction'] {
  return correction
    ? {
        rows: correction.rows,
        runs: correction.runs,
        folds: correction.folds,
        accuracyBefore: correction.accuracyBefore,
        accuracyAfter: correction.accuracyAfter,
        gain: correction.gain,
        gainInterval: correction.gainInterval,
        gainStandardError: correction.gainStandardError,
        weights: correction.weights,
        method: correction.method,
      }
    : null;
}

export const answerBias = defineCheck({
  id: 'answer-bias',
  title: 'Answer bias',
  description:
    'For prompted multiple-choice answers (task llm, or classes that are choice letters): per run, whether the predicted answers depart from the gold answers (Stuart-Maxwell test of marginal homogeneity, Holm over the runs; exact McNemar per answer), the answer over-predicted most with its predicted and gold share, and the measured effect of correcting the answer prior (cross-fitted prior correction, and label-free batch calibration).',
  needs: ['labels', 'predictions'],
  rows: 'evaluation',
  options,
  findings,
  metrics: answerBiasMetrics,
  remedies,
  // Confused pairs into the answer a biased run over-predicts are explained by the bias: they feed the answer-bias remedies only.
  explainsFindings: confusionsExplained,
  // Its headroom measures what the remedy itself does on these inputs, not a finding's size: it counts whenever this check ran.
  remedyMeasures: ['answerPriorGain'],
  run(context): CheckResult<typeof findings, AnswerBiasMetrics> {
    const opts = context.options;
    const labels = context.labels!;
    const classes = labels.classes;
    const task = context.settings.task;
    const letters = choiceLetters(classes);
    const skipped = skipReason(opts, task, letters, classes.length, context.settings.lang);
    if (skipped !== null) return { metrics: {}, findings: [], skipped };
    const judged = context.predictions!.runs.map((run) => judge(run, labels, opts.minRows)).filter((entry): entry is Judged => entry !== null);
    if (judged.length === 0) return { metrics: {}, findings: [], skipped: wording.noJudgedRun[context.settings.lang](opts.minRows) };
    const adjusted = holm(judged.map((entry) => entry.test.pValue));
    const seed = context.settings.seed + 37;
    const found: FindingOf<typeof findings>[] = [];
    const biasedRuns: Run[] = [];
    const perRun = judged.map((entry, index) => {
      const biased = adjusted[index] < opts.alpha && entry.gap >= opts.minShareGap;
      const corrections = biased && entry.run.probs ? measureCorrections(entry, labels, opts, seed + index) : { prior: null, batch: null };
      if (corrections.prior) biasedRuns.push(entry.run);
      if (biased) found.push(skewFinding(context, entry, { pAdjusted: adjusted[index], runs: judged.length }, corrections));
      return runMetrics(entry, classes, adjusted[index], biased, corrections);
    });
    // The remedy's measure: the prior correction of every biased run with probabilities, paired over rows and runs.
    const correction =
      biasedRuns.length > 0
        ? measurePriorCorrection(biasedRuns, labels, { folds: opts.folds, seed, resamples: opts.resamples, minRows: opts.minRows, maxClasses: opts.maxAnswers })
        : null;
    return {
      metrics: {
        applies: letters ? 'choice letters' : task === 'llm' ? 'task llm' : 'anyClassifier',
        alpha: opts.alpha,
        minShareGap: opts.minShareGap,
        method: 'Stuart-Maxwell test of marginal homogeneity of the gold x predicted table per run (Holm over the runs); exact McNemar per answer',
        perRun,
        biasedRuns: found.length,
        correctedRuns: biasedRuns.map((run) => run.name).join(', '),
        correction: correctionMetrics(correction),
      },
      findings: found,
    };
  },
});
