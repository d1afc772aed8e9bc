/** The training-curves check's charts: training and validation loss per run with the overfitting onsets marked, and the validation metric with each run's best step. */
import type { Chart, ChartContext } from '../types.js';
import { lines } from '../support/charts.js';
import { finite, ids, isObj, jsonText, objs, say } from '../support/chart-read.js';

/** Runs drawn in one chart: beyond this the lines are a tangle. */
const MAX_RUNS = 10;

export function curveCharts({ metrics, lang }: ChartContext): Chart[] {
  const runs = objs(metrics.runs).slice(0, MAX_RUNS);
  const total = objs(metrics.runs).length;
  const more =
    total > runs.length ? say(lang, ` The first ${runs.length} of ${total} runs are drawn.`, `绘制了 ${total} 次运行中的前 ${runs.length} 次。`) : '';
  const curve = (run: Record<string, unknown>, role: string) => objs(run.curves).find((c) => c.role === role);
  const points = (role: string, label: (run: string) => string) =>
    runs.flatMap((run) => {
      const c = curve(run, role);
      if (!c || !Array.isArray(c.steps) || !Array.isArray(c.values)) return [];
      const steps = c.steps as unknown[];
      const values = c.values as unknown[];
      return steps.flatMap((x, i) => (finite(x) && finite(values[i]) ? [{ series: label(jsonText(run.run)), x, y: values[i] }] : []));
    });
  const charts: Chart[] = [];
  const loss = [
    ...points('train-loss', (r) => say(lang, `${r} · train`, `${r} · 训练`)),
    ...points('validation-loss', (r) => say(lang, `${r} · validation`, `${r} · 验证`)),
  ];
  if (loss.length > 0) {
    const onsets = runs.flatMap((run) =>
      isObj(run.overfitting) && finite(run.overfitting.bestStep)
        ? [{ x: run.overfitting.bestStep, label: say(lang, `${jsonText(run.run)}: validation loss lowest`, `${jsonText(run.run)}：验证损失最低`) }]
        : [],
    );
    const positive = loss.every((p) => p.y > 0);
    const spread = positive ? Math.max(...loss.map((p) => p.y)) / Math.min(...loss.map((p) => p.y)) : 1;
    charts.push(
      lines(
        {
          id: 'training-curves-loss',
          title: say(lang, 'Training and validation loss', '训练损失与验证损失'),
          description: say(
            lang,
            `Loss against step for ${runs.length} run${runs.length === 1 ? '' : 's'} (training and validation curves); ${onsets.length} dashed line${onsets.length === 1 ? ' marks' : 's mark'} where validation loss is lowest before overfitting sets in.${more}`,
            `${runs.length} 次运行的损失随步数变化（训练与验证曲线）；${onsets.length} 条虚线标出过拟合开始前验证损失最低的位置。${more}`,
          ),
          explains: ids('training-curves', 'overfitting', 'not-converged', 'diverged', 'unstable', 'failed-runs', 'nothing-to-gain'),
        },
        loss,
        { x: say(lang, 'step', '步数'), y: say(lang, 'loss', '损失'), series: say(lang, 'curve', '曲线'), rules: onsets, logY: positive && spread > 20 },
      ),
    );
  }
  const metric = points('validation-metric', (r) => r);
  if (metric.length > 0) {
    const name = runs.map((run) => (isObj(run.validationMetric) ? jsonText(run.validationMetric.metric) : null)).find((x) => x !== null) ?? 'metric';
    const best = runs.flatMap((run) =>
      isObj(run.checkpoint) && finite(run.checkpoint.bestStep)
        ? [
            {
              x: run.checkpoint.bestStep,
              label: say(lang, `${jsonText(run.run)}: best ${jsonText(run.checkpoint.best)}`, `${jsonText(run.run)}：最佳 ${jsonText(run.checkpoint.best)}`),
            },
          ]
        : [],
    );
    charts.push(
      lines(
        {
          id: 'training-curves-metric',
          title: say(lang, `Validation ${name}`, `验证 ${name}`),
          description: say(
            lang,
            `Validation ${name} against step for ${runs.length} run${runs.length === 1 ? '' : 's'}; dashed lines mark each run's best step (the checkpoint early stopping would keep).${more}`,
            `${runs.length} 次运行的验证 ${name} 随步数变化；虚线标出每次运行的最佳步（早停会保留的检查点）。${more}`,
          ),
          explains: ids('training-curves', 'last-checkpoint-cost', 'seed-spread'),
        },
        metric,
        { x: say(lang, 'step', '步数'), y: name, series: say(lang, 'run', '运行'), rules: best },
      ),
    );
  }
  return charts;
}
