/** The slices check's remedy evidence and gain method, in English and Chinese (numbers already formatted). */
import { phrase, words, type Phrase } from '../support/bilingual.js';

/** A weak slice as a sentence quotes it: percentages and points already written. */
export interface SliceText {
  description: string;
  size: number;
  value: string;
  baseline: string;
  /** The lift or ratio, to two decimals, or null; and the q-value written `q = ...`, or null. */
  lift: string | null;
  q: string | null;
  errors: number;
  /** The share of all errors the slice holds, or null. */
  errorShare: string | null;
  /** The accuracy a fix would gain (with `withGain`), or null. */
  gain: string | null;
}

const stats = (parts: (string | null)[]) => parts.filter(Boolean).join(', ');

export const wording = {
  discoveredSlice: words(
    (s: SliceText) => {
      const st = stats([s.lift !== null ? `lift ${s.lift}` : null, s.q]);
      return (
        `The slice ${s.description} (${s.size} rows) has a ${s.value} error rate against ${s.baseline} overall${st ? ` (${st})` : ''}: ` +
        `${s.errors} errors beyond its share${s.errorShare !== null ? `, and it holds ${s.errorShare} of all errors` : ''}` +
        `${s.gain !== null ? `; bringing it to the average would gain ${s.gain} of accuracy` : ''}.`
      );
    },
    (s) => {
      const st = stats([s.lift !== null ? `lift ${s.lift}` : null, s.q]);
      return (
        `切片 ${s.description}(${s.size} 行)的错误率为 ${s.value},整体为 ${s.baseline}${st ? `(${st})` : ''}:` +
        `比按整体错误率预期多出 ${s.errors} 个错误${s.errorShare !== null ? `,占全部错误的 ${s.errorShare}` : ''}` +
        `${s.gain !== null ? `;若降到平均水平,准确率可提高 ${s.gain}` : ''}。`
      );
    },
  ),
  /** A group of a disparity finding with excess errors; `metric` is the metric's name, `reference` the reference group (quoted) or null for the rest of the data. */
  disparitySlice: words(
    (s: SliceText, metric: string, reference: string | null) => {
      const st = stats([s.lift !== null ? `ratio ${s.lift}` : null, s.q]);
      return (
        `The ${metric} of ${s.description} (${s.size} rows) is ${s.value} against ${s.baseline} for ${reference === null ? 'the rest of the data' : `the reference group ${reference}`}${st ? ` (${st})` : ''}: ` +
        `${s.errors} more errors than at the reference rate${s.gain !== null ? `; closing the gap would gain ${s.gain} of accuracy` : ''}.`
      );
    },
    (s, metric, reference) => {
      const st = stats([s.lift !== null ? `比值 ${s.lift}` : null, s.q]);
      return (
        `${s.description}(${s.size} 行)的${metric}为 ${s.value},${reference === null ? '其余数据' : `参照组 ${reference}`} 为 ${s.baseline}${st ? `(${st})` : ''}:` +
        `比按参照组比率多出 ${s.errors} 个错误${s.gain !== null ? `;若消除差距,准确率可提高 ${s.gain}` : ''}。`
      );
    },
  ),
  /** A disparity that is not an excess of errors: the group, the metric's name, its value and the reference's (formatted), the reference group (quoted) or null, the ratio or null. */
  disparity: words(
    (group: string, metric: string, value: string, referenceValue: string, reference: string | null, ratio: string | null) =>
      `The ${metric} of ${group} is ${value} against ${referenceValue} for ${reference === null ? 'the rest of the data' : `the reference group ${reference}`}${ratio !== null ? ` (ratio ${ratio})` : ''}.`,
    (group, metric, value, referenceValue, reference, ratio) =>
      `${group} 的${metric}为 ${value},${reference === null ? '其余数据' : `参照组 ${reference}`} 为 ${referenceValue}${ratio !== null ? `(比值 ${ratio})` : ''}。`,
  ),
  targetProxy: words(
    (column: string, onLabel: boolean, accuracy: string, lambda: string) =>
      `Column ${column} alone predicts ${onLabel ? 'the label' : "the model's prediction"} on ${accuracy} of rows (Goodman-Kruskal lambda ${lambda}).`,
    (column, onLabel, accuracy, lambda) =>
      `仅凭列 ${column} 就能在 ${accuracy} 的行上预测出${onLabel ? '标签' : '模型的预测'}(Goodman-Kruskal lambda ${lambda})。`,
  ),
  labelSkew: words(
    (description: string, size: number, rate: string, className: string, base: string, q: string | null) =>
      `In ${description} (${size} rows) ${rate} of the labels are ${className} against ${base} overall${q !== null ? ` (${q})` : ''}.`,
    (description, size, rate, className, base, q) =>
      `在 ${description}(${size} 行)中,${rate} 的标签为 ${className},整体为 ${base}${q !== null ? `(${q})` : ''}。`,
  ),
  sliceExcessErrorsMethod: words(
    (excess: number, where: string, size: number | null, mix: boolean, evaluated: number | null) =>
      `the ${excess} errors of ${where} (${size ?? '?'} rows) beyond what ${mix ? 'its class mix' : 'the overall error rate'} predicts, over the ${evaluated ?? ''} evaluated rows: what it would gain if new data brought the slice to that rate`,
    (excess, where, size, mix, evaluated) =>
      `${where}(${size ?? '?'} 行)比${mix ? '其类别构成' : '整体错误率'}预期多出的 ${excess} 个错误,除以 ${evaluated ?? ''} 个评估行:若新数据让该切片降到那个错误率,可得的收益`,
  ),
};

/** The chart text of slices/charts.ts, in English and Chinese. */
export const chartText = {
  errorRatePerDeclared: phrase('Error rate per declared group (95% intervals)', '各声明分组的错误率（95% 区间）'),
  groupsTheHighestError: words(
    /** `overall`: the overall error rate (the dashed line), formatted, or null. */
    (groups: Phrase, name: Phrase, value: Phrase, overall: string | null) =>
      `${groups} groups; the highest error rate is ${name} at ${value}${overall !== null ? ` against ${overall} overall (dashed line)` : ''}. Error rate is one minus the rows' mean score over the runs, with its 95% normal-approximation interval over rows.`,
    (groups, name, value, overall) =>
      `${groups} 个分组；错误率最高的是 ${name}，为 ${value}${overall !== null ? `，总体为 ${overall}（虚线）` : ''}。错误率为 1 减去各行在各次运行上的平均得分，附按行计算的 95% 正态近似区间。`,
  ),
  errorRate: phrase('error rate', '错误率'),
  group: phrase('group', '分组'),
  discoveredSlicesWithMore: phrase('Discovered slices with more errors (95% Wilson intervals)', '搜索发现的高错误率切片（95% Wilson 区间）'),
  slicesSignificantAfterFalse: words(
    /** `overall`: the overall error rate (the dashed line), formatted, or null. */
    (discovered: Phrase, predicates: Phrase, size: Phrase, errorRate: Phrase, overall: string | null) =>
      `${discovered} slices significant after false-discovery control and beyond their class mix, as the report ranks them; the first, ${predicates} (${size} rows), errs at ${errorRate}${overall !== null ? ` against ${overall} overall (dashed line)` : ''}.`,
    (discovered, predicates, size, errorRate, overall) =>
      `经错误发现率控制后显著、且错误超出类别构成预期的 ${discovered} 个切片（按报告中的排序）；第一个 ${predicates}（${size} 行）错误率 ${errorRate}${overall !== null ? `，总体为 ${overall}（虚线）` : ''}。`,
  ),
  sliceRows: phrase('slice (rows)', '切片（行数）'),
  disparityRatiosAgainstThe: phrase('Disparity ratios against the reference (band 0.8–1.25)', '相对参照的差异比（0.8–1.25 区间）'),
  ratiosOfAGroup: words(
    (ratios: Phrase, outside: Phrase) =>
      `${ratios} ratios of a group's metric to the same metric on its reference (the other rows, or the declared reference group); ${outside} fall outside the shaded 0.8–1.25 band (the four-fifths rule and its inverse).`,
    (ratios, outside) =>
      `${ratios} 个比值：分组指标与其参照（其余样本或声明的参照组）同一指标之比；其中 ${outside} 个落在阴影区间 0.8–1.25 之外（五分之四规则及其倒数）。`,
  ),
  ratioToTheReference: phrase('ratio to the reference', '与参照之比'),
};
