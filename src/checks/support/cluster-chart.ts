/** A chart of how many duplicate groups (or near-duplicate clusters) have each size: shared by the two duplicate checks. */
import { chartText } from './wording.js';
import type { Chart } from '../types.js';
import type { Lang } from '../../core/vocabulary.js';
import { bars } from './charts.js';

export function clusterSizeChart(
  id: string,
  explains: string[],
  groups: readonly (readonly number[])[],
  lang: Lang,
  what: { en: string; zh: string },
): Chart[] {
  if (groups.length === 0) return [];
  const bySize = new Map<number, number>();
  for (const group of groups) bySize.set(group.length, (bySize.get(group.length) ?? 0) + 1);
  const sizes = [...bySize].sort((a, b) => a[0] - b[0]);
  const rows = sizes.reduce((s, [size, count]) => s + size * count, 0);
  const largest = sizes[sizes.length - 1][0];
  return [
    bars(
      {
        id,
        title: chartText.bySize[lang](what),
        description: chartText.listedInTheReport[lang](groups.length, what, rows, rows - groups.length, largest),
        explains,
      },
      sizes.map(([size, count]) => ({ category: chartText.rows[lang](size), value: count })),
      { x: what[lang], y: chartText.size[lang]() },
    ),
  ];
}
