/** The label-noise check's chart: rows flagged as likely label errors per class (their share of the class in the text alternative). */
import type { Chart, ChartContext } from './types.js';
import { bars } from './support/charts.js';
import { finite, ids, isObj, pct, say } from './support/chart-read.js';

export function labelNoiseCharts({ metrics, lang }: ChartContext): Chart[] {
  if (!isObj(metrics.perClass)) return [];
  const rows = Object.entries(metrics.perClass as Record<string, unknown>).flatMap(([name, c]) =>
    isObj(c) && finite(c.flagged) ? [{ name, flagged: c.flagged, share: finite(c.share) ? c.share : 0 }] : [],
  );
  const flagged = rows.reduce((s, r) => s + r.flagged, 0);
  if (rows.length === 0 || flagged === 0) return [];
  const worst = rows.reduce((a, b) => (b.share > a.share ? b : a));
  return [
    bars(
      {
        id: 'label-noise-per-class',
        title: say(lang, 'Likely label errors per class', '各类别疑似标注错误'),
        description: say(
          lang,
          `${flagged} rows flagged over ${rows.length} classes; the most affected is "${worst.name}" with ${worst.flagged} (${pct(worst.share)} of its rows).`,
          `${rows.length} 个类别中共标记 ${flagged} 行；受影响最大的是 "${worst.name}"，${worst.flagged} 行（占该类 ${pct(worst.share)}）。`,
        ),
        explains: ids('label-noise', 'mislabelled-rows'),
      },
      rows.map((r) => ({ category: r.name, value: r.flagged })),
      { x: say(lang, 'rows flagged', '被标记的行数'), y: say(lang, 'class', '类别') },
    ),
  ];
}
