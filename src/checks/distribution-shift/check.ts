import { defineCheck, type FindingOf } from '../types.js';
import type { Severity } from '../../core/vocabulary.js';
import { benjaminiHochberg } from '../../math/fdr.js';
import { knnTwoSample } from '../../math/knn-two-sample.js';
import { countTokens } from '../../math/token-counts.js';
import { searchEmbeddingNeighbours, type EmbeddingNeighbours } from '../support/embedding-index.js';
import { compareCounts, compareNumbers, compareTexts, finiteOf, numericColumn, valueCounts, type Comparison, type TextShift } from './compare.js';
import { findings, type DriftedFeature } from './findings.js';
import { options, type Options } from './options.js';
import { remedies } from './remedy.js';
import { shiftCharts } from './charts.js';
import { metrics, type ComparisonMetrics, type DistributionShiftMetrics, type SplitMetrics } from './metrics.js';
import { columnOf, sidesOf, type Side } from './sides.js';
import type { CheckContext } from '../types.js';

type Found = FindingOf<typeof findings>;

/** Rows of text each side needs before the text is compared. */
const MIN_TEXT_ROWS = 30;
type Context = CheckContext<Options>;

interface SplitResult {
  split: Side;
  features: Comparison[];
  label: Comparison | null;
  labelShares: { label: string; reference: number; evaluation: number }[];
  text: TextShift | null;
  embedding: { sameShare: number; expectedShare: number; pValue: number; permutations: number; pairs: number; qValue?: number } | null;
  confidence: Comparison | null;
}

/** Feature columns compared: every feature and slice column, not the id, label, text or split. */
function featureColumns(context: Context): string[] {
  const own = new Set([context.roles.id, context.roles.label, context.roles.text, context.roles.split]);
  return [...new Set([...context.roles.features, ...context.roles.slices])].filter((name) => !own.has(name));
}

function compareFeature(context: Context, name: string, reference: Side, evaluation: Side, maxLevels: number): Comparison | null {
  const a = columnOf(context, reference, name);
  const b = columnOf(context, evaluation, name);
  if (!a || !b) return null;
  if (a.isNumeric && b.isNumeric) return numericColumn(name, { column: a, rows: reference.rows }, { column: b, rows: evaluation.rows });
  if (a.distinctCount > maxLevels || b.distinctCount > maxLevels) return null;
  const value = (column: typeof a) => (row: number) => (column.isMissing(row) ? null : column.get(row));
  return compareCounts(name, 'categorical', valueCounts({ value: value(a), rows: reference.rows }, { value: value(b), rows: evaluation.rows }));
}

function labelsOf(context: Context, side: Side): ((row: number) => string | null) | null {
  if (side.table === 'data') {
    const labels = context.labels;
    return labels ? (row) => (labels.codes[row] >= 0 ? labels.classes[labels.codes[row]] : null) : null;
  }
  const name = context.train?.roles.label;
  const column = name ? context.train.data.column(name) : undefined;
  return column ? (row) => (column.isMissing(row) ? null : column.get(row)) : null;
}

function textsOf(context: Context, side: Side): string[] | null {
  const name = side.table === 'data' ? context.roles.text : (context.train?.roles.text ?? context.roles.text);
  const column = name ? columnOf(context, side, name) : undefined;
  if (!column) return null;
  const out: string[] = [];
  for (const row of side.rows) if (!column.isMissing(row)) out.push(column.get(row));
  return out;
}

/** Top-class probability of each data row, averaged over runs (NaN without one). */
function confidenceOf(context: Context): Float64Array | null {
  const runs = context.predictions?.runs.filter((run) => run.probs !== null) ?? [];
  if (runs.length === 0) return null;
  const n = context.data.rowCount;
  const k = context.predictions!.classes.length;
  const sum = new Float64Array(n);
  const count = new Int32Array(n);
  for (const run of runs) {
    const probs = run.probs!;
    for (let row = 0; row < n; row++) {
      if (!run.covered[row]) continue;
      let top = 0;
      for (let c = 0; c < k; c++) top = Math.max(top, probs[row * k + c]);
      sum[row] += top;
      count[row]++;
    }
  }
  return sum.map((s, row) => (count[row] > 0 ? s / count[row] : NaN));
}

async function analyse(
  context: Context,
  o: Options,
): Promise<{ results: SplitResult[]; reference: Side; source: 'split-column' | 'train-file'; columns: string[]; neighbours: EmbeddingNeighbours | null }> {
  const sides = sidesOf(context, o.trainNames);
  const reference = sides.reference;
  const columns = featureColumns(context);
  const refLabels = labelsOf(context, reference);
  const refTexts = textsOf(context, reference);
  const confidence = sides.source === 'split-column' ? confidenceOf(context) : null;
  const neighbours = sides.source === 'split-column' ? await searchEmbeddingNeighbours(context) : null;
  const splitTexts = sides.evaluations.map((split) => textsOf(context, split));
  // Each side's texts tokenised once: the reference's serve every split.
  const tokens =
    refTexts && splitTexts.some((texts) => texts)
      ? countTokens(
          refTexts,
          true,
          splitTexts.map((texts) => texts ?? []),
        )
      : null;
  const results = sides.evaluations.map((split, s): SplitResult => {
    const features = columns.map((name) => compareFeature(context, name, reference, split, o.maxLevels)).filter((c): c is Comparison => c !== null);
    const texts = splitTexts[s];
    if (refTexts && texts) {
      const length = compareNumbers(
        `length(${context.roles.text})`,
        'text-length',
        Float64Array.from(refTexts, (t) => t.length),
        Float64Array.from(texts, (t) => t.length),
      );
      if (length) features.push(length);
    }
    const evalLabels = labelsOf(context, split);
    let label: Comparison | null = null;
    let labelShares: SplitResult['labelShares'] = [];
    if (refLabels && evalLabels) {
      const counts = valueCounts({ value: refLabels, rows: reference.rows }, { value: evalLabels, rows: split.rows });
      label = compareCounts('label', 'label', counts);
      const n1 = counts.first.reduce((s, x) => s + x, 0);
      const n2 = counts.second.reduce((s, x) => s + x, 0);
      labelShares = counts.values.map((value, i) => ({ label: value, reference: counts.first[i] / n1, evaluation: counts.second[i] / n2 }));
    }
    let embedding: SplitResult['embedding'] = null;
    if (neighbours) {
      const side = new Int8Array(context.data.rowCount).fill(-1);
      for (const row of reference.rows) side[row] = 0;
      for (const row of split.rows) side[row] = 1;
      const test = knnTwoSample(neighbours.rows, neighbours.k, side, { permutations: o.permutations, seed: context.settings.seed });
      if (test.pairs > 0)
        embedding = { sameShare: test.sameShare, expectedShare: test.expectedShare, pValue: test.pValue, permutations: test.permutations, pairs: test.pairs };
    }
    let confidenceShift: Comparison | null = null;
    if (confidence) {
      confidenceShift = compareNumbers('confidence', 'confidence', finiteOf(confidence, reference.rows), finiteOf(confidence, split.rows));
    }
    return {
      split,
      features,
      label,
      labelShares,
      text: tokens && texts ? compareTexts(tokens.main, tokens.others[s]) : null,
      embedding,
      confidence: confidenceShift,
    };
  });
  // One false-discovery control over every test of the check.
  const tested: { p: number; set: (q: number) => void }[] = [];
  for (const r of results) {
    for (const c of [...r.features, ...(r.label ? [r.label] : []), ...(r.confidence ? [r.confidence] : [])])
      tested.push({ p: c.pValue, set: (q) => (c.qValue = q) });
    if (r.text) {
      const t = r.text;
      tested.push({ p: t.pValue, set: (q) => (t.qValue = q) });
    }
    if (r.embedding) {
      const e = r.embedding;
      tested.push({ p: e.pValue, set: (q) => (e.qValue = q) });
    }
  }
  const q = benjaminiHochberg(tested.map((t) => t.p));
  tested.forEach((t, i) => t.set(q[i]));
  return { results, reference, source: sides.source, columns, neighbours };
}

const round = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? null : Number(x.toPrecision(6)));
// Test figures at full precision: they are checked against scipy to 1e-9.
const exact = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? null : x);
const comparisonJson = (c: Comparison): ComparisonMetrics => ({
  feature: c.feature,
  kind: c.kind,
  test: c.test,
  statistic: exact(c.statistic),
  pValue: exact(c.pValue),
  qValue: exact(c.qValue),
  effect: exact(c.effect),
  effectName: c.effectName,
  referenceRows: c.referenceRows,
  evaluationRows: c.evaluationRows,
  reference: c.reference,
  evaluation: c.evaluation,
});

/** What every split's findings read: the options, the reference side, the neighbour search, and the test of a comparison. */
interface ShiftView {
  o: Options;
  reference: Side;
  source: 'split-column' | 'train-file';
  neighbours: EmbeddingNeighbours | null;
  /** Significant under BH and with an effect of at least minEffect. */
  significant: (c: Comparison) => boolean;
}

function featureDriftFinding(view: ShiftView, r: SplitResult): Found | null {
  const { o } = view;
  const drifted = r.features.filter(view.significant).sort((a, b) => b.effect - a.effect || (a.feature < b.feature ? -1 : 1));
  if (drifted.length === 0) return null;
  const severity: Severity = drifted[0].effect >= 2.5 * o.minEffect || drifted.length >= 3 ? 'medium' : 'low';
  const listed: DriftedFeature[] = drifted.slice(0, o.maxListed).map((c) => ({
    feature: c.feature,
    kind: c.kind as DriftedFeature['kind'],
    test: c.test,
    statistic: c.statistic,
    qValue: c.qValue!,
    effect: c.effect,
    effectName: c.effectName,
    reference: c.reference,
    evaluation: c.evaluation,
  }));
  return {
    key: 'feature-drift',
    instance: r.split.name,
    severity,
    args: {
      split: r.split.name,
      source: view.source,
      tested: r.features.length,
      driftedCount: drifted.length,
      drifted: listed,
      alpha: o.alpha,
      minEffect: o.minEffect,
    },
    examples: [],
  };
}

function labelShiftFinding(view: ShiftView, r: SplitResult): Found | null {
  if (!(r.label && view.significant(r.label))) return null;
  const moved = [...r.labelShares]
    .sort((a, b) => Math.abs(b.evaluation - b.reference) - Math.abs(a.evaluation - a.reference) || (a.label < b.label ? -1 : 1))
    .slice(0, 3);
  // Medium once a class's share moves by 10 points: accuracy on the split then weighs the classes visibly differently.
  return {
    key: 'label-shift',
    instance: r.split.name,
    severity: Math.abs(moved[0].evaluation - moved[0].reference) >= 0.1 ? 'medium' : 'low',
    args: { split: r.split.name, source: view.source, qValue: r.label.qValue!, distance: r.label.effect, moved },
    examples: [],
  };
}

function textShiftFinding(view: ShiftView, r: SplitResult): Found | null {
  const { o } = view;
  const t = r.text;
  // Both sides need some text: a handful of rows has a large word-frequency distance by chance alone.
  const enoughText = t && Math.min(view.reference.rows.length, r.split.rows.length) >= MIN_TEXT_ROWS;
  if (!(t && enoughText && (t.qValue ?? 1) <= o.alpha && (t.tokenDistance >= 2 * o.minEffect || t.oovRate >= 2 * t.baselineOovRate + 0.05))) return null;
  const severity: Severity = t.tokenDistance >= 4 * o.minEffect || t.oovRate >= 3 * t.baselineOovRate + 0.1 ? 'medium' : 'low';
  return {
    key: 'text-shift',
    instance: r.split.name,
    severity,
    args: {
      split: r.split.name,
      source: view.source,
      oovRate: t.oovRate,
      baselineOovRate: t.baselineOovRate,
      tokenDistance: t.tokenDistance,
      risen: t.risen,
      qValue: t.qValue!,
      minRows: MIN_TEXT_ROWS,
    },
    examples: [],
  };
}

function embeddingShiftFinding(view: ShiftView, r: SplitResult): Found | null {
  const { o, neighbours } = view;
  const e = r.embedding;
  if (!(e && (e.qValue ?? 1) <= o.alpha && e.sameShare - e.expectedShare >= o.minNeighbourExcess)) return null;
  return {
    key: 'embedding-shift',
    instance: r.split.name,
    severity: e.sameShare - e.expectedShare >= 2 * o.minNeighbourExcess ? 'medium' : 'low',
    args: {
      split: r.split.name,
      source: view.source,
      sameShare: e.sameShare,
      expectedShare: e.expectedShare,
      pValue: e.pValue,
      qValue: e.qValue!,
      k: neighbours!.k,
      permutations: e.permutations,
      searchRecall: neighbours!.sampledRecall?.recall ?? null,
    },
    examples: [],
  };
}

function confidenceShiftFinding(view: ShiftView, r: SplitResult): Found | null {
  const { o } = view;
  const c = r.confidence;
  if (!(c && (c.qValue ?? 1) <= o.alpha && c.statistic >= o.minEffect)) return null;
  const [refMean, evalMean] = c.means!;
  return {
    key: 'confidence-shift',
    instance: r.split.name,
    severity: Math.abs(refMean - evalMean) >= 0.1 ? 'medium' : 'low',
    args: { split: r.split.name, source: view.source, referenceMean: refMean, evaluationMean: evalMean, statistic: c.statistic, qValue: c.qValue! },
    examples: [],
  };
}

/** One split's metrics: every comparison at full precision, the label shares, text, embedding and confidence tests. */
function splitMetrics(r: SplitResult, significant: (c: Comparison) => boolean): SplitMetrics {
  return {
    split: r.split.name,
    rows: r.split.rows.length,
    features: r.features.map(comparisonJson),
    drifted: r.features.filter(significant).map((c) => c.feature),
    label: r.label ? comparisonJson(r.label) : null,
    labelShares: r.labelShares.map((s) => ({ label: s.label, reference: round(s.reference), evaluation: round(s.evaluation) })),
    text: r.text
      ? {
          statistic: exact(r.text.statistic),
          pValue: exact(r.text.pValue),
          qValue: exact(r.text.qValue),
          oovRate: round(r.text.oovRate),
          baselineOovRate: round(r.text.baselineOovRate),
          tokenDistance: round(r.text.tokenDistance),
          risen: r.text.risen,
          referenceTokens: r.text.referenceTokens,
          evaluationTokens: r.text.evaluationTokens,
        }
      : null,
    embedding: r.embedding
      ? {
          sameShare: round(r.embedding.sameShare),
          expectedShare: round(r.embedding.expectedShare),
          pValue: round(r.embedding.pValue),
          qValue: round(r.embedding.qValue),
          permutations: r.embedding.permutations,
          pairs: r.embedding.pairs,
        }
      : null,
    confidence: r.confidence ? comparisonJson(r.confidence) : null,
  };
}

export const distributionShift = defineCheck({
  id: 'distribution-shift',
  title: 'Distribution shift',
  description:
    'Compares each evaluation split with the training split (split column) or the --train file: every feature by a test suited to its type (Kolmogorov-Smirnov with the Wasserstein distance in training standard deviations for numbers, chi-square with the Jensen-Shannon distance for categories), text length, vocabulary and word frequencies, the label prior, the embeddings (nearest-neighbour two-sample test) and the prediction confidence; Benjamini-Hochberg over all tests, and an effect size for every flag.',
  needs: ['split'],
  rows: 'all',
  options,
  findings,
  metrics,
  remedies,
  charts: shiftCharts,
  async run(context) {
    const o = context.options;
    const { results, reference, source, columns, neighbours } = await analyse(context, o);
    const significant = (c: Comparison) => (c.qValue ?? 1) <= o.alpha && c.effect >= o.minEffect;
    const view: ShiftView = { o, reference, source, neighbours, significant };
    const found: Found[] = [];
    for (const r of results) {
      for (const finding of [
        featureDriftFinding(view, r),
        labelShiftFinding(view, r),
        textShiftFinding(view, r),
        embeddingShiftFinding(view, r),
        confidenceShiftFinding(view, r),
      ])
        if (finding) found.push(finding);
    }
    const measured: DistributionShiftMetrics = {
      reference: { name: reference.name, rows: reference.rows.length, source },
      columns,
      alpha: o.alpha,
      minEffect: o.minEffect,
      splits: results.map((r) => splitMetrics(r, significant)),
    };
    return { metrics: measured, findings: found };
  },
});
