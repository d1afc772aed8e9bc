/** The wording of the comparison check's findings, in English and Chinese, from their arguments. */
import { z } from 'zod';
import { finding } from '../types.js';
import { m } from '../support/metrics-schema.js';
import { sanitizeInline } from '../../core/sanitize.js';
import { pct, pText } from '../support/format.js';

const quoted = (name: string) => `"${sanitizeInline(name)}"`;
/** A signed difference in points: +2.1 / -0.4. */
const signed = (x: number) => `${x >= 0 ? '+' : '-'}${Math.abs(x * 100).toFixed(1)}`;
const interval = ([lo, hi]: readonly [number, number]) => `[${signed(lo)}, ${signed(hi)}]`;
const twoDigits = (x: number) => x.toFixed(2);
/** A bootstrap p-value at its floor, 2 / (B + 1), says only that it is at most that. */
const bootP = (p: number, resamples: number) => (p <= 2 / (resamples + 1) + 1e-12 ? `p ≤ ${pText(p)}` : `p = ${pText(p)}`);

/** A paired difference between the sides, overall or on one group of rows. */
interface PairedDifferenceArgs {
  candidate: string;
  /** "accuracy" for 0/1 correctness, "mean score" for graded scores. */
  metric: 'accuracy' | 'mean score';
  baselineMean: number;
  candidateMean: number;
  /** Candidate minus baseline, as a fraction (0.021 = 2.1 points). */
  difference: number;
  interval: [number, number];
  pValue: number;
  /** Bootstrap resamples behind the interval and the p-value. */
  resamples: number;
  /** Shared rows compared in all. */
  rows: number;
}

export interface OverallArgs extends PairedDifferenceArgs {
  baselineRuns: number;
  candidateRuns: number;
  probabilityOfImprovement: number;
  probabilityOfImprovementInterval: [number, number];
  /** The smallest true difference detected with probability `power` at this size. */
  minimumDetectable: number;
  power: number;
  /** What 5 more runs per side would detect, when runs add noise. */
  withMoreRuns: { runsPerSide: number; minimumDetectable: number } | null;
  /** Mean over run pairs, with 0/1 correctness; null for graded scores. */
  negativeFlipRate: number | null;
  positiveFlipRate: number | null;
  /** Exact McNemar on the two sides' majorities (rows where most runs are right). */
  majority: { negative: number; positive: number; pValue: number } | null;
  /** Mean expected calibration error of each side's runs, when both have probabilities. */
  ece: { baseline: number; candidate: number } | null;
  /** Mean pairwise churn within each side, when both have predicted classes and several runs. */
  churn: { baseline: number; candidate: number } | null;
}

export interface GroupArgs extends PairedDifferenceArgs {
  /** A declared slice value, a class, or a slice the search found. */
  kind: 'slice' | 'class' | 'discovered';
  /** `column = "value"`, or the class name. */
  group: string;
  /** Shared rows in the group. */
  size: number;
  q: number;
  groupsTested: number;
  overallDifference: number;
  /** The loss as a share of the overall accuracy: -difference x size / rows. */
  cost: number;
  /** For a discovered slice: the rows searched (where the sides' majorities disagree); q is then the search's, over `groupsTested` slices searched. */
  searchedRows?: number;
}

const qEn = (a: GroupArgs) =>
  a.kind === 'discovered'
    ? `found by a slice search: q = ${pText(a.q)} over ${a.groupsTested} slices searched among the ${a.searchedRows} rows where the sides' majorities disagree`
    : `q = ${pText(a.q)} over ${a.groupsTested} groups tested`;
const qZh = (a: GroupArgs) =>
  a.kind === 'discovered'
    ? `由切片搜索发现：在两侧多数结果不一致的 ${a.searchedRows} 行中搜索了 ${a.groupsTested} 个切片，q = ${pText(a.q)}`
    : `在 ${a.groupsTested} 个被检验的群体上 q = ${pText(a.q)}`;

export interface FlipArgs {
  candidate: string;
  rows: number;
  pairs: number;
  /** Mean over baseline/candidate run pairs of the rows the baseline gets right and the candidate wrong (and the reverse). */
  negative: number;
  positive: number;
  negativeRate: number;
  positiveRate: number;
  /** Rows the baseline's majority gets right and the candidate's majority wrong. */
  majorityNegative: number;
  worstClass: { class: string; rate: number; rows: number } | null;
}

const metricZh = (metric: OverallArgs['metric']) => (metric === 'accuracy' ? '准确率' : '平均得分');

function overallEn(a: OverallArgs): string {
  const runs = `${a.candidateRuns} candidate run${a.candidateRuns === 1 ? '' : 's'} against ${a.baselineRuns} baseline run${a.baselineRuns === 1 ? '' : 's'}`;
  const flips =
    a.negativeFlipRate !== null
      ? ` ${pct(a.negativeFlipRate)} of the examples go from right with the baseline to wrong with the candidate (negative flips), ${pct(a.positiveFlipRate!)} the other way (means over run pairs).`
      : '';
  const majority = a.majority
    ? ` Exact McNemar on the sides' majorities: ${a.majority.negative} rows lost, ${a.majority.positive} gained, p = ${pText(a.majority.pValue)}.`
    : '';
  const ece = a.ece ? ` Expected calibration error: ${pct(a.ece.baseline)} for the baseline, ${pct(a.ece.candidate)} for the candidate.` : '';
  const churn = a.churn ? ` Churn between a side's own runs: ${pct(a.churn.baseline)} for the baseline, ${pct(a.churn.candidate)} for the candidate.` : '';
  return (
    `On ${a.rows} shared examples (${runs}), the candidate's ${a.metric} is ${pct(a.candidateMean)} against ${pct(a.baselineMean)}: ${signed(a.difference)} points, 95% paired bootstrap interval ${interval(a.interval)} (examples resampled jointly, runs within each side; ${bootP(a.pValue, a.resamples)}). ` +
    `A candidate run beats a baseline run with probability ${twoDigits(a.probabilityOfImprovement)} [${twoDigits(a.probabilityOfImprovementInterval[0])}, ${twoDigits(a.probabilityOfImprovementInterval[1])}].${flips}${majority}${ece}${churn}`
  );
}

function overallZh(a: OverallArgs): string {
  const flips =
    a.negativeFlipRate !== null
      ? `${pct(a.negativeFlipRate)} 的样本从基线正确变为候选错误（负翻转），反向为 ${pct(a.positiveFlipRate!)}（各运行对的平均）。`
      : '';
  const majority = a.majority
    ? `两侧多数结果的精确 McNemar 检验：失去 ${a.majority.negative} 行，得到 ${a.majority.positive} 行，p = ${pText(a.majority.pValue)}。`
    : '';
  const ece = a.ece ? `期望校准误差：基线 ${pct(a.ece.baseline)}，候选 ${pct(a.ece.candidate)}。` : '';
  const churn = a.churn ? `同一侧各运行之间的预测变动（churn）：基线 ${pct(a.churn.baseline)}，候选 ${pct(a.churn.candidate)}。` : '';
  return (
    `在 ${a.rows} 个共同样本上（候选 ${a.candidateRuns} 次运行，基线 ${a.baselineRuns} 次运行），候选模型的${metricZh(a.metric)}为 ${pct(a.candidateMean)}，基线为 ${pct(a.baselineMean)}：相差 ${signed(a.difference)} 个百分点，95% 配对自助法区间 ${interval(a.interval)}（样本在两侧联合重抽，运行在各侧内重抽；${bootP(a.pValue, a.resamples)}）。` +
    `候选运行胜过基线运行的概率为 ${twoDigits(a.probabilityOfImprovement)} [${twoDigits(a.probabilityOfImprovementInterval[0])}, ${twoDigits(a.probabilityOfImprovementInterval[1])}]。${flips}${majority}${ece}${churn}`
  );
}

const named = (candidate: string) => (candidate === 'candidate' ? 'The candidate' : `The candidate ${quoted(candidate)}`);
const namedZh = (candidate: string) => (candidate === 'candidate' ? '候选模型' : `候选模型 ${quoted(candidate)}`);

export const findings = {
  regression: finding({
    args: z.object({ difference: m.number() }),
    size: (a) => (a.difference === null ? null : -a.difference),
    en: (a: OverallArgs) => ({
      title: `${named(a.candidate)} is worse than the baseline: ${signed(a.difference)} points of ${a.metric}`,
      summary: `${overallEn(a)} The whole interval lies below zero: the candidate is a regression at this evaluation size; do not ship it without finding what it lost (the negative flips and the per-slice differences show where).`,
    }),
    zh: (a) => ({
      title: `${namedZh(a.candidate)}比基线差：${metricZh(a.metric)}相差 ${signed(a.difference)} 个百分点`,
      summary: `${overallZh(a)}整个区间都在零以下：在这个评估规模上候选模型是一次退步；在查明它失去了什么之前不要上线（负翻转和各切片的差异指出了位置）。`,
    }),
  }),
  improvement: finding({
    en: (a: OverallArgs) => ({
      title: `${named(a.candidate)} is better than the baseline: ${signed(a.difference)} points of ${a.metric}`,
      summary: `${overallEn(a)} The whole interval lies above zero: at this evaluation size the improvement is unlikely to be noise (check the per-slice differences for groups it makes worse).`,
    }),
    zh: (a) => ({
      title: `${namedZh(a.candidate)}优于基线：${metricZh(a.metric)}相差 ${signed(a.difference)} 个百分点`,
      summary: `${overallZh(a)}整个区间都在零以上：在这个评估规模上改进不太可能是噪声（请查看各切片的差异，确认没有变差的群体）。`,
    }),
  }),
  'no-detectable-difference': finding({
    // Read back by the remedy evidence: the difference, its interval, and what this evaluation (and more runs) would detect.
    args: z.object({
      difference: m.number(),
      interval: m.pair(),
      minimumDetectable: m.number(),
      withMoreRuns: m.object({ runsPerSide: m.number(), minimumDetectable: m.number() }),
    }),
    en: (a: OverallArgs) => ({
      title: `No difference detectable between the candidate and the baseline (${signed(a.difference)} points, interval ${interval(a.interval)})`,
      summary:
        `${overallEn(a)} The interval includes zero: this evaluation cannot tell the two apart. It would detect a true difference of ${(a.minimumDetectable * 100).toFixed(1)} points with ${pct(a.power, 0)} power` +
        `${a.withMoreRuns ? `; with ${a.withMoreRuns.runsPerSide} runs per side, ${(a.withMoreRuns.minimumDetectable * 100).toFixed(1)} points` : ''}. A smaller gain needs more runs or more evaluation examples before it can be claimed.`,
    }),
    zh: (a) => ({
      title: `候选模型与基线之间没有可检测的差异（${signed(a.difference)} 个百分点，区间 ${interval(a.interval)}）`,
      summary:
        `${overallZh(a)}区间包含零：这次评估无法区分两者。它能以 ${pct(a.power, 0)} 的功效检测到 ${(a.minimumDetectable * 100).toFixed(1)} 个百分点的真实差异` +
        `${a.withMoreRuns ? `；每侧 ${a.withMoreRuns.runsPerSide} 次运行时为 ${(a.withMoreRuns.minimumDetectable * 100).toFixed(1)} 个百分点` : ''}。更小的提升需要更多运行或更多评估样本才能下结论。`,
    }),
  }),
  /** One finding per slice value or class: `group-regression:<column>=<value>` or `group-regression:class=<class>`. */
  'group-regression': finding({
    args: z.object({ cost: m.number() }),
    size: (a) => a.cost,
    en: (a: GroupArgs) => ({
      title: `${named(a.candidate)} loses ${signed(a.difference).slice(1)} points on ${a.kind === 'class' ? `class ${quoted(a.group)}` : a.group} (${signed(a.overallDifference)} overall)`,
      summary:
        `On the ${a.size} shared examples of ${a.kind === 'class' ? `class ${quoted(a.group)}` : a.group}, the candidate's ${a.metric} is ${pct(a.candidateMean)} against the baseline's ${pct(a.baselineMean)}: ${signed(a.difference)} points, 95% interval ${interval(a.interval)} (${bootP(a.pValue, a.resamples)}; ${qEn(a)}), while the overall difference is ${signed(a.overallDifference)} points. ` +
        `The loss costs ${(a.cost * 100).toFixed(2)} points of overall ${a.metric}; an average that hides it would ship a model that is worse for this group.`,
    }),
    zh: (a) => ({
      title: `${namedZh(a.candidate)}在${a.kind === 'class' ? `类别 ${quoted(a.group)} ` : ` ${a.group} `}上下降 ${signed(a.difference).slice(1)} 个百分点（整体 ${signed(a.overallDifference)}）`,
      summary:
        `在${a.kind === 'class' ? `类别 ${quoted(a.group)}` : ` ${a.group} `}的 ${a.size} 个共同样本上，候选模型的${metricZh(a.metric)}为 ${pct(a.candidateMean)}，基线为 ${pct(a.baselineMean)}：相差 ${signed(a.difference)} 个百分点，95% 区间 ${interval(a.interval)}（${bootP(a.pValue, a.resamples)}；${qZh(a)}），而整体差异为 ${signed(a.overallDifference)} 个百分点。` +
        `这一损失占整体${metricZh(a.metric)}的 ${(a.cost * 100).toFixed(2)} 个百分点；只看平均值会上线一个对这个群体更差的模型。`,
    }),
  }),
  'negative-flips': finding({
    args: z.object({ negativeRate: m.number() }),
    size: (a) => a.negativeRate,
    en: (a: FlipArgs) => ({
      title: `${named(a.candidate)} turns ${pct(a.negativeRate)} of the examples from right to wrong (negative flips)`,
      summary:
        `Over the ${a.pairs} baseline/candidate run pair${a.pairs === 1 ? '' : 's'} on ${a.rows} shared examples, ${a.negative.toFixed(1)} examples on average (${pct(a.negativeRate)}) go from right to wrong (negative flips) and ${a.positive.toFixed(1)} (${pct(a.positiveRate)}) from wrong to right; the sides' majorities lose ${a.majorityNegative} rows. ` +
        `${a.worstClass ? `The negative flip rate is highest on class ${quoted(a.worstClass.class)}: ${pct(a.worstClass.rate)} of its ${a.worstClass.rows} rows. ` : ''}` +
        `Users see these as regressions even when accuracy rises; ensembling the candidate's runs and positive-congruent training (Yan et al. 2021) reduce them.`,
    }),
    zh: (a) => ({
      title: `${namedZh(a.candidate)}把 ${pct(a.negativeRate)} 的样本由对变错（负翻转）`,
      summary:
        `在 ${a.rows} 个共同样本上、${a.pairs} 个基线/候选运行对中，平均有 ${a.negative.toFixed(1)} 个样本（${pct(a.negativeRate)}）由对变错（负翻转），${a.positive.toFixed(1)} 个（${pct(a.positiveRate)}）由错变对；两侧多数结果失去 ${a.majorityNegative} 行。` +
        `${a.worstClass ? `负翻转率最高的是类别 ${quoted(a.worstClass.class)}：其 ${a.worstClass.rows} 行中的 ${pct(a.worstClass.rate)}。` : ''}` +
        `即使准确率上升，用户也会把这些看作退步；集成候选模型的多次运行以及正向一致训练（Yan et al. 2021）可以减少它们。`,
    }),
  }),
};
