/**
 * The proxy check's part in the remedies: each what-if's gain as an estimate (basis `estimated`:
 * measured on a logistic regression trained inside the audit, which the user's model may not
 * follow), and the proxy's margin over the user's model as the least a search over the model's
 * settings or more regularisation should recover.
 */
import type { CheckRemedies, ExpectedGain, MeasureContext } from '../types.js';
import { isObj, num, pct, quote, str, valueWithInterval } from '../support/evidence.js';
import type { WhatIfId } from './what-ifs.js';
import { PENALTY_GRID } from './fits.js';

const WHAT: Record<WhatIfId, { en: (rows: number, detail: unknown) => string; zh: (rows: number, detail: unknown) => string }> = {
  relabel: { en: (n) => `with the ${n} flagged training rows given their suggested labels`, zh: (n) => `把 ${n} 个被标记的训练行改为建议标签` },
  dropFlagged: {
    en: (n) => `without the ${n} flagged training rows (pruned, as cleanlab does)`,
    zh: (n) => `去掉 ${n} 个被标记的训练行(像 cleanlab 那样剪除)`,
  },
  deduplicate: { en: (n) => `without the ${n} duplicate training rows (one kept per group)`, zh: (n) => `去掉 ${n} 个重复的训练行(每组保留一行)` },
  classWeights: { en: () => 'with class weights inversely proportional to the training class frequencies', zh: () => '按训练集类别频率的倒数设置类别权重' },
  sliceWeights: {
    en: (n) => `with the weak slice's ${n} training rows weighted up to its share of the evaluation rows`,
    zh: (n) => `把薄弱切片的 ${n} 个训练行加权到它在评估行中的占比`,
  },
  sliceData: {
    en: (n, d) => `with ${n} more rows of the weak slice (half of its ${num(d, 'groupRows') ?? '?'} evaluation rows, each half judged by a fit on the other)`,
    zh: (n, d) => `加入薄弱切片的 ${n} 行(它的 ${num(d, 'groupRows') ?? '?'} 个评估行的一半,两半互为拟合与评判)`,
  },
  strongerPenalty: {
    en: (_, d) =>
      `with a ten times stronger L2 penalty (C = ${num(d, 'C') ?? '?'} instead of ${num(d, 'from') ?? '?'}, the penalty whose predictions agree most with your model's)`,
    zh: (_, d) => `把 L2 惩罚加强十倍(C = ${num(d, 'C') ?? '?'},原为与你的模型预测最一致的 ${num(d, 'from') ?? '?'})`,
  },
  tunedPenalty: {
    en: (_, d) =>
      `with the penalty a small search on the training rows picks (C = ${num(d, 'C') ?? '?'} of ${PENALTY_GRID.join(', ')}, instead of ${num(d, 'from') ?? '?'}, the one whose predictions agree most with your model's)`,
    zh: (_, d) =>
      `使用在训练行上小规模搜索选出的惩罚(C = ${num(d, 'C') ?? '?'},候选 ${PENALTY_GRID.join('、')};原为与你的模型预测最一致的 ${num(d, 'from') ?? '?'})`,
  },
  classData: {
    en: (n, d) =>
      `with ${n} more rows of class ${quote(str(d, 'class') ?? '?')} (half of its ${num(d, 'groupRows') ?? '?'} evaluation rows, each half judged by a fit on the other)`,
    zh: (n, d) => `加入类别 ${quote(str(d, 'class') ?? '?')} 的 ${n} 行(它的 ${num(d, 'groupRows') ?? '?'} 个评估行的一半,两半互为拟合与评判)`,
  },
};

/** The proxy's description in a few words: what it is and what it trained on. */
function proxyText(metrics: unknown, lang: 'en' | 'zh'): string {
  const used = num(metrics, 'trainingRowsUsed');
  const mode = str(metrics, 'mode');
  return lang === 'en'
    ? `a logistic regression on your features${used !== null ? ` (${used} training rows${mode === 'cross-fit' ? ' per cross-fitted fold' : ''})` : ''}`
    : `基于你的特征的逻辑回归${used !== null ? `(${used} 个训练行${mode === 'cross-fit' ? ',每个交叉拟合折' : ''})` : ''}`;
}

const OVERFITTING = new Set(['label-noise/in-sample-predictions', 'training-curves/overfitting', 'training-curves/last-checkpoint-cost']);

/** The larger of two estimates (either may be missing). */
function better(a: ExpectedGain | null, b: ExpectedGain | null): ExpectedGain | null {
  if (!a || !b) return a ?? b;
  return b.value > a.value ? b : a;
}

function whatIfGain(id: WhatIfId, { metrics, lang }: MeasureContext): ExpectedGain | null {
  const entry = isObj(metrics) && isObj(metrics.whatIfs) ? metrics.whatIfs[id] : null;
  // More data of a group: scaled from the rows the what-if could add to the rows that bring the group to its evaluation share.
  const scaled = num(entry, 'scaledGain') !== null;
  const measured = valueWithInterval(entry, scaled ? 'scaledGain' : 'gain', scaled ? 'scaledInterval' : 'gainInterval');
  const changed = num(entry, 'changedRows');
  const rows = num(metrics, 'evaluatedRows');
  if (!measured || changed === null) return null;
  // A scaled gain is capped at the group's errors: its spread is the (capped) interval's.
  const se = scaled ? null : num(entry, 'gainStandardError');
  const needed = num(entry, 'scale', 'neededRows');
  const bound = num(entry, 'scale', 'bound');
  const scaling = scaled
    ? lang === 'en'
      ? `, scaled in the logarithm of its rows to the ${needed} that would bring it to its share of the evaluation rows (at most its errors there, ${pct(bound ?? 0)} of the evaluation rows)`
      : `,并按其行数的对数放大到使其达到评估行中占比所需的 ${needed} 行(最多为它在评估行上的错误,占评估行的 ${pct(bound ?? 0)})`
    : '';
  const what = WHAT[id][lang](changed, entry) + scaling;
  return {
    metric: 'accuracy',
    ...measured,
    unit: 'fraction',
    basis: 'estimated',
    method:
      lang === 'en'
        ? `${proxyText(metrics, lang)} retrained ${what}, against it as it is, on the ${rows ?? ''} evaluation rows (paired bootstrap over rows); your model may gain more or less`
        : `${proxyText(metrics, lang)}在${what}后重新训练,与原样相比,在 ${rows ?? ''} 个评估行上(对行做配对自助法);你的模型的收益可能更多或更少`,
    ...(se !== null ? { standardError: se } : {}),
    rows: changed,
  };
}

export const remedies: CheckRemedies = {
  evidence({ metrics, lang, findings }) {
    const y = isObj(metrics) ? metrics.yardstick : null;
    const proxy = num(y, 'proxyAccuracy');
    const model = num(y, 'modelAccuracy');
    if (findings.length === 0 || proxy === null || model === null) return [];
    return [
      lang === 'en'
        ? `A logistic regression on your features, its penalty picked by a small search, reaches ${pct(proxy)} on the evaluation rows against your model's ${pct(model)}.`
        : `基于你的特征、惩罚由小规模搜索选定的逻辑回归在评估行上达到 ${pct(proxy)},而你的模型为 ${pct(model)}。`,
    ];
  },
  headroom: {
    // Acting on the flags: relabelling them or pruning them, whichever the proxy gains more from.
    proxyRelabel: (context) => better(whatIfGain('relabel', context), whatIfGain('dropFlagged', context)),
    proxyDeduplicate: (context) => whatIfGain('deduplicate', context),
    proxyClassWeights: (context) => whatIfGain('classWeights', context),
    proxySliceWeights: (context) => whatIfGain('sliceWeights', context),
    // More data of the weak slice behind the remedy, else of the class the model gets right least often.
    proxyGroupData: (context) =>
      context.findings.some((f) => f.id === 'slices/weak-slices' || (f.id.startsWith('slices/disparity:') && f.metrics.targetable === true))
        ? whatIfGain('sliceData', context)
        : whatIfGain('classData', context),
    proxyPenalty: (context) => whatIfGain('strongerPenalty', context),
    proxyTuning: (context) => whatIfGain('tunedPenalty', context),
    // A model beaten by a linear one on its own features should recover at least that margin by tuning or regularising.
    proxyYardstick({ metrics, lang, remedyId, findings }) {
      // Regularising answers over-fitting; without a sign of it (a gap to the training rows, a rising validation loss) the margin sizes tuning only.
      if (remedyId === 'regularize' && !findings.some((f) => OVERFITTING.has(f.id))) return null;
      const y = isObj(metrics) ? metrics.yardstick : null;
      const measured = valueWithInterval(y, 'gap', 'gapInterval');
      if (!measured || measured.value <= 0) return null;
      const proxy = num(y, 'proxyAccuracy');
      const model = num(y, 'modelAccuracy');
      const rows = num(y, 'rows');
      const se = num(y, 'gapStandardError');
      return {
        metric: 'accuracy',
        ...measured,
        unit: 'fraction',
        basis: 'estimated',
        method:
          lang === 'en'
            ? `${proxyText(metrics, lang)}, its penalty picked by a small search, reaches ${proxy !== null ? pct(proxy) : '?'} on the ${rows ?? ''} evaluation rows against your model's ${model !== null ? pct(model) : '?'} (paired bootstrap over rows and runs): a better-tuned or better-regularised model should recover at least that`
            : `${proxyText(metrics, lang)}(惩罚由小规模搜索选定)在 ${rows ?? ''} 个评估行上达到 ${proxy !== null ? pct(proxy) : '?'},你的模型为 ${model !== null ? pct(model) : '?'}(对行和运行做配对自助法):调得更好或正则化更好的模型至少应能补上这一差距`,
        ...(se !== null ? { standardError: se } : {}),
        ...(rows !== null ? { rows } : {}),
      };
    },
  },
};
