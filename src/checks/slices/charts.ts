/** The slices check's charts: error rate per declared group and per discovered slice against the overall rate, and the disparity ratios against the 0.8-1.25 band. */
import { chartText } from './wording.js';
import type { Chart, ChartContext } from '../types.js';
import { forest } from '../support/charts.js';
import { ids, isObj, jsonText, pct } from '../support/chart-read.js';
import type { SlicesMetrics } from './metrics.js';

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

export function sliceCharts({ metrics, lang }: ChartContext<SlicesMetrics>): Chart[] {
  const charts: Chart[] = [];
  const overall = metrics.overallErrorRate;
  const groups = metrics.groups.slice(0, MAX_GROUPS);
  const groupRows = groups.flatMap((g) => {
    const name = `${jsonText(g.column)}=${jsonText(g.value)}`;
    const ci = g.meanScoreCi95;
    if (g.meanScore !== null) return [{ name, value: 1 - g.meanScore, lo: ci ? 1 - ci[1] : null, hi: ci ? 1 - ci[0] : null }];
    if (g.errorRate !== null) return [{ name, value: g.errorRate, lo: null, hi: null }];
    return [];
  });
  if (groupRows.length > 0) {
    const worst = groupRows.reduce((a, b) => (b.value > a.value ? b : a));
    charts.push(
      forest(
        {
          id: 'slices-groups',
          title: chartText.errorRatePerDeclared[lang](),
          description: chartText.groupsTheHighestError[lang](groupRows.length, worst.name, pct(worst.value), overall !== null ? pct(overall) : null),
          explains: ids('slices', 'disparity', 'label-skew'),
        },
        groupRows,
        { x: chartText.errorRate[lang](), y: chartText.group[lang](), reference: overall ?? undefined, percent: true },
      ),
    );
  }
  const discovered = (metrics.discovered ?? []).flatMap((s) => (s.errorRate !== null ? [{ ...s, errorRate: s.errorRate }] : [])).slice(0, MAX_DISCOVERED);
  if (discovered.length > 0) {
    const rows = discovered.map((s) => {
      const ci = s.errorRateCi95;
      return { name: `${predicateText(s.predicates)} (${jsonText(s.size)})`, value: s.errorRate, lo: ci ? ci[0] : null, hi: ci ? ci[1] : null };
    });
    const top = discovered[0];
    charts.push(
      forest(
        {
          id: 'slices-discovered',
          title: chartText.discoveredSlicesWithMore[lang](),
          description: chartText.slicesSignificantAfterFalse[lang](
            discovered.length,
            predicateText(top.predicates),
            jsonText(top.size),
            pct(top.errorRate),
            overall !== null ? pct(overall) : null,
          ),
          explains: ids('slices', 'weak-slices'),
        },
        rows,
        { x: chartText.errorRate[lang](), y: chartText.sliceRows[lang](), reference: overall ?? undefined, percent: true },
      ),
    );
  }
  const ratios = groups.flatMap((g) =>
    Object.entries(g.disparity ?? {}).flatMap(([metric, ratio]) =>
      ratio !== null ? [{ name: `${jsonText(g.column)}=${jsonText(g.value)}`, value: ratio, lo: null, hi: null, group: metric }] : [],
    ),
  );
  if (ratios.length > 0) {
    const outside = ratios.filter((r) => r.value < 0.8 || r.value > 1.25);
    charts.push(
      forest(
        {
          id: 'slices-disparity',
          title: chartText.disparityRatiosAgainstThe[lang](),
          description: chartText.ratiosOfAGroup[lang](ratios.length, outside.length),
          explains: ids('slices', 'disparity'),
        },
        ratios,
        { x: chartText.ratioToTheReference[lang](), y: chartText.group[lang](), reference: 1, band: [0.8, 1.25] },
      ),
    );
  }
  return charts;
}
