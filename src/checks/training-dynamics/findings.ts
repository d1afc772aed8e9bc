/** The wording of the training-dynamics findings, in English and Chinese, from their arguments. */
import { z } from 'zod';
import { finding } from '../types.js';
import { m } from '../support/metrics-schema.js';
import { pct } from '../support/format.js';

/** A group of rows picked out by how their predictions moved during training. */
export interface RowGroupArgs {
  count: number;
  rows: number;
  share: number;
  runs: number;
  snapshots: number;
  /** The thresholds that define the group, in words the text quotes. */
  rule: string;
  /** Median over the group of the statistic that defines it. */
  median: number;
}

/** The low-margin group, with the runs that memorised their labels (their margin is read before that point). */
export interface LowMarginArgs extends RowGroupArgs {
  /** Share of the rows a run predicts as given when it counts as having fitted its labels. */
  fitAccuracy?: number;
  /** Runs that got there, and the 1-based snapshot at which each did. */
  memorisedRuns?: number;
  fittedAt?: number[];
}

const memorisedIn = (a: LowMarginArgs) => (a.memorisedRuns ?? 0) > 0;
const fitList = (a: LowMarginArgs, and: string) => {
  const t = a.fittedAt ?? [];
  return t.length <= 1 ? String(t[0]) : `${t.slice(0, -1).join(', ')}${and}${t[t.length - 1]}`;
};

const where = (a: RowGroupArgs) =>
  `${a.count} of ${a.rows} training rows (${pct(a.share)}), over ${a.snapshots} snapshots of ${a.runs} run${a.runs === 1 ? '' : 's'}`;
const whereZh = (a: RowGroupArgs) => `${a.rows} 个训练样本中的 ${a.count} 个（${pct(a.share)}），基于 ${a.runs} 次运行的 ${a.snapshots} 个快照`;
/** How large a group of rows is: its share of the training rows (read back by a baseline report). */
const sizeArgs = z.object({ share: m.number() });
const share = (a: z.output<typeof sizeArgs>) => a.share;

export const findings = {
  'hard-to-learn': finding({
    en: (a: RowGroupArgs) => ({
      title: `${a.count} rows stay hard to learn: the model gives their label little probability at every snapshot`,
      summary: `${where(a)} have ${a.rule} (median confidence ${a.median.toFixed(3)}): the model never comes to believe their label, and does not waver about it either. In a data map these rows are mostly wrong labels (Swayamdipta et al. 2020); review them first, then relabel or drop the ones that are wrong.`,
    }),
    zh: (a: RowGroupArgs) => ({
      title: `${a.count} 个样本始终难以学习：模型在每个快照中都只给其标签很低的概率`,
      summary: `${whereZh(a)}满足 ${a.rule}（置信度中位数 ${a.median.toFixed(3)}）：模型从未相信其标签，也没有摇摆。在数据地图中这类样本多为错误标签（Swayamdipta 等，2020）；请先复核，再修正或删除确实错标的样本。`,
    }),
    args: sizeArgs,
    size: share,
  }),
  'low-margin': finding({
    en: (a: LowMarginArgs) =>
      memorisedIn(a)
        ? {
            title: `${a.count} rows have a negative area under the margin before the model memorised its labels: another class outscored their label until then`,
            summary: `${where(a)} have ${a.rule} (median ${a.median.toFixed(3)}) over the snapshots before their run fitted its labels. ${a.memorisedRuns} of ${a.runs} run${a.runs === 1 ? '' : 's'} came to predict ${pct(a.fitAccuracy ?? 1)} of the training rows as labelled (at snapshot ${fitList(a, ' and ')} of ${a.snapshots}), wrong labels included, so over all snapshots even wrong labels end with a positive margin; the margin is read up to that snapshot instead${a.memorisedRuns! < a.runs ? ', and over all snapshots in the other runs' : ''}, as Pleiss et al. (2020) measure it before memorisation. Until then the given label stayed below some other class on average: such rows are mostly mislabelled, and the class the model preferred is a candidate for the correct one.`,
          }
        : {
            title: `${a.count} rows have a negative area under the margin: another class outscores their label over training`,
            summary: `${where(a)} have ${a.rule} (median ${a.median.toFixed(3)}): averaged over training, the probability of the given label stays below that of some other class. Pleiss et al. (2020) find such rows are mostly mislabelled; the label the model prefers is a candidate for the correct one.`,
          },
    zh: (a: LowMarginArgs) =>
      memorisedIn(a)
        ? {
            title: `${a.count} 个样本在模型记住其标签之前的边际面积（AUM）为负：在此之前其他类别的得分高于其标签`,
            summary: `${whereZh(a)}在其运行拟合标签之前的快照上满足 ${a.rule}（中位数 ${a.median.toFixed(3)}）。${a.runs} 次运行中有 ${a.memorisedRuns} 次最终把 ${pct(a.fitAccuracy ?? 1)} 的训练样本预测为其给定标签（在 ${a.snapshots} 个快照中的第 ${fitList(a, ' 和 ')} 个），错误标签也不例外，因此按全部快照计算，连错误标签的边际也为正；故边际只计算到该快照${a.memorisedRuns! < a.runs ? '，其余运行仍按全部快照计算' : ''}，与 Pleiss 等（2020）在记忆发生之前测量边际的做法一致。在此之前，给定标签的概率平均低于另一个类别：这类样本大多是错标，模型偏好的类别可作为正确标签的候选。`,
          }
        : {
            title: `${a.count} 个样本的边际面积（AUM）为负：训练过程中其他类别的得分高于其标签`,
            summary: `${whereZh(a)}满足 ${a.rule}（中位数 ${a.median.toFixed(3)}）：在整个训练过程中，给定标签的概率平均低于另一个类别。Pleiss 等（2020）发现这类样本大多是错标；模型偏好的类别可作为正确标签的候选。`,
          },
    args: sizeArgs,
    size: share,
  }),
  'never-learned': finding({
    en: (a: RowGroupArgs) => ({
      title: `${a.count} rows are never predicted correctly at any snapshot`,
      summary: `${where(a)} are predicted as another class at every snapshot of every run: the model never fits them, even on the rows it trains on. They are wrong labels, or examples the model cannot represent; look at them before training longer.`,
    }),
    zh: (a: RowGroupArgs) => ({
      title: `${a.count} 个样本在任何快照中都未被正确预测`,
      summary: `${whereZh(a)}在每次运行的每个快照中都被预测为其他类别：即使是训练样本，模型也从未拟合它们。它们要么是错误标签，要么是模型无法表示的样本；在延长训练之前先查看它们。`,
    }),
    args: sizeArgs,
    size: share,
  }),
  ambiguous: finding({
    en: (a: RowGroupArgs) => ({
      title: `${a.count} rows are ambiguous: the model keeps changing its mind about them`,
      summary: `${where(a)} have ${a.rule} (median variability ${a.median.toFixed(3)}). Ambiguous rows help generalisation more than easy ones (Swayamdipta et al. 2020): keep them; a curriculum or more of such data is where training gains, not deletion.`,
    }),
    zh: (a: RowGroupArgs) => ({
      title: `${a.count} 个样本是模糊样本：模型对它们的判断反复变化`,
      summary: `${whereZh(a)}满足 ${a.rule}（变异度中位数 ${a.median.toFixed(3)}）。模糊样本比简单样本更有助于泛化（Swayamdipta 等，2020）：应当保留；收益来自课程学习或补充这类数据，而不是删除。`,
    }),
    args: sizeArgs,
    size: share,
  }),
  'often-forgotten': finding({
    en: (a: RowGroupArgs) => ({
      title: `${a.count} rows are often forgotten: learned, then predicted wrongly again`,
      summary: `${where(a)} have ${a.rule} (median ${a.median.toFixed(1)} events per run). Frequently forgotten examples are the hard, atypical or noisy ones (Toneva et al. 2019); a lower learning rate late in training, or a curriculum that revisits them, steadies them.`,
    }),
    zh: (a: RowGroupArgs) => ({
      title: `${a.count} 个样本经常被遗忘：学会后又被预测错误`,
      summary: `${whereZh(a)}满足 ${a.rule}（每次运行的遗忘次数中位数 ${a.median.toFixed(1)}）。经常被遗忘的样本通常是困难、非典型或含噪的样本（Toneva 等，2019）；训练后期降低学习率，或用课程学习反复呈现它们，可以使其稳定。`,
    }),
    args: sizeArgs,
    size: share,
  }),
};
