import { z } from 'zod';
import { defineCheck, type FindingDraft, type Severity } from './types.js';
import { classCounts, imbalanceRatio, normalizedEntropy } from '../math/distribution.js';
import { recordOf, setOwn } from '../own-keys.js';

const options = z
  .object({
    /** Largest/smallest class count at or above which imbalance is a finding. */
    maxImbalanceRatio: z.number().min(1).default(3),
    /** A class below this share of labelled rows is rare. */
    rareClassShare: z.number().min(0).max(1).default(0.01),
    /** A class with fewer rows than this is rare, whatever its share. */
    minClassCount: z.number().int().min(0).default(20),
  })
  .strict();

function imbalanceSeverity(ratio: number): Severity {
  if (ratio >= 20) return 'high';
  if (ratio >= 8) return 'medium';
  return 'low';
}

export const classBalance = defineCheck({
  id: 'class-balance',
  title: 'Class balance',
  description: 'Class counts, imbalance ratio (largest/smallest), normalised entropy and rare classes of the labels.',
  needs: ['labels'],
  options,
  run(context) {
    const labels = context.labels!;
    const { maxImbalanceRatio, rareClassShare, minClassCount } = context.options as z.output<typeof options>;
    const counts = classCounts(labels.codes, labels.classes.length);
    const labelled = counts.reduce((a, b) => a + b, 0);
    const ratio = imbalanceRatio(counts);
    const entropy = normalizedEntropy(counts);
    const classCountsByName = recordOf(labels.classes, counts);
    const rareClasses = labels.classes
      .map((name, index) => ({ class: name, count: counts[index], share: labelled === 0 ? 0 : counts[index] / labelled }))
      .filter((entry) => entry.count < minClassCount || entry.share < rareClassShare);

    // Per-split counts show whether the evaluation split mirrors training.
    const bySplit: Record<string, Record<string, number>> = {};
    const splitColumn = context.roles.split ? context.data.column(context.roles.split) : undefined;
    if (splitColumn?.levels && splitColumn.codes) {
      const table = splitColumn.levels.map(() => new Array<number>(labels.classes.length).fill(0));
      for (let row = 0; row < labels.codes.length; row++) {
        const split = splitColumn.codes[row];
        if (split >= 0 && labels.codes[row] >= 0) table[split][labels.codes[row]]++;
      }
      splitColumn.levels.forEach((level, s) => {
        setOwn(bySplit, level, recordOf(labels.classes, table[s]));
      });
    }

    const metrics = {
      classes: labels.classes,
      classCounts: classCountsByName,
      labelledRows: labelled,
      unlabelledRows: labels.codes.length - labelled,
      imbalanceRatio: Number.isFinite(ratio) ? ratio : null,
      normalizedEntropy: entropy,
      rareClasses,
      bySplit,
    };

    const findings: FindingDraft[] = [];
    const largest = counts.indexOf(Math.max(...counts));
    const smallest = counts.indexOf(Math.min(...counts));
    if (labels.classes.length >= 2 && ratio >= maxImbalanceRatio) {
      const ratioText = Number.isFinite(ratio) ? `${ratio.toFixed(1)}:1` : 'unbounded (a class has no rows)';
      findings.push({
        key: 'imbalance',
        severity: Number.isFinite(ratio) ? imbalanceSeverity(ratio) : 'high',
        title: 'Classes are imbalanced',
        summary: `The largest class "${labels.classes[largest]}" has ${counts[largest]} rows and the smallest "${labels.classes[smallest]}" has ${counts[smallest]}: an imbalance of ${ratioText} (normalised entropy ${entropy.toFixed(3)}). Accuracy can look good while the small classes are mostly wrong.`,
        metrics: { imbalanceRatio: metrics.imbalanceRatio, normalizedEntropy: entropy, largestClass: labels.classes[largest], smallestClass: labels.classes[smallest], largestCount: counts[largest], smallestCount: counts[smallest] },
        examples: [],
      });
    }
    if (rareClasses.length > 0 && labels.classes.length >= 2) {
      const examples = rareClasses.slice(0, 5).flatMap((entry) => {
        const code = labels.classes.indexOf(entry.class);
        const row = labels.codes.indexOf(code);
        return row >= 0 ? [context.example(row, { class: entry.class })] : [];
      });
      findings.push({
        key: 'rare-classes',
        severity: rareClasses.some((entry) => entry.count < 5) ? 'medium' : 'low',
        title: `${rareClasses.length} rare class${rareClasses.length === 1 ? '' : 'es'}`,
        summary: `${rareClasses.map((entry) => `"${entry.class}" (${entry.count} rows, ${(entry.share * 100).toFixed(2)}%)`).join(', ')} ${rareClasses.length === 1 ? 'has' : 'have'} fewer than ${minClassCount} rows or less than ${(rareClassShare * 100).toFixed(1)}% of the labels: too few to learn or to measure reliably.`,
        metrics: { rareClasses, minClassCount, rareClassShare },
        examples,
      });
    }
    return { metrics, findings };
  },
});
