/** The slices check's charts: error rate per declared group and per discovered slice against the overall rate, and the disparity ratios against the 0.8-1.25 band. */
import type { Chart, ChartContext } from '../types.js';
import { forest } from '../support/charts.js';
import { finite, ids, isObj, jsonText, objs, pair, pct, say } from '../support/chart-read.js';

/** Discovered slices drawn: the strongest few, as the text report lists them. */
const MAX_DISCOVERED = 10;
/** Declared groups drawn (the report lists at most this many per column anyway). */
const MAX_GROUPS = 60;

const predicateText = (predicates: unknown) =>
  isObj(predicates)
    ? Object.entries(predicates)
        .map(([k, v]) => `${k}=${v === null ? '∅' : jsonText(v)}`)
        .join(' & ')
    : '?';

export function sliceCharts({ metrics, lang }: ChartContext): Chart[] {
  const charts: Chart[] = [];
  const overall = finite(metrics.overallErrorRate) ? metrics.overallErrorRate : null;
  const groups = objs(metrics.groups).slice(0, MAX_GROUPS);
  const groupRows = groups.flatMap((g) => {
    const name = `${jsonText(g.column)}=${jsonText(g.value)}`;
    const ci = pair(g.meanScoreCi95);
    if (finite(g.meanScore)) return [{ name, value: 1 - g.meanScore, lo: ci ? 1 - ci[1] : null, hi: ci ? 1 - ci[0] : null }];
    if (finite(g.errorRate)) return [{ name, value: g.errorRate, lo: null, hi: null }];
    return [];
  });
  if (groupRows.length > 0) {
    const worst = groupRows.reduce((a, b) => (b.value > a.value ? b : a));
    charts.push(
      forest(
        {
          id: 'slices-groups',
          title: say(lang, 'Error rate per declared group (95% intervals)', '各声明分组的错误率（95% 区间）'),
          description: say(
            lang,
            `${groupRows.length} groups; the highest error rate is ${worst.name} at ${pct(worst.value)}${overall !== null ? ` against ${pct(overall)} overall (dashed line)` : ''}. Error rate is one minus the rows' mean score over the runs, with its 95% normal-approximation interval over rows.`,
            `${groupRows.length} 个分组；错误率最高的是 ${worst.name}，为 ${pct(worst.value)}${overall !== null ? `，总体为 ${pct(overall)}（虚线）` : ''}。错误率为 1 减去各行在各次运行上的平均得分，附按行计算的 95% 正态近似区间。`,
          ),
          explains: ids('slices', 'disparity', 'label-skew'),
        },
        groupRows,
        { x: say(lang, 'error rate', '错误率'), y: say(lang, 'group', '分组'), reference: overall ?? undefined, percent: true },
      ),
    );
  }
  const discovered = objs(metrics.discovered)
    .filter((s) => finite(s.errorRate))
    .slice(0, MAX_DISCOVERED);
  if (discovered.length > 0) {
    const rows = discovered.map((s) => {
      const ci = pair(s.errorRateCi95);
      return { name: `${predicateText(s.predicates)} (${jsonText(s.size)})`, value: s.errorRate as number, lo: ci ? ci[0] : null, hi: ci ? ci[1] : null };
    });
    const top = discovered[0];
    charts.push(
      forest(
        {
          id: 'slices-discovered',
          title: say(lang, 'Discovered slices with more errors (95% Wilson intervals)', '搜索发现的高错误率切片（95% Wilson 区间）'),
          description: say(
            lang,
            `${discovered.length} slices significant after false-discovery control and beyond their class mix, as the report ranks them; the first, ${predicateText(top.predicates)} (${jsonText(top.size)} rows), errs at ${pct(top.errorRate as number)}${overall !== null ? ` against ${pct(overall)} overall (dashed line)` : ''}.`,
            `经错误发现率控制后显著、且错误超出类别构成预期的 ${discovered.length} 个切片（按报告中的排序）；第一个 ${predicateText(top.predicates)}（${jsonText(top.size)} 行）错误率 ${pct(top.errorRate as number)}${overall !== null ? `，总体为 ${pct(overall)}（虚线）` : ''}。`,
          ),
          explains: ids('slices', 'weak-slices'),
        },
        rows,
        { x: say(lang, 'error rate', '错误率'), y: say(lang, 'slice (rows)', '切片（行数）'), reference: overall ?? undefined, percent: true },
      ),
    );
  }
  const ratios = groups.flatMap((g) =>
    isObj(g.disparity)
      ? Object.entries(g.disparity).flatMap(([metric, ratio]) =>
          finite(ratio) ? [{ name: `${jsonText(g.column)}=${jsonText(g.value)}`, value: ratio, lo: null, hi: null, group: metric }] : [],
        )
      : [],
  );
  if (ratios.length > 0) {
    const outside = ratios.filter((r) => r.value < 0.8 || r.value > 1.25);
    charts.push(
      forest(
        {
          id: 'slices-disparity',
          title: say(lang, 'Disparity ratios against the reference (band 0.8–1.25)', '相对参照的差异比（0.8–1.25 区间）'),
          description: say(
            lang,
            `${ratios.length} ratios of a group's metric to the same metric on its reference (the other rows, or the declared reference group); ${outside.length} fall outside the shaded 0.8–1.25 band (the four-fifths rule and its inverse).`,
            `${ratios.length} 个比值：分组指标与其参照（其余样本或声明的参照组）同一指标之比；其中 ${outside.length} 个落在阴影区间 0.8–1.25 之外（五分之四规则及其倒数）。`,
          ),
          explains: ids('slices', 'disparity'),
        },
        ratios,
        { x: say(lang, 'ratio to the reference', '与参照之比'), y: say(lang, 'group', '分组'), reference: 1, band: [0.8, 1.25] },
      ),
    );
  }
  return charts;
}
