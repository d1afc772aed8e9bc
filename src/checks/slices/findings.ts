/** The wording of the slices check's findings, in English and Chinese, from their arguments. */
import { readBack } from './metrics.js';
import { finding } from '../types.js';
import { sanitizeInline } from '../../core/sanitize.js';
import type { GroupMetricName } from '../../math/group-metrics.js';
import { points, pText, pct as percent } from '../support/format.js';

/** A count of errors, with one decimal when it is a mean over runs. */
const errorCount = (x: number) => (Math.abs(x - Math.round(x)) < 1e-9 ? String(Math.round(x)) : x.toFixed(1));

export const MISSING = '(missing)';

/** A predicate of a slice or group: a column and one of its values (null: a missing cell). */
export interface Predicate {
  column: string;
  value: string | null;
}

function shown(value: string | null): string {
  if (value === null) return MISSING;
  const clean = sanitizeInline(value);
  return `"${clean.length > 60 ? clean.slice(0, 59) + '…' : clean}"`;
}

/** `column = "value" & other = "x"`, sanitised, values shortened to 60 characters. */
export function describePredicates(predicates: readonly Predicate[]): string {
  return predicates.map((p) => `${sanitizeInline(p.column)} = ${shown(p.value)}`).join(' & ');
}

/** Names of the group metrics: the rate, what is counted, and out of what. */
export const METRIC_TEXT: Record<GroupMetricName, { en: { name: string; unit: string; of: string }; zh: { name: string; unit: string; of: string } }> = {
  accuracy: { en: { name: 'accuracy', unit: 'correct predictions', of: 'rows' }, zh: { name: '准确率', unit: '正确预测', of: '行' } },
  errorRate: { en: { name: 'error rate', unit: 'errors', of: 'rows' }, zh: { name: '错误率', unit: '错误', of: '行' } },
  fpr: { en: { name: 'false positive rate', unit: 'false positives', of: 'actual negatives' }, zh: { name: '假阳性率', unit: '假阳性', of: '实际负例' } },
  fnr: { en: { name: 'false negative rate', unit: 'false negatives', of: 'actual positives' }, zh: { name: '假阴性率', unit: '假阴性', of: '实际正例' } },
  precision: { en: { name: 'precision', unit: 'true positives', of: 'predicted positives' }, zh: { name: '精确率', unit: '真阳性', of: '预测正例' } },
  selectionRate: { en: { name: 'selection rate', unit: 'positive predictions', of: 'rows' }, zh: { name: '选择率', unit: '正类预测', of: '行' } },
  prevalence: { en: { name: 'prevalence', unit: 'actual positives', of: 'rows' }, zh: { name: '正类占比', unit: '实际正例', of: '行' } },
};

export interface DiscoveredSlice {
  predicates: Record<string, string | null>;
  size: number;
  /** Mean over the runs of each run's error rate on the slice (a single run's rate with one run). */
  errorRate: number;
  /** 95% Wilson interval of that rate on the slice's rows. */
  errorRateCi95: [number, number];
  /** The same over every evaluated row. */
  overallErrorRate: number;
  /** The runs' ensemble's error rate on the slice: what the search tests (one outcome per row). */
  ensembleErrorRate: number;
  ensembleOverallErrorRate: number;
  lift: number | null;
  pValue: number;
  qValue: number;
  /** Errors beyond the slice's share: size x (errorRate - overallErrorRate). */
  excessErrors: number;
  /** Excess errors over the evaluated rows: the accuracy gained if the slice erred at the overall rate. */
  accuracyAtStake: number;
  /** Share of all errors that sit in the slice. */
  errorShare: number;
  /** What the slice's class mix predicts: each row erring at its class's rate (null without labels). */
  classMix: SliceClassMix | null;
  /** How common the slice is among the training rows against the evaluation rows (null without training rows). */
  training: SlicePresence | null;
  /** Weak beyond its class mix (z >= 2) and, with training rows, rarer there: what targeted data can act on. */
  targetable: boolean;
}

export interface SliceClassMix {
  /** Mean over the slice's rows of the error rate of each row's class. */
  expectedErrorRate: number;
  /** size x (errorRate - expectedErrorRate). */
  excessErrors: number;
  /** Those errors over the evaluated rows, at least 0: the accuracy targeted data could gain, at most. */
  accuracyAtStake: number;
  /** (errors - expected errors) / its binomial standard error. */
  z: number;
}

export interface SlicePresence {
  trainingRows: number;
  /** Share of the training rows in the slice, and of the evaluated rows. */
  trainingShare: number;
  evaluationShare: number;
  /** trainingShare below 0.8 x evaluationShare. */
  rarerInTraining: boolean;
}

export interface WeakSlicesArgs {
  /** The first five significant slices, weakest first. */
  slices: DiscoveredSlice[];
  topExcessErrors: number;
  /** Share of all errors in the weakest slice (the figure its remedies quote too). */
  topErrorShare: number;
  /** Errors over the evaluated rows (a mean over runs: may be fractional). */
  totalErrors: number;
  evaluatedRows: number;
  accuracyAtStake: number;
  /** Runs whose errors the rates average. */
  runs: number;
  slicesTested: number;
  sliceCount: number;
  /** Predicates of the first three slices, in the search's order. */
  slicePredicates: Predicate[][];
  /** Columns left out of the search because they give the label or the prediction away (target-proxy). */
  leftOutColumns: string[];
  /** Index in `slices` of the slice targeted data can act on (weak beyond its class mix and, with training rows, rarer there), or null. */
  targetSlice: number | null;
  /** Significant slices left out of `slices` because their class mix explains their errors (z below 2): they restate the per-class error. */
  explainedByClassMix: number;
}

export interface SkewedSlice {
  predicates: Record<string, string | null>;
  size: number;
  classRate: number;
  overallClassRate: number;
  lift: number | null;
  pValue: number;
  qValue: number;
}

export interface LabelSkewArgs {
  class: string;
  slices: SkewedSlice[];
  slicesTested: number;
  sliceCount: number;
  slicePredicates: Predicate[][];
}

export interface DisparityArgs {
  column: string;
  group: string | null;
  /** The declared reference group's value; null when the reference is the rest of the rows. */
  reference: string | null;
  referenceMode: 'rest' | 'group';
  /** Whether the group does worse than its reference on this metric; selection rate is neutral. */
  direction: 'worse' | 'better' | 'neutral';
  /** Runs whose ensemble the group metrics count. */
  runs: number;
  metric: GroupMetricName;
  value: number;
  referenceValue: number;
  ratio: number;
  groupSize: number;
  referenceSize: number;
  pValue: number;
  qValue: number;
  gap: number;
  events: number;
  trials: number;
  disparityLow: number;
  disparityHigh: number;
  disparityTests: number;
  predicates: Predicate[];
  referencePredicates: Predicate[];
  /** For an error rate (or accuracy) worse than the reference: what the group's class mix predicts, and its presence in training. */
  classMix?: SliceClassMix | null;
  training?: SlicePresence | null;
  /** Weak beyond its class mix (z >= 2) and, with training rows, rarer there: what targeted data can act on. */
  targetable?: boolean;
}

export interface TargetProxyArgs {
  column: string;
  /** What the column predicts almost perfectly: the label, or only the model's prediction. */
  target: 'label' | 'prediction';
  /** Goodman-Kruskal lambda against that target. */
  lambda: number;
  /** Accuracy of predicting it by the most frequent value per column value, and of always guessing the most frequent. */
  accuracy: number;
  baseline: number;
  rows: number;
  /** Column values (numeric columns in up to 20 quantile bins). */
  values: number;
  predictionLambda: number | null;
  /** The model's accuracy when the column alone predicts the label better than the model does (else null). */
  modelAccuracy: number | null;
  leftOutOfSearch: boolean;
}

const predicateList = (record: Record<string, string | null>): Predicate[] => Object.keys(record).map((column) => ({ column, value: record[column] }));

/** What the weakest slice calls for, from its class mix and its presence in training. */
function leverEn(a: WeakSlicesArgs): string {
  const top = a.slices[0];
  const mix = top.classMix;
  const mixText = mix
    ? `Its class mix predicts an error rate of ${percent(mix.expectedErrorRate)} (each row at its class's error rate): ${Math.round(mix.excessErrors)} errors beyond that. `
    : '';
  const presence = top.training
    ? `It is ${percent(top.training.trainingShare)} of the training rows against ${percent(top.training.evaluationShare)} of the evaluated rows. `
    : '';
  if (a.targetSlice !== null) {
    const target = a.slices[a.targetSlice];
    const which =
      a.targetSlice === 0
        ? 'for it'
        : `for ${describePredicates(predicateList(target.predicates))} (${target.size} rows, ${Math.round(target.classMix!.excessErrors)} errors beyond its class mix${target.training ? `, ${percent(target.training.trainingShare)} of training against ${percent(target.training.evaluationShare)} of evaluation` : ''})`;
    return mixText + presence + `Targeted data or augmentation ${which} is the lever, and its labels are worth a look. `;
  }
  if (top.training && !top.training.rarerInTraining)
    return (
      mixText +
      presence +
      `It is no rarer in training than in evaluation, so more data of the same kind is unlikely to fix it; look at its labels and at what the features miss about it. `
    );
  return mixText + presence + `Its labels, and what the features miss about it, are worth a look. `;
}

function leverZh(a: WeakSlicesArgs): string {
  const top = a.slices[0];
  const mix = top.classMix;
  const mixText = mix
    ? `按其类别构成（每行按其类别的错误率）预期错误率为 ${percent(mix.expectedErrorRate)}：比这多出 ${Math.round(mix.excessErrors)} 个错误。`
    : '';
  const presence = top.training ? `它占训练行的 ${percent(top.training.trainingShare)}，占评估行的 ${percent(top.training.evaluationShare)}。` : '';
  if (a.targetSlice !== null) {
    const target = a.slices[a.targetSlice];
    const which =
      a.targetSlice === 0
        ? '为它'
        : `为 ${describePredicates(predicateList(target.predicates))}（${target.size} 行，比类别构成预期多出 ${Math.round(target.classMix!.excessErrors)} 个错误${target.training ? `，占训练行 ${percent(target.training.trainingShare)}、评估行 ${percent(target.training.evaluationShare)}` : ''}）`;
    return mixText + presence + `${which}补充针对性数据或做数据增强是关键手段，也值得检查它的标签。`;
  }
  if (top.training && !top.training.rarerInTraining)
    return mixText + presence + `它在训练集中并不比在评估集中少见，因此补充同类数据不太可能解决问题；请检查它的标签以及特征遗漏了它的哪些信息。`;
  return mixText + presence + `值得检查它的标签以及特征遗漏了它的哪些信息。`;
}

export const findings = {
  'weak-slices': finding({
    args: readBack.weakSlices,
    en: (a: WeakSlicesArgs) => {
      const top = a.slices[0];
      const list = a.slicePredicates
        .map(
          (predicates, i) =>
            `${describePredicates(predicates)} (${a.slices[i].size} rows, ${percent(a.slices[i].errorRate)} wrong, ${Math.round(a.slices[i].excessErrors)} excess errors)`,
        )
        .join('; ');
      const basis =
        a.runs > 1
          ? ` (means over the ${a.runs} runs; the runs' ensemble, which the search tests, errs on ${percent(top.ensembleErrorRate)} of it against ${percent(top.ensembleOverallErrorRate)} overall)`
          : '';
      const left =
        a.leftOutColumns.length > 0
          ? ` Left out of the search because they give the label or the model's prediction away (target-proxy): ${a.leftOutColumns.map((c) => sanitizeInline(c)).join(', ')}.`
          : '';
      const explained =
        a.explainedByClassMix > 0
          ? ` ${a.explainedByClassMix} other slice${a.explainedByClassMix === 1 ? ' errs' : 's err'} significantly more than the rest but no more than ${a.explainedByClassMix === 1 ? 'its' : 'their'} class mix predicts (fewer than 2 standard errors beyond it): ${a.explainedByClassMix === 1 ? 'it restates' : 'they restate'} the per-class error (see the performance check) and ${a.explainedByClassMix === 1 ? 'is' : 'are'} not counted here.`
          : '';
      return {
        title: `${a.sliceCount} slice${a.sliceCount === 1 ? '' : 's'} with significantly more errors`,
        summary:
          `The weakest slice, ${describePredicates(a.slicePredicates[0])}, has ${top.size} rows with an error rate of ${percent(top.errorRate)} against ${percent(top.overallErrorRate)} overall${basis} ` +
          `(lift ${(top.errorRate / top.overallErrorRate).toFixed(2)}, q = ${pText(top.qValue)} over ${a.slicesTested} slices tested): ${Math.round(top.excessErrors)} errors beyond its share, ` +
          `${points(a.accuracyAtStake)} points of accuracy on the ${a.evaluatedRows} evaluated rows; it holds ${percent(a.topErrorShare)} of all ${errorCount(a.totalErrors)} errors. ` +
          leverEn(a) +
          `Top slices: ${list}.` +
          explained +
          left,
      };
    },
    zh: (a) => {
      const top = a.slices[0];
      const list = a.slicePredicates.map(
        (predicates, i) =>
          `${describePredicates(predicates)}（${a.slices[i].size} 行，错误率 ${percent(a.slices[i].errorRate)}，多出 ${Math.round(a.slices[i].excessErrors)} 个错误）`,
      );
      const basis =
        a.runs > 1
          ? `（均为 ${a.runs} 次运行的平均；搜索检验的是各次运行的集成，它在该切片上的错误率为 ${percent(top.ensembleErrorRate)}，整体为 ${percent(top.ensembleOverallErrorRate)}）`
          : '';
      const left =
        a.leftOutColumns.length > 0
          ? `以下列几乎直接给出标签或模型的预测（target-proxy），未参与搜索：${a.leftOutColumns.map((c) => sanitizeInline(c)).join('、')}。`
          : '';
      const explained =
        a.explainedByClassMix > 0
          ? `另有 ${a.explainedByClassMix} 个切片的错误显著多于其余数据，但不超过其类别构成的预期（超出不到 2 个标准误）：它们只是各类别错误率的重述（见 performance 检查），不计入此处。`
          : '';
      return {
        title: `${a.sliceCount} 个切片的错误显著偏多`,
        summary:
          `最弱的切片 ${describePredicates(a.slicePredicates[0])} 有 ${top.size} 行，错误率为 ${percent(top.errorRate)}，而整体为 ${percent(top.overallErrorRate)}${basis}` +
          `（提升度 ${(top.errorRate / top.overallErrorRate).toFixed(2)}，在检验的 ${a.slicesTested} 个切片上 q = ${pText(top.qValue)}）：` +
          `比按其份额预期的多出 ${Math.round(top.excessErrors)} 个错误，相当于 ${a.evaluatedRows} 个评估行上 ${points(a.accuracyAtStake)} 个百分点的准确率；全部 ${errorCount(a.totalErrors)} 个错误中有 ${percent(a.topErrorShare)} 落在该切片。` +
          leverZh(a) +
          `错误最集中的切片：${list.join('；')}。` +
          explained +
          left,
      };
    },
  }),
  'label-skew': finding({
    args: readBack.labelSkew,
    en: (a: LabelSkewArgs) => {
      const top = a.slices[0];
      const className = sanitizeInline(a.class);
      return {
        title: `Class "${className}" is unevenly spread over ${a.sliceCount} slice${a.sliceCount === 1 ? '' : 's'}`,
        summary:
          `In ${describePredicates(a.slicePredicates[0])} (${top.size} rows) ${percent(top.classRate)} of the labels are "${className}" against ${percent(top.overallClassRate)} overall ` +
          `(q = ${pText(top.qValue)} over ${a.slicesTested} slices tested). A model can learn the slice as a shortcut for the class; check that the split and the sampling keep these slices balanced.`,
      };
    },
    zh: (a) => {
      const top = a.slices[0];
      const className = sanitizeInline(a.class);
      return {
        title: `类别 "${className}" 在 ${a.sliceCount} 个切片中分布不均`,
        summary:
          `在 ${describePredicates(a.slicePredicates[0])}（${top.size} 行）中，${percent(top.classRate)} 的标签为 "${className}"，而整体为 ${percent(top.overallClassRate)}` +
          `（在检验的 ${a.slicesTested} 个切片上 q = ${pText(top.qValue)}）。模型可能把该切片当作判断此类别的捷径；请检查数据划分和采样是否让这些切片保持平衡。`,
      };
    },
  }),
  /** One finding per column: `target-proxy:<column>`. */
  'target-proxy': finding({
    args: readBack.targetProxy,
    en: (a: TargetProxyArgs) => {
      const column = `"${sanitizeInline(a.column)}"`;
      const search = a.leftOutOfSearch
        ? ' It is left out of the slice search, whose slices on it would only restate it (checkOptions.slices.searchProxyColumns: true puts it back).'
        : " It stays in the slice search, where a slice on it counts as weak only when it errs beyond what its class mix predicts (each row at its class's error rate).";
      return a.target === 'label'
        ? {
            title: `Column ${column} predicts the label almost on its own: possible target leakage`,
            summary:
              `Predicting the label from ${column} alone (the most frequent label of each of its ${a.values} values) is right on ${percent(a.accuracy)} of ${a.rows} rows, against ${percent(a.baseline)} for always guessing the most frequent label: ` +
              `it removes ${percent(a.lambda)} of the guessing errors (Goodman-Kruskal lambda)${a.modelAccuracy !== null ? `, and beats the model itself (${percent(a.modelAccuracy)} accuracy)` : ''}. A feature this strong is often derived from the outcome or recorded after it, and will not exist when the model is used; check how it is produced before trusting the model's accuracy.` +
              search,
          }
        : {
            title: `The model's predictions follow column ${column} almost on their own`,
            summary:
              `Predicting the model's prediction from ${column} alone (its ${a.values} values) is right on ${percent(a.accuracy)} of ${a.rows} rows, against ${percent(a.baseline)} for always guessing the most frequent prediction (Goodman-Kruskal lambda ${a.lambda.toFixed(2)}). ` +
              `The predictions are close to a function of this column; if it is a score the model's output is built from, or should not be a feature, its accuracy is that column's.` +
              search,
          };
    },
    zh: (a) => {
      const column = `"${sanitizeInline(a.column)}"`;
      const search = a.leftOutOfSearch
        ? '该列未参与切片搜索，因为在它上面切出的切片只会重复它本身（checkOptions.slices.searchProxyColumns: true 可把它加回）。'
        : '该列仍参与切片搜索：在它上面切出的切片，只有错误超出其类别构成的预期（每行按其类别的错误率）时才算作弱切片。';
      return a.target === 'label'
        ? {
            title: `列 ${column} 几乎单独就能预测标签：可能存在目标泄漏`,
            summary:
              `只用 ${column} 预测标签（取其 ${a.values} 个取值各自最常见的标签），在 ${a.rows} 行中有 ${percent(a.accuracy)} 预测正确，而总是猜最常见的标签只有 ${percent(a.baseline)}：` +
              `它消除了 ${percent(a.lambda)} 的猜测错误（Goodman-Kruskal lambda）${a.modelAccuracy !== null ? `，甚至超过模型本身（准确率 ${percent(a.modelAccuracy)}）` : ''}。这么强的特征往往由结果推导而来或在结果之后才记录，模型实际使用时并不存在；在相信模型的准确率之前，请检查它是如何产生的。` +
              search,
          }
        : {
            title: `模型的预测几乎完全由列 ${column} 决定`,
            summary:
              `只用 ${column}（${a.values} 个取值）预测模型的预测，在 ${a.rows} 行中有 ${percent(a.accuracy)} 正确，而总是猜最常见的预测只有 ${percent(a.baseline)}（Goodman-Kruskal lambda ${a.lambda.toFixed(2)}）。` +
              `模型的预测近似是这一列的函数；如果它是模型输出所依据的分数，或本不应作为特征，那么模型的准确率就是这一列的准确率。` +
              search,
          };
    },
  }),
  /** One finding per group and metric outside the disparity band: `disparity:<column>=<value>:<metric>`. */
  disparity: finding({
    args: readBack.disparity,
    en: (a: DisparityArgs) => {
      const text = METRIC_TEXT[a.metric].en;
      const groupText = describePredicates(a.predicates);
      const rest = a.referenceMode === 'rest';
      const referenceText = rest
        ? `the rest of the data (${a.referenceSize} rows)`
        : `the reference group ${describePredicates(a.referencePredicates)} (${a.referenceSize} rows)`;
      const ensemble = a.runs > 1 ? ` (the ensemble of the ${a.runs} runs)` : '';
      // How many of the group's rows the gap amounts to: the count at the reference's rate minus the count at its own.
      const gap = Math.round((a.value - a.referenceValue) * a.trials);
      const closing =
        a.direction === 'better'
          ? `The group does better than ${rest ? 'the rest' : 'the reference group'}: this is not a weakness to fix, and the errors to work on are elsewhere.`
          : `At ${rest ? "the rest's" : "the reference group's"} rate this group would have ${Math.abs(gap)} ${gap >= 0 ? 'fewer' : 'more'} ${text.unit}; ` +
            `closing the gap (more or reweighted data for the group, per-group thresholds, or a fairness constraint) changes that many predictions.`;
      return {
        title: `${text.name[0].toUpperCase()}${text.name.slice(1)} of ${groupText} is ${a.ratio.toFixed(2)}x ${rest ? "the rest's" : "the reference group's"}${a.direction === 'better' ? ' (better)' : ''}`,
        summary:
          `For ${groupText} (${a.groupSize} rows) the ${text.name}${ensemble} is ${percent(a.value)} ` +
          `(${a.events} ${text.unit} of ${a.trials} ${text.of}) against ${percent(a.referenceValue)} for ${referenceText}: a ratio of ${a.ratio.toFixed(2)}, outside ${a.disparityLow}–${a.disparityHigh} ` +
          `(p = ${pText(a.pValue)}; q = ${pText(a.qValue)} after Benjamini-Hochberg over ${a.disparityTests} disparity tests). ` +
          closing,
      };
    },
    zh: (a) => {
      const text = METRIC_TEXT[a.metric].zh;
      const group = describePredicates(a.predicates);
      const ratio = a.ratio.toFixed(2);
      const rest = a.referenceMode === 'rest';
      const referenceText = rest ? `其余数据（${a.referenceSize} 行）` : `参照组 ${describePredicates(a.referencePredicates)}（${a.referenceSize} 行）`;
      const ensemble = a.runs > 1 ? `（${a.runs} 次运行的集成）` : '';
      const gap = Math.round((a.value - a.referenceValue) * a.trials);
      const out = text.of === '行' ? `${a.trials} 行` : `${a.trials} 个${text.of}`;
      const closing =
        a.direction === 'better'
          ? `该组比${rest ? '其余数据' : '参照组'}表现更好：这不是需要修复的弱点，需要处理的错误在别处。`
          : `若按${rest ? '其余数据' : '参照组'}的比率，该组的${text.unit}会${gap >= 0 ? '少' : '多'} ${Math.abs(gap)} 个；` +
            `缩小这一差距（为该组补充数据或重新加权、按组设定阈值，或加入公平性约束）会改变同样多的预测。`;
      return {
        title: `${group} 的${text.name}是${rest ? '其余数据' : '参照组'}的 ${ratio} 倍${a.direction === 'better' ? '（更好）' : ''}`,
        summary:
          `${group}（${a.groupSize} 行）的${text.name}${ensemble}为 ${percent(a.value)}（${out}中有 ${a.events} 个${text.unit}），` +
          `${referenceText}为 ${percent(a.referenceValue)}：比值为 ${ratio}，超出 ${a.disparityLow}–${a.disparityHigh} 的范围` +
          `（p = ${pText(a.pValue)}；对 ${a.disparityTests} 项差异检验做 Benjamini-Hochberg 校正后 q = ${pText(a.qValue)}）。` +
          closing,
      };
    },
  }),
};
