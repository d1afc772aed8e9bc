/** The performance check's charts: the row-normalised confusion matrix and per-class precision, recall and F1. */
import type { Chart, ChartContext } from '../types.js';
import { heatmap } from '../support/charts.js';
import { finite, ids, isObj, jsonText, objs, pct, say } from '../support/chart-read.js';

/** Beyond this many classes a K x K grid stops being readable: the best-supported ones are drawn. */
const MAX_CLASSES = 40;

export function performanceCharts({ metrics, lang }: ChartContext): Chart[] {
  const charts: Chart[] = [];
  const ensemble = isObj(metrics.ensemble) ? metrics.ensemble : null;
  if (!ensemble) return charts;
  const runs = objs(metrics.perRun).length;
  const method = jsonText(ensemble.method ?? '');
  const methodZh = method === 'mean of probabilities' ? '概率平均' : method === 'majority vote' ? '多数投票' : method;
  const of = runs > 1 ? say(lang, `ensemble of ${runs} runs, ${method}`, `${runs} 次运行的集成，${methodZh}`) : say(lang, 'the run', '该次运行');
  const confusion = isObj(ensemble.confusion) ? ensemble.confusion : null;
  const classes = Array.isArray(confusion?.classes) ? (confusion.classes as unknown[]).map(String) : [];
  const counts = Array.isArray(confusion?.counts) ? (confusion.counts as unknown[][]) : [];
  const normalised = Array.isArray(confusion?.normalised) ? (confusion.normalised as unknown[][]) : [];
  if (classes.length > 0 && counts.length === classes.length) {
    const support = counts.map((row) => row.reduce<number>((s, x) => s + (finite(x) ? x : 0), 0));
    const shown = classes
      .map((_, i) => i)
      .sort((a, b) => support[b] - support[a] || a - b)
      .slice(0, MAX_CLASSES)
      .sort((a, b) => a - b);
    const cells = shown.flatMap((i) =>
      shown.map((j) => ({
        y: classes[i],
        x: classes[j],
        value: finite(normalised[i]?.[j]) ? normalised[i][j] : 0,
        label: `${pct(finite(normalised[i]?.[j]) ? normalised[i][j] : 0, 0)}`,
        count: finite(counts[i]?.[j]) ? counts[i][j] : 0,
      })),
    );
    const diagonal = shown.reduce((s, i) => s + (finite(counts[i][i]) ? counts[i][i] : 0), 0);
    const total = shown.reduce((s, i) => s + support[i], 0);
    const worst = shown.reduce(
      (a, i) => ((finite(normalised[i]?.[i]) ? normalised[i][i] : 1) < (finite(normalised[a]?.[a]) ? normalised[a][a] : 1) ? i : a),
      shown[0],
    );
    charts.push(
      heatmap(
        {
          id: 'performance-confusion',
          title: say(lang, `Confusion matrix, row-normalised (${of})`, `混淆矩阵，按行归一化（${of}）`),
          description: say(
            lang,
            `Rows are the true class, columns the predicted one; each cell is the share of the row's examples (counts in its tooltip). ${diagonal} of ${total} examples lie on the diagonal; the class recalled least is "${classes[worst]}" (${pct(finite(normalised[worst]?.[worst]) ? normalised[worst][worst] : 0)}).${shown.length < classes.length ? ` The ${shown.length} best-supported of ${classes.length} classes are shown.` : ''}`,
            `行是真实类别，列是预测类别；每格是该行样本所占比例（计数见提示）。${total} 个样本中 ${diagonal} 个在对角线上；召回最低的类别是 "${classes[worst]}"（${pct(finite(normalised[worst]?.[worst]) ? normalised[worst][worst] : 0)}）。${shown.length < classes.length ? `显示 ${classes.length} 个类别中样本最多的 ${shown.length} 个。` : ''}`,
          ),
          explains: ids('performance', 'confused-pair', 'class-never-right'),
        },
        cells,
        {
          x: say(lang, 'predicted class', '预测类别'),
          y: say(lang, 'true class', '真实类别'),
          color: say(lang, 'share of the row', '占该行比例'),
          order: shown.map((i) => classes[i]),
        },
      ),
    );
  }
  const perClass = objs(ensemble.perClass).slice(0, MAX_CLASSES);
  if (perClass.length > 0) {
    const names = { precision: say(lang, 'precision', '精确率'), recall: say(lang, 'recall', '召回率'), f1: 'F1' } as const;
    const cells = perClass.flatMap((c) =>
      (['precision', 'recall', 'f1'] as const).map((m) => ({
        y: jsonText(c.class),
        x: names[m],
        value: finite(c[m]) ? c[m] : 0,
        label: finite(c[m]) ? c[m].toFixed(2) : '–',
        count: finite(c.support) ? c.support : 0,
      })),
    );
    const lowest = perClass.reduce((a, c) => ((finite(c.f1) ? c.f1 : 1) < (finite(a.f1) ? a.f1 : 1) ? c : a));
    charts.push(
      heatmap(
        {
          id: 'performance-per-class',
          title: say(lang, `Precision, recall and F1 per class (${of})`, `各类别的精确率、召回率与 F1（${of}）`),
          description: say(
            lang,
            `${perClass.length} classes; the lowest F1 is "${jsonText(lowest.class)}" at ${finite(lowest.f1) ? lowest.f1.toFixed(3) : '?'} (support ${jsonText(lowest.support)}).`,
            `${perClass.length} 个类别；F1 最低的是 "${jsonText(lowest.class)}"，为 ${finite(lowest.f1) ? lowest.f1.toFixed(3) : '?'}（样本数 ${jsonText(lowest.support)}）。`,
          ),
          explains: ids('performance', 'class-never-right', 'confused-pair'),
        },
        cells,
        { x: say(lang, 'metric', '指标'), y: say(lang, 'class', '类别'), color: say(lang, 'value', '数值'), order: undefined },
      ),
    );
  }
  return charts;
}
