/** Remedies that act on how a benchmark's score is computed (rows that are benchmark items, not training data). */
import type { CatalogueEntry } from './types.js';

export const EVALUATION_REMEDIES: CatalogueEntry[] = [
  {
    id: 'dedupe-benchmark',
    category: 'data',
    outcome: 'honesty',
    title: { en: 'Count each benchmark item once', zh: '每道基准题只计一次' },
    summary: {
      en: 'The same item appears in several tasks (or twice in one): an accuracy pooled over them counts it once per copy. Nothing is trained on these rows, so removing them changes no model; it changes what the pooled score measures.',
      zh: '同一道题出现在多个任务中(或在一个任务中出现两次):合并计算的准确率会按副本数重复计数。这些行不是训练数据,删除它们不会改变任何模型,改变的是合并分数所衡量的内容。',
    },
    when: {
      en: 'Exact or near-duplicate rows among benchmark items logged by an evaluation harness.',
      zh: '评测框架记录的基准题目中存在完全重复或近似重复的行。',
    },
    appliesTo: ['duplicates/exact-duplicates', 'near-duplicates/near-duplicates'],
    measuredBy: [],
    cost: 'low',
    seedTerms: ['去重', '持续评估'],
    variants: {
      nlp: {
        en: 'Key items on the question text (normalised), not on the task name: nested subsets share questions.',
        zh: '以(归一化后的)题目文本而不是任务名判断同一道题:嵌套的子集共享题目。',
      },
      vision: { en: 'Key items on the image hash and the question, not on the task name.', zh: '以图片哈希和问题而不是任务名判断同一道题。' },
      tabular: { en: 'Key items on their content columns, not on the task name.', zh: '以内容列而不是任务名判断同一道题。' },
      llm: {
        en: 'Nested subsets (GPQA diamond inside main inside extended) share questions: report each subset on its own, or pool over distinct items.',
        zh: '嵌套子集(GPQA 的 diamond 包含于 main,main 包含于 extended)共享题目:按子集分别报告,或按不同的题目合并。',
      },
    },
    steps: {
      en: [
        'Export the flagged rows (--export DIR) and check that each group is the same item (same question and answer), not two items that share a passage.',
        'Report each task (subtask) on its own; when a single figure is needed, pool over distinct items, each counted once.',
        'If the tasks are nested subsets by design (a hard subset inside the full set), report the subset and the full set, never their sum.',
      ],
      zh: [
        '导出被标记的行(--export DIR),确认每组确实是同一道题(题目与答案都相同),而不是共享同一段材料的两道题。',
        '按任务(子任务)分别报告;需要单一数字时,按不同的题目合并,每道题只计一次。',
        '如果这些任务按设计就是嵌套子集(完整集合中的困难子集),分别报告子集和完整集合,不要把它们相加。',
      ],
    },
    references: [
      {
        authors: 'Rein, D., Hou, B. L., Stickland, A. C., Petty, J., Pang, R. Y., Dirani, J., Michael, J., Bowman, S. R.',
        year: 2023,
        title: 'GPQA: A Graduate-Level Google-Proof Q&A Benchmark',
        venue: 'arXiv:2311.12022',
      },
    ],
  },
];
