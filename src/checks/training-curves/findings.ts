/** The wording of the training-curves findings, in English and Chinese, from their arguments. */
import { z } from 'zod';
import { finding } from '../types.js';
import { m, ofKnown } from '../support/metrics-schema.js';
import { sanitizeInline } from '../../core/sanitize.js';
import { at, atList, mean, name, num, pts, runs } from './wording.js';

export interface OverfitRun {
  run: string;
  step: number;
  epoch: number | null;
  best: number;
  end: number;
  rise: number;
  trainEnd: number;
  gap: number;
}
export interface OverfittingArgs {
  runs: number;
  tag: string;
  affected: OverfitRun[];
}

export interface CheckpointRun {
  run: string;
  step: number;
  epoch: number | null;
  best: number;
  last: number;
  shortfall: number;
}
export interface CheckpointArgs {
  runs: number;
  metric: string;
  /** A metric in [0, 1] (accuracy, F1): shortfalls are quoted in points. */
  unitInterval: boolean;
  higherIsBetter: boolean;
  affected: CheckpointRun[];
  meanShortfall: number;
}

export interface NotConvergedArgs {
  runs: number;
  affected: { run: string; series: string; projectedGain: number; relativeGain: number }[];
}

export interface DivergedArgs {
  runs: number;
  affected: { run: string; tag: string; count: number; firstStep: number }[];
}

export interface UnstableArgs {
  runs: number;
  spikes: { run: string; tag: string; kind: 'loss' | 'grad-norm'; count: number; lasting: number; worst: { step: number; value: number; baseline: number } }[];
  schedule: { run: string; tag: string; count: number; first: { step: number; value: number; neighbours: number } }[];
}

export interface FailedArgs {
  runs: number;
  failed: { run: string; reason: string }[];
}

export interface SpreadArgs {
  runs: number;
  metric: string;
  unitInterval: boolean;
  finals: { run: string; value: number }[];
  mean: number;
  sd: number;
  min: number;
  max: number;
  bestMean: number;
  bestSd: number;
  bestSteps: { min: number; max: number };
}

export interface TruncatedArgs {
  files: { run: string; path: string; offset: number; records: number }[];
}

export interface NothingToGainArgs {
  runs: number;
  metric: string;
  unitInterval: boolean;
  largestShortfall: number;
}

export interface NoValidationArgs {
  runs: number;
  affected: { run: string; tag: string; firstStep: number; first: number; lastStep: number; last: number }[];
}

const spreadText = (a: SpreadArgs) => (a.unitInterval ? `${pts(a.max - a.min)} points` : num(a.max - a.min));

export const findings = {
  overfitting: finding({
    // Read back by the remedy evidence: where each run is best and how far validation loss rises.
    args: z.object({ runs: m.number(), affected: m.listOrNull(z.object({ step: m.number(), epoch: m.number(), rise: m.number() })) }),
    en: (a: OverfittingArgs) => ({
      title: `Validation loss worsens after its best in ${a.affected.length} of ${a.runs} run${a.runs === 1 ? '' : 's'} while training loss keeps falling`,
      summary: `In ${runs(a.affected.map((r) => r.run))}, validation loss (${sanitizeInline(a.tag)}) is lowest at ${atList(a.affected)}${a.affected.length > 1 ? ' respectively' : ''} and ends ${num(mean(a.affected.map((r) => r.rise)))} higher on average (from ${num(mean(a.affected.map((r) => r.best)))} to ${num(mean(a.affected.map((r) => r.end)))}), more than its own noise, while training loss keeps falling (final gap between validation and training loss ${num(mean(a.affected.map((r) => r.gap)))}): from there on the model fits the training rows rather than the task. Stopping at the best point, weight decay or dropout are the levers.`,
    }),
    zh: (a: OverfittingArgs) => ({
      title: `${a.runs} 次运行中有 ${a.affected.length} 次在验证损失达到最低后变差，而训练损失仍在下降`,
      summary: `在 ${runs(
        a.affected.map((r) => r.run),
        'zh',
      )} 中，验证损失（${sanitizeInline(a.tag)}）分别在${atList(a.affected, 'zh')}最低，之后平均升高 ${num(mean(a.affected.map((r) => r.rise)))}（从 ${num(mean(a.affected.map((r) => r.best)))} 到 ${num(mean(a.affected.map((r) => r.end)))}），超出其自身噪声，而训练损失仍在下降（最终验证与训练损失之差 ${num(mean(a.affected.map((r) => r.gap)))}）：此后模型拟合的是训练样本而不是任务本身。可在最佳点停止，或使用权重衰减、Dropout。`,
    }),
    size: (a) => a.affected?.length ?? null,
  }),
  'last-checkpoint-cost': finding({
    args: z.object({ metric: m.string(), unitInterval: m.boolean(), meanShortfall: m.number(), affected: m.list(z.unknown()) }),
    en: (a: CheckpointArgs) => ({
      title: a.unitInterval
        ? `The last checkpoint scores ${pts(a.meanShortfall)} points below the best validation ${sanitizeInline(a.metric)} (mean of ${a.affected.length} of ${a.runs} runs)`
        : `The last checkpoint's validation ${sanitizeInline(a.metric)} is ${num(a.meanShortfall)} worse than its best (mean of ${a.affected.length} of ${a.runs} runs)`,
      summary: `${a.affected
        .slice(0, 5)
        .map((r) => `${name(r.run)}: best ${num(r.best)} at ${at(r)}, last ${num(r.last)}`)
        .join(
          '; ',
        )}${a.affected.length > 5 ? `; and ${a.affected.length - 5} more` : ''}. Early stopping or keeping the best checkpoint recovers up to that much. Choosing the checkpoint by validation is optimistic for that same split: confirm the chosen checkpoint on a held-out test split before quoting its score.`,
    }),
    zh: (a: CheckpointArgs) => ({
      title: a.unitInterval
        ? `最后一个检查点的验证 ${sanitizeInline(a.metric)} 比最佳值低 ${pts(a.meanShortfall)} 个百分点（${a.runs} 次运行中 ${a.affected.length} 次的平均）`
        : `最后一个检查点的验证 ${sanitizeInline(a.metric)} 比最佳值差 ${num(a.meanShortfall)}（${a.runs} 次运行中 ${a.affected.length} 次的平均）`,
      summary: `${a.affected
        .slice(0, 5)
        .map((r) => `${name(r.run)}：最佳 ${num(r.best)}（${at(r, 'zh')}），最后 ${num(r.last)}`)
        .join(
          '；',
        )}${a.affected.length > 5 ? `；另有 ${a.affected.length - 5} 次` : ''}。早停或保留最佳检查点最多可挽回这么多。按验证集选择检查点对同一验证集是偏乐观的：引用分数前请在留出的测试集上确认所选检查点。`,
    }),
    size: (a) => a.meanShortfall,
  }),
  'not-converged': finding({
    en: (a: NotConvergedArgs) => ({
      title: `Training had not converged in ${new Set(a.affected.map((x) => x.run)).size} of ${a.runs} run${a.runs === 1 ? '' : 's'}: training and validation were still improving at the end`,
      summary: `Over the last quarter of training both curves still improve beyond their noise; as many more steps would improve ${a.affected
        .slice(0, 6)
        .map(
          (x) =>
            `${name(x.run)} ${sanitizeInline(x.series)} by about ${num(x.projectedGain)} (${(x.relativeGain * 100).toFixed(0)}% of its improvement so far)`,
        )
        .join(', ')}. More steps or a longer schedule are the lever before any regularisation.`,
    }),
    zh: (a: NotConvergedArgs) => ({
      title: `${a.runs} 次运行中有 ${new Set(a.affected.map((x) => x.run)).size} 次训练尚未收敛：训练和验证曲线在结束时仍在改善`,
      summary: `在训练的最后四分之一，两条曲线的改善都超出其噪声；再训练同样多的步数，预计 ${a.affected
        .slice(0, 6)
        .map((x) => `${name(x.run)} 的 ${sanitizeInline(x.series)} 改善约 ${num(x.projectedGain)}（为目前改善量的 ${(x.relativeGain * 100).toFixed(0)}%）`)
        .join('，')}。在加正则化之前，先增加训练步数或延长学习率调度。`,
    }),
    args: z.object({ affected: m.listOrNull(z.unknown()) }),
    size: (a) => a.affected?.length ?? null,
  }),
  diverged: finding({
    en: (a: DivergedArgs) => ({
      title: `Training diverged: NaN or infinite losses in ${new Set(a.affected.map((x) => x.run)).size} of ${a.runs} run${a.runs === 1 ? '' : 's'}`,
      summary: `${a.affected
        .slice(0, 5)
        .map((x) => `${name(x.run)}: ${x.count} non-finite value${x.count === 1 ? '' : 's'} of ${sanitizeInline(x.tag)}, first at step ${x.firstStep}`)
        .join(
          '; ',
        )}. A lower learning rate, gradient clipping, a warm-up or mixed-precision loss scaling usually fixes this; the predictions of such a run are not to be trusted.`,
    }),
    zh: (a: DivergedArgs) => ({
      title: `训练发散：${a.runs} 次运行中有 ${new Set(a.affected.map((x) => x.run)).size} 次出现 NaN 或无穷大的损失`,
      summary: `${a.affected
        .slice(0, 5)
        .map((x) => `${name(x.run)}：${sanitizeInline(x.tag)} 有 ${x.count} 个非有限值，首次出现在第 ${x.firstStep} 步`)
        .join('；')}。通常降低学习率、梯度裁剪、学习率预热或混合精度的损失缩放可以解决；这类运行的预测不可信。`,
    }),
    args: z.object({ affected: m.listOrNull(z.unknown()) }),
    size: (a) => a.affected?.length ?? null,
  }),
  unstable: finding({
    en: (a: UnstableArgs) => ({
      title: `Training is unstable: ${[a.spikes.some((s) => s.kind === 'loss') ? 'loss spikes' : '', a.spikes.some((s) => s.kind === 'grad-norm') ? 'exploding gradient norms' : '', a.schedule.length > 0 ? 'a learning rate that jumps' : ''].filter(Boolean).join(', ')}`,
      summary: `${[
        ...a.spikes
          .slice(0, 4)
          .map(
            (s) =>
              `${name(s.run)}: ${s.count} point${s.count === 1 ? '' : 's'} of ${sanitizeInline(s.tag)} above ${s.kind === 'loss' ? 'three' : 'ten'} times the running median (worst ${num(s.worst.value)} at step ${s.worst.step} against ${num(s.worst.baseline)})${s.lasting > 0 ? `, ${s.lasting} not recovered from` : ', each recovered from'}`,
          ),
        ...a.schedule
          .slice(0, 3)
          .map(
            (s) =>
              `${name(s.run)}: ${sanitizeInline(s.tag)} jumps to ${num(s.first.value)} at step ${s.first.step}, more than twice the ${num(s.first.neighbours)} around it`,
          ),
      ].join('; ')}. Gradient clipping, a lower peak learning rate or a longer warm-up are the levers; a spike that training recovers from costs little.`,
    }),
    zh: (a: UnstableArgs) => ({
      title: `训练不稳定：${[a.spikes.some((s) => s.kind === 'loss') ? '损失尖峰' : '', a.spikes.some((s) => s.kind === 'grad-norm') ? '梯度范数爆炸' : '', a.schedule.length > 0 ? '学习率突然跳升' : ''].filter(Boolean).join('、')}`,
      summary: `${[
        ...a.spikes
          .slice(0, 4)
          .map(
            (s) =>
              `${name(s.run)}：${sanitizeInline(s.tag)} 有 ${s.count} 个点超过滑动中位数的 ${s.kind === 'loss' ? '3' : '10'} 倍（最严重为第 ${s.worst.step} 步的 ${num(s.worst.value)}，对比 ${num(s.worst.baseline)}）${s.lasting > 0 ? `，其中 ${s.lasting} 个之后未恢复` : '，之后均已恢复'}`,
          ),
        ...a.schedule
          .slice(0, 3)
          .map(
            (s) => `${name(s.run)}：${sanitizeInline(s.tag)} 在第 ${s.first.step} 步跳到 ${num(s.first.value)}，超过前后值 ${num(s.first.neighbours)} 的两倍`,
          ),
      ].join('；')}。可用梯度裁剪、降低峰值学习率或延长预热；训练能恢复的尖峰代价不大。`,
    }),
    args: z.object({ spikes: m.listOrNull(z.object({ count: z.number() })), schedule: m.listOrNull(z.unknown()) }),
    size: (a) => (a.spikes === null || a.schedule === null ? null : a.spikes.reduce((s, x) => s + x.count, 0) + a.schedule.length),
  }),
  'failed-runs': finding({
    en: (a: FailedArgs) => ({
      title: `${a.failed.length} of ${a.runs} training run${a.runs === 1 ? '' : 's'} failed or ended early`,
      summary: `${a.failed
        .slice(0, 5)
        .map((f) => `${name(f.run)}: ${f.reason}`)
        .join(
          '; ',
        )}. Check the run's configuration and logs; tune the learning rate and warm-up over several seeds rather than keeping a recipe that fails on some.`,
    }),
    zh: (a: FailedArgs) => ({
      title: `${a.runs} 次训练运行中有 ${a.failed.length} 次失败或提前结束`,
      summary: `${a.failed
        .slice(0, 5)
        .map((f) => `${name(f.run)}：${f.reason}`)
        .join('；')}。请检查该运行的配置和日志；在多个种子下调优学习率和预热，而不是沿用在部分种子上会失败的配置。`,
    }),
    args: z.object({ failed: m.listOrNull(z.unknown()) }),
    size: (a) => a.failed?.length ?? null,
  }),
  'seed-spread': finding({
    en: (a: SpreadArgs) => ({
      title: `The final validation ${sanitizeInline(a.metric)} spans ${spreadText(a)} across ${a.runs} runs`,
      summary: `Final values from ${num(a.min)} to ${num(a.max)} (mean ${num(a.mean)}, sd ${num(a.sd)}); the best values average ${num(a.bestMean)} (sd ${num(a.bestSd)}), reached between step ${a.bestSteps.min} and ${a.bestSteps.max}. One run's score says little with this spread: compare recipes by their mean over seeds, and stop each run at its own best point.`,
    }),
    zh: (a: SpreadArgs) => ({
      title: `${a.runs} 次运行的最终验证 ${sanitizeInline(a.metric)} 相差 ${a.unitInterval ? `${pts(a.max - a.min)} 个百分点` : num(a.max - a.min)}`,
      summary: `最终值从 ${num(a.min)} 到 ${num(a.max)}（平均 ${num(a.mean)}，标准差 ${num(a.sd)}）；最佳值平均 ${num(a.bestMean)}（标准差 ${num(a.bestSd)}），在第 ${a.bestSteps.min} 到 ${a.bestSteps.max} 步之间达到。波动这么大时单次运行的分数说明不了什么：按多个种子的平均值比较配置，并让每次运行停在自己的最佳点。`,
    }),
    args: z.object({ min: m.number(), max: m.number() }),
    size: (a) => ofKnown([a.max, a.min], (max, min) => max - min),
  }),
  'truncated-log': finding({
    en: (a: TruncatedArgs) => ({
      title: `${a.files.length} event file${a.files.length === 1 ? ' ends' : 's end'} in a partial record (a run still writing, or cut short)`,
      summary: `${a.files
        .slice(0, 5)
        .map((f) => `${name(f.run)}: ${sanitizeInline(f.path)} after ${f.records} complete records (byte offset ${f.offset})`)
        .join('; ')}. The complete records were read; the partial one is ignored.`,
    }),
    zh: (a: TruncatedArgs) => ({
      title: `${a.files.length} 个事件文件以不完整的记录结尾（运行仍在写入，或被截断）`,
      summary: `${a.files
        .slice(0, 5)
        .map((f) => `${name(f.run)}：${sanitizeInline(f.path)}，${f.records} 条完整记录之后（字节偏移 ${f.offset}）`)
        .join('；')}。已读取完整的记录，忽略不完整的那条。`,
    }),
    noRemedy: 'A partial last record is what a run still writing leaves; the report only says what was not read.',
  }),
  'no-validation': finding({
    en: (a: NoValidationArgs) => ({
      title: `${a.affected.length === a.runs ? (a.runs === 1 ? 'The run logs' : `All ${a.runs} runs log`) : `${a.affected.length} of ${a.runs} runs log`} training loss only: over-fitting cannot be judged`,
      summary: `${runs(a.affected.map((r) => r.run))} log${a.affected.length === 1 ? 's' : ''} training loss and no validation loss or metric (${a.affected
        .slice(0, 3)
        .map((r) => `${sanitizeInline(r.tag)} from ${num(r.first)} at step ${r.firstStep} to ${num(r.last)} at step ${r.lastStep}`)
        .join(
          '; ',
        )}). A falling training loss says the model fits its training rows, not that it does well on new ones: without a validation curve, over-fitting, the best checkpoint and when to stop cannot be judged. Log one on held-out rows: Hugging Face Trainer, an eval_dataset with eval_strategy "steps" or "epoch"; Lightning, self.log("val_loss", ...) in validation_step; Keras, validation_data in fit().`,
    }),
    zh: (a: NoValidationArgs) => ({
      title: `${a.affected.length === a.runs ? (a.runs === 1 ? '该运行' : `全部 ${a.runs} 次运行`) : `${a.runs} 次运行中有 ${a.affected.length} 次`}只记录了训练损失：无法判断是否过拟合`,
      summary: `${runs(
        a.affected.map((r) => r.run),
        'zh',
      )} 只记录了训练损失，没有验证损失或验证指标（${a.affected
        .slice(0, 3)
        .map((r) => `${sanitizeInline(r.tag)} 从第 ${r.firstStep} 步的 ${num(r.first)} 降到第 ${r.lastStep} 步的 ${num(r.last)}`)
        .join(
          '；',
        )}）。训练损失下降只说明模型拟合了训练样本，不说明它在新样本上表现好：没有验证曲线，就无法判断过拟合、最佳检查点和何时停止。请在留出的样本上记录验证指标：Hugging Face Trainer 设置 eval_dataset 并令 eval_strategy 为 "steps" 或 "epoch"；Lightning 在 validation_step 中调用 self.log("val_loss", ...)；Keras 在 fit() 中传入 validation_data。`,
    }),
    noRemedy: 'It says what to log; until a validation curve exists there is nothing to size.',
  }),
  'nothing-to-gain': finding({
    en: (a: NothingToGainArgs) => ({
      title: `Stopping earlier would gain nothing: the last checkpoint is within noise of the best in every run`,
      summary: `Across ${a.runs} run${a.runs === 1 ? '' : 's'}, validation loss does not turn upward beyond its noise and the last validation ${sanitizeInline(a.metric)} is at most ${a.unitInterval ? `${pts(a.largestShortfall)} points` : num(a.largestShortfall)} from its best: early stopping and checkpoint selection have no headroom here.`,
    }),
    zh: (a: NothingToGainArgs) => ({
      title: '提前停止不会带来收益：每次运行的最后检查点都在最佳值的噪声范围内',
      summary: `在 ${a.runs} 次运行中，验证损失没有超出噪声的回升，最后的验证 ${sanitizeInline(a.metric)} 与最佳值相差最多 ${a.unitInterval ? `${pts(a.largestShortfall)} 个百分点` : num(a.largestShortfall)}：早停和检查点选择在这里没有提升空间。`,
    }),
    noRemedy: 'It says that early stopping and checkpoint selection have no headroom.',
  }),
};
