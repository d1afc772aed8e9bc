/** The wording of the slices check's findings, in English and Chinese, from their arguments. */
import { finding } from '../types.js';
import { sanitizeInline } from '../../core/sanitize.js';
import type { GroupMetricName } from '../../math/group-metrics.js';
import { pText, pct as percent } from '../support/format.js';

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
  errorRate: number;
  overallErrorRate: number;
  lift: number | null;
  pValue: number;
  qValue: number;
  excessErrors: number;
}

export interface WeakSlicesArgs {
  /** The first five significant slices, weakest first. */
  slices: DiscoveredSlice[];
  topExcessErrors: number;
  topErrorShare: number;
  totalErrors: number;
  slicesTested: number;
  sliceCount: number;
  /** Predicates of the first three slices, in the search's order. */
  slicePredicates: Predicate[][];
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
  reference: string | null;
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
}

export const findings = {
  'weak-slices': finding({
    en: (a: WeakSlicesArgs) => {
      const top = a.slices[0];
      const list = a.slicePredicates.map((predicates, i) => `${describePredicates(predicates)} (${a.slices[i].size} rows, ${percent(a.slices[i].errorRate)} wrong, ${Math.round(a.slices[i].excessErrors)} excess errors)`).join('; ');
      return {
        title: `${a.sliceCount} slice${a.sliceCount === 1 ? '' : 's'} with significantly more errors`,
        summary:
          `The weakest slice, ${describePredicates(a.slicePredicates[0])}, has ${top.size} rows with an error rate of ${percent(top.errorRate)} against ${percent(top.overallErrorRate)} overall ` +
          `(lift ${(top.errorRate / top.overallErrorRate).toFixed(2)}, q = ${pText(top.qValue)} over ${a.slicesTested} slices tested): ${Math.round(top.excessErrors)} errors beyond its share, ` +
          `${percent(a.topErrorShare)} of all ${a.totalErrors} errors. Bringing it to the average removes those errors; targeted data, relabelling or augmentation for it is the lever. ` +
          `Top slices: ${list}.`,
      };
    },
    zh: (a) => {
      const top = a.slices[0];
      const list = a.slicePredicates.map((predicates, i) => `${describePredicates(predicates)}（${a.slices[i].size} 行，错误率 ${percent(a.slices[i].errorRate)}，多出 ${Math.round(a.slices[i].excessErrors)} 个错误）`);
      return {
        title: `${a.sliceCount} 个切片的错误显著偏多`,
        summary:
          `最弱的切片 ${describePredicates(a.slicePredicates[0])} 有 ${top.size} 行，错误率为 ${percent(top.errorRate)}，而整体为 ${percent(top.overallErrorRate)}` +
          `（提升度 ${(top.errorRate / top.overallErrorRate).toFixed(2)}，在检验的 ${a.slicesTested} 个切片上 q = ${pText(top.qValue)}）：` +
          `比按其份额预期的多出 ${Math.round(top.excessErrors)} 个错误，占全部 ${a.totalErrors} 个错误的 ${percent(a.topErrorShare)}。` +
          `把它降到平均水平就能消除这些错误；为它补充针对性数据、重新标注或做数据增强是关键手段。` +
          `错误最集中的切片：${list.join('；')}。`,
      };
    },
  }),
  'label-skew': finding({
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
  /** One finding per group and metric outside the disparity band: `disparity:<column>=<value>:<metric>`. */
  disparity: finding({
    en: (a: DisparityArgs) => {
      const text = METRIC_TEXT[a.metric].en;
      const groupText = describePredicates(a.predicates);
      // How many of the group's rows the gap amounts to: the count at the reference's rate minus the count at its own.
      const gap = Math.round((a.value - a.referenceValue) * a.trials);
      return {
        title: `${text.name[0].toUpperCase()}${text.name.slice(1)} of ${groupText} is ${a.ratio.toFixed(2)}x the reference group's`,
        summary:
          `For ${groupText} (${a.groupSize} rows) the ${text.name} is ${percent(a.value)} ` +
          `(${a.events} ${text.unit} of ${a.trials} ${text.of}) against ${percent(a.referenceValue)} for the reference group ${describePredicates(a.referencePredicates)} ` +
          `(${a.referenceSize} rows): a ratio of ${a.ratio.toFixed(2)}, outside ${a.disparityLow}–${a.disparityHigh} ` +
          `(p = ${pText(a.pValue)}; q = ${pText(a.qValue)} after Benjamini-Hochberg over ${a.disparityTests} disparity tests). ` +
          `At the reference group's rate this group would have ${Math.abs(gap)} ${gap >= 0 ? 'fewer' : 'more'} ${text.unit}; ` +
          `closing the gap (more or reweighted data for the group, per-group thresholds, or a fairness constraint) changes that many predictions.`,
      };
    },
    zh: (a) => {
      const text = METRIC_TEXT[a.metric].zh;
      const group = describePredicates(a.predicates);
      const ratio = a.ratio.toFixed(2);
      const gap = Math.round((a.value - a.referenceValue) * a.trials);
      const out = text.of === '行' ? `${a.trials} 行` : `${a.trials} 个${text.of}`;
      return {
        title: `${group} 的${text.name}是参照组的 ${ratio} 倍`,
        summary:
          `${group}（${a.groupSize} 行）的${text.name}为 ${percent(a.value)}（${out}中有 ${a.events} 个${text.unit}），` +
          `参照组 ${describePredicates(a.referencePredicates)}（${a.referenceSize} 行）为 ${percent(a.referenceValue)}：比值为 ${ratio}，超出 ${a.disparityLow}–${a.disparityHigh} 的范围` +
          `（p = ${pText(a.pValue)}；对 ${a.disparityTests} 项差异检验做 Benjamini-Hochberg 校正后 q = ${pText(a.qValue)}）。` +
          `若按参照组的比率，该组的${text.unit}会${gap >= 0 ? '少' : '多'} ${Math.abs(gap)} 个；` +
          `缩小这一差距（为该组补充数据或重新加权、按组设定阈值，或加入公平性约束）会改变同样多的预测。`,
      };
    },
  }),
};
