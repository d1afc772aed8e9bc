/** A chart of how many duplicate groups (or near-duplicate clusters) have each size: shared by the two duplicate checks. */
import type { Chart } from '../types.js';
import type { Lang } from '../../core/vocabulary.js';
import { bars } from './charts.js';
import { say } from './chart-read.js';

export function clusterSizeChart(id: string, explains: string[], groups: unknown, lang: Lang, what: { en: string; zh: string }): Chart[] {
  if (!Array.isArray(groups) || groups.length === 0) return [];
  const bySize = new Map<number, number>();
  for (const group of groups) if (Array.isArray(group)) bySize.set(group.length, (bySize.get(group.length) ?? 0) + 1);
  if (bySize.size === 0) return [];
  const sizes = [...bySize].sort((a, b) => a[0] - b[0]);
  const rows = sizes.reduce((s, [size, count]) => s + size * count, 0);
  const largest = sizes[sizes.length - 1][0];
  return [
    bars(
      {
        id,
        title: say(lang, `${what.en[0].toUpperCase()}${what.en.slice(1)} by size`, `${what.zh}的大小分布`),
        description: say(
          lang,
          `${groups.length} ${what.en} listed in the report, holding ${rows} rows (${rows - groups.length} beyond the first of each); the largest has ${largest} rows.`,
          `报告列出 ${groups.length} 个${what.zh}，共 ${rows} 行（除每组第一行外 ${rows - groups.length} 行）；最大的含 ${largest} 行。`,
        ),
        explains,
      },
      sizes.map(([size, count]) => ({ category: say(lang, `${size} rows`, `${size} 行`), value: count })),
      { x: say(lang, what.en, what.zh), y: say(lang, 'size', '大小') },
    ),
  ];
}
