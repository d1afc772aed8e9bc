/** The remedy for evaluation items found in the fine-tuning data (the contamination check). */
import type { CatalogueEntry } from './types.js';
import { LEE_2022 } from './references.js';

export const DECONTAMINATION_REMEDIES: CatalogueEntry[] = [
  {
    id: 'decontaminate',
    category: 'data',
    outcome: 'honesty',
    title: { en: 'Decontaminate the fine-tuning data', zh: '对微调数据去污染' },
    summary: {
      en: 'Evaluation items inside the fine-tuning data (in a prompt template or not) are answered from memory: drop the training rows that hold them and fine-tune again, or report the evaluation on the clean items beside the full figure.',
      zh: '出现在微调数据中的评估条目（无论是否套了提示模板）是凭记忆作答的：删除包含它们的训练行后重新微调，或在完整结果旁报告干净条目上的评估结果。',
    },
    when: { en: 'Evaluation items share most of their 13-grams with the fine-tuning corpus.', zh: '评估条目的大部分 13-gram 出现在微调语料中。' },
    appliesTo: ['contamination/items-in-training'],
    measuredBy: ['contaminationOverstatement'],
    cost: 'low',
    seedTerms: ['数据清洗', '持续评估'],
    variants: {
      nlp: {
        en: 'Remove the training texts that hold a test sentence (13-gram overlap after normalisation) before fine-tuning.',
        zh: '微调前删除包含测试句子的训练文本（归一化后的 13-gram 重叠）。',
      },
      vision: {
        en: 'For image-text data, drop training captions or questions that hold an evaluation question; de-duplicate the images by perceptual hash as well.',
        zh: '对图文数据，删除包含评估问题的训练描述或问题；同时按感知哈希对图像去重。',
      },
      tabular: {
        en: 'Drop training records whose text fields hold an evaluation record; split by entity so that copies cannot cross.',
        zh: '删除文本字段中包含评估记录的训练记录；按实体划分，使副本无法跨越划分。',
      },
      llm: {
        en: 'Filter the instruction data against every benchmark you report (13-gram overlap, characters for Chinese), and publish accuracy on the clean and the contaminated items separately.',
        zh: '用你报告的每个基准过滤指令数据（13-gram 重叠，中文按字），并分别公布干净条目和受污染条目上的准确率。',
      },
    },
    steps: {
      en: [
        'List the training rows that hold an evaluation item (the report gives the first ones with their file and line).',
        'Drop them (or the whole source they came from) and fine-tune again with the same seeds.',
        'Until then, report accuracy on the clean items beside the full figure.',
      ],
      zh: [
        '列出包含评估条目的训练行（报告给出了前几行及其文件和行号）。',
        '删除它们（或它们所来自的整个数据源），并用相同的种子重新微调。',
        '在此之前，在完整结果旁报告干净条目上的准确率。',
      ],
    },
    references: [
      { authors: 'Brown, T. B., Mann, B., Ryder, N., et al.', year: 2020, title: 'Language Models are Few-Shot Learners', venue: 'NeurIPS 2020' },
      {
        authors: 'Touvron, H., Martin, L., Stone, K., et al.',
        year: 2023,
        title: 'Llama 2: Open Foundation and Fine-Tuned Chat Models',
        venue: 'arXiv:2307.09288',
      },
      LEE_2022,
    ],
  },
];
