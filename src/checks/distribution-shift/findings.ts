import { z } from 'zod';
import { m, ofKnown } from '../support/metrics-schema.js';
import { finding } from '../types.js';
import { approximateSearchNote } from '../support/embedding-index.js';
import { num4, pct, pText, runName } from '../support/format.js';
import { sanitizeInline } from '../../core/sanitize.js';
import { phrase, words } from '../support/bilingual.js';

export interface DriftedFeature {
  feature: string;
  kind: 'numeric' | 'categorical' | 'text-length';
  test: 'ks' | 'chi-square';
  statistic: number;
  qValue: number;
  effect: number;
  effectName: 'wasserstein/std' | 'jensen-shannon' | 'ks';
  reference: string;
  evaluation: string;
}

interface SplitArgs {
  /** The evaluation split. */
  split: string;
  /** "the training split" or "the training file". */
  source: 'split-column' | 'train-file';
}

export interface FeatureDriftArgs extends SplitArgs {
  tested: number;
  driftedCount: number;
  /** The drifted features, largest effect first (at most maxListed). */
  drifted: DriftedFeature[];
  alpha: number;
  minEffect: number;
}

export interface LabelShiftArgs extends SplitArgs {
  qValue: number;
  distance: number;
  /** The classes whose share moved most: share on each side. */
  moved: { label: string; reference: number; evaluation: number }[];
}

export interface TextShiftArgs extends SplitArgs {
  /** Chi-square on the word counts, after Benjamini-Hochberg. */
  qValue: number;
  /** Rows each side needed. */
  minRows: number;
  oovRate: number;
  baselineOovRate: number;
  tokenDistance: number;
  risen: { token: string; reference: number; evaluation: number }[];
}

export interface EmbeddingShiftArgs extends SplitArgs {
  sameShare: number;
  expectedShare: number;
  pValue: number;
  qValue: number;
  k: number;
  permutations: number;
  /** With the approximate (inverted-file) search: its recall of the exact top-k on sampled rows, else null. */
  searchRecall?: number | null;
}

export interface ConfidenceShiftArgs extends SplitArgs {
  referenceMean: number;
  evaluationMean: number;
  statistic: number;
  qValue: number;
}

/** Phrases the findings share: where the reference rows come from, and a drifted feature's effect. */
export const phrases = {
  from: words(
    (a: SplitArgs) => (a.source === 'train-file' ? 'the training file' : 'the training split'),
    (a) => (a.source === 'train-file' ? '训练文件' : '训练划分'),
  ),
  wasserstein: words(
    (effect: string) => `Wasserstein ${effect} std`,
    (effect) => `Wasserstein 距离 ${effect} 个标准差`,
  ),
  mean: phrase('mean ', '均值 '),
};
const from = (a: SplitArgs, lang: 'en' | 'zh') => phrases.from[lang](a);
const split = (a: SplitArgs) => runName(a.split);

function effectText(f: DriftedFeature, lang: 'en' | 'zh'): string {
  const name = sanitizeInline(f.feature);
  const test = f.test === 'ks' ? `KS D = ${num4(f.statistic)}` : `χ² = ${Number(f.statistic.toPrecision(4))}`;
  const effect = f.effectName === 'wasserstein/std' ? phrases.wasserstein[lang](num4(f.effect)) : `JS ${num4(f.effect)}`;
  const mean = f.test === 'ks' ? phrases.mean[lang]() : '';
  return `${name} (${test}, q = ${pText(f.qValue)}, ${effect}; ${mean}${sanitizeInline(f.reference)} → ${sanitizeInline(f.evaluation)})`;
}

export const findings = {
  'feature-drift': finding({
    args: z.object({ driftedCount: m.number() }),
    size: (a) => a.driftedCount,
    en: (a: FeatureDriftArgs) => ({
      title: `${a.driftedCount} of ${a.tested} feature${a.tested === 1 ? '' : 's'} drifted between ${from(a, 'en')} and ${split(a)}`,
      summary:
        `${a.driftedCount} of the ${a.tested} features compared differ in distribution between ${from(a, 'en')} and split ${split(a)} (Benjamini-Hochberg q ≤ ${a.alpha} and an effect of at least ${a.minEffect}: ` +
        `Wasserstein distance in training standard deviations for numbers, Jensen-Shannon distance for categories): ${a.drifted.map((f) => effectText(f, 'en')).join('; ')}${a.driftedCount > a.drifted.length ? '; …' : ''}. ` +
        'A model is measured on this split outside the conditions it was trained in: its score there is not its score on training-like data, and the same drift in production erodes it. Monitor these features, and train on data that covers this split.',
    }),
    zh: (a) => ({
      title: `${from(a, 'zh')}与 ${split(a)} 之间，${a.tested} 个特征中有 ${a.driftedCount} 个发生漂移`,
      summary:
        `比较的 ${a.tested} 个特征中，有 ${a.driftedCount} 个在${from(a, 'zh')}与划分 ${split(a)} 之间分布不同（Benjamini-Hochberg q ≤ ${a.alpha}，且效应量至少 ${a.minEffect}：` +
        `数值特征为以训练标准差计的 Wasserstein 距离，类别特征为 Jensen-Shannon 距离）：${a.drifted.map((f) => effectText(f, 'zh')).join('；')}${a.driftedCount > a.drifted.length ? '；…' : ''}。` +
        '模型在这个划分上的评估脱离了它的训练条件：那里的分数不代表它在类训练数据上的分数，生产中出现同样的漂移也会侵蚀效果。请监控这些特征，并用覆盖该划分的数据训练。',
    }),
  }),
  'label-shift': finding({
    args: z.object({ distance: m.number() }),
    size: (a) => ofKnown([a.distance], (distance) => Math.round(distance * 1000)),
    en: (a: LabelShiftArgs) => ({
      title: `Label distribution shifted between ${from(a, 'en')} and ${split(a)} (JS ${num4(a.distance)})`,
      summary:
        `The class shares differ between ${from(a, 'en')} and split ${split(a)} (chi-square q = ${pText(a.qValue)}, Jensen-Shannon distance ${num4(a.distance)}): ` +
        `${a.moved.map((m) => `"${sanitizeInline(m.label)}" ${pct(m.reference)} → ${pct(m.evaluation)}`).join(', ')}. ` +
        'Accuracy on this split weighs the classes differently from training, and a model tuned to the training priors is biased here: report per-class metrics, and reweight or recalibrate to the priors the model will meet.',
    }),
    zh: (a) => ({
      title: `${from(a, 'zh')}与 ${split(a)} 之间的标签分布发生偏移（JS ${num4(a.distance)}）`,
      summary:
        `${from(a, 'zh')}与划分 ${split(a)} 的类别比例不同（卡方检验 q = ${pText(a.qValue)}，Jensen-Shannon 距离 ${num4(a.distance)}）：` +
        `${a.moved.map((m) => `"${sanitizeInline(m.label)}" ${pct(m.reference)} → ${pct(m.evaluation)}`).join('，')}。` +
        '该划分上的准确率对各类别的加权与训练时不同，按训练先验调好的模型在这里会有偏差：请报告各类别的指标，并按模型将面对的先验重新加权或校准。',
    }),
  }),
  'text-shift': finding({
    args: z.object({ tokenDistance: m.number() }),
    size: (a) => ofKnown([a.tokenDistance], (distance) => Math.round(distance * 1000)),
    en: (a: TextShiftArgs) => ({
      title: `Text of ${split(a)} differs from ${from(a, 'en')} (token JS ${num4(a.tokenDistance)}, ${pct(a.oovRate)} unseen words)`,
      summary:
        `${pct(a.oovRate)} of the words in split ${split(a)} never occur in ${from(a, 'en')}, against ${pct(a.baselineOovRate)} between two halves of the training text; the Jensen-Shannon distance of the word frequencies is ${num4(a.tokenDistance)} (chi-square on the word counts q = ${pText(a.qValue)}).` +
        (a.risen.length > 0
          ? ` Words that rose most (per thousand words): ${a.risen.map((t) => `"${sanitizeInline(t.token)}" ${t.reference} → ${t.evaluation}`).join(', ')}.`
          : '') +
        ' The model meets vocabulary and topics here it was not trained on: collect or mix in training text from this domain, and monitor the vocabulary in production.',
    }),
    zh: (a) => ({
      title: `${split(a)} 的文本与${from(a, 'zh')}不同（词频 JS ${num4(a.tokenDistance)}，${pct(a.oovRate)} 的词未登录）`,
      summary:
        `划分 ${split(a)} 中有 ${pct(a.oovRate)} 的词从未在${from(a, 'zh')}中出现，而训练文本两半之间只有 ${pct(a.baselineOovRate)}；词频的 Jensen-Shannon 距离为 ${num4(a.tokenDistance)}（词频卡方检验 q = ${pText(a.qValue)}）。` +
        (a.risen.length > 0
          ? `上升最多的词（每千词）：${a.risen.map((t) => `"${sanitizeInline(t.token)}" ${t.reference} → ${t.evaluation}`).join('，')}。`
          : '') +
        '模型在这里遇到了训练时没有的词汇和话题：请收集或混入该领域的训练文本，并在生产中监控词汇。',
    }),
  }),
  'embedding-shift': finding({
    args: z.object({ sameShare: m.number(), expectedShare: m.number() }),
    size: (a) => ofKnown([a.sameShare, a.expectedShare], (same, expected) => Math.round((same - expected) * 1000)),
    en: (a: EmbeddingShiftArgs) => ({
      title: `Embeddings of ${split(a)} sit apart from ${from(a, 'en')}`,
      summary:
        `Among the ${a.k} nearest neighbours of the rows of ${from(a, 'en')} and split ${split(a)}, ${pct(a.sameShare)} come from the row's own side, against ${pct(a.expectedShare)} if both were drawn from one distribution ` +
        `(nearest-neighbour two-sample test, ${a.permutations} permutations, p = ${pText(a.pValue)}, q = ${pText(a.qValue)}). A k-NN domain classifier tells the two apart: this split covers regions of the embedding space training does not. ` +
        `Mix data like it into training, and monitor the embedding distribution in production.${approximateSearchNote(a.searchRecall, 'en')}`,
    }),
    zh: (a) => ({
      title: `${split(a)} 的嵌入与${from(a, 'zh')}分处不同区域`,
      summary:
        `在${from(a, 'zh')}与划分 ${split(a)} 各行的 ${a.k} 个最近邻中，有 ${pct(a.sameShare)} 来自该行自己一侧，而两者若来自同一分布应为 ${pct(a.expectedShare)}` +
        `（最近邻双样本检验，${a.permutations} 次置换，p = ${pText(a.pValue)}，q = ${pText(a.qValue)}）。k 近邻域分类器能区分二者：这个划分覆盖了训练数据未覆盖的嵌入空间区域。` +
        `请将类似的数据混入训练，并在生产中监控嵌入分布。${approximateSearchNote(a.searchRecall, 'zh')}`,
    }),
  }),
  'confidence-shift': finding({
    args: z.object({ referenceMean: m.number(), evaluationMean: m.number() }),
    size: (a) => ofKnown([a.referenceMean, a.evaluationMean], (reference, evaluation) => Math.round(Math.abs(reference - evaluation) * 1000)),
    en: (a: ConfidenceShiftArgs) => ({
      title: `The model is ${a.evaluationMean < a.referenceMean ? 'less' : 'more'} confident on ${split(a)} than on ${from(a, 'en')} (${pct(a.evaluationMean)} against ${pct(a.referenceMean)})`,
      summary:
        `Mean top-class probability is ${pct(a.evaluationMean)} on split ${split(a)} and ${pct(a.referenceMean)} on ${from(a, 'en')} (KS D = ${num4(a.statistic)}, q = ${pText(a.qValue)}). ` +
        (a.evaluationMean < a.referenceMean
          ? 'If the training rows were predicted in-sample, part of the gap is the model having seen them; beyond that, lower confidence marks inputs unlike training. '
          : 'Higher confidence where the model was not trained is unusual: check that this split is not easier or leaked. ') +
        'Monitor confidence in production: a falling mean is an early sign of drift.',
    }),
    zh: (a) => ({
      title: `模型在 ${split(a)} 上的置信度${a.evaluationMean < a.referenceMean ? '低于' : '高于'}${from(a, 'zh')}（${pct(a.evaluationMean)}，对比 ${pct(a.referenceMean)}）`,
      summary:
        `最高类别概率的均值在划分 ${split(a)} 上为 ${pct(a.evaluationMean)}，在${from(a, 'zh')}上为 ${pct(a.referenceMean)}（KS D = ${num4(a.statistic)}，q = ${pText(a.qValue)}）。` +
        (a.evaluationMean < a.referenceMean
          ? '如果训练行的预测是样本内的，差距有一部分来自模型见过这些行；除此之外，较低的置信度说明输入与训练数据不同。'
          : '模型在未训练过的数据上置信度更高并不寻常：请检查该划分是否更容易或存在泄漏。') +
        '请在生产中监控置信度：均值下降是漂移的早期信号。',
    }),
  }),
};
