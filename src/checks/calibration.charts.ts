/** The calibration check's charts: the reliability diagram of every run and of the ensemble, and the ensemble's bin counts. */
import type { Chart, ChartContext } from './types.js';
import { bars, reliability } from './support/charts.js';
import { finite, ids, isObj, jsonText, objs, pct, say } from './support/chart-read.js';

export function calibrationCharts({ metrics, lang }: ChartContext): Chart[] {
  const charts: Chart[] = [];
  const explains = ids('calibration', 'overconfident', 'underconfident');
  const series: { series: string; bins: Record<string, unknown>[] }[] = [];
  const ensembleBins = objs(metrics.bins);
  if (isObj(metrics.ensemble) && metrics.binsOf === 'ensemble') series.push({ series: say(lang, 'ensemble', '集成'), bins: ensembleBins });
  for (const run of objs(metrics.perRun)) series.push({ series: jsonText(run.run), bins: objs(run.bins) });
  const points = series.flatMap(({ series: name, bins }) =>
    bins
      .filter((b) => finite(b.count) && b.count > 0 && finite(b.meanConfidence) && finite(b.accuracy))
      .map((b) => ({ series: name, confidence: b.meanConfidence as number, accuracy: b.accuracy as number, count: b.count as number })),
  );
  if (points.length > 0) {
    const ece = finite(metrics.meanEce) ? metrics.meanEce.toFixed(3) : '?';
    charts.push(
      reliability(
        {
          id: 'calibration-reliability',
          title: say(lang, 'Reliability diagram: accuracy against confidence per bin', '可靠性图：各分箱的准确率与置信度'),
          description: say(
            lang,
            `Each point is a confidence bin with at least one example (${points.length} in all, over ${series.length} series), at its mean confidence and its accuracy, sized by its count; the dashed diagonal is perfect calibration. Mean expected calibration error over the runs: ${ece}.`,
            `每个点是一个至少含一个样本的置信度分箱（共 ${points.length} 个，${series.length} 组），位于其平均置信度和准确率处，大小表示样本数；虚线对角线为完美校准。各次运行的平均期望校准误差：${ece}。`,
          ),
          explains,
        },
        points,
        {
          x: say(lang, 'mean confidence', '平均置信度'),
          y: say(lang, 'accuracy', '准确率'),
          series: say(lang, 'run', '运行'),
          count: say(lang, 'examples', '样本数'),
        },
      ),
    );
  }
  const counted = ensembleBins.filter((b) => finite(b.lower) && finite(b.upper) && finite(b.count));
  if (counted.length > 0) {
    const total = counted.reduce((s, b) => s + (b.count as number), 0);
    const fullest = counted.reduce((a, b) => ((b.count as number) > (a.count as number) ? b : a));
    const range = (b: Record<string, unknown>) =>
      (b.lower as number) === (b.upper as number) ? (b.lower as number).toFixed(2) : `${(b.lower as number).toFixed(2)}–${(b.upper as number).toFixed(2)}`;
    const of = metrics.binsOf === 'ensemble' ? say(lang, 'the ensemble', '集成') : `"${String(metrics.binsOf)}"`;
    charts.push(
      bars(
        {
          id: 'calibration-bin-counts',
          title: say(lang, `Examples per confidence bin (${of})`, `各置信度分箱的样本数（${of}）`),
          description: say(
            lang,
            `${counted.length} bins of confidence holding ${total} examples; the fullest, ${range(fullest)}, holds ${fullest.count as number} (${pct((fullest.count as number) / Math.max(1, total))}). Bins with few examples make their accuracy uncertain.`,
            `${counted.length} 个置信度分箱，共 ${total} 个样本；最多的分箱 ${range(fullest)} 含 ${fullest.count as number} 个（${pct((fullest.count as number) / Math.max(1, total))}）。样本少的分箱准确率不确定。`,
          ),
          explains,
        },
        counted.map((b) => ({ category: range(b), value: b.count as number })),
        { x: say(lang, 'examples', '样本数'), y: say(lang, 'confidence bin', '置信度分箱') },
      ),
    );
  }
  return charts;
}
