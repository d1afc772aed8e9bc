import type { Finding, Json, Metrics } from '../checks/types.js';
import type { Lang } from '../core/vocabulary.js';
import { describePredicates } from '../checks/slices.js';
import { sanitizeInline } from '../core/sanitize.js';

/**
 * Findings in the language of `--lang`. The checks write `title` and `summary` in English; for
 * `zh` this rebuilds both in Chinese from the finding's `metrics`, with the same numbers in the
 * same format as the English text. Keyed by finding id (`<check>/<key>`, or a key prefix such as
 * `missing:` or `disparity:`). Ids it does not know (plugins, new keys) and findings whose
 * metrics lack a number the text needs keep their English text. `id`, `check`, `severity`,
 * `metrics` and `examples` are never changed. Data values (column, class, group and run names)
 * are quoted the way the English text quotes them; renderers sanitise and escape them.
 */
export function localizeFindings(findings: Finding[], lang: Lang): Finding[] {
  if (lang !== 'zh') return findings;
  return findings.map((finding) => {
    const text = chineseText(finding);
    return text ? { ...finding, title: text.title, summary: text.summary } : finding;
  });
}

interface Text {
  title: string;
  summary: string;
}

/** Thrown when a metric the text needs is absent or of the wrong type: the finding stays in English. */
class MissingMetric extends Error {}

function chineseText(finding: Finding): Text | null {
  const prefix = `${finding.check}/`;
  if (!finding.id.startsWith(prefix)) return null;
  const key = finding.id.slice(prefix.length);
  let localizer: Localizer | undefined;
  if (Object.prototype.hasOwnProperty.call(BY_ID, finding.id)) localizer = BY_ID[finding.id];
  else if (finding.check === 'slices' && key.startsWith('disparity:')) localizer = disparity;
  if (!localizer) return null;
  try {
    return localizer(new Reader(finding.metrics), finding);
  } catch (error) {
    if (error instanceof MissingMetric) return null;
    throw error;
  }
}

type Localizer = (m: Reader, finding: Finding) => Text;

/** Typed access to a finding's metrics; a missing or mistyped value throws MissingMetric. */
class Reader {
  constructor(private readonly metrics: Metrics) {}

  private get(name: string): Json | undefined {
    return Object.prototype.hasOwnProperty.call(this.metrics, name) ? this.metrics[name] : undefined;
  }

  num(name: string): number {
    const value = this.get(name);
    if (typeof value !== 'number' || Number.isNaN(value)) throw new MissingMetric(name);
    return value;
  }

  /** A number or null (metrics write null where the value is undefined or infinite). */
  numOrNull(name: string): number | null {
    const value = this.get(name);
    if (value === null) return null;
    return this.num(name);
  }

  str(name: string): string {
    const value = this.get(name);
    if (typeof value !== 'string') throw new MissingMetric(name);
    return value;
  }

  strOrNull(name: string): string | null {
    const value = this.get(name);
    if (value === null) return null;
    return this.str(name);
  }

  bool(name: string): boolean {
    const value = this.get(name);
    if (typeof value !== 'boolean') throw new MissingMetric(name);
    return value;
  }

  list(name: string): Json[] {
    const value = this.get(name);
    if (!Array.isArray(value)) throw new MissingMetric(name);
    return value;
  }

  object(name: string): { [key: string]: Json } {
    const value = this.get(name);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new MissingMetric(name);
    return value;
  }

  /** A nested object of the metrics, read the same way. */
  static of(value: Json | undefined): Reader {
    if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) throw new MissingMetric('entry');
    return new Reader(value);
  }
}

// ------------------------------------------------------------------ number formats (as the checks write them)

/** `12.34%`: the two-decimal percentages of input-integrity, missing-values, duplicates, near-duplicates, conflicting-labels, leakage. */
const pct2 = (x: number) => `${(x * 100).toFixed(2)}%`;
/** Percentages with a chosen number of decimals (one by default, as label-noise, calibration, seed-instability, slices). */
const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)}%`;
/** Percentage points, unsigned. */
const points = (x: number, digits = 1) => `${(x * 100).toFixed(digits)}`;
/** A run or class name as calibration and seed-instability quote it. */
const runName = (text: string) => JSON.stringify(sanitizeInline(text).slice(0, 60));
/** p- and q-values as slices writes them. */
const pText = (value: number) => (value < 0.001 ? value.toExponential(1) : value.toFixed(3));
/** p-values as seed-instability writes them. */
const pValueText = (p: number) => (p < 1e-4 ? 'p < 0.0001' : `p = ${p.toFixed(4)}`);
/** A difference in percentage points, as `高 1.2 个百分点` / `低 0.4 个百分点`. */
const higherLower = (x: number, digits = 1) => `${x >= 0 ? '高' : '低'} ${Math.abs(x * 100).toFixed(digits)} 个百分点`;

// ------------------------------------------------------------------ per finding

const BY_ID: Record<string, Localizer> = {







  'slices/weak-slices'(m) {
    const slices = m.list('slices').map(Reader.of);
    const predicates = m.list('slicePredicates').map(predicateList);
    if (slices.length === 0 || predicates.length === 0) throw new MissingMetric('slices');
    const top = slices[0];
    const lift = top.numOrNull('lift');
    if (lift === null) throw new MissingMetric('lift');
    const list = predicates.map((described, i) => {
      const slice = slices[i];
      if (!slice) throw new MissingMetric('slices');
      return `${described}（${slice.num('size')} 行，错误率 ${pct(slice.num('errorRate'))}，多出 ${Math.round(slice.num('excessErrors'))} 个错误）`;
    });
    const count = m.num('sliceCount');
    return {
      title: `${count} 个切片的错误显著偏多`,
      summary:
        `最弱的切片 ${predicates[0]} 有 ${top.num('size')} 行，错误率为 ${pct(top.num('errorRate'))}，而整体为 ${pct(top.num('overallErrorRate'))}` +
        `（提升度 ${(top.num('errorRate') / top.num('overallErrorRate')).toFixed(2)}，在检验的 ${m.num('slicesTested')} 个切片上 q = ${pText(top.num('qValue'))}）：` +
        `比按其份额预期的多出 ${Math.round(top.num('excessErrors'))} 个错误，占全部 ${m.num('totalErrors')} 个错误的 ${pct(m.num('topErrorShare'))}。` +
        `把它降到平均水平就能消除这些错误；为它补充针对性数据、重新标注或做数据增强是关键手段。` +
        `错误最集中的切片：${list.join('；')}。`,
    };
  },
  'slices/label-skew'(m) {
    const slices = m.list('slices').map(Reader.of);
    const predicates = m.list('slicePredicates').map(predicateList);
    if (slices.length === 0 || predicates.length === 0) throw new MissingMetric('slices');
    const top = slices[0];
    const className = sanitizeInline(m.str('class'));
    return {
      title: `类别 "${className}" 在 ${m.num('sliceCount')} 个切片中分布不均`,
      summary:
        `在 ${predicates[0]}（${top.num('size')} 行）中，${pct(top.num('classRate'))} 的标签为 "${className}"，而整体为 ${pct(top.num('overallClassRate'))}` +
        `（在检验的 ${m.num('slicesTested')} 个切片上 q = ${pText(top.num('qValue'))}）。模型可能把该切片当作判断此类别的捷径；请检查数据划分和采样是否让这些切片保持平衡。`,
    };
  },
};


/** A slice's predicates (`[{column, value}]`, in the check's order) as the check describes them. */
function predicateList(entry: Json): string {
  if (!Array.isArray(entry) || entry.length === 0) throw new MissingMetric('slicePredicates');
  return describePredicates(
    entry.map((item) => {
      const p = Reader.of(item);
      return { column: p.str('column'), value: p.strOrNull('value') };
    }),
  );
}

/** Chinese names of the group metrics: name, what is counted, and out of what. */
const METRIC_TEXT: Record<string, { name: string; unit: string; of: string }> = {
  accuracy: { name: '准确率', unit: '正确预测', of: '行' },
  errorRate: { name: '错误率', unit: '错误', of: '行' },
  fpr: { name: '假阳性率', unit: '假阳性', of: '实际负例' },
  fnr: { name: '假阴性率', unit: '假阴性', of: '实际正例' },
  precision: { name: '精确率', unit: '真阳性', of: '预测正例' },
  selectionRate: { name: '选择率', unit: '正类预测', of: '行' },
  prevalence: { name: '正类占比', unit: '实际正例', of: '行' },
};

/** `slices/disparity:<column>=<value>:<metric>`. */
const disparity: Localizer = (m) => {
  const metric = m.str('metric');
  if (!Object.prototype.hasOwnProperty.call(METRIC_TEXT, metric)) throw new MissingMetric('metric');
  const text = METRIC_TEXT[metric];
  const group = predicateList(m.list('predicates'));
  const reference = predicateList(m.list('referencePredicates'));
  const value = m.num('value');
  const referenceValue = m.num('referenceValue');
  const trials = m.num('trials');
  const ratio = m.num('ratio').toFixed(2);
  // As the check computes it: the count at the group's rate minus the count at the reference's rate.
  const gap = Math.round((value - referenceValue) * trials);
  const out = text.of === '行' ? `${trials} 行` : `${trials} 个${text.of}`;
  return {
    title: `${group} 的${text.name}是参照组的 ${ratio} 倍`,
    summary:
      `${group}（${m.num('groupSize')} 行）的${text.name}为 ${pct(value)}（${out}中有 ${m.num('events')} 个${text.unit}），` +
      `参照组 ${reference}（${m.num('referenceSize')} 行）为 ${pct(referenceValue)}：比值为 ${ratio}，超出 ${m.num('disparityLow')}–${m.num('disparityHigh')} 的范围` +
      `（p = ${pText(m.num('pValue'))}；对 ${m.num('disparityTests')} 项差异检验做 Benjamini-Hochberg 校正后 q = ${pText(m.num('qValue'))}）。` +
      `若按参照组的比率，该组的${text.unit}会${gap >= 0 ? '少' : '多'} ${Math.abs(gap)} 个；` +
      `缩小这一差距（为该组补充数据或重新加权、按组设定阈值，或加入公平性约束）会改变同样多的预测。`,
  };
};
