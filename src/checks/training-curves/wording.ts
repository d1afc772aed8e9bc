/** Number and list formats shared by the training-curves findings and their remedy evidence, so both quote the same figures. */
import { sanitizeInline } from '../../core/sanitize.js';
import type { Lang } from '../../core/vocabulary.js';
import { phrase, words, type Phrase } from '../support/bilingual.js';

export const name = (run: string) => `"${sanitizeInline(run).slice(0, 60)}"`;
type Point = { epoch: number | null; step: number };

/** A list of run names, the first five then how many more. */
export const runs = (list: readonly string[], lang: Lang = 'en'): string => phrases.runs[lang](list);
export const num = (x: number) => (Number.isInteger(x) ? String(x) : Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(3) : x.toPrecision(3));
export const pts = (x: number) => (x * 100).toFixed(1);
export const at = (p: Point, lang: Lang = 'en') => (p.epoch !== null ? phrases.epoch[lang](num(p.epoch)) : phrases.step[lang](p.step));
/** Where each run is best: "epochs 9, 7 and 15" (or steps), the first five. */
export const atList = (points: readonly Point[], lang: Lang = 'en'): string => {
  const byEpoch = points.every((p) => p.epoch !== null);
  const values = points.slice(0, 5).map((p) => num(byEpoch ? p.epoch! : p.step));
  return phrases.atList[lang](byEpoch, values, points.length > 5);
};
export const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);

export const phrases = {
  runs: words(
    (list: readonly string[]) => {
      const shown = list.slice(0, 5).map(name).join(', ');
      return list.length <= 5 ? shown : `${shown} and ${list.length - 5} more`;
    },
    (list) => {
      const shown = list.slice(0, 5).map(name).join('、');
      return list.length <= 5 ? shown : `${shown} 等 ${list.length} 次运行`;
    },
  ),
  epoch: words(
    (epoch: string) => `epoch ${epoch}`,
    (epoch) => `第 ${epoch} 轮`,
  ),
  step: words(
    (step: number) => `step ${step}`,
    (step) => `第 ${step} 步`,
  ),
  /** Epochs (or steps) `values`, the first five; `more` when there were more. */
  atList: words(
    (byEpoch: boolean, values: string[], more: boolean) => {
      const joined = values.length <= 1 ? values.join('') : `${values.slice(0, -1).join(', ')} and ${values[values.length - 1]}`;
      return `${byEpoch ? 'epoch' : 'step'}${values.length > 1 ? 's' : ''} ${joined}${more ? ', ...' : ''}`;
    },
    (byEpoch, values, more) => `第 ${values.join('、')} ${byEpoch ? '轮' : '步'}${more ? ' 等' : ''}`,
  ),
};

/** The remedy evidence and gain method of the training curves. */
export const wording = {
  /** `gain` is the mean shortfall: in points when `unit` (a 0-1 metric), else the metric's own scale. */
  lastCheckpointCost: words(
    (metric: string, affected: number, gain: number, unit: boolean) =>
      `Keeping the best checkpoint instead of the last recovers ${unit ? `${pts(gain)} points` : gain.toPrecision(3)} of validation ${metric} on average over ${affected} run${affected === 1 ? '' : 's'} (selected on validation, so optimistic: confirm on a test split).`,
    (metric, affected, gain, unit) =>
      `保留最佳检查点而不是最后一个，在 ${affected} 次运行中平均可挽回验证 ${metric} ${unit ? `${pts(gain)} 个百分点` : gain.toPrecision(3)}（按验证集选择偏乐观：请在测试集上确认）。`,
  ),
  overfitting: words(
    (affected: number, total: number, points: Point[], rise: number) =>
      `In ${affected} of ${total} run${total === 1 ? '' : 's'}, validation loss turns upward after its lowest point (${atList(points, 'en')}) and ends ${num(rise)} higher on average while training loss keeps falling: stop at the best point, or raise weight decay or dropout.`,
    (affected, total, points, rise) =>
      `${total} 次运行中有 ${affected} 次验证损失在最低点（${atList(points, 'zh')}）之后上升，平均升高 ${num(rise)}，而训练损失仍在下降：在最佳点停止，或加强权重衰减/Dropout。`,
  ),
  /** `search`: the remedy is a search over settings, which includes the training length. */
  checkpointGainMethod: words(
    (metric: string, search: boolean) =>
      `best minus last validation ${metric} in the training logs, mean over the runs; the best checkpoint was picked on the same validation rows, so this is optimistic` +
      (search ? '; a search that includes the training length finds at least this' : ''),
    (metric, search) =>
      `训练日志中验证 ${metric} 的最佳值减去最后值,各次运行的平均;最佳检查点是在同一验证集上选出的,因此偏乐观` +
      (search ? ';包含训练长度的搜索至少能得到这么多' : ''),
  ),
};

/** The chart text of training-curves/charts.ts, in English and Chinese. */
export const chartText = {
  theFirstOfRuns: words(
    (runs: Phrase, total: Phrase) => ` The first ${runs} of ${total} runs are drawn.`,
    (runs, total) => `绘制了 ${total} 次运行中的前 ${runs} 次。`,
  ),
  train: words(
    (r: Phrase) => `${r} · train`,
    (r) => `${r} · 训练`,
  ),
  validation: words(
    (r: Phrase) => `${r} · validation`,
    (r) => `${r} · 验证`,
  ),
  validationLossLowest: words(
    (run: Phrase) => `${run}: validation loss lowest`,
    (run) => `${run}：验证损失最低`,
  ),
  trainingAndValidationLoss: phrase('Training and validation loss', '训练损失与验证损失'),
  lossAgainstStepFor: words(
    (runs: Phrase, s: Phrase, onsets: Phrase, mark: Phrase, more: Phrase) =>
      `Loss against step for ${runs} run${s} (training and validation curves); ${onsets} dashed line${mark} where validation loss is lowest before overfitting sets in.${more}`,
    (runs, s, onsets, mark, more) => `${runs} 次运行的损失随步数变化（训练与验证曲线）；${onsets} 条虚线标出过拟合开始前验证损失最低的位置。${more}`,
  ),
  step: phrase('step', '步数'),
  loss: phrase('loss', '损失'),
  curve: phrase('curve', '曲线'),
  best: words(
    (run: Phrase, best: Phrase) => `${run}: best ${best}`,
    (run, best) => `${run}：最佳 ${best}`,
  ),
  validation2: words(
    (name: Phrase) => `Validation ${name}`,
    (name) => `验证 ${name}`,
  ),
  validationAgainstStepFor: words(
    (name: Phrase, runs: Phrase, s: Phrase, more: Phrase) =>
      `Validation ${name} against step for ${runs} run${s}; dashed lines mark each run's best step (the checkpoint early stopping would keep).${more}`,
    (name, runs, s, more) => `${runs} 次运行的验证 ${name} 随步数变化；虚线标出每次运行的最佳步（早停会保留的检查点）。${more}`,
  ),
  run: phrase('run', '运行'),
};
