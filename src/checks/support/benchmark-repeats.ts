/**
 * Repeats among the items of a benchmark (rows logged by an evaluation harness, `roles.benchmark`):
 * no row is training data, so a repeated item does not over-weight anything in training; it counts
 * more than once in an accuracy. A repeat in another task (GPQA's diamond set inside its main and
 * extended sets) counts once per task in an accuracy pooled over the tasks; a repeat within a task
 * counts twice in that task's own accuracy.
 */
import { z } from 'zod';
import type { CheckContext } from '../types.js';

export interface BenchmarkRepeats {
  harness: string;
  taskColumn: string | null;
  /** Repeated rows whose item was already seen in another task (and not yet in their own). */
  crossTaskRows: number;
  /** Repeated rows whose item was already seen in their own task. */
  withinTaskRows: number;
  /** The tasks that share an item with another task, sorted. */
  sharedTasks: string[];
  /** Near copies whose gold answer differs from their cluster's first row: contrast items by design (Winogrande's twin sentences), not repeats. */
  contrastRows: number;
  /** Distinct items: rows compared minus repeated rows. */
  distinctItems: number;
}

/** BenchmarkRepeats as the report holds it (in the duplicate checks' metrics: `m.object(benchmarkRepeatsSchema.shape)`). */
export const benchmarkRepeatsSchema = z.object({
  harness: z.string(),
  taskColumn: z.string().nullable(),
  crossTaskRows: z.number(),
  withinTaskRows: z.number(),
  sharedTasks: z.array(z.string()),
  contrastRows: z.number(),
  distinctItems: z.number(),
});

const CHOICE_LETTER = /^\(?[A-Z]\)?\.?$/;

/** The repeats of the groups (each group's rows in row order) by task; null when the rows are not benchmark items. */
export function benchmarkRepeats(
  context: Pick<CheckContext, 'roles' | 'data' | 'labels'>,
  groups: readonly ArrayLike<number>[],
  rowsCompared: number,
  near = false,
): BenchmarkRepeats | null {
  const benchmark = context.roles.benchmark;
  if (!benchmark) return null;
  const column = benchmark.taskColumn === null ? null : (context.data.column(benchmark.taskColumn) ?? null);
  const taskOf = (row: number) => (column && !column.isMissing(row) ? String(column.get(row)) : '');
  let crossTaskRows = 0;
  let withinTaskRows = 0;
  let repeated = 0;
  let contrastRows = 0;
  const codes = near ? (context.labels?.codes ?? null) : null;
  // Generation tasks have no classes: their reference answers tell a variant item (one template, other numbers) from a repeat.
  const answers = near && !codes && benchmark.answerColumn ? (context.data.column(benchmark.answerColumn) ?? null) : null;
  // A reference that is a choice letter ("(A)") names a position, and copies of one item may order their choices differently.
  const answerOf = (row: number) => (answers && !answers.isMissing(row) && !CHOICE_LETTER.test(answers.get(row).trim()) ? answers.get(row) : null);
  const shared = new Set<string>();
  for (const group of groups) {
    const seen = new Set<string>();
    for (let i = 0; i < group.length; i++) {
      const task = taskOf(group[i]);
      // A near copy with another gold answer is a different item (a minimal pair), not a repeat.
      const otherGold = codes
        ? codes[group[0]] >= 0 && codes[group[i]] >= 0 && codes[group[i]] !== codes[group[0]]
        : answerOf(group[0]) !== null && answerOf(group[i]) !== null && answerOf(group[i]) !== answerOf(group[0]);
      if (i > 0 && otherGold) {
        contrastRows++;
        continue;
      }
      if (i > 0) {
        repeated++;
        if (seen.has(task)) withinTaskRows++;
        else crossTaskRows++;
      }
      seen.add(task);
    }
    if (seen.size > 1) for (const task of seen) shared.add(task);
  }
  return {
    harness: benchmark.harness,
    taskColumn: benchmark.taskColumn,
    crossTaskRows,
    withinTaskRows,
    contrastRows,
    sharedTasks: [...shared].sort(),
    distinctItems: rowsCompared - repeated,
  };
}

/** A list of names, at most `max` shown. */
function names(list: readonly string[], max = 4): string {
  const shown = list.slice(0, max).map((name) => `"${name}"`);
  return list.length > max ? `${shown.join(', ')} and ${list.length - max} more` : shown.join(', ');
}

function namesZh(list: readonly string[], max = 4): string {
  const shown = list.slice(0, max).map((name) => `"${name}"`);
  return list.length > max ? `${shown.join('、')} 等 ${list.length} 个` : shown.join('、');
}

/** What repeats mean for benchmark items, and what to do, in English (`unit`: "group" or "cluster"). */
export function benchmarkRepeatsEn(b: BenchmarkRepeats, unit: 'group' | 'cluster'): string {
  const parts: string[] = [
    ` These rows are benchmark items logged by ${b.harness}, not training data: nothing is trained on them${b.crossTaskRows + b.withinTaskRows > 0 ? ', but a repeated item counts more than once in an accuracy' : ''}.`,
  ];
  if (b.contrastRows > 0)
    parts.push(
      ` ${b.contrastRows} near cop${b.contrastRows === 1 ? 'y has' : 'ies have'} another gold answer than ${b.contrastRows === 1 ? 'its' : 'their'} cluster's first row: a different item worded alike (a contrast item such as Winogrande's twin sentences, or one template with other numbers), not a repeat.`,
    );
  if (b.crossTaskRows > 0)
    parts.push(
      ` ${b.crossTaskRows} repeat${b.crossTaskRows === 1 ? ' is an item' : 's are items'} already in another task (${names(b.sharedTasks)}): an accuracy pooled over those tasks counts each such item once per task it is in.`,
    );
  if (b.withinTaskRows > 0)
    parts.push(
      ` ${b.withinTaskRows} repeat${b.withinTaskRows === 1 ? ' is' : 's are'} within ${b.withinTaskRows === 1 ? 'its' : 'their'} own task and count${b.withinTaskRows === 1 ? 's' : ''} twice in that task's accuracy.`,
    );
  if (b.crossTaskRows + b.withinTaskRows === 0) return parts.join('');
  parts.push(` Report each task on its own, or count each item once (one row per ${unit}: ${b.distinctItems} distinct items) when pooling the tasks.`);
  return parts.join('');
}

export function benchmarkRepeatsZh(b: BenchmarkRepeats, unit: 'group' | 'cluster'): string {
  const parts: string[] = [
    `这些行是 ${b.harness} 记录的基准题目，不是训练数据：不会在训练中放大任何内容${b.crossTaskRows + b.withinTaskRows > 0 ? '，但重复的题目会在准确率中被多次计数' : ''}。`,
  ];
  if (b.contrastRows > 0)
    parts.push(
      `其中 ${b.contrastRows} 行近似副本的标准答案与所在簇的第一行不同：这是措辞相近的另一道题（如 Winogrande 的孪生句这类对照题，或同一模板换了数字），不是重复。`,
    );
  if (b.crossTaskRows > 0)
    parts.push(
      `其中 ${b.crossTaskRows} 行是已出现在另一个任务中的题目（${namesZh(b.sharedTasks)}）：把这些任务合并计算的准确率会让每道这样的题按它所在的任务数重复计数。`,
    );
  if (b.withinTaskRows > 0) parts.push(`${b.withinTaskRows} 行在同一任务内重复，在该任务的准确率中被计了两次。`);
  if (b.crossTaskRows + b.withinTaskRows === 0) return parts.join('');
  parts.push(`请按任务分别报告，或在合并各任务时每道题只计一次（每${unit === 'group' ? '组' : '簇'}保留一行：共 ${b.distinctItems} 道不同的题）。`);
  return parts.join('');
}
