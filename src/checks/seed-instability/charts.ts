/** The seed-instability check's charts: each run's accuracy with its interval beside the ensemble, and the pairwise churn matrix. */
import type { Chart, ChartContext } from '../types.js';
import { forest, heatmap } from '../support/charts.js';
import { finite, ids, isObj, jsonText, objs, pair, pct, say } from '../support/chart-read.js';

export function seedCharts({ metrics, lang }: ChartContext): Chart[] {
  const charts: Chart[] = [];
  const perRun = objs(metrics.perRun).filter((r) => finite(r.accuracy));
  const accuracy = isObj(metrics.accuracy) ? metrics.accuracy : null;
  const scoreWord = metrics.scoring === 'scores' ? say(lang, 'mean score', '平均得分') : say(lang, 'accuracy', '准确率');
  if (perRun.length >= 2 && accuracy && finite(accuracy.mean)) {
    const rows = perRun.map((r) => {
      const ci = pair(r.ci95);
      return { name: jsonText(r.run), value: r.accuracy as number, lo: ci ? ci[0] : null, hi: ci ? ci[1] : null, group: say(lang, 'run', '运行') };
    });
    const ensemble = isObj(metrics.ensemble) && finite(metrics.ensemble.accuracy) ? metrics.ensemble.accuracy : null;
    if (ensemble !== null) rows.push({ name: say(lang, 'ensemble', '集成'), value: ensemble, lo: null, hi: null, group: say(lang, 'ensemble', '集成') });
    const ci = pair(accuracy.ci95);
    charts.push(
      forest(
        {
          id: 'seed-instability-runs',
          title: say(
            lang,
            `${scoreWord[0].toUpperCase()}${scoreWord.slice(1)} per run with 95% bootstrap intervals`,
            `各次运行的${scoreWord}及 95% 自助法区间`,
          ),
          description: say(
            lang,
            `${perRun.length} runs from ${pct(accuracy.min as number)} to ${pct(accuracy.max as number)} (mean ${pct(accuracy.mean)}${ci ? `, 95% interval over examples and runs ${pct(ci[0])}–${pct(ci[1])}` : ''}); each run's line is a bootstrap over its examples; the dashed line is the mean${ensemble !== null ? `; the ensemble reaches ${pct(ensemble)}` : ''}.`,
            `${perRun.length} 次运行从 ${pct(accuracy.min as number)} 到 ${pct(accuracy.max as number)}（平均 ${pct(accuracy.mean)}${ci ? `，对样本和运行的 95% 区间 ${pct(ci[0])}–${pct(ci[1])}` : ''}）；每次运行的线段是对其样本的自助法区间；虚线为平均值${ensemble !== null ? `；集成达到 ${pct(ensemble)}` : ''}。`,
          ),
          explains: ids('seed-instability', 'accuracy-spread', 'ensemble-gain', 'failed-runs'),
        },
        rows,
        { x: scoreWord, y: say(lang, 'run', '运行'), reference: accuracy.mean, percent: true },
      ),
    );
  }
  const churn = isObj(metrics.churn) ? metrics.churn : null;
  const matrix = Array.isArray(churn?.matrix) ? (churn.matrix as unknown[][]) : [];
  const names = Array.isArray(metrics.runs) ? (metrics.runs as unknown[]).map(String) : [];
  if (matrix.length >= 2 && matrix.length === names.length && matrix.length <= 40) {
    const max = Math.max(1e-9, ...matrix.flat().filter(finite));
    const cells = names.flatMap((a, i) =>
      names.map((b, j) => ({
        y: a,
        x: b,
        value: finite(matrix[i][j]) ? matrix[i][j] : 0,
        label: pct(finite(matrix[i][j]) ? matrix[i][j] : 0),
      })),
    );
    const mean = finite(churn!.meanPairwise) ? churn!.meanPairwise : NaN;
    charts.push(
      heatmap(
        {
          id: 'seed-instability-churn',
          title: say(lang, 'Churn between each pair of runs', '每对运行之间的预测翻转率（churn）'),
          description: say(
            lang,
            `The share of examples on which two runs disagree, for every pair of ${names.length} runs: mean ${pct(mean)}, largest ${pct(max)}${Array.isArray(churn!.maxPair) ? ` (runs ${(churn!.maxPair as unknown[]).map((x) => `"${String(x)}"`).join(' and ')})` : ''}.`,
            `${names.length} 次运行两两之间预测不一致的样本比例：平均 ${pct(mean)}，最大 ${pct(max)}${Array.isArray(churn!.maxPair) ? `（运行 ${(churn!.maxPair as unknown[]).map((x) => `"${String(x)}"`).join(' 与 ')}）` : ''}。`,
          ),
          explains: ids('seed-instability', 'churn'),
        },
        cells,
        { x: say(lang, 'run', '运行'), y: say(lang, 'run', '运行'), color: 'churn', order: names, max },
      ),
    );
  }
  return charts;
}
